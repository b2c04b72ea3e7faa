import { describe, expect, it } from 'vitest';

import { applyStorageClass } from './storage-class';
import { findIn, pipelinesObjects, workloadObjects } from './upstream-fixtures';

describe('applyStorageClass', () => {
  it('sets the class on claims without one', () => {
    const objects = pipelinesObjects();

    const effects = applyStorageClass(objects, 'fast-ssd');

    expect(
      (findIn(objects, 'PersistentVolumeClaim', 'minio-pvc')?.['spec'] as Record<string, unknown>)[
        'storageClassName'
      ],
    ).toBe('fast-ssd');
    expect(effects.map((entry) => entry.ref.name).sort()).toEqual(['minio-pvc', 'mysql-pv-claim']);
  });

  it('sets the class on claim templates', () => {
    const objects = workloadObjects();

    const effects = applyStorageClass(objects, 'fast-ssd');

    const spec = findIn(objects, 'StatefulSet', 'metacontroller')?.['spec'] as {
      volumeClaimTemplates: { spec: Record<string, unknown> }[];
    };
    expect(spec.volumeClaimTemplates[0]?.spec['storageClassName']).toBe('fast-ssd');
    expect(effects[0]?.text.params['volume']).toBe('data');
  });

  it('keeps an explicit empty class', () => {
    const objects = workloadObjects();

    applyStorageClass(objects, 'fast-ssd');

    const spec = findIn(objects, 'StatefulSet', 'metacontroller')?.['spec'] as {
      volumeClaimTemplates: { spec: Record<string, unknown> }[];
    };
    expect(spec.volumeClaimTemplates[1]?.spec['storageClassName']).toBe('');
  });

  it('keeps a class already named', () => {
    const objects = pipelinesObjects();
    const claim = findIn(objects, 'PersistentVolumeClaim', 'mysql-pv-claim');
    (claim?.['spec'] as Record<string, unknown>)['storageClassName'] = 'standard';

    const effects = applyStorageClass(objects, 'fast-ssd');

    expect((claim?.['spec'] as Record<string, unknown>)['storageClassName']).toBe('standard');
    expect(effects.map((entry) => entry.ref.name)).toEqual(['minio-pvc']);
  });
});
