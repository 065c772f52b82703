import { describe, expect, it } from 'vitest';
import { randomHex } from './random-token';

describe('randomHex', () => {
  it('gives hex of the asked length, different every time, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const token = randomHex(8);
      expect(token).toMatch(/^[0-9a-f]{16}$/);
      seen.add(token);
    }
    // 2000 × 8 bytes is four refills of the 4 KiB pool; a repeat would mean reused bytes.
    expect(seen.size).toBe(2000);
  });

  it('refuses more than the pool holds', () => {
    expect(() => randomHex(5000)).toThrow(RangeError);
  });
});
