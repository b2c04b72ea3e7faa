import { readFile, realpath, stat } from 'node:fs/promises';

import { isMap, isScalar, parseDocument, stringify } from 'yaml';

import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic-file';
import { fingerprintOf, type Fingerprint } from './context-registry';
import { parseKubeconfig } from './kubeconfig-file';

export interface KubectlDefaultResult {
  path: string;
  /** The current-context before the change, or null when the file had none. */
  previous: string | null;
}

/**
 * Sets `current-context` in a kubeconfig file, as `kubectl config
 * use-context` does, and keeps comments, key order and unknown fields (see
 * withCurrentContext). Raises kubeconfigChanged (kind conflict) when the file
 * no longer has the fingerprint the registry read, so an edit made since then
 * is not overwritten, and contextNotFound when the file does not define the
 * context. The file keeps its mode, and a link is followed so the file it
 * points to is changed, not the link.
 */
export async function setKubectlDefault(
  filePath: string,
  contextName: string,
  expected: Fingerprint,
): Promise<KubectlDefaultResult> {
  const target = await realpath(filePath).catch(() => filePath);
  const content = await readCurrent(target, filePath, expected);
  const text = content.toString('utf8');

  let file;
  try {
    file = parseKubeconfig(text, filePath);
  } catch (error) {
    throw new AppError(
      'invalid-request',
      'sourceInvalid',
      `${filePath} cannot be changed: ${(error as Error).message}`,
      { path: filePath, reason: (error as Error).message },
    );
  }
  if (!file.contexts.some((context) => context.name === contextName)) {
    throw new AppError(
      'not-found',
      'contextNotFound',
      `Context ${contextName} is not in ${filePath}.`,
      { context: `${contextName} (${filePath})` },
    );
  }

  const previous = file.currentContext;
  const updated = withCurrentContext(text, contextName);
  const { mode } = await stat(target);

  // Read once more just before replacing, which narrows the window for an edit made meanwhile.
  // NOTE: an editor that saves between this read and the rename still loses its change. kubectl
  // (client-go's clientcmd) creates a `<file>.lock` file while it writes, which is not taken here yet.
  await readCurrent(target, filePath, expected);
  try {
    await writeFileAtomic(target, updated, { mode: mode & 0o7777, overwrite: true });
  } catch (error) {
    throw new AppError(
      'internal',
      'fileWriteFailed',
      `${filePath} could not be written: ${(error as Error).message}. Check the free space and the folder's permissions.`,
      { path: filePath, detail: (error as Error).message },
    );
  }
  return { path: filePath, previous };
}

async function readCurrent(target: string, filePath: string, expected: Fingerprint) {
  let content: Buffer;
  try {
    content = await readFile(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw kubeconfigChanged(filePath);
  }
  const actual = fingerprintOf(content);
  if (actual.size !== expected.size || actual.sha256 !== expected.sha256) {
    throw kubeconfigChanged(filePath);
  }
  return content;
}

/**
 * Returns the text with `current-context` set. When the key exists as a
 * scalar, only that scalar's characters are replaced, and otherwise a line
 * is appended to the top-level mapping. The result is parsed again, and if
 * the edit changed anything else (an unusual layout such as a JSON
 * kubeconfig), the yaml Document API writes the whole file instead, which
 * still keeps comments, key order and unknown fields.
 */
export function withCurrentContext(text: string, contextName: string): string {
  const document = parseDocument(text);
  const scalarText = stringify(contextName, { lineWidth: 0 }).trimEnd();

  let edited: string | null = null;
  const root = document.contents;
  if (isMap(root) && !root.flow) {
    const node = root.get('current-context', true);
    if (isScalar(node) && node.range) {
      const [start, end] = node.range;
      edited = text.slice(0, start) + scalarText + text.slice(end);
    } else if (node === undefined && !root.has('current-context')) {
      const separator = text.length === 0 || text.endsWith('\n') ? '' : '\n';
      edited = `${text}${separator}current-context: ${scalarText}\n`;
    }
  }
  if (edited !== null && sameExceptCurrentContext(text, edited, contextName)) return edited;

  document.set('current-context', contextName);
  return document.toString();
}

/** Checks that an edit set current-context and left every other value as it was. */
function sameExceptCurrentContext(before: string, after: string, contextName: string): boolean {
  const original = parseDocument(before);
  const changed = parseDocument(after);
  if (changed.errors.length > 0) return false;
  const expected = { ...(original.toJS() ?? {}), 'current-context': contextName };
  return JSON.stringify(changed.toJS()) === JSON.stringify(expected);
}

function kubeconfigChanged(filePath: string): AppError {
  return new AppError(
    'conflict',
    'kubeconfigChanged',
    `${filePath} changed since the app read it. Review the contexts as they are now and try again.`,
    { path: filePath },
  );
}
