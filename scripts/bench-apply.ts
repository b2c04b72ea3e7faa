// Measures how long the app's apply engine takes to install a 600-object
// bundle with the real releases' mix of kinds (test/fixtures/bench-bundle)
// on a fresh sandbox cluster, against `kubectl apply --server-side
// --force-conflicts -f -` on another fresh cluster of the same sandbox.
//
// kubectl runs the way the kubeflow/manifests 1.10.0 README installs: the
// whole apply repeated until it exits 0, with `sleep 20` between attempts.
// The first attempt fails on the custom resources, whose CRDs are not
// Established yet, so kubectl's time includes one such pause. Both times are
// measured from the YAML text to a finished install: ours parses, discovers,
// validates, plans, applies, and waits for the CRDs and the webhook
// Deployments as a real install does.
//
// Prints progress and, as its last line, one JSON object. Environment:
// KFD_TEST_SANDBOX_BIN reuses built sandbox programs; KFD_BENCH_PAUSE_S
// changes kubectl's pause (default 20, as upstream); KFD_BENCH_CONCURRENCY
// changes our engine's requests in flight (default: the engine's 8).
//
//   npm run bench:apply
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { KubeConfig } from '@kubernetes/client-node';

import { silentLogger } from '../main/log';
import { applyPlan } from '../main/provision/apply-engine';
import { planApply } from '../main/provision/apply-plan';
import {
  discoverCluster,
  parseManifests,
  validateAgainstCluster,
} from '../main/provision/manifest-parser';
import { start, type SandboxHandle } from '../sandbox/sandbox';
import { benchBundle } from '../test/fixtures/bench-bundle/generate';

const pauseSeconds = Number(process.env.KFD_BENCH_PAUSE_S ?? 20);
/** Requests in flight of our engine; the engine's default when unset. */
const concurrency = process.env.KFD_BENCH_CONCURRENCY
  ? Number(process.env.KFD_BENCH_CONCURRENCY)
  : undefined;
const maxKubectlAttempts = 10;

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

function configFor(kubeconfigPath: string, context: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  config.setCurrentContext(context);
  return config;
}

async function applyWithEngine(sandbox: SandboxHandle, yaml: string): Promise<number> {
  const config = configFor(sandbox.kubeconfigPath, 'sandbox-admin');
  const target = { server: sandbox.primary.server, user: 'sandbox-admin' };
  const started = performance.now();

  const parsed = parseManifests([{ file: 'bench.yaml', text: yaml }]);
  if (parsed.problems.length > 0)
    throw new Error(`The bench bundle is invalid: ${parsed.problems[0]?.message}`);
  const discovery = await discoverCluster(config, { target });
  const validated = validateAgainstCluster(parsed.objects, discovery);
  if (validated.problems.length > 0)
    throw new Error(`The bench bundle is invalid: ${validated.problems[0]?.message}`);
  const plan = planApply(validated.objects);

  let lastPhase = '';
  const result = await applyPlan(plan, {
    config,
    target,
    discovery,
    concurrency,
    log: silentLogger,
    onProgress: (event) => {
      if (event.phase !== lastPhase || event.applied % 100 === 0) {
        lastPhase = event.phase;
        log(
          `ours: ${event.applied}/${event.total} applied, phase ${event.phase} (${seconds(performance.now() - started)} s)`,
        );
      }
    },
    onWaiting: (event) =>
      log(`ours: waiting in phase ${event.phase} (${seconds(performance.now() - started)} s)`),
  });
  const elapsed = performance.now() - started;
  if (result.status !== 'completed' || result.applied.length !== plan.total) {
    throw new Error(`The engine applied ${result.applied.length} of ${plan.total} objects.`);
  }
  return elapsed;
}

function kubectlApply(
  sandbox: SandboxHandle,
  yaml: string,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(sandbox.binDir, 'kubectl'),
      [
        '--kubeconfig',
        sandbox.kubeconfigPath,
        '--context',
        'sandbox-b',
        'apply',
        '--server-side',
        '--force-conflicts',
        '-f',
        '-',
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    child.stdin.end(yaml);
  });
}

async function applyWithKubectl(
  sandbox: SandboxHandle,
  yaml: string,
): Promise<{ total: number; applying: number; attempts: number }> {
  const started = performance.now();
  let applying = 0;
  for (let attempt = 1; attempt <= maxKubectlAttempts; attempt++) {
    const before = performance.now();
    const { code, stderr } = await kubectlApply(sandbox, yaml);
    applying += performance.now() - before;
    const errors = stderr.split('\n').filter((line) => line.trim() !== '');
    log(
      `kubectl: attempt ${attempt} exited ${code} after ${seconds(performance.now() - before)} s` +
        (errors.length > 0 ? `, ${errors.length} error lines, first: ${errors[0]}` : ''),
    );
    if (code === 0) return { total: performance.now() - started, applying, attempts: attempt };
    log(`kubectl: pausing ${pauseSeconds} s before the next attempt, as upstream's loop does`);
    await new Promise((resolve) => setTimeout(resolve, pauseSeconds * 1000));
  }
  throw new Error(`kubectl apply did not succeed in ${maxKubectlAttempts} attempts.`);
}

async function main(): Promise<void> {
  const bundle = benchBundle();
  log(
    `bundle: ${bundle.objects.length} objects, largest CRD ${bundle.largestCrdBytes} bytes, ` +
      Object.entries(bundle.counts)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', '),
  );

  log('starting a sandbox with two fresh clusters');
  const sandbox = await start({
    secondCluster: true,
    binDir: process.env.KFD_TEST_SANDBOX_BIN,
    log: (line) => log(`  ${line}`),
  });
  try {
    const ours = await applyWithEngine(sandbox, bundle.yaml);
    log(`ours: done in ${seconds(ours)} s`);
    const kubectl = await applyWithKubectl(sandbox, bundle.yaml);
    log(
      `kubectl: done in ${seconds(kubectl.total)} s over ${kubectl.attempts} attempts ` +
        `(${seconds(kubectl.applying)} s applying, the rest pausing)`,
    );
    const result = {
      bench: 'apply',
      objects: bundle.objects.length,
      ours_s: seconds(ours),
      kubectl_s: seconds(kubectl.total),
      ratio: Math.round((ours / kubectl.total) * 1000) / 1000,
    };
    log(JSON.stringify(result));
  } finally {
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
