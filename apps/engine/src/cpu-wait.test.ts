import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuWaitRecorder } from './cpu-wait';

describe('CpuWaitRecorder', () => {
  it('gives the run and wait time since the last reset, and the waiting share', () => {
    // schedstat: ns on a CPU, ns waiting to run, timeslices.
    const stats = ['1000000000 500000000 10', '1080000000 520000000 14', '1100000000 600000000 15'];
    let i = 0;
    const r = new CpuWaitRecorder(() => stats[Math.min(i, stats.length - 1)] as string);
    i = 1;
    expect(r.read()).toEqual({ runMs: 80, waitMs: 20, waitShare: 0.2 });
    r.reset();
    i = 2;
    expect(r.read()).toEqual({ runMs: 20, waitMs: 80, waitShare: 0.8 });
  });

  it('has no figures where the kernel gives none', () => {
    const missing = new CpuWaitRecorder(() => {
      throw new Error('ENOENT');
    });
    expect(missing.read()).toBeUndefined();
    expect(new CpuWaitRecorder(() => 'garbage').read()).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('reads this thread on Linux: busy work shows as run time', () => {
    expect(existsSync('/proc/thread-self/schedstat')).toBe(true);
    const r = new CpuWaitRecorder();
    const until = performance.now() + 30;
    while (performance.now() < until); // 30 ms on the CPU, or waiting for it
    const w = r.read();
    expect(w).toBeDefined();
    expect((w?.runMs ?? 0) + (w?.waitMs ?? 0)).toBeGreaterThan(20);
  });
});
