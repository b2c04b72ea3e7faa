import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type {
  ContextList,
  ContextSummary,
  KubeconfigSource,
  LocalizedText,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Logger } from '../log';
import type { AddedSource } from '../store/settings-store';
import {
  parseKubeconfig,
  type ClusterEntry,
  type ContextEntry,
  type KubeconfigFile,
  type UserEntry,
} from './kubeconfig-file';
import { validateEntry } from './validate-entry';

export type SourceOrigin = KubeconfigSource['origin'];

/**
 * A kubeconfig source to read. For origin 'folder' the path is the folder,
 * and every kubeconfig file directly inside it becomes a source of its own.
 */
export interface SourceSpec {
  path: string;
  origin: SourceOrigin;
  /**
   * Returns the file's text with credentials that are kept elsewhere (an
   * imported kubeconfig's encrypted ones) put back. The result stays in
   * memory, and the fingerprint is still taken of the text on disk.
   */
  mergeCredentials?: (text: string) => Promise<string>;
}

/** Size and SHA-256 of a file's content as the registry read it, to notice a later change. */
export interface Fingerprint {
  size: number;
  sha256: string;
}

interface ParsedFile {
  sha256: string;
  file: KubeconfigFile;
}

/** A file or folder to watch for changes, as the last load read it. */
export interface WatchTarget {
  path: string;
  kind: 'file' | 'folder';
}

/** The effect of removing a source: forget an added file or folder, or delete an imported kubeconfig. */
export interface RemovalTarget {
  origin: 'added' | 'folder' | 'imported';
  /** The added file, the added folder (also when a file inside it was named) or the imported file. */
  path: string;
}

/** A context with the cluster and user it resolves to. It contains credentials, so it stays in main. */
export interface ResolvedContext {
  summary: ContextSummary;
  context: ContextEntry;
  cluster: ClusterEntry;
  user: UserEntry;
}

/**
 * Returns the kubeconfig files kubectl would read: every path in KUBECONFIG (split on
 * the platform's list separator, empty elements skipped) or ~/.kube/config
 * when KUBECONFIG is unset or empty.
 */
export function defaultSources(
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): SourceSpec[] {
  const list = (env.KUBECONFIG ?? '')
    .split(path.delimiter)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (list.length > 0) {
    // Duplicates are removed after resolving, because a file read twice would list
    // its contexts twice under one id.
    const unique = [...new Set(list.map((item) => path.resolve(item)))];
    return unique.map((item) => ({ path: item, origin: 'env' as const }));
  }
  return [{ path: path.join(home, '.kube', 'config'), origin: 'default' }];
}

