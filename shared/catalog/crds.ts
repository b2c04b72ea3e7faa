// CustomResourceDefinitions per component, as the kubeflow/manifests tags
// v1.8.0 and v1.10.0 render them. Lists that differ between the releases are
// exported once per release. Groups, kinds and scopes come from the rendered
// manifests.
// NOTE: plurals and the versions of third-party groups (Argo, metacontroller,
// KServe, cert-manager, Istio, Dex, Knative) were not checked against the
// rendered manifests.
import type { CatalogCrd, CrdScope } from './types';

function crd(
  group: string,
  kind: string,
  plural: string,
  scope: CrdScope,
  versions: readonly string[],
): CatalogCrd {
  return { group, kind, plural, scope, versions };
}

const N: CrdScope = 'Namespaced';
const C: CrdScope = 'Cluster';

export const profileCrds = [crd('kubeflow.org', 'Profile', 'profiles', C, ['v1', 'v1beta1'])];

export const notebookCrds = [
  crd('kubeflow.org', 'Notebook', 'notebooks', N, ['v1', 'v1beta1', 'v1alpha1']),
  crd('kubeflow.org', 'PodDefault', 'poddefaults', N, ['v1alpha1']),
  crd('kubeflow.org', 'PVCViewer', 'pvcviewers', N, ['v1alpha1']),
];

export const tensorboardCrds = [
  crd('tensorboard.kubeflow.org', 'Tensorboard', 'tensorboards', N, ['v1alpha1']),
];

export const katibCrds = [
  crd('kubeflow.org', 'Experiment', 'experiments', N, ['v1beta1']),
  crd('kubeflow.org', 'Trial', 'trials', N, ['v1beta1']),
  crd('kubeflow.org', 'Suggestion', 'suggestions', N, ['v1beta1']),
];

const trainingJobCrds = [
  crd('kubeflow.org', 'TFJob', 'tfjobs', N, ['v1']),
  crd('kubeflow.org', 'PyTorchJob', 'pytorchjobs', N, ['v1']),
  crd('kubeflow.org', 'MPIJob', 'mpijobs', N, ['v1']),
  crd('kubeflow.org', 'XGBoostJob', 'xgboostjobs', N, ['v1']),
  crd('kubeflow.org', 'PaddleJob', 'paddlejobs', N, ['v1']),
];

/** Training Operator v1.7.0 still ships MXJob. */
export const trainerCrds18 = [
  ...trainingJobCrds,
  crd('kubeflow.org', 'MXJob', 'mxjobs', N, ['v1']),
];

/** Training Operator v1.9.1 dropped MXJob and added JAXJob. */
export const trainerCrds110 = [
  ...trainingJobCrds,
  crd('kubeflow.org', 'JAXJob', 'jaxjobs', N, ['v1']),
];

const pipelinesCrdsCommon = [
  crd('kubeflow.org', 'ScheduledWorkflow', 'scheduledworkflows', N, ['v1beta1']),
  crd('kubeflow.org', 'Viewer', 'viewers', N, ['v1beta1']),
  crd('argoproj.io', 'Workflow', 'workflows', N, ['v1alpha1']),
  crd('argoproj.io', 'WorkflowTemplate', 'workflowtemplates', N, ['v1alpha1']),
  crd('argoproj.io', 'ClusterWorkflowTemplate', 'clusterworkflowtemplates', C, ['v1alpha1']),
  crd('argoproj.io', 'CronWorkflow', 'cronworkflows', N, ['v1alpha1']),
  crd('argoproj.io', 'WorkflowEventBinding', 'workfloweventbindings', N, ['v1alpha1']),
  crd('argoproj.io', 'WorkflowTaskResult', 'workflowtaskresults', N, ['v1alpha1']),
  crd('argoproj.io', 'WorkflowTaskSet', 'workflowtasksets', N, ['v1alpha1']),
  crd('metacontroller.k8s.io', 'CompositeController', 'compositecontrollers', C, ['v1alpha1']),
  crd('metacontroller.k8s.io', 'DecoratorController', 'decoratorcontrollers', C, ['v1alpha1']),
  crd('metacontroller.k8s.io', 'ControllerRevision', 'controllerrevisions', N, ['v1alpha1']),
];

export const pipelinesCrds18 = pipelinesCrdsCommon;

/** Argo v3.4 adds WorkflowArtifactGCTask. */
export const pipelinesCrds110 = [
  ...pipelinesCrdsCommon,
  crd('argoproj.io', 'WorkflowArtifactGCTask', 'workflowartifactgctasks', N, ['v1alpha1']),
];

