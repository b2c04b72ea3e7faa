// The release table. Adding a release means adding one entry to `releases`.
//
// Catalog versions are the ones the managed service lists. Upstream versions,
// kustomize paths, workloads and images come from the kubeflow/manifests tags
// v1.8.0 and v1.10.0 and from `kustomize build example` on those tags.
import {
  istioRoles110,
  istioRoles18,
  katibRoles,
  knativeServingRoles,
  kserveRoles,
  kubernetesAccessRoles,
  notebookRoles,
  pipelinesRoles110,
  pipelinesRoles18,
  sparkOperatorRoles,
  tensorboardRoles,
  trainerRoles110,
  trainerRoles18,
} from './cluster-roles';
import {
  certManagerCrds,
  dexCrds,
  istioCrds110,
  istioCrds18,
  katibCrds,
  knativeServingCrds,
  kserveCrds110,
  kserveCrds18,
  notebookCrds,
  pipelinesCrds110,
  pipelinesCrds18,
  profileCrds,
  sparkOperatorCrds,
  tensorboardCrds,
  trainerCrds110,
  trainerCrds18,
} from './crds';
import type {
  CatalogComponent,
  CatalogWorkload,
  ComponentCategory,
  ComponentId,
  PlatformComponentId,
  Release,
  ServiceType,
  WorkloadKind,
} from './types';

/** Service types: Essential has every application component except Katib and KServe, HPT adds Katib and Serving API adds KServe. */
export const serviceTypes: readonly ServiceType[] = [
  {
    id: 'essential',
    displayNameKey: 'catalog.serviceType.essential',
    extends: null,
    adds: [],
  },
  { id: 'hpt', displayNameKey: 'catalog.serviceType.hpt', extends: 'essential', adds: ['katib'] },
  {
    id: 'serving',
    displayNameKey: 'catalog.serviceType.serving',
    extends: 'hpt',
    adds: ['kserve'],
  },
];

/** Returns the i18n key of a component's display name, for example `catalog.component.modelRegistry`. */
export function componentDisplayNameKey(id: ComponentId): string {
  const camelCase = id.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  return `catalog.component.${camelCase}`;
}

type ComponentFields = Omit<
  CatalogComponent,
  | 'category'
  | 'displayNameKey'
  | 'crds'
  | 'clusterRoles'
  | 'inUpstreamExample'
  | 'needsServerSideApply'
  | 'requires'
> &
  Partial<
    Pick<
      CatalogComponent,
      'crds' | 'clusterRoles' | 'inUpstreamExample' | 'needsServerSideApply' | 'requires'
    >
  >;

function component(category: ComponentCategory, fields: ComponentFields): CatalogComponent {
  return {
    category,
    displayNameKey: componentDisplayNameKey(fields.id),
    crds: [],
    clusterRoles: [],
    inUpstreamExample: true,
    needsServerSideApply: false,
    requires: [],
    ...fields,
  };
}

const platform = (fields: ComponentFields) => component('platform', fields);
const application = (fields: ComponentFields) => component('application', fields);

function workload(kind: WorkloadKind, name: string, ...images: string[]): CatalogWorkload {
  return { kind, name, images };
}

const D = 'Deployment';
const S = 'StatefulSet';
const DS = 'DaemonSet';

/** Lists every distinct image of the workloads, followed by the extra images. */
function imagesOf(workloads: readonly CatalogWorkload[], ...extra: string[]): string[] {
  return [...new Set([...workloads.flatMap((entry) => entry.images), ...extra])];
}

// Knative images are pinned by digest (`…/cmd/activator@sha256:…`) upstream.
// The catalog stores only the repositories because the digests change with
// every patch release, so matching compares repositories.
const knativeRepository = 'gcr.io/knative-releases/knative.dev';
const knativeServingImage = (name: string) => `${knativeRepository}/serving/cmd/${name}`;
const netIstioImage = (name: string) => `${knativeRepository}/net-istio/cmd/${name}`;

