import { componentsFor } from '../../../shared/catalog';
import { AppError } from '../../../shared/errors';
import type { InstanceSpec } from '../../../shared/provision/instance';
import {
  InstanceCredentialsSchema,
  type InstanceCredentialsInput,
  type OptionEffect,
} from '../../../shared/provision/options';
import { refOf, type KubeObject, type ObjectRef } from '../object-ref';
import { profileNameForEmail } from '../sandbox-bundle';
import { applyDatabase } from './database';
import { applyDomain } from './domain';
import { applyNodePlacement } from './node-placement';
import { applyObjectStorage } from './object-storage';
import { applyOwner, defaultBcryptCost } from './owner';
import { applyStorageClass } from './storage-class';

export interface OptionInputs {
  /** Credentials of the object storage and the database; never part of the spec or the record. */
  credentials?: InstanceCredentialsInput;
  /** bcrypt cost of the owner's password hash; tests lower it to stay fast. */
  bcryptCost?: number;
}

export interface AppliedOptions {
  /** The transformed objects; the input array and its objects are left unchanged. */
  objects: KubeObject[];
  /** What each option changed, in the order the options ran. */
  effects: OptionEffect[];
  /** Secrets the options generated, which hold credentials and must not be shown. */
  secrets: ObjectRef[];
  /** Values shown to the admin once and stored nowhere. */
  oneTimeValues: { ownerPassword: string | null };
}

function parseCredentials(input: InstanceCredentialsInput | undefined) {
  const result = InstanceCredentialsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    .join(' ');
  throw new AppError(
    'invalid-request',
    'instanceOptionsCredentialsInvalid',
    `The option credentials are invalid. ${detail}`,
    {
      detail,
    },
  );
}

/**
 * Applies the creation options of a spec to the rendered objects: the
 * owner in place of upstream's example user, the database, the object
 * storage, the default storage class, the domain and the node placement.
 * Node placement runs last, so it also places what earlier options leave.
 * Throws an AppError (invalid-request) when a credential an option needs is
 * missing or invalid.
 */
export async function applyInstanceOptions(
  input: readonly KubeObject[],
  spec: InstanceSpec,
  inputs: OptionInputs = {},
): Promise<AppliedOptions> {
  const credentials = parseCredentials(inputs.credentials);
  const options = spec.options;
  const effects: OptionEffect[] = [];
  const secrets: KubeObject[] = [];
  let objects = structuredClone([...input]);

  const email = spec.owners[0];
  let ownerPassword: string | null = null;
  if (email !== undefined) {
    const owner = { email, namespace: options.ownerNamespace ?? profileNameForEmail(email) };
    const result = await applyOwner(objects, owner, inputs.bcryptCost ?? defaultBcryptCost);
    ({ objects } = result);
    effects.push(...result.effects);
    secrets.push(...result.secrets);
    ownerPassword = result.password;
  }

  if (options.database) {
    const result = applyDatabase(objects, options.database, credentials.database, spec.namespace);
    ({ objects } = result);
    effects.push(...result.effects);
    secrets.push(...result.secrets);
  }

  if (options.objectStorage) {
    const result = applyObjectStorage(
      objects,
      options.objectStorage,
      credentials.objectStorage,
      spec.namespace,
    );
    ({ objects } = result);
    effects.push(...result.effects);
    secrets.push(...result.secrets);
  }

  if (options.storageClass) effects.push(...applyStorageClass(objects, options.storageClass));
  if (options.domain) effects.push(...applyDomain(objects, options.domain));
  if (options.nodePlacement) {
    effects.push(
      ...applyNodePlacement(
        objects,
        options.nodePlacement,
        componentsFor(spec.release, spec.serviceType),
      ),
    );
  }

  return { objects, effects, secrets: secrets.map(refOf), oneTimeValues: { ownerPassword } };
}
