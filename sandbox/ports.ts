import { createServer } from 'node:net';

/**
 * Ports handed out by this process. Two clusters start at the same time, and
 * the kernel may offer a port that one of them has been given but not yet
 * bound, so a port is never handed out twice within one process.
 */
const handedOut = new Set<number>();

/**
 * Reserves `count` distinct free TCP ports on 127.0.0.1 by binding port 0 and
 * releasing it. Another process could still take a port between release and
 * use; that shows as a start failure whose message contains the program's
 * "address already in use" line.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await bindAndRelease();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    ports.push(port);
  }
  return ports;
}

function bindAndRelease(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no TCP address was bound'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
