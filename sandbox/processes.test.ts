import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { waitFor } from './http';
import { assertRunning, ProcessExitedError, startProcess } from './processes';

describe('assertRunning', () => {
  let logDir: string;

  beforeEach(async () => {
    logDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-processes-'));
  });
  afterEach(async () => {
    await rm(logDir, { recursive: true, force: true });
  });

  it('stops waiting when the process exits', async () => {
    const managed = startProcess(
      'etcd',
      'sh',
      ['-c', 'echo "bind: address already in use" >&2; exit 3'],
      logDir,
    );
    await once(managed.child, 'exit');

    const started = Date.now();
    const error = await waitFor(
      'etcd',
      async () => {
        assertRunning(managed);
        return false;
      },
      60_000,
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProcessExitedError);
    expect((error as Error).message).toContain('etcd exited (3)');
    expect((error as Error).message).toContain('address already in use');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
