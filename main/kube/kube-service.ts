import type { ConnectionCheck, ContextList, ContextSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { EventHub } from '../ipc/event-hub';
import type { Logger } from '../log';
import type { CheckStore } from '../store/check-store';
import type { SettingsStore } from '../store/settings-store';
import { CheckScheduler } from './check-scheduler';
import type { ClientDeps } from './client';
import { checkConnection } from './connection-check';
import {
  addedSpecs,
  ContextRegistry,
  describeContextId,
  type ResolvedContext,
  type SourceSpec,
} from './context-registry';
import type { CredentialVault } from './credential-vault';
import { ExecCredentialProvider } from './exec-credentials';
import { ImportedKubeconfigs, type ImportRequest } from './imported-kubeconfigs';
import { setKubectlDefault } from './kubectl-default';
import { KubeconfigWatcher } from './kubeconfig-watcher';

export interface KubeServiceOptions {
  /** kubectl's own files (KUBECONFIG or ~/.kube/config), or the files a caller names. */
  baseSources: SourceSpec[];
  dataDir: string;
  settings: SettingsStore;
  checks: CheckStore;
  /** Encrypts imported credentials; null where no OS keychain is available (web bridge, command line). */
  vault: CredentialVault | null;
  hub: EventHub;
  log: Logger;
  /** Starts file watching and periodic checks; false for one-shot callers such as the command line. */
  live?: boolean;
  checkIntervalMs?: number;
}

/**
 * The kubeconfig side of the app: which files are read, which context is
 * active, connection checks and their saved results, and the few writes the
 * user may ask for (adding sources, imports, "Set as kubectl default").
 */
export class KubeService {
  private readonly registry: ContextRegistry;
  private readonly imported: ImportedKubeconfigs;
  private readonly watcher: KubeconfigWatcher | null;
  private readonly scheduler: CheckScheduler;
  private readonly clientDeps: ClientDeps;
  private readonly runtimeSources: SourceSpec[] = [];
  private lastActiveId: string | null = null;

  constructor(private readonly options: KubeServiceOptions) {
    const { log } = options;
    this.registry = new ContextRegistry(log.child('kube'));
    this.imported = new ImportedKubeconfigs(options.dataDir, options.vault, log.child('import'));
    this.clientDeps = { execCredentials: new ExecCredentialProvider({ log: log.child('exec') }) };
    this.watcher =
      options.live === false
        ? null
        : new KubeconfigWatcher({
            onChange: () => void this.onFilesChanged(),
            log: log.child('watch'),
          });
    this.scheduler = new CheckScheduler({
      run: (contextId) => this.runCheck(contextId),
      onResult: (check) => {
        options.checks.save(check);
        options.hub.emit('kube.checkChanged', check);
      },
      intervalMs: options.checkIntervalMs,
      log: log.child('checks'),
    });
  }

  /** Reads every source, starts watching them and checks the active context. */
  async start(): Promise<void> {
    await this.reload();
    this.lastActiveId = this.activeId();
    if (this.options.live !== false) this.scheduler.setActive(this.lastActiveId);
  }

  async listContexts(): Promise<ContextList> {
    await this.reload();
    return this.registry.list(this.activeId());
  }

  /** Returns the active context's id, or null when none is chosen or it has left every kubeconfig. */
  async activeContextId(): Promise<string | null> {
    await this.reload();
    return this.activeId();
  }

  async setActiveContext(contextId: string): Promise<ContextSummary> {
    await this.reload();
    const summary = this.usableSummary(contextId);
    this.options.settings.update({ activeContext: summary.ref });
    this.options.log.info('active context changed', {
      context: summary.ref.name,
      source: summary.ref.source,
    });
    this.announceActive(contextId);
    return summary;
  }

  /** Adds a source for this run only, such as the sandbox's kubeconfig, and announces the new list. */
  async addRuntimeSource(spec: SourceSpec): Promise<void> {
    if (!this.runtimeSources.some((source) => source.path === spec.path))
      this.runtimeSources.push(spec);
    this.options.hub.emit('kube.contextsChanged', await this.listContexts());
  }

  /** Adds a kubeconfig file or folder the user names, remembered across restarts. */
  async addSource(input: string): Promise<ContextList> {
    await this.reload();
    const source = await this.registry.checkNewSource(input);
    this.options.settings.addSource(source);
    this.options.log.info('kubeconfig source added', { path: source.path, kind: source.kind });
    return this.announceList();
  }

  async removeSource(input: string): Promise<ContextList> {
    await this.reload();
    const target = this.registry.removalTarget(input);
    if (target.origin === 'imported') await this.imported.remove(target.path);
    else this.options.settings.removeSource(target.path);
    this.options.log.info('kubeconfig source removed', {
      path: target.path,
      origin: target.origin,
    });
    return this.announceList();
  }

  async importKubeconfig(request: ImportRequest): Promise<ContextList> {
    const result = await this.imported.import(request);
    this.options.log.info('kubeconfig imported', {
      path: result.path,
      contexts: result.contextCount,
      credentials: result.credentials,
    });
    return this.announceList();
  }

  async setKubectlDefault(contextId: string): Promise<{ path: string; previous: string | null }> {
    await this.reload();
    const summary = this.usableSummary(contextId);
    const fingerprint = this.registry.fingerprint(summary.ref.source);
    if (!fingerprint) throw contextNotFound(contextId);
    const result = await setKubectlDefault(summary.ref.source, summary.ref.name, fingerprint);
    this.options.log.info('kubectl default context set', {
      path: result.path,
      context: summary.ref.name,
      previous: result.previous,
    });
    await this.reload();
    return result;
  }

  async check(contextId: string): Promise<ConnectionCheck> {
    await this.reload();
    this.usableSummary(contextId);
    return this.scheduler.checkNow(contextId);
  }

  listChecks(): ConnectionCheck[] {
    return this.options.checks.list();
  }

  /** Resolves a usable context for other services (provisioning, status, access). */
  async resolve(contextId: string): Promise<ResolvedContext> {
    await this.reload();
    return this.resolveUsable(contextId);
  }

  get deps(): ClientDeps {
    return this.clientDeps;
  }

  close(): void {
    this.scheduler.stop();
    this.watcher?.close();
  }

  private async reload(): Promise<void> {
    const { baseSources, settings } = this.options;
    await this.registry.load([
      ...baseSources,
      ...addedSpecs(settings.get().addedSources),
      ...(await this.imported.specs()),
      ...this.runtimeSources,
    ]);
    await this.watcher?.watch(this.registry.watchTargets());
  }

  private async onFilesChanged(): Promise<void> {
    try {
      const list = await this.listContexts();
      this.options.hub.emit('kube.contextsChanged', list);
      if (list.activeId !== this.lastActiveId) this.announceActive(list.activeId);
    } catch (error) {
      this.options.log.error('reloading kubeconfig files after a change failed', {
        error: String(error),
      });
    }
  }

  private async announceList(): Promise<ContextList> {
    const list = await this.listContexts();
    this.options.hub.emit('kube.contextsChanged', list);
    return list;
  }

  private announceActive(contextId: string | null): void {
    this.lastActiveId = contextId;
    this.options.hub.emit('kube.activeContextChanged', { activeId: contextId });
    if (this.options.live !== false) this.scheduler.setActive(contextId);
  }

  private activeId(): string | null {
    const active = this.options.settings.get().activeContext;
    return active ? (this.registry.findId(active.source, active.name) ?? null) : null;
  }

  /** Returns the summary of a known, valid context; throws contextNotFound or contextInvalid otherwise. */
  private usableSummary(contextId: string): ContextSummary {
    const summary = this.registry.summary(contextId);
    if (!summary) throw contextNotFound(contextId);
    if (summary.invalidReason) throw contextInvalid(summary.ref.name, summary.invalidReason);
    return summary;
  }

  private resolveUsable(contextId: string): ResolvedContext {
    this.usableSummary(contextId);
    const resolved = this.registry.resolve(contextId);
    if (!resolved) throw contextNotFound(contextId);
    return resolved;
  }

  /** Runs one check; an unknown or invalid context becomes an 'invalid' result rather than an exception. */
  private async runCheck(contextId: string): Promise<ConnectionCheck> {
    try {
      return await checkConnection(this.resolveUsable(contextId), this.clientDeps);
    } catch (error) {
      const appError =
        error instanceof AppError
          ? error
          : new AppError('internal', 'internal', String(error), { channel: 'kube.check' });
      return {
        contextId,
        status: 'invalid',
        serverVersion: null,
        clusterUid: null,
        latencyMs: null,
        identity: null,
        capabilities: null,
        error: appError.toShape(),
        checkedAt: new Date().toISOString(),
      };
    }
  }
}

function contextNotFound(contextId: string): AppError {
  const context = describeContextId(contextId);
  return new AppError(
    'not-found',
    'contextNotFound',
    `Context ${context} is not in any kubeconfig file.`,
    {
      context,
    },
  );
}

function contextInvalid(name: string, reason: string): AppError {
  return new AppError(
    'invalid-request',
    'contextInvalid',
    `Context ${name} cannot be used: ${reason}`,
    {
      context: name,
      reason,
    },
  );
}
