import { z } from 'zod';

import { AppErrorSchema } from '../../errors';
import { InstancePhaseSchema, ReleaseSchema, ServiceTypeSchema } from '../../provision/instance';
import type { EventSpecs, RequestSpecs } from './spec';

/**
 * Identifies an instance across the app: the context it lives in, its
 * namespace and its name. Build and read it with instanceKey and
 * parseInstanceKey (shared/provision/instance-key.ts).
 */
export const InstanceKeySchema = z.string().min(3).max(8192);

/** One instance as the Instances list shows it. */
export const InstanceSummarySchema = z.object({
  key: InstanceKeySchema,
  contextId: z.string(),
  /** Context name, such as sandbox-admin. */
  contextName: z.string(),
  /** API server address of the context's cluster, or null when unknown. */
  server: z.string().nullable(),
  name: z.string(),
  namespace: z.string(),
  release: ReleaseSchema,
  serviceType: ServiceTypeSchema,
  phase: InstancePhaseSchema,
  /** Why the instance has its phase, in English; null when there is nothing to say. */
  reason: z.string().nullable(),
  owners: z.array(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Objects in the inventory. */
  objectCount: z.number().int().min(0),
  /** True when installed from the sandbox's generated bundle, which only simulates Kubeflow. */
  simulation: z.boolean(),
  /**
   * `cluster` when read from the cluster just now; `local-copy` when the
   * cluster could not be read and the app's saved copy is shown.
   */
  origin: z.enum(['cluster', 'local-copy']),
  /** When the shown data was read from the cluster. */
  asOf: z.iso.datetime(),
});
export type InstanceSummary = z.infer<typeof InstanceSummarySchema>;

/** A context whose instances could not be read. */
export const InstanceListFailureSchema = z.object({
  contextId: z.string(),
  contextName: z.string(),
  error: AppErrorSchema,
});

export const InstanceListSchema = z.object({
  instances: z.array(InstanceSummarySchema),
  failures: z.array(InstanceListFailureSchema),
});
export type InstanceList = z.infer<typeof InstanceListSchema>;

export const instanceRequests = {
  /**
   * Every instance in every usable context: read from each cluster, or from
   * the saved local copy when the cluster cannot be read.
   */
  'instances.list': { request: z.object({}).strict(), response: InstanceListSchema },
} as const satisfies RequestSpecs;

export const instanceEvents = {
  /** The instance list after any instance was created, changed or deleted by the app. */
  'instances.changed': InstanceListSchema,
} as const satisfies EventSpecs;