export function fingerprintOf(content: Buffer | string): Fingerprint {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Turns the files and folders the user added into sources to read, in the order they were added. */
export function addedSpecs(sources: readonly AddedSource[]): SourceSpec[] {
  return sources.map((source) => ({
    path: source.path,
    origin: source.kind === 'folder' ? ('folder' as const) : ('added' as const),
  }));
}

/**
 * Tells whether a file in an added folder is skipped: hidden files (which
 * also covers the temporary files of atomic writes) and editor backups or
 * swap files such as `config~`, `.config.swp`, `#config#` and `config.bak`.
 */
export function isSkippedInFolder(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~')) return true;
  if (name.startsWith('#') && name.endsWith('#')) return true;
  return /\.(swp|swo|swx|bak|orig|tmp)$/i.test(name);
}

/** Stable id of a context: its source file and its name, both escaped so neither can forge the other. */
export function contextId(source: string, name: string): string {
  return `${encodeURIComponent(source)}#${encodeURIComponent(name)}`;
}

/** Turns a context id back into "name (file)" for messages; an id that is not ours is returned as it is. */
export function describeContextId(id: string): string {
  const separator = id.lastIndexOf('#');
  if (separator < 0) return id;
  try {
    return `${decodeURIComponent(id.slice(separator + 1))} (${decodeURIComponent(id.slice(0, separator))})`;
  } catch {
    return id;
  }
}

/**
 * Every context of every kubeconfig source, each identified by (file, name),
 * so the same name in two files is two entries. References to clusters and
 * users resolve in the context's own file first and then in kubectl's merged
 * view, where the first file that defines a name wins.
 */
export class ContextRegistry {
  private specs: SourceSpec[] = [];
  private sources: KubeconfigSource[] = [];
  private fingerprints = new Map<string, Fingerprint>();
  /** Files parsed by the last load, reused while their content stays the same. */
  private parsed = new Map<string, ParsedFile>();
  private resolved = new Map<string, ResolvedContext>();
  private summaries: ContextSummary[] = [];
  /** The read error last logged per file, so that a reload every few seconds does not repeat it. */
  private loggedErrors = new Map<string, string>();

  constructor(private readonly log: Logger) {}

  /**
   * Reads every source in order and replaces what the registry lists. A file
   * reached twice (listed and also inside an added folder, for example) is
   * read only the first time, because reading it twice would list each of its
   * contexts twice under one id.
   */
  async load(specs: SourceSpec[]): Promise<void> {
    const files: KubeconfigFile[] = [];
    const sources: KubeconfigSource[] = [];
    const fingerprints = new Map<string, Fingerprint>();
    const parsed = new Map<string, ParsedFile>();
    const seen = new Set<string>();

    const readOne = async (spec: SourceSpec, filePath: string, folder: string | null) => {
      if (seen.has(filePath)) return;
      seen.add(filePath);
      const base = { path: filePath, origin: spec.origin, folder, removable: isRemovable(spec) };
      try {
        const content = await readFile(filePath);
        const fingerprint = fingerprintOf(content);
        fingerprints.set(filePath, fingerprint);
        const file = await this.parse(spec, filePath, content, fingerprint, parsed);
        files.push(file);
        sources.push({ ...base, error: null, errorText: null, contextCount: file.contexts.length });
        this.loggedErrors.delete(filePath);
      } catch (error) {
        const reason = describeReadError(error, filePath);
        if (this.loggedErrors.get(filePath) !== reason.message) {
          this.loggedErrors.set(filePath, reason.message);
          this.log.warn('kubeconfig source could not be read', {
            path: filePath,
            error: reason.message,
          });
        }
        sources.push({ ...base, error: reason.message, errorText: reason.text, contextCount: 0 });
      }
    };

    for (const spec of specs) {
      if (spec.origin !== 'folder') {
        await readOne(spec, spec.path, null);
        continue;
      }
      const listing = await listFolder(spec.path);
      if (listing.error !== null || listing.files.length === 0) {
        // An empty or unreadable folder is still listed, so the user sees it and can remove it.
        if (listing.error) {
          this.log.warn('kubeconfig folder could not be read', {
            path: spec.path,
            error: listing.error.message,
          });
        }
        sources.push({
          path: spec.path,
          origin: 'folder',
          folder: spec.path,
          removable: true,
          error: listing.error?.message ?? null,
          errorText: listing.error?.text ?? null,
          contextCount: 0,
        });
        continue;
      }
      for (const file of listing.files) await readOne(spec, file, spec.path);
    }

    const merged = mergedView(files);
    const resolved = new Map<string, ResolvedContext>();
    const summaries: ContextSummary[] = [];

    for (const file of files) {
      for (const context of file.contexts) {
        const id = contextId(file.path, context.name);
        const cluster = file.clusters.get(context.cluster) ?? merged.clusters.get(context.cluster);
        const user = file.users.get(context.user) ?? merged.users.get(context.user);
        const problem = validate(context, cluster, user);
        const invalidReason = problem?.message ?? null;
        const summary: ContextSummary = {
          id,
          ref: { source: file.path, name: context.name },
          cluster: context.cluster,
          user: context.user,
          namespace: context.namespace,
          server: cluster?.server ?? null,
          authKind: user?.authKind ?? 'none',
          invalidReason,
          invalidText: problem?.text ?? null,
          shadowed: merged.contextOwners.get(context.name) !== file.path,
        };
        summaries.push(summary);
        if (!invalidReason && cluster && user)
          resolved.set(id, { summary, context, cluster, user });
      }
    }

    this.specs = specs;
    this.sources = sources;
    this.fingerprints = fingerprints;
    this.parsed = parsed;
    this.summaries = summaries;
    this.resolved = resolved;
  }

  /**
   * Parses a file, or reuses the last load's result when the content has the
   * same SHA-256, because parsing is most of a reload's time. Files whose
   * credentials are merged in are always parsed, since their credentials
   * live in another file.
   */
  private async parse(
    spec: SourceSpec,
    filePath: string,
    content: Buffer,
    fingerprint: Fingerprint,
    parsed: Map<string, ParsedFile>,
  ): Promise<KubeconfigFile> {
    const previous = this.parsed.get(filePath);
    if (!spec.mergeCredentials && previous?.sha256 === fingerprint.sha256) {
      parsed.set(filePath, previous);
      return previous.file;
    }

    let text = content.toString('utf8');
    if (spec.mergeCredentials) text = await spec.mergeCredentials(text);
    const file = parseKubeconfig(text, filePath);
    if (!spec.mergeCredentials) parsed.set(filePath, { sha256: fingerprint.sha256, file });
    return file;
  }

  /** Returns the fingerprint of a file as the last load read it, or undefined when it was not read. */
  fingerprint(filePath: string): Fingerprint | undefined {
    return this.fingerprints.get(filePath);
  }

  /** Lists every file and added folder of the last load, for a watcher to follow. */
  watchTargets(): WatchTarget[] {
    const targets: WatchTarget[] = [];
    for (const spec of this.specs) {
      targets.push({ path: spec.path, kind: spec.origin === 'folder' ? 'folder' : 'file' });
    }
    return targets;
  }

  /**
   * Checks a path the user wants to add against the last load, and returns
   * what to remember. Raises sourceNotFound for a missing path, sourceExists
   * for one already read (as a source, inside an added folder, or as an added
   * folder), and sourceInvalid for a file that is not a kubeconfig.
   */
  async checkNewSource(input: string): Promise<AddedSource> {
    const sourcePath = absolutePath(input);

    let info;
    try {
      info = await stat(sourcePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw sourceNotFound(sourcePath);
      throw sourceInvalid(sourcePath, describeReadError(error, sourcePath).message);
    }

    const known =
      this.specs.some((spec) => spec.path === sourcePath) ||
      this.sources.some((source) => source.path === sourcePath);
    if (known) throw sourceExists(sourcePath);

    if (info.isDirectory()) return { path: sourcePath, kind: 'folder' };
    if (!info.isFile()) {
      throw sourceInvalid(sourcePath, `${sourcePath} is neither a regular file nor a folder`);
    }

    let file: KubeconfigFile;
    try {
      file = parseKubeconfig(await readFile(sourcePath, 'utf8'), sourcePath);
    } catch (error) {
      throw sourceInvalid(sourcePath, describeReadError(error, sourcePath).message);
    }
    if (file.contexts.length === 0 && file.clusters.size === 0 && file.users.size === 0) {
      throw sourceInvalid(sourcePath, `${sourcePath} defines no contexts, clusters or users`);
    }
    return { path: sourcePath, kind: 'file' };
  }

  /**
   * Finds what removing the source at this path means. A file inside an
   * added folder removes the whole folder, because the folder is what the
   * user added. Raises sourceNotFound for an unknown path and
   * sourceNotRemovable for kubectl's own files and the sandbox's.
   */
  removalTarget(input: string): RemovalTarget {
    const sourcePath = absolutePath(input);
    const folderSpec = this.specs.find(
      (spec) => spec.origin === 'folder' && spec.path === sourcePath,
    );
    if (folderSpec) return { origin: 'folder', path: folderSpec.path };

    const source = this.sources.find((item) => item.path === sourcePath);
    if (!source) throw sourceNotFound(sourcePath);
    if (source.origin === 'folder' && source.folder)
      return { origin: 'folder', path: source.folder };
    if (source.origin === 'added' || source.origin === 'imported') {
      return { origin: source.origin, path: source.path };
    }
    throw sourceNotRemovable(sourcePath, source.origin);
  }

  list(activeId: string | null): ContextList {
    const active =
      activeId && this.summaries.some((summary) => summary.id === activeId) ? activeId : null;
    return { sources: this.sources, contexts: this.summaries, activeId: active };
  }

  summary(id: string): ContextSummary | undefined {
    return this.summaries.find((summary) => summary.id === id);
  }

  /** Returns the usable context with this id, or undefined when it is unknown or invalid. */
  resolve(id: string): ResolvedContext | undefined {
    return this.resolved.get(id);
  }

  /** Finds a context by source and name, as settings remember it. */
  findId(source: string, name: string): string | undefined {
    return this.summaries.find(
      (summary) => summary.ref.source === source && summary.ref.name === name,
    )?.id;
  }
}

function mergedView(files: KubeconfigFile[]) {
  const clusters = new Map<string, ClusterEntry>();
  const users = new Map<string, UserEntry>();
  const contextOwners = new Map<string, string>();
  for (const file of files) {
    for (const [name, cluster] of file.clusters)
      if (!clusters.has(name)) clusters.set(name, cluster);
    for (const [name, user] of file.users) if (!users.has(name)) users.set(name, user);
    for (const context of file.contexts)
      if (!contextOwners.has(context.name)) contextOwners.set(context.name, file.path);
  }
  return { clusters, users, contextOwners };
}

/**
 * Checks that a context can be used. Each check returns the reason in
 * English, or null. Further checks of the cluster or user entry go at the end.
 */
/** A problem in English for logs and in the user's language for the screen. */
interface Problem {
  message: string;
  text: LocalizedText;
}

const problem = (message: string, code: string, params: Record<string, string> = {}): Problem => ({
  message,
  text: { code, params },
});

function validate(
  context: ContextEntry,
  cluster: ClusterEntry | undefined,
  user: UserEntry | undefined,
): Problem | null {
  if (!context.cluster) return problem('the context names no cluster', 'contextNamesNoCluster');
  if (!cluster) {
    return problem(
      `cluster "${context.cluster}" is not defined in any kubeconfig file`,
      'contextClusterUndefined',
      { cluster: context.cluster },
    );
  }
  if (!cluster.server) {
    return problem(`cluster "${context.cluster}" has no server`, 'contextClusterNoServer', {
      cluster: context.cluster,
    });
  }
  if (!context.user) return problem('the context names no user', 'contextNamesNoUser');
  if (!user) {
    return problem(
      `user "${context.user}" is not defined in any kubeconfig file`,
      'contextUserUndefined',
      { user: context.user },
    );
  }
  // NOTE: the detailed entry checks (base64, files, exec, proxy) still produce
  // English details, which the localized sentence quotes as they are.
  const detail = validateEntry(cluster, user);
  return detail ? problem(detail, 'contextEntryInvalid', { detail }) : null;
}

function describeReadError(error: unknown, filePath: string): Problem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return problem(`${filePath} does not exist`, 'sourceMissing', { path: filePath });
  if (code === 'EACCES') {
    return problem(`${filePath} cannot be read: permission denied`, 'sourcePermissionDenied', {
      path: filePath,
    });
  }
  if (code === 'EISDIR') {
    return problem(`${filePath} is a folder, not a kubeconfig file`, 'sourceIsFolder', {
      path: filePath,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return problem(detail, 'sourceUnreadable', { path: filePath, detail });
}

function isRemovable(spec: SourceSpec): boolean {
  return spec.origin === 'added' || spec.origin === 'folder' || spec.origin === 'imported';
}

/** Expands a leading `~` as a shell does, then makes the path absolute. */
function absolutePath(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '~' || trimmed.startsWith(`~${path.sep}`) || trimmed.startsWith('~/')) {
    return path.resolve(os.homedir(), trimmed.slice(2));
  }
  return path.resolve(trimmed);
}

/**
 * Lists the files directly inside a folder, sorted by name: regular files
 * and links to them, without hidden files and editor backups.
 */
async function listFolder(folder: string): Promise<{ files: string[]; error: Problem | null }> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return {
        files: [],
        error: problem(`${folder} does not exist`, 'sourceMissing', { path: folder }),
      };
    }
    if (code === 'ENOTDIR') {
      return {
        files: [],
        error: problem(`${folder} is no longer a folder`, 'sourceNotFolder', { path: folder }),
      };
    }
    if (code === 'EACCES')
      return {
        files: [],
        error: problem(`${folder} cannot be read: permission denied`, 'sourcePermissionDenied', {
          path: folder,
        }),
      };
    const detail = error instanceof Error ? error.message : String(error);
    return { files: [], error: problem(detail, 'sourceUnreadable', { path: folder, detail }) };
  }

  const files: string[] = [];
  for (const name of names.filter((item) => !isSkippedInFolder(item)).sort()) {
    const file = path.join(folder, name);
    // stat follows links, so a link to a kubeconfig counts and a link to a folder does not.
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) files.push(file);
  }
  return { files, error: null };
}

function sourceNotFound(sourcePath: string): AppError {
  return new AppError(
    'not-found',
    'sourceNotFound',
    `${sourcePath} does not exist. Check the path and choose the file or folder again.`,
    { path: sourcePath },
  );
}

function sourceExists(sourcePath: string): AppError {
  return new AppError(
    'conflict',
    'sourceExists',
    `${sourcePath} is already a kubeconfig source, or inside an added folder.`,
    { path: sourcePath },
  );
}

function sourceInvalid(sourcePath: string, reason: string): AppError {
  return new AppError(
    'invalid-request',
    'sourceInvalid',
    `${sourcePath} cannot be added as a kubeconfig: ${reason}`,
    { path: sourcePath, reason },
  );
}

function sourceNotRemovable(sourcePath: string, origin: SourceOrigin): AppError {
  return new AppError(
    'invalid-request',
    'sourceNotRemovable',
    `${sourcePath} cannot be removed, because the app reads it as kubectl does (${origin}). Change KUBECONFIG to stop reading it.`,
    { path: sourcePath, origin },
  );
}
