import type { TestProject } from 'vitest/node';

import { start, type SandboxHandle } from '../sandbox/sandbox';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Kubeconfig with the sandbox-admin, sandbox-alice, sandbox-expired and sandbox-b contexts. */
    sandboxKubeconfig: string;
    /** Folder with the built sandbox programs (kubectl among them). */
    sandboxBinDir: string;
  }
}

let sandbox: SandboxHandle | undefined;

/**
 * Starts one sandbox for the whole run: the test files share its two
 * clusters and each test works in namespaces of its own. Tests that must
 * stop a control plane start a private sandbox instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  sandbox = await start();
  project.provide('sandboxKubeconfig', sandbox.kubeconfigPath);
  project.provide('sandboxBinDir', sandbox.binDir);
  return async () => {
    await sandbox?.stop();
  };
}
