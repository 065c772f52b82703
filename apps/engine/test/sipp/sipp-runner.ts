// Spawn SIPp bound to 127.0.0.1, wait for it, read its statistics; every process started here is
// tracked so that tests can kill them all in afterEach (killAllSipp).

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, freePortBlock } from './free-port';

export const SIPP_BIN = process.env['SIPP_BIN'] ?? '/usr/bin/sipp';
export const SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';

export interface SippResult {
  /** SIPp exit code: 0 all calls succeeded, 1 some failed, 97/99 other ends, null if killed. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly successful: number;
  readonly failed: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Content of SIPp's error trace (unexpected messages and the like). */
  readonly errors: string;
}

export interface RunSippOptions {
  /** File name in test/sipp/ or an absolute path. */
  readonly scenario: string;
  /** "host:port" of the system under test (UAC mode); omit for a UAS. */
  readonly remote?: string;
  readonly calls?: number;
  /** Calls per second. */
  readonly rate?: number;
  readonly port?: number;
  readonly timeoutMs: number;
  /** Global variables for -set (declared with <Global variables="..."/> in the scenario). */
  readonly vars?: Readonly<Record<string, string>>;
  /** User part of the Request-URI ([service]). */
  readonly service?: string;
  readonly transport?: 'udp' | 'tcp';
  /** Local address to bind (default 127.0.0.1; '::1' for IPv6). */
  readonly host?: string;
  readonly extraArgs?: readonly string[];
}

export interface SippProcess {
  readonly port: number;
  readonly done: Promise<SippResult>;
  /** Terminate (SIGTERM, then SIGKILL) and wait for the result. */
  stop(): Promise<SippResult>;
}

const running = new Set<ChildProcess>();

/** Kill every SIPp process this module started and still running. */
export async function killAllSipp(): Promise<void> {
  await Promise.all([...running].map((child) => killChild(child)));
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 1000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startSipp(options: RunSippOptions): Promise<SippProcess> {
  const port = options.port ?? (await freePort());
  const mediaPort = await freePortBlock(4);
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-sipp-'));
  const statFile = join(dir, 'stat.csv');
  const errorFile = join(dir, 'errors.log');
  const scenario = isAbsolute(options.scenario) ? options.scenario : join(SCENARIO_DIR, options.scenario);
  const args: string[] = [];
  if (options.remote !== undefined) args.push(options.remote);
  const host = options.host ?? HOST;
  args.push('-sf', scenario, '-i', host, '-p', String(port), '-mi', host, '-mp', String(mediaPort));
  args.push('-t', options.transport === 'tcp' ? 't1' : 'u1');
  args.push('-nostdin', '-trace_stat', '-stf', statFile, '-trace_err', '-error_file', errorFile);
  args.push('-timeout', `${Math.ceil(options.timeoutMs / 1000)}s`, '-timeout_error');
  if (options.calls !== undefined) args.push('-m', String(options.calls));
  if (options.rate !== undefined) args.push('-r', String(options.rate));
  if (options.service !== undefined) args.push('-s', options.service);
  for (const [k, v] of Object.entries(options.vars ?? {})) args.push('-set', k, v);
  args.push(...(options.extraArgs ?? []));

  const child = spawn(SIPP_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  // A hard stop in case SIPp ignores its own -timeout.
  const guard = setTimeout(() => void killChild(child), options.timeoutMs + 5000);

  const done = new Promise<SippResult>((resolve) => {
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(guard);
      running.delete(child);
      const stats = readStats(statFile);
      const errors = existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode, signal, ...stats, stdout, stderr, errors });
    };
    child.once('exit', finish);
    child.once('error', (e) => {
      stderr += String(e);
      finish(-1, null);
    });
  });
  return {
    port,
    done,
    async stop() {
      await killChild(child);
      return done;
    },
  };
}

/** Run a SIPp scenario to completion. */
export async function runSipp(options: RunSippOptions): Promise<SippResult> {
  return (await startSipp(options)).done;
}

/** Start a long-running SIPp UAS; it answers until stop() (or until `calls` calls when given). */
export function startSippUas(
  options: Omit<RunSippOptions, 'remote' | 'timeoutMs'> & { timeoutMs?: number },
): Promise<SippProcess> {
  return startSipp({ timeoutMs: 120_000, ...options });
}

/** Successful/failed call counts from the last line of SIPp's -trace_stat CSV. */
function readStats(file: string): { successful: number; failed: number } {
  if (!existsSync(file)) return { successful: 0, failed: 0 };
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    return i < 0 ? 0 : Number(last[i] ?? 0) || 0;
  };
  return { successful: col('SuccessfulCall(C)'), failed: col('FailedCall(C)') };
}
