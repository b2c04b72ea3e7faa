import { describe, expect, it } from 'vitest';

import {
  parseManifests,
  ResourceIndex,
  validateAgainstCluster,
  type ClusterDiscovery,
} from './manifest-parser';

const discovery: ClusterDiscovery = {
  resources: [
    { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
    { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false },
    { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true },
    {
      group: 'autoscaling',
      version: 'v2',
      kind: 'HorizontalPodAutoscaler',
      resource: 'horizontalpodautoscalers',
      namespaced: true,
    },
    {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      kind: 'ClusterRole',
      resource: 'clusterroles',
      namespaced: false,
    },
    {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
      resource: 'customresourcedefinitions',
      namespaced: false,
    },
  ],
  namespaces: ['default', 'kube-system'],
  failedGroupVersions: [],
};

const configMap = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  key: value\n`;

describe('parseManifests', () => {
  it('reads multi-document YAML', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: `${configMap('one', 'default')}---\n${configMap('two', 'default')}` },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.objects.map((parsed) => parsed.ref.name)).toEqual(['one', 'two']);
  });

  it('records file, index and line', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: `${configMap('one')}---\n${configMap('two')}` },
    ]);
    const second = result.objects[1];
    expect(second?.file).toBe('a.yaml');
    expect(second?.index).toBe(1);
    expect(second?.line).toBe(8);
  });

  it('skips empty documents', () => {
    const text = `---\n# only a comment\n---\n${configMap('one')}---\n---\n`;
    const result = parseManifests([{ file: 'a.yaml', text }]);
    expect(result.problems).toEqual([]);
    expect(result.objects).toHaveLength(1);
    expect(result.objects[0]?.index).toBe(1);
  });

  it('expands List items', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: one}',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: two}',
    ].join('\n');
    const result = parseManifests([{ file: 'list.yaml', text }]);
    expect(result.objects.map((parsed) => parsed.ref.name)).toEqual(['one', 'two']);
    expect(result.objects.map((parsed) => parsed.line)).toEqual([4, 7]);
  });

  it('expands typed lists', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: one}}\n';
    expect(parseManifests([{ file: 'list.yaml', text }]).objects).toHaveLength(1);
  });

  it('reports syntax errors with line', () => {
    const text = `${configMap('one')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n---\n${configMap('three')}`;
    const result = parseManifests([{ file: 'bad.yaml', text }]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.code).toBe('yaml-syntax');
    expect(result.problems[0]?.document).toBe(1);
    expect(result.problems[0]?.line).toBeGreaterThanOrEqual(10);
    expect(result.objects.map((parsed) => parsed.ref.name)).toEqual(['one', 'three']);
  });

  it('reports duplicate keys', () => {
    const result = parseManifests([
      {
        file: 'a.yaml',
        text: 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n',
      },
    ]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['yaml-syntax']);
  });

  it('reports missing apiVersion', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: 'kind: ConfigMap\nmetadata: {name: x}\n' },
    ]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['missing-api-version']);
    expect(result.problems[0]?.message).toContain('ConfigMap x at a.yaml line 1');
  });

  it('reports missing kind', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: 'apiVersion: v1\nmetadata: {name: x}\n' },
    ]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['missing-kind']);
  });

  it('reports missing name', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n' },
    ]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['missing-name']);
    expect(result.problems[0]?.message).toContain('generateName');
  });

  it('reports scalar documents', () => {
    const result = parseManifests([{ file: 'a.yaml', text: 'just text\n' }]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['not-an-object']);
  });

  it('reports duplicates across files', () => {
    const result = parseManifests([
      { file: 'a.yaml', text: configMap('same', 'default') },
      { file: 'b.yaml', text: configMap('same', 'default') },
    ]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['duplicate']);
    expect(result.problems[0]?.file).toBe('b.yaml');
    expect(result.problems[0]?.message).toContain('ConfigMap default/same is defined twice');
    expect(result.objects).toHaveLength(1);
  });

  it('treats versions of a group as one', () => {
    const hpa = (version: string) =>
      `apiVersion: autoscaling/${version}\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: default}\n`;
    const result = parseManifests([{ file: 'a.yaml', text: `${hpa('v1')}---\n${hpa('v2')}` }]);
    expect(result.problems.map((problem) => problem.code)).toEqual(['duplicate']);
  });

  it('reads yes as a boolean', () => {
    const result = parseManifests([{ file: 'a.yaml', text: `${configMap('x')}immutable: yes\n` }]);
    expect(result.objects[0]?.object.immutable).toBe(true);
  });
});

