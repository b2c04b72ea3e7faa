import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { contentSecurityPolicy } from '../../shared/content-security-policy';
import type { EventChannel } from '../../shared/contract';
import type { EventHub } from '../ipc/event-hub';
import type { Router } from '../ipc/router';
import type { Logger } from '../log';
import { unauthorizedPage } from './unauthorized-page';

export interface WebBridgeOptions {
  router: Router;
  hub: EventHub;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  log: Logger;
}

export interface WebBridge {
  /** The address to open: it carries the session token once, as a query parameter. */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

export const sessionCookie = 'kfd_session';
const maxBodyBytes = 1 << 20;
const keepAliveMs = 15_000;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the request contract over HTTP and server-sent events on 127.0.0.1,
 * for a browser in place of the Electron window.
 *
 * Security: it listens on loopback only; every request must carry the Host
 * of this server (a DNS-rebinding page cannot); the session token from the
 * printed URL is exchanged once for an HttpOnly, SameSite=Strict cookie that
 * every later request needs; and calls must come with this server's Origin.
 */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const { router, hub, log } = options;
  const token = randomBytes(32).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  const streams = new Set<ServerResponse>();
  let allowedHosts: Set<string> = new Set();
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error('web bridge request failed', { path: request.url ?? '', error: String(error) });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);

    if (!allowedHosts.has(request.headers.host ?? '')) {
      log.warn('rejected a request with a foreign Host header', {
        host: request.headers.host ?? '',
      });
      send(response, 421, 'text/plain; charset=utf-8', 'Misdirected request: unknown Host header.');
      return;
    }

    if (request.method === 'GET' && url.pathname === '/' && url.searchParams.has('session')) {
      if (!sameSecret(url.searchParams.get('session') ?? '', token)) {
        log.warn('rejected a session token that does not match');
        send(response, 401, 'text/html; charset=utf-8', unauthorizedPage());
        return;
      }
      response.writeHead(303, {
        Location: '/',
        'Set-Cookie': `${sessionCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      response.end();
      return;
    }

    if (!sameSecret(readCookie(request, sessionCookie) ?? '', token)) {
      if (url.pathname.startsWith('/api/')) {
        send(
          response,
          401,
          'application/json; charset=utf-8',
          JSON.stringify({ error: 'no session' }),
        );
      } else {
        send(response, 401, 'text/html; charset=utf-8', unauthorizedPage());
      }
      return;
    }

    if (url.pathname === '/api/call') {
      await handleCall(request, response);
      return;
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      handleEvents(request, response);
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      await serveStatic(url.pathname, response);
      return;
    }
    send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
  }

  async function handleCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      send(response, 405, 'text/plain; charset=utf-8', 'Use POST.');
      return;
    }
    // A cross-site page cannot forge Origin; fetch always sends it on POST.
    if (request.headers.origin !== origin) {
      log.warn('rejected a call from a foreign origin', {
        origin: request.headers.origin ?? '(none)',
      });
      send(
        response,
        403,
        'application/json; charset=utf-8',
        JSON.stringify({ error: 'foreign origin' }),
      );
      return;
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      send(
        response,
        415,
        'application/json; charset=utf-8',
        JSON.stringify({ error: 'expected application/json' }),
      );
      return;
    }

    const body = await readBody(request);
    if (body === null) {
      send(
        response,
        413,
        'application/json; charset=utf-8',
        JSON.stringify({ error: 'body too large' }),
      );
      return;
    }
    let message: { channel?: unknown; payload?: unknown };
    try {
      message = JSON.parse(body) as { channel?: unknown; payload?: unknown };
    } catch {
      send(
        response,
        400,
        'application/json; charset=utf-8',
        JSON.stringify({ error: 'body is not valid JSON' }),
      );
      return;
    }

    const result = await router.dispatch(message?.channel, message?.payload);
    send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  function handleEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    response.write(': connected\n\n');
    streams.add(response);

    const unsubscribe = hub.subscribe((event: EventChannel, payload: unknown) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Comments keep proxies and idle timers from closing a quiet stream.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), keepAliveMs);
    request.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(response);
    });
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      send(response, 400, 'text/plain; charset=utf-8', 'Bad path');
      return;
    }
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) {
      send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }

    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, {
      ...securityHeaders(type),
      'Content-Length': info.size,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=3600',
    });
    createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  log.info('web bridge listening', { origin });

  return {
    url: `${origin}/?session=${token}`,
    origin,
    port,
    async close() {
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...securityHeaders(contentType), 'Cache-Control': 'no-store' });
  response.end(body);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** Reads the body up to the size limit; null when it is larger. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
