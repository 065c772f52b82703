import { describe, expect, it } from 'vitest';
import { textHash64 } from './text-hash';

describe('textHash64', () => {
  it('is stable, 16 hex digits, and tells near-identical inputs apart', () => {
    expect(textHash64('sip:bob@example.com\nabc')).toBe(textHash64('sip:bob@example.com\nabc'));
    expect(textHash64('')).toMatch(/^[0-9a-f]{16}$/);
    const seen = new Set<string>();
    // CSeq numbers 1..20000 on one otherwise fixed request: no collision, even in 12 digits.
    for (let i = 1; i <= 20_000; i++) seen.add(textHash64(`sip:bob@x\ntag1\n\ncall@x\n${i}`).slice(0, 12));
    expect(seen.size).toBe(20_000);
  });
});
