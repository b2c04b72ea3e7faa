// ClusterRoles that components ship for Kubeflow's access roles, with the
// rules that the kubeflow/manifests tags v1.8.0 and v1.10.0 render. Upstream
// some of these are themselves aggregators (for example kubeflow-pipelines-view
// collects roles labelled aggregate-to-kubeflow-pipelines-view). The catalog
// flattens each one into a single role with the collected rules.
import type { CatalogClusterRole, CatalogPolicyRule, KubeflowAccessRole } from './types';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

function rule(
  apiGroups: readonly string[],
  resources: readonly string[],
  verbs: readonly string[],
): CatalogPolicyRule {
  return { apiGroups, resources, verbs };
}

function role(
  name: string,
  aggregateTo: KubeflowAccessRole,
  rules: readonly CatalogPolicyRule[],
): CatalogClusterRole {
  return { name, aggregateTo, rules };
}

// Kubernetes resources that every profile contributor reads or writes.
const workloadResources: readonly (readonly [group: string, resources: readonly string[]])[] = [
  [
    '',
    [
      'pods',
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'configmaps',
      'secrets',
      'services',
      'persistentvolumeclaims',
      'serviceaccounts',
    ],
  ],
  ['apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']],
  ['batch', ['jobs', 'cronjobs']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['policy', ['poddisruptionbudgets']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies']],
];

function workloadRules(verbs: readonly string[]): CatalogPolicyRule[] {
  return workloadResources.map(([group, resources]) => rule([group], resources, verbs));
}

/** Base roles of `common/kubeflow-roles/base`, the same in both releases. */
export const kubernetesAccessRoles = [
  role('kubeflow-kubernetes-admin', 'admin', [
    rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...READ, ...WRITE]),
  ]),
  role('kubeflow-kubernetes-edit', 'edit', [
    ...workloadRules(WRITE),
    rule([''], ['serviceaccounts'], ['impersonate']),
  ]),
  role('kubeflow-kubernetes-view', 'view', [
    ...workloadRules(READ),
    rule([''], ['events', 'pods/log', 'resourcequotas', 'limitranges', 'namespaces'], READ),
  ]),
];

const notebookResources = ['notebooks', 'notebooks/status', 'notebooks/finalizers'];

/** Roles of the notebook controller, the Jupyter and Volumes web apps and the PodDefaults webhook. */
export const notebookRoles = [
  role('notebook-controller-kubeflow-notebooks-view', 'view', [
    rule(['kubeflow.org'], notebookResources, READ),
  ]),
  role('notebook-controller-kubeflow-notebooks-edit', 'edit', [
    rule(['kubeflow.org'], notebookResources, WRITE),
  ]),
  role('jupyter-web-app-kubeflow-notebook-ui-view', 'view', [
    rule(['kubeflow.org'], notebookResources, READ),
    rule(['kubeflow.org'], ['poddefaults'], READ),
    rule(['storage.k8s.io'], ['storageclasses'], READ),
  ]),
  role('jupyter-web-app-kubeflow-notebook-ui-edit', 'edit', [
    rule(['kubeflow.org'], notebookResources, WRITE),
    rule(['kubeflow.org'], ['poddefaults'], ['create', 'delete']),
  ]),
  role('admission-webhook-kubeflow-poddefaults-view', 'view', [
    rule(['kubeflow.org'], ['poddefaults'], READ),
  ]),
  role('volumes-web-app-kubeflow-volume-ui-view', 'view', [
    rule([''], ['persistentvolumeclaims'], READ),
    rule(['kubeflow.org'], ['pvcviewers'], ['get', 'list']),
    rule(['storage.k8s.io'], ['storageclasses'], READ),
  ]),
  role('volumes-web-app-kubeflow-volume-ui-edit', 'edit', [
    rule([''], ['persistentvolumeclaims'], ['create', 'delete', 'update', 'patch']),
    rule(['kubeflow.org'], ['pvcviewers'], ['create', 'delete']),
  ]),
];

/** The Tensorboard controller ships no aggregated roles; the web app does, and grants no update or patch. */
export const tensorboardRoles = [
  role('tensorboards-web-app-kubeflow-tensorboard-ui-view', 'view', [
    rule(
      ['tensorboard.kubeflow.org'],
      ['tensorboards', 'tensorboards/finalizers'],
      ['get', 'list'],
    ),
    rule(['kubeflow.org'], ['poddefaults'], READ),
  ]),
  role('tensorboards-web-app-kubeflow-tensorboard-ui-edit', 'edit', [
    rule(
      ['tensorboard.kubeflow.org'],
      ['tensorboards', 'tensorboards/finalizers'],
      ['create', 'delete'],
    ),
  ]),
];

// The pipelines.kubeflow.org resources are virtual: the KFP API server checks
// them with SubjectAccessReviews, and no CRD defines them.
function pipelinesRoles(argoResources: readonly string[]) {
  return [
    role('kubeflow-pipelines-view', 'view', [
      rule(
        ['pipelines.kubeflow.org'],
        ['pipelines', 'pipelines/versions', 'experiments', 'jobs'],
        ['get', 'list'],
      ),
      rule(['pipelines.kubeflow.org'], ['runs'], ['get', 'list', 'readArtifact']),
      rule(['pipelines.kubeflow.org'], ['visualizations'], ['create']),
      rule(['kubeflow.org'], ['viewers'], ['create', 'get', 'delete']),
    ]),
    role('kubeflow-pipelines-edit', 'edit', [
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
        [
          'create',
          'delete',
          'archive',
          'unarchive',
          'retry',
          'terminate',
          'reportMetrics',
          'readArtifact',
        ],
      ),
      rule(['pipelines.kubeflow.org'], ['jobs'], ['create', 'delete', 'enable', 'disable']),
      rule(['kubeflow.org'], ['scheduledworkflows'], ['*']),
      rule(['argoproj.io'], argoResources, ['*']),
    ]),
  ];
}

