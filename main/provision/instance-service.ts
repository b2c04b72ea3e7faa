import { randomBytes, randomUUID } from 'node:crypto';

import type { KubeConfig } from '@kubernetes/client-node';
import type { z } from 'zod';

import type { ContextSummary } from '../../shared/contract';
import type {
  CreateRequestSchema,
  InstanceDetail,
  InstanceList,
  InstanceSummary,
  Job,
  PlanEffect,
  PlanSource,
  PlanView,
} from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';
import {
  inventoryKey,
  InstanceSpecSchema,
  newInstanceRecord,
  releases,
  ReleaseSchema,
  type InstanceRecord,
  type InstanceSpec,
} from '../../shared/provision/instance';
import {
  instanceKey,
  parseInstanceKey,
  type InstanceKeyParts,
} from '../../shared/provision/instance-key';
import type { InstanceCredentialsInput } from '../../shared/provision/options';
import type { AreaContext } from '../area';
import { createClientConfig } from '../kube/client';
import type { ResolvedContext } from '../kube/context-registry';
import type { CallTarget } from '../kube/kube-errors';
import type { Logger } from '../log';
import { applyPlan, ConflictError, diffPlan, type DiffEntry } from './apply-engine';
import { planApply, type ApplyPlan } from './apply-plan';
import { catalogComponentOf } from './component-of';
import {
  createInventoryRecorder,
  listRecords,
  loadLocalCopies,
  type LocalCopy,
  readRecord,
  saveLocalCopy,
  writeRecord,
} from './inventory';
import { deleteAccessObjects } from './access-cleanup';
import { deleteInstance, deletePhaseNames, deletePhaseOf, type StuckObject } from './delete-engine';
import { JobRegistry, type JobHandle } from './jobs';
import {
  discoverCluster,
  validateAgainstCluster,
  type ClusterDiscovery,
  type ManifestProblem,
  type ParsedObject,
} from './manifest-parser';
import { formatRef, groupOf } from './object-ref';
import { buildObjects, type CheckoutRenderer, type OptionsTransform } from './plan-builder';
import { applyUpgrade, inventoryEntryFor, planUpgrade, type UpgradePlan } from './upgrade-plan';

/** Timeout of each call that lists instance records, in milliseconds. */
const listTimeoutMs = 8_000;

/** A usable context with a client configuration for it. */
export interface ContextClient {
  resolved: ResolvedContext;
  config: KubeConfig;
}

/** Turns a record into the row the Instances list shows. */
export function summarize(
  record: InstanceRecord,
  context: ContextSummary,
  origin: InstanceSummary['origin'],
  asOf: string,
): InstanceSummary {
  const { spec, status } = record;
  return {
    key: instanceKey(context.id, spec.namespace, spec.name),
    contextId: context.id,
    contextName: context.ref.name,
    server: context.server,
    name: spec.name,
    namespace: spec.namespace,
    release: spec.release,
    serviceType: spec.serviceType,
    phase: status.phase,
    reason: status.reason,
    owners: spec.owners,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    objectCount: record.inventory.length,
    simulation: spec.manifestSource.kind === 'sandbox-simulation',
    origin,
    asOf,
  };
}

/** The instance namespace when the first record write created it, which makes it the app's to delete. */
type CreatedNamespace = { name: string; uid: string } | null;

/** How long a reviewed plan can be applied. */
const planTtlMs = 30 * 60_000;
/** Diff entries a plan view carries; the counts always cover every object. */
const maxDiffEntries = 2_000;

/** A plan kept in main between review and apply. */
interface StoredPlan {
  view: PlanView;
  spec: InstanceSpec;
  plan: ApplyPlan;
  discovery: ClusterDiscovery;
  ownerPassword: string | null;
  /** Upgrade: the record being upgraded and the comparison with the new release. */
  upgrade: { record: InstanceRecord; plan: UpgradePlan } | null;
  expires: number;
}

export interface InstanceServiceDeps {
  renderCheckout: CheckoutRenderer;
  transform: OptionsTransform;
  /** Tells whether offline mode is on for a context ('forced'); such a context is not called. */
  offlineReason?: (contextId: string) => Promise<'forced' | 'unreachable' | null>;
}

function offlineModeError(): AppError {
  return new AppError(
    'unavailable',
    'offlineModeOn',
    'Offline mode is on, so the cluster was not read. Turn offline mode off and try again.',
  );
}

/** Returns the issues of a zod error as one line per issue. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message)
    .join(' ');
}

function phaseCounts(plan: ApplyPlan): PlanView['phases'] {
  return plan.phases.map((phase) => ({
    name: phase.name,
    count: phase.objects.length,
    kinds: Object.entries(phase.countsByKind)
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
  }));
}

function componentCounts(plan: ApplyPlan): PlanView['components'] {
  const counts = new Map<string, number>();
  for (const planned of plan.phases.flatMap((phase) => phase.objects)) {
    counts.set(planned.component, (counts.get(planned.component) ?? 0) + 1);
  }
  return [...counts].map(([component, count]) => ({ component, count }));
}

function diffView(entries: DiffEntry[]): PlanView['diff'] {
  const count = (outcome: DiffEntry['outcome']) =>
    entries.filter((entry) => entry.outcome === outcome).length;
  const interesting = [...entries].sort(
    (a, b) => Number(a.outcome === 'unchanged') - Number(b.outcome === 'unchanged'),
  );
  return {
    created: count('created'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    conflicts: count('conflict'),
    entries: interesting.slice(0, maxDiffEntries).map((entry) => ({
      ref: entry.ref,
      phase: entry.phase,
      component: entry.component,
      outcome: entry.outcome,
      fields: entry.changes.map((change) => change.path),
      managers: [...new Set(entry.conflicts.map((conflict) => conflict.manager))],
      serverChecked: entry.serverChecked,
    })),
  };
}

/** Returns the objects of a plan that an earlier run did not record, as a plan of its own. */
export function remainingPlan(plan: ApplyPlan, done: ReadonlySet<string>): ApplyPlan {
  const phases = plan.phases
    .map((phase) => {
      const objects = phase.objects.filter((planned) => !done.has(inventoryKey(planned.ref)));
      const countsByKind: Record<string, number> = {};
      for (const { ref } of objects) countsByKind[ref.kind] = (countsByKind[ref.kind] ?? 0) + 1;
      return { ...phase, objects, countsByKind };
    })
    .filter((phase) => phase.objects.length > 0);
  return { phases, total: phases.reduce((sum, phase) => sum + phase.objects.length, 0) };
}

