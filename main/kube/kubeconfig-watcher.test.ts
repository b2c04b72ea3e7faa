import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../log';
import { ContextRegistry, type WatchTarget } from './context-registry';
import { KubeconfigWatcher } from './kubeconfig-watcher';

let folder = '';
let watcher: KubeconfigWatcher | null = null;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-watcher-'));
});

afterEach(async () => {
  watcher?.close();
  watcher = null;
  await rm(folder, { recursive: true, force: true });
});

/** Returns a kubeconfig with one context. Its server is double-quoted, so a cut inside it is invalid YAML. */
function kubeconfig(context: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: "https://127.0.0.1:6443/clusters/a-long-path-so-the-cut-lands-inside-quotes"',
    'users:',
    '- name: u',
    '  user:',
    '    username: admin',
    'contexts:',
    `- name: ${context}`,
    '  context:',
    '    cluster: c',
    '    user: u',
    '',
  ].join('\n');
}

/** Starts a watcher that counts onChange calls; `next()` resolves at the next call. */
async function watching(targets: WatchTarget[], onCall: () => void = () => {}) {
  let calls = 0;
  let wake: (() => void) | null = null;
  watcher = new KubeconfigWatcher({
    log: silentLogger,
    onChange: () => {
      calls += 1;
      onCall();
      wake?.();
      wake = null;
    },
  });
  await watcher.watch(targets);
  return {
    calls: () => calls,
    /** Resolves at the next onChange, or rejects after the given time. */
    next(timeoutMs = 3000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no onChange within ${timeoutMs} ms`)),
          timeoutMs,
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

async function writeConfig(name: string, context: string): Promise<string> {
  const file = path.join(folder, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, kubeconfig(context));
  return file;
}

describe('KubeconfigWatcher', () => {
  it('stays quiet without changes', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);

    await sleep(400);

    expect(watch.calls()).toBe(0);
  });

  it('sees an edit', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const changed = watch.next();

    await writeFile(file, kubeconfig('two'));

    await expect(changed).resolves.toBeUndefined();
  });

  it('calls once for a burst of writes', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const changed = watch.next();

    for (const context of ['two', 'three', 'four']) await writeFile(file, kubeconfig(context));
    await changed;
    await sleep(300);

    expect(watch.calls()).toBe(1);
  });

  it('sees an atomic replacement', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const changed = watch.next();

    const temporary = path.join(folder, '.config.tmp');
    await writeFile(temporary, kubeconfig('two'));
    await rename(temporary, file);

    await expect(changed).resolves.toBeUndefined();
  });

  it('sees edits after a replacement', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const temporary = path.join(folder, '.config.tmp');
    await writeFile(temporary, kubeconfig('two'));
    await rename(temporary, file);
    await watch.next();
    const changed = watch.next();

    await writeFile(file, kubeconfig('three'));

    await expect(changed).resolves.toBeUndefined();
  });

  it('sees a deletion', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const changed = watch.next();

    await rm(file);

    await expect(changed).resolves.toBeUndefined();
  });

  it('ignores other files beside it', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);

    await writeFile(path.join(folder, 'notes.txt'), 'unrelated');
    await sleep(400);

    expect(watch.calls()).toBe(0);
  });

  it('sees a file created in a folder', async () => {
    const configs = path.join(folder, 'configs');
    await mkdir(configs);
    const watch = await watching([{ path: configs, kind: 'folder' }]);
    const changed = watch.next();

    await writeConfig('configs/team.yaml', 'team');

    await expect(changed).resolves.toBeUndefined();
  });

  it('ignores backups in a folder', async () => {
    const configs = path.join(folder, 'configs');
    await mkdir(configs);
    const watch = await watching([{ path: configs, kind: 'folder' }]);

    await writeFile(path.join(configs, '.team.yaml.swp'), 'swap');
    await writeFile(path.join(configs, 'team.yaml~'), 'backup');
    await sleep(400);

    expect(watch.calls()).toBe(0);
  });

  it('sees a folder deleted', async () => {
    const configs = path.join(folder, 'configs');
    await writeConfig('configs/team.yaml', 'team');
    const watch = await watching([{ path: configs, kind: 'folder' }]);
    const changed = watch.next();

    await rm(configs, { recursive: true });

    await expect(changed).resolves.toBeUndefined();
  });

  it('sees a missing parent created', async () => {
    const file = path.join(folder, 'home', '.kube', 'config');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const created = watch.next();

    await writeConfig('home/.kube/config', 'one');
    await created;
    const edited = watch.next();
    await writeFile(file, kubeconfig('two'));

    await expect(edited).resolves.toBeUndefined();
  });

  it('waits for a half-written file', async () => {
    const file = await writeConfig('config', 'one');
    const registry = new ContextRegistry(silentLogger);
    const loads: { error: string | null; names: string[] }[] = [];
    const watch = await watching([{ path: file, kind: 'file' }], () => {
      void registry.load([{ path: file, origin: 'default' }]).then(() => {
        const list = registry.list(null);
        loads.push({
          error: list.sources[0]?.error ?? null,
          names: list.contexts.map((context) => context.ref.name),
        });
      });
    });
    const content = kubeconfig('two');
    const cut = content.indexOf('a-long-path');
    const changed = watch.next();

    await writeFile(file, content.slice(0, cut));
    await sleep(150);
    await appendFile(file, content.slice(cut));
    await changed;
    await sleep(50);

    expect(watch.calls()).toBe(1);
    expect(loads[0]?.error).toBeNull();
    expect(loads[0]?.names).toEqual(['two']);
  });

  it('reports a file that stays broken', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);
    const changed = watch.next();
    const started = Date.now();

    await writeFile(file, 'contexts: [\n');
    await changed;

    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(watch.calls()).toBe(1);
  });

  it('stops after close', async () => {
    const file = await writeConfig('config', 'one');
    const watch = await watching([{ path: file, kind: 'file' }]);

    watcher?.close();
    await writeFile(file, kubeconfig('two'));
    await sleep(400);

    expect(watch.calls()).toBe(0);
  });

  it('follows a new target list', async () => {
    const first = await writeConfig('first/config', 'one');
    const second = await writeConfig('second/config', 'two');
    const watch = await watching([{ path: first, kind: 'file' }]);

    await watcher?.watch([{ path: second, kind: 'file' }]);
    await writeFile(first, kubeconfig('three'));
    await sleep(400);
    const changed = watch.next();
    await writeFile(second, kubeconfig('four'));
    await changed;

    expect(watch.calls()).toBe(1);
  });
});
