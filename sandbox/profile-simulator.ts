// A SIMULATION of Kubeflow's profile controller for the sandbox, which runs no
// Kubeflow. For each kubeflow.org/v1 Profile it does what upstream's
// controller (kubeflow/kubeflow v1.10 components/profile-controller) does for
// the app's purposes: the namespace with the owner annotation, the owner's
// namespaceAdmin RoleBinding to kubeflow-admin, the default-editor and
// default-viewer ServiceAccounts with their RoleBindings, the
// kf-resource-quota ResourceQuota, and a Ready or Failed condition. It
// creates no Istio objects and runs no plugins.
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  Watch,
  setHeaderOptions,
  type V1RoleBinding,
} from '@kubernetes/client-node';

const profiles = { group: 'kubeflow.org', version: 'v1', plural: 'profiles' };
const fieldManager = 'sandbox-profile-simulator';

export interface Profile {
  metadata?: {
    name?: string;
    uid?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    owner?: { kind?: string; name?: string };
    resourceQuotaSpec?: { hard?: Record<string, string> };
  };
  status?: { conditions?: { type?: string; status?: string; message?: string }[] };
}

export interface ProfileSimulatorOptions {
  /** Client configuration with cluster-admin rights, as the real controller has. */
  config: KubeConfig;
  log?: (line: string) => void;
  /** Reconciles only the Profiles this returns true for; tests on a shared cluster pass their own. */
  select?: (profile: Profile) => boolean;
}

