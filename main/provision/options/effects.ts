import type { OptionEffect } from '../../../shared/provision/options';
import { formatRef, refOf, type KubeObject } from '../object-ref';

type EffectParams = Record<string, string>;

/**
 * English text of each effect code. The renderer shows the same text from
 * `instanceOptions.effect.<code>` with the same params.
 */
const englishEffects = {
  nodeSelectorAdded: (p) => `Node selector ${p.selector} (${p.pool} pool) added to ${p.object}.`,
  tolerationsAdded: (p) => `Tolerations ${p.tolerations} (${p.pool} pool) added to ${p.object}.`,
  gpuResourceSet: (p) =>
    `Container ${p.container} of ${p.object} now requests ${p.resource}: ${p.count}.`,
  storageClassSet: (p) => `Storage class ${p.storageClass} set on ${p.volume} of ${p.object}.`,
  storageSecretGenerated: (p) => `${p.object} generated with the object storage keys.`,
  databaseSecretGenerated: (p) => `${p.object} generated with the database user and password.`,
  removedForExternalStorage: (p) =>
    `${p.object} removed, because the instance uses external object storage.`,
  removedForExternalDatabase: (p) =>
    `${p.object} removed, because the instance uses an external MySQL.`,
  configSet: (p) => `${p.key} set to ${p.value} in ${p.object}.`,
  envSet: (p) =>
    `Environment variable ${p.variable} of container ${p.container} in ${p.object} set to ${p.value}.`,
  envRemoved: (p) =>
    `Environment variable ${p.variable} removed from container ${p.container} in ${p.object}.`,
  secretReferenceSet: (p) => `${p.object} now reads ${p.variable} from Secret ${p.secret}.`,
  gatewayHostsSet: (p) => `Hosts of ${p.object} set to ${p.hosts}.`,
  profileOwnerSet: (p) => `Profile ${p.profile} now belongs to ${p.email} (was ${p.previous}).`,
  profileAdded: (p) => `Profile ${p.profile} added for ${p.email}.`,
  dexUserSet: (p) =>
    `Dex user ${p.previous} in ${p.object} replaced by ${p.email} with a generated password.`,
  dexPasswordSet: (p) => `Password hash of ${p.email} stored in ${p.object} under ${p.key}.`,
} satisfies Record<string, (p: EffectParams) => string>;

export type EffectCode = keyof typeof englishEffects;

/** Formats an object for an effect, such as `Deployment kubeflow/ml-pipeline`. */
export function objectLabel(object: KubeObject): string {
  return formatRef(refOf(object));
}

/** Builds one effect of an option on an object; `object` is added to the params. */
export function effect(
  option: OptionEffect['option'],
  action: OptionEffect['action'],
  object: KubeObject,
  code: EffectCode,
  params: EffectParams = {},
): OptionEffect {
  const filled = { ...params, object: objectLabel(object) };
  const english: (p: EffectParams) => string = englishEffects[code];
  return {
    option,
    action,
    ref: refOf(object),
    text: { code: `instanceOptions.effect.${code}`, params: filled },
    message: english(filled),
  };
}

/** Codes with an English text, so a test can check that both locale files define each one. */
export const effectCodes = Object.keys(englishEffects) as EffectCode[];
