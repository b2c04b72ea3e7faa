import type { V1Namespace, V1RoleBinding } from '@kubernetes/client-node';

import type { AccessStatus, ProfileRow, Quota } from '../../shared/contract/areas/access';
import { AppError } from '../../shared/errors';
import { instanceLabel, managedByLabel, managedByValue } from '../../shared/roles/compile';

export const profileKindLabel = 'kubeflow-desktop.io/profile-kind';
export const displayNameAnnotation = 'kubeflow-desktop.io/display-name';
export const storageClassAnnotation = 'kubeflow-desktop.io/storage-class';
/** Name of the RoleBinding the profile controller makes for the Profile's owner. */
export const namespaceAdminBinding = 'namespaceAdmin';
/** Name of the RoleBinding the app makes for a user in the user's namespace, to the User column's ClusterRole. */
export const userRoleBinding = 'kubeflow-desktop-user-role';

/** A Pending Profile turns Failed after this long without its namespace and owner binding. */
export const pendingDeadlineMs = 120_000;

export interface ProfileObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
  };
  spec?: {
    owner?: { kind?: string; name?: string };
    resourceQuotaSpec?: { hard?: Record<string, string> };
  };
  status?: { conditions?: { type?: string; status?: string; message?: string }[] };
}

const quantityPattern = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;

export function storageQuotaKey(storageClass: string | null): string {
  return storageClass
    ? `${storageClass}.storageclass.storage.k8s.io/requests.storage`
    : 'requests.storage';
}

/** Builds the ResourceQuotaSpec `hard` map of a Profile; throws invalid-request on a malformed quantity. */
export function quotaHard(
  quota: Quota | undefined,
  storageClass: string | null,
): Record<string, string> {
  const hard: Record<string, string> = {};
  if (!quota) return hard;
  const entries: [keyof Quota, string][] = [
    ['cpu', 'cpu'],
    ['memory', 'memory'],
    ['gpu', 'requests.nvidia.com/gpu'],
    ['storage', storageQuotaKey(storageClass)],
  ];
  for (const [field, key] of entries) {
    const value = quota[field]?.trim();
    if (!value) continue;
    if (!quantityPattern.test(value)) {
      throw new AppError(
        'invalid-request',
        'quotaInvalid',
        `The ${field} quota "${value}" is not a Kubernetes quantity. Enter a value such as 4, 500m, 16Gi.`,
        { field, value },
      );
    }
    hard[key] = value;
  }
  return hard;
}

export function quotaOf(profile: ProfileObject): Quota {
  const hard = profile.spec?.resourceQuotaSpec?.hard ?? {};
  const storageKey = Object.keys(hard).find((key) => key.endsWith('requests.storage'));
  return {
    cpu: hard.cpu ?? null,
    memory: hard.memory ?? null,
    gpu: hard['requests.nvidia.com/gpu'] ?? null,
    storage: storageKey ? (hard[storageKey] ?? null) : null,
  };
}

export interface ProfileInput {
  name: string;
  owner: string;
  kind: 'user' | 'group';
  displayName: string;
  instanceName: string;
  quota?: Quota;
  storageClass: string | null;
}

export function profileObject(input: ProfileInput): ProfileObject {
  const hard = quotaHard(input.quota, input.storageClass);
  const annotations: Record<string, string> = { [displayNameAnnotation]: input.displayName };
  if (input.storageClass) annotations[storageClassAnnotation] = input.storageClass;
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Profile',
    metadata: {
      name: input.name,
      labels: {
        [managedByLabel]: managedByValue,
        [instanceLabel]: input.instanceName,
        [profileKindLabel]: input.kind,
      },
      annotations,
    },
    spec: {
      owner: { kind: 'User', name: input.owner },
      ...(Object.keys(hard).length > 0 ? { resourceQuotaSpec: { hard } } : {}),
    },
  };
}

/**
 * Derives a Profile's status from the cluster: Failed on an error condition
 * or when still not ready after the deadline, Active once the namespace (with
 * the owner annotation) and the owner's namespaceAdmin binding exist, and
 * Pending before that.
 */
export function profileStatus(
  profile: ProfileObject,
  namespace: V1Namespace | undefined,
  adminBinding: V1RoleBinding | undefined,
  now: number,
): { status: AccessStatus; reason: string | null } {
  const failed = (profile.status?.conditions ?? []).find(
    (condition) =>
      condition.type === 'Failed' || (condition.type === 'Ready' && condition.status === 'False'),
  );
  if (failed)
    return {
      status: 'Failed',
      reason: failed.message ?? 'The profile controller reported a failure.',
    };

  if (namespace && adminBinding) return { status: 'Active', reason: null };

  const created = Date.parse(String(profile.metadata?.creationTimestamp ?? ''));
  const missing = namespace
    ? `RoleBinding ${namespaceAdminBinding}`
    : `namespace ${profile.metadata?.name ?? ''}`;
  if (Number.isFinite(created) && now - created > pendingDeadlineMs) {
    return {
      status: 'Failed',
      reason: `${missing} still missing ${Math.round((now - created) / 1000)} s after creation. Check that the profile controller runs.`,
    };
  }
  return { status: 'Pending', reason: `Waiting for ${missing}.` };
}

export function profileRow(
  profile: ProfileObject,
  namespace: V1Namespace | undefined,
  adminBinding: V1RoleBinding | undefined,
  now: number,
): ProfileRow {
  const metadata = profile.metadata ?? {};
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  const owner = profile.spec?.owner?.name ?? '';
  const kind = labels[profileKindLabel] === 'group' ? 'group' : 'user';
  const { status, reason } = profileStatus(profile, namespace, adminBinding, now);
  const created = metadata.creationTimestamp;
  return {
    name: metadata.name ?? '',
    kind,
    owner,
    displayName:
      annotations[displayNameAnnotation] ?? (kind === 'user' ? owner : (metadata.name ?? '')),
    status,
    reason,
    quota: quotaOf(profile),
    storageClass: annotations[storageClassAnnotation] ?? null,
    createdAt: created ? new Date(created).toISOString() : null,
    managed: labels[managedByLabel] === managedByValue,
  };
}
