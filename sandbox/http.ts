import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { ProcessExitedError } from './processes';

export interface ProbeTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface ProbeResult {
  status: number;
  body: string;
}

/** Sends one GET with a short timeout; rejects on connection errors. */
export function get(url: string, tls?: ProbeTls, timeoutMs = 2_000): Promise<ProbeResult> {
  return send('GET', url, tls, undefined, timeoutMs);
}

/** Sends one request with an optional JSON body; rejects on connection errors, not on HTTP errors. */
export function send(
  method: string,
  url: string,
  tls?: ProbeTls,
  body?: unknown,
  timeoutMs = 5_000,
): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const requester = url.startsWith('https:') ? httpsRequest : httpRequest;
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
    const options = { method, timeout: timeoutMs, headers, ...tls };
    const request = requester(url, options, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => {
      request.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`));
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes. The error names
 * what was awaited and the last failure, so a slow start is diagnosable.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not ready';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof ProcessExitedError) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}: ${lastError}`);
}
