import type { KubeConfig } from '@kubernetes/client-node';

import {
  inventoryKey,
  type InstanceRecord,
  type InventoryEntry,
  type Release,
} from '../../shared/provision/instance';
import { applyPlan, type ApplyOptions, type ApplyOutcome, type ApplyResult } from './apply-engine';
import { planApply, type ApplyPlan, type PlanOptions, type PlannedObject } from './apply-plan';
import {
  deleteObjects,
  type DeleteObjectsOptions,
  type DeleteObjectsResult,
  type DeleteProgressEvent,
} from './delete-engine';
import { createInventoryRecorder, writeRecord, type StoreOptions } from './inventory';
import type { ParsedObject } from './manifest-parser';
import type { KubeObject, ObjectRef } from './object-ref';

export interface EntryOptions {
  appliedAt?: Date;
  /** WrittenRecord.createdNamespace of the first record write: that namespace counts as created. */
  createdNamespace?: { name: string; uid: string } | null;
}

/**
 * Builds the inventory entry of an applied object. `created` is true only
 * when the server created it (201). A recorder keeps an earlier true mark of
 * the same object (see keepCreated in inventory.ts).
 */
// NOTE: an object created (201) whose entry was lost in a crash before the
// recorder flushed is recorded as not created when the resumed apply gets 200,
// so delete and prune leave it in place.
export function inventoryEntryFor(
  planned: Pick<PlannedObject, 'ref' | 'hash' | 'component'>,
  result: KubeObject,
  outcome: ApplyOutcome,
  options: EntryOptions = {},
): InventoryEntry {
  const uid = result.metadata.uid;
  const namespace = options.createdNamespace ?? null;
  const isCreatedNamespace =
    namespace !== null &&
    planned.ref.kind === 'Namespace' &&
    planned.ref.apiVersion === 'v1' &&
    planned.ref.name === namespace.name &&
    uid === namespace.uid;
  return {
    ref: planned.ref,
    hash: planned.hash,
    component: planned.component,
    appliedAt: (options.appliedAt ?? new Date()).toISOString(),
    created: outcome === 'created' || isCreatedNamespace,
    ...(typeof uid === 'string' && uid !== '' ? { uid } : {}),
  };
}

export interface UpgradePlanOptions extends PlanOptions {
  /** The release the new objects belong to. */
  release: Release;
}

export interface UpgradePlan {
  from: Release;
  to: Release;
  /** Plan that applies every object of the new release. */
  apply: ApplyPlan;
  /** Objects the inventory does not list yet. */
  added: ObjectRef[];
  /** Objects whose content hash differs from the inventory's. */
  changed: ObjectRef[];
  /** Objects whose content hash equals the inventory's. */
  unchanged: ObjectRef[];
  /** Inventory objects that the new release no longer has and that the app created: deleted after confirmation. */
  prune: InventoryEntry[];
  /** Inventory objects the new release no longer has but that the app did not create: left alone and dropped from the inventory. */
  leftAlone: InventoryEntry[];
}

/**
 * Compares a record's inventory with the objects of a new release. Objects
 * are matched by group, kind, namespace and name, so a new API version of
 * the same kind is a change, not an add and a prune. The instance namespace
 * is never pruned, because the record lives in it.
 */
export function planUpgrade(
  record: InstanceRecord,
  objects: (ParsedObject | KubeObject)[],
  options: UpgradePlanOptions,
): UpgradePlan {
  const apply = planApply(objects, options);
  const inventory = new Map(record.inventory.map((entry) => [inventoryKey(entry.ref), entry]));
  const added: ObjectRef[] = [];
  const changed: ObjectRef[] = [];
  const unchanged: ObjectRef[] = [];
  const inNewRelease = new Set<string>();

  for (const planned of apply.phases.flatMap((phase) => phase.objects)) {
    const key = inventoryKey(planned.ref);
    inNewRelease.add(key);
    const entry = inventory.get(key);
    if (!entry) added.push(planned.ref);
    else if (entry.hash === planned.hash && entry.ref.apiVersion === planned.ref.apiVersion)
      unchanged.push(planned.ref);
    else changed.push(planned.ref);
  }

  const prune: InventoryEntry[] = [];
  const leftAlone: InventoryEntry[] = [];
  for (const entry of record.inventory) {
    if (inNewRelease.has(inventoryKey(entry.ref))) continue;
    const instanceNamespace =
      entry.ref.kind === 'Namespace' &&
      entry.ref.apiVersion === 'v1' &&
      entry.ref.name === record.spec.namespace;
    if (entry.created === true && !instanceNamespace) prune.push(entry);
    else leftAlone.push(entry);
  }
  return {
    from: record.spec.release,
    to: options.release,
    apply,
    added,
    changed,
    unchanged,
    prune,
    leftAlone,
  };
}

