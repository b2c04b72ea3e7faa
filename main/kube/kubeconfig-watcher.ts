import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import type { Logger } from '../log';
import { isSkippedInFolder, type WatchTarget } from './context-registry';
import { parseKubeconfig } from './kubeconfig-file';

export interface KubeconfigWatcherOptions {
  /** Callback run after a batch of changes has settled, so the caller can reload the registry. */
  onChange: () => void;
  log: Logger;
  /** Quiet time after the last event before a batch is handled, in milliseconds. */
  debounceMs?: number;
  /**
   * Waits before each new attempt to parse a changed file that failed, in
   * milliseconds. When every attempt fails, onChange is called anyway and the
   * registry reports the file's error.
   */
  retryDelaysMs?: number[];
}

/** A reason to watch a folder: one name in it, or every file in it. */
interface Rule {
  /** The name inside the folder that concerns the target, or null for every file in it. */
  name: string | null;
}

interface ActiveWatch {
  watcher: FSWatcher;
  /** Inode of the folder when the watch started, to notice a folder deleted and made anew. */
  inode: number;
  rules: Rule[];
}

/**
 * Watches kubeconfig files and added folders. Each file is watched through
 * its parent folder, because kubectl and editors replace a file by renaming
 * a new one over it, and a watch on the file itself would stay on the old
 * inode. A file or folder that does not exist yet is watched through its
 * nearest existing ancestor, so its creation is seen too.
 */
export class KubeconfigWatcher {
  private readonly debounceMs: number;
  private readonly retryDelaysMs: number[];
  private targets: WatchTarget[] = [];
  private readonly watches = new Map<string, ActiveWatch>();
  /** Paths that changed since the last onChange. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private closed = false;

  constructor(private readonly options: KubeconfigWatcherOptions) {
    this.debounceMs = options.debounceMs ?? 100;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 200, 300, 400];
  }

  /** Replaces the set of watched files and folders. */
  async watch(targets: WatchTarget[]): Promise<void> {
    this.targets = targets.map((target) => ({ ...target, path: path.resolve(target.path) }));
    await this.rearm();
  }

  /** Stops every watch and any pending callback. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const active of this.watches.values()) active.watcher.close();
    this.watches.clear();
  }

  /** Opens and closes folder watches so they match the targets and the folders that exist now. */
  private async rearm(): Promise<void> {
    const plan = new Map<string, Rule[]>();
    const addRule = (folder: string, rule: Rule) =>
      plan.set(folder, [...(plan.get(folder) ?? []), rule]);

    for (const target of this.targets) {
      if (target.kind === 'folder' && (await isFolder(target.path))) {
        addRule(target.path, { name: null });
      }
      // The parent (or nearest existing ancestor) reports the target itself created, replaced or deleted.
      const { folder, name } = await nearestExisting(target.path);
      addRule(folder, { name });
    }
    if (this.closed) return;

    for (const [folder, active] of this.watches) {
      const inode = await inodeOf(folder);
      if (!plan.has(folder) || inode !== active.inode) {
        active.watcher.close();
        this.watches.delete(folder);
      }
    }
    for (const [folder, rules] of plan) {
      const active = this.watches.get(folder);
      if (active) {
        active.rules = rules;
        continue;
      }
      this.open(folder, rules, await inodeOf(folder));
    }
  }

  private open(folder: string, rules: Rule[], inode: number | null): void {
    if (this.closed || inode === null) return;
    let watcher: FSWatcher;
    try {
      // Not persistent: a watch alone must not keep a command-line run alive.
      watcher = watch(folder, { persistent: false }, (_event, filename) =>
        this.onEvent(folder, filename === null ? null : String(filename)),
      );
    } catch (error) {
      this.options.log.warn('kubeconfig folder cannot be watched', {
        path: folder,
        error: (error as Error).message,
      });
      return;
    }
    watcher.on('error', (error) => {
      // Linux reports a watched folder that was deleted this way; the next rearm watches its parent.
      this.options.log.debug('kubeconfig folder watch ended', {
        path: folder,
        error: error.message,
      });
      watcher.close();
      if (this.watches.get(folder)?.watcher === watcher) this.watches.delete(folder);
      this.schedule(this.debounceMs);
    });
    this.watches.set(folder, { watcher, inode, rules });
  }

  private onEvent(folder: string, filename: string | null): void {
    const active = this.watches.get(folder);
    if (!active || this.closed) return;
    const relevant = active.rules.some((rule) =>
      rule.name === null
        ? filename === null || !isSkippedInFolder(filename)
        : filename === null || filename === rule.name,
    );
    if (!relevant) return;
    this.pending.add(filename === null ? folder : path.join(folder, filename));
    // A new event starts the retries over, because a file still being written gets more time.
    this.attempt = 0;
    this.schedule(this.debounceMs);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.settle();
    }, delayMs);
  }

  /** Handles a settled batch: rewatches, and calls onChange unless a changed file is still half-written. */
  private async settle(): Promise<void> {
    await this.rearm();
    if (this.closed) return;

    const broken = await this.firstUnparsable();
    if (this.closed || this.timer) return; // a newer event has scheduled its own batch
    const retryDelay = this.retryDelaysMs[this.attempt];
    if (broken && retryDelay !== undefined) {
      this.attempt += 1;
      this.options.log.debug('changed kubeconfig does not parse yet; reading it again', {
        path: broken,
        attempt: this.attempt,
      });
      this.schedule(retryDelay);
      return;
    }

    this.pending.clear();
    this.attempt = 0;
    try {
      this.options.onChange();
    } catch (error) {
      this.options.log.error('kubeconfig change handler failed', {
        error: (error as Error).message,
      });
    }
  }

  /** Returns the first changed kubeconfig file that exists but does not parse, or null. */
  private async firstUnparsable(): Promise<string | null> {
    for (const changed of this.pending) {
      if (!this.isKubeconfigFile(changed)) continue;
      let text: string;
      try {
        text = await readFile(changed, 'utf8');
      } catch {
        continue; // deleted or unreadable: the registry reports it
      }
      try {
        parseKubeconfig(text, changed);
      } catch {
        return changed;
      }
    }
    return null;
  }

  private isKubeconfigFile(changed: string): boolean {
    return this.targets.some((target) =>
      target.kind === 'file'
        ? target.path === changed
        : path.dirname(changed) === target.path && !isSkippedInFolder(path.basename(changed)),
    );
  }
}

async function isFolder(folder: string): Promise<boolean> {
  return stat(folder).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

async function inodeOf(folder: string): Promise<number | null> {
  return stat(folder).then(
    (info) => (info.isDirectory() ? info.ino : null),
    () => null,
  );
}

/** Finds the nearest existing folder above a path, and the name below it on the way to the path. */
async function nearestExisting(target: string): Promise<{ folder: string; name: string }> {
  let child = target;
  let folder = path.dirname(target);
  while (!(await isFolder(folder)) && path.dirname(folder) !== folder) {
    child = folder;
    folder = path.dirname(folder);
  }
  return { folder, name: path.basename(child) };
}
