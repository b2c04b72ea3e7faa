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
}

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
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid === undefined) {
    throw new Error(`Failed to start ${name} (${command}): no process id was assigned.`);
  }

  const managed: ManagedProcess = { name, pid: child.pid, logPath, child };
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
