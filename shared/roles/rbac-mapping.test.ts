import { describe, expect, it } from 'vitest';

import { releases } from '../provision/instance';
import { permissions, type Permission } from './permissions';
import { permissionMapping, type RbacRule } from './rbac-mapping';

function allows(
  rules: readonly RbacRule[],
  group: string,
  resource: string,
  verb: string,
): boolean {
  return rules.some(
    (rule) =>
      rule.apiGroups.includes(group) &&
      rule.resources.includes(resource) &&
      (rule.verbs.includes(verb) || rule.verbs.includes('*')),
  );
}

// One row per permission: a verb the permission must allow and one it must not.
const rows: Record<
  Permission,
  { allow: [string, string, string][]; deny: [string, string, string][] }
> = {
  viewOtherNamespaces: {
    allow: [
      ['', 'namespaces', 'list'],
      ['kubeflow.org', 'profiles', 'get'],
    ],
    deny: [['', 'namespaces', 'delete']],
  },
  viewOwnNamespace: {
    allow: [
      ['', 'pods', 'list'],
      ['', 'namespaces', 'get'],
      ['', 'resourcequotas', 'get'],
    ],
    deny: [
      ['', 'pods', 'create'],
      ['', 'namespaces', 'list'],
    ],
  },
  manageGroupUsers: {
    allow: [
      ['rbac.authorization.k8s.io', 'rolebindings', 'create'],
      ['security.istio.io', 'authorizationpolicies', 'delete'],
    ],
    deny: [['rbac.authorization.k8s.io', 'clusterrolebindings', 'create']],
  },
  viewNotebooks: {
    allow: [
      ['kubeflow.org', 'notebooks', 'list'],
      ['kubeflow.org', 'poddefaults', 'get'],
    ],
    deny: [['kubeflow.org', 'notebooks', 'create']],
  },
  editNotebooks: {
    allow: [
      ['kubeflow.org', 'notebooks', 'create'],
      ['kubeflow.org', 'notebooks', 'patch'],
    ],
    deny: [['kubeflow.org', 'experiments', 'create']],
  },
  viewTensorboards: {
    allow: [['tensorboard.kubeflow.org', 'tensorboards', 'get']],
    deny: [['tensorboard.kubeflow.org', 'tensorboards', 'create']],
  },
  editTensorboards: {
    allow: [
      ['tensorboard.kubeflow.org', 'tensorboards', 'create'],
      ['tensorboard.kubeflow.org', 'tensorboards', 'delete'],
    ],
    deny: [['kubeflow.org', 'notebooks', 'create']],
  },
  viewPipelines: {
    allow: [
      ['pipelines.kubeflow.org', 'runs', 'readArtifact'],
      ['pipelines.kubeflow.org', 'experiments', 'list'],
    ],
    deny: [['pipelines.kubeflow.org', 'runs', 'create']],
  },
  editPipelines: {
    allow: [
      ['pipelines.kubeflow.org', 'runs', 'terminate'],
      ['argoproj.io', 'workflows', 'create'],
      ['kubeflow.org', 'scheduledworkflows', 'delete'],
    ],
    deny: [['pipelines.kubeflow.org', 'runs', 'list']],
  },
  viewKatib: {
    allow: [
      ['kubeflow.org', 'experiments', 'list'],
      ['kubeflow.org', 'trials', 'get'],
    ],
    deny: [['kubeflow.org', 'experiments', 'create']],
  },
  editKatib: {
    allow: [
      ['kubeflow.org', 'experiments', 'create'],
      ['kubeflow.org', 'suggestions', 'delete'],
    ],
    deny: [['kubeflow.org', 'notebooks', 'create']],
  },
  viewServing: {
    allow: [
      ['serving.kserve.io', 'inferenceservices', 'list'],
      ['serving.knative.dev', 'revisions', 'get'],
    ],
    deny: [['serving.kserve.io', 'inferenceservices', 'create']],
  },
  editServing: {
    allow: [
      ['serving.kserve.io', 'inferenceservices', 'create'],
      ['serving.knative.dev', 'services', 'delete'],
    ],
    deny: [['serving.kserve.io', 'inferenceservices', 'list']],
  },
  viewModelRegistry: {
    allow: [['modelregistry.kubeflow.org', 'registeredmodels', 'list']],
    deny: [['modelregistry.kubeflow.org', 'registeredmodels', 'create']],
  },
  editModelRegistry: {
    allow: [
      ['modelregistry.kubeflow.org', 'modelversions', 'update'],
      ['modelregistry.kubeflow.org', 'registeredmodels', 'create'],
    ],
    deny: [['modelregistry.kubeflow.org', 'registeredmodels', 'list']],
  },
};

describe.each(releases)('permission mapping of %s', (release) => {
  it.each(permissions)('%s', (permission) => {
    const mapping = permissionMapping(release, permission);
    const row = rows[permission];

    for (const [group, resource, verb] of row.allow) {
      expect(allows(mapping.rules, group, resource, verb), `${verb} ${resource}.${group}`).toBe(
        true,
      );
    }
    for (const [group, resource, verb] of row.deny) {
      expect(allows(mapping.rules, group, resource, verb), `${verb} ${resource}.${group}`).toBe(
        false,
      );
    }
    expect(mapping.probes.length).toBeGreaterThan(0);
    for (const probe of mapping.probes) {
      expect(
        allows(mapping.rules, probe.group, probe.resource, probe.verb),
        `probe ${probe.verb} ${probe.resource}`,
      ).toBe(true);
    }
  });
});

it('argo task results only in 1.10.0', () => {
  const rules = (release: '1.8.0' | '1.10.0') => permissionMapping(release, 'editPipelines').rules;
  expect(allows(rules('1.10.0'), 'argoproj.io', 'workflowtaskresults', 'create')).toBe(true);
  expect(allows(rules('1.8.0'), 'argoproj.io', 'workflowtaskresults', 'create')).toBe(false);
});
