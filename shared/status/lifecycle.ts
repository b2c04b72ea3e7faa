import type { InstancePhase } from '../provision/instance';

/** Times that move an instance between phases, in milliseconds. */
export interface LifecycleConfig {
  /** Time a Creating instance may take to become healthy before it is Failed. */
  readinessDeadlineMs: number;
  /** Time an Active instance may have an unhealthy component before it is Failed. */
  failureGraceMs: number;
  /** Time a cluster may stay unreachable before its instances are Expired. */
  unreachableExpiryMs: number;
}

export const defaultLifecycleConfig: LifecycleConfig = {
  readinessDeadlineMs: 30 * 60_000,
  failureGraceMs: 5 * 60_000,
  unreachableExpiryMs: 7 * 24 * 60 * 60_000,
};

/** An observation of one instance by the engine at one moment. */
export interface LifecycleObservation {
  now: number;
  /** False once the context has left every kubeconfig. */
  contextPresent: boolean;
  /** False while the cluster does not respond. The fields below are then ignored. */
  reachable: boolean;
  /**
   * The cluster record's phase and reason, or null when the record is gone.
   * `applying` is true while the provisioning service has not applied every
   * object yet, so components that exist so far cannot make it Active.
   */
  record: { phase: InstancePhase; reason: string | null; applying?: boolean } | null;
  namespacePresent: boolean;
  /** True when every component is Healthy or Present. */
  healthy: boolean;
  /** The first failure a component reports (a Failed object), or null. */
  failure: string | null;
  /** Reason the instance is not healthy yet, or null when it is. */
  pending: string | null;
}

export interface LifecycleState {
  phase: InstancePhase;
  reason: string | null;
  /** When the instance entered the phase (ms since the epoch). */
  since: number;
  unreachableSince: number | null;
  /** When an Active instance first had an unhealthy component, or null. */
  unhealthySince: number | null;
  /** Whether a Failed phase came from the record (an apply error) or from health, which can recover. */
  failedBy: 'record' | 'health' | null;
}

/** The named transitions of the lifecycle. */
export const transitionNames = [
  'observed',
  'all-healthy',
  'workload-failed',
  'readiness-deadline',
  'unhealthy-past-grace',
  'recovered',
  'apply-failed',
  'apply-restarted',
  'delete-started',
  'deleted',
  'record-gone',
  'namespace-gone',
  'context-removed',
  'unreachable-expired',
  'record-restored',
] as const;
export type TransitionName = (typeof transitionNames)[number];

export interface LifecycleStep {
  state: LifecycleState;
  /** The transition taken, or null when the phase stayed. */
  transition: TransitionName | null;
}

const terminal = (phase: InstancePhase) => phase === 'Expired' || phase === 'Terminated';

/** Returns the state of an instance seen for the first time, before its first observation. */
export function initialState(
  record: { phase: InstancePhase; reason: string | null },
  now: number,
): LifecycleState {
  const phase = record.phase === 'Active' ? 'Creating' : record.phase;
  return {
    phase,
    reason: record.reason,
    since: now,
    unreachableSince: null,
    unhealthySince: null,
    failedBy: phase === 'Failed' ? 'record' : null,
  };
}

function enter(
  state: LifecycleState,
  transition: TransitionName,
  phase: InstancePhase,
  reason: string | null,
  now: number,
  failedBy: LifecycleState['failedBy'] = null,
): LifecycleStep {
  return {
    state: { phase, reason, since: now, unreachableSince: null, unhealthySince: null, failedBy },
    transition,
  };
}

const stay = (state: LifecycleState): LifecycleStep => ({ state, transition: null });

