// Where results go (apps/engine/bench/results/, git-ignored) and what every result file records
// about the machine and the code it was measured on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/results; a bundled benchmark (run from dist/) is told where it is by its parent. */
export const RESULTS_DIR =
  process.env['PATCHBAY_BENCH_RESULTS'] ?? join(dirname(fileURLToPath(import.meta.url)), '../results');

export interface Environment {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly gitHead: string;
  /** Files changed or untracked in the working tree when measured. */
  readonly gitDirtyFiles: number;
  readonly sipp: string;
}

export function environment(): Environment {
  const run = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch (err) {
      // SIPp -v exits 1 and prints its version anyway.
      return String((err as { stdout?: string }).stdout ?? '').trim();
    }
  };
  const sipp = /SIPp v[\d.]+/.exec(run(process.env['SIPP_BIN'] ?? '/usr/bin/sipp', ['-v']))?.[0] ?? 'unknown';
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    gitHead: run('git', ['rev-parse', '--short', 'HEAD']),
    gitDirtyFiles: run('git', ['status', '--porcelain'])
      .split('\n')
      .filter((l) => l !== '').length,
    sipp,
  };
}

/** Timestamp for file names: 20261128-150500. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Write NAME-STAMP.json/.md and NAME-latest.json/.md; returns the paths written. */
export function writeResults(name: string, json: unknown, markdown: string): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = `${name}-${stamp()}`;
  const files = [`${base}.json`, `${base}.md`, `${name}-latest.json`, `${name}-latest.md`];
  const text = JSON.stringify(json, null, 2);
  writeFileSync(join(RESULTS_DIR, files[0] as string), text);
  writeFileSync(join(RESULTS_DIR, files[1] as string), markdown);
  writeFileSync(join(RESULTS_DIR, files[2] as string), text);
  writeFileSync(join(RESULTS_DIR, files[3] as string), markdown);
  return files.map((f) => join(RESULTS_DIR, f));
}

/** A Markdown table from a header row and data rows. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A number for a report cell: fixed decimals, '–' when missing. */
export function fmt(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}
