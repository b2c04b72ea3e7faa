import { readFile, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

import YAML from 'yaml';

/**
 * A proxy on 127.0.0.1 in front of one sandbox API server that injects
 * faults into the traffic. It terminates TLS with the API server's own
 * serving certificate (its SANs cover 127.0.0.1), so a kubeconfig copy only
 * changes the server port, and forwards each request upstream with the
 * sandbox admin's client certificate. Terminating TLS is what lets it write
 * HTTP responses (429) and watch events (410 ERROR) of its own. Every client
 * therefore acts as the sandbox admin upstream, which suits tests that use
 * the admin context.
 */
export interface FaultProxy {
  /** https://127.0.0.1:<port> */
  url: string;
  /** Requests forwarded or rejected by the proxy, by kind. */
  counts: { requests: number; watches: number; rejected: number };
  /** Destroys every client connection now, as a reset in the middle of a stream. */
  resetConnections(): void;
  /** Stops passing data on the open watch streams, keeping the connections open (a half-open stream). */
  stallStreams(): void;
  /** Writes an ERROR event with code 410 into every open watch stream, as the API server does for an expired resourceVersion. */
  injectGone(): number;
  /** Responds to the next `count` requests with 429 Too Many Requests and Retry-After: 1. */
  rejectNext(count: number): void;
  /** Writes a copy of a kubeconfig whose clusters with `server` point at the proxy. */
  writeKubeconfig(source: string, target: string, server: string): Promise<void>;
  close(): Promise<void>;
}

interface OpenStream {
  response: http.ServerResponse;
  upstream: http.IncomingMessage;
  stalled: boolean;
}

export async function startFaultProxy(upstreamUrl: string, pkiDir: string): Promise<FaultProxy> {
  const [cert, key, ca, clientCert, clientKey] = await Promise.all(
    ['apiserver.crt', 'apiserver.key', 'ca.crt', 'admin.crt', 'admin.key'].map((name) =>
      readFile(path.join(pkiDir, name)),
    ),
  );
  const upstream = new URL(upstreamUrl);
  const agent = new https.Agent({ keepAlive: true, ca, cert: clientCert, key: clientKey });
  const counts = { requests: 0, watches: 0, rejected: 0 };
  const streams = new Set<OpenStream>();
  const sockets = new Set<Socket>();
  let rejecting = 0;

  const server = https.createServer({ cert, key }, (request, response) => {
    const url = new URL(request.url ?? '/', upstreamUrl);
    const watching =
      url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
    if (rejecting > 0) {
      rejecting -= 1;
      counts.rejected += 1;
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'TooManyRequests',
          code: 429,
        }),
      );
      return;
    }
    if (watching) counts.watches += 1;
    else counts.requests += 1;

    const forwarded = https.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: upstream.host, authorization: '' },
        agent,
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        if (!watching) {
          upstreamResponse.pipe(response);
          return;
        }
        const stream: OpenStream = { response, upstream: upstreamResponse, stalled: false };
        streams.add(stream);
        upstreamResponse.on('data', (chunk: Buffer) => {
          if (!stream.stalled) response.write(chunk);
        });
        upstreamResponse.on('end', () => {
          streams.delete(stream);
          if (!stream.stalled) response.end();
        });
        upstreamResponse.on('error', () => response.destroy());
        response.on('close', () => {
          streams.delete(stream);
          upstreamResponse.destroy();
        });
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  return {
    url,
    counts,
    resetConnections() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    stallStreams() {
      for (const stream of streams) stream.stalled = true;
    },
    injectGone() {
      let injected = 0;
      for (const stream of streams) {
        if (stream.stalled) continue;
        const event = {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'too old resource version: injected by the fault proxy',
            reason: 'Expired',
            code: 410,
          },
        };
        stream.response.write(`${JSON.stringify(event)}\n`);
        injected += 1;
      }
      return injected;
    },
    rejectNext(count) {
      rejecting = count;
    },
    async writeKubeconfig(source, target, serverUrl) {
      const document = YAML.parse(await readFile(source, 'utf8')) as {
        clusters: { cluster: { server: string } }[];
      };
      for (const entry of document.clusters) {
        if (entry.cluster.server === serverUrl) entry.cluster.server = url;
      }
      await writeFile(target, YAML.stringify(document), { mode: 0o600 });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
