import { z } from 'zod';

import { AppErrorSchema } from '../../errors';
import {
  InstancePhaseSchema,
  InventoryEntrySchema,
  ObjectRefSchema,
  ReleaseSchema,
  ServiceTypeSchema,
} from '../../provision/instance';
import { InstanceCredentialsSchema } from '../../provision/options';
import { instanceOptionRequests } from './instance-options';
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
  /** Reason for the phase, in English, or null when there is none. */
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

const KeyRequest = z.object({ key: InstanceKeySchema }).strict();
const JobRequest = z.object({ jobId: z.string().min(1).max(100) }).strict();
const PlanRequest = z.object({ planId: z.string().min(1).max(100) }).strict();

/** Source of the objects of an installation. */
export const PlanSourceSchema = z.discriminatedUnion('kind', [
  /** Generated from the catalog for the sandbox: real names and images, nothing that runs Kubeflow. */
  z.object({ kind: z.literal('sandbox-simulation') }).strict(),
  /** A rendered multi-document YAML file that the admin already has. */
  z.object({ kind: z.literal('bundle'), path: z.string().min(1).max(4096) }).strict(),
  /** A local checkout of the public kubeflow/manifests repository, rendered with kustomize. */
  z.object({ kind: z.literal('manifests-checkout'), path: z.string().min(1).max(4096) }).strict(),
]);
export type PlanSource = z.infer<typeof PlanSourceSchema>;

/** Request of the creation wizard and the command line to plan a new instance. */
export const CreateRequestSchema = z
  .object({
    contextId: z.string().min(1).max(4096),
    name: z.string().min(1).max(63),
    namespace: z.string().min(1).max(63).optional(),
    release: z.string().min(1).max(20),
    serviceType: z.string().min(1).max(20),
    owners: z.array(z.string().max(320)).max(20),
    source: PlanSourceSchema,
    /** Creation options; checked against InstanceOptionsSchema in main. */
    options: z.record(z.string(), z.unknown()).default({}),
    /**
     * Values that must never reach the instance record, such as S3 keys and
     * database passwords; main puts them into Secrets.
     */
    credentials: InstanceCredentialsSchema.optional(),
  })
  .strict();
export type CreateRequest = z.input<typeof CreateRequestSchema>;

/** A manifest problem found before anything is applied, with file and document index. */
export const PlanProblemSchema = z.object({
  file: z.string(),
  document: z.number().int(),
  line: z.number().int().nullable(),
  code: z.string(),
  message: z.string(),
});
export type PlanProblem = z.infer<typeof PlanProblemSchema>;

export const DiffOutcomeSchema = z.enum(['created', 'changed', 'unchanged', 'conflict']);

/** One object of the server-side dry-run diff. */
export const PlanDiffEntrySchema = z.object({
  ref: ObjectRefSchema,
  phase: z.string(),
  component: z.string(),
  outcome: DiffOutcomeSchema,
  /** Paths of the fields that change. */
  fields: z.array(z.string()),
  /** Field managers that own conflicting fields. */
  managers: z.array(z.string()),
  /** False when the server could not check the object yet (its namespace or CRD comes with the plan). */
  serverChecked: z.boolean(),
});
export type PlanDiffEntry = z.infer<typeof PlanDiffEntrySchema>;

/** A change that a creation option made to the rendered objects, for the plan view. */
export const PlanEffectSchema = z.object({
  /** Key under `instanceOptions.effects.` in the locale files. */
  code: z.string(),
  params: z.record(z.string(), z.string()).default({}),
  /** English text, shown when the code is unknown. */
  message: z.string(),
});
export type PlanEffect = z.infer<typeof PlanEffectSchema>;

export const PlanPhaseSchema = z.object({
  name: z.string(),
  count: z.number().int(),
  kinds: z.array(z.object({ kind: z.string(), count: z.number().int() })),
});

