// Generates the objects of a simulated Kubeflow installation for the offline
// demo on the sandbox cluster. The bundle uses the catalog's real namespaces,
// workload names, images, CRD names and ClusterRoles, so the status and
// version screens have something true to show. It is not an install: the
// CRDs have no real schemas, the workloads run one small replica each and
// none of the upstream configuration is there.
import { stringify } from 'yaml';

import { componentsFor, crdName, getRelease } from '../../shared/catalog';
import type {
  CatalogClusterRole,
  CatalogComponent,
  CatalogCrd,
  CatalogWorkload,
  ComponentId,
  KubeflowAccessRole,
  Release,
  ReleaseRef,
  ServiceTypeId,
} from '../../shared/catalog';
import type { KubeObject } from './object-ref';

/** Annotation on every object of the bundle, which distinguishes the simulation from a real install. */
export const simulationAnnotation = 'kubeflow-desktop.io/simulation';

const partOfLabel = 'app.kubernetes.io/part-of';
const componentLabel = 'app.kubernetes.io/component';
const nameLabel = 'app.kubernetes.io/name';
const aggregateLabelPrefix = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-';

export interface SandboxBundleOptions {
  /** Email of the first owner; without it the bundle has no Profile. */
  ownerEmail?: string | null;
  /** Profile (and namespace) name of the first owner; defaults to one derived from the email. */
  ownerNamespace?: string;
}

export interface SandboxBundle {
  release: string;
  serviceType: ServiceTypeId;
  /** Objects in apply order: namespaces, CRDs, RBAC, configuration, workloads, the Profile. */
  objects: KubeObject[];
  /** The objects as one multi-document YAML string. */
  yaml: string;
}

/** Labels that upstream puts on its namespaces and that Istio and the profile controller read. */
const namespaceLabels: Record<string, Record<string, string>> = {
  kubeflow: { 'control-plane': 'kubeflow', 'istio-injection': 'enabled' },
  'knative-serving': { 'istio-injection': 'enabled' },
  'istio-system': { 'istio-injection': 'disabled' },
};

function metadata(
  name: string,
  component: ComponentId,
  namespace?: string,
  extraLabels: Record<string, string> = {},
): KubeObject['metadata'] {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { [partOfLabel]: 'kubeflow', [componentLabel]: component, ...extraLabels },
    annotations: { [simulationAnnotation]: 'true' },
  };
}

function namespaceObjects(components: readonly CatalogComponent[]): KubeObject[] {
  const owners = new Map<string, ComponentId>();
  for (const entry of components) {
    if (!owners.has(entry.namespace)) owners.set(entry.namespace, entry.id);
  }

  return [...owners].map(([name, owner]) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: metadata(name, owner, undefined, namespaceLabels[name] ?? {}),
  }));
}

/**
 * Groups under k8s.io and kubernetes.io are protected: the API server
 * rejects their CRDs without the api-approved.kubernetes.io annotation
 * (Kubernetes 1.16 and later). Upstream's metacontroller CRDs carry the
 * "unapproved" value, which the server accepts and reports as a condition.
 */
function isProtectedGroup(group: string): boolean {
  return /(^|\.)(k8s|kubernetes)\.io$/.test(group);
}

function crdObject(crd: CatalogCrd, component: ComponentId): KubeObject {
  const meta = metadata(crdName(crd), component);
  if (isProtectedGroup(crd.group)) {
    meta.annotations = {
      ...(meta.annotations as Record<string, string> | undefined),
      'api-approved.kubernetes.io': 'unapproved, request not yet submitted',
    };
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: meta,
    spec: {
      group: crd.group,
      names: {
        kind: crd.kind,
        listKind: `${crd.kind}List`,
        plural: crd.plural,
        singular: crd.kind.toLowerCase(),
      },
      scope: crd.scope,
      versions: crd.versions.map((version, index) => ({
        name: version,
        served: true,
        storage: index === 0,
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      })),
    },
  };
}

const accessRoles: readonly KubeflowAccessRole[] = ['admin', 'edit', 'view'];

/** The role that each access role is aggregated into: view into edit, edit into admin. */
const aggregatedInto: Record<KubeflowAccessRole, KubeflowAccessRole | null> = {
  admin: null,
  edit: 'admin',
  view: 'edit',
};

/** Builds the kubeflow-admin, kubeflow-edit and kubeflow-view roles, which only aggregate other roles. */
function aggregatingRoles(): KubeObject[] {
  return accessRoles.map((role) => {
    const parent = aggregatedInto[role];
    const labels = parent === null ? {} : { [`${aggregateLabelPrefix}${parent}`]: 'true' };
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: metadata(`kubeflow-${role}`, 'profiles', undefined, labels),
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { [`${aggregateLabelPrefix}${role}`]: 'true' } }],
      },
      rules: [],
    };
  });
}

function clusterRoleObject(role: CatalogClusterRole, component: ComponentId): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: metadata(role.name, component, undefined, {
      [`${aggregateLabelPrefix}${role.aggregateTo}`]: 'true',
    }),
    rules: role.rules.map((rule) => ({
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
    })),
  };
}

/** Returns a container name from an image: its last path segment, as a DNS label. */
function containerName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.split('/').pop() ?? withoutDigest;
  const withoutTag = lastSegment.split(':')[0] ?? lastSegment;
  return withoutTag.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