function knativeServingWorkloads(withDomainMapping: boolean): CatalogWorkload[] {
  const workloads = [
    workload(D, 'activator', knativeServingImage('activator')),
    workload(D, 'autoscaler', knativeServingImage('autoscaler')),
    workload(D, 'controller', knativeServingImage('controller')),
    workload(D, 'webhook', knativeServingImage('webhook')),
    workload(D, 'net-istio-controller', netIstioImage('controller')),
    workload(D, 'net-istio-webhook', netIstioImage('webhook')),
  ];
  if (withDomainMapping) {
    workloads.push(
      workload(D, 'domain-mapping', knativeServingImage('domain-mapping')),
      workload(D, 'domainmapping-webhook', knativeServingImage('domain-mapping-webhook')),
    );
  }
  return workloads;
}

function knativeServing(version: string, withDomainMapping: boolean): CatalogComponent {
  const workloads = knativeServingWorkloads(withDomainMapping);
  return platform({
    id: 'knative-serving',
    role: 'serverless',
    version,
    upstreamVersion: version,
    namespace: 'knative-serving',
    workloads,
    // queue-proxy runs as a sidecar in every Knative revision, so it shows up in user namespaces.
    images: imagesOf(workloads, knativeServingImage('queue')),
    crds: knativeServingCrds,
    clusterRoles: knativeServingRoles,
    kustomizePaths: ['common/knative/knative-serving/overlays/gateways'],
    requires: ['istio'],
  });
}

// ---------------------------------------------------------------------------
// 1.8.0
// ---------------------------------------------------------------------------

// The v1.8.0 `example/` also installs Knative Eventing 1.10.1. No
// component of the catalog needs it, so the catalog leaves it out.
const platformRequirements18: readonly PlatformComponentId[] = [
  'cert-manager',
  'istio',
  'dex',
  'oidc-authservice',
  'kubeflow-namespace',
  'profiles',
  'central-dashboard',
];

const kubeflowImage18 = (name: string) => `docker.io/kubeflownotebookswg/${name}:v1.8.0`;
const pipelinesImage18 = (name: string) => `gcr.io/ml-pipeline/${name}:2.0.3`;
const argoImage18 = (name: string) => `gcr.io/ml-pipeline/${name}:v3.3.10-license-compliance`;
const katibImage18 = (name: string) => `docker.io/kubeflowkatib/${name}:v0.16.0`;

const minioImage = 'gcr.io/ml-pipeline/minio:RELEASE.2019-08-14T20-37-41Z-license-compliance';
const pipelinesMysqlImage = 'gcr.io/ml-pipeline/mysql:8.0.26';
const metadataStoreImage = 'gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0';
const katibMysqlImage = 'mysql:8.0.29';

const certManagerWorkloads18 = [
  workload(D, 'cert-manager', 'quay.io/jetstack/cert-manager-controller:v1.12.2'),
  workload(D, 'cert-manager-cainjector', 'quay.io/jetstack/cert-manager-cainjector:v1.12.2'),
  workload(D, 'cert-manager-webhook', 'quay.io/jetstack/cert-manager-webhook:v1.12.2'),
];

const istioWorkloads18 = [
  workload(D, 'istiod', 'docker.io/istio/pilot:1.17.5'),
  workload(D, 'istio-ingressgateway', 'docker.io/istio/proxyv2:1.17.5'),
  workload(D, 'cluster-local-gateway', 'docker.io/istio/proxyv2:1.17.5'),
];

// NOTE: of these, only the api-server, frontend and cache-server images were
// checked against the v1.8.0 render. The other names follow KFP 2.0's images.
const pipelinesWorkloads18 = [
  workload(D, 'ml-pipeline', pipelinesImage18('api-server')),
  workload(D, 'ml-pipeline-ui', pipelinesImage18('frontend')),
  workload(D, 'ml-pipeline-persistenceagent', pipelinesImage18('persistenceagent')),
  workload(D, 'ml-pipeline-scheduledworkflow', pipelinesImage18('scheduledworkflow')),
  workload(D, 'ml-pipeline-viewer-crd', pipelinesImage18('viewer-crd-controller')),
  workload(D, 'ml-pipeline-visualizationserver', pipelinesImage18('visualization-server')),
  workload(D, 'cache-server', pipelinesImage18('cache-server')),
  workload(D, 'metadata-grpc-deployment', metadataStoreImage),
  workload(D, 'metadata-envoy-deployment', pipelinesImage18('metadata-envoy')),
  workload(D, 'metadata-writer', pipelinesImage18('metadata-writer')),
  workload(D, 'minio', minioImage),
  workload(D, 'mysql', pipelinesMysqlImage),
  workload(D, 'workflow-controller', argoImage18('workflow-controller')),
  workload(D, 'kubeflow-pipelines-profile-controller', 'python:3.7'),
  workload(S, 'metacontroller', 'docker.io/metacontrollerio/metacontroller:v2.0.4'),
];

