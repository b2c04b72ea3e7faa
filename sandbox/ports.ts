import { createServer } from 'node:net';

/**
 * Reserves `count` distinct free TCP ports on 127.0.0.1 by binding port 0 and
 * releasing it. Another process could take a port between release and use;
 * the window is short, and a clash surfaces as a start failure naming the port.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );

  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address bound');
    return address.port;
  });

  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