export interface ProfileSimulator {
  /** Reconciles one Profile now; tests call it to avoid waiting for the watch. */
  reconcile(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Namespace labels upstream's profiles ConfigMap namespace-labels-data sets. */
const namespaceLabels = {
  'istio-injection': 'enabled',
  'katib.kubeflow.org/metrics-collector-injection': 'enabled',
  'serving.kubeflow.org/inferenceservice': 'enabled',
  'pipelines.kubeflow.org/enabled': 'true',
  'app.kubernetes.io/part-of': 'kubeflow-profile',
};

/**
 * Starts the reconcile loop: a watch on Profiles (restarted after 1 s when it
 * ends or the CRD is not installed yet) that reconciles every added or
 * modified Profile, one at a time.
 */
export function startProfileSimulator(options: ProfileSimulatorOptions): ProfileSimulator {
  const log = options.log ?? (() => {});
  const core = options.config.makeApiClient(CoreV1Api);
  const rbac = options.config.makeApiClient(RbacAuthorizationV1Api);
  const custom = options.config.makeApiClient(CustomObjectsApi);
  const watch = new Watch(options.config);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

  let stopped = false;
  let request: { abort(): void } | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (name: string) => {
    queue = queue
      .then(() => reconcile(name))
      .catch((error: unknown) => {
        log(`profile-simulator: reconcile of ${name} failed: ${(error as Error).message}`);
      });
  };

  async function reconcile(name: string): Promise<void> {
    const profile = (await custom
      .getClusterCustomObject({ ...profiles, name })
      .catch(() => undefined)) as Profile | undefined;
    if (!profile || profile.metadata?.deletionTimestamp) return;
    if (options.select && !options.select(profile)) return;
    const owner = profile.spec?.owner?.name ?? '';

    const namespace = await core.readNamespace({ name }).catch(() => undefined);
    if (namespace === undefined) {
      await core.createNamespace({
        body: {
          metadata: {
            name,
            annotations: { owner },
            labels: namespaceLabels,
            ownerReferences: [
              {
                apiVersion: 'kubeflow.org/v1',
                kind: 'Profile',
                name,
                uid: profile.metadata?.uid ?? '',
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
        },
      });
    } else if (namespace.metadata?.annotations?.owner !== owner) {
      await setCondition(profile, {
        type: 'Failed',
        status: 'True',
        message: `namespace ${name} already exists with owner ${namespace.metadata?.annotations?.owner ?? '(none)'}, not ${owner}`,
      });
      return;
    } else {
      await core.patchNamespace({ name, body: { metadata: { labels: namespaceLabels } } }, merge);
    }

    await ensureBinding(
      name,
      'namespaceAdmin',
      'kubeflow-admin',
      { kind: 'User', name: owner },
      { user: owner, role: 'admin' },
    );
    for (const [account, role] of [
      ['default-editor', 'kubeflow-edit'],
      ['default-viewer', 'kubeflow-view'],
    ] as const) {
      const exists = await core
        .readNamespacedServiceAccount({ name: account, namespace: name })
        .catch(() => undefined);
      if (!exists)
        await core.createNamespacedServiceAccount({
          namespace: name,
          body: { metadata: { name: account } },
        });
      await ensureBinding(
        name,
        account,
        role,
        { kind: 'ServiceAccount', name: account, namespace: name },
        {},
      );
    }

    const hard = profile.spec?.resourceQuotaSpec?.hard ?? {};
    if (Object.keys(hard).length > 0) {
      await core.patchNamespacedResourceQuota(
        {
          name: 'kf-resource-quota',
          namespace: name,
          body: {
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            metadata: { name: 'kf-resource-quota', namespace: name },
            spec: { hard },
          },
          fieldManager,
          force: true,
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    }
    await setCondition(profile, {
      type: 'Ready',
      status: 'True',
      message: 'simulated by the sandbox',
    });
  }

  async function ensureBinding(
    namespace: string,
    name: string,
    clusterRole: string,
    subject: { kind: string; name: string; namespace?: string },
    annotations: Record<string, string>,
  ): Promise<void> {
    const body: V1RoleBinding = {
      metadata: { name, namespace, annotations },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [
        { ...subject, apiGroup: subject.kind === 'User' ? 'rbac.authorization.k8s.io' : '' },
      ],
    };
    const current = await rbac
      .readNamespacedRoleBinding({ name, namespace })
      .catch(() => undefined);
    if (!current) {
      await rbac.createNamespacedRoleBinding({ namespace, body });
      return;
    }
    // Upstream moves the owner's binding when spec.owner changes, so no stale admin stays.
    const subjectName = current.subjects?.[0]?.name;
    if (subjectName !== subject.name) {
      await rbac.replaceNamespacedRoleBinding({
        name,
        namespace,
        body: { ...body, metadata: current.metadata },
      });
    }
  }

  async function setCondition(
    profile: Profile,
    condition: { type: string; status: string; message: string },
  ) {
    const current = profile.status?.conditions ?? [];
    if (current.length === 1 && JSON.stringify(current[0]) === JSON.stringify(condition)) return;
    await custom.patchClusterCustomObject(
      {
        ...profiles,
        name: profile.metadata?.name ?? '',
        body: { status: { conditions: [condition] } },
      },
      merge,
    );
  }

  const startWatch = () => {
    if (stopped) return;
    watch
      .watch(
        '/apis/kubeflow.org/v1/profiles',
        {},
        (phase: string, object: Profile) => {
          if ((phase === 'ADDED' || phase === 'MODIFIED') && object.metadata?.name)
            enqueue(object.metadata.name);
        },
        () => scheduleRestart(),
      )
      .then((controller) => {
        request = controller;
        if (stopped) controller.abort();
      })
      .catch(() => scheduleRestart());
  };
  const scheduleRestart = () => {
    if (stopped || restartTimer) return;
    restartTimer = setTimeout(() => {
      restartTimer = null;
      startWatch();
    }, 1000);
  };
  startWatch();
  log('profile-simulator: started (simulates the Kubeflow profile controller)');

  return {
    reconcile: async (name) => {
      enqueue(name);
      await queue;
    },
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      request?.abort();
      await queue;
    },
  };
}

/** Client configuration for the sandbox's admin context, for startProfileSimulator. */
export function adminConfig(kubeconfigPath: string, context = 'sandbox-admin'): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  config.setCurrentContext(context);
  return config;
}