/**
 * Instances across every usable context, and the jobs that create, resume,
 * delete and upgrade them. Every job writes the instance record before it
 * changes anything else and keeps the record's inventory current as it goes,
 * so a crash at any moment leaves a record that a resume or a delete can
 * finish from.
 */
export class InstanceService {
  readonly jobs: JobRegistry;
  private readonly plans = new Map<string, StoredPlan>();
  private readonly log: Logger;

  constructor(
    private readonly context: AreaContext,
    private readonly deps: InstanceServiceDeps,
  ) {
    this.log = context.log.child('instances');
    this.jobs = new JobRegistry((job) => context.hub.emit('instances.job', job));
    context.onClose(() => this.jobs.cancelAll());
  }

  /** Resolves a usable context and builds its client configuration; rejects while offline mode is on. */
  async client(contextId: string): Promise<ContextClient> {
    if ((await this.deps.offlineReason?.(contextId)) === 'forced') throw offlineModeError();
    const resolved = await this.context.kube.resolve(contextId);
    const config = await createClientConfig(resolved, this.context.kube.deps);
    return { resolved, config };
  }

  async list(): Promise<InstanceList> {
    const { contexts } = await this.context.kube.listContexts();
    const usable = contexts.filter((context) => context.invalidReason === null);
    const local = await loadLocalCopies(this.context.dataDir, this.log);
    const results = await Promise.all(
      usable.map((context) =>
        this.listIn(
          context,
          local.copies.filter(
            (copy) => copy.contextKey === context.id && copy.record.status.phase === 'Terminated',
          ),
        ),
      ),
    );

    const list: InstanceList = { instances: [], failures: [] };
    results.forEach((result, index) => {
      const context = usable[index];
      if (!context) return;
      if (result.ok) {
        list.instances.push(...result.instances);
        return;
      }
      list.failures.push({
        contextId: context.id,
        contextName: context.ref.name,
        error: result.error.toShape(),
      });
      for (const copy of local.copies) {
        if (copy.contextKey !== context.id) continue;
        list.instances.push(summarize(copy.record, context, 'local-copy', copy.savedAt));
      }
    });
    list.instances.sort(
      (a, b) =>
        a.contextName.localeCompare(b.contextName) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
    return list;
  }

  /** Reads one instance from its cluster, or its local copy when the cluster cannot be read. */
  async get(key: string): Promise<InstanceDetail> {
    const { record, context, origin, asOf } = await this.load(key);
    const job = this.jobs.latestFor(key)?.snapshot() ?? null;
    return {
      summary: summarize(record, context, origin, asOf),
      source: record.spec.manifestSource,
      options: record.spec.options as Record<string, unknown>,
      inventory: record.inventory,
      job,
    };
  }

  /** Renders, checks and dry-runs a new instance; nothing in the cluster changes. */
  async plan(request: z.output<typeof CreateRequestSchema>): Promise<PlanView> {
    const { resolved, config } = await this.client(request.contextId);
    const spec = this.specOf(request, resolved);
    const key = instanceKey(resolved.summary.id, spec.namespace, spec.name);
    // The source is read before any cluster call, so a bad path or file is
    // reported even when the cluster rejects the user or has an instance.
    const built = await buildObjects(request.source, spec, request.credentials ?? {}, this.deps);
    await this.assertNoInstance(config, resolved, spec);
    spec.manifestSource.tag = built.tag;
    return this.planObjects({
      kind: 'create',
      key,
      spec,
      resolved,
      config,
      objects: built.objects,
      problems: built.problems,
      effects: built.effects,
      ownerPassword: built.ownerPassword,
      upgrade: null,
    });
  }

  /** Writes the instance record and starts applying a reviewed plan. */
  async apply(planId: string): Promise<{ job: Job; ownerPassword: string | null }> {
    const stored = this.takePlan(planId, 'create');
    const { resolved, config } = await this.client(stored.view.contextId);
    await this.assertNoInstance(config, resolved, stored.spec);

    const created = newInstanceRecord(stored.spec);
    const record: InstanceRecord = { ...created, status: { ...created.status, applying: true } };
    const job = this.jobs.create('create', stored.view.key, stored.spec.name);
    // The record goes to the cluster before the first object, so a crash
    // from here on leaves a Creating instance that can be resumed or deleted.
    let createdNamespace: CreatedNamespace = null;
    try {
      createdNamespace = (await writeRecord(config, record, { log: this.log })).createdNamespace;
      await this.saveCopy(resolved.summary.id, record);
    } catch (error) {
      job.finish('failed', toAppError(error));
      throw error;
    }
    job.log('info', 'recordWritten', { namespace: record.spec.namespace });
    void this.runApply(job, stored.plan, record, config, resolved, stored.discovery, {
      createdNamespace,
    });
    void this.announce();
    return { job: job.snapshot(), ownerPassword: stored.ownerPassword };
  }

  /**
   * Applies again, from the record, what an interrupted create did not
   * finish. Objects in the inventory are not sent again, so Secrets that
   * hold credentials keep their values: the credentials are needed only when
   * such a Secret was never applied. A new owner password is returned when
   * the object that carries it was never applied either.
   */
  async resume(
    key: string,
    credentials: InstanceCredentialsInput | undefined,
  ): Promise<{ job: Job; ownerPassword: string | null }> {
    const { resolved, config } = await this.clientForKey(key);
    const parts = this.partsOf(key);
    const record = await readRecord(config, parts.namespace, parts.name, { log: this.log });
    if (record.status.phase === 'Terminating' || record.status.phase === 'Terminated') {
      throw new AppError(
        'conflict',
        'resumeTerminating',
        `Instance ${record.spec.name} is ${record.status.phase}; it cannot be resumed. Delete it to finish the deletion.`,
        { instance: record.spec.name, phase: record.status.phase },
      );
    }

    const given = credentials !== undefined;
    const built = await buildObjects(
      sourceOfRecord(record),
      record.spec,
      given ? credentials : placeholderCredentials(record),
      this.deps,
    );
    const blocking = built.problems.filter((problem) => problem.code !== 'duplicate');
    if (blocking.length > 0) {
      throw new AppError(
        'invalid-request',
        'resumeSourceChanged',
        `The source of instance ${record.spec.name} no longer renders cleanly: ${blocking[0]?.message ?? ''} Restore the source, or delete the instance.`,
        { instance: record.spec.name, detail: blocking[0]?.message ?? '' },
      );
    }
    const recorded = new Set(record.inventory.map((entry) => inventoryKey(entry.ref)));
    const missingSecrets = built.secrets.filter((ref) => !recorded.has(inventoryKey(ref)));
    if (!given && missingSecrets.length > 0) {
      throw new AppError(
        'invalid-request',
        'resumeNeedsCredentials',
        `Instance ${record.spec.name} has not applied Secret ${missingSecrets.map(formatRef).join(', ')} yet, and the app keeps no credentials. Resume again with the object storage keys and database password.`,
        { instance: record.spec.name, secrets: missingSecrets.map(formatRef).join(', ') },
      );
    }
    const newPassword = built.passwordObjects.some((ref) => !recorded.has(inventoryKey(ref)));

    const { plan, discovery } = await this.checkedPlan(
      config,
      resolved,
      built.objects,
      record.spec.release,
    );
    const job = this.jobs.create('resume', key, record.spec.name);
    const resumed: InstanceRecord = {
      ...record,
      status: {
        phase: 'Creating',
        reason: null,
        updatedAt: new Date().toISOString(),
        applying: true,
      },
    };
    void this.runApply(job, plan, resumed, config, resolved, discovery);
    return { job: job.snapshot(), ownerPassword: newPassword ? built.ownerPassword : null };
  }

  /**
   * Deletes every object the app created for an instance, custom resources
   * first and namespaces last, and waits for finalizers up to a deadline.
   * The record is marked Terminating first; when nothing is left it is
   * Terminated and kept only as the local copy.
   */
  async remove(key: string, confirmName: string): Promise<Job> {
    const parts = this.partsOf(key);
    if (confirmName !== parts.name) {
      throw new AppError(
        'invalid-request',
        'deleteNameMismatch',
        `Type the instance name ${parts.name} exactly to delete it; "${confirmName}" does not match.`,
        { instance: parts.name, typed: confirmName },
      );
    }
    const { resolved, config } = await this.client(parts.contextId);
    const record = await this.recordForDelete(config, parts);
    const job = this.jobs.create('delete', key, parts.name);
    void this.runDelete(job, record, config, resolved);
    return job.snapshot();
  }

  /** Plans the upgrade of an instance to another release, with the objects it would prune. */
  async planUpgrade(
    key: string,
    release: string,
    credentials?: InstanceCredentialsInput,
    newSource?: PlanSource,
  ): Promise<PlanView> {
    const parts = this.partsOf(key);
    const { resolved, config } = await this.client(parts.contextId);
    const record = await readRecord(config, parts.namespace, parts.name, { log: this.log });
    if (this.jobs.runningFor(key)) {
      throw new AppError(
        'conflict',
        'jobAlreadyRunning',
        `Instance ${parts.name} already has a job running. Wait for it to end or cancel it first.`,
        { instance: parts.name, kind: this.jobs.runningFor(key)?.snapshot().kind ?? '' },
      );
    }
    const target = ReleaseSchema.safeParse(release);
    // releases lists the supported releases oldest first; a downgrade is not offered.
    const newer = releases.slice(releases.indexOf(record.spec.release) + 1);
    if (!target.success || !newer.includes(target.data)) {
      throw new AppError(
        'invalid-request',
        'upgradeReleaseInvalid',
        `Release "${release}" is not an upgrade target of instance ${parts.name}, which runs ${record.spec.release}. ${newer.length > 0 ? `Choose ${newer.join(' or ')}.` : 'It already runs the newest release the app installs.'}`,
        { release, instance: parts.name, current: record.spec.release },
      );
    }

    // A bundle or a checkout renders one release, so an upgrade of such an
    // instance names the new release's bundle or checkout.
    const source = newSource ?? sourceOfRecord(record);
    const spec: InstanceSpec = {
      ...record.spec,
      release: target.data,
      manifestSource: {
        kind: source.kind,
        path: source.kind === 'sandbox-simulation' ? null : source.path,
        tag: null,
      },
    };
    const given = credentials !== undefined;
    const built = await buildObjects(
      source,
      spec,
      given ? credentials : placeholderCredentials(record),
      this.deps,
    );
    spec.manifestSource.tag = built.tag;
    const recorded = new Set(record.inventory.map((entry) => inventoryKey(entry.ref)));
    // Secrets with credentials and the object with the owner's password keep
    // their values on the cluster: the upgrade leaves them as they are.
    const kept = new Set(
      [...built.secrets, ...built.passwordObjects]
        .map(inventoryKey)
        .filter((objectKey) => !given && recorded.has(objectKey)),
    );
    const missingSecrets = built.secrets.filter((ref) => !recorded.has(inventoryKey(ref)));
    if (!given && missingSecrets.length > 0) {
      throw new AppError(
        'invalid-request',
        'upgradeNeedsCredentials',
        `Release ${target.data} of instance ${parts.name} needs Secret ${missingSecrets.map(formatRef).join(', ')}, and the app keeps no credentials. Plan the upgrade again with the object storage keys and database password.`,
        { instance: parts.name, secrets: missingSecrets.map(formatRef).join(', ') },
      );
    }
    const objects = built.objects.filter((entry) => !kept.has(inventoryKey(entry.ref)));
    const checked = await this.checkedPlan(config, resolved, objects, target.data);
    const upgrade = planUpgrade(
      record,
      checked.plan.phases.flatMap((phase) => phase.objects.map((planned) => planned.object)),
      {
        release: target.data,
        customKinds: customKindsOf(checked.discovery),
        componentOf: catalogComponentOf(target.data),
      },
    );
    upgrade.prune = upgrade.prune.filter((entry) => !kept.has(inventoryKey(entry.ref)));
    upgrade.leftAlone = upgrade.leftAlone.filter((entry) => !kept.has(inventoryKey(entry.ref)));

    return this.storePlan({
      kind: 'upgrade',
      key,
      spec,
      resolved,
      config,
      plan: upgrade.apply,
      discovery: checked.discovery,
      problems: [...built.problems, ...checked.problems],
      effects: built.effects,
      ownerPassword: built.passwordObjects.some((ref) => !recorded.has(inventoryKey(ref)))
        ? built.ownerPassword
        : null,
      upgrade: {
        record: { ...record, spec: { ...record.spec, manifestSource: spec.manifestSource } },
        plan: upgrade,
      },
    });
  }

  /** Applies a reviewed upgrade plan; pruning runs only when `prune` is true. */
  async upgrade(
    planId: string,
    prune: boolean,
  ): Promise<{ job: Job; ownerPassword: string | null }> {
    const stored = this.takePlan(planId, 'upgrade');
    const upgrade = stored.upgrade;
    if (!upgrade) throw new Error('an upgrade plan without its upgrade');
    const { resolved, config } = await this.client(stored.view.contextId);
    const job = this.jobs.create('upgrade', stored.view.key, stored.spec.name);
    void this.runUpgrade(
      job,
      upgrade.record,
      upgrade.plan,
      prune,
      config,
      resolved,
      stored.discovery,
    );
    return { job: job.snapshot(), ownerPassword: stored.ownerPassword };
  }

  cancel(jobId: string): Job {
    const job = this.jobs.get(jobId);
    job.cancel();
    return job.snapshot();
  }

  resolveConflict(jobId: string, decision: 'force' | 'cancel'): Job {
    const job = this.jobs.get(jobId);
    if (!job.resolveConflict(decision)) {
      throw new AppError(
        'conflict',
        'noConflictPending',
        `Job ${jobId} is not waiting for a conflict decision; it is ${job.snapshot().state}.`,
        { jobId, state: job.snapshot().state },
      );
    }
    return job.snapshot();
  }

  listJobs(): Job[] {
    return this.jobs.list();
  }

  /** Checks objects against the cluster and sorts them into phases. */
  async checkedPlan(
    config: KubeConfig,
    resolved: ResolvedContext,
    objects: ParsedObject[],
    release: string,
  ): Promise<{ plan: ApplyPlan; discovery: ClusterDiscovery; problems: ManifestProblem[] }> {
    const discovery = await discoverCluster(config, { target: targetOf(resolved) });
    const validated = validateAgainstCluster(objects, discovery);
    return {
      plan: planApply(validated.objects, {
        customKinds: customKindsOf(discovery),
        componentOf: catalogComponentOf(release),
      }),
      discovery,
      problems: validated.problems,
    };
  }

  async planObjects(input: {
    kind: 'create';
    key: string;
    spec: InstanceSpec;
    resolved: ResolvedContext;
    config: KubeConfig;
    objects: ParsedObject[];
    problems: ManifestProblem[];
    effects: PlanEffect[];
    ownerPassword: string | null;
    upgrade: null;
  }): Promise<PlanView> {
    const checked = await this.checkedPlan(
      input.config,
      input.resolved,
      input.objects,
      input.spec.release,
    );
    return this.storePlan({
      ...input,
      plan: checked.plan,
      discovery: checked.discovery,
      problems: [...input.problems, ...checked.problems],
    });
  }

  /** Dry-runs a checked plan against the cluster and keeps it for apply, unless problems block it. */
  async storePlan(input: {
    kind: PlanView['kind'];
    key: string;
    spec: InstanceSpec;
    resolved: ResolvedContext;
    config: KubeConfig;
    plan: ApplyPlan;
    discovery: ClusterDiscovery;
    problems: ManifestProblem[];
    effects: PlanEffect[];
    ownerPassword: string | null;
    upgrade: StoredPlan['upgrade'];
  }): Promise<PlanView> {
    const { spec, resolved, config, plan, discovery, problems } = input;
    const blocked = problems.length > 0;
    const diff = blocked
      ? []
      : await diffPlan(plan, {
          config,
          target: targetOf(resolved),
          discovery,
          log: this.log,
        });

    const planId = blocked ? null : randomUUID();
    const expires = Date.now() + planTtlMs;
    const view: PlanView = {
      planId,
      kind: input.kind,
      key: input.key,
      name: spec.name,
      namespace: spec.namespace,
      contextId: resolved.summary.id,
      contextName: resolved.summary.ref.name,
      server: resolved.summary.server,
      release: spec.release,
      serviceType: spec.serviceType,
      simulation: spec.manifestSource.kind === 'sandbox-simulation',
      total: plan.total,
      phases: phaseCounts(plan),
      components: componentCounts(plan),
      problems,
      diff: diffView(diff),
      effects: input.effects,
      prune: (input.upgrade?.plan.prune ?? []).map((entry) => ({
        ref: entry.ref,
        component: entry.component,
      })),
      expiresAt: new Date(expires).toISOString(),
    };
    this.dropExpiredPlans();
    if (planId) {
      this.plans.set(planId, {
        view,
        spec,
        plan,
        discovery,
        ownerPassword: input.ownerPassword,
        upgrade: input.upgrade,
        expires,
      });
    }
    return view;
  }

  takePlan(planId: string, kind: PlanView['kind']): StoredPlan {
    this.dropExpiredPlans();
    const stored = this.plans.get(planId);
    if (!stored || stored.view.kind !== kind) {
      throw new AppError(
        'not-found',
        'planExpired',
        `Plan ${planId} is unknown or older than 30 minutes. Review the plan again.`,
        { planId },
      );
    }
    this.plans.delete(planId);
    return stored;
  }

  /**
   * Applies a plan under a job, recording each object in the record's
   * inventory. Objects the record already lists are not sent again, which
   * keeps generated Secrets of an earlier run. A field-manager conflict
   * pauses the job until the user forces or cancels.
   */
  async runApply(
    job: JobHandle,
    fullPlan: ApplyPlan,
    record: InstanceRecord,
    config: KubeConfig,
    resolved: ResolvedContext,
    discovery: ClusterDiscovery,
    entryOptions: { createdNamespace: CreatedNamespace } = { createdNamespace: null },
  ): Promise<void> {
    const contextId = resolved.summary.id;
    const recorded = new Set(record.inventory.map((entry) => inventoryKey(entry.ref)));
    job.start(fullPlan.phases.map((phase) => ({ name: phase.name, total: phase.objects.length })));
    for (const phase of fullPlan.phases) {
      job.skip(phase.name, phase.objects.filter((p) => recorded.has(inventoryKey(p.ref))).length);
    }
    if (recorded.size > 0) job.log('info', 'resuming', { count: String(recorded.size) });

    const componentByKey = new Map(
      fullPlan.phases
        .flatMap((phase) => phase.objects)
        .map((planned) => [inventoryKey(planned.ref), planned.component]),
    );
    const recorder = createInventoryRecorder(config, record, {
      log: this.log,
      onFlushed: (written) => this.saveCopy(contextId, written),
    });
    // A cancelled run leaves the record Creating and still applying, so resume finishes it.
    const finishCancelled = async () => {
      await recorder.close();
      await this.setPhase(
        config,
        contextId,
        recorder.written,
        'Creating',
        'Cancelled; resume to apply the remaining objects.',
        true,
      );
      job.log('warn', 'cancelled', { done: String(recorded.size) });
      job.finish('cancelled');
    };
    let force = false;
    let lastPhase: string | null = null;
    try {
      for (;;) {
        const plan = remainingPlan(fullPlan, recorded);
        if (plan.total === 0) break;
        try {
          const result = await applyPlan(plan, {
            config,
            target: targetOf(resolved),
            discovery,
            force,
            signal: job.signal,
            log: this.log,
            onProgress: (event) => {
              if (event.phase !== lastPhase) {
                lastPhase = event.phase;
                job.log('info', 'phaseStarted', { phase: event.phase });
              }
              job.progress(event.phase, event.component);
            },
            onWaiting: (event) => {
              job.enterPhase(event.phase);
              job.log('info', 'waiting', { phase: event.phase, detail: event.message });
            },
            onApplied: async (ref, hash, result, outcome) => {
              recorded.add(inventoryKey(ref));
              const component = componentByKey.get(inventoryKey(ref)) ?? 'unknown';
              await recorder.record(
                inventoryEntryFor({ ref, hash, component }, result, outcome, entryOptions),
              );
            },
          });
          if (result.status === 'cancelled') {
            await finishCancelled();
            return;
          }
          break;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          const decision = await askConflict(job, error);
          if (decision === 'cancel') {
            await finishCancelled();
            return;
          }
          force = true;
          job.log('info', 'forced', { resource: formatRef(error.ref) });
        }
      }

      await recorder.close();
      const reason = 'All objects are applied; waiting for the components to become healthy.';
      await this.setPhase(config, contextId, recorder.written, 'Creating', reason);
      job.log('info', 'completed', { count: String(recorded.size) });
      job.finish('completed');
    } catch (error) {
      const appError = toAppError(error);
      await recorder.close().catch(() => undefined);
      job.log('error', 'failed', { detail: appError.message });
      // A cluster that stopped responding is retryable: the instance stays
      // Creating and can be resumed. Anything else fails the instance.
      const retryable = ['unreachable', 'timeout', 'throttled', 'unavailable'].includes(
        appError.kind,
      );
      await this.setPhase(
        config,
        contextId,
        recorder.written,
        retryable ? 'Creating' : 'Failed',
        appError.message,
        retryable,
      ).catch((cause: unknown) =>
        this.log.warn('could not write the instance status', { error: String(cause) }),
      );
      job.finish('failed', appError);
    } finally {
      void this.announce();
    }
  }

  /**
   * Reads the record to delete: from the cluster, or from the local copy when
   * the instance namespace is already gone (a deletion that stopped after
   * the namespace was removed finishes from the copy).
   */
  private async recordForDelete(
    config: KubeConfig,
    parts: InstanceKeyParts,
  ): Promise<InstanceRecord> {
    try {
      return await readRecord(config, parts.namespace, parts.name, { log: this.log });
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'not-found') throw error;
      const local = await loadLocalCopies(this.context.dataDir, this.log);
      const copy = local.copies.find(
        (candidate) =>
          candidate.contextKey === parts.contextId &&
          candidate.record.spec.name === parts.name &&
          candidate.record.spec.namespace === parts.namespace,
      );
      if (!copy || copy.record.status.phase === 'Terminated') throw error;
      return copy.record;
    }
  }

