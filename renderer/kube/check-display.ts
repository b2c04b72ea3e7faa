import type { CheckStatus, ConnectionCheck, ContextSummary } from '../../shared/contract';

/** A context's status as the screen shows it: a check outcome, or 'not-checked' before the first check. */
export type DisplayStatus = CheckStatus | 'not-checked';

/** Colour group of a status: ok is green, unreachable and timeout are grey with a warning, the rest red. */
export type StatusTone = 'success' | 'warning' | 'error' | 'neutral';

const tones: Record<DisplayStatus, StatusTone> = {
  ok: 'success',
  unreachable: 'warning',
  timeout: 'warning',
  tls: 'error',
  unauthorized: 'error',
  forbidden: 'error',
  'exec-failed': 'error',
  'server-error': 'error',
  invalid: 'error',
  'not-checked': 'neutral',
};

/** Sort rank of each status: healthy first, then the ones that may pass on retry, then hard failures. */
const ranks: Record<DisplayStatus, number> = {
  ok: 0,
  timeout: 1,
  unreachable: 2,
  'server-error': 3,
  tls: 4,
  unauthorized: 5,
  forbidden: 6,
  'exec-failed': 7,
  invalid: 8,
  'not-checked': 9,
};

export function statusTone(status: DisplayStatus): StatusTone {
  return tones[status];
}

export function statusRank(status: DisplayStatus): number {
  return ranks[status];
}

/** Returns the locale key of a status label. */
export function statusLabelKey(status: DisplayStatus): string {
  return `clusters.status.${status}`;
}

/** Returns the status to show. An entry that kubeconfig validation rejected is invalid, whatever its last check returned. */
export function displayStatus(
  context: ContextSummary,
  check: ConnectionCheck | undefined,
): DisplayStatus {
  if (context.invalidReason !== null) return 'invalid';
  return check?.status ?? 'not-checked';
}
