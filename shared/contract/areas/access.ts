import { z } from 'zod';

import { groupRoles } from '../../access/rules';
import { MatrixRoleSchema, MatrixSchema, PermissionSchema } from '../../roles/permissions';
import type { EventSpecs, RequestSpecs } from './spec';

const InstanceKey = z.string().min(3).max(8192);
const Email = z.string().min(3).max(254);
const NamespaceName = z.string().min(1).max(63);
const GroupRoleSchema = z.enum(groupRoles);

export const AccessStatusSchema = z.enum(['Pending', 'Active', 'Failed']);
export type AccessStatus = z.infer<typeof AccessStatusSchema>;

/** Quota of a user's or group's namespace, as Kubernetes quantities; null fields are not limited. */
export const QuotaSchema = z
  .object({
    cpu: z.string().max(20).nullable(),
    memory: z.string().max(20).nullable(),
    gpu: z.string().max(20).nullable(),
    storage: z.string().max(20).nullable(),
  })
  .strict();
export type Quota = z.infer<typeof QuotaSchema>;

/** A user's or group's Profile and its namespace. */
export const ProfileRowSchema = z.object({
  /** Profile name, which is also the namespace name. */
  name: z.string(),
  kind: z.enum(['user', 'group']),
  /** For a user, the user's email; for a group, the owner of the group's Profile. */
  owner: z.string(),
  /** For a group, its display name; for a user, the email. */
  displayName: z.string(),
  status: AccessStatusSchema,
  /** English reason of a Pending or Failed status, or null. */
  reason: z.string().nullable(),
  quota: QuotaSchema,
  storageClass: z.string().nullable(),
  createdAt: z.string().nullable(),
  /** True when the app created the Profile; false for one created elsewhere, such as the upstream default profile. */
  managed: z.boolean(),
});
export type ProfileRow = z.infer<typeof ProfileRowSchema>;

/** A group user: a contributor RoleBinding with the user and role annotations. */
export const MemberRowSchema = z.object({
  namespace: z.string(),
  bindingName: z.string(),
  email: z.string(),
  role: GroupRoleSchema,
  clusterRole: z.string(),
  /** True when a registered user has the same email in another case than the binding. */
  caseDiffers: z.boolean(),
  /** True when the matching Istio AuthorizationPolicy exists (always false without Istio). */
  authorizationPolicy: z.boolean(),
});
export type MemberRow = z.infer<typeof MemberRowSchema>;

export const OwnerRowSchema = z.object({
  email: z.string(),
  /** True when the owner's ClusterRoleBinding to the Owner column's ClusterRole exists. */
  bound: z.boolean(),
  bindingName: z.string(),
});
export type OwnerRow = z.infer<typeof OwnerRowSchema>;

/** Everything the Access screen shows for one instance. */
export const AccessOverviewSchema = z.object({
  instanceKey: z.string(),
  instanceName: z.string(),
  release: z.string(),
  /** False when the cluster has no Profile CRD (kubeflow.org/v1 profiles), so users and groups cannot exist. */
  profileCrd: z.boolean(),
  /** True when Istio's AuthorizationPolicy CRD is installed. */
  istio: z.boolean(),
  owners: z.array(OwnerRowSchema),
  users: z.array(ProfileRowSchema),
  groups: z.array(ProfileRowSchema),
  members: z.array(MemberRowSchema),
  prefixes: z.object({ user: z.string(), group: z.string() }),
  asOf: z.string(),
});
export type AccessOverview = z.infer<typeof AccessOverviewSchema>;

const ProfileInput = {
  instanceKey: InstanceKey,
  namespace: NamespaceName,
  quota: QuotaSchema.optional(),
  storageClass: z.string().max(253).nullable().optional(),
};

export const BulkResultSchema = z.object({
  line: z.number().int(),
  email: z.string(),
  outcome: z.enum(['added', 'unchanged', 'failed']),
  bindingName: z.string().nullable(),
  /** Error code under `errors.` and its params, for a failed row. */
  error: z
    .object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.string()) })
    .nullable(),
});
export type BulkResult = z.infer<typeof BulkResultSchema>;

export const CompiledRoleDiffSchema = z.object({
  role: MatrixRoleSchema,
  clusterRole: z.string(),
  outcome: z.enum(['create', 'update', 'unchanged']),
  /** Unified diff of the rules as YAML, current → compiled; empty when unchanged. */
  diff: z.string(),
  /** Bindings that reference this ClusterRole now. */
  bindings: z.number().int(),
});

