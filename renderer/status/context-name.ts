/**
 * The context name inside a context id, which the kubeconfig service builds
 * as the URI-encoded file path and context name joined by '#'. Returns the
 * whole id when it has another form.
 */
export function contextNameOf(contextId: string): string {
  const hash = contextId.lastIndexOf('#');
  if (hash < 0) return contextId;
  try {
    return decodeURIComponent(contextId.slice(hash + 1));
  } catch {
    return contextId;
  }
}
