// Every process the benchmark starts goes through here, so that all of them are stopped on
// normal exit, on error and on Ctrl-C. Each child gets its own process group (detached), which
// lets us stop a forking server such as Kamailio together with its children, by its own id.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface Tracked {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly name: string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Last lines of stdout + stderr, for error messages. */
  output(): string;
  /** SIGTERM to the process group, SIGKILL after graceMs; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Send a signal to the process itself (not its group). */
  signal(sig: NodeJS.Signals): void;
}

const running = new Set<Tracked>();

export function startTracked(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  onLine?: (line: string) => void,
): Tracked {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const lines: string[] = [];
  let partial = '';
  const take = (chunk: Buffer): void => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      onLine?.(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      lines.push(String(err));
      resolve(-1);
    });
  });
  const tracked: Tracked = {
    child,
    pid,
    name,
    exited,
    output: () => [...lines, partial].join('\n').trim(),
    signal: (sig) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    },
    stop: async (graceMs = 3000) => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(pid, 'SIGTERM');
        const hard = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(hard);
      }
      // A forking server's children may outlive the leader for a moment.
      killGroup(pid, 'SIGKILL');
      running.delete(tracked);
    },
  };
  running.add(tracked);
  void exited.then(() => {
    if (!isGroupAlive(pid)) running.delete(tracked);
  });
  return tracked;
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stop everything still running (in parallel; each by its own process group id). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((t) => t.stop(1500)));
}

let hooked = false;

/** Make sure children die with us: on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const t of running) killGroup(t.pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the benchmark's processes…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
