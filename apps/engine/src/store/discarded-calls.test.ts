import { describe, expect, it } from 'vitest';
import { DiscardedCalls } from './discarded-calls';

describe('DiscardedCalls', () => {
  it('remembers a call for ten minutes, then forgets it', () => {
    const d = new DiscardedCalls();
    d.add('c1', 1_000);
    expect(d.has('c1', 1_000 + 10 * 60_000)).toBe(true);
    expect(d.has('c2', 1_000)).toBe(false);
    expect(d.has('c1', 1_001 + 10 * 60_000)).toBe(false);
    expect(d.has('c1', 1_000)).toBe(false); // forgotten, not only hidden
  });

  it('keeps at most 100,000 calls, dropping the oldest', () => {
    const d = new DiscardedCalls();
    for (let i = 0; i <= 100_000; i++) d.add(`c${i}`, 0);
    expect(d.has('c0', 0)).toBe(false);
    expect(d.has('c1', 0)).toBe(true);
    expect(d.has('c100000', 0)).toBe(true);
  });
});
