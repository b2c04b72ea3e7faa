import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

/** One program the sandbox started, with its log file. */
export interface ManagedProcess {
  name: string;
  pid: number;
  logPath: string;
  child: ChildProcess;
  /** The last lines the program wrote, kept in memory so an error can quote them before the log is flushed. */
  recentOutput: string[];
}

const recentLineCount = 8;

const running = new Set<ManagedProcess>();
let exitHookInstalled = false;

/**
 * Kills every process still running when Node exits, so an interrupted test
 * run or a Ctrl+C leaves no orphan control planes behind. 'exit' handlers run
 * synchronously, so only a synchronous kill is possible there.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const managed of running) {
      try {
        process.kill(managed.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  logDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ManagedProcess {
  installExitHook();
  const logPath = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    throw new Error(`Failed to start ${name} (${command}): no process id was assigned.`);
  }
  const managed: ManagedProcess = { name, pid: child.pid, logPath, child, recentOutput: [] };

  // Both streams go to one log file, so neither may end it: the file closes
  // when the process and both of its streams have closed.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      keepRecentLines(managed, chunk.toString());
    });
  }
  child.once('close', () => log.end());

  running.add(managed);
  child.once('exit', () => running.delete(managed));
  return managed;
}

/** True while the process has not exited. */
export function isRunning(managed: ManagedProcess): boolean {
  return managed.child.exitCode === null && managed.child.signalCode === null;
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL; resolves once the process has exited. */
export async function stopProcess(managed: ManagedProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(managed)) return;
  const exited = once(managed.child, 'exit');
  managed.child.kill('SIGTERM');
  const timer = setTimeout(() => managed.child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A program of the sandbox exited while the sandbox waited for it; waiting longer cannot help. */
export class ProcessExitedError extends Error {
  constructor(readonly managed: ManagedProcess) {
    const code = managed.child.exitCode ?? managed.child.signalCode;
    const output =
      managed.recentOutput.length > 0 ? managed.recentOutput.join('\n') : '(no output)';
    super(`${managed.name} exited (${String(code)}) during start-up. Its last output:\n${output}`);
    this.name = 'ProcessExitedError';
  }
}

/** Throws ProcessExitedError for the first of `processes` that is no longer running. */
export function assertRunning(...processes: ManagedProcess[]): void {
  const exited = processes.find((managed) => !isRunning(managed));
  if (exited) throw new ProcessExitedError(exited);
}

function keepRecentLines(managed: ManagedProcess, text: string): void {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  managed.recentOutput.push(...lines);
  managed.recentOutput.splice(0, Math.max(0, managed.recentOutput.length - recentLineCount));
}
