import { describe, expect, it } from 'vitest';

import {
  inventoryKey,
  newInstanceRecord,
  type InstanceRecord,
  type InventoryEntry,
} from '../../shared/provision/instance';
import { contentHash, refOf, type KubeObject } from './object-ref';
import { keepCreated } from './inventory';
import { inventoryEntryFor, planUpgrade } from './upgrade-plan';

const configMap = (name: string, value: string, namespace = 'kubeflow'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { value },
});
const namespace = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

function entryOf(object: KubeObject, created = true): InventoryEntry {
  return {
    ref: refOf(object),
    hash: contentHash(object),
    component: 'test',
    appliedAt: '2026-01-01T00:00:00.000Z',
    created,
    uid: `uid-${object.metadata.name}`,
  };
}

function recordWith(objects: { object: KubeObject; created?: boolean }[]): InstanceRecord {
  const record = newInstanceRecord({
    name: 'team',
    release: '1.8.0',
    serviceType: 'serving',
    context: { source: '/tmp/kubeconfig', name: 'admin' },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
  });
  record.inventory = objects.map(({ object, created }) => entryOf(object, created ?? true));
  return record;
}

describe('inventoryEntryFor', () => {
  const object = {
    ...configMap('a', '1'),
    metadata: { name: 'a', namespace: 'kubeflow', uid: 'u1' },
  };
  const planned = { ref: refOf(object), hash: 'h', component: 'pipelines' };

  it('marks a 201 as created', () => {
    const entry = inventoryEntryFor(planned, object, 'created', {
      appliedAt: new Date('2026-01-02T00:00:00Z'),
    });
    expect(entry).toEqual({
      ref: planned.ref,
      hash: 'h',
      component: 'pipelines',
      appliedAt: '2026-01-02T00:00:00.000Z',
      created: true,
      uid: 'u1',
    });
    expect(inventoryEntryFor(planned, object, 'applied').created).toBe(false);
  });

  it('counts the namespace the record write created', () => {
    const live = { ...namespace('kubeflow'), metadata: { name: 'kubeflow', uid: 'ns-1' } };
    const plannedNamespace = { ref: refOf(live), hash: 'h', component: 'platform' };
    const created = { name: 'kubeflow', uid: 'ns-1' };
    expect(
      inventoryEntryFor(plannedNamespace, live, 'applied', { createdNamespace: created }).created,
    ).toBe(true);
    expect(
      inventoryEntryFor(plannedNamespace, live, 'applied', {
        createdNamespace: { name: 'kubeflow', uid: 'ns-other' },
      }).created,
    ).toBe(false);
  });
});

describe('keepCreated', () => {
  const first = entryOf(configMap('a', '1'));
  const entries = new Map([[inventoryKey(first.ref), first]]);

  it('keeps the created mark of the same object', () => {
    expect(keepCreated(entries, { ...first, created: false }).created).toBe(true);
  });

  it('drops it for a recreated object', () => {
    expect(keepCreated(entries, { ...first, created: false, uid: 'uid-new' }).created).toBe(false);
  });
});

describe('planUpgrade', () => {
  const same = configMap('same', '1');
  const changedOld = configMap('changed', 'old');
  const removed = configMap('removed', '1');
  const foreign = configMap('foreign', '1');
  const record = recordWith([
    { object: namespace('kubeflow') },
    { object: namespace('knative-eventing') },
    { object: same },
    { object: changedOld },
    { object: removed },
    { object: foreign, created: false },
  ]);
  const plan = planUpgrade(
    record,
    [same, configMap('changed', 'new'), configMap('added', '1'), namespace('oauth2-proxy')],
    { release: '1.10.0' },
  );
  const names = (refs: { name: string }[]) => refs.map((ref) => ref.name).sort();

  it('sorts objects by content hash', () => {
    expect(plan.from).toBe('1.8.0');
    expect(plan.to).toBe('1.10.0');
    expect(names(plan.added)).toEqual(['added', 'oauth2-proxy']);
    expect(names(plan.changed)).toEqual(['changed']);
    expect(names(plan.unchanged)).toEqual(['same']);
    expect(plan.apply.total).toBe(4);
  });

  it('prunes only what the app created, never the instance namespace', () => {
    expect(names(plan.prune.map((entry) => entry.ref))).toEqual(['knative-eventing', 'removed']);
    expect(names(plan.leftAlone.map((entry) => entry.ref))).toEqual(['foreign', 'kubeflow']);
  });

  it('counts a new apiVersion as a change', () => {
    const old: KubeObject = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Profile',
      metadata: { name: 'p' },
      spec: {},
    };
    const next = { ...old, apiVersion: 'kubeflow.org/v1' };
    const upgraded = planUpgrade(
      { ...record, inventory: [{ ...entryOf(old), hash: contentHash(next) }] },
      [next],
      { release: '1.10.0' },
    );
    expect(names(upgraded.changed)).toEqual(['p']);
    expect(upgraded.prune).toEqual([]);
  });
});
