// The permission → RBAC mapping: which API groups, resources and verbs each
// dashboard permission grants, per Kubeflow release. Verbs follow the
// aggregated kubeflow-view / kubeflow-edit ClusterRoles of kubeflow/manifests
// v1.8.0 and v1.10.0. Every row has a test in rbac-mapping.test.ts.
import type { Release } from '../provision/instance';
import type { Permission } from './permissions';

export interface RbacRule {
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
}

/** One verb on one resource that a permission must allow, checked by SubjectAccessReview. */
export interface AccessProbe {
  group: string;
  resource: string;
  verb: string;
  /** True for a cluster-scoped check (no namespace). */
  cluster?: boolean;
}

export interface PermissionMapping {
  rules: readonly RbacRule[];
  /** The checks verification runs; each must be allowed exactly when the permission is granted. */
  probes: readonly AccessProbe[];
  /** True when the rules must be bound cluster-wide (a ClusterRoleBinding) to take effect. */
  clusterScoped?: boolean;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

function rule(apiGroups: string[], resources: string[], verbs: string[]): RbacRule {
  return { apiGroups, resources, verbs };
}

const pipelineResources = ['pipelines', 'pipelines/versions', 'experiments', 'jobs', 'runs'];
const argoResources18 = [
  'workflows',
  'cronworkflows',
  'workflowtemplates',
  'workfloweventbindings',
];
const argoResources110 = [...argoResources18, 'workflowtaskresults'];
// NOTE: the model registry (1.10) ships no CRD and no aggregated roles; its REST
// API is guarded by Istio only. These virtual resources give the matrix a
// place to record the decision and SubjectAccessReview a resource to check.
const modelRegistryResources = ['registeredmodels', 'modelversions', 'modelartifacts'];

function mappingFor(release: Release): Record<Permission, PermissionMapping> {
  const argo = release === '1.8.0' ? argoResources18 : argoResources110;
  return {
    viewOtherNamespaces: {
      clusterScoped: true,
      rules: [rule([''], ['namespaces'], READ), rule(['kubeflow.org'], ['profiles'], READ)],
      probes: [
        { group: '', resource: 'namespaces', verb: 'list', cluster: true },
        { group: 'kubeflow.org', resource: 'profiles', verb: 'list', cluster: true },
      ],
    },
    viewOwnNamespace: {
      rules: [
        rule([''], ['namespaces'], ['get']),
        rule(
          [''],
          ['pods', 'pods/log', 'events', 'services', 'configmaps', 'persistentvolumeclaims'],
          READ,
        ),
        rule([''], ['resourcequotas', 'limitranges'], READ),
      ],
      probes: [
        { group: '', resource: 'pods', verb: 'list' },
        { group: '', resource: 'resourcequotas', verb: 'get' },
      ],
    },
    manageGroupUsers: {
      rules: [
        rule(['rbac.authorization.k8s.io'], ['rolebindings'], [...READ, ...WRITE]),
        rule(['security.istio.io'], ['authorizationpolicies'], [...READ, ...WRITE]),
      ],
      probes: [
        { group: 'rbac.authorization.k8s.io', resource: 'rolebindings', verb: 'create' },
        { group: 'rbac.authorization.k8s.io', resource: 'rolebindings', verb: 'delete' },
      ],
    },
    viewNotebooks: {
      rules: [
        rule(['kubeflow.org'], ['notebooks', 'notebooks/status', 'poddefaults'], READ),
        rule(['storage.k8s.io'], ['storageclasses'], READ),
      ],
      probes: [{ group: 'kubeflow.org', resource: 'notebooks', verb: 'list' }],
    },
    editNotebooks: {
      rules: [rule(['kubeflow.org'], ['notebooks', 'notebooks/finalizers', 'poddefaults'], WRITE)],
      probes: [
        { group: 'kubeflow.org', resource: 'notebooks', verb: 'create' },
        { group: 'kubeflow.org', resource: 'notebooks', verb: 'delete' },
      ],
    },
    viewTensorboards: {
      rules: [rule(['tensorboard.kubeflow.org'], ['tensorboards'], READ)],
      probes: [{ group: 'tensorboard.kubeflow.org', resource: 'tensorboards', verb: 'list' }],
    },
    editTensorboards: {
      rules: [
        rule(['tensorboard.kubeflow.org'], ['tensorboards', 'tensorboards/finalizers'], WRITE),
      ],
      probes: [{ group: 'tensorboard.kubeflow.org', resource: 'tensorboards', verb: 'create' }],
    },
    viewPipelines: {
      // Pipelines' resources are virtual: the KFP API server sends a
      // SubjectAccessReview to the API server before it serves them.
      rules: [
        rule(['pipelines.kubeflow.org'], pipelineResources, ['get', 'list']),
        rule(['pipelines.kubeflow.org'], ['runs'], ['readArtifact']),
        rule(['kubeflow.org'], ['viewers'], ['create', 'get', 'delete']),
        rule(['pipelines.kubeflow.org'], ['visualizations'], ['create']),
      ],
      probes: [
        { group: 'pipelines.kubeflow.org', resource: 'runs', verb: 'list' },
        { group: 'pipelines.kubeflow.org', resource: 'pipelines', verb: 'get' },
      ],
    },
    editPipelines: {
      rules: [
        rule(
          ['pipelines.kubeflow.org'],
          ['pipelines', 'pipelines/versions'],
          ['create', 'delete', 'update'],
        ),
        rule(
          ['pipelines.kubeflow.org'],
          ['experiments'],
          ['create', 'delete', 'archive', 'unarchive'],
        ),
        rule(
          ['pipelines.kubeflow.org'],
          ['runs'],
          ['create', 'delete', 'archive', 'unarchive', 'retry', 'terminate', 'reportMetrics'],
        ),
        rule(['pipelines.kubeflow.org'], ['jobs'], ['create', 'delete', 'enable', 'disable']),
        rule(['kubeflow.org'], ['scheduledworkflows'], ['*']),
        rule(['argoproj.io'], argo, ['*']),
      ],
      probes: [
        { group: 'pipelines.kubeflow.org', resource: 'runs', verb: 'create' },
        { group: 'argoproj.io', resource: 'workflows', verb: 'create' },
      ],
    },
    viewKatib: {
      rules: [rule(['kubeflow.org'], ['experiments', 'trials', 'suggestions'], READ)],
      probes: [{ group: 'kubeflow.org', resource: 'experiments', verb: 'list' }],
    },
    editKatib: {
      rules: [rule(['kubeflow.org'], ['experiments', 'trials', 'suggestions'], WRITE)],
      probes: [{ group: 'kubeflow.org', resource: 'experiments', verb: 'create' }],
    },
    viewServing: {
      rules: [
        rule(
          ['serving.kserve.io'],
          ['inferenceservices', 'servingruntimes', 'inferenceservices/status'],
          READ,
        ),
        rule(['serving.knative.dev'], ['services', 'routes', 'configurations', 'revisions'], READ),
      ],
      probes: [
        { group: 'serving.kserve.io', resource: 'inferenceservices', verb: 'list' },
        { group: 'serving.knative.dev', resource: 'services', verb: 'get' },
      ],
    },
    editServing: {
      rules: [
        rule(['serving.kserve.io'], ['inferenceservices', 'servingruntimes'], WRITE),
        rule(['serving.knative.dev'], ['services', 'routes', 'configurations', 'revisions'], WRITE),
      ],
      probes: [
        { group: 'serving.kserve.io', resource: 'inferenceservices', verb: 'create' },
        { group: 'serving.knative.dev', resource: 'services', verb: 'delete' },
      ],
    },
    viewModelRegistry: {
      rules: [rule(['modelregistry.kubeflow.org'], modelRegistryResources, READ)],
      probes: [{ group: 'modelregistry.kubeflow.org', resource: 'registeredmodels', verb: 'list' }],
    },
    editModelRegistry: {
      rules: [rule(['modelregistry.kubeflow.org'], modelRegistryResources, WRITE)],
      probes: [
        { group: 'modelregistry.kubeflow.org', resource: 'registeredmodels', verb: 'create' },
        { group: 'modelregistry.kubeflow.org', resource: 'modelversions', verb: 'update' },
      ],
    },
  };
}

const mappings: Record<Release, Record<Permission, PermissionMapping>> = {
  '1.8.0': mappingFor('1.8.0'),
  '1.10.0': mappingFor('1.10.0'),
};

export function permissionMapping(release: Release, permission: Permission): PermissionMapping {
  return mappings[release][permission];
}
