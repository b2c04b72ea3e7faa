import { z } from 'zod';

import { InstancePhaseSchema, ObjectRefSchema } from '../provision/instance';

/**
 * Health of one object or component:
 * - Healthy: the object reports that it reached its desired state.
 * - Present: the object exists and has no status to judge, such as a ConfigMap.
 * - Progressing: the object works towards its desired state.
 * - Failed: the object reports a failure that waiting does not fix.
 * - Terminating: the object is being deleted.
 * - Missing: the inventory lists the object, but the cluster has none.
 */
export const healthStates = [
  'Healthy',
  'Present',
  'Progressing',
  'Failed',
  'Terminating',
  'Missing',
] as const;
export const HealthSchema = z.enum(healthStates);
export type Health = z.infer<typeof HealthSchema>;

/** One object whose health keeps its component from being healthy. */
export const FaultSchema = z.object({
  ref: ObjectRefSchema,
  component: z.string(),
  health: HealthSchema,
  /** Reason the object is not healthy, in English. */
  reason: z.string(),
});
export type Fault = z.infer<typeof FaultSchema>;

/** A Warning event of a failing object, as the cluster recorded it. */
export const WarningEventSchema = z.object({
  ref: ObjectRefSchema,
  reason: z.string(),
  message: z.string(),
  count: z.number().int().min(1),
  lastSeen: z.iso.datetime(),
});
export type WarningEvent = z.infer<typeof WarningEventSchema>;

export const ComponentStatusSchema = z.object({
  /** Catalog component id, such as pipelines, or the component an inventory entry names. */
  id: z.string(),
  /** Version the catalog lists for the instance's release, or null when the catalog has no such component. */
  expectedVersion: z.string().nullable(),
  /** Version read from the running images of the component's main workloads, or null when none runs. */
  observedVersion: z.string().nullable(),
  /** Images that differ from the catalog's, as `observed (expected)`; empty when none drifts. */
  drift: z.array(z.string()),
  health: HealthSchema,
  reason: z.string().nullable(),
  objects: z.number().int().min(0),
});
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

export const InstanceStatusViewSchema = z.object({
  key: z.string(),
  contextId: z.string(),
  namespace: z.string(),
  name: z.string(),
  release: z.string(),
  serviceType: z.string(),
  phase: InstancePhaseSchema,
  /** Reason for the phase, in English, or null when there is none. */
  reason: z.string().nullable(),
  /** When the instance entered its phase. */
  since: z.iso.datetime(),
  /** Time the cluster stopped responding, or null while it responds. */
  unreachableSince: z.iso.datetime().nullable(),
  /** Phase written in the cluster record by the provisioning service. */
  recordPhase: InstancePhaseSchema.nullable(),
  components: z.array(ComponentStatusSchema),
  faults: z.array(FaultSchema),
  events: z.array(WarningEventSchema),
  /** When the cluster was last observed. */
  observedAt: z.iso.datetime(),
});
export type InstanceStatusView = z.infer<typeof InstanceStatusViewSchema>;

export const TransitionSchema = z.object({
  name: z.string(),
  from: InstancePhaseSchema.nullable(),
  to: InstancePhaseSchema,
  reason: z.string().nullable(),
  at: z.iso.datetime(),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const InstanceHistorySchema = z.object({
  key: z.string(),
  transitions: z.array(TransitionSchema),
});
export type InstanceHistory = z.infer<typeof InstanceHistorySchema>;

/** The engine's watch of one cluster. */
export const ClusterWatchSchema = z.object({
  contextId: z.string(),
  /** active: the active context; pinned: kept watched by the user; on-demand: checked once by status.refresh. */
  mode: z.enum(['active', 'pinned', 'on-demand']),
  reachable: z.boolean(),
  unreachableSince: z.iso.datetime().nullable(),
  /** Open watch streams. */
  watches: z.number().int().min(0),
  /** The last error, in English, or null. */
  error: z.string().nullable(),
});
export type ClusterWatch = z.infer<typeof ClusterWatchSchema>;