const katibWorkloads18 = [
  workload(D, 'katib-controller', katibImage18('katib-controller')),
  workload(D, 'katib-db-manager', katibImage18('katib-db-manager')),
  workload(D, 'katib-mysql', katibMysqlImage),
  workload(D, 'katib-ui', katibImage18('katib-ui')),
];

const jupyterWorkloads18 = [
  workload(D, 'jupyter-web-app-deployment', kubeflowImage18('jupyter-web-app')),
  workload(D, 'notebook-controller-deployment', kubeflowImage18('notebook-controller')),
  workload(D, 'admission-webhook-deployment', kubeflowImage18('poddefaults-webhook')),
  workload(D, 'volumes-web-app-deployment', kubeflowImage18('volumes-web-app')),
  workload(D, 'pvcviewer-controller-manager', kubeflowImage18('pvcviewer-controller')),
];

const tensorboardWorkloads18 = [
  workload(D, 'tensorboard-controller-deployment', kubeflowImage18('tensorboard-controller')),
  workload(D, 'tensorboards-web-app-deployment', kubeflowImage18('tensorboards-web-app')),
];

const kserveWorkloads18 = [
  workload(D, 'kserve-controller-manager', 'kserve/kserve-controller:v0.11.1'),
  workload(D, 'kserve-models-web-app', 'kserve/models-web-app:v0.10.0'),
];

