import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { ContextList, ContextSummary, KubeconfigSource } from '../../shared/contract';
import type { Logger } from '../log';
import {
  parseKubeconfig,
  type ClusterEntry,
  type ContextEntry,
  type KubeconfigFile,
  type UserEntry,
} from './kubeconfig-file';

export type SourceOrigin = KubeconfigSource['origin'];

export interface SourceSpec {
  path: string;
  origin: SourceOrigin;
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
  private sources: KubeconfigSource[] = [];
  private resolved = new Map<string, ResolvedContext>();
  private summaries: ContextSummary[] = [];

  constructor(private readonly log: Logger) {}

  async load(specs: SourceSpec[]): Promise<void> {
    const files: KubeconfigFile[] = [];
    const sources: KubeconfigSource[] = [];

    for (const spec of specs) {
      try {
        const file = parseKubeconfig(await readFile(spec.path, 'utf8'), spec.path);
        files.push(file);
        sources.push({
          path: spec.path,
          origin: spec.origin,
          error: null,
          contextCount: file.contexts.length,
        });
      } catch (error) {
        const reason = describeReadError(error, spec.path);
        this.log.warn('kubeconfig source could not be read', { path: spec.path, error: reason });
        sources.push({ path: spec.path, origin: spec.origin, error: reason, contextCount: 0 });
      }
    }

    const merged = mergedView(files);
    const resolved = new Map<string, ResolvedContext>();
    const summaries: ContextSummary[] = [];

    for (const file of files) {
      for (const context of file.contexts) {
        const id = contextId(file.path, context.name);
        const cluster = file.clusters.get(context.cluster) ?? merged.clusters.get(context.cluster);
        const user = file.users.get(context.user) ?? merged.users.get(context.user);
        const invalidReason = validate(context, cluster, user);
        const summary: ContextSummary = {
          id,
          ref: { source: file.path, name: context.name },
          cluster: context.cluster,
          user: context.user,
          namespace: context.namespace,
          server: cluster?.server ?? null,
          authKind: user?.authKind ?? 'none',
          invalidReason,
          shadowed: merged.contextOwners.get(context.name) !== file.path,
        };
        summaries.push(summary);
        if (!invalidReason && cluster && user)
          resolved.set(id, { summary, context, cluster, user });
      }
    }

    this.sources = sources;
    this.summaries = summaries;
    this.resolved = resolved;
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

function validate(
  context: ContextEntry,
  cluster: ClusterEntry | undefined,
  user: UserEntry | undefined,
): string | null {
  if (!context.cluster) return 'the context names no cluster';
  if (!cluster) return `cluster "${context.cluster}" is not defined in any kubeconfig file`;
  if (!cluster.server) return `cluster "${context.cluster}" has no server`;
  if (!context.user) return 'the context names no user';
  if (!user) return `user "${context.user}" is not defined in any kubeconfig file`;
  return null;
}

function describeReadError(error: unknown, filePath: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${filePath} does not exist`;
  if (code === 'EACCES') return `${filePath} cannot be read: permission denied`;
  if (code === 'EISDIR') return `${filePath} is a folder, not a kubeconfig file`;
  return error instanceof Error ? error.message : String(error);
}
