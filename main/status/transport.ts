import http from 'node:http';
import https from 'node:https';

import type { KubeConfig } from '@kubernetes/client-node';

import { prepareHttp, type PreparedHttp } from '../kube/http-options';

/** Requests a transport sent, by purpose: the benchmark and the tests read them. */
export interface RequestCounts {
  /** Lists and other one-off requests. */
  requests: number;
  /** Watch streams opened, including reconnects. */
  watches: number;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

function retryAfter(headers: http.IncomingHttpHeaders): number | null {
  const value = Number(headers['retry-after']);
  return headers['retry-after'] !== undefined && Number.isFinite(value) && value >= 0
    ? value * 1000
    : null;
}

/**
 * Sends the engine's requests to one cluster with the credentials and TLS
 * settings of a client configuration: JSON requests for lists and long-lived
 * streams for watches. Raw HTTP keeps each watch event as the API server sent
 * it (the typed client maps objects to classes and hides the status code of
 * an ERROR event). One keep-alive agent without a socket limit serves all
 * streams, since every open watch keeps its own HTTP/1.1 connection.
 */
export class KubeTransport {
  readonly counts: RequestCounts = { requests: 0, watches: 0 };
  private prepared: Promise<PreparedHttp> | undefined;

  constructor(private readonly config: KubeConfig) {}

  get server(): string {
    return this.config.getCurrentCluster()?.server ?? '';
  }

  get user(): string {
    return this.config.getCurrentUser()?.name ?? '';
  }

  private prepare(): Promise<PreparedHttp> {
    this.prepared ??= prepareHttp(this.config);
    return this.prepared;
  }

  private async open(
    path: string,
    signal: AbortSignal,
    onResponse: (response: http.IncomingMessage) => void,
    reject: (error: Error) => void,
  ): Promise<void> {
    const { base, options, secure } = await this.prepare();
    const send = secure ? https.request : http.request;
    const outgoing = send(
      `${base}${path}`,
      {
        ...options,
        method: 'GET',
        headers: { ...(options.headers as http.OutgoingHttpHeaders), Accept: 'application/json' },
        signal,
      },
      onResponse,
    );
    outgoing.on('error', reject);
    outgoing.end();
  }

  /** Sends a GET and parses the JSON body. Throws HttpStatusError for a status of 400 or more. */
  async getJson<T>(path: string, timeoutMs: number): Promise<T> {
    this.counts.requests += 1;
    const signal = AbortSignal.timeout(timeoutMs);
    return new Promise<T>((resolve, reject) => {
      this.open(
        path,
        signal,
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status >= 400) {
              reject(new HttpStatusError(status, body, retryAfter(response.headers)));
              return;
            }
            try {
              resolve(JSON.parse(body) as T);
            } catch (error) {
              reject(error as Error);
            }
          });
        },
        reject,
      ).catch(reject);
    });
  }

  /**
   * Opens a watch stream and calls onLine for each complete line. Resolves
   * when the server ends the stream. Rejects on a network error, an abort or
   * an HTTP status of 400 or more.
   */
  async stream(
    path: string,
    signal: AbortSignal,
    onLine: (line: string) => void,
    onOpen: () => void,
  ): Promise<void> {
    this.counts.watches += 1;
    return new Promise<void>((resolve, reject) => {
      this.open(
        path,
        signal,
        (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 400) {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const body = Buffer.concat(chunks).toString('utf8');
              reject(new HttpStatusError(status, body, retryAfter(response.headers)));
            });
            return;
          }
          onOpen();
          let pending = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            pending += chunk;
            let newline = pending.indexOf('\n');
            while (newline >= 0) {
              const line = pending.slice(0, newline).trim();
              pending = pending.slice(newline + 1);
              if (line) onLine(line);
              newline = pending.indexOf('\n');
            }
          });
          response.on('error', reject);
          response.on('aborted', () => reject(new Error('the watch stream was aborted')));
          response.on('end', () => {
            if (pending.trim()) onLine(pending.trim());
            resolve();
          });
        },
        reject,
      ).catch(reject);
    });
  }

  /** Closes the agent's connections. */
  close(): void {
    void this.prepared
      ?.then(({ options }) => (options.agent as http.Agent | undefined)?.destroy?.())
      .catch(() => {});
  }
}
