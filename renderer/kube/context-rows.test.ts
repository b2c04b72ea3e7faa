import { describe, expect, it } from 'vitest';

import { makeCheck, makeContext } from '../testing/fixtures';
import { buildRows, filterRows, sortRows, type ContextRow } from './context-rows';

const alpha = makeContext('alpha', '/b/config', { namespace: 'ml', server: null });
const beta = makeContext('beta', '/a/config', { authKind: 'token' });
const gamma = makeContext('gamma', '/c/config', { invalidReason: 'user "x" is not defined' });

const rows = buildRows([alpha, beta, gamma], {
  [alpha.id]: makeCheck(alpha.id, { serverVersion: 'v1.9.0', latencyMs: 40 }),
  [beta.id]: makeCheck(beta.id, {
    status: 'unreachable',
    serverVersion: 'v1.10.0',
    latencyMs: null,
    checkedAt: '2026-12-04T11:00:00.000Z',
  }),
});

function names(sorted: ContextRow[]): string[] {
  return sorted.map((row) => row.context.ref.name);
}

const label = (kind: string) => kind;

describe('buildRows', () => {
  it('shows an invalid entry as invalid', () => {
    expect(rows.map((row) => row.status)).toEqual(['ok', 'unreachable', 'invalid']);
  });
});

describe('filterRows', () => {
  it('ignores case and surrounding spaces', () => {
    expect(names(filterRows(rows, '  BETA '))).toEqual(['beta']);
  });

  it('keeps every row for an empty query', () => {
    expect(names(filterRows(rows, ''))).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('sortRows', () => {
  it('compares versions numerically', () => {
    expect(names(sortRows(rows, 'serverVersion', 'asc', label))).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(names(sortRows(rows, 'serverVersion', 'desc', label))).toEqual([
      'beta',
      'alpha',
      'gamma',
    ]);
  });

  it('puts empty values last in both directions', () => {
    expect(names(sortRows(rows, 'server', 'asc', label))).toEqual(['beta', 'gamma', 'alpha']);
    expect(names(sortRows(rows, 'server', 'desc', label))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(sortRows(rows, 'latency', 'desc', label))).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('sorts by check time', () => {
    expect(names(sortRows(rows, 'checkedAt', 'desc', label))).toEqual(['beta', 'alpha', 'gamma']);
  });

  it('sorts by source path', () => {
    expect(names(sortRows(rows, 'source', 'asc', label))).toEqual(['beta', 'alpha', 'gamma']);
  });

  it('sorts auth kinds by their shown label', () => {
    const labels: Record<string, string> = { token: 'A token', 'client-certificate': 'Z cert' };
    expect(names(sortRows(rows, 'authKind', 'asc', (kind) => labels[kind] ?? kind))).toEqual([
      'beta',
      'alpha',
      'gamma',
    ]);
  });
});
