import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ConnectionCheck } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { silentLogger } from '../log';
import { openAppStore } from './app-store';
import { createOfflineTracker } from './offline-state';

let dataDir = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-offline-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const check = (status: ConnectionCheck['status']): ConnectionCheck => ({
  contextId: 'ctx',
  status,
  serverVersion: null,
  clusterUid: null,
  latencyMs: null,
  identity: null,
  capabilities: null,
  error: null,
  checkedAt: '2026-11-02T10:00:00.000Z',
});

describe('createOfflineTracker', () => {
  it('starts online', () => {
    const tracker = createOfflineTracker(openAppStore(dataDir, silentLogger));

    expect(tracker.reasonFor('ctx')).toBeNull();
    expect(tracker.state()).toEqual({ forced: false, forcedAt: null, unreachable: [] });
  });

  it.each(['unreachable', 'timeout'] as const)('marks a %s check', (status) => {
    const tracker = createOfflineTracker(openAppStore(dataDir, silentLogger));

    expect(tracker.applyCheck(check(status))).toBe(true);
    expect(tracker.reasonFor('ctx')).toBe('unreachable');
    expect(tracker.state().unreachable[0]?.since).toBe('2026-11-02T10:00:00.000Z');
  });

  it.each(['ok', 'unauthorized', 'tls'] as const)('clears on a %s check', (status) => {
    const tracker = createOfflineTracker(openAppStore(dataDir, silentLogger));
    tracker.applyCheck(check('unreachable'));

    expect(tracker.applyCheck(check(status))).toBe(true);
    expect(tracker.reasonFor('ctx')).toBeNull();
  });

  it('ignores errors other than unreachable', () => {
    const tracker = createOfflineTracker(openAppStore(dataDir, silentLogger));

    const changed = tracker.applyRead('ctx', new AppError('forbidden', 'forbidden', 'no', {}));

    expect(changed).toBe(false);
    expect(tracker.reasonFor('ctx')).toBeNull();
  });

  it('follows the status watch', () => {
    const tracker = createOfflineTracker(openAppStore(dataDir, silentLogger));

    expect(tracker.applyStatus('ctx', '2026-11-02T10:05:00.000Z')).toBe(true);
    expect(tracker.applyStatus('ctx', '2026-11-02T10:05:00.000Z')).toBe(false);
    expect(tracker.reasonFor('ctx')).toBe('unreachable');
    expect(tracker.applyStatus('ctx', null)).toBe(true);
    expect(tracker.reasonFor('ctx')).toBeNull();
  });

  it('keeps offline mode across reopen', () => {
    createOfflineTracker(openAppStore(dataDir, silentLogger)).setForced(true);

    const reopened = createOfflineTracker(openAppStore(dataDir, silentLogger));

    expect(reopened.reasonFor('any-context')).toBe('forced');
    expect(reopened.state().forcedAt).not.toBeNull();
  });
});
