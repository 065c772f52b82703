import { describe, expect, it } from 'vitest';
import { proxySummary } from './proxy-report';
import type { StepResult } from './step';
import { measureTraceCost, traceCostOf } from './trace-cost';
import type { SystemUnderTest } from './sut';

function step(system: string, cpuPer1000: number, failRatio = 0): StepResult {
  return { system, cpuPer1000, failRatio, behind: false } as unknown as StepResult;
}

describe('traceCostOf', () => {
  it('takes the median of the pairs’ ratios, not the ratio of medians', () => {
    const c = traceCostOf([
      { full: step('full', 0.55), off: step('off', 0.5) }, // +10 %
      { full: step('full', 0.42), off: step('off', 0.4) }, // +5 %: the machine sped up
      { full: step('full', 0.6), off: step('off', 0.5) }, // +20 %
    ]);
    expect(c.overhead).toBeCloseTo(0.1, 10);
    expect(c.pairs).toHaveLength(3);
  });

  it('leaves out a pair with a failing run, and says so', () => {
    const c = traceCostOf([
      { full: step('full', 0.55), off: step('off', 0.5) },
      { full: step('full', 1.2, 0.2), off: step('off', 0.5) },
    ]);
    expect(c.failedPairs).toBe(1);
    expect(c.overhead).toBeCloseTo(0.1, 10);
    expect(traceCostOf([]).overhead).toBeNaN();
  });
});

describe('measureTraceCost', () => {
  it('warms both engines, then alternates which one runs first', async () => {
    const full = { name: 'patchbay' } as SystemUnderTest;
    const off = { name: 'patchbay-trace-off' } as SystemUnderTest;
    const order: string[] = [];
    const r = await measureTraceCost({
      full,
      off,
      rate: 1500,
      pairs: 3,
      stepSec: 10,
      step: async (sut, run) => {
        order.push(`${sut === full ? 'full' : 'off'}${run}`);
        return step(sut.name, sut === full ? 0.55 : 0.5);
      },
    });
    expect(order).toEqual(['full0', 'off0', 'full1', 'off1', 'off2', 'full2', 'full3', 'off3']);
    expect(r.pairs).toHaveLength(3);
    expect(r.overhead).toBeCloseTo(0.1, 10);
  });
});

describe('the tracing target', () => {
  it('uses the alternated pairs when they ran, and says so', () => {
    const traceCost = {
      rate: 1500,
      stepSec: 10,
      pairs: [{ full: 0.6, off: 0.5 }],
      failedPairs: 0,
      overhead: 0.2,
    };
    const s = proxySummary({ traceCost });
    const t = s.targets.find((x) => x.what.startsWith('tracing cost'));
    expect(t?.what).toContain('alternated at 1500 cps, median of 1 pairs');
    expect(t?.met).toBe(false);
    expect(s.traceCpuOverhead).toBe(0.2);
  });
});
