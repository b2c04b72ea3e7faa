import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../main/log';
import { openAppStore } from '../../main/store/app-store';
import { openSnapshotStore } from '../../main/store/snapshot-store';

const root = path.resolve('.');

/**
 * A child process that writes to both stores as fast as it can: the
 * last-known data of an instance with a growing user list, and a new
 * snapshot each round. It prints "writing" once the loop has started.
 */
const writer = `
const { openAppStore } = await import(${JSON.stringify(path.join(root, 'main/store/app-store.ts'))});
const { openSnapshotStore, newSnapshotId } = await import(${JSON.stringify(path.join(root, 'main/store/snapshot-store.ts'))});
const { sampleSnapshot } = await import(${JSON.stringify(path.join(root, 'shared/snapshots/sample-snapshot.ts'))});
const { silentLogger } = await import(${JSON.stringify(path.join(root, 'main/log.ts'))});
const dataDir = process.argv.at(-1);
const appStore = openAppStore(dataDir, silentLogger);
const store = await openSnapshotStore(dataDir, silentLogger);
for (let round = 0; ; round++) {
  const users = Object.fromEntries(Array.from({ length: 50 + (round % 200) }, (_, i) => ['u' + i + '@example.com', 'edit']));
  const snapshot = sampleSnapshot({ id: newSnapshotId(), users, takenAt: new Date().toISOString() });
  appStore.remember(snapshot.origin, snapshot.sections, snapshot.takenAt);
  await store.add(snapshot);
  if (round === 3) console.log('writing');
}
`;

let dataDir = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-store-kill-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts the writer, waits until it writes, lets it run `ms` more and kills it with SIGKILL. */
async function killWhileWriting(ms: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', writer, dataDir],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('writing')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`the writer exited with ${code} before writing: ${stderr}`)),
    );
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('stores killed during a write', () => {
  it.each([37, 101, 263])('stay readable after SIGKILL at %i ms', async (ms) => {
    await killWhileWriting(ms);

    const appStore = openAppStore(dataDir, silentLogger);
    const store = await openSnapshotStore(dataDir, silentLogger);

    expect(appStore.recovery.movedTo).toBeNull();
    expect(appStore.allLastKnown()).toHaveLength(1);
    expect(store.corrupt).toEqual([]);
    expect(store.list().length).toBeGreaterThan(3);
    for (const meta of store.list().slice(0, 5)) {
      expect((await store.read(meta.id))?.id).toBe(meta.id);
    }
    const index = JSON.parse(await readFile(path.join(dataDir, 'snapshots', 'index.json'), 'utf8'));
    expect(index.snapshots.length).toBeGreaterThan(0);
    const leftovers = (await readdir(path.join(dataDir, 'snapshots'))).filter((name) =>
      name.endsWith('.tmp'),
    );
    expect(leftovers.length).toBeLessThanOrEqual(2);
  });
});
