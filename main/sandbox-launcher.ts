import { buildSandbox, sandboxContexts, start } from '../sandbox/sandbox';
import { contextId } from './kube/context-registry';
import type { Logger } from './log';
import type { Services } from './services';

/**
 * Starts the built-in sandbox cluster when no context is chosen, so a new
 * user's first start shows the app working against a real cluster. The first
 * run builds the sandbox programs, which takes several minutes; progress goes
 * to the log and to the renderer as 'sandbox.status' events. Setting
 * KFD_SANDBOX=off skips it, and KFD_SANDBOX=always starts it even when a
 * context is chosen.
 */
export async function ensureSandbox(
  services: Services,
  log: Logger,
  options: { force?: boolean } = {},
): Promise<void> {
  const mode = process.env.KFD_SANDBOX ?? 'auto';
  if (mode === 'off' && !options.force) return;
  if (!options.force && mode !== 'always' && (await services.kube.activeContextId()) !== null) {
    log.info('a context is chosen, so the sandbox cluster is not started');
    return;
  }

  const report = (line: string) => {
    log.info(line);
    services.sandbox.setStatus({ ...services.sandbox.status(), detail: line });
  };

  try {
    services.sandbox.setStatus({ state: 'building', kubeconfigPath: null, detail: null });
    const binDir = await buildSandbox(report);

    services.sandbox.setStatus({ state: 'starting', kubeconfigPath: null, detail: null });
    // The profile simulator turns Profiles into namespaces and bindings, as
    // Kubeflow's profile controller would, so the Access screen works here.
    const handle = await start({ binDir, log: report, profileSimulator: true });
    services.sandbox.onClose(() => handle.stop());

    services.sandbox.setStatus({
      state: 'running',
      kubeconfigPath: handle.kubeconfigPath,
      detail: null,
    });
    await services.kube.addRuntimeSource({ path: handle.kubeconfigPath, origin: 'sandbox' });
    if ((await services.kube.activeContextId()) === null) {
      await services.kube.setActiveContext(contextId(handle.kubeconfigPath, sandboxContexts.admin));
    }
    log.info('sandbox cluster is running', { kubeconfig: handle.kubeconfigPath });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log.error('the sandbox cluster failed to start', { error: detail });
    services.sandbox.setStatus({ state: 'failed', kubeconfigPath: null, detail });
  }
}
