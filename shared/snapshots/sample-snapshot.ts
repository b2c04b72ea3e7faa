import { instanceKey } from '../provision/instance-key';
import { snapshotFormatVersion, type Snapshot, type SnapshotSections } from './schema';

/** Options of sampleSnapshot. */
export interface SampleOptions {
  id?: string;
  name?: string;
  contextId?: string;
  takenAt?: string;
  note?: string;
  /** Users besides the owner, as email → role. */
  users?: Record<string, string>;
  katibVersion?: string;
}

/** Sections of a plausible 1.10.0 instance, for tests, the benchmark and the renderer's tests. */
export function sampleSections(options: SampleOptions = {}): SnapshotSections {
  const name = options.name ?? 'team-a';
  const users = options.users ?? { 'bob@example.com': 'edit' };
  return {
    instance: {
      spec: {
        name,
        release: '1.10.0',
        serviceType: 'hpt',
        context: { source: '/home/admin/.kube/config', name: 'sandbox-admin' },
        namespace: 'kubeflow',
        owners: ['alice@example.com'],
        manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
        options: {},
      },
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-02T09:30:00.000Z',
      generation: 3,
      objectCount: 42,
      objectsByComponent: { katib: 12, pipelines: 30 },
    },
    status: {
      phase: 'Active',
      reason: null,
      updatedAt: '2026-11-02T09:30:00.000Z',
      components: [
        {
          id: 'katib',
          expectedVersion: 'v0.18.0',
          observedVersion: options.katibVersion ?? 'v0.18.0',
          objectCount: 12,
          state: 'Ready',
        },
        {
          id: 'pipelines',
          expectedVersion: '2.5.0',
          observedVersion: '2.5.0',
          objectCount: 30,
          state: 'Ready',
        },
      ],
      history: [
        { phase: 'Creating', reason: null, at: '2026-11-02T09:00:00.000Z' },
        { phase: 'Active', reason: null, at: '2026-11-02T09:30:00.000Z' },
      ],
    },
    access: {
      owners: ['alice@example.com'],
      users: Object.entries(users).map(([email, role]) => ({ email, role })),
      groups: [{ name: 'ml-team', members: ['bob@example.com'] }],
      bindings: Object.entries(users).map(([email, role]) => ({
        subjectKind: 'User' as const,
        subject: email,
        role: `kubeflow-${role}`,
        namespace: 'team-a',
      })),
    },
    matrix: {
      roles: ['owner', 'edit', 'view'],
      permissions: ['notebooks', 'pipelines'],
      cells: [
        { role: 'owner', permission: 'notebooks', value: 'allowed' },
        { role: 'edit', permission: 'notebooks', value: 'allowed' },
        { role: 'view', permission: 'notebooks', value: 'denied' },
      ],
    },
  };
}

export function sampleSnapshot(options: SampleOptions = {}): Snapshot {
  const name = options.name ?? 'team-a';
  const contextId = options.contextId ?? '/home/admin/.kube/config:sandbox-admin';
  return {
    formatVersion: snapshotFormatVersion,
    id: options.id ?? '20261102093000000-0a1b2c3d',
    takenAt: options.takenAt ?? '2026-11-02T09:30:00.000Z',
    note: options.note ?? 'before upgrade',
    trigger: 'manual',
    origin: {
      instanceKey: instanceKey(contextId, 'kubeflow', name),
      contextId,
      contextName: 'sandbox-admin',
      server: 'https://127.0.0.1:6443',
      namespace: 'kubeflow',
      name,
    },
    sections: sampleSections(options),
  };
}
