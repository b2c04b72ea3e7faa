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
  // A developer may point the run at a sandbox that is already running
  // (`npm run sandbox` prints both paths), to skip the start while
  // iterating on one test file.
  const reuse = process.env.KFD_TEST_SANDBOX_KUBECONFIG;
  const reuseBin = process.env.KFD_TEST_SANDBOX_BIN;
  if (reuse && reuseBin) {
    project.provide('sandboxKubeconfig', reuse);
    project.provide('sandboxBinDir', reuseBin);
    return async () => undefined;
  }
  sandbox = await start();
  project.provide('sandboxKubeconfig', sandbox.kubeconfigPath);
  project.provide('sandboxBinDir', sandbox.binDir);
  return async () => {
    await sandbox?.stop();
  };
}
