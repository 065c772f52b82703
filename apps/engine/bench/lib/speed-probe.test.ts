import { describe, expect, it } from 'vitest';
import { speedProbeMs } from './speed-probe';

describe('speedProbeMs', () => {
  it('times the fixed work in milliseconds', () => {
    const ms = speedProbeMs();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
  });
});