  private async runDelete(
    job: JobHandle,
    record: InstanceRecord,
    config: KubeConfig,
    resolved: ResolvedContext,
  ): Promise<void> {
    const contextId = resolved.summary.id;
    // The cluster copy of the record goes away with its namespace, so the
    // local copy is the one that remembers a deletion that stops half-way.
    await this.saveCopy(contextId, {
      ...record,
      status: { ...record.status, phase: 'Terminating' },
    });
    // Kinds of groups outside Kubernetes' own are custom resources, as the
    // delete engine finds them through discovery; the totals are for display.
    const customKinds = new Set(
      record.inventory
        .map(({ ref }) => `${groupOf(ref.apiVersion)}/${ref.kind}`)
        .filter((groupKind) => {
          const group = groupKind.slice(0, groupKind.lastIndexOf('/'));
          return group.includes('.') && !group.endsWith('.k8s.io');
        }),
    );
    const totals = new Map<string, number>(deletePhaseNames.map((name) => [name, 0]));
    for (const { ref } of record.inventory) {
      const phase = deletePhaseOf(ref, customKinds);
      totals.set(phase, (totals.get(phase) ?? 0) + 1);
    }
    job.start(
      [...totals]
        .filter(([, total]) => total > 0)
        .map(([name, total]) => ({ name: `delete-${name}`, total })),
    );
    let lastPhase: string | null = null;
    job.log('info', 'terminating');
    try {
      const result = await deleteInstance(config, record, {
        target: targetOf(resolved),
        signal: job.signal,
        log: this.log,
        onProgress: (event) => {
          const phase = `delete-${event.phase}`;
          if (phase !== lastPhase) {
            lastPhase = phase;
            job.log('info', 'phaseStarted', { phase });
          }
          job.progress(phase, null);
          const resource = formatRef(event.ref);
          if (event.outcome === 'skipped-not-created' || event.outcome === 'skipped-replaced') {
            job.log('info', 'skipped', { resource, reason: event.outcome });
          }
        },
        onWaiting: (event) =>
          job.log('info', 'waiting', { phase: `delete-${event.phase}`, detail: event.message }),
      });
      await this.saveCopy(contextId, result.record);
      if (result.status === 'cancelled') {
        job.log('warn', 'cancelled', { done: String(result.deleted.length) });
        job.finish('cancelled');
        return;
      }
      if (result.status === 'stuck') {
        job.setStuck(stuckRows(result.stuck));
        for (const item of result.stuck) {
          job.log('warn', 'stuck', { resource: formatRef(item.ref), reason: item.detail });
        }
        job.finish(
          'failed',
          new AppError(
            'timeout',
            'deleteStuck',
            `${result.stuck.length} objects of instance ${record.spec.name} are still present at the deadline: ${result.stuck.map((item) => item.detail).join(' ')} Remove what holds them, then delete again.`,
            { instance: record.spec.name, count: String(result.stuck.length) },
          ),
        );
        return;
      }
      const cleaned = await deleteAccessObjects(config, record.spec.name, targetOf(resolved));
      for (const resource of [
        ...cleaned.clusterRoleBindings.map((name) => `ClusterRoleBinding ${name}`),
        ...cleaned.clusterRoles.map((name) => `ClusterRole ${name}`),
        ...cleaned.namespaces.map((name) => `Namespace ${name}`),
      ]) {
        job.log('info', 'deleted', { resource });
      }
      job.log('info', 'terminated');
      job.finish('completed');
    } catch (error) {
      const appError = toAppError(error);
      job.log('error', 'failed', { detail: appError.message });
      job.finish('failed', appError);
    } finally {
      void this.announce();
    }
  }

