import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import packageJson from '../package.json';
import type { CallResult, ContextList, ContextSummary, EventChannel } from '../shared/contract';
import { contextId } from './kube/context-registry';
import { createLogger } from './log';
import { createServices, type Services } from './services';

let folder = '';
let dataDir = '';
let token = '';
let logLines: string[] = [];
const opened: Services[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-services-'));
  dataDir = path.join(folder, 'data');
  token = randomBytes(16).toString('hex');
  logLines = [];
});

afterEach(async () => {
  for (const services of opened.splice(0)) await services.close();
  await rm(folder, { recursive: true, force: true });
});

/** Writes a kubeconfig whose contexts each get their own cluster and a token user. */
async function writeKubeconfig(
  name: string,
  contexts: { name: string; server?: string; user?: string }[],
  currentContext?: string,
): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': currentContext,
      clusters: contexts.map((context, index) => ({
        name: `cluster-${index}`,
        cluster: { server: context.server ?? 'https://127.0.0.1:1' },
      })),
      users: [{ name: 'admin', user: { token } }],
      contexts: contexts.map((context, index) => ({
        name: context.name,
        context: { cluster: `cluster-${index}`, user: context.user ?? 'admin' },
      })),
    }),
  );
  return file;
}

/** Opens services on the temp data folder with a logger that keeps its lines. */
async function open(kubeconfigPaths: string[]): Promise<Services> {
  const services = await createServices({
    shell: 'web',
    dataDir,
    systemLanguage: 'ko',
    kubeconfigPaths,
    log: createLogger('main', 'debug', (line) => logLines.push(line)),
  });
  opened.push(services);
  return services;
}

/** Records every event the hub delivers after this call; replayed events are dropped. */
/** Records the core events these tests are about; the areas' background events are left out. */
function recordEvents(services: Services) {
  const received: [EventChannel, unknown][] = [];
  let replaying = true;
  services.hub.subscribe((event, payload) => {
    if (!replaying && /^(kube|settings|sandbox)\./.test(event)) received.push([event, payload]);
  });
  replaying = false;
  return received;
}

