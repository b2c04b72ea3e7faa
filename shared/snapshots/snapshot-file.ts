import { isNode, LineCounter, parseDocument, stringify, type Document, type Node } from 'yaml';

import {
  exportKind,
  importLimits,
  SnapshotFileSchema,
  type Snapshot,
  type SnapshotFile,
} from './schema';

export { importLimits };

export type SnapshotFileFormat = 'yaml' | 'json';

/** The reason a file is not a snapshot, with the 1-based line and column where known. */
export interface SnapshotFileProblem {
  line: number | null;
  column: number | null;
  reason: string;
}

export type ParsedSnapshotFile =
  { ok: true; file: SnapshotFile } | { ok: false; problem: SnapshotFileProblem };

/** Writes one snapshot as an export file. */
export function formatSnapshotFile(snapshot: Snapshot, format: SnapshotFileFormat): string {
  const file: SnapshotFile = { kind: exportKind, snapshot };
  return format === 'json'
    ? JSON.stringify(file, null, 2) + '\n'
    : stringify(file, { aliasDuplicateObjects: false });
}

const fail = (
  reason: string,
  line: number | null = null,
  column: number | null = null,
): ParsedSnapshotFile => ({
  ok: false,
  problem: { line, column, reason },
});

/** Returns 1-based line and column of a character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds the deepest nesting of flow brackets outside quoted strings, before
 * any parser runs: a file of a million '[' would otherwise exhaust the
 * parser's stack. Returns the offset where the limit is passed, or -1.
 */
function findFlowDepthExcess(text: string, maxDepth: number): number {
  let depth = 0;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth > maxDepth) return index;
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Finds a node nested deeper than the limit (block YAML nests by indentation, which the bracket scan does not see). */
function findDeepNode(document: Document, maxDepth: number): Node | null {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isNode(node)) continue;
    if (depth > maxDepth) return node;
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const pair = item as { key?: unknown; value?: unknown };
      if ('value' in pair) stack.push({ node: pair.value, depth: depth + 1 });
      else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return null;
}

/** Returns the node at `path`, or the nearest ancestor that exists, for an error's position. */
function nodeAt(document: Document, path: PropertyKey[]): Node | null {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length) as (string | number)[], true);
    if (isNode(node)) return node;
  }
  return null;
}

/**
 * Reads an export file (YAML or JSON; JSON is read by the same YAML 1.2
 * parser, which reports positions) and checks it against the snapshot schema.
 * A hostile file is rejected before it can cost much: by size, by nesting
 * depth and by the count of YAML aliases.
 */
export function parseSnapshotFile(text: string): ParsedSnapshotFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > importLimits.maxBytes) {
    return fail(
      `The file has ${bytes} bytes, more than the ${importLimits.maxBytes} a snapshot file may have.`,
    );
  }
  if (text.trim() === '') return fail('The file is empty.');

  const deepAt = findFlowDepthExcess(text, importLimits.maxDepth);
  if (deepAt !== -1) {
    const { line, column } = positionOf(text, deepAt);
    return fail(`The file nests more than ${importLimits.maxDepth} levels deep.`, line, column);
  }

  const lineCounter = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser recurses per nesting level; a stack overflow means the file nests too deep.
    if (error instanceof RangeError)
      return fail(`The file nests more than ${importLimits.maxDepth} levels deep.`);
    throw error;
  }

  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0] ?? lineCounter.linePos(syntaxError.pos[0]);
    return fail(
      syntaxError.message.split('\n')[0] ?? syntaxError.message,
      position.line,
      position.col,
    );
  }

  const deepNode = findDeepNode(document, importLimits.maxDepth);
  if (deepNode) {
    const position = lineCounter.linePos(deepNode.range?.[0] ?? 0);
    return fail(
      `The file nests more than ${importLimits.maxDepth} levels deep.`,
      position.line,
      position.col,
    );
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: importLimits.maxAliasCount });
  } catch (error) {
    return fail((error as Error).message);
  }

  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { kind?: unknown }).kind !== exportKind
  ) {
    return fail(
      `The file is not a snapshot export: its top-level "kind" must be ${exportKind}.`,
      1,
      1,
    );
  }

  const parsed = SnapshotFileSchema.safeParse(data);
  if (parsed.success) return { ok: true, file: parsed.data };

  const issue = parsed.error.issues[0];
  if (!issue) return fail('The file does not match the snapshot format.');
  const node = nodeAt(document, issue.path);
  const position = node?.range ? lineCounter.linePos(node.range[0]) : null;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return fail(`${where}: ${issue.message}`, position?.line ?? null, position?.col ?? null);
}
