import { describe, expect, it } from 'vitest';

import {
  chooseBindingName,
  collisionSuffix,
  contributorBindingName,
  isValidNamespaceName,
  parseBulkMembers,
  sameEmail,
  suggestNamespace,
} from './rules';

describe('binding names', () => {
  it('follows the access-management naming', () => {
    expect(contributorBindingName('user@example.com', 'edit')).toBe(
      'user-user-example-com-clusterrole-edit',
    );
    expect(contributorBindingName('alice@corp.com', 'view')).toBe(
      'user-alice-corp-com-clusterrole-view',
    );
  });

  it('gives emails differing in case the same name', () => {
    expect(contributorBindingName('Bob@Example.com', 'admin')).toBe(
      contributorBindingName('bob@example.com', 'admin'),
    );
    expect(sameEmail('Bob@Example.com', 'bob@example.COM')).toBe(true);
  });

  it('adds a stable suffix on collision', () => {
    const taken = new Map([['user-a-b-x-com-clusterrole-edit', 'a.b@x.com']]);
    const name = chooseBindingName('a-b@x.com', 'edit', taken);
    expect(name).toBe(`user-a-b-x-com-clusterrole-edit-${collisionSuffix('a-b@x.com')}`);
    expect(chooseBindingName('a-b@x.com', 'edit', taken)).toBe(name);
    expect(chooseBindingName('A.B@x.com', 'edit', taken)).toBe('user-a-b-x-com-clusterrole-edit');
    expect(collisionSuffix('a-b@x.com')).not.toBe(collisionSuffix('a.b@x.com'));
  });
});

describe('namespaces', () => {
  it('suggests a DNS-1123 label', () => {
    expect(suggestNamespace('u-', 'Alice.Smith@corp.com')).toBe('u-alice-smith');
    expect(suggestNamespace('g-', 'Data Science')).toBe('g-data-science');
    expect(suggestNamespace('u-', `${'x'.repeat(80)}@a.io`)).toHaveLength(63);
  });

  it('validates names', () => {
    expect(isValidNamespaceName('u-alice')).toBe(true);
    expect(isValidNamespaceName('U-alice')).toBe(false);
    expect(isValidNamespaceName('a'.repeat(64))).toBe(false);
    expect(isValidNamespaceName('-a')).toBe(false);
  });
});

describe('bulk rows', () => {
  it('reads emails, roles and problems per line', () => {
    const rows = parseBulkMembers(
      'email,role\nann@x.io,edit\nbad\nANN@x.io\nbo@x.io,owner\ncy@x.io',
      'view',
    );
    expect(rows).toEqual([
      { line: 2, email: 'ann@x.io', role: 'edit', problem: null },
      { line: 3, email: 'bad', role: 'view', problem: 'invalidEmail' },
      { line: 4, email: 'ANN@x.io', role: 'view', problem: 'duplicate' },
      { line: 5, email: 'bo@x.io', role: null, problem: 'invalidRole' },
      { line: 6, email: 'cy@x.io', role: 'view', problem: null },
    ]);
  });
});
