// Objects in the shapes that kubeflow/manifests v1.8.0 and v1.10.0 render
// (names, namespaces and the fields the options touch), written for the
// option tests. Values such as the example password hash are placeholders.
import type { KubeObject } from '../object-ref';

function deployment(
  namespace: string,
  name: string,
  containers: Record<string, unknown>[],
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...labels } }, spec: { containers } },
    },
  };
}

function configMap(namespace: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function service(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { ports: [{ port: 80 }] },
  };
}

function claim(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
  };
}

function secretRef(name: string, secret: string, key: string) {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** Pipelines with its bundled MinIO and MySQL, as both releases render them. */
export function pipelinesObjects(): KubeObject[] {
  return [
    configMap('kubeflow', 'pipeline-install-config', {
      bucketName: 'mlpipeline',
      dbHost: 'mysql',
      dbPort: '3306',
      mlmdDb: 'metadb',
      defaultPipelineRoot: '',
    }),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mysql-secret', namespace: 'kubeflow' },
      stringData: { username: 'root', password: '' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mlpipeline-minio-artifact', namespace: 'kubeflow' },
      stringData: { accesskey: 'minio', secretkey: 'minio123' },
    },
    deployment('kubeflow', 'ml-pipeline', [
      {
        name: 'ml-pipeline-api-server',
        image: 'ghcr.io/kubeflow/kfp-api-server:2.4.1',
        env: [
          { name: 'OBJECTSTORECONFIG_SECURE', value: 'false' },
          {
            name: 'OBJECTSTORECONFIG_BUCKETNAME',
            valueFrom: { configMapKeyRef: { name: 'pipeline-install-config', key: 'bucketName' } },
          },
          secretRef('DBCONFIG_USER', 'mysql-secret', 'username'),
          secretRef('DBCONFIG_PASSWORD', 'mysql-secret', 'password'),
          secretRef('OBJECTSTORECONFIG_ACCESSKEY', 'mlpipeline-minio-artifact', 'accesskey'),
          secretRef('OBJECTSTORECONFIG_SECRETACCESSKEY', 'mlpipeline-minio-artifact', 'secretkey'),
        ],
      },
    ]),
    deployment('kubeflow', 'metadata-grpc-deployment', [
      {
        name: 'container',
        image: 'gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0',
        env: [
          secretRef('DBCONFIG_USER', 'mysql-secret', 'username'),
          secretRef('DBCONFIG_PASSWORD', 'mysql-secret', 'password'),
        ],
      },
    ]),
    configMap('kubeflow', 'workflow-controller-configmap', {
      artifactRepository:
        'archiveLogs: true\ns3:\n  endpoint: "minio-service.kubeflow:9000"\n  bucket: "mlpipeline"\n  keyFormat: "artifacts/{{workflow.name}}"\n' +
        '  insecure: true\n  accessKeySecret:\n    name: mlpipeline-minio-artifact\n    key: accesskey\n  secretKeySecret:\n    name: mlpipeline-minio-artifact\n    key: secretkey\n',
    }),
    deployment('kubeflow', 'minio', [
      {
        name: 'minio',
        image: 'gcr.io/ml-pipeline/minio:RELEASE.2019-08-14T20-37-41Z-license-compliance',
      },
    ]),
    service('kubeflow', 'minio-service'),
    claim('kubeflow', 'minio-pvc'),
    deployment('kubeflow', 'mysql', [
      {
        name: 'mysql',
        image: 'gcr.io/ml-pipeline/mysql:8.0.26',
        env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'true' }],
      },
    ]),
    service('kubeflow', 'mysql'),
    claim('kubeflow', 'mysql-pv-claim'),
  ];
}

