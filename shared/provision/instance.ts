import { z } from 'zod';

import { ContextRefSchema } from '../contract/schemas';
import { InstanceOptionFieldsSchema } from './options';

/** Releases the app installs, as in the catalog. */
export const releases = ['1.8.0', '1.10.0'] as const;
export const ReleaseSchema = z.enum(releases, {
  error: (issue) =>
    `Release "${String(issue.input)}" is not supported. Choose one of ${releases.join(', ')}.`,
});
export type Release = z.infer<typeof ReleaseSchema>;

/** Essential, Essential + hyperparameter tuning (Katib), Essential + HPT + serving (KServe). */
export const serviceTypes = ['essential', 'hpt', 'serving'] as const;
export const ServiceTypeSchema = z.enum(serviceTypes, {
  error: (issue) =>
    `Service type "${String(issue.input)}" is not supported. Choose one of ${serviceTypes.join(', ')}.`,
});
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

export const instancePhases = [
  'Creating',
  'Active',
  'Failed',
  'Expired',
  'Terminating',
  'Terminated',
] as const;
export const InstancePhaseSchema = z.enum(instancePhases);
export type InstancePhase = z.infer<typeof InstancePhaseSchema>;

export const maxOwners = 5;
export const defaultInstanceNamespace = 'kubeflow';
export const recordApiVersion = 'kubeflow-desktop.io/v1';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Builds a schema for a DNS-1123 label, as Kubernetes requires for namespace names and label values. */
function dnsLabel(what: string) {
  return z.string().refine((value) => value.length <= 63 && dns1123Label.test(value), {
    error: (issue) =>
      `${what} "${String(issue.input)}" is invalid. Use at most 63 lowercase letters a-z, digits ` +
      `and '-', starting and ending with a letter or digit, such as team-prod.`,
  });
}

const OwnerEmailSchema = z.email({
  error: (issue) =>
    `Owner "${String(issue.input)}" is not a valid email address. ` +
    `Enter an address such as alice@example.com.`,
});

/**
 * Owner emails: 1 to 5 addresses, stored as given. Duplicates are found
 * without regard to case, because mail providers treat addresses that way.
 */
export const OwnersSchema = z
  .array(OwnerEmailSchema)
  .min(1, { error: "An instance needs at least one owner. Add the first owner's email address." })
  .max(maxOwners, {
    error: (issue) => {
      const count = Array.isArray(issue.input) ? issue.input.length : 0;
      return (
        `An instance can have at most ${maxOwners} owners, but ${count} were given. ` +
        `Remove ${count - maxOwners} of them.`
      );
    },
  })
  .superRefine((owners, context) => {
    const firstByKey = new Map<string, string>();
    owners.forEach((owner, index) => {
      const key = owner.toLowerCase();
      const first = firstByKey.get(key);
      if (first === undefined) {
        firstByKey.set(key, owner);
        return;
      }
      context.addIssue({
        code: 'custom',
        path: [index],
        input: owner,
        message:
          `Owner "${owner}" duplicates "${first}", because addresses are compared without ` +
          `regard to case. Remove one of them.`,
      });
    });
  });

export const ManifestSourceSchema = z.object({
  kind: z.enum(['manifests-checkout', 'bundle', 'sandbox-simulation']),
  /** Folder of the kubeflow/manifests checkout or the bundle file; null for the sandbox simulation. */
  path: z.string().min(1).nullable(),
  /** Git tag of the manifests, such as v1.10.0; null when unknown. */
  tag: z.string().min(1).nullable(),
});
export type ManifestSource = z.infer<typeof ManifestSourceSchema>;

/** Keys that would carry a credential, rejected because the record is a ConfigMap that many users can read. */
const credentialKeys = /^(password|secretAccessKey|accessKeyId|accessKey|secretKey|token)$/i;

function findCredentialKey(value: unknown, path: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, nested] of Object.entries(value)) {
    const nestedPath = path ? `${path}.${key}` : key;
    if (credentialKeys.test(key)) return nestedPath;
    const found = findCredentialKey(nested, nestedPath);
    if (found) return found;
  }
  return null;
}

/**
 * Installation options that become transformations of the rendered objects,
 * with the shapes of shared/provision/options.ts. Unknown keys are kept at
 * every level, so a record written by a newer version still reads. Credentials are rejected
 * here, so an option refers to a Secret by name instead.
 */
