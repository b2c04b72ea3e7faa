import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  readTagsFromFiles,
  renderCheckout,
  verifyCheckout,
} from '../../main/provision/manifest-checkout';
import { parseManifests } from '../../main/provision/manifest-parser';
import { componentsFor, getRelease } from '../../shared/catalog';

const binDir = inject('sandboxBinDir');
const kubectlPath = path.join(binDir, 'kubectl');
const run = promisify(execFile);
const release = getRelease('1.10.0');
if (!release) throw new Error('release 1.10.0 is missing from the catalog');

async function git(dir: string, ...args: string[]): Promise<string> {
  const result = await run('git', [
    '-C',
    dir,
    '-c',
    'user.name=Test',
    '-c',
    'user.email=test@example.com',
    ...args,
  ]);
  return result.stdout;
}

/** Paths that the essential service type of 1.10.0 renders, without duplicates. */
function essentialPaths(): string[] {
  return [
    ...new Set(
      componentsFor('1.10.0', 'essential').flatMap((component) => component.kustomizePaths),
    ),
  ];
}

/** Writes a kustomization with one ConfigMap at each path, named after the path. */
async function writeCheckout(dir: string, paths: string[]): Promise<void> {
  for (const [index, repoPath] of paths.entries()) {
    const folder = path.join(dir, repoPath);
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, 'kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- config.yaml\n',
    );
    await writeFile(
      path.join(folder, 'config.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: part-${index}\n  namespace: kubeflow\ndata:\n  path: ${repoPath}\n`,
    );
  }
}

describe('manifest checkout', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kfd-manifests-'));
    await git(dir, 'init', '-q');
    await writeCheckout(dir, essentialPaths());
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'manifests');
    await git(dir, 'tag', '-a', 'v1.10.0', '-m', 'release');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders every path of the service type', async () => {
    const rendered = await renderCheckout(dir, '1.10.0', 'essential', { kubectlPath });

    expect(rendered.tag).toBe('v1.10.0');
    expect(rendered.renderer).toEqual({ kind: 'kubectl', path: kubectlPath });
    expect(rendered.sources.map((source) => source.file)).toEqual(essentialPaths());
    const parsed = parseManifests(rendered.sources);
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects).toHaveLength(essentialPaths().length);
  });

  it('reads an annotated tag without git', async () => {
    expect(await readTagsFromFiles(dir)).toEqual(['v1.10.0']);
    expect(await verifyCheckout(dir, '1.10.0', { gitPath: null })).toBe('v1.10.0');
  });

  it('reads packed tags without git', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'kfd-manifests-packed-'));
    try {
      await run('git', ['clone', '-q', dir, copy]);
      await git(copy, 'checkout', '-q', 'v1.10.0');
      await git(copy, 'pack-refs', '--all');

      expect(await readTagsFromFiles(copy)).toEqual(['v1.10.0']);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('rejects a checkout at another tag', async () => {
    const run = verifyCheckout(dir, '1.8.0', { kubectlPath });

    await expect(run).rejects.toMatchObject({
      code: 'manifestCheckoutTagMismatch',
      params: { found: 'v1.10.0', expected: 'v1.8.0' },
    });
    await expect(run).rejects.toThrow(`git -C ${dir} checkout v1.8.0`);
  });

  it('rejects a folder without git', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'kfd-not-a-checkout-'));
    try {
      await expect(verifyCheckout(empty, '1.10.0')).rejects.toMatchObject({
        code: 'manifestCheckoutNotFound',
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names missing kustomize paths', async () => {
    // The serving type adds KServe, whose paths the generated checkout lacks.
    const kserve = componentsFor(release, 'serving').find((component) => component.id === 'kserve');

    const run = renderCheckout(dir, '1.10.0', 'serving', { kubectlPath });

    await expect(run).rejects.toMatchObject({ code: 'manifestPathsMissing' });
    await expect(run).rejects.toThrow(kserve?.kustomizePaths[0] ?? 'kserve');
  });

  it('names what to install without kubectl', async () => {
    const run = renderCheckout(dir, '1.10.0', 'essential', {
      searchPath: path.join(dir, 'no-such-folder'),
    });

    await expect(run).rejects.toMatchObject({ code: 'kustomizeNotFound', kind: 'unavailable' });
  });

  it('surfaces kustomize errors', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'kfd-manifests-broken-'));
    try {
      const paths = essentialPaths();
      await git(broken, 'init', '-q');
      await writeCheckout(broken, paths);
      const first = paths[0] ?? '';
      await writeFile(
        path.join(broken, first, 'kustomization.yaml'),
        'resources:\n- missing-file.yaml\n',
      );
      await git(broken, 'add', '.');
      await git(broken, 'commit', '-q', '-m', 'broken');
      await git(broken, 'tag', 'v1.10.0');

      const run = renderCheckout(broken, '1.10.0', 'essential', { kubectlPath });

      await expect(run).rejects.toMatchObject({
        code: 'kustomizeFailed',
        params: { path: first, tool: 'kubectl' },
      });
      await expect(run).rejects.toThrow('missing-file.yaml');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('times out a slow render', async () => {
    const run = renderCheckout(dir, '1.10.0', 'essential', { kubectlPath, timeoutMs: 1 });

    await expect(run).rejects.toMatchObject({ code: 'kustomizeTimedOut', kind: 'timeout' });
  });
});
