import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ConnectionCheck } from '../../shared/contract';
import { silentLogger } from '../log';
import { openCheckStore } from './check-store';

const check = (contextId: string, status: ConnectionCheck['status'] = 'ok'): ConnectionCheck => ({
  contextId,
  status,
  serverVersion: 'v1.36.3',
  clusterUid: null,
  latencyMs: 12,
  identity: { username: 'admin', groups: ['system:masters'] },
  capabilities: {
    createCustomResourceDefinitions: true,
    createNamespaces: true,
    listNamespaces: true,
    manageRbac: true,
  },
  error: null,
  checkedAt: '2026-12-04T10:00:00.000Z',
});

describe('openCheckStore', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-checks-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts empty', () => {
    expect(openCheckStore(dataDir, silentLogger).list()).toEqual([]);
  });

  it('keeps the latest check per context across reopen', () => {
    const store = openCheckStore(dataDir, silentLogger);
    store.save(check('a', 'unreachable'));
    store.save(check('a', 'ok'));
    store.save(check('b'));

    const reopened = openCheckStore(dataDir, silentLogger);
    expect(reopened.list()).toHaveLength(2);
    expect(reopened.get('a')?.status).toBe('ok');
    expect(reopened.get('b')?.serverVersion).toBe('v1.36.3');
  });

  it('moves a corrupt file aside', async () => {
    await writeFile(path.join(dataDir, 'checks.json'), '{"byContext": {');

    const store = openCheckStore(dataDir, silentLogger);

    expect(store.list()).toEqual([]);
    const files = await readdir(dataDir);
    expect(files.some((file) => file.startsWith('checks.json.corrupt-'))).toBe(true);
  });

  it('skips entries that break the schema', async () => {
    const stored = {
      byContext: { good: check('good'), bad: { contextId: 'bad', status: 'sideways' } },
    };
    await writeFile(path.join(dataDir, 'checks.json'), JSON.stringify(stored));

    const store = openCheckStore(dataDir, silentLogger);

    expect(store.list().map((entry) => entry.contextId)).toEqual(['good']);
    expect(store.get('bad')).toBeUndefined();
  });
});
