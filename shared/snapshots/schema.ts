import { z } from 'zod';

import { InstancePhaseSchema, InstanceSpecSchema } from '../provision/instance';

/** Version of the snapshot body format, written into every snapshot and export file. */
export const snapshotFormatVersion = 1;

/** Size limits that keep one snapshot, and any file imported as one, small enough to open at once. */
export const snapshotLimits = {
  noteLength: 500,
  listLength: 5_000,
  textLength: 2_000,
} as const;

/**
 * Limits of an imported file. A snapshot of an instance with thousands of
 * users stays well under 2 MiB; the depth of a valid file is about 10, and an
 * exported file never uses YAML aliases, so a few are allowed and no more.
 */
export const importLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 32,
  maxAliasCount: 20,
} as const;

const Text = z.string().max(snapshotLimits.textLength);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(snapshotLimits.listLength);

/** One catalog component as the instance had it: the version the catalog expects and the version seen running. */
export const SnapshotComponentSchema = z.strictObject({
  id: Text.min(1),
  /** Version the release's catalog lists, or null when unknown. */
  expectedVersion: Text.nullable(),
  /** Version read from the running images, or null when it was not observed. */
  observedVersion: Text.nullable(),
  /** Objects of the component in the inventory. */
  objectCount: z.number().int().min(0),
  /** Readiness as the status area reported it, such as Ready or Progressing, or null. */
  state: Text.nullable(),
});
export type SnapshotComponent = z.infer<typeof SnapshotComponentSchema>;

export const SnapshotTransitionSchema = z.strictObject({
  phase: InstancePhaseSchema,
  reason: Text.nullable(),
  at: z.iso.datetime(),
});
export type SnapshotTransition = z.infer<typeof SnapshotTransitionSchema>;

export const SnapshotStatusSchema = z.strictObject({
  phase: InstancePhaseSchema,
  reason: Text.nullable(),
  updatedAt: z.iso.datetime(),
  components: list(SnapshotComponentSchema),
  /** Phase transitions, oldest first. */
  history: list(SnapshotTransitionSchema),
});
export type SnapshotStatus = z.infer<typeof SnapshotStatusSchema>;

export const SnapshotInstanceSchema = z.strictObject({
  spec: InstanceSpecSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  generation: z.number().int().min(1),
  /** Objects in the inventory, in total and per catalog component. */
  objectCount: z.number().int().min(0),
  objectsByComponent: z.record(Text, z.number().int().min(0)),
});
export type SnapshotInstance = z.infer<typeof SnapshotInstanceSchema>;

export const SnapshotUserSchema = z.strictObject({
  email: Text.min(1),
  /** Role of the user in the instance, such as owner, edit or view. */
  role: Text.min(1),
});

export const SnapshotGroupSchema = z.strictObject({
  name: Text.min(1),
  members: list(Text),
});

export const SnapshotBindingSchema = z.strictObject({
  subjectKind: z.enum(['User', 'Group', 'ServiceAccount']),
  subject: Text.min(1),
  /** Role or ClusterRole the binding grants. */
  role: Text.min(1),
  /** Namespace of the role binding, or null for a cluster role binding. */
  namespace: Text.nullable(),
});
export type SnapshotBinding = z.infer<typeof SnapshotBindingSchema>;

export const SnapshotAccessSchema = z.strictObject({
  owners: list(Text),
  users: list(SnapshotUserSchema),
  groups: list(SnapshotGroupSchema),
  bindings: list(SnapshotBindingSchema),
});
export type SnapshotAccess = z.infer<typeof SnapshotAccessSchema>;

/** One cell of the role matrix: what `role` may do with `permission`, such as "allowed" or "denied". */
export const MatrixCellSchema = z.strictObject({
  role: Text.min(1),
  permission: Text.min(1),
  value: Text,
});
export type MatrixCell = z.infer<typeof MatrixCellSchema>;

export const SnapshotMatrixSchema = z.strictObject({
  roles: list(Text),
  permissions: list(Text),
  cells: list(MatrixCellSchema),
});
export type SnapshotMatrix = z.infer<typeof SnapshotMatrixSchema>;

/**
 * The state of one instance at one time. Each section is null when its
 * source could not be read, such as the access lists before the access area
 * loaded them.
 */
export const SnapshotSectionsSchema = z.strictObject({
  instance: SnapshotInstanceSchema.nullable(),
  status: SnapshotStatusSchema.nullable(),
  access: SnapshotAccessSchema.nullable(),
  matrix: SnapshotMatrixSchema.nullable(),
});
export type SnapshotSections = z.infer<typeof SnapshotSectionsSchema>;

export const snapshotTriggers = ['manual', 'lifecycle', 'import'] as const;
export const SnapshotTriggerSchema = z.enum(snapshotTriggers);
export type SnapshotTrigger = z.infer<typeof SnapshotTriggerSchema>;

export const SnapshotIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{5,80}$/,
    'A snapshot id uses 6 to 81 lowercase letters, digits and -.',
  );

/** The location of the snapshot's instance, kept beside the key so an imported snapshot still names its context and server. */
export const SnapshotOriginSchema = z.strictObject({
  instanceKey: z.string().min(3).max(8192),
  contextId: z.string().max(8192),
  contextName: Text,
  server: Text.nullable(),
  namespace: Text.min(1),
  name: Text.min(1),
});
export type SnapshotOrigin = z.infer<typeof SnapshotOriginSchema>;

/** An immutable snapshot of one instance. */
export const SnapshotSchema = z.strictObject({
  formatVersion: z.literal(snapshotFormatVersion),
  id: SnapshotIdSchema,
  takenAt: z.iso.datetime(),
  note: z.string().max(snapshotLimits.noteLength),
  trigger: SnapshotTriggerSchema,
  origin: SnapshotOriginSchema,
  sections: SnapshotSectionsSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** One snapshot as lists show it, without its sections: what the index file keeps. */
export const SnapshotMetaSchema = z.strictObject({
  id: SnapshotIdSchema,
  takenAt: z.iso.datetime(),
  note: z.string().max(snapshotLimits.noteLength),
  trigger: SnapshotTriggerSchema,
  origin: SnapshotOriginSchema,
  /** Phase of the instance in the snapshot, or null when the status was not known. */
  phase: InstancePhaseSchema.nullable(),
  /** Size of the snapshot's file, in bytes. */
  bytes: z.number().int().min(0),
});
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>;

/** Computes the list entry of a snapshot from its body. */
export function snapshotMeta(snapshot: Snapshot, bytes: number): SnapshotMeta {
  return {
    id: snapshot.id,
    takenAt: snapshot.takenAt,
    note: snapshot.note,
    trigger: snapshot.trigger,
    origin: snapshot.origin,
    phase: snapshot.sections.status?.phase ?? null,
    bytes,
  };
}

/** Kind and version written at the top of an export file, so an import recognizes one. */
export const exportKind = 'KubeflowDesktopSnapshot';

export const SnapshotFileSchema = z.strictObject({
  kind: z.literal(exportKind),
  snapshot: SnapshotSchema,
});
export type SnapshotFile = z.infer<typeof SnapshotFileSchema>;
