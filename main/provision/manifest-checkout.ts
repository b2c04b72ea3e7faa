// Renders the components of a release from a local checkout of the public
// kubeflow/manifests repository, after checking that the checkout is at the
// release's tag.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

import { componentsFor, getRelease, type Release, type ServiceTypeId } from '../../shared/catalog';
import { AppError } from '../../shared/errors';
import type { ManifestSource } from './manifest-parser';

/** Timeout of one `kustomize build`; the largest upstream path (Pipelines) takes a few seconds. */
export const defaultRenderTimeoutMs = 120_000;
/** Largest rendered output of one path; upstream's largest is a few MiB. */
const maxOutputBytes = 256 * 1024 * 1024;
/** Characters of stderr kept in an error message. */
const maxDetailChars = 2_000;

export interface CheckoutOptions {
  /** kubectl to use; when unset, kubectl is looked up on the search path. */
  kubectlPath?: string | null;
  /** Standalone kustomize to use when no kubectl is found; looked up on the search path when unset. */
  kustomizePath?: string | null;
  /** git to read the tag with; null reads the .git files directly. Looked up on the search path when unset. */
  gitPath?: string | null;
  /** Folders searched for kubectl, kustomize and git; process.env.PATH when unset. */
  searchPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The tool that renders kustomizations. */
export interface Renderer {
  kind: 'kubectl' | 'kustomize';
  path: string;
}

export interface RenderedCheckout {
  tag: string;
  renderer: Renderer;
  /** One source per kustomize path, named by its path in the repository, in install order. */
  sources: ManifestSource[];
}

const executableNames = (name: string) =>
  process.platform === 'win32' ? [`${name}.exe`, name] : [name];

async function isExecutable(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a program on the search path, as a shell would. */
export async function findProgram(
  name: string,
  searchPath = process.env['PATH'] ?? '',
): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter)) {
    if (!folder) continue;
    for (const candidate of executableNames(name)) {
      const file = path.join(folder, candidate);
      if (await isExecutable(file)) return file;
    }
  }
  return null;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(
  program: string,
  args: string[],
  options: { cwd?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        maxBuffer: maxOutputBytes,
        signal: options.signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= maxDetailChars ? trimmed : `…${trimmed.slice(-maxDetailChars)}`;
}

// --- Reading the tag ----------------------------------------------------

/** Returns the git folder of a checkout, following a `.git` file (`gitdir: …`) as worktrees use. */
async function gitDirOf(dir: string): Promise<string | null> {
  const dotGit = path.join(dir, '.git');
  try {
    const info = await stat(dotGit);
    if (info.isDirectory()) return dotGit;
    const text = await readFile(dotGit, 'utf8');
    const match = /^gitdir:\s*(.+)$/m.exec(text);
    return match?.[1] ? path.resolve(dir, match[1].trim()) : null;
  } catch {
    return null;
  }
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

/** Reads packed-refs into ref → object, with the commit each annotated tag points at. */
async function readPackedRefs(
  gitDir: string,
): Promise<Map<string, { object: string; peeled: string | null }>> {
  const refs = new Map<string, { object: string; peeled: string | null }>();
  const text = await readText(path.join(gitDir, 'packed-refs'));
  let last: { object: string; peeled: string | null } | null = null;
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('^') && last) {
      last.peeled = line.slice(1).trim();
      continue;
    }
    const match = /^([0-9a-f]{40,64}) (\S+)$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    last = { object: match[1], peeled: null };
    refs.set(match[2], last);
  }
  return refs;
}

async function resolveRef(
  gitDir: string,
  ref: string,
  packed: Map<string, { object: string }>,
): Promise<string | null> {
  const loose = await readText(path.join(gitDir, ref));
  if (loose !== null) return loose.trim();
  return packed.get(ref)?.object ?? null;
}

/**
 * Returns the commit an object names: the object itself for a commit, the
 * tagged object for an annotated tag stored as a loose object. NOTE: an
 * annotated tag inside a pack file is not peeled here; git itself or
 * packed-refs' peeled lines cover that case.
 */
async function peel(gitDir: string, object: string): Promise<string> {
  const file = path.join(gitDir, 'objects', object.slice(0, 2), object.slice(2));
  try {
    const content = inflateSync(await readFile(file)).toString('utf8');
    if (!content.startsWith('tag ')) return object;
    const match = /\0object ([0-9a-f]{40,64})\n/.exec(content);
    return match?.[1] ?? object;
  } catch {
    return object;
  }
}

