import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLogger } from '../log';
import { ensureSandbox } from '../sandbox-launcher';
import { createServices } from '../services';
import { startWebBridge } from './web-bridge';

/**
 * Runs main's services behind the web bridge, for a browser in place of the
 * Electron window. Environment: KFD_PORT (default: a free port), KFD_DATA_DIR
 * (default: ~/.config/kubeflow-desktop), KFD_SANDBOX (auto, always or off).
 */
async function main(): Promise<void> {
  const log = createLogger('web');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dataDir =
    process.env.KFD_DATA_DIR ??
    path.join(
      process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'),
      'kubeflow-desktop',
    );
  const systemLanguage = Intl.DateTimeFormat().resolvedOptions().locale;

  const services = await createServices({ shell: 'web', dataDir, systemLanguage, log });
  const bridge = await startWebBridge({
    router: services.router,
    hub: services.hub,
    staticDir: path.join(here, '..', 'renderer'),
    port: Number(process.env.KFD_PORT ?? 0),
    log: log.child('http'),
  });

  process.stdout.write(
    `\nKubeflow Desktop is running in the web bridge. Open this address in a browser:\n\n  ${bridge.url}\n\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await bridge.close();
    await services.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await ensureSandbox(services, log.child('sandbox'));
  // The address scrolled away under the sandbox's progress lines; print it again.
  if (services.sandbox.status().state === 'running') {
    process.stdout.write(`\nThe sandbox cluster is ready. The app is at:\n\n  ${bridge.url}\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Kubeflow Desktop failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
