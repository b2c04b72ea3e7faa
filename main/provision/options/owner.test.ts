import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { generateSandboxBundle } from '../sandbox-bundle';
import { applyOwner } from './owner';
import {
  dex110Objects,
  dex18Objects,
  findIn,
  secretValues,
  userNamespaceObjects,
} from './upstream-fixtures';

const owner = { email: 'alice@corp.example', namespace: 'team-alice' };
// The lowest cost Dex accepts keeps the tests fast.
const cost = 10;

function staticUser(objects: Parameters<typeof findIn>[0]) {
  const data = findIn(objects, 'ConfigMap', 'dex')?.['data'] as Record<string, string>;
  const config = parse(data['config.yaml'] ?? '') as { staticPasswords: Record<string, string>[] };
  return config.staticPasswords[0];
}

describe('applyOwner', () => {
  it('hands the example Profile to the owner', async () => {
    const result = await applyOwner(userNamespaceObjects(), owner, cost);

    const profiles = result.objects.filter((object) => object.kind === 'Profile');
    expect(profiles.map((object) => object.metadata.name)).toEqual(['team-alice']);
    expect(profiles[0]?.['spec']).toEqual({ owner: { kind: 'User', name: 'alice@corp.example' } });
    expect(
      findIn(result.objects, 'ConfigMap', 'default-install-config-9h2h2b6hbk')?.['data'],
    ).toEqual({
      user: 'alice@corp.example',
      'profile-name': 'team-alice',
    });
  });

  it('stores the hash in the 1.8.0 Dex ConfigMap', async () => {
    const result = await applyOwner(dex18Objects(), owner, cost);

    const user = staticUser(result.objects);
    expect(user?.['email']).toBe('alice@corp.example');
    expect(user?.['username']).toBe('alice');
    expect(user?.['userID']).toBe('15841185641784');
    expect(result.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(bcrypt.compareSync(result.password ?? '', user?.['hash'] ?? '')).toBe(true);
  });

  it('stores the hash in the 1.10.0 Secret', async () => {
    const result = await applyOwner(dex110Objects(), owner, cost);

    const user = staticUser(result.objects);
    expect(user?.['hashFromEnv']).toBe('DEX_USER_PASSWORD');
    expect(user?.['hash']).toBeUndefined();
    const hash =
      secretValues(findIn(result.objects, 'Secret', 'dex-passwords', 'auth'))[
        'DEX_USER_PASSWORD'
      ] ?? '';
    expect(bcrypt.compareSync(result.password ?? '', hash)).toBe(true);
    expect(findIn(result.objects, 'Secret', 'dex-passwords')?.['stringData']).toBeUndefined();
    expect(result.secrets.map((secret) => secret.metadata.name)).toEqual(['dex-passwords']);
  });

  it('keeps the password out of effects', async () => {
    const result = await applyOwner(dex110Objects(), owner, cost);

    expect(result.effects.map((entry) => entry.text.code)).toEqual([
      'instanceOptions.effect.dexUserSet',
      'instanceOptions.effect.dexPasswordSet',
    ]);
    expect(JSON.stringify(result.effects)).not.toContain(result.password ?? 'missing');
  });

  it('generates a new password each time', async () => {
    const first = await applyOwner(dex18Objects(), owner, cost);
    const second = await applyOwner(dex18Objects(), owner, cost);

    expect(first.password).not.toBe(second.password);
  });

  it('adds a Profile to the sandbox bundle', async () => {
    const bundle = generateSandboxBundle('1.10.0', 'essential');

    const result = await applyOwner(bundle.objects, owner, cost);

    expect(findIn(result.objects, 'Profile', 'team-alice')?.['spec']).toEqual({
      owner: { kind: 'User', name: 'alice@corp.example' },
    });
    expect(result.password).toBeNull();
  });

  it('keeps a Profile the owner already has', async () => {
    const bundle = generateSandboxBundle('1.10.0', 'essential', {
      ownerEmail: owner.email,
      ownerNamespace: owner.namespace,
    });

    const result = await applyOwner(bundle.objects, owner, cost);

    expect(result.objects.filter((object) => object.kind === 'Profile')).toHaveLength(1);
    expect(result.effects).toEqual([]);
  });
});
