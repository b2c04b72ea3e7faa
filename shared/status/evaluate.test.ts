import { describe, expect, it } from 'vitest';

import type { InventoryEntry, ObjectRef } from '../provision/instance';
import { evaluateInstance, type ClusterView } from './evaluate';
import type { ObservedObject } from './health';

const namespace = 'kubeflow';
const catalogImage = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.10.0';

const entry = (
  kind: string,
  name: string,
  component: string,
  apiVersion = 'apps/v1',
): InventoryEntry => ({
  ref: { apiVersion, kind, namespace, name },
  hash: 'h',
  component,
  appliedAt: '2026-01-01T00:00:00.000Z',
});

function workload(name: string, image: string, available: number): ObservedObject {
  return {
    kind: 'Deployment',
    metadata: { name, namespace, generation: 1 },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { spec: { containers: [{ image }] } },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: available,
    },
  };
}

function pod(app: string, image: string, status: Record<string, unknown>): ObservedObject {
  return {
    kind: 'Pod',
    metadata: { name: `${app}-1`, namespace, labels: { app } },
    spec: { containers: [{ image }] },
    status,
  };
}

function viewOf(objects: ObservedObject[], pods: ObservedObject[]): ClusterView {
  const find = (ref: ObjectRef) =>
    objects.find((object) => object.kind === ref.kind && object.metadata?.name === ref.name);
  return {
    object: find,
    pods: () => pods,
    warnings: () => [
      {
        ref: { apiVersion: 'v1', kind: 'Pod', namespace, name: 'trainer-1' },
        reason: 'FailedScheduling',
        message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
        count: 2,
        lastSeen: '2026-01-01T00:01:00.000Z',
      },
      {
        ref: { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, name: 'trainer-5d4f8' },
        reason: 'FailedCreate',
        message: 'admission webhook denied the request',
        count: 1,
        lastSeen: '2026-01-01T00:00:30.000Z',
      },
      {
        ref: { apiVersion: 'v1', kind: 'Pod', namespace, name: 'unrelated' },
        reason: 'BackOff',
        message: 'x',
        count: 1,
        lastSeen: '2026-01-01T00:02:00.000Z',
      },
    ],
    endpoints: () => undefined,
  };
}

const spec = { release: '1.10.0', serviceType: 'essential' as const, namespace };

describe('evaluateInstance', () => {
  it('is healthy with the catalog version when every object is', () => {
    const running = pod('jupyter-web-app-deployment', catalogImage, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    const result = evaluateInstance(
      spec,
      [
        entry('Deployment', 'jupyter-web-app-deployment', 'jupyter'),
        entry('ConfigMap', 'settings', 'jupyter', 'v1'),
      ],
      viewOf(
        [
          workload('jupyter-web-app-deployment', catalogImage, 1),
          { kind: 'ConfigMap', metadata: { name: 'settings' } },
        ],
        [running],
      ),
    );
    expect(result.healthy).toBe(true);
    const jupyter = result.components.find((component) => component.id === 'jupyter');
    // Images that match the catalog's stand for the catalog version, which the managed service names.
    expect(jupyter).toMatchObject({ health: 'Healthy', drift: [] });
    expect(jupyter?.observedVersion).toBe(jupyter?.expectedVersion);
    expect(result.faults).toEqual([]);
    expect(result.events).toEqual([]);
  });

  it('reads drift from the running pods', () => {
    const drifted = 'ghcr.io/kubeflow/kubeflow/jupyter-web-app:v1.9.1';
    const result = evaluateInstance(
      spec,
      [entry('Deployment', 'jupyter-web-app-deployment', 'jupyter')],
      viewOf(
        [workload('jupyter-web-app-deployment', catalogImage, 1)],
        [
          pod('jupyter-web-app-deployment', drifted, {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
          }),
        ],
      ),
    );
    const jupyter = result.components.find((component) => component.id === 'jupyter');
    expect(jupyter?.observedVersion).toBe('v1.9.1');
    expect(jupyter?.drift).toHaveLength(1);
  });

  it('lists the pods at fault before their workload, with their events', () => {
    const pending = pod('trainer', catalogImage, {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '4 Insufficient nvidia.com/gpu',
        },
      ],
    });
    const result = evaluateInstance(
      spec,
      [entry('Deployment', 'trainer', 'trainer')],
      viewOf([workload('trainer', catalogImage, 0)], [pending]),
    );
    expect(result.healthy).toBe(false);
    expect(result.failure).toBeNull();
    expect(result.faults.map((fault) => fault.ref.kind)).toEqual(['Pod', 'Deployment']);
    expect(result.pending).toContain('Insufficient nvidia.com/gpu');
    expect(result.events.map((event) => event.reason)).toEqual([
      'FailedScheduling',
      'FailedCreate',
    ]);
  });

  it('reports a missing object and an empty inventory', () => {
    const missing = evaluateInstance(
      spec,
      [entry('ConfigMap', 'gone', 'jupyter', 'v1')],
      viewOf([], []),
    );
    expect(missing.faults[0]?.health).toBe('Missing');
    expect(missing.healthy).toBe(false);

    const empty = evaluateInstance(spec, [], viewOf([], []));
    expect(empty.healthy).toBe(false);
    expect(empty.pending).toContain('inventory is empty');
  });

  it('names a failed object as the failure', () => {
    const failedPod = pod('trainer', catalogImage, {
      phase: 'Pending',
      containerStatuses: [{ name: 'main', state: { waiting: { reason: 'ImagePullBackOff' } } }],
    });
    const result = evaluateInstance(
      spec,
      [entry('Deployment', 'trainer', 'trainer')],
      viewOf([workload('trainer', catalogImage, 0)], [failedPod]),
    );
    expect(result.failure).toContain('ImagePullBackOff');
  });
});
