import { describe, expect, it } from 'vitest';

import { basicsProblems, emptyDraft, toCreateRequest, type Draft } from './draft';

function draft(patch: Partial<Draft>): Draft {
  return { ...emptyDraft('ctx', true), owners: ['alice@example.com'], ...patch };
}

describe('wizard draft', () => {
  it('accepts the defaults with one owner', () => {
    expect(basicsProblems(draft({}))).toEqual([]);
  });

  it('names the invalid instance name and namespace', () => {
    expect(basicsProblems(draft({ name: 'Team_A', namespace: '' }))).toEqual([
      { field: 'name', code: 'dnsLabel', params: { value: 'Team_A' } },
      { field: 'namespace', code: 'required', params: {} },
    ]);
  });

  it('rejects a 64-character name', () => {
    expect(basicsProblems(draft({ name: 'a'.repeat(64) }))[0]?.code).toBe('dnsLabel');
  });

  it('needs 1 to 5 distinct valid owners, compared without case', () => {
    expect(basicsProblems(draft({ owners: [] }))[0]?.code).toBe('ownerRequired');
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((user) => `${user}@example.com`);
    expect(basicsProblems(draft({ owners: six }))[0]?.code).toBe('tooManyOwners');
    expect(basicsProblems(draft({ owners: ['bob@example'] }))[0]).toEqual({
      field: 'owners',
      code: 'email',
      params: { value: 'bob@example' },
    });
    expect(basicsProblems(draft({ owners: ['Bob@example.com', 'bob@example.com'] }))[0]?.code).toBe(
      'duplicateOwner',
    );
  });

  it('needs a path for a bundle or a checkout', () => {
    expect(basicsProblems(draft({ sourceKind: 'bundle', sourcePath: ' ' }))[0]?.code).toBe(
      'pathRequired',
    );
  });

  it('builds the plan request with a trimmed path', () => {
    const request = toCreateRequest(draft({ sourceKind: 'bundle', sourcePath: ' /tmp/kf.yaml ' }));

    expect(request.source).toEqual({ kind: 'bundle', path: '/tmp/kf.yaml' });
    expect(request.owners).toEqual(['alice@example.com']);
  });
});
