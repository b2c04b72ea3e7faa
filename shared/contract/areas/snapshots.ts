import { z } from 'zod';

import { InstancePhaseSchema } from '../../provision/instance';
import { diffSections } from '../../snapshots/compare';
import {
  SnapshotIdSchema,
  SnapshotMetaSchema,
  SnapshotOriginSchema,
  SnapshotSchema,
  SnapshotSectionsSchema,
  importLimits,
  snapshotLimits,
} from '../../snapshots/schema';
import type { EventSpecs, RequestSpecs } from './spec';

const InstanceKey = z.string().min(3).max(8192);

/** Why a context's cluster actions are disabled: the user chose offline mode, or the cluster could not be reached. */
export const OfflineReasonSchema = z.enum(['forced', 'unreachable']);
export type OfflineReason = z.infer<typeof OfflineReasonSchema>;

export const OfflineContextSchema = z.object({
  contextId: z.string(),
  reason: z.literal('unreachable'),
  /** When the cluster was last found unreachable. */
  since: z.iso.datetime(),
  /** The error the last attempt gave, in English, for the tooltip. */
  detail: z.string().nullable(),
});
export type OfflineContext = z.infer<typeof OfflineContextSchema>;

export const OfflineStateSchema = z.object({
  /** True when the user turned offline mode on: every context is offline. */
  forced: z.boolean(),
  forcedAt: z.iso.datetime().nullable(),
  /** Contexts whose cluster could not be reached, by the last connection check or read. */
  unreachable: z.array(OfflineContextSchema),
});
export type OfflineState = z.infer<typeof OfflineStateSchema>;

/** An instance the Snapshots screen can choose. */
export const SnapshotInstanceEntrySchema = z.object({
  origin: SnapshotOriginSchema,
  phase: InstancePhaseSchema.nullable(),
  snapshotCount: z.number().int().min(0),
  /** When the app last read the instance from its cluster, or null when it never did. */
  lastKnownAt: z.iso.datetime().nullable(),
});
export type SnapshotInstanceEntry = z.infer<typeof SnapshotInstanceEntrySchema>;

export const SnapshotListSchema = z.object({
  snapshots: z.array(SnapshotMetaSchema),
  /** Instances with saved data or snapshots, sorted by context, namespace and name. */
  instances: z.array(SnapshotInstanceEntrySchema),
  retention: z.number().int().min(1),
  /** Bytes of every snapshot file and the index. */
  storeBytes: z.number().int().min(0),
});
export type SnapshotList = z.infer<typeof SnapshotListSchema>;

export const DiffEntrySchema = z.object({
  section: z.enum(diffSections),
  change: z.enum(['added', 'removed', 'changed']),
  key: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const SnapshotComparisonSchema = z.object({
  before: z.object({ label: z.string(), takenAt: z.iso.datetime() }),
  after: z.object({ label: z.string(), takenAt: z.iso.datetime() }),
  entries: z.array(DiffEntrySchema),
  unavailable: z.array(z.enum(diffSections)),
});
export type SnapshotComparison = z.infer<typeof SnapshotComparisonSchema>;

export const LastKnownSchema = z.object({
  origin: SnapshotOriginSchema,
  savedAt: z.iso.datetime(),
  sections: SnapshotSectionsSchema,
});
export type LastKnown = z.infer<typeof LastKnownSchema>;

export const ImportResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('imported'), snapshot: SnapshotMetaSchema }),
  /** A snapshot with the same id exists; nothing was written, and the request must be sent again with a resolution. */
  z.object({ status: z.literal('clash'), existing: SnapshotMetaSchema }),
  /** The file is not a valid snapshot file; line and column are 1-based, null when unknown. */
  z.object({
    status: z.literal('invalid'),
    line: z.number().int().nullable(),
    column: z.number().int().nullable(),
    reason: z.string(),
  }),
]);
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const snapshotRequests = {
  /** Saved snapshots (of one instance, or all), the instances they belong to, the retention and the store size. */
  'snapshots.list': {
    request: z.strictObject({ instanceKey: InstanceKey.optional() }),
    response: SnapshotListSchema,
  },
  'snapshots.get': {
    request: z.strictObject({ id: SnapshotIdSchema }),
    response: SnapshotSchema,
  },
  /** Reads the instance from its cluster now and saves a snapshot with the note. */
  'snapshots.create': {
    request: z.strictObject({
      instanceKey: InstanceKey,
      note: z.string().max(snapshotLimits.noteLength),
    }),
    response: SnapshotMetaSchema,
  },
  'snapshots.delete': {
    request: z.strictObject({ id: SnapshotIdSchema }),
    response: z.object({ deleted: z.boolean() }),
  },
  /** Differences from snapshot `id` to another snapshot, or to the instance as its cluster has it now. */
  'snapshots.compare': {
    request: z.strictObject({
      id: SnapshotIdSchema,
      against: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('snapshot'), id: SnapshotIdSchema }),
        z.strictObject({ kind: z.literal('live') }),
      ]),
    }),
    response: SnapshotComparisonSchema,
  },
  /** One snapshot as file content, for the renderer to save. */
  'snapshots.export': {
    request: z.strictObject({ id: SnapshotIdSchema, format: z.enum(['yaml', 'json']) }),
    response: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
  /**
   * Reads an export file. When its id is taken, nothing is written until the
   * request is sent again with onClash: keep-both (saved under a new id) or
   * replace (the existing snapshot is deleted).
   */
  'snapshots.import': {
    request: z.strictObject({
      content: z.string().max(importLimits.maxBytes),
      onClash: z.enum(['ask', 'keep-both', 'replace']).default('ask'),
    }),
    response: ImportResultSchema,
  },
  'snapshots.setRetention': {
    request: z.strictObject({ perInstance: z.number().int().min(1).max(1_000) }),
    response: z.object({ retention: z.number().int(), deleted: z.number().int().min(0) }),
  },
  /** The last-known data of an instance, for screens that show it while offline, or null when the app never read it. */
  'snapshots.lastKnown': {
    request: z.strictObject({ instanceKey: InstanceKey }),
    response: LastKnownSchema.nullable(),
  },
  'offline.get': { request: z.strictObject({}), response: OfflineStateSchema },
  /** Turns offline mode on or off for every context; the setting is kept across restarts. */
  'offline.set': { request: z.strictObject({ forced: z.boolean() }), response: OfflineStateSchema },
} as const satisfies RequestSpecs;

export const snapshotEvents = {
  /** Snapshots of this instance (null: of several instances) were added or deleted. */
  'snapshots.changed': z.object({ instanceKey: z.string().nullable() }),
  'offline.changed': OfflineStateSchema,
} as const satisfies EventSpecs;
