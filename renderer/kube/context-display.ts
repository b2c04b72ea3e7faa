import type { ContextSummary, SandboxStatus } from '../../shared/contract';

/** Returns the context names that more than one kubeconfig file defines, so their entries need the source shown. */
export function findSharedNames(contexts: readonly ContextSummary[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const context of contexts) {
    if (seen.has(context.ref.name)) shared.add(context.ref.name);
    seen.add(context.ref.name);
  }
  return shared;
}

/** Tells whether a context comes from the kubeconfig of the built-in sandbox cluster while that cluster runs. */
export function isSandboxContext(context: ContextSummary, sandbox: SandboxStatus | null): boolean {
  return (
    sandbox?.state === 'running' &&
    sandbox.kubeconfigPath !== null &&
    context.ref.source === sandbox.kubeconfigPath
  );
}