  private async runUpgrade(
    job: JobHandle,
    record: InstanceRecord,
    plan: UpgradePlan,
    prune: boolean,
    config: KubeConfig,
    resolved: ResolvedContext,
    discovery: ClusterDiscovery,
  ): Promise<void> {
    const contextId = resolved.summary.id;
    const phases: { name: string; total: number }[] = plan.apply.phases.map((phase) => ({
      name: phase.name,
      total: phase.objects.length,
    }));
    if (prune && plan.prune.length > 0) phases.push({ name: 'prune', total: plan.prune.length });
    job.start(phases);
    let force = false;
    let lastPhase: string | null = null;
    try {
      for (;;) {
        try {
          const result = await applyUpgrade(config, record, plan, {
            target: targetOf(resolved),
            discovery,
            force,
            confirmPrune: prune,
            signal: job.signal,
            log: this.log,
            onRecordWritten: (written) => this.saveCopy(contextId, written),
            onProgress: (event) => {
              if (event.phase !== lastPhase) {
                lastPhase = event.phase;
                job.log('info', 'phaseStarted', { phase: event.phase });
              }
              job.progress(event.phase, event.component);
            },
            onWaiting: (event) =>
              job.log('info', 'waiting', { phase: event.phase, detail: event.message }),
            onPruneProgress: (event) => {
              job.progress('prune', event.phase);
              if (event.outcome === 'deleted') {
                job.log('info', 'pruned', { resource: formatRef(event.ref) });
              }
            },
          });
          await this.saveCopy(contextId, result.record);
          if (result.status === 'cancelled') {
            job.log('warn', 'cancelled', { done: String(result.apply.applied.length) });
            job.finish('cancelled');
          } else if (result.status === 'prune-stuck') {
            const stuck = result.prune?.stuck ?? [];
            job.setStuck(stuckRows(stuck));
            job.finish(
              'failed',
              new AppError(
                'timeout',
                'pruneStuck',
                `${stuck.length} objects to prune are still present at the deadline. Remove what holds them, then upgrade again.`,
                { count: String(stuck.length) },
              ),
            );
          } else {
            job.log('info', 'upgraded', { release: plan.to });
            job.finish('completed');
          }
          return;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          const decision = await askConflict(job, error);
          if (decision === 'cancel') {
            job.log('warn', 'cancelled', { done: '0' });
            job.finish('cancelled');
            return;
          }
          force = true;
          job.log('info', 'forced', { resource: formatRef(error.ref) });
        }
      }
    } catch (error) {
      const appError = toAppError(error);
      job.log('error', 'failed', { detail: appError.message });
      job.finish('failed', appError);
    } finally {
      void this.announce();
    }
  }