const release18: Release = {
  id: '1.8.0',
  displayNameKey: 'catalog.release.v1_8_0',
  manifestsTag: 'v1.8.0',
  serviceTypes: ['essential', 'hpt', 'serving'],
  components: [
    platform({
      id: 'cert-manager',
      role: 'certificates',
      version: '1.12.2',
      upstreamVersion: '1.12.2',
      namespace: 'cert-manager',
      workloads: certManagerWorkloads18,
      images: imagesOf(certManagerWorkloads18),
      crds: certManagerCrds,
      kustomizePaths: [
        'common/cert-manager/cert-manager/base',
        'common/cert-manager/kubeflow-issuer/base',
      ],
    }),
    platform({
      id: 'istio',
      role: 'service-mesh',
      // The v1.8.0 README lists 1.17.3, but the rendered images are 1.17.5.
      version: '1.17.5',
      upstreamVersion: '1.17.5',
      namespace: 'istio-system',
      workloads: istioWorkloads18,
      images: imagesOf(istioWorkloads18),
      crds: istioCrds18,
      kustomizePaths: [
        'common/istio-1-17/istio-crds/base',
        'common/istio-1-17/istio-namespace/base',
        'common/istio-1-17/istio-install/base',
        'common/istio-1-17/cluster-local-gateway/base',
      ],
    }),
    platform({
      id: 'dex',
      role: 'identity-provider',
      version: 'v2.36.0',
      upstreamVersion: 'v2.36.0',
      namespace: 'auth',
      workloads: [workload(D, 'dex', 'ghcr.io/dexidp/dex:v2.36.0')],
      images: ['ghcr.io/dexidp/dex:v2.36.0'],
      crds: dexCrds,
      kustomizePaths: ['common/dex/overlays/istio'],
      requires: ['istio'],
    }),
    platform({
      id: 'oidc-authservice',
      role: 'auth-proxy',
      version: 'e236439',
      upstreamVersion: 'e236439',
      namespace: 'istio-system',
      workloads: [
        workload(S, 'oidc-authservice', 'docker.io/kubeflowmanifestswg/oidc-authservice:e236439'),
      ],
      images: ['docker.io/kubeflowmanifestswg/oidc-authservice:e236439'],
      kustomizePaths: ['common/oidc-client/oidc-authservice/base'],
      requires: ['istio', 'dex'],
    }),
    knativeServing('1.10.2', true),
    platform({
      id: 'kubeflow-namespace',
      role: 'namespace',
      version: 'v1.8.0',
      upstreamVersion: 'v1.8.0',
      namespace: 'kubeflow',
      workloads: [],
      images: [],
      clusterRoles: istioRoles18,
      kustomizePaths: [
        'common/kubeflow-namespace/base',
        'common/istio-1-17/kubeflow-istio-resources/base',
      ],
      requires: ['istio'],
    }),
    platform({
      id: 'profiles',
      role: 'multi-tenancy',
      version: 'v1.8.0',
      upstreamVersion: 'v1.8.0',
      namespace: 'kubeflow',
      workloads: [
        workload(
          D,
          'profiles-deployment',
          kubeflowImage18('profile-controller'),
          kubeflowImage18('kfam'),
        ),
      ],
      images: [kubeflowImage18('profile-controller'), kubeflowImage18('kfam')],
      crds: profileCrds,
      clusterRoles: kubernetesAccessRoles,
      // Upstream's `common/user-namespace/base` (the default Profile for
      // user@example.com) is left out because the app creates the first owner's Profile.
      kustomizePaths: ['common/kubeflow-roles/base', 'apps/profiles/upstream/overlays/kubeflow'],
      requires: ['kubeflow-namespace', 'istio', 'oidc-authservice'],
    }),
    platform({
      id: 'central-dashboard',
      role: 'dashboard',
      version: 'v1.8.0',
      upstreamVersion: 'v1.8.0',
      namespace: 'kubeflow',
      workloads: [workload(D, 'centraldashboard', kubeflowImage18('centraldashboard'))],
      images: [kubeflowImage18('centraldashboard')],
      kustomizePaths: ['apps/centraldashboard/upstream/overlays/kserve'],
      requires: ['profiles', 'kubeflow-namespace', 'istio', 'dex', 'oidc-authservice'],
    }),
    application({
      id: 'pipelines',
      role: 'pipelines',
      version: '2.0.5',
      upstreamVersion: '2.0.3',
      namespace: 'kubeflow',
      workloads: pipelinesWorkloads18,
      // argoexec runs in user namespaces as the executor of every workflow step.
      images: imagesOf(pipelinesWorkloads18, argoImage18('argoexec')),
      crds: pipelinesCrds18,
      clusterRoles: pipelinesRoles18,
      kustomizePaths: ['apps/pipeline/upstream/env/cert-manager/platform-agnostic-multi-user'],
      requires: platformRequirements18,
    }),
    application({
      id: 'katib',
      role: 'hyperparameter-tuning',
      version: '0.16.0',
      upstreamVersion: 'v0.16.0',
      namespace: 'kubeflow',
      workloads: katibWorkloads18,
      images: imagesOf(katibWorkloads18),
      crds: katibCrds,
      clusterRoles: katibRoles,
      kustomizePaths: ['apps/katib/upstream/installs/katib-with-kubeflow'],
      requires: platformRequirements18,
    }),
    application({
      id: 'jupyter',
      role: 'notebooks',
      // 4.2.1 is JupyterLab in the notebook images. The manifests carry the
      // notebook controller and web apps at v1.8.0.
      version: '4.2.1',
      upstreamVersion: 'v1.8.0',
      namespace: 'kubeflow',
      workloads: jupyterWorkloads18,
      // The Volumes web app starts filebrowser pods to browse a volume.
      images: imagesOf(jupyterWorkloads18, 'filebrowser/filebrowser:v2.23.0'),
      crds: notebookCrds,
      clusterRoles: notebookRoles,
      kustomizePaths: [
        'apps/admission-webhook/upstream/overlays/cert-manager',
        'apps/jupyter/jupyter-web-app/upstream/overlays/istio',
        'apps/jupyter/notebook-controller/upstream/overlays/kubeflow',
        'apps/pvcviewer-controller/upstream/base',
        'apps/volumes-web-app/upstream/overlays/istio',
      ],
      requires: platformRequirements18,
    }),
    application({
      id: 'tensorboard',
      role: 'tensorboard',
      // 2.5.1 is TensorBoard itself. The manifests carry its controller and web app at v1.8.0.
      version: '2.5.1',
      upstreamVersion: 'v1.8.0',
      namespace: 'kubeflow',
      workloads: tensorboardWorkloads18,
      images: imagesOf(tensorboardWorkloads18),
      crds: tensorboardCrds,
      clusterRoles: tensorboardRoles,
      kustomizePaths: [
        'apps/tensorboard/tensorboard-controller/upstream/overlays/kubeflow',
        'apps/tensorboard/tensorboards-web-app/upstream/overlays/istio',
      ],
      requires: platformRequirements18,
    }),
    application({
      id: 'trainer',
      role: 'distributed-training',
      version: 'v1-855e096',
      upstreamVersion: 'v1.7.0',
      namespace: 'kubeflow',
      workloads: [workload(D, 'training-operator', 'kubeflow/training-operator:v1-855e096')],
      images: ['kubeflow/training-operator:v1-855e096'],
      crds: trainerCrds18,
      clusterRoles: trainerRoles18,
      kustomizePaths: ['apps/training-operator/upstream/overlays/kubeflow'],
      // NOTE: upstream states the server-side apply requirement for v1.10.0
      // only. It is assumed here for the same CRDs one release earlier.
      needsServerSideApply: true,
      requires: platformRequirements18,
    }),
    application({
      id: 'kserve',
      role: 'model-serving',
      version: '0.11.2',
      upstreamVersion: 'v0.11.1',
      namespace: 'kubeflow',
      workloads: kserveWorkloads18,
      images: imagesOf(kserveWorkloads18),
      crds: kserveCrds18,
      clusterRoles: kserveRoles,
      kustomizePaths: ['contrib/kserve/kserve', 'contrib/kserve/models-web-app/overlays/kubeflow'],
      // Assumed from v1.10.0, like the Training Operator above.
      needsServerSideApply: true,
      requires: [...platformRequirements18, 'knative-serving'],
    }),
    application({
      id: 'model-registry',
      role: 'model-registry',
      version: '0.2.5-alpha',
      // kubeflow/manifests v1.8.0 has no model registry, so the catalog
      // has no workloads, images or paths to install it for this release.
      upstreamVersion: null,
      namespace: 'kubeflow',
      workloads: [],
      images: [],
      kustomizePaths: [],
      inUpstreamExample: false,
      requires: platformRequirements18,
    }),
  ],
};