export const kserveCrds18 = [
  crd('serving.kserve.io', 'InferenceService', 'inferenceservices', N, ['v1beta1']),
  crd('serving.kserve.io', 'ServingRuntime', 'servingruntimes', N, ['v1alpha1']),
  crd('serving.kserve.io', 'ClusterServingRuntime', 'clusterservingruntimes', C, ['v1alpha1']),
  crd('serving.kserve.io', 'InferenceGraph', 'inferencegraphs', N, ['v1alpha1']),
  crd('serving.kserve.io', 'TrainedModel', 'trainedmodels', N, ['v1alpha1']),
  crd('serving.kserve.io', 'ClusterStorageContainer', 'clusterstoragecontainers', C, ['v1alpha1']),
];

/** KServe v0.14 adds the cluster-scoped local model cache kinds. */
export const kserveCrds110 = [
  ...kserveCrds18,
  crd('serving.kserve.io', 'LocalModelCache', 'localmodelcaches', C, ['v1alpha1']),
  crd('serving.kserve.io', 'LocalModelNode', 'localmodelnodes', C, ['v1alpha1']),
  crd('serving.kserve.io', 'LocalModelNodeGroup', 'localmodelnodegroups', C, ['v1alpha1']),
];

export const sparkOperatorCrds = [
  crd('sparkoperator.k8s.io', 'SparkApplication', 'sparkapplications', N, ['v1beta2']),
  crd('sparkoperator.k8s.io', 'ScheduledSparkApplication', 'scheduledsparkapplications', N, [
    'v1beta2',
  ]),
];

export const certManagerCrds = [
  crd('cert-manager.io', 'Certificate', 'certificates', N, ['v1']),
  crd('cert-manager.io', 'CertificateRequest', 'certificaterequests', N, ['v1']),
  crd('cert-manager.io', 'Issuer', 'issuers', N, ['v1']),
  crd('cert-manager.io', 'ClusterIssuer', 'clusterissuers', C, ['v1']),
  crd('acme.cert-manager.io', 'Order', 'orders', N, ['v1']),
  crd('acme.cert-manager.io', 'Challenge', 'challenges', N, ['v1']),
];

// Istio 1.22 and later also serve `v1` for most of these groups. The catalog
// lists only versions that both Istio 1.17 and 1.24 serve.
const istioCrdsCommon = [
  crd('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies', N, ['v1beta1']),
  crd('security.istio.io', 'PeerAuthentication', 'peerauthentications', N, ['v1beta1']),
  crd('security.istio.io', 'RequestAuthentication', 'requestauthentications', N, ['v1beta1']),
  crd('networking.istio.io', 'VirtualService', 'virtualservices', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'DestinationRule', 'destinationrules', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'Gateway', 'gateways', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'ServiceEntry', 'serviceentries', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'Sidecar', 'sidecars', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'EnvoyFilter', 'envoyfilters', N, ['v1alpha3']),
  crd('networking.istio.io', 'WorkloadEntry', 'workloadentries', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'WorkloadGroup', 'workloadgroups', N, ['v1beta1', 'v1alpha3']),
  crd('networking.istio.io', 'ProxyConfig', 'proxyconfigs', N, ['v1beta1']),
  crd('telemetry.istio.io', 'Telemetry', 'telemetries', N, ['v1alpha1']),
  crd('extensions.istio.io', 'WasmPlugin', 'wasmplugins', N, ['v1alpha1']),
];

/** Istio 1.17 still ships the IstioOperator CRD. */
export const istioCrds18 = [
  ...istioCrdsCommon,
  crd('install.istio.io', 'IstioOperator', 'istiooperators', N, ['v1alpha1']),
];

export const istioCrds110 = istioCrdsCommon;

/** The manifests define only AuthCode, because Dex creates its other kinds at runtime. */
export const dexCrds = [crd('dex.coreos.com', 'AuthCode', 'authcodes', N, ['v1'])];

export const knativeServingCrds = [
  crd('serving.knative.dev', 'Service', 'services', N, ['v1']),
  crd('serving.knative.dev', 'Route', 'routes', N, ['v1']),
  crd('serving.knative.dev', 'Configuration', 'configurations', N, ['v1']),
  crd('serving.knative.dev', 'Revision', 'revisions', N, ['v1']),
  crd('serving.knative.dev', 'DomainMapping', 'domainmappings', N, ['v1beta1']),
  crd('networking.internal.knative.dev', 'Certificate', 'certificates', N, ['v1alpha1']),
  crd('networking.internal.knative.dev', 'Ingress', 'ingresses', N, ['v1alpha1']),
  crd('networking.internal.knative.dev', 'ServerlessService', 'serverlessservices', N, [
    'v1alpha1',
  ]),
  crd('networking.internal.knative.dev', 'ClusterDomainClaim', 'clusterdomainclaims', C, [
    'v1alpha1',
  ]),
  crd('autoscaling.internal.knative.dev', 'PodAutoscaler', 'podautoscalers', N, ['v1alpha1']),
  crd('autoscaling.internal.knative.dev', 'Metric', 'metrics', N, ['v1alpha1']),
  crd('caching.internal.knative.dev', 'Image', 'images', N, ['v1alpha1']),
];