export const InstanceOptionsSchema = InstanceOptionFieldsSchema.loose().superRefine(
  (options, context) => {
    const key = findCredentialKey(options, '');
    if (key === null) return;
    context.addIssue({
      code: 'custom',
      path: key.split('.'),
      message:
        `Option ${key} would store a credential in the instance record, which is a ConfigMap ` +
        `readable by anyone who may read ConfigMaps in its namespace. Keep the credential ` +
        `in a Secret and give the Secret's name instead.`,
    });
  },
  // Runs even when other option fields are invalid, so a credential is always named.
  { when: () => true },
);
export type InstanceOptions = z.infer<typeof InstanceOptionsSchema>;

export const InstanceSpecSchema = z.object({
  name: dnsLabel('Instance name'),
  release: ReleaseSchema,
  serviceType: ServiceTypeSchema,
  /** Kubeconfig context of the target cluster. */
  context: ContextRefSchema,
  namespace: dnsLabel('Namespace').default(defaultInstanceNamespace),
  owners: OwnersSchema,
  manifestSource: ManifestSourceSchema,
  options: InstanceOptionsSchema.default({}),
});
export type InstanceSpec = z.infer<typeof InstanceSpecSchema>;
/** A spec as a caller writes it, before defaults such as the namespace are filled in. */
export type InstanceSpecInput = z.input<typeof InstanceSpecSchema>;

export const InstanceStatusSchema = z.object({
  phase: InstancePhaseSchema,
  /** Explanation of the phase, such as the error that failed the instance, or null. */
  reason: z.string().nullable(),
  updatedAt: z.iso.datetime(),
  /**
   * True while a create, resume or upgrade has objects left to apply, so
   * the status engine keeps the instance Creating; absent in older records.
   */
  applying: z.boolean().optional(),
});
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

// The apply engine's ObjectRef and refKey (main/provision/object-ref.ts) match this
// schema and inventoryKey, and main/provision/instance-record.test.ts checks the
// keys. They are repeated here because shared/ cannot import main/.
/** Reference to one Kubernetes object; namespace is null for a cluster-scoped object. */
export const ObjectRefSchema = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  namespace: z.string().min(1).nullable(),
  name: z.string().min(1),
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

/**
 * Identity of an object in the inventory: API group, kind, namespace and
 * name. The version is left out, because apps/v1 and apps/v1beta1 name the
 * same stored object.
 */
export function inventoryKey(ref: ObjectRef): string {
  const slash = ref.apiVersion.lastIndexOf('/');
  const group = slash === -1 ? '' : ref.apiVersion.slice(0, slash);
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** One object the app applied. */
export const InventoryEntrySchema = z.object({
  ref: ObjectRefSchema,
  /** Content hash of the applied object, as computed by the apply engine. */
  hash: z.string().min(1),
  /** Catalog component the object belongs to, such as katib or the platform pieces. */
  component: z.string().min(1),
  appliedAt: z.iso.datetime(),
  /**
   * True when the app created the object (the server returned 201). False or
   * absent when the app applied onto an object that already existed, or the
   * record predates this field: delete and prune leave such objects alone.
   */
  created: z.boolean().optional(),
  /** metadata.uid when the object was applied, so delete can tell an object someone else recreated. */
  uid: z.string().min(1).optional(),
});
export type InventoryEntry = z.infer<typeof InventoryEntrySchema>;

export const InventorySchema = z.array(InventoryEntrySchema).superRefine((entries, context) => {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const key = inventoryKey(entry.ref);
    if (!seen.has(key)) {
      seen.add(key);
      return;
    }
    context.addIssue({
      code: 'custom',
      path: [index],
      message: `The inventory lists ${key} twice. Keep one entry per object.`,
    });
  });
});

export const InstanceRecordSchema = z.object({
  apiVersion: z.literal(recordApiVersion),
  spec: InstanceSpecSchema,
  status: InstanceStatusSchema,
  inventory: InventorySchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Incremented on every change of the record, starting at 1. */
  generation: z.number().int().min(1),
});
export type InstanceRecord = z.infer<typeof InstanceRecordSchema>;

/**
 * Creates the record of a new instance: phase Creating, an empty inventory
 * and generation 1. Throws a ZodError when the spec is invalid.
 */
export function newInstanceRecord(spec: InstanceSpecInput, now: Date = new Date()): InstanceRecord {
  const time = now.toISOString();
  return {
    apiVersion: recordApiVersion,
    spec: InstanceSpecSchema.parse(spec),
    status: { phase: 'Creating', reason: null, updatedAt: time },
    inventory: [],
    createdAt: time,
    updatedAt: time,
    generation: 1,
  };
}
