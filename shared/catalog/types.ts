/** Service types that the product offers for every release, from smallest to largest. */
export type ServiceTypeId = 'essential' | 'hpt' | 'serving';

/** Components that an admin chooses through the service type. */
export type ApplicationComponentId =
  | 'jupyter'
  | 'pipelines'
  | 'trainer'
  | 'katib'
  | 'tensorboard'
  | 'kserve'
  | 'model-registry'
  | 'spark-operator';

/** Platform pieces that the application components need and that are installed with them. */
export type PlatformComponentId =
  | 'cert-manager'
  | 'istio'
  | 'dex'
  | 'oidc-authservice'
  | 'oauth2-proxy'
  | 'knative-serving'
  | 'kubeflow-namespace'
  | 'profiles'
  | 'central-dashboard';

export type ComponentId = ApplicationComponentId | PlatformComponentId;

export type ComponentCategory = 'platform' | 'application';

/** Purpose of a component for the admin, used to group and describe it. */
export type ComponentRole =
  | 'certificates'
  | 'service-mesh'
  | 'identity-provider'
  | 'auth-proxy'
  | 'serverless'
  | 'namespace'
  | 'multi-tenancy'
  | 'dashboard'
  | 'notebooks'
  | 'pipelines'
  | 'distributed-training'
  | 'hyperparameter-tuning'
  | 'tensorboard'
  | 'model-serving'
  | 'model-registry'
  | 'spark';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** A workload that the upstream manifests create, with the images of its containers. */
export interface CatalogWorkload {
  kind: WorkloadKind;
  name: string;
  /** Image references as the upstream manifests render them; each is also in the component's `images`. */
  images: readonly string[];
}

export type CrdScope = 'Namespaced' | 'Cluster';

/** A CustomResourceDefinition that a component installs. */
export interface CatalogCrd {
  group: string;
  kind: string;
  plural: string;
  scope: CrdScope;
  /** Served versions; the first one is the storage version. */
  versions: readonly string[];
}

/** One RBAC rule, shaped like `rbac.authorization.k8s.io/v1` PolicyRule. */
export interface CatalogPolicyRule {
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
}

/** Kubeflow's aggregated ClusterRoles, which grant profile contributors their access. */
export type KubeflowAccessRole = 'admin' | 'edit' | 'view';

/**
 * A ClusterRole that a component ships and that Kubernetes aggregates into
 * `kubeflow-<aggregateTo>` through the label
 * `rbac.authorization.kubeflow.org/aggregate-to-kubeflow-<aggregateTo>`.
 */
export interface CatalogClusterRole {
  name: string;
  aggregateTo: KubeflowAccessRole;
  rules: readonly CatalogPolicyRule[];
}

/** A component or platform piece of one release, as the catalog records it. */
export interface CatalogComponent {
  id: ComponentId;
  category: ComponentCategory;
  /** i18n key of the display name, for example `catalog.component.pipelines`. */
  displayNameKey: string;
  role: ComponentRole;
  /** Version that the managed service lists; for platform pieces, the upstream version. */
  version: string;
  /** Version that the kubeflow/manifests tag of this release carries, or null where that tag lacks the component. */
  upstreamVersion: string | null;
  namespace: string;
  workloads: readonly CatalogWorkload[];
  /** Every image reference that identifies this component, including images that run outside its workloads. */
  images: readonly string[];
  crds: readonly CatalogCrd[];
  clusterRoles: readonly CatalogClusterRole[];
  /** kubeflow/manifests kustomize paths, relative to the repository root, in the order they are applied. */
  kustomizePaths: readonly string[];
  /** Whether the release's `example/kustomization.yaml` installs it. */
  inUpstreamExample: boolean;
  /** Whether its CRDs are too large for client-side apply (the annotation limit is 256 KiB). */
  needsServerSideApply: boolean;
  /** Platform pieces that must be installed with it. */
  requires: readonly PlatformComponentId[];
}

/** A service type and the application components it adds to the one it extends. */
export interface ServiceType {
  id: ServiceTypeId;
  displayNameKey: string;
  extends: ServiceTypeId | null;
  adds: readonly ApplicationComponentId[];
}

/** A Kubeflow release that the product can install. */
export interface Release {
  /** Release id as the product shows it, for example `1.10.0`. */
  id: string;
  displayNameKey: string;
  /** kubeflow/manifests git tag that the upstream versions and kustomize paths come from. */
  manifestsTag: string;
  serviceTypes: readonly ServiceTypeId[];
  /** Components and platform pieces in install order. */
  components: readonly CatalogComponent[];
}
