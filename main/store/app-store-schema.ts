import { z } from 'zod';

import { SnapshotOriginSchema, SnapshotSectionsSchema } from '../../shared/snapshots/schema';

/** Version of app-store.json that this build writes; migrations.ts lifts older files to it. */
export const appStoreVersion = 3;

export const defaultRetention = 20;
export const maxRetention = 1_000;

/** The last-known data of one instance, shown while its cluster is offline. */
export const LastKnownInstanceSchema = z.strictObject({
  origin: SnapshotOriginSchema,
  /** When the sections were read from the cluster. */
  savedAt: z.iso.datetime(),
  sections: SnapshotSectionsSchema,
});
export type LastKnownInstance = z.infer<typeof LastKnownInstanceSchema>;

export const AppStoreSchema = z.strictObject({
  schemaVersion: z.literal(appStoreVersion),
  offline: z.strictObject({
    /** True when the user chose to work offline; cluster actions stay disabled until it is turned off. */
    forced: z.boolean(),
    forcedAt: z.iso.datetime().nullable(),
  }),
  retention: z.strictObject({
    /** Snapshots kept per instance; the oldest beyond this count are deleted after each new one. */
    perInstance: z.number().int().min(1).max(maxRetention),
  }),
  /** Last-known data by instance key. */
  instances: z.record(z.string().min(3).max(8192), LastKnownInstanceSchema),
});
export type AppStoreData = z.infer<typeof AppStoreSchema>;

export const emptyAppStore = (): AppStoreData => ({
  schemaVersion: appStoreVersion,
  offline: { forced: false, forcedAt: null },
  retention: { perInstance: defaultRetention },
  instances: {},
});

const isoTime = { type: 'string', format: 'date-time' } as const;
const objectOrNull = { type: ['object', 'null'] } as const;

/**
 * The JSON schema conf (and electron-store) checks on open and on every
 * write. It covers the top level and each instance entry's outline: Ajv
 * compiles it on every open, and the full schema of the sections took
 * hundreds of milliseconds to compile. AppStoreSchema (zod) checks the whole
 * content when the file is read and before each instance entry is saved.
 */
export const appStoreJsonSchema = {
  properties: {
    schemaVersion: { const: appStoreVersion },
    offline: {
      type: 'object',
      properties: { forced: { type: 'boolean' }, forcedAt: { anyOf: [{ type: 'null' }, isoTime] } },
      required: ['forced', 'forcedAt'],
      additionalProperties: false,
    },
    retention: {
      type: 'object',
      properties: { perInstance: { type: 'integer', minimum: 1, maximum: maxRetention } },
      required: ['perInstance'],
      additionalProperties: false,
    },
    instances: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          origin: { type: 'object' },
          savedAt: isoTime,
          sections: {
            type: 'object',
            properties: {
              instance: objectOrNull,
              status: objectOrNull,
              access: objectOrNull,
              matrix: objectOrNull,
            },
            required: ['instance', 'status', 'access', 'matrix'],
            additionalProperties: false,
          },
        },
        required: ['origin', 'savedAt', 'sections'],
        additionalProperties: false,
      },
    },
  },
  required: ['schemaVersion', 'offline', 'retention', 'instances'],
} as const;
