// Schemas of the creation options that become transformations of the
// rendered objects. Each check reports a custom issue whose `params.code`
// names an `instanceOptions.validation.*` locale key, so the wizard can show
// the message at its field in the user's language. The English message
// travels beside it for logs and the command line.
import { z } from 'zod';

import type { LocalizedText } from '../contract/schemas';

/** Label key that the sandbox's nodes carry and that the options form offers first. */
export const poolLabel = 'kubeflow-desktop.io/pool';

/** Secret that upstream's Pipelines read the object storage keys from (keys `accesskey`, `secretkey`). */
export const defaultObjectStorageSecret = 'mlpipeline-minio-artifact';
/** Secret that upstream's Pipelines read the database user and password from (keys `username`, `password`). */
export const defaultDatabaseSecret = 'mysql-secret';

export const maxGpuCount = 16;

type Check<T> = (value: T) => { code: string; params: Record<string, string> } | null;

/** English text of each validation code, filled with the same params as the locale key. */
const englishMessages: Record<string, (params: Record<string, string>) => string> = {
  labelKeyInvalid: (p) =>
    `Label key "${p.value}" is invalid. Use a name such as ${poolLabel} or node.kubernetes.io/instance-type: ` +
    `an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'.`,
  labelValueInvalid: (p) =>
    `Label value "${p.value}" is invalid. Use at most 63 letters, digits, '-', '_' or '.', ` +
    `starting and ending with a letter or digit, such as gpu.`,
  nodeSelectorEmpty: () =>
    `A node pool needs at least one node label. Pick a pool or enter a label.`,
  tolerationKeyMissing: () =>
    `A toleration with operator Equal needs a key. Enter the taint's key, or use operator Exists.`,
  gpuCountInvalid: (p) =>
    `GPU count "${p.value}" is invalid. Enter a whole number from 1 to ${maxGpuCount}.`,
  migProfileInvalid: (p) =>
    `MIG profile "${p.value}" is invalid. Use the NVIDIA form <compute>g.<memory>gb, such as 1g.10gb.`,
  gpuCountWithMig: () =>
    `Choose either a GPU count or a MIG profile, not both. Clear one of the two fields.`,
  storageClassInvalid: (p) =>
    `Storage class "${p.value}" is invalid. Use the name of a StorageClass of the cluster, such as standard.`,
  endpointInvalid: (p) =>
    `Endpoint "${p.value}" is invalid. Enter a host name with an optional port, such as s3.example.com ` +
    `or minio.storage:9000, without http://.`,
  bucketInvalid: (p) =>
    `Bucket "${p.value}" is invalid. Use 3 to 63 lowercase letters, digits, '-' or '.', ` +
    `starting and ending with a letter or digit, such as kubeflow-artifacts.`,
  regionInvalid: (p) =>
    `Region "${p.value}" is invalid. Use letters, digits and '-', such as us-east-1.`,
  secretNameInvalid: (p) =>
    `Secret name "${p.value}" is invalid. Use lowercase letters, digits, '-' and '.', such as mysql-secret.`,
  hostInvalid: (p) =>
    `Database host "${p.value}" is invalid. Enter a host name or IP address, such as mysql.db.svc.`,
  portInvalid: (p) =>
    `Port "${p.value}" is invalid. Enter a whole number from 1 to 65535, such as 3306.`,
  databaseUserInvalid: (p) =>
    `Database user "${p.value}" is invalid. Use 1 to 32 letters, digits, '_', '-' or '.', such as kubeflow.`,
  domainInvalid: (p) =>
    `Domain "${p.value}" is invalid. Enter a lowercase host name with at least one dot, such as ` +
    `kubeflow.example.com, without http:// or a path.`,
  namespaceInvalid: (p) =>
    `Namespace "${p.value}" is invalid. Use at most 63 lowercase letters a-z, digits and '-', ` +
    `starting and ending with a letter or digit, such as kubeflow-alice.`,
  endpointMissing: () =>
    `The endpoint is missing. Enter the host name of the S3-compatible service, such as s3.example.com.`,
  bucketMissing: () =>
    `The bucket is missing. Enter the name of the bucket for artifacts, such as kubeflow-artifacts.`,
  regionMissing: () => `The region is missing. Enter the bucket's region, such as us-east-1.`,
  hostMissing: () =>
    `The database host is missing. Enter a host name or IP address, such as mysql.db.svc.`,
  databaseUserMissing: () =>
    `The database user is missing. Enter the MySQL user, such as kubeflow.`,
  accessKeyMissing: () => `The access key ID is missing. Enter the access key of the S3 account.`,
  secretKeyMissing: () =>
    `The secret access key is missing. Enter the secret key of the S3 account.`,
  passwordTooShort: (p) =>
    `The database password has ${p.length} characters. Use at least 8, or generate one.`,
  passwordInvalid: () =>
    `The database password contains a line break or a control character. Remove it, or generate a password.`,
  valueInvalid: (p) => `Value at ${p.path} is invalid: ${p.detail}`,
};

