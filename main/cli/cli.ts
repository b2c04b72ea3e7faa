import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { parse as parseYaml } from 'yaml';

import type { ContextSummary } from '../../shared/contract';
import type {
  CreateRequest,
  InstanceList,
  Job,
  PlanView,
} from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';
import { instanceKey } from '../../shared/provision/instance-key';
import { createLogger, silentLogger } from '../log';
import { createServices, type Services } from '../services';
import { exitCodeOf, exitCodes, formatJob, formatPlan } from './cli-format';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  contexts                         list the kubeconfig contexts the app can use
  plan                             render, check and dry-run a new instance
  provision                        plan and apply a new instance
  status                           list instances (of one context with --context)
  resume <name>                    apply what an interrupted provision did not finish
  delete <name> --yes              delete every object the app created for an instance
  upgrade <name> --release <r>     upgrade an instance (--prune deletes what the new release dropped)

Options:
  --context <name>         kubeconfig context (required for plan, provision, resume, delete, upgrade)
  --kubeconfig <file>      kubeconfig file to read; repeat for more (default: KUBECONFIG or ~/.kube/config)
  --name <name>            instance name (default: kubeflow)
  --namespace <ns>         namespace of the instance record (default: kubeflow)
  --release <r>            1.8.0 or 1.10.0
  --service-type <t>       essential, hpt or serving
  --owner <email>          owner email; repeat for up to 5 owners
  --source <s>             sandbox, bundle:<file> or checkout:<folder> (default: sandbox;
                           upgrade: the instance's own source)
  --options <file>         creation options as YAML or JSON
  --credentials <file>     credentials for the options (S3 keys, database passwords) as YAML or JSON
  --force                  take over fields that another field manager owns
  --prune                  upgrade: delete objects the new release no longer has
  --yes                    confirm delete and upgrade
  --json                   print the result as JSON on stdout
  --quiet                  print no progress on stderr

Exit codes: 0 done, 1 failed, 2 invalid input or plan problems, 3 conflict (fields of another
field manager: add --force; or an instance or a job already there), 130 interrupted.
`;

const options = {
  context: { type: 'string' },
  kubeconfig: { type: 'string', multiple: true },
  name: { type: 'string' },
  namespace: { type: 'string' },
  release: { type: 'string' },
  'service-type': { type: 'string' },
  owner: { type: 'string', multiple: true },
  source: { type: 'string' },
  options: { type: 'string' },
  credentials: { type: 'string' },
  force: { type: 'boolean' },
  prune: { type: 'boolean' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

/** Builds an input error that names the value and the fix, without the usage text that would push it out of sight. */
function inputError(message: string): AppError {
  return new AppError('invalid-request', 'cliUsage', message, { detail: message });
}

function usageError(message: string): AppError {
  return new AppError('invalid-request', 'cliUsage', `${message}\n\n${usage}`, { detail: message });
}

function required(flags: Flags, name: 'context' | 'release'): string {
  const value = flags[name];
  if (!value) throw usageError(`--${name} is required for this command.`);
  return value;
}

async function readDataFile(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw inputError(`The ${what} file ${file} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw inputError(
      `The ${what} file ${file} is not valid YAML or JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw inputError(`The ${what} file ${file} must hold a mapping of keys to values.`);
  }
  return value as Record<string, unknown>;
}

function sourceOf(flag: string | undefined): CreateRequest['source'] {
  if (!flag || flag === 'sandbox') return { kind: 'sandbox-simulation' };
  const [kind, ...rest] = flag.split(':');
  const file = path.resolve(rest.join(':'));
  if (kind === 'bundle' && rest.length > 0) return { kind: 'bundle', path: file };
  if (kind === 'checkout' && rest.length > 0) return { kind: 'manifests-checkout', path: file };
  throw usageError(
    `--source "${flag}" is not valid. Use sandbox, bundle:<file> or checkout:<folder>.`,
  );
}

/** Finds a context by name, as kubectl does (the first file that defines it wins), or by id. */
function findContext(contexts: ContextSummary[], name: string): ContextSummary {
  const match =
    contexts.find((context) => context.id === name) ??
    contexts.find((context) => context.ref.name === name && !context.shadowed);
  if (!match) {
    const known = contexts.map((context) => context.ref.name).join(', ') || 'none';
    throw usageError(`Context "${name}" is not in the kubeconfig files. Known contexts: ${known}.`);
  }
  if (match.invalidReason) {
    throw new AppError(
      'invalid-request',
      'cliContextInvalid',
      `Context "${name}" cannot be used: ${match.invalidReason}`,
      {
        context: name,
        detail: match.invalidReason,
      },
    );
  }
  return match;
}

class Output {
  constructor(private readonly flags: Flags) {}

  progress(line: string): void {
    if (!this.flags.quiet) process.stderr.write(`${line}\n`);
  }

  result(value: unknown, human: string): void {
    process.stdout.write(this.flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
  }
}

/** Waits for a job to end, printing each phase and every tenth of the objects. */
function waitForJob(services: Services, first: Job, out: Output, force: boolean): Promise<Job> {
  return new Promise((resolve) => {
    let lastPhase: string | null = null;
    let lastTenth = -1;
    let logged = 0;
    const onJob = (job: Job) => {
      if (job.jobId !== first.jobId) return;
      for (const entry of job.log.slice(logged)) {
        if (entry.level !== 'info')
          out.progress(`${entry.level}: ${entry.code} ${JSON.stringify(entry.params)}`);
      }
      logged = job.log.length;
      if (job.phase && job.phase !== lastPhase) {
        lastPhase = job.phase;
        out.progress(`phase ${job.phase}`);
      }
      const tenth = job.total === 0 ? 0 : Math.floor((10 * job.done) / job.total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        out.progress(`${job.done}/${job.total} objects`);
      }
      if (job.state === 'conflict') {
        const decision = force ? 'force' : 'cancel';
        out.progress(`conflict on ${job.conflict?.resource ?? '?'}: ${decision}`);
        services.router
          .dispatch('instances.resolveConflict', { jobId: job.jobId, decision })
          .catch(() => undefined);
      }
      if (['completed', 'failed', 'cancelled'].includes(job.state)) {
        unsubscribe();
        resolve(job);
      }
    };
    const unsubscribe = services.hub.subscribe((event, payload) => {
      if (event === 'instances.job') onJob(payload as Job);
    });
    onJob(first);
  });
}

async function call<T>(services: Services, channel: string, payload: unknown): Promise<T> {
  const result = await services.router.dispatch(channel, payload);
  if (!result.ok) throw AppError.fromShape(result.error);
  return result.value as T;
}

async function createRequest(flags: Flags, context: ContextSummary): Promise<CreateRequest> {
  return {
    contextId: context.id,
    name: flags.name ?? 'kubeflow',
    namespace: flags.namespace,
    release: required(flags, 'release'),
    serviceType: flags['service-type'] ?? 'essential',
    owners: flags.owner ?? [],
    source: sourceOf(flags.source),
    options: flags.options ? await readDataFile(flags.options, 'options') : {},
    credentials: flags.credentials ? await readDataFile(flags.credentials, 'credentials') : {},
  };
}

async function run(
  services: Services,
  out: Output,
  flags: Flags,
  positionals: string[],
): Promise<number> {
  const [command, target] = positionals;
  const { contexts } = await services.kube.listContexts();

  switch (command) {
    case 'contexts': {
      out.result(
        contexts.map((context) => ({
          name: context.ref.name,
          file: context.ref.source,
          server: context.server,
          usable: context.invalidReason === null,
          shadowed: context.shadowed,
        })),
        [
          'NAME\tSERVER\tENTRY',
          ...contexts.map(
            (context) =>
              `${context.ref.name}\t${context.server ?? '-'}\t${context.invalidReason ?? 'valid (not checked)'}`,
          ),
        ].join('\n'),
      );
      return exitCodes.ok;
    }
    case 'plan':
    case 'provision': {
      const context = findContext(contexts, required(flags, 'context'));
      out.progress(`planning on ${context.ref.name}`);
      const plan = await call<PlanView>(
        services,
        'instances.plan',
        await createRequest(flags, context),
      );
      if (command === 'plan' || !plan.planId) {
        out.result(plan, formatPlan(plan));
        return plan.planId ? exitCodes.ok : exitCodes.invalid;
      }
      out.progress(formatPlan(plan));
      const applied = await call<{ job: Job; ownerPassword: string | null }>(
        services,
        'instances.apply',
        {
          planId: plan.planId,
        },
      );
      if (applied.ownerPassword) {
        // Shown once and kept nowhere: stderr, so --json output on stdout stays free of it.
        process.stderr.write(
          `Password of ${flags.owner?.[0] ?? 'the first owner'} (shown once): ${applied.ownerPassword}\n`,
        );
      }
      const job = await waitForJob(services, applied.job, out, flags.force ?? false);
      out.result(job, formatJob(job));
      return exitCodeOf(job);
    }
    case 'status': {
      const list = await call<InstanceList>(services, 'instances.list', {});
      const context = flags.context ? findContext(contexts, flags.context) : null;
      const instances = list.instances.filter(
        (instance) => !context || instance.contextId === context.id,
      );
      const failures = list.failures.filter(
        (failure) => !context || failure.contextId === context.id,
      );

      // The status engine observes each cluster once, so the phase is the
      // one the window shows, not only the one the record holds.
      const observed = new Map<string, { phase: string; reason: string | null }>();
      for (const contextId of new Set(instances.map((instance) => instance.contextId))) {
        const refreshed = await services.router.dispatch('status.refresh', { contextId });
        if (!refreshed.ok) continue;
        const views = (
          refreshed.value as { instances: { key: string; phase: string; reason: string | null }[] }
        ).instances;
        for (const view of views) observed.set(view.key, view);
      }
      const rows = instances.map((instance) => ({
        ...instance,
        phase: observed.get(instance.key)?.phase ?? instance.phase,
        reason: observed.has(instance.key)
          ? (observed.get(instance.key)?.reason ?? null)
          : instance.reason,
      }));

      const lines = rows.map(
        (row) =>
          `${row.contextName}\t${row.namespace}/${row.name}\t${row.release}\t${row.serviceType}\t${row.phase}${row.origin === 'local-copy' ? ' (saved copy)' : ''}${row.reason ? `\t${row.reason}` : ''}`,
      );
      for (const failure of failures) {
        lines.push(`${failure.contextName}\tnot read: ${failure.error.message}`);
      }
      out.result(
        { instances: rows, failures },
        lines.length === 0
          ? 'No instances.'
          : ['CONTEXT\tINSTANCE\tRELEASE\tTYPE\tSTATUS', ...lines].join('\n'),
      );
      // A named context that could not be read fails the command; other contexts are only listed.
      return context && failures.length > 0 ? exitCodes.failed : exitCodes.ok;
    }
    case 'resume':
    case 'delete':
    case 'upgrade': {
      if (!target) throw usageError(`${command} needs the instance name.`);
      const context = findContext(contexts, required(flags, 'context'));
      const key = instanceKey(context.id, flags.namespace ?? 'kubeflow', target);
      let job: Job;
      if (command === 'resume') {
        const resumed = await call<{ job: Job; ownerPassword: string | null }>(
          services,
          'instances.resume',
          {
            key,
            ...(flags.credentials
              ? { credentials: await readDataFile(flags.credentials, 'credentials') }
              : {}),
          },
        );
        if (resumed.ownerPassword) {
          process.stderr.write(
            `New password of the first owner (shown once): ${resumed.ownerPassword}\n`,
          );
        }
        job = resumed.job;
      } else if (command === 'delete') {
        if (!flags.yes)
          throw usageError(
            `delete removes every object the app created for ${target}; add --yes to confirm.`,
          );
        job = await call<Job>(services, 'instances.delete', { key, confirmName: target });
      } else {
        if (!flags.yes)
          throw usageError(`upgrade changes instance ${target}; add --yes to confirm.`);
        const plan = await call<PlanView>(services, 'instances.planUpgrade', {
          key,
          release: required(flags, 'release'),
          ...(flags.source ? { source: sourceOf(flags.source) } : {}),
          ...(flags.credentials
            ? { credentials: await readDataFile(flags.credentials, 'credentials') }
            : {}),
        });
        out.progress(formatPlan(plan));
        if (!plan.planId) {
          out.result(plan, formatPlan(plan));
          return exitCodes.invalid;
        }
        const upgraded = await call<{ job: Job; ownerPassword: string | null }>(
          services,
          'instances.upgrade',
          { planId: plan.planId, prune: flags.prune ?? false },
        );
        if (upgraded.ownerPassword) {
          process.stderr.write(
            `New password of the first owner (shown once): ${upgraded.ownerPassword}\n`,
          );
        }
        job = upgraded.job;
      }
      const ended = await waitForJob(services, job, out, flags.force ?? false);
      out.result(ended, formatJob(ended));
      return exitCodeOf(ended);
    }
    default:
      throw usageError(command ? `Unknown command "${command}".` : 'No command given.');
  }
}

async function cancelRunningJobs(services: Services): Promise<void> {
  const { jobs } = await call<{ jobs: Job[] }>(services, 'instances.jobs', {});
  for (const job of jobs) {
    if (['running', 'conflict'].includes(job.state)) {
      await services.router.dispatch('instances.cancel', { jobId: job.jobId });
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return exitCodes.invalid;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help || positionals.length === 0) {
    process.stdout.write(usage);
    return flags.help ? exitCodes.ok : exitCodes.invalid;
  }

  const out = new Output(flags);
  const dataDir =
    process.env.KFD_DATA_DIR ??
    path.join(
      process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'),
      'kubeflow-desktop',
    );
  const services = await createServices({
    shell: 'cli',
    dataDir,
    systemLanguage: 'en',
    kubeconfigPaths: flags.kubeconfig?.map((file) => path.resolve(file)),
    live: false,
    log: process.env.KFD_CLI_LOG ? createLogger('cli') : silentLogger,
  });

  let interrupted = false;
  // The first Ctrl+C cancels running jobs, which stop after the requests in
  // flight and record what they applied; the second quits at once.
  const interrupt = () => {
    if (interrupted) process.exit(exitCodes.interrupted);
    interrupted = true;
    process.stderr.write(
      'Interrupted: cancelling after the requests in flight (press Ctrl+C again to quit at once).\n',
    );
    void cancelRunningJobs(services);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  try {
    const code = await run(services, out, flags, positionals);
    return interrupted ? exitCodes.interrupted : code;
  } catch (error) {
    const appError =
      error instanceof AppError ? error : new AppError('internal', 'internal', String(error));
    if (flags.json)
      process.stdout.write(`${JSON.stringify({ error: appError.toShape() }, null, 2)}\n`);
    process.stderr.write(`error: ${appError.message}\n`);
    return appError.kind === 'invalid-request'
      ? exitCodes.invalid
      : appError.kind === 'conflict'
        ? exitCodes.conflict
        : exitCodes.failed;
  } finally {
    await services.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);
