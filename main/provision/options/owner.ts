import { randomBytes } from 'node:crypto';

import bcrypt from 'bcryptjs';
import { parse, stringify } from 'yaml';

import type { OptionEffect } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import {
  configMapData,
  containersOf,
  generatedByLabel,
  isKind,
  isRecord,
  podTemplateOf,
  secretObject,
} from './objects';

/** The user that upstream's `common/user-namespace` and Dex configuration ship, in 1.8.0 and 1.10.0. */
export const exampleUser = 'user@example.com';
export const exampleProfile = 'kubeflow-user-example-com';

/** Dex rejects bcrypt hashes with a cost below 10; 12 costs about a quarter second in bcryptjs. */
export const defaultBcryptCost = 12;

export interface Owner {
  email: string;
  /** Profile (and namespace) name of the owner. */
  namespace: string;
}

export interface OwnerResult {
  objects: KubeObject[];
  effects: OptionEffect[];
  secrets: KubeObject[];
  /** The owner's Dex password in plain text, or null when the bundle has no Dex user to replace. */
  password: string | null;
}

/** Generates a password of 20 URL-safe characters (120 random bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function isExampleOwner(object: KubeObject): boolean {
  const spec = object['spec'];
  if (!isRecord(spec) || !isRecord(spec['owner'])) return false;
  const owner = spec['owner']['name'];
  return typeof owner === 'string' && owner.toLowerCase() === exampleUser;
}

function ownsProfile(object: KubeObject, email: string): boolean {
  const spec = object['spec'];
  return (
    isRecord(spec) &&
    isRecord(spec['owner']) &&
    String(spec['owner']['name']).toLowerCase() === email.toLowerCase()
  );
}

/** Hands upstream's example Profile to the owner, or adds one when the bundle defines Profiles but has none for the owner. */
function replaceProfile(
  objects: KubeObject[],
  owner: Owner,
): { objects: KubeObject[]; effects: OptionEffect[] } {
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (!isKind(object, 'Profile', 'kubeflow.org') || !isExampleOwner(object)) continue;
    const previous = object.metadata.name;
    object.metadata.name = owner.namespace;
    (object['spec'] as { owner: Record<string, unknown> }).owner['name'] = owner.email;
    effects.push(
      effect('owner', 'changed', object, 'profileOwnerSet', {
        profile: owner.namespace,
        email: owner.email,
        previous: `${previous} (${exampleUser})`,
      }),
    );
  }

  const profiles = objects.filter((object) => isKind(object, 'Profile', 'kubeflow.org'));
  const definesProfiles = objects.some(
    (object) =>
      object.kind === 'CustomResourceDefinition' &&
      object.metadata.name === 'profiles.kubeflow.org',
  );
  if (!definesProfiles || profiles.some((object) => ownsProfile(object, owner.email)))
    return { objects, effects };

  const profile: KubeObject = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Profile',
    metadata: { name: owner.namespace },
    spec: { owner: { kind: 'User', name: owner.email } },
  };
  effects.push(
    effect('owner', 'added', profile, 'profileAdded', {
      profile: owner.namespace,
      email: owner.email,
    }),
  );
  return { objects: [...objects, profile], effects };
}

/** Replaces the example user in `common/user-namespace`'s parameters ConfigMap (keys `user`, `profile-name`). */
function replaceUserNamespaceParameters(objects: KubeObject[], owner: Owner): OptionEffect[] {
  const effects: OptionEffect[] = [];
  for (const object of objects) {
    if (!isKind(object, 'ConfigMap') || !isRecord(object['data'])) continue;
    const data = configMapData(object);
    if (data['user']?.toLowerCase() !== exampleUser) continue;
    data['user'] = owner.email;
    effects.push(
      effect('owner', 'changed', object, 'configSet', { key: 'user', value: owner.email }),
    );
    if ('profile-name' in data) {
      data['profile-name'] = owner.namespace;
      effects.push(
        effect('owner', 'changed', object, 'configSet', {
          key: 'profile-name',
          value: owner.namespace,
        }),
      );
    }
  }
  return effects;
}

interface DexConfig {
  configMap: KubeObject;
  config: Record<string, unknown>;
  entry: Record<string, unknown>;
}

