// What full tracing costs, measured side by side: an engine with the flow's trace level at full
// and one with it off, both warm, take turns at the same rate, and each pair gives full ÷ off CPU
// per call. The two stepped runs (full, off) are minutes apart, and this machine's speed drifts by
// more than the 10 % budget over that time (the speed probe read 41 ms before one and 44 before
// the other): their ratio went from −14 % to +19 % between runs of the same code. Alternating
// within a pair, and starting every other pair with the other engine, leaves drift slower than a
// minute out of the ratio.
import { median } from './stats';
import type { StepResult } from './step';
import { stepPasses } from './step';
import type { SystemUnderTest } from './sut';

export interface TraceCostPair {
  /** CPU seconds per 1,000 calls with full tracing and with tracing off. */
  readonly full: number;
  readonly off: number;
}

export interface TraceCostResult {
  readonly rate: number;
  readonly stepSec: number;
  readonly pairs: TraceCostPair[];
  /** Pairs left out because a run failed calls (a failing run's CPU per call says little). */
  readonly failedPairs: number;
  /** Median over the pairs of full ÷ off − 1; NaN without a pair. */
  readonly overhead: number;
}

export interface TraceCostInput {
  readonly full: SystemUnderTest;
  readonly off: SystemUnderTest;
  readonly rate: number;
  readonly pairs: number;
  readonly stepSec: number;
  /** Runs one counted step of `sut` at `rate` (the benchmark's runCountedStep). */
  readonly step: (sut: SystemUnderTest, run: number) => Promise<StepResult>;
}

/** full ÷ off − 1 of each pair, median; pairs with a failed run are counted apart. */
export function traceCostOf(pairs: readonly { full: StepResult; off: StepResult }[]): {
  pairs: TraceCostPair[];
  failedPairs: number;
  overhead: number;
} {
  const kept = pairs.filter((p) => stepPasses(p.full) && stepPasses(p.off));
  const cpu = kept.map((p) => ({ full: p.full.cpuPer1000, off: p.off.cpuPer1000 }));
  return {
    pairs: cpu,
    failedPairs: pairs.length - kept.length,
    overhead: cpu.length === 0 ? Number.NaN : median(cpu.map((p) => p.full / p.off)) - 1,
  };
}

export async function measureTraceCost(input: TraceCostInput): Promise<TraceCostResult> {
  // One run each first, not counted: both engines warm (JIT, heap) before the pairs.
  await input.step(input.full, 0);
  await input.step(input.off, 0);
  const runs: { full: StepResult; off: StepResult }[] = [];
  for (let i = 1; i <= input.pairs; i++) {
    const order = i % 2 === 1 ? (['full', 'off'] as const) : (['off', 'full'] as const);
    const got: Partial<Record<'full' | 'off', StepResult>> = {};
    for (const which of order) got[which] = await input.step(input[which], i);
    runs.push({ full: got.full as StepResult, off: got.off as StepResult });
  }
  return { rate: input.rate, stepSec: input.stepSec, ...traceCostOf(runs) };
}