export const MatrixPreviewSchema = z.object({
  yaml: z.string(),
  roles: z.array(CompiledRoleDiffSchema),
});
export type MatrixPreview = z.infer<typeof MatrixPreviewSchema>;

export const VerificationCellSchema = z.object({
  role: MatrixRoleSchema,
  permission: PermissionSchema,
  subject: z.string(),
  intended: z.boolean(),
  effective: z.boolean(),
  /** Checks that disagreed with the intended value, such as "create notebooks.kubeflow.org". */
  failedChecks: z.array(z.string()),
});
export type VerificationCell = z.infer<typeof VerificationCellSchema>;

export const VerificationSchema = z.object({
  namespace: z.string(),
  cells: z.array(VerificationCellSchema),
  mismatches: z.number().int(),
  checkedAt: z.string(),
});
export type Verification = z.infer<typeof VerificationSchema>;

const Key = z.object({ instanceKey: InstanceKey }).strict();
const Ok = z.object({ ok: z.literal(true) });

export const accessRequests = {
  'access.overview': { request: Key, response: AccessOverviewSchema },
  'access.setPrefixes': {
    request: z
      .object({ instanceKey: InstanceKey, user: z.string().max(20), group: z.string().max(20) })
      .strict(),
    response: Ok,
  },
  'access.addOwner': {
    request: z.object({ instanceKey: InstanceKey, email: Email }).strict(),
    response: z.object({ owners: z.array(z.string()) }),
  },
  'access.removeOwner': {
    request: z.object({ instanceKey: InstanceKey, email: Email }).strict(),
    response: z.object({ owners: z.array(z.string()) }),
  },
  'access.createUser': {
    request: z.object({ ...ProfileInput, email: Email }).strict(),
    response: ProfileRowSchema,
  },
  'access.createGroup': {
    request: z.object({ ...ProfileInput, displayName: z.string().min(1).max(100) }).strict(),
    response: ProfileRowSchema,
  },
  'access.updateQuota': {
    request: z
      .object({
        instanceKey: InstanceKey,
        profile: NamespaceName,
        quota: QuotaSchema,
        storageClass: z.string().max(253).nullable(),
      })
      .strict(),
    response: Ok,
  },
  'access.deleteProfile': {
    request: z
      .object({ instanceKey: InstanceKey, profile: NamespaceName, keepNamespace: z.boolean() })
      .strict(),
    response: Ok,
  },
  'access.changeProfileOwner': {
    request: z.object({ instanceKey: InstanceKey, profile: NamespaceName, email: Email }).strict(),
    response: Ok,
  },
  'access.addMember': {
    request: z
      .object({
        instanceKey: InstanceKey,
        group: NamespaceName,
        email: Email,
        role: GroupRoleSchema,
      })
      .strict(),
    response: MemberRowSchema,
  },
  'access.removeMember': {
    request: z
      .object({
        instanceKey: InstanceKey,
        group: NamespaceName,
        bindingName: z.string().min(1).max(253),
      })
      .strict(),
    response: Ok,
  },
  'access.bulkAddMembers': {
    request: z
      .object({
        instanceKey: InstanceKey,
        group: NamespaceName,
        operationId: z.string().min(1).max(100),
        rows: z
          .array(
            z
              .object({ line: z.number().int().min(1), email: Email, role: GroupRoleSchema })
              .strict(),
          )
          .min(1)
          .max(5000),
      })
      .strict(),
    response: z.object({ results: z.array(BulkResultSchema) }),
  },
  'access.getMatrix': {
    request: Key,
    response: z.object({ matrix: MatrixSchema, saved: z.boolean(), release: z.string() }),
  },
  'access.saveMatrix': {
    request: z.object({ instanceKey: InstanceKey, matrix: MatrixSchema }).strict(),
    response: Ok,
  },
  'access.previewMatrix': {
    request: z.object({ instanceKey: InstanceKey, matrix: MatrixSchema }).strict(),
    response: MatrixPreviewSchema,
  },
  'access.applyMatrix': {
    request: z.object({ instanceKey: InstanceKey, matrix: MatrixSchema }).strict(),
    response: MatrixPreviewSchema,
  },
  'access.verifyMatrix': {
    request: z.object({ instanceKey: InstanceKey, matrix: MatrixSchema }).strict(),
    response: VerificationSchema,
  },
} as const satisfies RequestSpecs;

export const accessEvents = {
  /** Progress of a bulk member change, one event per finished row. */
  'access.bulkProgress': z.object({
    operationId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    failed: z.number().int(),
  }),
} as const satisfies EventSpecs;
