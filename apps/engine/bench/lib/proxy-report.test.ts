import { describe, expect, it } from 'vitest';
import { proxySummary } from './proxy-report';
import type { RampResult, RateSummary } from './ramp';
import type { StepResult } from './step';

function rate(r: number, pass: boolean, maxLoopMaxMs: number): RateSummary {
  return {
    rate: r,
    runs: 3,
    pass,
    zeroFailed: pass,
    medianFailRatio: pass ? 0 : 0.2,
    medianCpuPer1000: 0.4,
    medianSutCores: 1,
    medianMachineBusy: 0.6,
    medianLoopP99Ms: 4,
    maxLoopMaxMs,
    retransPerCall: 0,
  };
}

function ramp(system: string, rates: RateSummary[]): RampResult {
  const passed = rates.filter((x) => x.pass);
  return { system, steps: [], rates, maxRate: passed.at(-1)?.rate, maxRateZeroFailed: passed.at(-1)?.rate };
}

describe('proxySummary', () => {
  const patchbay = ramp('patchbay', [rate(2000, true, 6), rate(3000, true, 17.5), rate(3500, false, 60)]);

  it('reports the loop delay of the max rate as the stall: the metrics already leave out the sampling interval', () => {
    const s = proxySummary({ patchbay });
    expect(s.loopStallAtMaxMs).toBe(17.5);
    const stall = s.targets.find((t) => t.what.startsWith('event-loop stall'));
    expect(stall?.what).toContain('3000 cps');
    expect(stall?.met).toBe(false);
  });

  it('says what the run with the longest stall at the max rate saw: its longest GC pause, its wait for a core', () => {
    const step = (max: number, gcMaxMs: number, cpuWaitShare: number): StepResult =>
      ({ rate: 3000, loopDelayMs: { p50: 1, p99: 4, max, gcMaxMs, cpuWaitShare } }) as unknown as StepResult;
    const withSteps = { ...patchbay, steps: [step(9, 8, 0.02), step(17.5, 6.2, 0.11), step(12, 9, 0.05)] };
    const stall = proxySummary({ patchbay: withSteps }).targets.find((t) =>
      t.what.startsWith('event-loop stall'),
    );
    expect(stall?.value).toBe(
      '17.5 ms (that run: longest GC pause 6.2 ms, waiting for a core 11 % of its time)',
    );
    // Without step figures (Kamailio, older results) the value is the stall alone.
    expect(proxySummary({ patchbay }).targets.find((t) => t.what.startsWith('event-loop stall'))?.value).toBe(
      '17.5 ms',
    );
  });

  it('meets the stall target at 10 ms and under', () => {
    const s = proxySummary({ patchbay: ramp('patchbay', [rate(3000, true, 10)]) });
    expect(s.targets.find((t) => t.what.startsWith('event-loop stall'))?.met).toBe(true);
  });

  it('divides the max rates for the ratio to Kamailio', () => {
    const kamailio = {
      ...ramp('kamailio', [rate(3000, true, 1), rate(4000, true, 1)]),
      version: '5.6',
      children: 2,
    };
    expect(proxySummary({ patchbay, kamailio }).rateRatio).toBe(0.75);
  });
});
