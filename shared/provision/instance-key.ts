/**
 * An instance's key: its context id, namespace and name, joined so that the
 * context id (a file path and a context name, which may contain any
 * character) comes last and is read back whole.
 */
export function instanceKey(contextId: string, namespace: string, name: string): string {
  return `${namespace}/${name}@${contextId}`;
}

export interface InstanceKeyParts {
  contextId: string;
  namespace: string;
  name: string;
}

/** Reads a key built by instanceKey, or returns null when the value is not one. */
export function parseInstanceKey(key: string): InstanceKeyParts | null {
  const match = /^([a-z0-9-]{1,63})\/([a-z0-9-]{1,63})@(.+)$/s.exec(key);
  if (!match) return null;
  const [, namespace = '', name = '', contextId = ''] = match;
  return { contextId, namespace, name };
}