describe('validateAgainstCluster', () => {
  const validate = (text: string, options = {}) =>
    validateAgainstCluster(parseManifests([{ file: 'a.yaml', text }]).objects, discovery, options);

  it('accepts served kinds', () => {
    const result = validate(configMap('x', 'default'));
    expect(result.problems).toEqual([]);
    expect(result.objects).toHaveLength(1);
  });

  it('reports unknown kinds', () => {
    const result = validate(
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n',
    );
    expect(result.problems.map((problem) => problem.code)).toEqual(['unknown-kind']);
    expect(result.problems[0]?.message).toContain('Widget default/w');
    expect(result.objects).toEqual([]);
  });

  it('accepts kinds of bundle CRDs', () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {kind: Widget, plural: widgets}',
      '  versions: [{name: v1, served: true, storage: true}]',
    ].join('\n');
    const result = validate(
      `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n---\n${crd}\n`,
    );
    expect(result.problems).toEqual([]);
    expect(result.objects).toHaveLength(2);
  });

  it('reports unserved versions', () => {
    const result = validate(
      'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: default}\n',
    );
    expect(result.problems.map((problem) => problem.code)).toEqual(['unserved-version']);
    expect(result.problems[0]?.message).toContain('autoscaling/v2');
  });

  it('reports a missing namespace', () => {
    const result = validate(configMap('x'));
    expect(result.problems.map((problem) => problem.code)).toEqual(['missing-namespace']);
  });

  it('applies the allowed default namespace', () => {
    const result = validate(configMap('x'), { defaultNamespace: 'default' });
    expect(result.problems).toEqual([]);
    expect(result.objects[0]?.ref.namespace).toBe('default');
    expect(result.objects[0]?.object.metadata.namespace).toBe('default');
  });

  it('reports unknown namespaces', () => {
    const result = validate(configMap('x', 'kubeflow'));
    expect(result.problems.map((problem) => problem.code)).toEqual(['unknown-namespace']);
    expect(result.problems[0]?.message).toContain('Add a Namespace kubeflow');
  });

  it('accepts namespaces the bundle creates', () => {
    const result = validate(
      `${configMap('x', 'kubeflow')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kubeflow}\n`,
    );
    expect(result.problems).toEqual([]);
  });

  it('skips the namespace check without the list', () => {
    const result = validateAgainstCluster(
      parseManifests([{ file: 'a.yaml', text: configMap('x', 'kubeflow') }]).objects,
      { ...discovery, namespaces: null },
    );
    expect(result.problems).toEqual([]);
  });

  it('drops the namespace of cluster-scoped objects', () => {
    const result = validate(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: default}\n',
    );
    expect(result.objects[0]?.ref.namespace).toBeNull();
    expect(result.objects[0]?.object.metadata.namespace).toBeUndefined();
  });

  it('reports duplicates made by defaulting', () => {
    const result = validate(`${configMap('x')}---\n${configMap('x', 'default')}`, {
      defaultNamespace: 'default',
    });
    expect(result.problems.map((problem) => problem.code)).toEqual(['duplicate']);
  });
});

describe('ResourceIndex', () => {
  it('prefers the cluster over the bundle', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'configmaps' },
      spec: {
        group: '',
        scope: 'Cluster',
        names: { kind: 'ConfigMap', plural: 'configmaps' },
        versions: [{ name: 'v1' }],
      },
    };
    const index = new ResourceIndex(discovery, [crd]);
    expect(index.find('v1', 'ConfigMap')?.source).toBe('cluster');
    expect(index.find('v1', 'ConfigMap')?.namespaced).toBe(true);
  });

  it('skips unserved CRD versions', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        versions: [
          { name: 'v1', served: true },
          { name: 'v1alpha1', served: false },
        ],
      },
    };
    const index = new ResourceIndex(discovery, [crd]);
    expect(index.find('example.com/v1', 'Widget')?.resource).toBe('widgets');
    expect(index.find('example.com/v1alpha1', 'Widget')).toBeUndefined();
  });
});
