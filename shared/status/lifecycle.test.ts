import { describe, expect, it } from 'vitest';

import {
  advance,
  initialState,
  transitionNames,
  type LifecycleConfig,
  type LifecycleObservation,
  type LifecycleState,
  type TransitionName,
} from './lifecycle';

const config: LifecycleConfig = {
  readinessDeadlineMs: 1_000,
  failureGraceMs: 500,
  unreachableExpiryMs: 10_000,
};

const start = 1_000_000;

function seen(overrides: Partial<LifecycleObservation> = {}): LifecycleObservation {
  return {
    now: start,
    contextPresent: true,
    reachable: true,
    record: { phase: 'Creating', reason: null },
    namespacePresent: true,
    healthy: false,
    failure: null,
    pending: 'deployment ml-pipeline: 0 of 1 replicas available',
    ...overrides,
  };
}

function state(
  phase: LifecycleState['phase'],
  overrides: Partial<LifecycleState> = {},
): LifecycleState {
  return {
    phase,
    reason: null,
    since: start,
    unreachableSince: null,
    unhealthySince: null,
    failedBy: phase === 'Failed' ? 'health' : null,
    ...overrides,
  };
}

const covered = new Set<TransitionName>();

function expectStep(
  from: LifecycleState,
  observation: LifecycleObservation,
  transition: TransitionName | null,
  phase: LifecycleState['phase'],
) {
  const step = advance(from, observation, config);
  expect(step.transition).toBe(transition);
  expect(step.state.phase).toBe(phase);
  if (transition) covered.add(transition);
  return step.state;
}

describe('lifecycle', () => {
  it('starts an Active record as Creating', () => {
    expect(initialState({ phase: 'Active', reason: null }, start).phase).toBe('Creating');
    expect(initialState({ phase: 'Failed', reason: 'x' }, start).failedBy).toBe('record');
  });

  it('stays Creating while components progress', () => {
    const next = expectStep(state('Creating'), seen({ now: start + 10 }), null, 'Creating');
    expect(next.reason).toContain('0 of 1 replicas');
  });

  it('all-healthy: Creating to Active', () => {
    expectStep(state('Creating'), seen({ healthy: true, pending: null }), 'all-healthy', 'Active');
  });

  it('stays Creating while objects are still being applied', () => {
    const observation = seen({
      healthy: true,
      pending: null,
      record: { phase: 'Creating', reason: null, applying: true },
    });

    const step = advance(state('Creating'), observation, config);

    expect(step.transition).toBeNull();
    expect(step.state.phase).toBe('Creating');
    expect(step.state.reason).toBe('objects are being applied');
  });

  it('workload-failed: Creating to Failed', () => {
    const next = expectStep(
      state('Creating'),
      seen({ failure: 'pod x: ImagePullBackOff' }),
      'workload-failed',
      'Failed',
    );
    expect(next.reason).toBe('pod x: ImagePullBackOff');
  });

  it('readiness-deadline: Creating to Failed with the pending reason', () => {
    const next = expectStep(
      state('Creating'),
      seen({ now: start + 1_000, pending: 'Insufficient nvidia.com/gpu' }),
      'readiness-deadline',
      'Failed',
    );
    expect(next.reason).toContain('Insufficient nvidia.com/gpu');
  });

  it('Active keeps its phase within the grace period', () => {
    const next = expectStep(state('Active'), seen({ now: start + 100 }), null, 'Active');
    expect(next.unhealthySince).toBe(start + 100);
    expect(next.reason).toContain('replicas');
  });

  it('unhealthy-past-grace: Active to Failed', () => {
    expectStep(
      state('Active', { unhealthySince: start }),
      seen({ now: start + 500 }),
      'unhealthy-past-grace',
      'Failed',
    );
  });

  it('Active clears unhealthySince on recovery within grace', () => {
    const next = expectStep(
      state('Active', { unhealthySince: start }),
      seen({ now: start + 100, healthy: true, pending: null }),
      null,
      'Active',
    );
    expect(next.unhealthySince).toBeNull();
  });

  it('recovered: Failed by health back to Active', () => {
    expectStep(state('Failed'), seen({ healthy: true, pending: null }), 'recovered', 'Active');
  });

  it('Failed by the record does not recover by health', () => {
    expectStep(
      state('Failed', { failedBy: 'record' }),
      seen({ healthy: true, pending: null, record: { phase: 'Failed', reason: 'x' } }),
      null,
      'Failed',
    );
  });

  it('apply-failed: record Failed fails the instance', () => {
    const next = expectStep(
      state('Creating'),
      seen({ record: { phase: 'Failed', reason: 'the webhook rejected the object' } }),
      'apply-failed',
      'Failed',
    );
    expect(next.reason).toBe('the webhook rejected the object');
  });

  it('apply-restarted: record back to Creating after an apply error', () => {
    expectStep(state('Failed', { failedBy: 'record' }), seen(), 'apply-restarted', 'Creating');
  });

  it('delete-started and deleted: Terminating to Terminated', () => {
    const terminating = expectStep(
      state('Active'),
      seen({ record: { phase: 'Terminating', reason: null } }),
      'delete-started',
      'Terminating',
    );
    expectStep(terminating, seen({ record: null }), 'deleted', 'Terminated');
    expectStep(
      terminating,
      seen({ record: { phase: 'Terminated', reason: null } }),
      'deleted',
      'Terminated',
    );
  });

  it('record-gone: a record deleted outside the app expires the instance', () => {
    expectStep(state('Active'), seen({ record: null }), 'record-gone', 'Expired');
  });

  it('namespace-gone: a deleted namespace expires the instance', () => {
    const next = expectStep(
      state('Active'),
      seen({ record: null, namespacePresent: false }),
      'namespace-gone',
      'Expired',
    );
    expect(next.reason).toContain('namespace');
  });

  it('context-removed expires the instance', () => {
    expectStep(state('Creating'), seen({ contextPresent: false }), 'context-removed', 'Expired');
    expectStep(state('Terminated'), seen({ contextPresent: false }), null, 'Terminated');
  });

  it('unreachable keeps the phase and sets unreachableSince', () => {
    const next = expectStep(
      state('Active'),
      seen({ reachable: false, now: start + 5 }),
      null,
      'Active',
    );
    expect(next.unreachableSince).toBe(start + 5);
    const later = expectStep(next, seen({ reachable: false, now: start + 50 }), null, 'Active');
    expect(later.unreachableSince).toBe(start + 5);
    const back = expectStep(later, seen({ healthy: true, pending: null }), null, 'Active');
    expect(back.unreachableSince).toBeNull();
  });

  it('unreachable-expired after the configured time', () => {
    expectStep(
      state('Active', { unreachableSince: start }),
      seen({ reachable: false, now: start + 10_000 }),
      'unreachable-expired',
      'Expired',
    );
  });

  it('record-restored: an Expired instance whose record is back is Creating', () => {
    expectStep(state('Expired'), seen(), 'record-restored', 'Creating');
  });

  it('names every transition in a test', () => {
    const untested = transitionNames.filter((name) => name !== 'observed' && !covered.has(name));
    expect(untested).toEqual([]);
  });
});
