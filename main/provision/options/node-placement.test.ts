import { describe, expect, it } from 'vitest';

import { componentsFor } from '../../../shared/catalog';
import { NodePlacementSchema, type NodePlacement } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { generateSandboxBundle } from '../sandbox-bundle';
import { applyNodePlacement } from './node-placement';
import { findIn, ingressObjects, workloadObjects } from './upstream-fixtures';
import { podTemplateOf } from './objects';

const pool = (value: string) => ({ nodeSelector: { 'kubeflow-desktop.io/pool': value } });

function placement(input: Record<string, unknown>): NodePlacement {
  return NodePlacementSchema.parse(input);
}

function specOf(objects: KubeObject[], kind: string, name: string) {
  const object = findIn(objects, kind, name);
  if (!object) throw new Error(`${kind} ${name} is missing`);
  return podTemplateOf(object)?.spec;
}

describe('applyNodePlacement', () => {
  const components = componentsFor('1.10.0', 'serving');

  it('puts the ingress gateway on the ingress pool', () => {
    const objects = ingressObjects();

    applyNodePlacement(
      objects,
      placement({ ingress: pool('ingress'), worker: pool('worker') }),
      components,
    );

    expect(specOf(objects, 'Deployment', 'istio-ingressgateway')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'ingress',
    });
    expect(specOf(objects, 'Deployment', 'cluster-local-gateway')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'worker',
    });
  });

  it('puts a GPU workload on the GPU pool with a toleration', () => {
    const objects = workloadObjects();

    const effects = applyNodePlacement(
      objects,
      placement({ worker: pool('worker'), gpu: pool('gpu') }),
      components,
    );

    const spec = specOf(objects, 'Deployment', 'gpu-runner');
    expect(spec?.nodeSelector).toEqual({ 'kubeflow-desktop.io/pool': 'gpu' });
    expect(spec?.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(effects.map((entry) => entry.text.code)).toContain(
      'instanceOptions.effect.tolerationsAdded',
    );
    expect(specOf(objects, 'StatefulSet', 'metacontroller')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'worker',
    });
  });

  it('sets the GPU count', () => {
    const objects = workloadObjects();

    applyNodePlacement(objects, placement({ gpu: { ...pool('gpu'), gpuCount: 2 } }), components);

    const container = specOf(objects, 'Deployment', 'gpu-runner')?.containers?.[0];
    expect(container?.resources?.limits).toEqual({ 'nvidia.com/gpu': 2 });
  });

  it('swaps the GPU for a MIG slice', () => {
    const objects = workloadObjects();

    const effects = applyNodePlacement(
      objects,
      placement({ gpu: { ...pool('gpu'), migProfile: '1g.10gb' } }),
      components,
    );

    const container = specOf(objects, 'Deployment', 'gpu-runner')?.containers?.[0];
    expect(container?.resources?.limits).toEqual({ 'nvidia.com/mig-1g.10gb': 1 });
    const gpuEffect = effects.find(
      (entry) => entry.text.code === 'instanceOptions.effect.gpuResourceSet',
    );
    expect(gpuEffect?.text.params).toMatchObject({
      resource: 'nvidia.com/mig-1g.10gb',
      count: '1',
      object: 'Deployment kubeflow/gpu-runner',
    });
  });

  it('leaves a GPU workload alone without a GPU pool', () => {
    const objects = workloadObjects();

    applyNodePlacement(objects, placement({ worker: pool('worker') }), components);

    expect(specOf(objects, 'Deployment', 'gpu-runner')?.nodeSelector).toBeUndefined();
  });

  it('skips DaemonSets', () => {
    const objects = workloadObjects();

    applyNodePlacement(objects, placement({ worker: pool('worker') }), components);

    expect(
      specOf(objects, 'DaemonSet', 'kserve-localmodelnode-agent')?.nodeSelector,
    ).toBeUndefined();
  });

  it('keeps existing selectors and tolerations', () => {
    const objects = workloadObjects();
    const spec = specOf(objects, 'StatefulSet', 'metacontroller');
    if (!spec) throw new Error('missing');
    spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    const toleration = {
      key: 'dedicated',
      operator: 'Equal',
      value: 'kubeflow',
      effect: 'NoSchedule',
    };

    applyNodePlacement(
      objects,
      placement({ worker: { ...pool('worker'), tolerations: [toleration] } }),
      components,
    );
    applyNodePlacement(
      objects,
      placement({ worker: { ...pool('worker'), tolerations: [toleration] } }),
      components,
    );

    expect(spec.nodeSelector).toEqual({
      'kubernetes.io/os': 'linux',
      'kubeflow-desktop.io/pool': 'worker',
    });
    expect(spec.tolerations).toEqual([toleration]);
  });

  it('sends application workloads to the CPU pool', () => {
    const bundle = generateSandboxBundle('1.10.0', 'serving');

    applyNodePlacement(
      bundle.objects,
      placement({ worker: pool('worker'), cpu: pool('cpu') }),
      components,
    );

    expect(specOf(bundle.objects, 'Deployment', 'ml-pipeline')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'cpu',
    });
    expect(specOf(bundle.objects, 'Deployment', 'istiod')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'worker',
    });
  });

  it('describes each change for the plan', () => {
    const objects = ingressObjects();

    const effects = applyNodePlacement(
      objects,
      placement({ ingress: pool('ingress') }),
      components,
    );

    expect(effects).toHaveLength(1);
    expect(effects[0]?.message).toBe(
      'Node selector kubeflow-desktop.io/pool=ingress (ingress pool) added to Deployment istio-system/istio-ingressgateway.',
    );
    expect(effects[0]?.ref).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'istio-system',
      name: 'istio-ingressgateway',
    });
  });

  it('places catalog GPU-capable workloads', () => {
    const bundle = generateSandboxBundle('1.10.0', 'serving');
    const marked = components.map((component) => ({
      ...component,
      workloads: component.workloads.map((workload) =>
        workload.name === 'ml-pipeline' ? { ...workload, gpuCapable: true } : workload,
      ),
    }));

    applyNodePlacement(
      bundle.objects,
      placement({ worker: pool('worker'), gpu: { ...pool('gpu'), migProfile: '2g.20gb' } }),
      marked,
    );

    const spec = specOf(bundle.objects, 'Deployment', 'ml-pipeline');
    expect(spec?.nodeSelector).toEqual({ 'kubeflow-desktop.io/pool': 'gpu' });
    expect(spec?.containers?.[0]?.resources?.limits).toEqual({ 'nvidia.com/mig-2g.20gb': 1 });
    expect(specOf(bundle.objects, 'Deployment', 'ml-pipeline-ui')?.nodeSelector).toEqual({
      'kubeflow-desktop.io/pool': 'worker',
    });
  });
});