// ---------------------------------------------------------------------------
// 1.10.0
// ---------------------------------------------------------------------------

const platformRequirements110: readonly PlatformComponentId[] = [
  'cert-manager',
  'istio',
  'dex',
  'oauth2-proxy',
  'kubeflow-namespace',
  'profiles',
  'central-dashboard',
];

const kubeflowImage110 = (name: string) => `ghcr.io/kubeflow/kubeflow/${name}:v1.10.0`;
const pipelinesImage110 = (name: string) => `ghcr.io/kubeflow/kfp-${name}:2.4.1`;
const argoImage110 = (name: string) => `gcr.io/ml-pipeline/${name}:v3.4.17-license-compliance`;
const katibImage110 = (name: string) => `ghcr.io/kubeflow/katib/${name}:v0.18.0`;
const modelRegistryImage110 = (name: string) => `ghcr.io/kubeflow/model-registry/${name}:v0.2.15.3`;

// The v1.10.0 overlay sets a tag for ghcr.io/kubeflow/training-v1/training-operator,
// but the base Deployment names kubeflow/training-operator, so the image
// renders without a tag (and resolves to :latest). v1.10.1 fixes the name.
const trainingOperatorImage110 = 'kubeflow/training-operator';
const trainingOperatorFixedImage = 'ghcr.io/kubeflow/training-v1/training-operator:v1-3f15cb8';

const certManagerWorkloads110 = [
  workload(D, 'cert-manager', 'quay.io/jetstack/cert-manager-controller:v1.16.1'),
  workload(D, 'cert-manager-cainjector', 'quay.io/jetstack/cert-manager-cainjector:v1.16.1'),
  workload(D, 'cert-manager-webhook', 'quay.io/jetstack/cert-manager-webhook:v1.16.1'),
];

const istioWorkloads110 = [
  workload(D, 'istiod', 'gcr.io/istio-release/pilot:1.24.3'),
  workload(D, 'istio-ingressgateway', 'gcr.io/istio-release/proxyv2:1.24.3'),
  workload(D, 'cluster-local-gateway', 'gcr.io/istio-release/proxyv2:1.24.3'),
];

