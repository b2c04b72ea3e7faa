import type { Job, PlanView } from '../../shared/contract/areas/instances';

/** Exit codes of `npm run cli`, for scripts. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  invalid: 2,
  conflict: 3,
  interrupted: 130,
} as const;

export function exitCodeOf(job: Job): number {
  switch (job.state) {
    case 'completed':
      return exitCodes.ok;
    case 'cancelled':
      // A job cancelled on a field-manager conflict ends here when --force was not given.
      return job.log.some((entry) => entry.code === 'conflict')
        ? exitCodes.conflict
        : exitCodes.failed;
    default:
      return exitCodes.failed;
  }
}

/** Formats a plan as lines for a terminal. */
export function formatPlan(plan: PlanView): string {
  const lines = [
    `${plan.kind === 'upgrade' ? 'Upgrade' : 'Create'} ${plan.namespace}/${plan.name} on ${plan.contextName}: Kubeflow ${plan.release}, ${plan.serviceType}${plan.simulation ? ' (sandbox simulation)' : ''}`,
    `${plan.total} objects: ${plan.diff.created} new, ${plan.diff.changed} changed, ${plan.diff.unchanged} unchanged, ${plan.diff.conflicts} conflicts`,
    ...plan.phases.map(
      (phase) =>
        `  ${phase.name.padEnd(17)} ${String(phase.count).padStart(4)}  ${phase.kinds.map((kind) => `${kind.kind} ${kind.count}`).join(', ')}`,
    ),
  ];
  for (const effect of plan.effects) lines.push(`  option: ${effect.message}`);
  if (plan.prune.length > 0) {
    lines.push(
      `${plan.prune.length} objects the new release no longer has (deleted with --prune):`,
    );
    for (const entry of plan.prune) {
      lines.push(
        `  ${entry.ref.kind} ${entry.ref.namespace ? `${entry.ref.namespace}/` : ''}${entry.ref.name}`,
      );
    }
  }
  if (plan.problems.length > 0) {
    lines.push(`${plan.problems.length} problems; nothing was applied:`);
    for (const problem of plan.problems) {
      lines.push(
        `  ${problem.file} document ${problem.document + 1}${problem.line ? ` line ${problem.line}` : ''}: ${problem.message}`,
      );
    }
  }
  return lines.join('\n');
}

/** Formats a finished job as lines for a terminal. */
export function formatJob(job: Job): string {
  const lines = [`${job.kind} ${job.state}: ${job.done}/${job.total} objects`];
  if (job.error) lines.push(`error: ${job.error.message}`);
  for (const item of job.stuck) {
    lines.push(
      `stuck: ${item.resource} (${item.finalizers.join(', ') || 'no finalizers'}): ${item.reason}`,
    );
  }
  if (job.state === 'cancelled')
    lines.push('Everything applied so far is recorded; run resume to finish.');
  return lines.join('\n');
}
