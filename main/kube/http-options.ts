import http from 'node:http';
import https from 'node:https';

import type { KubeConfig } from '@kubernetes/client-node';

/** Request options for raw calls to a context's API server, with its base address. */
export interface PreparedHttp {
  /** Server address without a trailing slash. */
  base: string;
  options: https.RequestOptions;
  secure: boolean;
}

/**
 * Builds the request options of raw calls to the current cluster: the
 * client-node credentials and TLS settings, with a keep-alive agent in place
 * of the fresh agent client-node builds per call. A proxy agent is kept as
 * it is. Credentials are read once, so a token that expires is not refreshed
 * until the caller prepares again.
 */
export async function prepareHttp(
  config: KubeConfig,
  agent: { maxSockets?: number } = {},
): Promise<PreparedHttp> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('The client configuration has no current cluster.');
  const options: https.RequestOptions = { headers: {} };
  await config.applyToHTTPSOptions(options);
  const secure = !cluster.server.startsWith('http:');

  if (!cluster.proxyUrl) {
    const agentOptions = {
      keepAlive: true,
      ...(agent.maxSockets === undefined ? {} : { maxSockets: agent.maxSockets }),
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      servername: options.servername,
      ...(options.rejectUnauthorized === undefined
        ? {}
        : { rejectUnauthorized: options.rejectUnauthorized }),
    };
    options.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }
  return { base: cluster.server.replace(/\/+$/, ''), options, secure };
}
