import { describe, expect, it } from 'vitest';

import {
  InstanceRecordSchema,
  InstanceSpecSchema,
  inventoryKey,
  newInstanceRecord,
  type InstanceSpecInput,
  type InventoryEntry,
} from './instance';

function specInput(overrides: Partial<InstanceSpecInput> = {}): InstanceSpecInput {
  return {
    name: 'team-prod',
    release: '1.10.0',
    serviceType: 'hpt',
    context: { source: '/home/admin/.kube/config', name: 'prod' },
    owners: ['alice@example.com'],
    manifestSource: { kind: 'manifests-checkout', path: '/src/manifests', tag: 'v1.10.0' },
    ...overrides,
  };
}

/** Messages of a failed parse, so a test can look for the one it expects. */
function messagesOf(input: unknown): string[] {
  const result = InstanceSpecSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

function entry(name: string, apiVersion = 'v1'): InventoryEntry {
  return {
    ref: { apiVersion, kind: 'ConfigMap', namespace: 'kubeflow', name },
    hash: 'sha256:00',
    component: 'platform',
    appliedAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('InstanceSpecSchema', () => {
  it('fills in defaults', () => {
    const spec = InstanceSpecSchema.parse(specInput());

    expect(spec.namespace).toBe('kubeflow');
    expect(spec.options).toEqual({});
  });

  it('keeps owners as given', () => {
    const spec = InstanceSpecSchema.parse(specInput({ owners: ['Alice@Example.com'] }));

    expect(spec.owners).toEqual(['Alice@Example.com']);
  });

  it('rejects an invalid owner email', () => {
    const messages = messagesOf(specInput({ owners: ['alice@example.com', 'bob@'] }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('"bob@"');
    expect(messages[0]).toContain('alice@example.com');
  });

  it('rejects six owners', () => {
    const owners = [1, 2, 3, 4, 5, 6].map((n) => `owner${n}@example.com`);

    const messages = messagesOf(specInput({ owners }));

    expect(messages).toEqual([
      'An instance can have at most 5 owners, but 6 were given. Remove 1 of them.',
    ]);
  });

  it('rejects no owners', () => {
    const messages = messagesOf(specInput({ owners: [] }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('at least one owner');
  });

  it('rejects an owner differing in case', () => {
    const result = InstanceSpecSchema.safeParse(
      specInput({ owners: ['alice@example.com', 'ALICE@example.com'] }),
    );

    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['owners', 1]);
    expect(issue?.message).toContain('"ALICE@example.com" duplicates "alice@example.com"');
  });

  it.each(['Team', '-team', 'team_prod', 'a'.repeat(64), ''])('rejects name %j', (name) => {
    const messages = messagesOf(specInput({ name }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`Instance name "${name}" is invalid`);
  });

  it('accepts a 63-character name', () => {
    expect(InstanceSpecSchema.safeParse(specInput({ name: 'a'.repeat(63) })).success).toBe(true);
  });

  it('rejects an invalid namespace', () => {
    const messages = messagesOf(specInput({ namespace: 'Kubeflow' }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Namespace "Kubeflow" is invalid');
  });

  it('rejects an unknown release', () => {
    const messages = messagesOf(specInput({ release: '1.9.0' as never }));

    expect(messages).toEqual(['Release "1.9.0" is not supported. Choose one of 1.8.0, 1.10.0.']);
  });

  it('rejects an unknown service type', () => {
    const messages = messagesOf(specInput({ serviceType: 'full' as never }));

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('"full"');
    expect(messages[0]).toContain('essential, hpt, serving');
  });

  it('keeps unknown option keys', () => {
    const options = {
      nodePlacement: { worker: { nodeSelector: { pool: 'work' } }, spare: true },
      storageClass: 'fast',
      objectStorage: {
        kind: 'external-s3' as const,
        endpoint: 's3.example.com',
        bucket: 'kubeflow-artifacts',
        region: 'us-east-1',
        secretName: 's3',
      },
      future: { enabled: true },
    };

    const spec = InstanceSpecSchema.parse(specInput({ options }));

    expect(spec.options.nodePlacement?.worker).toEqual({
      nodeSelector: { pool: 'work' },
      tolerations: [],
    });
    expect(spec.options.nodePlacement?.gpu).toBeNull();
    expect(spec.options.nodePlacement?.['spare']).toBe(true);
    expect(spec.options.objectStorage?.['secretName']).toBe('s3');
    expect(spec.options['future']).toEqual({ enabled: true });
  });

  it('rejects a credential in options', () => {
    const options = {
      database: {
        kind: 'external-mysql' as const,
        host: 'db.example.com',
        user: 'kubeflow',
        password: 'hunter2',
      },
    };

    const result = InstanceSpecSchema.safeParse(specInput({ options }));

    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((entry) => entry.path.includes('password'));
    expect(issue?.path).toEqual(['options', 'database', 'password']);
    expect(issue?.message).toContain('Option database.password would store a credential');
    expect(issue?.message).not.toContain('hunter2');
  });
});

describe('inventoryKey', () => {
  it('ignores the API version', () => {
    const v1 = entry('x', 'apps/v1').ref;
    const beta = entry('x', 'apps/v1beta1').ref;

    expect(inventoryKey(v1)).toBe(inventoryKey(beta));
  });

  it('separates core and named groups', () => {
    expect(inventoryKey(entry('x', 'v1').ref)).not.toBe(inventoryKey(entry('x', 'apps/v1').ref));
  });

  it('separates cluster-scoped objects', () => {
    const namespaced = entry('x').ref;
    const clusterScoped = { ...namespaced, namespace: null };

    expect(inventoryKey(namespaced)).not.toBe(inventoryKey(clusterScoped));
  });
});

describe('newInstanceRecord', () => {
  it('starts in phase Creating', () => {
    const record = newInstanceRecord(specInput(), new Date('2025-02-03T04:05:06.000Z'));

    expect(record.status).toEqual({
      phase: 'Creating',
      reason: null,
      updatedAt: '2025-02-03T04:05:06.000Z',
    });
    expect(record.generation).toBe(1);
    expect(record.inventory).toEqual([]);
    expect(InstanceRecordSchema.parse(record)).toEqual(record);
  });

  it('rejects an invalid spec', () => {
    expect(() => newInstanceRecord(specInput({ owners: ['bob@'] }))).toThrow(
      'is not a valid email address',
    );
  });
});

describe('InstanceRecordSchema', () => {
  it('rejects a duplicate inventory entry', () => {
    const record = newInstanceRecord(specInput());
    record.inventory = [entry('a'), entry('b'), entry('a')];

    const result = InstanceRecordSchema.safeParse(record);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['inventory', 2]);
    expect(result.error?.issues[0]?.message).toContain('/ConfigMap/kubeflow/a twice');
  });
});
