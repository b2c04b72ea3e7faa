import type { ConnectionCheck, ContextSummary } from '../../shared/contract';
import { displayStatus, statusRank, type DisplayStatus } from './check-display';

export const contextColumns = [
  'name',
  'source',
  'cluster',
  'server',
  'user',
  'namespace',
  'authKind',
  'status',
  'serverVersion',
  'latency',
  'checkedAt',
] as const;
export type ContextColumn = (typeof contextColumns)[number];
export type SortDirection = 'asc' | 'desc';

export interface ContextRow {
  context: ContextSummary;
  check: ConnectionCheck | undefined;
  status: DisplayStatus;
}

export function buildRows(
  contexts: readonly ContextSummary[],
  checks: Record<string, ConnectionCheck>,
): ContextRow[] {
  return contexts.map((context) => {
    const check = checks[context.id];
    return { context, check, status: displayStatus(context, check) };
  });
}

/** Keeps the rows whose name, cluster, server, user or source file contains the query, ignoring case. */
export function filterRows(rows: readonly ContextRow[], query: string): ContextRow[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...rows];

  return rows.filter(({ context }) =>
    [
      context.ref.name,
      context.cluster,
      context.server ?? '',
      context.user,
      context.ref.source,
    ].some((field) => field.toLowerCase().includes(needle)),
  );
}

type SortValue = string | number | null;

/**
 * Returns the value a column sorts by. `authLabel` turns an auth kind into
 * the text the table shows, so that column sorts in the user's language.
 */
function sortValue(
  row: ContextRow,
  column: ContextColumn,
  authLabel: (kind: string) => string,
): SortValue {
  const { context, check } = row;
  switch (column) {
    case 'name':
      return context.ref.name;
    case 'source':
      return context.ref.source;
    case 'cluster':
      return context.cluster;
    case 'server':
      return context.server;
    case 'user':
      return context.user;
    case 'namespace':
      return context.namespace;
    case 'authKind':
      return authLabel(context.authKind);
    case 'status':
      return statusRank(row.status);
    case 'serverVersion':
      return check?.serverVersion ?? null;
    case 'latency':
      return check?.latencyMs ?? null;
    case 'checkedAt': {
      const time = check ? Date.parse(check.checkedAt) : Number.NaN;
      return Number.isNaN(time) ? null : time;
    }
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(left: SortValue, right: SortValue): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return collator.compare(String(left), String(right));
}

/**
 * Sorts rows by one column. Empty values (no server, no check yet) go last in
 * both directions, and ties keep the kubeconfig order.
 */
export function sortRows(
  rows: readonly ContextRow[],
  column: ContextColumn,
  direction: SortDirection,
  authLabel: (kind: string) => string,
): ContextRow[] {
  const sign = direction === 'asc' ? 1 : -1;

  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, column, authLabel) }))
    .sort((left, right) => {
      if (left.value === null || right.value === null) {
        if (left.value === right.value) return left.index - right.index;
        return left.value === null ? 1 : -1;
      }
      return sign * compareValues(left.value, right.value) || left.index - right.index;
    })
    .map(({ row }) => row);
}
