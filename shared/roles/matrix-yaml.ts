import { LineCounter, isMap, isNode, isSeq, parseDocument, stringify, type Node } from 'yaml';

import { ReleaseSchema, type Release } from '../provision/instance';
import {
  matrixRoles,
  normalizeMatrix,
  permissions,
  type Matrix,
  type MatrixRole,
  type Permission,
} from './permissions';

export const matrixApiVersion = 'kubeflow-desktop.io/v1';
export const matrixKind = 'PermissionMatrix';

/** Writes a matrix as a YAML document that importMatrixYaml reads back. */
export function exportMatrixYaml(matrix: Matrix, release?: Release): string {
  const normalized = normalizeMatrix(matrix);
  return stringify(
    {
      apiVersion: matrixApiVersion,
      kind: matrixKind,
      ...(release ? { release } : {}),
      roles: Object.fromEntries(matrixRoles.map((role) => [role, normalized[role]])),
    },
    { aliasDuplicateObjects: false },
  );
}

/** A problem of an imported document, with its 1-based line. */
export interface MatrixYamlProblem {
  line: number;
  reason:
    | 'syntax'
    | 'notAMap'
    | 'wrongKind'
    | 'wrongApiVersion'
    | 'invalidRelease'
    | 'missingRoles'
    | 'unknownRole'
    | 'notAList'
    | 'unknownPermission'
    | 'ownerNotFull';
  /** The value involved, or ''. */
  value: string;
}

export type MatrixImport =
  | { ok: true; matrix: Matrix; release: Release | null }
  | { ok: false; problems: MatrixYamlProblem[] };

/**
 * Reads a matrix from YAML and checks it. Every problem is reported with its
 * line; a write permission without its view permission is accepted and the
 * view is added, as the editor does.
 */
export function importMatrixYaml(text: string): MatrixImport {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined, fallback = 1) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;

  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
        reason: 'syntax',
        value: error.code,
      })),
    };
  }
  const root = document.contents;
  if (!isMap(root)) return { ok: false, problems: [{ line: 1, reason: 'notAMap', value: '' }] };

  const problems: MatrixYamlProblem[] = [];
  const field = (key: string) => root.items.find((pair) => jsonOf(pair.key) === key);
  const check = (key: string, expected: string, reason: MatrixYamlProblem['reason']) => {
    const pair = field(key);
    const value = jsonOf(pair?.value);
    if (value !== expected)
      problems.push({ line: lineOf(pair?.value as Node), reason, value: String(value ?? '') });
  };
  check('apiVersion', matrixApiVersion, 'wrongApiVersion');
  check('kind', matrixKind, 'wrongKind');

  let release: Release | null = null;
  const releaseField = field('release');
  if (releaseField) {
    const value = jsonOf(releaseField.value);
    const parsed = ReleaseSchema.safeParse(value);
    if (parsed.success) release = parsed.data;
    else
      problems.push({
        line: lineOf(releaseField.value as Node),
        reason: 'invalidRelease',
        value: String(value ?? ''),
      });
  }

  const rolesField = field('roles');
  const roles = rolesField?.value;
  if (!isMap(roles)) {
    problems.push({
      line: lineOf(rolesField?.value as Node, lineCounter.linePos(text.length).line),
      reason: 'missingRoles',
      value: '',
    });
    return { ok: false, problems };
  }

  const matrix = Object.fromEntries(
    matrixRoles.map((role) => [role, [] as Permission[]]),
  ) as Matrix;
  for (const pair of roles.items) {
    const keyNode = pair.key as Node;
    const role = String(jsonOf(keyNode));
    if (!(matrixRoles as readonly string[]).includes(role)) {
      problems.push({ line: lineOf(keyNode), reason: 'unknownRole', value: role });
      continue;
    }
    const list = pair.value;
    if (!isSeq(list)) {
      problems.push({
        line: lineOf(list as Node, lineOf(keyNode)),
        reason: 'notAList',
        value: role,
      });
      continue;
    }
    for (const item of list.items) {
      const permission = String(jsonOf(item));
      if (!(permissions as readonly string[]).includes(permission)) {
        problems.push({
          line: lineOf(item as Node),
          reason: 'unknownPermission',
          value: permission,
        });
        continue;
      }
      matrix[role as MatrixRole].push(permission as Permission);
    }
    if (role === 'owner' && new Set(matrix.owner).size !== permissions.length) {
      problems.push({ line: lineOf(keyNode), reason: 'ownerNotFull', value: role });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, matrix: normalizeMatrix(matrix), release };
}

function jsonOf(value: unknown): unknown {
  return isNode(value) ? value.toJSON() : value;
}
