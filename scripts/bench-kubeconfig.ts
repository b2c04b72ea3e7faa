// Measures how long ContextRegistry.load takes to read, parse and validate
// 500 contexts spread over 20 kubeconfig files, each context with its own
// cluster and user, as a large fleet's kubeconfigs have. Each measured run
// uses a new registry, so every file is parsed (a reload of unchanged files
// reuses the parsed result and is printed as well). Prints progress on stdout
// and, as its last line, one JSON object with the median in ms.
// KFD_BENCH_KEEP=1 keeps the generated files for profiling.
//
//   npm run bench:kubeconfig
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { stringify } from 'yaml';

import { ContextRegistry, type SourceSpec } from '../main/kube/context-registry';
import { silentLogger } from '../main/log';

const fileCount = 20;
const contextsPerFile = 25;
const warmUpRuns = 3;
const measuredRuns = 20;

/** Random base64 of the size a PEM certificate or key has when embedded. */
const certificateData = () => randomBytes(1200).toString('base64');

function kubeconfigText(fileIndex: number): string {
  const names = Array.from({ length: contextsPerFile }, (_, i) => `team-${fileIndex}-cluster-${i}`);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: names.map((name, i) => ({
      name,
      cluster: {
        server: `https://127.0.0.1:${10000 + fileIndex * contextsPerFile + i}`,
        'certificate-authority-data': certificateData(),
      },
    })),
    users: names.map((name) => ({
      name: `${name}-admin`,
      user: {
        'client-certificate-data': certificateData(),
        'client-key-data': certificateData(),
      },
    })),
    contexts: names.map((name) => ({
      name,
      context: { cluster: name, user: `${name}-admin`, namespace: 'kubeflow' },
    })),
    'current-context': names[0],
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-bench-kubeconfig-'));
  try {
    const specs: SourceSpec[] = [];
    let bytes = 0;
    for (let index = 0; index < fileCount; index += 1) {
      const file = path.join(folder, `fleet-${String(index).padStart(2, '0')}.yaml`);
      const text = kubeconfigText(index);
      bytes += Buffer.byteLength(text);
      await writeFile(file, text);
      specs.push({ path: file, origin: 'added' });
    }
    const contexts = fileCount * contextsPerFile;
    console.log(
      `generated ${contexts} contexts in ${fileCount} files (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${folder}`,
    );

    const load = async (registry = new ContextRegistry(silentLogger)) => {
      const started = performance.now();
      await registry.load(specs);
      const ms = performance.now() - started;
      const valid = registry.list(null).contexts.filter((item) => item.invalidReason === null);
      if (valid.length !== contexts) {
        throw new Error(`expected ${contexts} valid contexts, loaded ${valid.length}`);
      }
      return ms;
    };

    for (let run = 1; run <= warmUpRuns; run += 1) {
      console.log(`warm-up ${run}/${warmUpRuns}: ${(await load()).toFixed(1)} ms`);
    }

    const timings: number[] = [];
    for (let run = 1; run <= measuredRuns; run += 1) {
      timings.push(await load());
      if (run % 5 === 0) console.log(`measured ${run}/${measuredRuns}`);
    }
    const ms = Number(median(timings).toFixed(1));
    console.log(
      `full load: min ${Math.min(...timings).toFixed(1)} ms, median ${ms} ms, max ${Math.max(...timings).toFixed(1)} ms`,
    );

    const reused = new ContextRegistry(silentLogger);
    await load(reused);
    const reloads: number[] = [];
    for (let run = 1; run <= measuredRuns; run += 1) reloads.push(await load(reused));
    console.log(`reload of unchanged files: median ${median(reloads).toFixed(1)} ms`);
    console.log(JSON.stringify({ bench: 'kubeconfig', contexts, ms }));
  } finally {
    if (!process.env.KFD_BENCH_KEEP) await rm(folder, { recursive: true, force: true });
  }
}

await main();
