// Benchmark settings: flags win over environment variables, which win over the defaults; --quick
// switches every default to a short smoke run (about two minutes) instead of the full one.
import { parseArgs } from 'node:util';

export const PHASES = ['patchbay', 'kamailio', 'trace-off', 'memory', 'profile'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  readonly only: 'all' | 'parse' | 'flow' | 'maps' | 'proxy';
  readonly quick: boolean;
  /** Offered call rates, calls/s, stepped up in this order. */
  readonly rates: readonly number[];
  /** Seconds of calls per step. */
  readonly stepSec: number;
  /** Runs per rate where it matters (a failing rate and the highest passing one); medians over them. */
  readonly reps: number;
  readonly heldCalls: number;
  /** Wait for the transactions' 32 s timers (L, M, J) before the second held-calls reading. */
  readonly waitTimers: boolean;
  readonly kamailioChildren: number;
  readonly phases: readonly Phase[];
  readonly parseRounds: number;
}

// Steps of 250 calls/s where both engines top out on this kind of machine: with 500, Patchbay's
// 2,500 against Kamailio's 3,500 could not tell 0.71 from 0.78.
const FULL_RATES = [
  100, 200, 400, 600, 800, 1000, 1300, 1600, 1800, 2000, 2250, 2500, 2750, 3000, 3250, 3500, 4000, 5000,
];
const QUICK_RATES = [100, 400, 800, 1300, 1600, 2000, 3000, 4000, 5000];

const flagSpec = {
  only: { type: 'string' },
  quick: { type: 'boolean' },
  rates: { type: 'string' },
  'step-sec': { type: 'string' },
  reps: { type: 'string' },
  'held-calls': { type: 'string' },
  'kamailio-children': { type: 'string' },
  phases: { type: 'string' },
  'parse-rounds': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export const USAGE = `Usage: npm run bench [-- options]   (each option also as an environment variable)
  --only parse|flow|maps|proxy  run one benchmark (default all)          BENCH_ONLY
  --quick                    short smoke run (3 s steps, 1 run per rate) BENCH_QUICK=1
  --rates 100,200,...        offered calls/s, stepped up                 BENCH_RATES
  --step-sec N               seconds of calls per step (default 10)      BENCH_STEP_SEC
  --reps N                   runs at a failing and at the top rate (3)   BENCH_REPS
  --held-calls N             calls held open for the memory test (10000) BENCH_HELD_CALLS
  --kamailio-children N      Kamailio UDP workers (default 2 = cores)    BENCH_KAMAILIO_CHILDREN
  --phases a,b               of ${PHASES.join(', ')}                    BENCH_PHASES
  --parse-rounds N           rounds of the parser micro-benchmark (15)   BENCH_PARSE_ROUNDS
  (environment only)          extra node flags for the engine, e.g.      BENCH_NODE_FLAGS
                             "--max-semi-space-size=32"
  (environment only)          append the engine's output, each line      BENCH_ENGINE_LOG
                             stamped with Date.now(), to this file
Results: apps/engine/bench/results/ (JSON + Markdown).`;

export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({ args: [...argv], options: flagSpec, strict: true });
  if (values.help === true) return 'help';
  const quick = values.quick === true || env['BENCH_QUICK'] === '1';
  const text = (flag: keyof typeof flagSpec, envName: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : env[envName];
  };
  const int = (flag: keyof typeof flagSpec, envName: string, def: number): number => {
    const raw = text(flag, envName);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`--${flag} / ${envName}: "${raw}" is not a positive integer`);
    return n;
  };
  const only = text('only', 'BENCH_ONLY') ?? 'all';
  if (only !== 'all' && only !== 'parse' && only !== 'flow' && only !== 'maps' && only !== 'proxy')
    throw new Error(`--only: "${only}" is not one of parse, flow, maps, proxy`);
  const ratesText = text('rates', 'BENCH_RATES');
  const rates =
    ratesText === undefined ? (quick ? QUICK_RATES : FULL_RATES) : ratesText.split(',').map(Number);
  if (rates.some((r) => !Number.isInteger(r) || r <= 0))
    throw new Error(`--rates: "${ratesText}" is not a list of calls/s`);
  const phasesText = text('phases', 'BENCH_PHASES');
  const phases = phasesText === undefined ? [...PHASES] : phasesText.split(',');
  const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`--phases: unknown ${unknown.join(', ')} (known: ${PHASES.join(', ')})`);
  return {
    only,
    quick,
    rates: [...rates].sort((a, b) => a - b),
    stepSec: int('step-sec', 'BENCH_STEP_SEC', quick ? 3 : 10),
    reps: int('reps', 'BENCH_REPS', quick ? 1 : 3),
    heldCalls: int('held-calls', 'BENCH_HELD_CALLS', quick ? 1000 : 10_000),
    waitTimers: !quick,
    kamailioChildren: int('kamailio-children', 'BENCH_KAMAILIO_CHILDREN', 2),
    phases: phases as Phase[],
    parseRounds: int('parse-rounds', 'BENCH_PARSE_ROUNDS', quick ? 5 : 15),
  };
}