function workloadObjects(workload: CatalogWorkload, component: CatalogComponent): KubeObject[] {
  const selector = { [nameLabel]: workload.name, [componentLabel]: component.id };
  const podLabels = { [partOfLabel]: 'kubeflow', ...selector };
  const podSpec = {
    serviceAccountName: workload.name,
    // Only the first container serves the Service's port, so port names stay unique in the pod.
    containers: workload.images.map((image, index) => ({
      name: containerName(image),
      image,
      ...(index === 0 ? { ports: [{ name: 'http', containerPort: 8080 }] } : {}),
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
    })),
  };
  const template = { metadata: { labels: podLabels }, spec: podSpec };
  const namespace = component.namespace;

  const serviceAccount: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(workload.name, component.id, namespace, { [nameLabel]: workload.name }),
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(workload.name, component.id, namespace, { [nameLabel]: workload.name }),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };

  const spec: Record<string, unknown> = {
    ...(workload.kind === 'DaemonSet' ? {} : { replicas: 1 }),
    ...(workload.kind === 'StatefulSet' ? { serviceName: workload.name } : {}),
    selector: { matchLabels: selector },
    template,
  };
  const controller: KubeObject = {
    apiVersion: 'apps/v1',
    kind: workload.kind,
    metadata: metadata(workload.name, component.id, namespace, { [nameLabel]: workload.name }),
    spec,
  };

  return [serviceAccount, service, controller];
}

/**
 * A validating webhook configuration in front of a component's CRDs, served
 * by its first Deployment, as the real releases have for most components.
 * Nothing in the sandbox answers the call, so it uses failurePolicy Ignore
 * and a 1 s timeout: writes of the custom resources wait at most a second.
 */
function webhookObject(component: CatalogComponent): KubeObject | null {
  const server = component.workloads.find((workload) => workload.kind === 'Deployment');
  if (!server || component.crds.length === 0) return null;
  const groups = [...new Set(component.crds.map((crd) => crd.group))].sort();
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: metadata(`${server.name}-validation`, component.id),
    webhooks: [
      {
        name: `validation.${component.id}.kubeflow-desktop.io`,
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: 'Ignore',
        timeoutSeconds: 1,
        clientConfig: {
          service: {
            namespace: component.namespace,
            name: server.name,
            path: '/validate',
            port: 80,
          },
        },
        rules: [
          {
            apiGroups: groups,
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: component.crds.map((crd) => crd.plural).sort(),
          },
        ],
      },
    ],
  };
}

/** Builds the profiles-config ConfigMap with upstream's keys and values, which are the same in 1.8.0 and 1.10.0. */
function profilesConfigMap(profiles: CatalogComponent): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata('profiles-config', profiles.id, profiles.namespace),
    data: {
      ADMIN: '',
      USERID_HEADER: 'kubeflow-userid',
      USERID_PREFIX: '',
      WORKLOAD_IDENTITY: '',
      ISTIO_INGRESS_GATEWAY_PRINCIPAL:
        'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      KFP_UI_PRINCIPAL: 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui',
      NOTEBOOK_CONTROLLER_PRINCIPAL:
        'cluster.local/ns/kubeflow/sa/notebook-controller-service-account',
    },
  };
}

/** Builds a ConfigMap that records the release, service type and component versions of the simulation. */
function summaryConfigMap(
  release: Release,
  serviceType: ServiceTypeId,
  components: readonly CatalogComponent[],
): KubeObject {
  const versions = components.map((entry) => `${entry.id}=${entry.version}`).join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata('kubeflow-desktop-simulation', 'kubeflow-namespace', 'kubeflow'),
    data: { release: release.id, serviceType, components: `${versions}\n` },
  };
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Derives a namespace name from an email the way upstream's default profile
 * is named (`user@example.com` → `kubeflow-user-example-com`).
 */
export function profileNameForEmail(email: string): string {
  const slug = email
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `kubeflow-${slug}`.slice(0, 63).replace(/-+$/, '');
}

function profileObject(email: string, name: string): KubeObject {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Profile',
    metadata: metadata(name, 'profiles'),
    spec: { owner: { kind: 'User', name: email } },
  };
}

function resolveRelease(ref: ReleaseRef): Release {
  if (typeof ref !== 'string') return ref;
  const release = getRelease(ref);
  if (!release) throw new Error(`Unknown Kubeflow release "${ref}".`);
  return release;
}

/**
 * Generates the simulated installation of a release and service type. The
 * same input always yields the same objects in the same order.
 */
export function generateSandboxBundle(
  releaseRef: ReleaseRef,
  serviceType: ServiceTypeId,
  options: SandboxBundleOptions = {},
): SandboxBundle {
  const release = resolveRelease(releaseRef);
  const components = componentsFor(release, serviceType);
  const objects: KubeObject[] = [...namespaceObjects(components)];

  for (const entry of components) {
    objects.push(...entry.crds.map((crd) => crdObject(crd, entry.id)));
  }

  objects.push(...aggregatingRoles());
  for (const entry of components) {
    objects.push(...entry.clusterRoles.map((role) => clusterRoleObject(role, entry.id)));
  }

  const profiles = components.find((entry) => entry.id === 'profiles');
  if (profiles) objects.push(profilesConfigMap(profiles));
  objects.push(summaryConfigMap(release, serviceType, components));

  for (const entry of components) {
    for (const workload of entry.workloads) objects.push(...workloadObjects(workload, entry));
  }
  for (const entry of components) {
    const webhook = entry.category === 'application' ? webhookObject(entry) : null;
    if (webhook) objects.push(webhook);
  }

  const email = options.ownerEmail?.trim();
  if (email) {
    if (!emailPattern.test(email)) {
      throw new Error(
        `Invalid owner email "${email}": expected an address such as user@example.com.`,
      );
    }
    objects.push(profileObject(email, options.ownerNamespace ?? profileNameForEmail(email)));
  }

  const yaml = objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
  return { release: release.id, serviceType, objects, yaml };
}