export interface UpgradeOptions extends Omit<ApplyOptions, 'config' | 'onApplied'> {
  /** Deletes the prune list; without it the old objects stay in the inventory until a later run confirms. */
  confirmPrune: boolean;
  store?: StoreOptions;
  /** Inventory writes batch this many entries (default 50). */
  flushEvery?: { entries?: number; intervalMs?: number };
  /** Called with each record after it was written, to save the local copy. */
  onRecordWritten?: (record: InstanceRecord) => void | Promise<void>;
  onPruneProgress?: (event: DeleteProgressEvent) => void;
  /** Options of the prune's deletes (deadline, phase wait). */
  prune?: Pick<DeleteObjectsOptions, 'deadlineMs' | 'phaseWaitMs' | 'pollIntervalMs'>;
  now?: () => Date;
}

export interface UpgradeResult {
  status: 'completed' | 'cancelled' | 'prune-stuck';
  apply: ApplyResult;
  /** Null when the prune was not confirmed or the apply was cancelled. */
  prune: DeleteObjectsResult | null;
  /** The record as last written. */
  record: InstanceRecord;
}

/**
 * Upgrades an instance to the plan's release. Order, chosen so a crash at
 * any moment leaves a record that a second run completes:
 * 1. the record gets spec.release = the new release, phase Creating and
 *    reason "Upgrading from X to Y" (old entries stay in the inventory);
 * 2. the new release's objects are applied, each recorded as it is applied;
 * 3. with confirmPrune, the prune list is deleted and removed from the
 *    inventory, together with the objects the app did not create;
 * 4. the record becomes Active.
 * Without confirmPrune the old objects stay in the inventory and the reason
 * gives how many wait for pruning, so a delete still removes them.
 *
 * Throws like applyPlan and deleteObjects (ConflictError, classified
 * AppError); the record then stays Creating with the objects applied so far.
 */
export async function applyUpgrade(
  config: KubeConfig,
  record: InstanceRecord,
  plan: UpgradePlan,
  options: UpgradeOptions,
): Promise<UpgradeResult> {
  const now = options.now ?? (() => new Date());
  const store = { log: options.log, timeoutMs: options.timeoutMs, ...options.store };
  const stamp = (
    next: InstanceRecord,
    phase: InstanceRecord['status']['phase'],
    reason: string | null,
  ) => {
    const time = now().toISOString();
    // Creating here means objects of the new release are still being applied.
    return {
      ...next,
      status: {
        phase,
        reason,
        updatedAt: time,
        ...(phase === 'Creating' ? { applying: true } : {}),
      },
      updatedAt: time,
      generation: next.generation + 1,
    };
  };
  const save = async (next: InstanceRecord) => {
    await writeRecord(config, next, store);
    await options.onRecordWritten?.(next);
    return next;
  };

  let current = await save(
    stamp(
      { ...record, spec: { ...record.spec, release: plan.to } },
      'Creating',
      `Upgrading from ${plan.from} to ${plan.to}.`,
    ),
  );

  const recorder = createInventoryRecorder(config, current, {
    ...store,
    flushEvery: options.flushEvery,
    onFlushed: options.onRecordWritten,
  });
  const components = new Map(
    plan.apply.phases.flatMap((phase) =>
      phase.objects.map((planned) => [inventoryKey(planned.ref), planned.component] as const),
    ),
  );
  let applied: ApplyResult;
  try {
    applied = await applyPlan(plan.apply, {
      ...options,
      config,
      onApplied: (ref, hash, result, outcome) => {
        const component = components.get(inventoryKey(ref)) ?? 'cluster';
        const planned = { ref, hash, component };
        return recorder.record(inventoryEntryFor(planned, result, outcome, { appliedAt: now() }));
      },
    });
  } finally {
    await recorder.close();
  }
  current = recorder.written;
  if (applied.status === 'cancelled') {
    return { status: 'cancelled', apply: applied, prune: null, record: current };
  }

  if (!options.confirmPrune) {
    const reason =
      plan.prune.length > 0
        ? `${plan.prune.length} objects of release ${plan.from} wait for pruning.`
        : null;
    current = await save(stamp(current, 'Active', reason));
    return { status: 'completed', apply: applied, prune: null, record: current };
  }

  const pruned = await deleteObjects(plan.prune, {
    ...options,
    ...options.prune,
    config,
    onProgress: options.onPruneProgress,
    onWaiting: undefined,
  });
  const stuckKeys = new Set(pruned.stuck.map((stuck) => inventoryKey(stuck.ref)));
  const unhandledKeys = new Set(pruned.notHandled.map((ref) => inventoryKey(ref)));
  const removed = new Set(
    [...plan.prune, ...plan.leftAlone]
      .map((entry) => inventoryKey(entry.ref))
      .filter((key) => !stuckKeys.has(key) && !unhandledKeys.has(key)),
  );
  const inventory = current.inventory.filter((entry) => !removed.has(inventoryKey(entry.ref)));
  const status: UpgradeResult['status'] =
    pruned.status === 'cancelled'
      ? 'cancelled'
      : pruned.status === 'stuck'
        ? 'prune-stuck'
        : 'completed';
  const reason =
    status === 'prune-stuck'
      ? `Objects of release ${plan.from} still present: ${pruned.stuck.map((stuck) => stuck.detail).join(' ')}`
      : status === 'cancelled'
        ? `The prune of release ${plan.from} objects was cancelled; upgrade again to finish it.`
        : null;
  current = await save(stamp({ ...current, inventory }, 'Active', reason));
  return { status, apply: applied, prune: pruned, record: current };
}