const pipelinesWorkloads110 = [
  workload(D, 'ml-pipeline', pipelinesImage110('api-server')),
  workload(D, 'ml-pipeline-ui', pipelinesImage110('frontend')),
  workload(D, 'ml-pipeline-persistenceagent', pipelinesImage110('persistence-agent')),
  workload(D, 'ml-pipeline-scheduledworkflow', pipelinesImage110('scheduled-workflow-controller')),
  workload(D, 'ml-pipeline-viewer-crd', pipelinesImage110('viewer-crd-controller')),
  workload(D, 'ml-pipeline-visualizationserver', pipelinesImage110('visualization-server')),
  workload(D, 'cache-server', pipelinesImage110('cache-server')),
  workload(D, 'metadata-grpc-deployment', metadataStoreImage),
  workload(D, 'metadata-envoy-deployment', pipelinesImage110('metadata-envoy')),
  workload(D, 'metadata-writer', pipelinesImage110('metadata-writer')),
  workload(D, 'minio', minioImage),
  workload(D, 'mysql', pipelinesMysqlImage),
  workload(D, 'workflow-controller', argoImage110('workflow-controller')),
  workload(D, 'kubeflow-pipelines-profile-controller', 'public.ecr.aws/docker/library/python:3.12'),
  workload(S, 'metacontroller', 'ghcr.io/metacontroller/metacontroller:v4.11.22'),
];

const katibWorkloads110 = [
  workload(D, 'katib-controller', katibImage110('katib-controller')),
  workload(D, 'katib-db-manager', katibImage110('katib-db-manager')),
  workload(D, 'katib-mysql', katibMysqlImage),
  workload(D, 'katib-ui', katibImage110('katib-ui')),
];

const jupyterWorkloads110 = [
  workload(D, 'jupyter-web-app-deployment', kubeflowImage110('jupyter-web-app')),
  workload(D, 'notebook-controller-deployment', kubeflowImage110('notebook-controller')),
  workload(D, 'admission-webhook-deployment', kubeflowImage110('poddefaults-webhook')),
  workload(D, 'volumes-web-app-deployment', kubeflowImage110('volumes-web-app')),
  workload(D, 'pvcviewer-controller-manager', kubeflowImage110('pvcviewer-controller')),
];

const tensorboardWorkloads110 = [
  workload(D, 'tensorboard-controller-deployment', kubeflowImage110('tensorboard-controller')),
  workload(D, 'tensorboards-web-app-deployment', kubeflowImage110('tensorboards-web-app')),
];

const kserveWorkloads110 = [
  workload(D, 'kserve-controller-manager', 'kserve/kserve-controller:v0.14.1'),
  workload(
    D,
    'kserve-localmodel-controller-manager',
    'kserve/kserve-localmodel-controller:v0.14.1',
  ),
  workload(DS, 'kserve-localmodelnode-agent', 'kserve/kserve-localmodelnode-agent:v0.14.1'),
  workload(D, 'kserve-models-web-app', 'kserve/models-web-app:v0.14.0-rc.0'),
];

// Workloads of the `overlays/db` variant. The `overlays/postgres` variant runs
// metadata-postgres-db (postgres:14.7-alpine3.17) in place of model-registry-db.
const modelRegistryWorkloads110 = [
  workload(D, 'model-registry-deployment', modelRegistryImage110('server'), metadataStoreImage),
  workload(D, 'model-registry-db', 'mysql:8.0.39'),
  workload(D, 'model-registry-ui', modelRegistryImage110('ui')),
];

const sparkOperatorWorkloads110 = [
  workload(D, 'spark-operator-controller', 'docker.io/kubeflow/spark-operator:2.1.0'),
  workload(D, 'spark-operator-webhook', 'docker.io/kubeflow/spark-operator:2.1.0'),
];

