import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { silentLogger } from '../../main/log';
import { createServices, type Services } from '../../main/services';
import { startWebBridge, type WebBridge } from '../../main/web/web-bridge';
import type { CallResult, ContextList } from '../../shared/contract';

const kubeconfig = inject('sandboxKubeconfig');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a raw HTTP request, so tests control Host, Origin and Cookie exactly as an attacker could. */
function send(
  bridge: WebBridge,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('web bridge', () => {
  let dataDir: string;
  let services: Services;
  let bridge: WebBridge;
  let cookie: string;

  const call = (channel: string, payload: unknown, headers: Record<string, string> = {}) =>
    send(bridge, '/api/call', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: bridge.origin,
        Cookie: cookie,
        ...headers,
      },
      body: JSON.stringify({ channel, payload }),
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-web-'));
    services = await createServices({
      shell: 'web',
      dataDir,
      systemLanguage: 'ko-KR',
      kubeconfigPaths: [kubeconfig],
      log: silentLogger,
    });
    bridge = await startWebBridge({
      router: services.router,
      hub: services.hub,
      staticDir: path.resolve('dist/renderer'),
      log: silentLogger,
    });

    const login = await send(bridge, new URL(bridge.url).pathname + new URL(bridge.url).search);
    expect(login.status).toBe(303);
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await bridge.close();
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback only', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sets an HttpOnly SameSite=Strict session cookie', async () => {
    const login = await send(bridge, new URL(bridge.url).pathname + new URL(bridge.url).search);
    const header = String(login.headers['set-cookie']);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
  });

  it('rejects a wrong session token', async () => {
    const reply = await send(bridge, '/?session=wrong-token');
    expect(reply.status).toBe(401);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('rejects calls without the session cookie', async () => {
    const reply = await call('app.info', {}, { Cookie: '' });
    expect(reply.status).toBe(401);
  });

  it('rejects a foreign Host header', async () => {
    const reply = await call('app.info', {}, { Host: 'attacker.example' });
    expect(reply.status).toBe(421);
  });

  it('rejects a foreign Origin', async () => {
    const reply = await call('app.info', {}, { Origin: 'http://attacker.example' });
    expect(reply.status).toBe(403);
  });

  it('answers a call with the contract envelope', async () => {
    const reply = await call('app.info', {});
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body) as CallResult;
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ shell: 'web', systemLanguage: 'ko-KR' });
  });

  it('returns a typed error for an invalid payload', async () => {
    const result = JSON.parse((await call('kube.check', { contextId: 42 })).body) as CallResult;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-request');
      expect(result.error.params.detail).toContain('contextId');
    }
  });

  it('returns a typed error for an unknown channel', async () => {
    const result = JSON.parse((await call('kube.deleteEverything', {})).body) as CallResult;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknownChannel');
  });

  it('lists the sandbox contexts without credentials', async () => {
    const reply = await call('kube.listContexts', {});
    const result = JSON.parse(reply.body) as CallResult;
    expect(result.ok).toBe(true);
    const list = (result as { value: ContextList }).value;
    expect(list.contexts.map((context) => context.ref.name).sort()).toEqual([
      'sandbox-admin',
      'sandbox-alice',
      'sandbox-b',
      'sandbox-expired',
    ]);
    expect(reply.body).not.toContain('client-key-data');
    expect(reply.body).not.toContain('BEGIN');
  });

  it('switches the active context and checks it', async () => {
    const list = (JSON.parse((await call('kube.listContexts', {})).body) as { value: ContextList })
      .value;
    const second = list.contexts.find((context) => context.ref.name === 'sandbox-b')!;

    const switched = JSON.parse(
      (await call('kube.setActiveContext', { contextId: second.id })).body,
    ) as CallResult;
    expect(switched.ok).toBe(true);
    const check = JSON.parse(
      (await call('kube.check', { contextId: second.id })).body,
    ) as CallResult;
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.value).toMatchObject({
        contextId: second.id,
        status: 'ok',
        serverVersion: 'v1.36.3',
      });
    }

    const after = (JSON.parse((await call('kube.listContexts', {})).body) as { value: ContextList })
      .value;
    expect(after.activeId).toBe(second.id);
  });

  it('streams events to a subscriber', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const stream = request(
        { host: '127.0.0.1', port: bridge.port, path: '/api/events', headers: { Cookie: cookie } },
        (response) => {
          expect(response.headers['content-type']).toContain('text/event-stream');
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('event: settings.changed')) {
              stream.destroy();
              resolve(text);
            }
          });
        },
      );
      stream.on('error', (error) => {
        if (!String(error).includes('socket hang up')) reject(error);
      });
      stream.end();
    });

    await new Promise((resolve) => setTimeout(resolve, 100));
    await call('settings.update', { theme: 'dark' });
    const text = await received;
    expect(text).toContain('"theme":"dark"');
  });

  it('refuses paths outside the renderer folder', async () => {
    const reply = await send(bridge, '/..%2f..%2fpackage.json', { headers: { Cookie: cookie } });
    expect(reply.status).toBe(404);
  });

  it('serves the renderer with a strict CSP', async () => {
    const reply = await send(bridge, '/', { headers: { Cookie: cookie } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('explains a missing session in both languages', async () => {
    const reply = await send(bridge, '/');
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('npm start');
    expect(reply.body).toContain('세션');
  });
});
