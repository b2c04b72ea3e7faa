// Measures how long the app takes to open its offline store: app-store.json
// with the last-known data of 50 instances, and a snapshot folder with 1,000
// snapshots (20 per instance) and its index. Each measured run is a fresh
// Node process, so no module state or parsed file is reused. The time covers
// opening both files and listing every snapshot, as the Snapshots screen does
// first. Loading the modules is left out and printed separately.
// Prints progress on stdout and, as its last line, one JSON object with the
// median in ms. KFD_BENCH_KEEP=1 keeps the generated folder.
//
//   npm run bench:store
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const instanceCount = 50;
const snapshotsPerInstance = 20;
const warmUpRuns = 1;
const measuredRuns = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Opens the store in `dataDir` and prints {loadMs, openMs, snapshots} as JSON: the measured child. */
async function openOnce(dataDir: string): Promise<void> {
  const loadStarted = performance.now();
  const { openAppStore } = await import('../main/store/app-store');
  const { openSnapshotStore } = await import('../main/store/snapshot-store');
  const { silentLogger } = await import('../main/log');
  const loadMs = performance.now() - loadStarted;

  const started = performance.now();
  const appStore = openAppStore(dataDir, silentLogger);
  const store = await openSnapshotStore(dataDir, silentLogger);
  const snapshots = store.list().length;
  const instances = Object.keys(appStore.data().instances).length;
  const openMs = performance.now() - started;
  console.log(
    JSON.stringify({ loadMs, openMs, snapshots, instances, rebuilt: store.rebuiltIndex }),
  );
}

/** Writes the store the way the app leaves it: bodies, then the index built by one open, then app-store.json. */
async function generate(dataDir: string): Promise<void> {
  const { sampleSnapshot } = await import('../shared/snapshots/sample-snapshot');
  const { openAppStore } = await import('../main/store/app-store');
  const { openSnapshotStore } = await import('../main/store/snapshot-store');
  const { silentLogger } = await import('../main/log');

  const folder = path.join(dataDir, 'snapshots');
  await mkdir(folder, { recursive: true });
  const appStore = openAppStore(dataDir, silentLogger);
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  for (let instance = 0; instance < instanceCount; instance++) {
    const name = `team-${String(instance).padStart(2, '0')}`;
    const users = Object.fromEntries(
      Array.from({ length: 25 }, (_, user) => [
        `user-${user}@example.com`,
        user % 3 === 0 ? 'view' : 'edit',
      ]),
    );
    for (let index = 0; index < snapshotsPerInstance; index++) {
      const takenAt = new Date(
        base + (instance * snapshotsPerInstance + index) * 3_600_000,
      ).toISOString();
      const id = `bench-${name}-${String(index).padStart(3, '0')}`;
      const snapshot = sampleSnapshot({
        id,
        name,
        takenAt,
        note: `snapshot ${index} of ${name}`,
        users,
      });
      await writeFile(path.join(folder, `${id}.json`), JSON.stringify(snapshot, null, 2) + '\n');
      if (index === snapshotsPerInstance - 1)
        appStore.remember(snapshot.origin, snapshot.sections, takenAt);
    }
  }
  const store = await openSnapshotStore(dataDir, silentLogger);
  if (!store.rebuiltIndex || store.list().length !== instanceCount * snapshotsPerInstance) {
    throw new Error(
      `expected the index to be built with ${instanceCount * snapshotsPerInstance} snapshots`,
    );
  }
}

async function main(): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-bench-store-'));
  const run = promisify(execFile);
  try {
    const generateStarted = performance.now();
    await generate(dataDir);
    const total = instanceCount * snapshotsPerInstance;
    console.log(
      `generated ${instanceCount} instances and ${total} snapshots in ${dataDir} in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s`,
    );

    const openInChild = async () => {
      const { stdout } = await run(process.execPath, [
        '--import',
        'tsx',
        script,
        '--open',
        dataDir,
      ]);
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        loadMs: number;
        openMs: number;
        snapshots: number;
        instances: number;
      };
      if (result.snapshots !== total || result.instances !== instanceCount) {
        throw new Error(`opened ${result.snapshots} snapshots and ${result.instances} instances`);
      }
      return result;
    };

    for (let index = 1; index <= warmUpRuns; index++) {
      console.log(`warm-up ${index}/${warmUpRuns}: ${(await openInChild()).openMs.toFixed(1)} ms`);
    }
    const opens: number[] = [];
    const loads: number[] = [];
    for (let index = 1; index <= measuredRuns; index++) {
      const result = await openInChild();
      opens.push(result.openMs);
      loads.push(result.loadMs);
      console.log(
        `run ${index}/${measuredRuns}: open ${result.openMs.toFixed(1)} ms (modules ${result.loadMs.toFixed(0)} ms)`,
      );
    }
    const openMs = Number(median(opens).toFixed(1));
    console.log(
      `open in a fresh process: min ${Math.min(...opens).toFixed(1)} ms, median ${openMs} ms, max ${Math.max(...opens).toFixed(1)} ms; loading the modules: median ${median(loads).toFixed(0)} ms`,
    );
    console.log(JSON.stringify({ bench: 'store', snapshots: total, open_ms: openMs }));
  } finally {
    if (!process.env.KFD_BENCH_KEEP) await rm(dataDir, { recursive: true, force: true });
  }
}

const openIndex = process.argv.indexOf('--open');
if (openIndex !== -1) await openOnce(process.argv[openIndex + 1] ?? '');
else await main();
