// The proxy benchmark: Patchbay relaying SIPp calls with full tracing, the same run
// against Kamailio, Patchbay with tracing off, memory per held call, and a CPU profile.
// Run through run-benchmarks.ts (`npm run bench`); every process it starts is stopped at the end.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './lib/cpu-profile';
import type { ProfileSummary } from './lib/cpu-profile';
import { startEngine } from './lib/engine-process';
import type { Engine } from './lib/engine-process';
import { runHeldCalls } from './lib/held-calls';
import type { HeldCallsResult } from './lib/held-calls';
import { findKamailio, kamailioVersion, startKamailio } from './lib/kamailio-process';
import type { BenchOptions } from './lib/options';
import { uniquePort } from './lib/ports';
import { sleep } from './lib/processes';
import { proxyMarkdown, proxySummary } from './lib/proxy-report';
import { runCountedStep, runRamp } from './lib/ramp';
import type { RampResult } from './lib/ramp';
import { environment, fmt, RESULTS_DIR, stamp, writeResults } from './lib/results';
import type { Environment } from './lib/results';
import { setupTime } from './lib/setup-time';
import { speedProbeMs } from './lib/speed-probe';
import type { SetupTime } from './lib/setup-time';
import type { StepResult } from './lib/step';
import { measureTraceCost } from './lib/trace-cost';
import type { TraceCostResult } from './lib/trace-cost';