  /** Writes the record's phase and reason, and its local copy. */
  async setPhase(
    config: KubeConfig,
    contextId: string,
    record: InstanceRecord,
    phase: InstanceRecord['status']['phase'],
    reason: string | null,
    applying = false,
  ): Promise<InstanceRecord> {
    const now = new Date().toISOString();
    const next: InstanceRecord = {
      ...record,
      status: { phase, reason, updatedAt: now, ...(applying ? { applying } : {}) },
      generation: record.generation + 1,
      updatedAt: now,
    };
    await writeRecord(config, next, { log: this.log });
    await this.saveCopy(contextId, next);
    return next;
  }

  async saveCopy(contextId: string, record: InstanceRecord): Promise<void> {
    try {
      await saveLocalCopy(this.context.dataDir, contextId, record);
    } catch (error) {
      this.log.warn('could not save the local copy of an instance', {
        instance: record.spec.name,
        error: String(error),
      });
    }
  }

  /** Sends the current list to every window, after the app changed an instance. */
  async announce(): Promise<void> {
    try {
      this.context.hub.emit('instances.changed', await this.list());
    } catch (error) {
      this.log.warn('could not list instances after a change', { error: String(error) });
    }
  }

  partsOf(key: string): InstanceKeyParts {
    const parts = parseInstanceKey(key);
    if (!parts) {
      throw new AppError(
        'invalid-request',
        'instanceKeyInvalid',
        `"${key}" does not name an instance. Pick the instance from the Instances list.`,
        { key },
      );
    }
    return parts;
  }