const release110: Release = {
  id: '1.10.0',
  displayNameKey: 'catalog.release.v1_10_0',
  manifestsTag: 'v1.10.0',
  serviceTypes: ['essential', 'hpt', 'serving'],
  components: [
    platform({
      id: 'cert-manager',
      role: 'certificates',
      version: '1.16.1',
      upstreamVersion: '1.16.1',
      namespace: 'cert-manager',
      workloads: certManagerWorkloads110,
      images: imagesOf(certManagerWorkloads110),
      crds: certManagerCrds,
      kustomizePaths: ['common/cert-manager/base', 'common/cert-manager/kubeflow-issuer/base'],
    }),
    platform({
      id: 'istio',
      role: 'service-mesh',
      version: '1.24.3',
      upstreamVersion: '1.24.3',
      namespace: 'istio-system',
      workloads: istioWorkloads110,
      images: imagesOf(istioWorkloads110),
      crds: istioCrds110,
      kustomizePaths: [
        'common/istio-1-24/istio-crds/base',
        'common/istio-1-24/istio-namespace/base',
        'common/istio-1-24/istio-install/overlays/oauth2-proxy',
        'common/istio-1-24/cluster-local-gateway/base',
      ],
    }),
    platform({
      id: 'dex',
      role: 'identity-provider',
      version: 'v2.41.1',
      upstreamVersion: 'v2.41.1',
      namespace: 'auth',
      workloads: [workload(D, 'dex', 'ghcr.io/dexidp/dex:v2.41.1')],
      images: ['ghcr.io/dexidp/dex:v2.41.1'],
      crds: dexCrds,
      kustomizePaths: ['common/dex/overlays/oauth2-proxy'],
      requires: ['istio'],
    }),
    platform({
      id: 'oauth2-proxy',
      role: 'auth-proxy',
      version: 'v7.7.1',
      upstreamVersion: 'v7.7.1',
      namespace: 'oauth2-proxy',
      workloads: [workload(D, 'oauth2-proxy', 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1')],
      images: ['quay.io/oauth2-proxy/oauth2-proxy:v7.7.1'],
      // m2m-dex-only accepts only Dex tokens. The m2m-dex-and-kind and
      // m2m-dex-and-eks overlays also accept Kubernetes service account tokens.
      kustomizePaths: ['common/oauth2-proxy/overlays/m2m-dex-only'],
      requires: ['istio', 'dex'],
    }),
    knativeServing('1.16.2', false),
    platform({
      id: 'kubeflow-namespace',
      role: 'namespace',
      version: 'v1.10.0',
      upstreamVersion: 'v1.10.0',
      namespace: 'kubeflow',
      workloads: [],
      images: [],
      clusterRoles: istioRoles110,
      kustomizePaths: [
        'common/kubeflow-namespace/base',
        'common/networkpolicies/base',
        'common/istio-1-24/kubeflow-istio-resources/base',
      ],
      requires: ['istio'],
    }),
    platform({
      id: 'profiles',
      role: 'multi-tenancy',
      version: 'v1.10.0',
      upstreamVersion: 'v1.10.0',
      namespace: 'kubeflow',
      workloads: [
        workload(
          D,
          'profiles-deployment',
          kubeflowImage110('profile-controller'),
          kubeflowImage110('kfam'),
        ),
      ],
      images: [kubeflowImage110('profile-controller'), kubeflowImage110('kfam')],
      crds: profileCrds,
      clusterRoles: kubernetesAccessRoles,
      // `common/user-namespace/base` is left out, as in 1.8.0.
      kustomizePaths: ['common/kubeflow-roles/base', 'apps/profiles/upstream/overlays/kubeflow'],
      requires: ['kubeflow-namespace', 'istio', 'oauth2-proxy'],
    }),
    platform({
      id: 'central-dashboard',
      role: 'dashboard',
      version: 'v1.10.0',
      upstreamVersion: 'v1.10.0',
      namespace: 'kubeflow',
      workloads: [workload(D, 'centraldashboard', kubeflowImage110('central-dashboard'))],
      images: [kubeflowImage110('central-dashboard')],
      kustomizePaths: ['apps/centraldashboard/overlays/oauth2-proxy'],
      requires: ['profiles', 'kubeflow-namespace', 'istio', 'dex', 'oauth2-proxy'],
    }),
    application({
      id: 'pipelines',
      role: 'pipelines',
      version: '2.4.1',
      upstreamVersion: '2.4.1',
      namespace: 'kubeflow',
      workloads: pipelinesWorkloads110,
      images: imagesOf(pipelinesWorkloads110, argoImage110('argoexec')),
      crds: pipelinesCrds110,
      clusterRoles: pipelinesRoles110,
      kustomizePaths: ['apps/pipeline/upstream/env/cert-manager/platform-agnostic-multi-user'],
      requires: platformRequirements110,
    }),
    application({
      id: 'katib',
      role: 'hyperparameter-tuning',
      version: '0.18.0',
      upstreamVersion: 'v0.18.0',
      namespace: 'kubeflow',
      workloads: katibWorkloads110,
      images: imagesOf(katibWorkloads110),
      crds: katibCrds,
      clusterRoles: katibRoles,
      kustomizePaths: ['apps/katib/upstream/installs/katib-with-kubeflow'],
      requires: platformRequirements110,
    }),
    application({
      id: 'jupyter',
      role: 'notebooks',
      version: '4.3.5',
      upstreamVersion: 'v1.10.0',
      namespace: 'kubeflow',
      workloads: jupyterWorkloads110,
      images: imagesOf(jupyterWorkloads110, 'filebrowser/filebrowser:v2.25.0'),
      crds: notebookCrds,
      clusterRoles: notebookRoles,
      kustomizePaths: [
        'apps/admission-webhook/upstream/overlays/cert-manager',
        'apps/jupyter/jupyter-web-app/upstream/overlays/istio',
        'apps/jupyter/notebook-controller/upstream/overlays/kubeflow',
        'apps/pvcviewer-controller/upstream/base',
        'apps/volumes-web-app/upstream/overlays/istio',
      ],
      requires: platformRequirements110,
    }),
    application({
      id: 'tensorboard',
      role: 'tensorboard',
      version: '2.5.1',
      upstreamVersion: 'v1.10.0',
      namespace: 'kubeflow',
      workloads: tensorboardWorkloads110,
      images: imagesOf(tensorboardWorkloads110),
      crds: tensorboardCrds,
      clusterRoles: tensorboardRoles,
      kustomizePaths: [
        'apps/tensorboard/tensorboard-controller/upstream/overlays/kubeflow',
        'apps/tensorboard/tensorboards-web-app/upstream/overlays/istio',
      ],
      requires: platformRequirements110,
    }),
    application({
      id: 'trainer',
      role: 'distributed-training',
      version: 'v1-3f15cb',
      upstreamVersion: 'v1.9.1',
      namespace: 'kubeflow',
      workloads: [workload(D, 'training-operator', trainingOperatorImage110)],
      images: [trainingOperatorImage110, trainingOperatorFixedImage],
      crds: trainerCrds110,
      clusterRoles: trainerRoles110,
      kustomizePaths: ['apps/training-operator/upstream/overlays/kubeflow'],
      needsServerSideApply: true,
      requires: platformRequirements110,
    }),
    application({
      id: 'kserve',
      role: 'model-serving',
      version: '0.15.0',
      upstreamVersion: 'v0.14.1',
      namespace: 'kubeflow',
      workloads: kserveWorkloads110,
      images: imagesOf(kserveWorkloads110),
      crds: kserveCrds110,
      clusterRoles: kserveRoles,
      kustomizePaths: ['apps/kserve/kserve', 'apps/kserve/models-web-app/overlays/kubeflow'],
      needsServerSideApply: true,
      requires: [...platformRequirements110, 'knative-serving'],
    }),
    application({
      id: 'model-registry',
      role: 'model-registry',
      version: '0.2.19',
      upstreamVersion: 'v0.2.15.3',
      namespace: 'kubeflow',
      workloads: modelRegistryWorkloads110,
      images: imagesOf(modelRegistryWorkloads110),
      // The model registry defines no CRD and no kubeflow-* roles, because Istio alone governs access.
      kustomizePaths: [
        'apps/model-registry/upstream/overlays/db',
        'apps/model-registry/upstream/options/istio',
        'apps/model-registry/upstream/options/ui/overlays/istio',
      ],
      inUpstreamExample: false,
      requires: platformRequirements110,
    }),
    application({
      id: 'spark-operator',
      role: 'spark',
      version: '2.1.0',
      upstreamVersion: '2.1.0',
      namespace: 'kubeflow',
      workloads: sparkOperatorWorkloads110,
      images: imagesOf(sparkOperatorWorkloads110),
      crds: sparkOperatorCrds,
      clusterRoles: sparkOperatorRoles,
      kustomizePaths: ['apps/spark/spark-operator/overlays/kubeflow'],
      inUpstreamExample: false,
      requires: platformRequirements110,
    }),
  ],
};

/** Every release the product can install, oldest first. */
export const releases: readonly Release[] = [release18, release110];