export interface ProxyBenchResult {
  readonly startedAt: string;
  readonly wallSec: number;
  readonly command: string;
  readonly options: BenchOptions;
  readonly environment: Environment;
  readonly patchbay?: RampResult;
  readonly setup?: { readonly rate: number; readonly step: StepResult; readonly time: SetupTime };
  readonly kamailio?: RampResult & { readonly version: string; readonly children: number };
  readonly kamailioSkipped?: string;
  readonly traceOff?: RampResult;
  /** Full tracing against off, alternated at one rate (lib/trace-cost.ts). */
  readonly traceCost?: TraceCostResult;
  readonly memory?: HeldCallsResult;
  readonly profile?: {
    readonly rate: number;
    readonly step: StepResult;
    readonly file: string;
    readonly summary: ProfileSummary;
  };
  /** The machine speed probe (lib/speed-probe.ts, ms, lower is faster) before each phase and at the end. */
  readonly speedProbeMs: Record<string, number>;
  readonly summary: ReturnType<typeof proxySummary>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const log = (line: string): void => console.log(line);

export async function runProxyBench(options: BenchOptions, command: string): Promise<ProxyBenchResult> {
  const started = new Date();
  const work = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
  const out: Partial<Mutable<ProxyBenchResult>> = {};
  const has = (p: BenchOptions['phases'][number]): boolean => options.phases.includes(p);
  const uasPort = await uniquePort();
  const speed: Record<string, number> = {};
  const probe = (at: string): void => {
    speed[at] = speedProbeMs();
    log(`(machine speed probe, ${at}: ${speed[at]} ms)`);
  };
  const ramp = (sut: Parameters<typeof runRamp>[0]['sut'], rates = options.rates): Promise<RampResult> =>
    runRamp({ sut, uasPort, rates, stepSec: options.stepSec, reps: options.reps, log });
  try {
    if (has('patchbay')) {
      probe('patchbay');
      log(`\n== Patchbay, full tracing: stepped run (${options.stepSec} s steps) ==`);
      await withEngine(join(work, 'full'), uasPort, {}, async (engine) => {
        out.patchbay = await ramp(engine);
        log(
          `Patchbay max rate: ${out.patchbay.maxRate ?? 'none'} cps (<0.1 % failed), ${out.patchbay.maxRateZeroFailed ?? 'none'} cps (0 failed)`,
        );
        const rate = roundRate((out.patchbay.maxRate ?? options.rates[0] ?? 100) / 2);
        log(`\n== Patchbay: setup time at half the max rate (${rate} cps) ==`);
        const { counted: step } = await runCountedStep(
          { sut: engine, uasPort, rate, run: 1, stepSec: options.stepSec },
          log,
        );
        await sleep(1500); // the trace writer flushes every turn of the loop; give it a moment
        const time = setupTime(engine.dbPath, step.startedAt - 100, step.endedAt);
        out.setup = { rate, step, time };
        log(
          `added setup time p50 ${time.addedMs.p50.toFixed(3)} ms, p99 ${time.addedMs.p99.toFixed(3)} ms over ${time.calls} calls`,
        );
      });
    }
    if (has('kamailio')) {
      const bin = findKamailio();
      if (bin === undefined) {
        out.kamailioSkipped = 'kamailio is not installed (apt-get install -y kamailio)';
        log(`\n== Kamailio: skipped, ${out.kamailioSkipped} ==`);
      } else {
        probe('kamailio');
        log(`\n== Kamailio (${options.kamailioChildren} UDP workers): stepped run ==`);
        const sut = await startKamailio(bin, uasPort, options.kamailioChildren);
        try {
          const r = await ramp(sut);
          out.kamailio = { ...r, version: kamailioVersion(bin), children: options.kamailioChildren };
          log(
            `Kamailio max rate: ${r.maxRate ?? 'none'} cps (<0.1 % failed), ${r.maxRateZeroFailed ?? 'none'} cps (0 failed)`,
          );
        } finally {
          await sut.stop();
        }
      }
    }
    if (has('trace-off')) {
      probe('trace-off');
      log(`\n== Patchbay, the flow's trace level off: stepped run ==`);
      await withEngine(join(work, 'off'), uasPort, { traceOff: true }, async (engine) => {
        out.traceOff = await ramp(engine);
        log(`Patchbay (trace off) max rate: ${out.traceOff.maxRate ?? 'none'} cps`);
      });
      const top = Math.min(out.traceOff?.maxRate ?? 400, out.patchbay?.maxRate ?? Infinity);
      const rate = roundRate(top * 0.75);
      log(`\n== Tracing cost: full and off alternated at ${rate} cps, ${options.reps} pairs ==`);
      // Two fresh engines, the ladder's stopped: it had just run into overload, and what that left
      // (a grown heap, collections) made it the slower of a pair (−4.4 % for tracing).
      const pairs = async (full: Engine, off: Engine): Promise<void> => {
        const cost = await measureTraceCost({
          full,
          off,
          rate,
          pairs: options.reps,
          stepSec: options.stepSec,
          step: async (sut, run) =>
            (await runCountedStep({ sut, uasPort, rate, run, stepSec: options.stepSec }, log)).counted,
        });
        out.traceCost = cost;
        log(
          `tracing cost: ${fmt(cost.overhead * 100, 1)} % CPU per call (median of ${cost.pairs.length} pairs` +
            `${cost.failedPairs > 0 ? `; ${cost.failedPairs} left out, a run failed calls` : ''})`,
        );
      };
      await withEngine(join(work, 'full-pairs'), uasPort, {}, (full) =>
        withEngine(join(work, 'off-pairs'), uasPort, { traceOff: true }, (off) => pairs(full, off)),
      );
    }
    if (has('memory')) {
      const max = out.patchbay?.maxRate;
      const rate = Math.min(500, roundRate(max === undefined ? 400 : max / 2));
      log(`\n== Patchbay: memory with ${options.heldCalls} calls held open (set up at ${rate} cps) ==`);
      await withEngine(join(work, 'memory'), uasPort, {}, async (engine) => {
        out.memory = await runHeldCalls({
          engine,
          uasPort,
          calls: options.heldCalls,
          rate,
          waitTimers: options.waitTimers,
          log,
        });
        log(
          `bytes per held call: ${Math.round(out.memory.addedBytesPerCall)} (RSS), ${Math.round(out.memory.addedHeapPerCall)} (heap), ` +
            `added by the second half of the calls; against idle ${Math.round(out.memory.bytesPerCall)} (RSS)`,
        );
      });
    }
    if (has('profile')) {
      const max = out.patchbay?.maxRate;
      const rate = roundRate(max === undefined ? 400 : max * 0.75);
      log(`\n== Patchbay under node --cpu-prof at ${rate} cps ==`);
      const dir = join(work, 'profile');
      let step: StepResult | undefined;
      await withEngine(dir, uasPort, { cpuProfDir: dir }, async (engine) => {
        step = (await runCountedStep({ sut: engine, uasPort, rate, run: 1, stepSec: options.stepSec }, log))
          .counted;
      });
      const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (name !== undefined && step !== undefined) {
        const file = join(RESULTS_DIR, `engine-${stamp()}.cpuprofile`);
        renameSync(join(dir, name), file);
        out.profile = { rate, step, file, summary: summariseProfile(file) };
        log(`profile: ${file}`);
      }
    }
    probe('end');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const result = {
    startedAt: started.toISOString(),
    wallSec: Math.round((Date.now() - started.getTime()) / 1000),
    command,
    options,
    environment: environment(),
    ...out,
    speedProbeMs: speed,
    summary: proxySummary(out),
  } as ProxyBenchResult;
  const files = writeResults('proxy-throughput', result, proxyMarkdown(result));
  console.log(`\n${proxyMarkdown(result)}\nWritten: ${files.slice(0, 2).join(', ')}`);
  return result;
}

async function withEngine(
  dir: string,
  uasPort: number,
  extra: { traceOff?: boolean; cpuProfDir?: string },
  body: (engine: Engine) => Promise<void>,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const engine = await startEngine({ uasPort, dir, ...extra });
  try {
    await body(engine);
  } finally {
    await engine.stop();
  }
}

function roundRate(rate: number): number {
  return Math.max(10, Math.round(rate / 10) * 10);
}