async function listLooseTags(gitDir: string, folder = 'refs/tags'): Promise<string[]> {
  const entries = await readdir(path.join(gitDir, folder), { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    const ref = `${folder}/${entry.name}`;
    if (entry.isDirectory()) names.push(...(await listLooseTags(gitDir, ref)));
    else names.push(ref);
  }
  return names;
}

/** Reads the tags at HEAD from the .git files, for machines without git. */
export async function readTagsFromFiles(dir: string): Promise<string[]> {
  const gitDir = await gitDirOf(dir);
  if (!gitDir) return [];
  const packed = await readPackedRefs(gitDir);
  const head = (await readText(path.join(gitDir, 'HEAD')))?.trim() ?? '';
  const commit = head.startsWith('ref:')
    ? await resolveRef(gitDir, head.slice(4).trim(), packed)
    : head;
  if (!commit) return [];

  const tags = new Set<string>();
  for (const ref of await listLooseTags(gitDir)) {
    const object = (await readText(path.join(gitDir, ref)))?.trim();
    if (object && (object === commit || (await peel(gitDir, object)) === commit))
      tags.add(ref.slice('refs/tags/'.length));
  }
  for (const [ref, entry] of packed) {
    if (!ref.startsWith('refs/tags/')) continue;
    if (entry.object === commit || entry.peeled === commit)
      tags.add(ref.slice('refs/tags/'.length));
  }
  return [...tags].sort();
}

async function isCheckout(dir: string): Promise<boolean> {
  return (await gitDirOf(dir)) !== null;
}

/** Returns the tags that point at the checkout's HEAD, read with git when available. */
export async function readCheckoutTags(
  dir: string,
  options: CheckoutOptions = {},
): Promise<string[]> {
  const git =
    options.gitPath === undefined ? await findProgram('git', options.searchPath) : options.gitPath;
  if (git) {
    try {
      const result = await run(git, ['-C', dir, 'tag', '--points-at', 'HEAD'], {
        timeoutMs: 10_000,
        signal: options.signal,
      });
      return result.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .sort();
    } catch {
      // git refuses some checkouts (such as a folder owned by another user); the files still tell.
    }
  }
  return readTagsFromFiles(dir);
}

function resolveRelease(release: Release | string): Release {
  if (typeof release !== 'string') return release;
  const found = getRelease(release);
  if (!found)
    throw new AppError(
      'invalid-request',
      'unknownRelease',
      `Kubeflow release "${release}" is not in the catalog.`,
      { release },
    );
  return found;
}

/**
 * Checks that a folder is a kubeflow/manifests checkout at the release's
 * tag and returns the tag. Throws an AppError naming the folder, both tags
 * and the fix otherwise.
 */
export async function verifyCheckout(
  dir: string,
  releaseRef: Release | string,
  options: CheckoutOptions = {},
): Promise<string> {
  const release = resolveRelease(releaseRef);
  const expected = release.manifestsTag;
  const exists = await stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!exists || !(await isCheckout(dir))) {
    throw new AppError(
      'not-found',
      'manifestCheckoutNotFound',
      `${dir} is not a git checkout of kubeflow/manifests. Clone it with ` +
        `"git clone --branch ${expected} https://github.com/kubeflow/manifests" and choose that folder.`,
      { path: dir, expected },
    );
  }

  const tags = await readCheckoutTags(dir, options);
  if (tags.includes(expected)) return expected;
  if (tags.length === 0) {
    throw new AppError(
      'invalid-request',
      'manifestCheckoutNoTag',
      `The checkout at ${dir} is not at a tag, but Kubeflow ${release.id} needs tag ${expected}. ` +
        `Run "git -C ${dir} checkout ${expected}".`,
      { path: dir, expected, release: release.id },
    );
  }
  const found = tags.join(', ');
  throw new AppError(
    'invalid-request',
    'manifestCheckoutTagMismatch',
    `The checkout at ${dir} is at tag ${found}, but Kubeflow ${release.id} needs tag ${expected}. ` +
      `Run "git -C ${dir} checkout ${expected}", or choose the release that matches ${found}.`,
    { path: dir, found, expected, release: release.id },
  );
}

// --- Rendering ------------------------------------------------------------

