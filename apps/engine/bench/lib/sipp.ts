// SIPp as load generator (UAC) and callee (UAS) for the benchmark: started in a temporary folder
// so that its -trace_stat / -trace_counts / -trace_err files land there, read back as numbers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portBlock } from './ports';
import { sleep, startTracked } from './processes';
import type { Tracked } from './processes';
import { udpPortBound } from './proc-stats';

export const SIPP_BIN = process.env['SIPP_BIN'] ?? '/usr/bin/sipp';
const HOST = '127.0.0.1';

export interface SippStats {
  readonly exitCode: number | null;
  /** Calls SIPp created (outgoing for a UAC, incoming for a UAS). */
  readonly created: number;
  readonly successful: number;
  readonly failed: number;
  /** Retransmissions SIPp sent (requests or 200s it had to repeat). */
  readonly retransSent: number;
  /** Duplicates SIPp received (responses or requests repeated by its peer). */
  readonly retransRecv: number;
  /** SIPp's own INVITE→200 time (1 ms resolution), mean over the run; NaN for a UAS. */
  readonly setupMsMean: number;
  /** Start of SIPp's error log when something went wrong. */
  readonly errors: string;
}

export interface SippOptions {
  readonly scenario: string;
  readonly port: number;
  /** host:port of the proxy (UAC only). */
  readonly remote?: string;
  readonly rate?: number;
  readonly calls?: number;
  /** Most calls open at once (-l). */
  readonly limit?: number;
  /** Pause between ACK and BYE (-d), ms. */
  readonly pauseMs?: number;
  /** SIPp's global timeout; the process is killed 15 s after it at the latest. */
  readonly timeoutSec: number;
  /** A call fails when an expected message does not arrive within this (UAC). */
  readonly recvTimeoutMs?: number;
  /** Statistics dump period (-fd); 1 s lets the caller follow progress. */
  readonly dumpSec?: number;
}

export interface SippRun {
  readonly proc: Tracked;
  readonly port: number;
  /** Current cumulative counters from the -trace_counts file (updated every dumpSec). */
  counts(): Record<string, number>;
  /** Wait for SIPp to end (bounded by its timeout) and read its statistics. */
  finish(): Promise<SippStats>;
  /** Stop it now (SIGTERM makes SIPp write its final statistics) and read them. */
  stop(): Promise<SippStats>;
}

export async function startSipp(options: SippOptions): Promise<SippRun> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-sipp-'));
  const mediaPort = await portBlock(4);
  const args: string[] = [];
  if (options.remote !== undefined) args.push(options.remote, '-s', 'callee');
  args.push('-sf', options.scenario, '-i', HOST, '-p', String(options.port));
  args.push('-mi', HOST, '-mp', String(mediaPort), '-t', 'u1', '-nostdin');
  args.push('-trace_stat', '-stf', join(dir, 'stat.csv'), '-fd', String(options.dumpSec ?? 1));
  args.push('-trace_counts', '-trace_err', '-error_file', join(dir, 'errors.log'));
  args.push('-timeout', `${options.timeoutSec}s`, '-timeout_error');
  if (options.rate !== undefined) args.push('-r', String(options.rate));
  if (options.calls !== undefined) args.push('-m', String(options.calls));
  if (options.limit !== undefined) args.push('-l', String(options.limit));
  if (options.pauseMs !== undefined) args.push('-d', String(options.pauseMs));
  if (options.recvTimeoutMs !== undefined) args.push('-recv_timeout', String(options.recvTimeoutMs));
  const proc = startTracked(`sipp:${options.port}`, SIPP_BIN, args, { cwd: dir });
  const guard = setTimeout(() => void proc.stop(), (options.timeoutSec + 15) * 1000);
  let stats: Promise<SippStats> | undefined;
  const collect = (): Promise<SippStats> =>
    (stats ??= proc.exited.then((code) => {
      clearTimeout(guard);
      const result = readStats(dir, code);
      rmSync(dir, { recursive: true, force: true });
      return result;
    }));
  if (options.remote === undefined) {
    // A UAS must be listening before the first INVITE is sent.
    for (let i = 0; i < 100 && !udpPortBound(options.port); i++) await sleep(30);
    if (!udpPortBound(options.port)) {
      await proc.stop();
      throw new Error(`SIPp UAS did not bind 127.0.0.1:${options.port}: ${proc.output()}`);
    }
  }
  return {
    proc,
    port: options.port,
    counts: () => lastRow(findFile(dir, '_counts.csv')),
    finish: collect,
    stop: async () => {
      await proc.stop();
      return collect();
    },
  };
}

function findFile(dir: string, suffix: string): string | undefined {
  try {
    const name = readdirSync(dir).find((f) => f.endsWith(suffix));
    return name === undefined ? undefined : join(dir, name);
  } catch {
    return undefined;
  }
}

/** The last row of a SIPp CSV as name → number (SIPp writes ';'-separated, with a header row). */
function lastRow(file: string | undefined): Record<string, number> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const lines = text.trim().split('\n');
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const row: Record<string, number> = {};
  header.forEach((name, i) => {
    if (name !== '') row[name] = parseSippNumber(last[i] ?? '');
  });
  return row;
}

/** Plain numbers, and SIPp durations "HH:MM:SS:mmmuuu" as milliseconds. */
function parseSippNumber(text: string): number {
  const d = /^(\d+):(\d+):(\d+):(\d{3})(\d{3})$/.exec(text);
  if (d !== null) {
    const [, h, m, s, ms, us] = d.map(Number) as [number, number, number, number, number, number];
    return ((h * 60 + m) * 60 + s) * 1000 + ms + us / 1000;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

function readStats(dir: string, exitCode: number | null): SippStats {
  const stat = lastRow(join(dir, 'stat.csv'));
  const counts = lastRow(findFile(dir, '_counts.csv'));
  let retransSent = 0;
  let retransRecv = 0;
  for (const [name, value] of Object.entries(counts)) {
    const m = /^(\d+_[^_]+)_Retrans$/.exec(name);
    if (m === null || !Number.isFinite(value)) continue;
    if (`${m[1]}_Recv` in counts) retransRecv += value;
    else retransSent += value;
  }
  let errors = '';
  try {
    errors = readFileSync(join(dir, 'errors.log'), 'utf8').slice(0, 1500);
  } catch {
    // No error file: nothing went wrong.
  }
  const num = (k: string): number => (Number.isFinite(stat[k]) ? (stat[k] as number) : 0);
  return {
    exitCode,
    created: num('OutgoingCall(C)') + num('IncomingCall(C)'),
    successful: num('SuccessfulCall(C)'),
    failed: num('FailedCall(C)'),
    retransSent,
    retransRecv,
    setupMsMean: stat['ResponseTimesetup(C)'] ?? Number.NaN,
    errors,
  };
}