/** Istio's ingress gateway, the Kubeflow Gateway and Knative's domain ConfigMap. */
export function ingressObjects(): KubeObject[] {
  return [
    deployment(
      'istio-system',
      'istio-ingressgateway',
      [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.17.5' }],
      {
        istio: 'ingressgateway',
      },
    ),
    deployment(
      'istio-system',
      'cluster-local-gateway',
      [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.17.5' }],
      {
        istio: 'cluster-local-gateway',
      },
    ),
    {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'Gateway',
      metadata: { name: 'kubeflow-gateway', namespace: 'kubeflow' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: 'knative-local-gateway', namespace: 'knative-serving' },
      spec: {
        selector: { istio: 'cluster-local-gateway' },
        servers: [{ hosts: ['*'], port: { name: 'http', number: 8081, protocol: 'HTTP' } }],
      },
    },
    configMap('knative-serving', 'config-domain', { _example: '# example.com: ""' }),
  ];
}

/** The example user's Profile and the parameters ConfigMap of `common/user-namespace` (rendered without a namespace). */
export function userNamespaceObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'profiles.kubeflow.org' },
      spec: {
        group: 'kubeflow.org',
        names: { kind: 'Profile', plural: 'profiles' },
        scope: 'Cluster',
        versions: [],
      },
    },
    {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Profile',
      metadata: { name: 'kubeflow-user-example-com' },
      spec: { owner: { kind: 'User', name: 'user@example.com' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'default-install-config-9h2h2b6hbk' },
      data: { user: 'user@example.com', 'profile-name': 'kubeflow-user-example-com' },
    },
  ];
}

const placeholderHash = '$2y$12$placeholderplaceholderplaceholderplaceholderplaceho';

/** Dex as 1.8.0 renders it: the bcrypt hash inside the ConfigMap. */
export function dex18Objects(): KubeObject[] {
  return [
    configMap('auth', 'dex', {
      'config.yaml':
        'issuer: http://dex.auth.svc.cluster.local:5556/dex\nstorage:\n  type: kubernetes\n  config:\n    inCluster: true\n' +
        'enablePasswordDB: true\nstaticPasswords:\n- email: user@example.com\n' +
        `  hash: ${placeholderHash}\n  username: user\n  userID: "15841185641784"\n`,
    }),
    deployment('auth', 'dex', [{ name: 'dex', image: 'ghcr.io/dexidp/dex:v2.36.0' }]),
  ];
}

/** Dex as 1.10.0 renders it: the hash in Secret dex-passwords, read through an environment variable. */
export function dex110Objects(): KubeObject[] {
  return [
    configMap('auth', 'dex', {
      'config.yaml':
        'issuer: http://dex.auth.svc.cluster.local:5556/dex\nenablePasswordDB: true\nstaticPasswords:\n' +
        '- email: user@example.com\n  hashFromEnv: DEX_USER_PASSWORD\n  username: user\n  userID: "15841185641784"\n',
    }),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'dex-passwords', namespace: 'auth' },
      type: 'Opaque',
      stringData: { DEX_USER_PASSWORD: placeholderHash },
    },
    deployment('auth', 'dex', [
      {
        name: 'dex',
        image: 'ghcr.io/dexidp/dex:v2.41.1',
        env: [secretRef('DEX_USER_PASSWORD', 'dex-passwords', 'DEX_USER_PASSWORD')],
      },
    ]),
  ];
}

/** A workload that asks for a GPU, a StatefulSet with a claim template and a DaemonSet. */
export function workloadObjects(): KubeObject[] {
  const gpu = deployment('kubeflow', 'gpu-runner', [
    {
      name: 'main',
      image: 'nvcr.io/nvidia/cuda:12.4.0-base-ubuntu22.04',
      resources: { limits: { 'nvidia.com/gpu': 1 } },
    },
  ]);
  return [
    gpu,
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'metacontroller', namespace: 'kubeflow' },
      spec: {
        serviceName: '',
        selector: { matchLabels: { app: 'metacontroller' } },
        template: {
          metadata: { labels: { app: 'metacontroller' } },
          spec: {
            containers: [
              { name: 'metacontroller', image: 'ghcr.io/metacontroller/metacontroller:v4.11.22' },
            ],
          },
        },
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } },
          {
            metadata: { name: 'manual' },
            spec: { storageClassName: '', resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kserve-localmodelnode-agent', namespace: 'kubeflow' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'agent', image: 'kserve/kserve-localmodelnode-agent:v0.14.1' }],
          },
        },
      },
    },
  ];
}

export function findIn(
  objects: readonly KubeObject[],
  kind: string,
  name: string,
  namespace?: string,
): KubeObject | undefined {
  return objects.find(
    (object) =>
      object.kind === kind &&
      object.metadata.name === name &&
      (namespace === undefined || object.metadata.namespace === namespace),
  );
}

/** Decodes the `data` of a Secret. */
export function secretValues(secret: KubeObject | undefined): Record<string, string> {
  const data = (secret?.['data'] ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}
