import { describe, expect, it } from 'vitest';

import { objectHealth, rollUp, webhookHealth, type ObservedObject } from './health';

const deployment = (status: Record<string, unknown>, generation = 1): ObservedObject => ({
  kind: 'Deployment',
  metadata: { name: 'ml-pipeline', generation },
  spec: { replicas: 2 },
  status: { observedGeneration: 1, ...status },
});

describe('objectHealth', () => {
  it.each([
    [
      'available deployment',
      deployment({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 }),
      'Healthy',
    ],
    [
      'deployment rolling out',
      deployment({ replicas: 2, updatedReplicas: 1, availableReplicas: 1 }),
      'Progressing',
    ],
    [
      'deployment not observed',
      deployment({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, 2),
      'Progressing',
    ],
    [
      'deployment past its deadline',
      deployment({
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      'Failed',
    ],
    [
      'deployment whose pods are rejected',
      deployment({
        replicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'admission webhook denied the request',
          },
        ],
      }),
      'Progressing',
    ],
    [
      'statefulset ready',
      {
        kind: 'StatefulSet',
        spec: { replicas: 1 },
        status: { readyReplicas: 1, updatedReplicas: 1 },
      },
      'Healthy',
    ],
    [
      'statefulset starting',
      { kind: 'StatefulSet', spec: { replicas: 1 }, status: { readyReplicas: 0 } },
      'Progressing',
    ],
    [
      'daemonset available',
      {
        kind: 'DaemonSet',
        status: { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 },
      },
      'Healthy',
    ],
    [
      'daemonset short',
      {
        kind: 'DaemonSet',
        status: { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1 },
      },
      'Progressing',
    ],
    [
      'job complete',
      { kind: 'Job', status: { conditions: [{ type: 'Complete', status: 'True' }] } },
      'Healthy',
    ],
    [
      'job failed',
      {
        kind: 'Job',
        status: {
          conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
        },
      },
      'Failed',
    ],
    [
      'pod ready',
      {
        kind: 'Pod',
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      },
      'Healthy',
    ],
    [
      'pod unschedulable',
      {
        kind: 'Pod',
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/4 nodes are available: 1 Insufficient nvidia.com/gpu.',
            },
          ],
        },
      },
      'Progressing',
    ],
    [
      'pod pulling fails',
      {
        kind: 'Pod',
        status: {
          phase: 'Pending',
          containerStatuses: [{ name: 'main', state: { waiting: { reason: 'ImagePullBackOff' } } }],
        },
      },
      'Failed',
    ],
    ['pod failed', { kind: 'Pod', status: { phase: 'Failed', reason: 'Evicted' } }, 'Failed'],
    ['pvc bound', { kind: 'PersistentVolumeClaim', status: { phase: 'Bound' } }, 'Healthy'],
    ['pvc pending', { kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } }, 'Progressing'],
    ['cluster ip service', { kind: 'Service', spec: { type: 'ClusterIP' } }, 'Present'],
    [
      'load balancer without address',
      { kind: 'Service', spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } },
      'Progressing',
    ],
    [
      'load balancer with address',
      {
        kind: 'Service',
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '127.0.0.2' }] } },
      },
      'Healthy',
    ],
    [
      'crd established',
      {
        kind: 'CustomResourceDefinition',
        status: { conditions: [{ type: 'Established', status: 'True' }] },
      },
      'Healthy',
    ],
    [
      'crd names rejected',
      {
        kind: 'CustomResourceDefinition',
        status: { conditions: [{ type: 'NamesAccepted', status: 'False' }] },
      },
      'Failed',
    ],
    [
      'namespace terminating',
      { kind: 'Namespace', status: { phase: 'Terminating' } },
      'Terminating',
    ],
    ['namespace active', { kind: 'Namespace', status: { phase: 'Active' } }, 'Healthy'],
    [
      'apiservice unavailable',
      {
        kind: 'APIService',
        status: {
          conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }],
        },
      },
      'Failed',
    ],
    [
      'custom resource ready',
      { kind: 'Profile', status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      'Healthy',
    ],
    [
      'custom resource not ready',
      { kind: 'Profile', status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      'Progressing',
    ],
    ['configmap', { kind: 'ConfigMap', data: {} } as ObservedObject, 'Present'],
    [
      'object being deleted',
      { kind: 'ConfigMap', metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } },
      'Terminating',
    ],
  ] as const)('%s', (_name, object, health) => {
    expect(objectHealth(object as ObservedObject).health).toBe(health);
  });

  it('names the webhook that rejects pods', () => {
    const rejected = deployment({
      conditions: [
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message: 'admission webhook denied the request',
        },
      ],
    });
    expect(objectHealth(rejected).reason).toContain('admission webhook denied');
  });

  it('names the scheduler reason of an unschedulable pod', () => {
    const pod = {
      kind: 'Pod',
      status: {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '1 Insufficient nvidia.com/gpu',
          },
        ],
      },
    };
    expect(objectHealth(pod).reason).toContain('Insufficient nvidia.com/gpu');
  });
});

describe('webhookHealth', () => {
  const webhook = {
    kind: 'ValidatingWebhookConfiguration',
    webhooks: [{ clientConfig: { service: { namespace: 'kubeflow', name: 'katib-controller' } } }],
  } as ObservedObject;

  it('fails without ready endpoints', () => {
    const result = webhookHealth(webhook, () => ({ subsets: [] }) as ObservedObject);
    expect(result.health).toBe('Failed');
    expect(result.reason).toContain('kubeflow/katib-controller');
  });

  it('is healthy with a ready address', () => {
    const endpoints = { subsets: [{ addresses: [{ ip: '127.0.0.5' }] }] } as ObservedObject;
    expect(webhookHealth(webhook, () => endpoints).health).toBe('Healthy');
  });
});

describe('rollUp', () => {
  it('takes the worst state', () => {
    expect(rollUp(['Healthy', 'Progressing', 'Failed'])).toBe('Failed');
    expect(rollUp(['Healthy', 'Present'])).toBe('Healthy');
    expect(rollUp(['Present', 'Present'])).toBe('Present');
    expect(rollUp(['Healthy', 'Missing'])).toBe('Missing');
    expect(rollUp([])).toBe('Missing');
  });
});
