import type { OptionEffect } from '../../../shared/provision/options';
import type { KubeObject } from '../object-ref';
import { effect } from './effects';
import { isKind, isRecord, type Json } from './objects';

/**
 * Sets `storageClassName` on claims that name no class: PersistentVolumeClaims
 * and the volumeClaimTemplates of StatefulSets. An empty string is left as
 * it is, because Kubernetes reads it as "no class, bind a pre-made volume".
 */
export function applyStorageClass(objects: KubeObject[], storageClass: string): OptionEffect[] {
  const effects: OptionEffect[] = [];

  const setOn = (claimSpec: Json, object: KubeObject, volume: string) => {
    if (claimSpec['storageClassName'] !== undefined && claimSpec['storageClassName'] !== null)
      return;
    claimSpec['storageClassName'] = storageClass;
    effects.push(
      effect('storageClass', 'changed', object, 'storageClassSet', { storageClass, volume }),
    );
  };

  for (const object of objects) {
    const spec = object['spec'];
    if (isKind(object, 'PersistentVolumeClaim')) {
      if (!isRecord(spec)) object['spec'] = {};
      setOn(object['spec'] as Json, object, object.metadata.name);
      continue;
    }
    if (!isKind(object, 'StatefulSet', 'apps') || !isRecord(spec)) continue;
    const templates = spec['volumeClaimTemplates'];
    if (!Array.isArray(templates)) continue;
    for (const template of templates) {
      if (!isRecord(template)) continue;
      if (!isRecord(template['spec'])) template['spec'] = {};
      const name = isRecord(template['metadata']) ? String(template['metadata']['name'] ?? '') : '';
      setOn(template['spec'] as Json, object, name);
    }
  }
  return effects;
}