function valueOf<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`call failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function listContexts(services: Services): Promise<ContextList> {
  return valueOf<ContextList>(await services.router.dispatch('kube.listContexts', {}));
}

describe('createServices app.info', () => {
  it('describes the app', async () => {
    const services = await open([]);

    const info = valueOf(await services.router.dispatch('app.info', {}));

    expect(info).toEqual({
      name: packageJson.productName,
      version: packageJson.version,
      shell: 'web',
      platform: process.platform,
      systemLanguage: 'ko',
      sandbox: { state: 'off', kubeconfigPath: null, detail: null },
    });
  });

  it('starts no second sandbox while one runs', async () => {
    const services = await open([]);
    const running = {
      state: 'running' as const,
      kubeconfigPath: '/tmp/sandbox/kubeconfig',
      detail: null,
    };
    services.sandbox.setStatus(running);
    const events = recordEvents(services);

    const status = valueOf(await services.router.dispatch('sandbox.start', {}));

    expect(status).toEqual(running);
    expect(events.filter(([event]) => event === 'sandbox.status')).toEqual([]);
    expect(services.sandbox.status()).toEqual(running);
  });

  it('reports the sandbox status', async () => {
    const services = await open([]);
    const events = recordEvents(services);
    const status = { state: 'starting' as const, kubeconfigPath: null, detail: 'pulling images' };

    services.sandbox.setStatus(status);
    const info = valueOf<{ sandbox: unknown }>(await services.router.dispatch('app.info', {}));

    expect(info.sandbox).toEqual(status);
    expect(events).toEqual([['sandbox.status', status]]);
  });
});

describe('createServices settings', () => {
  it('returns defaults', async () => {
    const services = await open([]);

    const result = await services.router.dispatch('settings.get', {});

    expect(result).toEqual({ ok: true, value: { language: 'system', theme: 'system' } });
  });

  it('updates and emits settings.changed', async () => {
    const services = await open([]);
    const events = recordEvents(services);

    const result = await services.router.dispatch('settings.update', { theme: 'dark' });

    expect(result).toEqual({ ok: true, value: { language: 'system', theme: 'dark' } });
    expect(events).toEqual([['settings.changed', { language: 'system', theme: 'dark' }]]);
  });

  it('persists an update across reopen', async () => {
    const first = await open([]);
    await first.router.dispatch('settings.update', { language: 'en' });
    await first.close();

    const second = await open([]);
    const settings = valueOf(await second.router.dispatch('settings.get', {}));

    expect(settings).toEqual({ language: 'en', theme: 'system' });
  });

  it('rejects an invalid update', async () => {
    const services = await open([]);
    const events = recordEvents(services);

    const result = await services.router.dispatch('settings.update', { theme: 'purple' });

    expect(result.ok).toBe(false);
    expect(events).toEqual([]);
    expect(services.settings.get().theme).toBe('system');
  });

  it('rejects activeContext in an update', async () => {
    const services = await open([]);

    const result = await services.router.dispatch('settings.update', {
      activeContext: { source: '/x', name: 'y' },
    });

    expect(result.ok).toBe(false);
  });

  it('starts after a corrupt settings file', async () => {
    const seeded = await open([]);
    await seeded.close();
    await writeFile(path.join(dataDir, 'settings.json'), '{"language":');

    const services = await open([]);
    const settings = valueOf(await services.router.dispatch('settings.get', {}));
    const moved = (await readdir(dataDir)).filter((name) => name.includes('.corrupt-'));

    expect(settings).toEqual({ language: 'system', theme: 'system' });
    expect(moved).toHaveLength(1);
    expect(logLines.some((line) => line.includes('started with default settings'))).toBe(true);
  });
});

describe('createServices kube.listContexts', () => {
  it('lists contexts and sources', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const missing = path.join(folder, 'missing');
    const services = await open([file, missing]);

    const list = await listContexts(services);

    expect(list.contexts.map((context) => context.id)).toEqual([contextId(file, 'kind-kind')]);
    expect(list.sources.map((source) => source.error)).toEqual([null, `${missing} does not exist`]);
    expect(list.sources.map((source) => source.origin)).toEqual(['added', 'added']);
    expect(list.activeId).toBeNull();
  });

  it('ignores a dangling current-context', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }], 'gone');
    const services = await open([file]);

    const list = await listContexts(services);

    expect(list.activeId).toBeNull();
    expect(list.sources[0]?.error).toBeNull();
  });

  it('never activates current-context', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }], 'kind-kind');
    const services = await open([file]);

    expect((await listContexts(services)).activeId).toBeNull();
  });

  it('reads a file changed after start', async () => {
    const file = await writeKubeconfig('config', [{ name: 'one' }]);
    const services = await open([file]);

    await writeKubeconfig('config', [{ name: 'two' }]);
    const list = await listContexts(services);

    expect(list.contexts.map((context) => context.ref.name)).toEqual(['two']);
  });

  it('keeps the token out', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const services = await open([file]);

    const result = await services.router.dispatch('kube.listContexts', {});

    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(token);
  });
});

describe('createServices kube.setActiveContext', () => {
  it('returns the summary', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const services = await open([file]);
    const id = contextId(file, 'kind-kind');

    const summary = valueOf<ContextSummary>(
      await services.router.dispatch('kube.setActiveContext', { contextId: id }),
    );

    expect(summary.id).toBe(id);
    expect(summary.ref).toEqual({ source: file, name: 'kind-kind' });
  });

  it('marks the context active', async () => {
    const file = await writeKubeconfig('config', [{ name: 'a' }, { name: 'b' }]);
    const services = await open([file]);
    const id = contextId(file, 'b');

    await services.router.dispatch('kube.setActiveContext', { contextId: id });

    expect((await listContexts(services)).activeId).toBe(id);
    expect(await services.kube.activeContextId()).toBe(id);
  });

  it('emits kube.activeContextChanged', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const services = await open([file]);
    const events = recordEvents(services);
    const id = contextId(file, 'kind-kind');

    await services.router.dispatch('kube.setActiveContext', { contextId: id });

    expect(events).toEqual([['kube.activeContextChanged', { activeId: id }]]);
  });

  it('persists across reopen', async () => {
    const file = await writeKubeconfig('config', [{ name: 'a' }, { name: 'b' }]);
    const id = contextId(file, 'b');
    const first = await open([file]);
    await first.router.dispatch('kube.setActiveContext', { contextId: id });
    await first.close();

    const second = await open([file]);

    expect((await listContexts(second)).activeId).toBe(id);
  });

  it('selects a shadowed context', async () => {
    const first = await writeKubeconfig('first', [
      { name: 'kind-kind', server: 'https://127.0.0.1:1' },
    ]);
    const second = await writeKubeconfig('second', [
      { name: 'kind-kind', server: 'https://127.0.0.1:2' },
    ]);
    const services = await open([first, second]);
    const id = contextId(second, 'kind-kind');

    const summary = valueOf<ContextSummary>(
      await services.router.dispatch('kube.setActiveContext', { contextId: id }),
    );

    expect(summary.shadowed).toBe(true);
    expect(summary.server).toBe('https://127.0.0.1:2');
    expect((await listContexts(services)).activeId).toBe(id);
  });

  it.each([
    ['slash', 'team/prod'],
    ['colon', 'arn:aws:eks:eu-west-1:1:cluster/x'],
    ['at', 'admin@c'],
    ['plus', 'a+b'],
  ])('selects a name with %s', async (_label, name) => {
    const file = await writeKubeconfig('config', [{ name }]);
    const services = await open([file]);
    const id = contextId(file, name);

    const result = await services.router.dispatch('kube.setActiveContext', { contextId: id });

    expect(result.ok).toBe(true);
    expect((await listContexts(services)).activeId).toBe(id);
  });

  it('rejects an unknown context', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const services = await open([file]);
    const events = recordEvents(services);

    const result = await services.router.dispatch('kube.setActiveContext', {
      contextId: contextId(file, 'gone'),
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('not-found');
    expect(result.error.code).toBe('contextNotFound');
    expect(result.error.params.context).toBe(`gone (${file})`);
    expect(events).toEqual([]);
  });

  it('rejects a context of a missing file', async () => {
    const missing = path.join(folder, 'missing');
    const services = await open([missing]);

    const result = await services.router.dispatch('kube.setActiveContext', {
      contextId: contextId(missing, 'kind-kind'),
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('contextNotFound');
  });

  it('rejects an invalid context', async () => {
    const file = await writeKubeconfig('config', [{ name: 'broken', user: 'ghost' }]);
    const services = await open([file]);
    const events = recordEvents(services);

    const result = await services.router.dispatch('kube.setActiveContext', {
      contextId: contextId(file, 'broken'),
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid-request');
    expect(result.error.code).toBe('contextInvalid');
    expect(result.error.params.context).toBe('broken');
    expect(result.error.params.reason).toBe('user "ghost" is not defined in any kubeconfig file');
    expect(events).toEqual([]);
  });

  it('keeps the previous context on rejection', async () => {
    const file = await writeKubeconfig('config', [
      { name: 'good' },
      { name: 'broken', user: 'ghost' },
    ]);
    const services = await open([file]);
    const good = contextId(file, 'good');
    await services.router.dispatch('kube.setActiveContext', { contextId: good });

    await services.router.dispatch('kube.setActiveContext', {
      contextId: contextId(file, 'broken'),
    });

    expect((await listContexts(services)).activeId).toBe(good);
  });

  it('drops a context removed from its file', async () => {
    const file = await writeKubeconfig('config', [{ name: 'a' }, { name: 'b' }]);
    const services = await open([file]);
    await services.router.dispatch('kube.setActiveContext', { contextId: contextId(file, 'b') });

    await writeKubeconfig('config', [{ name: 'a' }]);

    expect((await listContexts(services)).activeId).toBeNull();
  });

  it('keeps the token out of the log', async () => {
    const file = await writeKubeconfig('config', [{ name: 'kind-kind' }]);
    const services = await open([file, path.join(folder, 'missing')]);

    await services.router.dispatch('kube.setActiveContext', {
      contextId: contextId(file, 'kind-kind'),
    });
    await services.router.dispatch('kube.listContexts', {});

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(token);
  });
});

describe('createServices kube.addSource', () => {
  it('adds contexts and emits the list', async () => {
    const base = await writeKubeconfig('base', [{ name: 'a' }]);
    const sandbox = await writeKubeconfig('sandbox', [{ name: 'kfd-sandbox' }]);
    const services = await open([base]);
    const events = recordEvents(services);

    await services.kube.addRuntimeSource({ path: sandbox, origin: 'sandbox' });

    const list = await listContexts(services);
    expect(list.contexts.map((context) => context.ref.name)).toEqual(['a', 'kfd-sandbox']);
    expect(list.sources[1]?.origin).toBe('sandbox');
    expect(events).toHaveLength(1);
    expect(events[0]?.[0]).toBe('kube.contextsChanged');
  });

  it('adds a path once', async () => {
    const base = await writeKubeconfig('base', [{ name: 'a' }]);
    const sandbox = await writeKubeconfig('sandbox', [{ name: 'kfd-sandbox' }]);
    const services = await open([base]);

    await services.kube.addRuntimeSource({ path: sandbox, origin: 'sandbox' });
    await services.kube.addRuntimeSource({ path: sandbox, origin: 'sandbox' });

    expect((await listContexts(services)).sources).toHaveLength(2);
  });

  it('skips a path already read', async () => {
    const base = await writeKubeconfig('base', [{ name: 'a' }]);
    const services = await open([base]);

    await services.kube.addRuntimeSource({ path: base, origin: 'sandbox' });

    const list = await listContexts(services);
    expect(list.sources).toHaveLength(1);
    expect(list.contexts).toHaveLength(1);
  });
});

describe('createServices close', () => {
  it('runs closers in reverse once', async () => {
    const services = await open([]);
    const order: string[] = [];
    services.sandbox.onClose(async () => {
      order.push('first');
    });
    services.sandbox.onClose(async () => {
      order.push('second');
    });

    await services.close();
    await services.close();

    expect(order).toEqual(['second', 'first']);
  });

  it('logs a failing closer and continues', async () => {
    const services = await open([]);
    const order: string[] = [];
    services.sandbox.onClose(async () => {
      order.push('first');
    });
    services.sandbox.onClose(async () => {
      throw new Error('stop failed');
    });

    await services.close();

    expect(order).toEqual(['first']);
    expect(logLines.some((line) => line.includes('stop failed'))).toBe(true);
  });
});