/** A plan the user reviews before applying it. */
export const PlanViewSchema = z.object({
  /** Pass it to instances.apply or instances.upgrade; null when problems block the plan. */
  planId: z.string().nullable(),
  kind: z.enum(['create', 'upgrade']),
  key: InstanceKeySchema,
  name: z.string(),
  namespace: z.string(),
  contextId: z.string(),
  contextName: z.string(),
  server: z.string().nullable(),
  release: ReleaseSchema,
  serviceType: ServiceTypeSchema,
  simulation: z.boolean(),
  total: z.number().int(),
  phases: z.array(PlanPhaseSchema),
  components: z.array(z.object({ component: z.string(), count: z.number().int() })),
  problems: z.array(PlanProblemSchema),
  diff: z.object({
    created: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
    entries: z.array(PlanDiffEntrySchema),
  }),
  effects: z.array(PlanEffectSchema),
  /** Upgrade: inventory objects the new release no longer has, deleted only after confirmation. */
  prune: z.array(z.object({ ref: ObjectRefSchema, component: z.string() })),
  expiresAt: z.iso.datetime(),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const JobKindSchema = z.enum(['create', 'resume', 'delete', 'upgrade']);
export const JobStateSchema = z.enum([
  'running',
  'conflict',
  'cancelling',
  'completed',
  'failed',
  'cancelled',
]);

/** One line of a job's live log: `code` is a key under `instances.log.` in the locale files. */
export const JobLogEntrySchema = z.object({
  at: z.iso.datetime(),
  level: z.enum(['info', 'warn', 'error']),
  code: z.string(),
  params: z.record(z.string(), z.string()).default({}),
});
export type JobLogEntry = z.infer<typeof JobLogEntrySchema>;

/** A long-running create, resume, delete or upgrade, as the progress view shows it. */
export const JobSchema = z.object({
  jobId: z.string(),
  key: InstanceKeySchema,
  kind: JobKindSchema,
  state: JobStateSchema,
  /** Phase running now, or null before the first and after the last. */
  phase: z.string().nullable(),
  /** Component of the last object handled. */
  component: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  phases: z.array(z.object({ name: z.string(), total: z.number().int(), done: z.number().int() })),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  error: AppErrorSchema.nullable(),
  /** Fields that another field manager owns; the job waits for force or cancel. */
  conflict: z
    .object({
      resource: z.string(),
      fields: z.array(z.object({ field: z.string(), manager: z.string() })),
    })
    .nullable(),
  /** Delete: objects still present at the deadline, with the finalizers that hold them. */
  stuck: z.array(
    z.object({ resource: z.string(), finalizers: z.array(z.string()), reason: z.string() }),
  ),
  /** The latest lines, oldest first. */
  log: z.array(JobLogEntrySchema),
});
export type Job = z.infer<typeof JobSchema>;

/** An instance with its spec and inventory, for the detail screen. */
export const InstanceDetailSchema = z.object({
  summary: InstanceSummarySchema,
  source: z.object({
    kind: z.enum(['manifests-checkout', 'bundle', 'sandbox-simulation']),
    path: z.string().nullable(),
    tag: z.string().nullable(),
  }),
  options: z.record(z.string(), z.unknown()),
  inventory: z.array(InventoryEntrySchema),
  /** The job running on this instance, if any. */
  job: JobSchema.nullable(),
});
export type InstanceDetail = z.infer<typeof InstanceDetailSchema>;

export const instanceRequests = {
  ...instanceOptionRequests,
  /**
   * Every instance in every usable context: read from each cluster, or from
   * the saved local copy when the cluster cannot be read.
   */
  'instances.list': { request: z.object({}).strict(), response: InstanceListSchema },
  'instances.get': { request: KeyRequest, response: InstanceDetailSchema },
  /**
   * Renders, checks and dry-runs a new instance without changing the
   * cluster. The plan is kept in main for 30 minutes.
   */
  'instances.plan': { request: CreateRequestSchema, response: PlanViewSchema },
  /**
   * Applies a reviewed plan: writes the instance record, then every object.
   * Progress arrives as 'instances.job' events. The owner's generated
   * password is returned here once and kept nowhere.
   */
  'instances.apply': {
    request: PlanRequest,
    response: z.object({ job: JobSchema, ownerPassword: z.string().nullable() }),
  },
  /** Applies again what an interrupted create has not finished, from the instance record. */
  'instances.resume': {
    request: z
      .object({ key: InstanceKeySchema, credentials: InstanceCredentialsSchema.optional() })
      .strict(),
    response: z.object({ job: JobSchema, ownerPassword: z.string().nullable() }),
  },
  /** Stops a job after the requests in flight; the instance stays resumable. */
  'instances.cancel': { request: JobRequest, response: JobSchema },
  /** Resolves a field-manager conflict: take the fields over (force) or cancel the job. */
  'instances.resolveConflict': {
    request: z
      .object({ jobId: z.string().min(1).max(100), decision: z.enum(['force', 'cancel']) })
      .strict(),
    response: JobSchema,
  },
  /** Deletes every object the app created for the instance; `confirmName` must equal its name. */
  'instances.delete': {
    request: z.object({ key: InstanceKeySchema, confirmName: z.string().max(63) }).strict(),
    response: JobSchema,
  },
  /** Plans the upgrade of an instance to another release, with the objects it would prune. */
  'instances.planUpgrade': {
    request: z
      .object({
        key: InstanceKeySchema,
        release: z.string().min(1).max(20),
        credentials: InstanceCredentialsSchema.optional(),
        /** The new release's bundle or checkout; default: the source the instance was created from. */
        source: PlanSourceSchema.optional(),
      })
      .strict(),
    response: PlanViewSchema,
  },
  /** Applies an upgrade plan; pruning happens only when `prune` is true. */
  'instances.upgrade': {
    request: z.object({ planId: z.string().min(1).max(100), prune: z.boolean() }).strict(),
    response: z.object({ job: JobSchema, ownerPassword: z.string().nullable() }),
  },
  /** Jobs that run now or ended in this session, newest first. */
  'instances.jobs': {
    request: z.object({}).strict(),
    response: z.object({ jobs: z.array(JobSchema) }),
  },
} as const satisfies RequestSpecs;

export const instanceEvents = {
  /** The instance list after any instance was created, changed or deleted by the app. */
  'instances.changed': InstanceListSchema,
  /** A job's progress, at most a few times a second per job. */
  'instances.job': JobSchema,
} as const satisfies EventSpecs;
