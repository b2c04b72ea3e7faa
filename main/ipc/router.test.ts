import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  requestChannels,
  type AppInfo,
  type ContextSummary,
  type Settings,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { createLogger, type LogLevel } from '../log';
import { createRouter, type Handlers } from './router';

const appInfo: AppInfo = {
  name: 'Kubeflow Desktop',
  version: '0.1.0',
  shell: 'web',
  platform: 'linux',
  systemLanguage: 'en',
  sandbox: { state: 'off', kubeconfigPath: null, detail: null },
};

const settings: Settings = { language: 'system', theme: 'dark' };

const summary: ContextSummary = {
  id: '%2Ftmp%2Fconfig#kind-kind',
  ref: { source: '/tmp/config', name: 'kind-kind' },
  cluster: 'kind-kind',
  user: 'kind-kind',
  namespace: null,
  server: 'https://127.0.0.1:1',
  invalidText: null,
  authKind: 'token',
  invalidReason: null,
  shadowed: false,
};

function notCalled(channel: string) {
  return () => {
    throw new Error(`handler ${channel} was not expected to run`);
  };
}

/** Creates handlers that throw when called; each test overrides the ones it uses. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const all = Object.fromEntries(requestChannels.map((channel) => [channel, notCalled(channel)]));
  return { ...all, ...overrides } as Handlers;
}

/** Creates a router whose log records are collected, parsed, in `records`. */
function routerWith(overrides: Partial<Handlers> = {}) {
  const records: Record<string, unknown>[] = [];
  const log = createLogger('ipc', 'debug' as LogLevel, (line) => records.push(JSON.parse(line)));
  return { router: createRouter(handlers(overrides), log), records };
}

describe('createRouter dispatch', () => {
  it('returns the handler value', async () => {
    const { router } = routerWith({ 'app.info': () => appInfo });

    const result = await router.dispatch('app.info', {});

    expect(result).toEqual({ ok: true, value: appInfo });
  });

  it('awaits an async handler', async () => {
    const { router } = routerWith({ 'settings.get': async () => settings });

    const result = await router.dispatch('settings.get', {});

    expect(result).toEqual({ ok: true, value: settings });
  });

  it('treats an undefined payload as empty', async () => {
    const { router } = routerWith({ 'settings.get': () => settings });

    const result = await router.dispatch('settings.get', undefined);

    expect(result.ok).toBe(true);
  });

  it('passes the parsed payload', async () => {
    const received: unknown[] = [];
    const { router } = routerWith({
      'kube.setActiveContext': (payload) => {
        received.push(payload);
        return summary;
      },
    });

    await router.dispatch('kube.setActiveContext', { contextId: summary.id });

    expect(received).toEqual([{ contextId: summary.id }]);
  });

  it.each([['no.such.channel'], ['__proto__'], ['toString'], ['constructor']])(
    'rejects unknown channel %s',
    async (channel) => {
      const { router } = routerWith();

      const result = await router.dispatch(channel, {});

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe('invalid-request');
      expect(result.error.code).toBe('unknownChannel');
      expect(result.error.params.channel).toBe(channel);
    },
  );

  it('rejects a non-string channel', async () => {
    const { router, records } = routerWith();

    const result = await router.dispatch(42, {});

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unknownChannel');
    expect(result.error.params.channel).toBe('number');
    expect(records[0]?.level).toBe('warn');
  });

  it('rejects an undeclared payload field', async () => {
    const { router } = routerWith({ 'settings.get': () => settings });

    const result = await router.dispatch('settings.get', { extra: true });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid-request');
    expect(result.error.code).toBe('invalidRequest');
    expect(result.error.params.channel).toBe('settings.get');
  });

  it('names the invalid field', async () => {
    const { router } = routerWith();

    const result = await router.dispatch('settings.update', { theme: 'purple' });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.params.detail).toMatch(/^theme: /);
    expect(result.error.message).toContain('settings.update');
  });

  it('names the payload when it is not an object', async () => {
    const { router } = routerWith();

    const result = await router.dispatch('settings.get', 'text');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.params.detail).toMatch(/^\(payload\): /);
  });

  it.each([[{}], [{ contextId: '' }], [{ contextId: 'x'.repeat(4097) }], [{ contextId: 7 }]])(
    'rejects setActiveContext payload %#',
    async (payload) => {
      const { router } = routerWith();

      const result = await router.dispatch('kube.setActiveContext', payload);

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalidRequest');
    },
  );

  it('never runs the handler for an invalid payload', async () => {
    let calls = 0;
    const { router } = routerWith({
      'settings.update': () => {
        calls += 1;
        return settings;
      },
    });

    await router.dispatch('settings.update', { language: 'fr' });

    expect(calls).toBe(0);
  });

  it('strips an undeclared response field', async () => {
    const token = randomBytes(16).toString('hex');
    const { router } = routerWith({
      'kube.setActiveContext': () => ({ ...summary, token }) as ContextSummary,
    });

    const result = await router.dispatch('kube.setActiveContext', { contextId: summary.id });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual(summary);
    expect(Object.hasOwn(result.value as object, 'token')).toBe(false);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('strips an undeclared nested field', async () => {
    const token = randomBytes(16).toString('hex');
    const { router } = routerWith({
      'kube.setActiveContext': () =>
        ({ ...summary, ref: { ...summary.ref, token } }) as ContextSummary,
    });

    const result = await router.dispatch('kube.setActiveContext', { contextId: summary.id });

    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('maps an invalid response to internal', async () => {
    const { router } = routerWith({
      'settings.get': () => ({ language: 'fr', theme: 'dark' }) as unknown as Settings,
    });

    const result = await router.dispatch('settings.get', {});

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('internal');
  });

  it('returns an AppError as it is', async () => {
    const { router, records } = routerWith({
      'kube.setActiveContext': () => {
        throw new AppError('not-found', 'contextNotFound', 'Context x is not in any file.', {
          context: 'x',
        });
      },
    });

    const result = await router.dispatch('kube.setActiveContext', { contextId: 'x' });

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'not-found',
        code: 'contextNotFound',
        message: 'Context x is not in any file.',
        params: { context: 'x' },
      },
    });
    expect(records[0]?.level).toBe('info');
    expect(records[0]?.code).toBe('contextNotFound');
  });

  it('returns an AppError from an async handler', async () => {
    const { router } = routerWith({
      'kube.listContexts': async () => {
        throw new AppError('unreachable', 'unreachable', 'down');
      },
    });

    const result = await router.dispatch('kube.listContexts', {});

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('unreachable');
  });

  it('maps an unexpected error to internal', async () => {
    const { router, records } = routerWith({
      'app.info': () => {
        throw new TypeError('boom');
      },
    });

    const result = await router.dispatch('app.info', {});

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('internal');
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toContain('app.info');
    expect(result.error.message).toContain('boom');
    expect(result.error.params.channel).toBe('app.info');
    expect(records[0]?.level).toBe('error');
  });

  it('maps a thrown non-error to internal', async () => {
    const { router } = routerWith({
      'app.info': () => {
        throw 'plain text';
      },
    });

    const result = await router.dispatch('app.info', {});

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('internal');
  });
});