/** Finds the Dex ConfigMap (key `config.yaml`) whose static passwords include the example user. */
function findDexConfig(objects: readonly KubeObject[]): DexConfig | null {
  for (const object of objects) {
    if (!isKind(object, 'ConfigMap') || !isRecord(object['data'])) continue;
    const text = (object['data'] as Record<string, unknown>)['config.yaml'];
    if (typeof text !== 'string' || !text.includes('staticPasswords')) continue;
    const config: unknown = parse(text);
    if (!isRecord(config) || !Array.isArray(config['staticPasswords'])) continue;
    const entry = config['staticPasswords'].find(
      (candidate): candidate is Record<string, unknown> =>
        isRecord(candidate) && String(candidate['email']).toLowerCase() === exampleUser,
    );
    if (entry) return { configMap: object, config, entry };
  }
  return null;
}

/** Name of the Secret that Dex's Deployment reads an environment variable from, as in 1.10.0 (`dex-passwords`). */
function secretOfDexEnv(
  objects: readonly KubeObject[],
  namespace: string,
  variable: string,
): string | null {
  for (const object of objects) {
    if (object.metadata.namespace !== namespace) continue;
    const template = podTemplateOf(object);
    for (const container of template ? containersOf(template.spec ?? {}) : []) {
      const found = container.env?.find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef
        ?.name;
      if (found) return found;
    }
  }
  return null;
}

/**
 * Stores the hash where Dex reads it. 1.8.0 keeps the bcrypt hash in the
 * static password entry (`hash`); 1.10.0 names an environment variable
 * (`hashFromEnv: DEX_USER_PASSWORD`) filled from Secret `dex-passwords`.
 */
function storeDexHash(
  objects: KubeObject[],
  dex: DexConfig,
  email: string,
  hash: string,
): { objects: KubeObject[]; effects: OptionEffect[]; secrets: KubeObject[] } {
  const variable = dex.entry['hashFromEnv'];
  if (typeof variable !== 'string') {
    dex.entry['hash'] = hash;
    return { objects, effects: [], secrets: [] };
  }

  const namespace = dex.configMap.metadata.namespace ?? 'auth';
  const name = secretOfDexEnv(objects, namespace, variable) ?? 'dex-passwords';
  const index = objects.findIndex(
    (object) =>
      object.kind === 'Secret' &&
      object.metadata.namespace === namespace &&
      object.metadata.name === name,
  );
  const existing = index === -1 ? undefined : objects[index];
  const secret = secretObject(namespace, name, {}, { [generatedByLabel]: 'kubeflow-desktop' });
  if (existing) {
    // Keep the other keys of the rendered Secret; only the owner's hash changes.
    const data = isRecord(existing['data'])
      ? { ...(existing['data'] as Record<string, string>) }
      : {};
    const stringData = isRecord(existing['stringData'])
      ? (existing['stringData'] as Record<string, string>)
      : {};
    for (const [key, value] of Object.entries(stringData))
      data[key] = Buffer.from(value).toString('base64');
    secret.metadata = {
      ...existing.metadata,
      labels: { ...(existing.metadata.labels ?? {}), ...secret.metadata.labels },
    };
    secret['data'] = data;
  }
  (secret['data'] as Record<string, string>)[variable] = Buffer.from(hash).toString('base64');

  const next = [...objects];
  if (index === -1) next.push(secret);
  else next[index] = secret;
  const action = index === -1 ? 'added' : 'changed';
  return {
    objects: next,
    effects: [effect('owner', action, secret, 'dexPasswordSet', { email, key: variable })],
    secrets: [secret],
  };
}

/**
 * Puts the first owner in place of upstream's example user: the Profile
 * and its namespace, the user-namespace parameters, and Dex's static user
 * with a freshly generated password. The plain password is only returned.
 */
export async function applyOwner(
  objects: KubeObject[],
  owner: Owner,
  bcryptCost = defaultBcryptCost,
): Promise<OwnerResult> {
  const profile = replaceProfile(objects, owner);
  const effects = [...profile.effects, ...replaceUserNamespaceParameters(profile.objects, owner)];

  const dex = findDexConfig(profile.objects);
  if (!dex) return { objects: profile.objects, effects, secrets: [], password: null };

  const password = generatePassword();
  const hash = await bcrypt.hash(password, bcryptCost);
  dex.entry['email'] = owner.email;
  dex.entry['username'] = owner.email.split('@')[0] ?? owner.email;
  const stored = storeDexHash(profile.objects, dex, owner.email, hash);
  configMapData(dex.configMap)['config.yaml'] = stringify(dex.config);
  effects.push(
    effect('owner', 'changed', dex.configMap, 'dexUserSet', {
      email: owner.email,
      previous: exampleUser,
    }),
  );
  effects.push(...stored.effects);
  return { objects: stored.objects, effects, secrets: stored.secrets, password };
}