  async clientForKey(key: string): Promise<ContextClient> {
    return this.client(this.partsOf(key).contextId);
  }

  /** Reads an instance's record from its cluster, or the local copy when the cluster cannot be read. */
  async load(key: string): Promise<{
    record: InstanceRecord;
    context: ContextSummary;
    origin: InstanceSummary['origin'];
    asOf: string;
  }> {
    const parts = this.partsOf(key);
    const { contexts } = await this.context.kube.listContexts();
    const context = contexts.find((candidate) => candidate.id === parts.contextId);
    try {
      const { config, resolved } = await this.client(parts.contextId);
      const record = await readRecord(config, parts.namespace, parts.name, {
        log: this.log,
        timeoutMs: listTimeoutMs,
      });
      await this.saveCopy(parts.contextId, record);
      return {
        record,
        context: resolved.summary,
        origin: 'cluster',
        asOf: new Date().toISOString(),
      };
    } catch (error) {
      if (!(error instanceof AppError) || error.kind === 'not-found' || !context) throw error;
      const local = await loadLocalCopies(this.context.dataDir, this.log);
      const copy = local.copies.find(
        (candidate) =>
          candidate.contextKey === parts.contextId &&
          candidate.record.spec.name === parts.name &&
          candidate.record.spec.namespace === parts.namespace,
      );
      if (!copy) throw error;
      return { record: copy.record, context, origin: 'local-copy', asOf: copy.savedAt };
    }
  }