/** Validation codes with an English message; each is also a key under `instanceOptions.validation.`. */
export const validationCodes = Object.keys(englishMessages);

/** Returns the English message of a validation code. */
export function optionMessage(code: string, params: Record<string, string>): string {
  const message = englishMessages[code];
  return message ? message(params) : `Invalid option (${code}).`;
}

/** Builds a string schema that reports the first failing check as a localizable custom issue. */
function checkedString(maxLength: number, ...checks: Check<string>[]) {
  return z
    .string()
    .max(maxLength * 4)
    .superRefine((value, context) => {
      for (const check of checks) {
        const failure = check(value);
        if (!failure) continue;
        context.addIssue({
          code: 'custom',
          input: value,
          message: optionMessage(failure.code, failure.params),
          params: { ...failure.params, code: failure.code },
        });
        return;
      }
    });
}

function rule(code: string, test: (value: string) => boolean): Check<string> {
  return (value) => (test(value) ? null : { code, params: { value } });
}

function required(code: string): Check<string> {
  return (value) => (value.trim() === '' ? { code, params: {} } : null);
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Tests a label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? null : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== null && (prefix.length > 253 || !dns1123Subdomain.test(prefix))) return false;
  return name.length <= 63 && labelName.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && labelValue.test(value);
}

const isSubdomain = (value: string) => value.length <= 253 && dns1123Subdomain.test(value);

const LabelKeySchema = checkedString(317, rule('labelKeyInvalid', isLabelKey));
const LabelValueSchema = checkedString(63, rule('labelValueInvalid', isLabelValue));

export const NodeSelectorSchema = z
  .record(LabelKeySchema, LabelValueSchema)
  .superRefine((selector, context) => {
    const count = Object.keys(selector).length;
    if (count > 0 && count <= 20) return;
    context.addIssue({
      code: 'custom',
      message: optionMessage('nodeSelectorEmpty', {}),
      params: { code: 'nodeSelectorEmpty' },
    });
  });

/** A toleration in the `core/v1` Toleration shape, added to the pods placed on a tainted pool. */
export const TolerationSchema = z
  .object({
    key: LabelKeySchema.optional(),
    operator: z.enum(['Exists', 'Equal']).default('Equal'),
    value: LabelValueSchema.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  })
  .loose()
  .superRefine((toleration, context) => {
    if (toleration.operator !== 'Equal' || toleration.key) return;
    context.addIssue({
      code: 'custom',
      path: ['key'],
      message: optionMessage('tolerationKeyMissing', {}),
      params: { code: 'tolerationKeyMissing' },
    });
  });
export type Toleration = z.infer<typeof TolerationSchema>;

/** Nodes of one pool, chosen by their labels, and the taints its pods tolerate. */
export const NodePoolSchema = z
  .object({
    nodeSelector: NodeSelectorSchema,
    tolerations: z.array(TolerationSchema).max(10).default([]),
  })
  .loose();
export type NodePool = z.infer<typeof NodePoolSchema>;

const migProfilePattern = /^[1-9][0-9]?g\.[1-9][0-9]{0,3}gb$/;

/**
 * The GPU pool: GPU workloads get its selector, a toleration of the
 * `nvidia.com/gpu` taint, and either a GPU count or one MIG slice
 * (resource `nvidia.com/mig-<profile>`, as the NVIDIA device plugin's
 * "mixed" strategy names it).
 */
export const GpuPoolSchema = z
  .object({
    nodeSelector: NodeSelectorSchema,
    tolerations: z.array(TolerationSchema).max(10).default([]),
    gpuCount: z
      .unknown()
      .transform((value, context) => {
        if (value === null || value === undefined) return null;
        if (
          typeof value === 'number' &&
          Number.isInteger(value) &&
          value >= 1 &&
          value <= maxGpuCount
        ) {
          return value;
        }
        context.addIssue({
          code: 'custom',
          message: optionMessage('gpuCountInvalid', { value: String(value) }),
          params: { code: 'gpuCountInvalid', value: String(value) },
        });
        return z.NEVER;
      })
      .pipe(z.number().int().nullable())
      .default(null),
    migProfile: checkedString(
      16,
      rule('migProfileInvalid', (value) => migProfilePattern.test(value)),
    )
      .nullable()
      .default(null),
  })
  .loose()
  .superRefine((pool, context) => {
    if (pool.gpuCount === null || pool.migProfile === null) return;
    context.addIssue({
      code: 'custom',
      path: ['migProfile'],
      message: optionMessage('gpuCountWithMig', {}),
      params: { code: 'gpuCountWithMig' },
    });
  });
