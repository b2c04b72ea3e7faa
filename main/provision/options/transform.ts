import type { InstanceSpec } from '../../../shared/provision/instance';
import type { InstanceCredentialsInput } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import type { OptionsResult } from '../plan-builder';
import { applyInstanceOptions } from './apply-options';

/** Kinds that can carry the owner's password hash: Dex's ConfigMap (1.8.0) or its Secret (1.10.0). */
const passwordKinds = new Set(['ConfigMap', 'Secret']);
/** Dex's namespace in both releases. */
const dexNamespace = 'auth';

/**
 * Runs the creation options for the instance service: the plan shows each
 * effect in the user's language, and the objects that carry the owner's
 * password are named so a resume can tell whether a new password goes out.
 */
export async function transformWithOptions(
  objects: KubeObject[],
  spec: InstanceSpec,
  credentials: InstanceCredentialsInput,
): Promise<OptionsResult> {
  const applied = await applyInstanceOptions(objects, spec, { credentials });
  const password = applied.oneTimeValues.ownerPassword;
  return {
    objects: applied.objects,
    effects: applied.effects.map((effect) => ({
      code: effect.text.code,
      params: effect.text.params,
      message: effect.message,
    })),
    secrets: applied.secrets,
    passwordObjects:
      password === null
        ? []
        : applied.effects
            .filter(
              ({ option, ref }) =>
                option === 'owner' && ref.namespace === dexNamespace && passwordKinds.has(ref.kind),
            )
            .map((effect) => effect.ref),
    ownerPassword: password,
  };
}