  private specOf(
    request: z.output<typeof CreateRequestSchema>,
    resolved: ResolvedContext,
  ): InstanceSpec {
    const parsed = InstanceSpecSchema.safeParse({
      name: request.name,
      release: request.release,
      serviceType: request.serviceType,
      context: resolved.summary.ref,
      namespace: request.namespace,
      owners: request.owners,
      manifestSource: {
        kind: request.source.kind,
        path: request.source.kind === 'sandbox-simulation' ? null : request.source.path,
        tag: null,
      },
      options: request.options,
    });
    if (!parsed.success) {
      const detail = describeIssues(parsed.error);
      throw new AppError('invalid-request', 'instanceSpecInvalid', detail, { detail });
    }
    return parsed.data;
  }

  /**
   * Rejects a second instance in one cluster, because Kubeflow's CRDs and
   * cluster roles are cluster-wide, and names the instance already there.
   */
  private async assertNoInstance(
    config: KubeConfig,
    resolved: ResolvedContext,
    spec: InstanceSpec,
  ): Promise<void> {
    const listed = await listRecords(config, { log: this.log, timeoutMs: listTimeoutMs });
    const existing = listed.records.find(
      (record) => record.status.phase !== 'Terminated' && record.spec.name !== '',
    );
    if (!existing) return;
    const same = existing.spec.name === spec.name && existing.spec.namespace === spec.namespace;
    throw new AppError(
      'conflict',
      same ? 'instanceExists' : 'clusterHasInstance',
      same
        ? `Instance ${spec.name} already exists in namespace ${spec.namespace} (${existing.status.phase}). Open it to resume or delete it.`
        : `Cluster ${resolved.summary.server ?? resolved.summary.ref.name} already runs instance ${existing.spec.name} in namespace ${existing.spec.namespace}; Kubeflow's CRDs are cluster-wide, so a cluster holds one instance. Delete it first or choose another cluster.`,
      {
        instance: existing.spec.name,
        namespace: existing.spec.namespace,
        phase: existing.status.phase,
        cluster: resolved.summary.server ?? resolved.summary.ref.name,
      },
    );
  }