export type GpuPool = z.infer<typeof GpuPoolSchema>;

export const nodePools = ['ingress', 'worker', 'cpu', 'gpu'] as const;
export type NodePoolName = (typeof nodePools)[number];

/**
 * Node pools of the workloads. Ingress gateways go to the ingress pool, GPU
 * workloads to the GPU pool, application components to the CPU pool when
 * one is set, and every other workload to the worker pool. A null pool
 * leaves those workloads unplaced.
 */
export const NodePlacementSchema = z
  .object({
    ingress: NodePoolSchema.nullable().default(null),
    worker: NodePoolSchema.nullable().default(null),
    cpu: NodePoolSchema.nullable().default(null),
    gpu: GpuPoolSchema.nullable().default(null),
  })
  .loose();
export type NodePlacement = z.infer<typeof NodePlacementSchema>;

const SecretNameSchema = checkedString(253, rule('secretNameInvalid', isSubdomain));

const endpointPattern =
  /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\d{1,3}(\.\d{1,3}){3})(:\d{1,5})?$/;
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const ObjectStorageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled-minio') }).loose(),
  z
    .object({
      kind: z.literal('external-s3'),
      /** Host and optional port of the S3-compatible service, without a scheme. */
      endpoint: checkedString(
        261,
        required('endpointMissing'),
        rule('endpointInvalid', (value) => endpointPattern.test(value)),
      ),
      bucket: checkedString(
        63,
        required('bucketMissing'),
        rule('bucketInvalid', (value) => bucketPattern.test(value)),
      ),
      region: checkedString(
        64,
        required('regionMissing'),
        rule('regionInvalid', (value) => /^[a-z0-9][a-z0-9-]{0,62}$/i.test(value)),
      ),
      /** Whether the endpoint is reached over HTTPS. */
      secure: z.boolean().default(true),
      /** Secret in the Pipelines namespace (kubeflow upstream) that contains `accesskey` and `secretkey`. */
      credentialsSecret: SecretNameSchema.default(defaultObjectStorageSecret),
    })
    .loose(),
]);
export type ObjectStorage = z.infer<typeof ObjectStorageSchema>;

const hostPattern =
  /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\d{1,3}(\.\d{1,3}){3})$/;

const PortSchema = z
  .unknown()
  .transform((value, context) => {
    const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)
      return port;
    context.addIssue({
      code: 'custom',
      message: optionMessage('portInvalid', { value: String(value) }),
      params: { code: 'portInvalid', value: String(value) },
    });
    return z.NEVER;
  })
  .pipe(z.number().int());

export const DatabaseSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('bundled-mysql'),
      /** Secret in the Pipelines namespace (kubeflow upstream) that contains `username` and `password`. */
      credentialsSecret: SecretNameSchema.default(defaultDatabaseSecret),
    })
    .loose(),
  z
    .object({
      kind: z.literal('external-mysql'),
      host: checkedString(
        253,
        required('hostMissing'),
        rule('hostInvalid', (value) => hostPattern.test(value)),
      ),
      port: PortSchema.default(3306),
      user: checkedString(
        32,
        required('databaseUserMissing'),
        rule('databaseUserInvalid', (value) => /^[A-Za-z0-9_.-]{1,32}$/.test(value)),
      ),
      credentialsSecret: SecretNameSchema.default(defaultDatabaseSecret),
    })
    .loose(),
]);
export type Database = z.infer<typeof DatabaseSchema>;

export const StorageClassNameSchema = checkedString(253, rule('storageClassInvalid', isSubdomain));

export const DomainSchema = checkedString(
  253,
  rule('domainInvalid', (value) => isSubdomain(value) && value.includes('.')),
);

export const OwnerNamespaceSchema = checkedString(
  63,
  rule('namespaceInvalid', (value) => value.length <= 63 && dns1123Label.test(value)),
);

/**
 * Options of a new instance, as stored in its record. The record is a
 * ConfigMap, so credentials are not part of it: they arrive separately as
 * InstanceCredentials and end up in the Secrets named here.
 */
export const InstanceOptionFieldsSchema = z.object({
  nodePlacement: NodePlacementSchema.optional(),
  /** Default StorageClass for volumes that name none; null leaves the cluster's default class. */
  storageClass: StorageClassNameSchema.nullable().optional(),
  objectStorage: ObjectStorageSchema.optional(),
  database: DatabaseSchema.optional(),
  /** Host name served by the ingress gateway; null keeps upstream's `*`. */
  domain: DomainSchema.nullable().optional(),
  /** Namespace (Profile name) of the first owner; null derives it from the email as upstream does. */
  ownerNamespace: OwnerNamespaceSchema.nullable().optional(),
});
export type InstanceOptionFields = z.infer<typeof InstanceOptionFieldsSchema>;

