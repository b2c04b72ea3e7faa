import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const kubeconfig = inject('sandboxKubeconfig');
const repoRoot = path.resolve(__dirname, '..', '..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-cli-test-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- …` as a script would, and collects its output. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', 'tsx', 'main/cli/cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, KFD_DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('npm run cli', () => {
  it('lists the contexts as JSON for machines', async () => {
    const run = await cli('contexts', '--kubeconfig', kubeconfig, '--json');

    expect(run.code).toBe(0);
    const contexts = JSON.parse(run.stdout) as { name: string; usable: boolean }[];
    expect(contexts.map((context) => context.name)).toEqual(
      expect.arrayContaining(['sandbox-admin', 'sandbox-alice', 'sandbox-expired', 'sandbox-b']),
    );
  });

  it('exits 2 with the usage on an unknown command or option', async () => {
    const unknown = await cli('launch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "launch"');
    expect(unknown.stderr).toContain('Usage: npm run cli');

    const option = await cli('status', '--colour');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--colour'");
  });

  it('exits 2 and names the context when it is not in the kubeconfig', async () => {
    const run = await cli(
      'plan',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'nowhere',
      '--release',
      '1.10.0',
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Context "nowhere" is not in the kubeconfig files');
    expect(run.stderr).toContain('sandbox-admin');
  });

  it('exits 2 for a bundle that cannot be read, before asking the cluster', async () => {
    const missing = path.join(dataDir, 'missing.yaml');
    const run = await cli(
      'plan',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'sandbox-admin',
      '--release',
      '1.10.0',
      '--owner',
      'admin@example.com',
      '--source',
      `bundle:${missing}`,
      '--json',
    );

    expect(run.code).toBe(2);
    const output = JSON.parse(run.stdout) as { error: { code: string; params: { path: string } } };
    expect(output.error.code).toBe('bundleUnreadable');
    expect(output.error.params.path).toBe(missing);
  });

  it('exits 1 with the forbidden message for a user without rights', async () => {
    const run = await cli(
      'provision',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'sandbox-alice',
      '--release',
      '1.10.0',
      '--owner',
      'admin@example.com',
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/forbidden|not allowed/i);
    expect(run.stderr).toContain('alice@example.com');
  });

  it('refuses to delete without --yes', async () => {
    const run = await cli(
      'delete',
      'kubeflow',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'sandbox-admin',
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('add --yes to confirm');
  });
});