const argoResources18 = [
  'workflows',
  'cronworkflows',
  'workflowtemplates',
  'workfloweventbindings',
];

export const pipelinesRoles18 = pipelinesRoles(argoResources18);

/** Argo v3.4 in 1.10.0 also grants workflowtaskresults. */
export const pipelinesRoles110 = pipelinesRoles([...argoResources18, 'workflowtaskresults']);

const katibResources = ['experiments', 'trials', 'suggestions'];

export const katibRoles = [
  role('kubeflow-katib-view', 'view', [rule(['kubeflow.org'], katibResources, READ)]),
  role('kubeflow-katib-edit', 'edit', [
    rule(['kubeflow.org'], katibResources, WRITE),
    rule([''], ['pods'], ['list']),
    rule([''], ['pods/log'], ['get']),
  ]),
];

function trainingRoles(jobResources: readonly string[], editExtras: readonly CatalogPolicyRule[]) {
  const statusResources = jobResources.map((resource) => `${resource}/status`);
  return [
    role('kubeflow-training-view', 'view', [
      rule(['kubeflow.org'], jobResources, READ),
      rule(['kubeflow.org'], statusResources, ['get']),
    ]),
    role('kubeflow-training-edit', 'edit', [
      rule(['kubeflow.org'], jobResources, ['create', 'delete', 'patch', 'update']),
      ...editExtras,
    ]),
  ];
}

const trainingJobs = ['tfjobs', 'pytorchjobs', 'mpijobs', 'xgboostjobs', 'paddlejobs'];

export const trainerRoles18 = trainingRoles([...trainingJobs, 'mxjobs'], []);

/** Training Operator v1.9.1's edit role also reaches PVCs and events. */
export const trainerRoles110 = trainingRoles(
  [...trainingJobs, 'jaxjobs'],
  [
    rule([''], ['persistentvolumeclaims'], ['create', 'delete', 'get', 'list', 'watch']),
    rule([''], ['events'], READ),
  ],
);

const kserveResources = [
  'inferenceservices',
  'inferenceservices/status',
  'servingruntimes',
  'servingruntimes/status',
];
const knativeServingResources = ['services', 'routes', 'configurations', 'revisions'];

/** inferencegraphs and trainedmodels are in none of these roles upstream. */
export const kserveRoles = [
  role('kubeflow-kserve-view', 'view', [
    rule(['serving.kserve.io'], kserveResources, READ),
    rule(
      ['serving.knative.dev'],
      [
        ...knativeServingResources,
        ...knativeServingResources.map((resource) => `${resource}/status`),
      ],
      ['get', 'list'],
    ),
  ]),
  role('kubeflow-kserve-edit', 'edit', [rule(['serving.kserve.io'], kserveResources, WRITE)]),
];

const knativeInternalGroups = [
  'networking.internal.knative.dev',
  'autoscaling.internal.knative.dev',
  'caching.internal.knative.dev',
];

export const knativeServingRoles = [
  role('knative-serving-namespaced-view', 'view', [
    rule(['serving.knative.dev', ...knativeInternalGroups], ['*'], READ),
  ]),
  role('knative-serving-namespaced-edit', 'edit', [
    rule(['serving.knative.dev'], ['*'], ['create', 'update', 'patch', 'delete']),
  ]),
  role('knative-serving-namespaced-admin', 'admin', [rule(['serving.knative.dev'], ['*'], ['*'])]),
];

const istioGroups = ['networking.istio.io', 'istio.io'];

/** In 1.8.0 kubeflow-istio-edit grants full write access to Istio objects. */
export const istioRoles18 = [
  role('kubeflow-istio-view', 'view', [rule(istioGroups, ['*'], READ)]),
  role('kubeflow-istio-edit', 'edit', [rule(istioGroups, ['*'], [...READ, ...WRITE])]),
];

/** In 1.10.0 kubeflow-istio-edit is reduced to read access. */
export const istioRoles110 = [
  role('kubeflow-istio-view', 'view', [rule(istioGroups, ['*'], READ)]),
  role('kubeflow-istio-edit', 'edit', [rule(istioGroups, ['*'], READ)]),
];

const sparkResources = ['sparkapplications', 'scheduledsparkapplications'];

/** Upstream also ships an empty kubeflow-spark-admin that aggregates nothing, so the catalog leaves it out. */
export const sparkOperatorRoles = [
  role('kubeflow-spark-view', 'view', [
    rule(['sparkoperator.k8s.io'], sparkResources, READ),
    rule(
      ['sparkoperator.k8s.io'],
      sparkResources.map((resource) => `${resource}/status`),
      ['get'],
    ),
  ]),
  role('kubeflow-spark-edit', 'edit', [
    rule(['sparkoperator.k8s.io'], sparkResources, ['create', 'delete', 'patch', 'update']),
  ]),
];