/** Credentials for the options, passed beside the spec and written only into generated Secrets. */
export const InstanceCredentialsSchema = z
  .object({
    objectStorage: z
      .object({
        accessKeyId: checkedString(
          256,
          rule('accessKeyMissing', (value) => value.trim().length > 0),
        ),
        secretAccessKey: checkedString(
          256,
          rule('secretKeyMissing', (value) => value.trim().length > 0),
        ),
      })
      .strict()
      .nullable()
      .default(null),
    database: z
      .object({
        password: z
          .string()
          .max(256)
          .superRefine((value, context) => {
            const failure = passwordFailure(value);
            if (!failure) return;
            context.addIssue({
              code: 'custom',
              message: optionMessage(failure.code, failure.params),
              params: { ...failure.params, code: failure.code },
            });
          }),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type InstanceCredentials = z.infer<typeof InstanceCredentialsSchema>;
export type InstanceCredentialsInput = z.input<typeof InstanceCredentialsSchema>;

export const minPasswordLength = 8;

function passwordFailure(value: string): { code: string; params: Record<string, string> } | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return { code: 'passwordInvalid', params: {} };
  if (value.length < minPasswordLength) {
    return { code: 'passwordTooShort', params: { length: String(value.length) } };
  }
  return null;
}

/** The effect of one option on one object, as the plan shows it. */
export const OptionEffectSchema = z.object({
  option: z.enum(['nodePlacement', 'storageClass', 'objectStorage', 'database', 'domain', 'owner']),
  action: z.enum(['added', 'changed', 'removed']),
  ref: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    namespace: z.string().nullable(),
    name: z.string(),
  }),
  /** Key under `instanceOptions.effect.` and its params; `message` is the same in English. */
  text: z.object({ code: z.string(), params: z.record(z.string(), z.string()) }),
  message: z.string(),
});
export type OptionEffect = z.infer<typeof OptionEffectSchema>;

/**
 * Turns the issues of a failed parse into one localizable message per field,
 * keyed by the path joined with dots (`nodePlacement.gpu.migProfile`). Only
 * the first issue of each field is kept.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, LocalizedText> {
  const errors: Record<string, LocalizedText> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (path in errors) continue;
    const params =
      issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
    const code = typeof params?.code === 'string' ? params.code : null;
    if (code === null) {
      errors[path] = {
        code: 'instanceOptions.validation.valueInvalid',
        params: { path, detail: issue.message },
      };
      continue;
    }
    const textParams: Record<string, string> = {};
    for (const [key, value] of Object.entries(params ?? {})) {
      if (key !== 'code') textParams[key] = String(value);
    }
    errors[path] = { code: `instanceOptions.validation.${code}`, params: textParams };
  }
  return errors;
}

/** The options form's value: the options stored in the spec, and the credentials kept apart from them. */
export interface OptionsFormValue {
  options: z.input<typeof InstanceOptionFieldsSchema>;
  credentials: InstanceCredentialsInput;
}

/**
 * Validates the options form and returns one localizable message per field,
 * keyed by path (`storageClass`, `credentials.database.password`). The
 * credentials that the chosen options need are required here: keys for
 * external object storage and a database password.
 */
export function validateOptionsForm(value: OptionsFormValue): Record<string, LocalizedText> {
  const errors: Record<string, LocalizedText> = {};
  const options = InstanceOptionFieldsSchema.safeParse(value.options);
  if (!options.success) Object.assign(errors, fieldErrorsOf(options.error));

  const credentials = InstanceCredentialsSchema.safeParse(value.credentials);
  if (!credentials.success) {
    for (const [path, text] of Object.entries(fieldErrorsOf(credentials.error))) {
      errors[`credentials.${path}`] = text;
    }
  }

  const parsedCredentials = credentials.success ? credentials.data : null;
  const needsKeys = value.options.objectStorage?.kind === 'external-s3';
  if (needsKeys && parsedCredentials && parsedCredentials.objectStorage === null) {
    errors['credentials.objectStorage.accessKeyId'] = {
      code: 'instanceOptions.validation.accessKeyMissing',
      params: {},
    };
  }
  if (value.options.database && parsedCredentials && parsedCredentials.database === null) {
    errors['credentials.database.password'] = {
      code: 'instanceOptions.validation.passwordTooShort',
      params: { length: '0' },
    };
  }
  return errors;
}