  private dropExpiredPlans(): void {
    const now = Date.now();
    for (const [id, stored] of this.plans) if (stored.expires < now) this.plans.delete(id);
  }

  private async listIn(
    context: ContextSummary,
    terminated: LocalCopy[],
  ): Promise<{ ok: true; instances: InstanceSummary[] } | { ok: false; error: AppError }> {
    try {
      const { config } = await this.client(context.id);
      const listed = await listRecords(config, { timeoutMs: listTimeoutMs, log: this.log });
      const asOf = new Date().toISOString();
      for (const record of listed.records) await this.saveCopy(context.id, record);
      const instances = listed.records.map((record) => summarize(record, context, 'cluster', asOf));
      // A deleted instance's record goes with its namespace; its local copy
      // keeps showing it as Terminated.
      const listedKeys = new Set(instances.map((instance) => instance.key));
      for (const copy of terminated) {
        const summary = summarize(copy.record, context, 'local-copy', copy.savedAt);
        if (!listedKeys.has(summary.key)) instances.push(summary);
      }
      return { ok: true, instances };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error };
      throw error;
    }
  }
}

/**
 * Returns credentials that satisfy the options of a record without being
 * real: a resume or an upgrade never applies a credentials Secret that the
 * inventory already lists, and refuses to run when one is missing, so
 * these values never reach the cluster.
 */
export function placeholderCredentials(record: InstanceRecord): InstanceCredentialsInput {
  const options = record.spec.options;
  const random = () => randomBytes(24).toString('base64url');
  return {
    objectStorage:
      options.objectStorage?.kind === 'external-s3'
        ? { accessKeyId: random(), secretAccessKey: random() }
        : null,
    database: options.database ? { password: random() } : null,
  };
}

/** Turns objects a deletion left behind into the job's rows: object, finalizers and why. */
function stuckRows(stuck: StuckObject[]): Job['stuck'] {
  return stuck.map((item) => ({
    resource: formatRef(item.ref),
    finalizers: item.finalizers,
    reason: item.detail,
  }));
}

/** Logs a field-manager conflict and waits for the user's decision: force or cancel. */
function askConflict(job: JobHandle, error: ConflictError): Promise<'force' | 'cancel'> {
  job.log('warn', 'conflict', { resource: formatRef(error.ref) });
  return job.askConflict({
    resource: formatRef(error.ref),
    fields: error.conflicts.map(({ field, manager }) => ({ field, manager })),
  });
}

/** Returns the source a record was created from, for resume and upgrade. */
export function sourceOfRecord(record: InstanceRecord): PlanSource {
  const { kind, path } = record.spec.manifestSource;
  if (kind === 'sandbox-simulation' || path === null) return { kind: 'sandbox-simulation' };
  return { kind, path };
}

/**
 * Returns the kinds served by groups outside Kubernetes' own (groups that
 * end in k8s.io or have no dot): they come from CRDs or aggregated APIs, so
 * their objects go last.
 */
export function customKindsOf(discovery: ClusterDiscovery): string[] {
  return discovery.resources
    .filter(({ group }) => group.includes('.') && !group.endsWith('.k8s.io'))
    .map((resource) => `${resource.group}/${resource.kind}`);
}

export function targetOf(resolved: ResolvedContext): CallTarget {
  return { server: resolved.summary.server ?? '', user: resolved.summary.user };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', 'internal', String(error), { channel: 'instances' });
}