/** Finds kubectl (for its built-in kustomize), else a standalone kustomize. */
export async function findRenderer(options: CheckoutOptions = {}): Promise<Renderer> {
  if (options.kubectlPath) {
    if (await isExecutable(options.kubectlPath))
      return { kind: 'kubectl', path: options.kubectlPath };
    throw new AppError(
      'not-found',
      'kubectlNotExecutable',
      `kubectl at ${options.kubectlPath} was not found or is not executable. Choose the kubectl program, or clear the setting to search PATH.`,
      { path: options.kubectlPath },
    );
  }
  const kubectl = await findProgram('kubectl', options.searchPath);
  if (kubectl) return { kind: 'kubectl', path: kubectl };
  const kustomize = options.kustomizePath ?? (await findProgram('kustomize', options.searchPath));
  if (kustomize && (await isExecutable(kustomize))) return { kind: 'kustomize', path: kustomize };
  throw new AppError(
    'unavailable',
    'kustomizeNotFound',
    'Neither kubectl nor kustomize was found on PATH. Install kubectl 1.27 or later ' +
      '(it includes kustomize), or kustomize 5.4.3 or later, or choose the kubectl program in the settings.',
  );
}

async function renderPath(
  renderer: Renderer,
  dir: string,
  repoPath: string,
  options: CheckoutOptions,
): Promise<string> {
  const absolute = path.join(dir, repoPath);
  const args = renderer.kind === 'kubectl' ? ['kustomize', absolute] : ['build', absolute];
  const timeoutMs = options.timeoutMs ?? defaultRenderTimeoutMs;
  try {
    return (await run(renderer.path, args, { cwd: dir, timeoutMs, signal: options.signal })).stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & {
      killed?: boolean;
      signal?: string;
      stderr?: string;
    };
    if (failure.name === 'AbortError') {
      throw new AppError(
        'invalid-request',
        'renderCancelled',
        `Rendering ${repoPath} was cancelled.`,
        { path: repoPath },
      );
    }
    if (failure.killed && failure.signal === 'SIGTERM') {
      throw new AppError(
        'timeout',
        'kustomizeTimedOut',
        `Rendering ${repoPath} with ${renderer.kind} took longer than ${Math.round(timeoutMs / 1000)} s. ` +
          `Check that the checkout is on a local disk, then try again.`,
        { path: repoPath, tool: renderer.kind, seconds: String(Math.round(timeoutMs / 1000)) },
      );
    }
    const detail = tail(failure.stderr || failure.message);
    throw new AppError(
      'invalid-request',
      'kustomizeFailed',
      `${renderer.kind} could not render ${repoPath}: ${detail} Fix the kustomization, or check out the release's tag again.`,
      { path: repoPath, tool: renderer.kind, detail },
    );
  }
}

/**
 * Renders the components of a release and service type from a checkout:
 * verifies the tag, checks that every kustomize path exists, then renders
 * each path in install order. Returns one source per path for parseManifests.
 */
export async function renderCheckout(
  dir: string,
  releaseRef: Release | string,
  serviceType: ServiceTypeId,
  options: CheckoutOptions = {},
): Promise<RenderedCheckout> {
  const release = resolveRelease(releaseRef);
  const tag = await verifyCheckout(dir, release, options);

  const paths = [
    ...new Set(
      componentsFor(release, serviceType).flatMap((component) => component.kustomizePaths),
    ),
  ].map((repoPath) => ({ repoPath }));
  const missing: string[] = [];
  for (const { repoPath } of paths) {
    const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
    const found = await Promise.all(
      kustomization.map((name) => isFile(path.join(dir, repoPath, name))),
    );
    if (!found.some(Boolean)) missing.push(repoPath);
  }
  if (missing.length > 0) {
    throw new AppError(
      'not-found',
      'manifestPathsMissing',
      `The checkout at ${dir} (tag ${tag}) has no kustomization in ${missing.join(', ')}. ` +
        `Restore the folder with "git -C ${dir} checkout ${tag} -- ." or clone the repository again.`,
      { path: dir, tag, missing: missing.join(', ') },
    );
  }

  const renderer = await findRenderer(options);
  const sources: ManifestSource[] = [];
  for (const { repoPath } of paths) {
    sources.push({ file: repoPath, text: await renderPath(renderer, dir, repoPath, options) });
  }
  return { tag, renderer, sources };
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}