/** Transitions driven by the record the provisioning service writes and by what disappeared. */
function recordStep(state: LifecycleState, seen: LifecycleObservation): LifecycleStep | null {
  const { now, record } = seen;

  if (record === null || !seen.namespacePresent) {
    if (terminal(state.phase)) return stay(state);
    // The app sets Terminating before it deletes, so a disappearance in any other phase was not the app's doing.
    if (state.phase === 'Terminating') return enter(state, 'deleted', 'Terminated', null, now);
    return seen.namespacePresent
      ? enter(
          state,
          'record-gone',
          'Expired',
          'the instance record was deleted outside the app',
          now,
        )
      : enter(
          state,
          'namespace-gone',
          'Expired',
          'the instance namespace was deleted outside the app',
          now,
        );
  }

  if (terminal(state.phase) && record.phase !== 'Terminated' && state.phase !== 'Terminated') {
    return enter(state, 'record-restored', 'Creating', record.reason, now);
  }
  if (record.phase === 'Terminated' && state.phase !== 'Terminated') {
    return enter(state, 'deleted', 'Terminated', record.reason, now);
  }
  if (record.phase === 'Terminating' && state.phase !== 'Terminating' && !terminal(state.phase)) {
    return enter(state, 'delete-started', 'Terminating', record.reason, now);
  }
  if (record.phase === 'Failed' && state.failedBy !== 'record' && !terminal(state.phase)) {
    return enter(state, 'apply-failed', 'Failed', record.reason, now, 'record');
  }
  if (record.phase === 'Creating' && state.failedBy === 'record') {
    return enter(state, 'apply-restarted', 'Creating', null, now);
  }
  return null;
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}

/** Transitions driven by the health of the components. */
function healthStep(
  state: LifecycleState,
  seen: LifecycleObservation,
  config: LifecycleConfig,
): LifecycleStep {
  const { now } = seen;
  switch (state.phase) {
    case 'Creating': {
      if (seen.record?.applying) return stay({ ...state, reason: 'objects are being applied' });
      if (seen.healthy) return enter(state, 'all-healthy', 'Active', null, now);
      if (seen.failure)
        return enter(state, 'workload-failed', 'Failed', seen.failure, now, 'health');
      if (now - state.since >= config.readinessDeadlineMs) {
        const reason = `not ready within ${formatDuration(config.readinessDeadlineMs)}: ${seen.pending ?? 'components are not healthy'}`;
        return enter(state, 'readiness-deadline', 'Failed', reason, now, 'health');
      }
      return stay({ ...state, reason: seen.pending });
    }
    case 'Active': {
      if (seen.healthy) return stay({ ...state, reason: null, unhealthySince: null });
      const unhealthySince = state.unhealthySince ?? now;
      if (now - unhealthySince >= config.failureGraceMs) {
        const reason = seen.failure ?? seen.pending ?? 'a component is not healthy';
        return enter(state, 'unhealthy-past-grace', 'Failed', reason, now, 'health');
      }
      return stay({ ...state, reason: seen.failure ?? seen.pending, unhealthySince });
    }
    case 'Failed': {
      if (state.failedBy === 'health' && seen.healthy) {
        return enter(state, 'recovered', 'Active', null, now);
      }
      return stay(state);
    }
    default:
      return stay(state);
  }
}

/**
 * Advances an instance's lifecycle by one observation. Expiry comes first:
 * the context left every kubeconfig, or the cluster stayed unreachable past
 * the limit. Otherwise an unreachable cluster keeps the phase and only sets
 * unreachableSince. Then the record and namespace decide, and last the
 * health of the components.
 */
export function advance(
  state: LifecycleState,
  seen: LifecycleObservation,
  config: LifecycleConfig = defaultLifecycleConfig,
): LifecycleStep {
  const { now } = seen;

  if (!seen.contextPresent) {
    if (terminal(state.phase)) return stay(state);
    return enter(
      state,
      'context-removed',
      'Expired',
      'the context was removed from every kubeconfig',
      now,
    );
  }

  if (!seen.reachable) {
    const unreachableSince = state.unreachableSince ?? now;
    if (!terminal(state.phase) && now - unreachableSince >= config.unreachableExpiryMs) {
      const reason = `the cluster has not answered since ${new Date(unreachableSince).toISOString()}`;
      return enter(state, 'unreachable-expired', 'Expired', reason, now);
    }
    return stay({ ...state, unreachableSince });
  }

  const reachableState =
    state.unreachableSince === null ? state : { ...state, unreachableSince: null };
  return recordStep(reachableState, seen) ?? healthStep(reachableState, seen, config);
}
