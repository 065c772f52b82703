import { describe, expect, it } from 'vitest';
import { ShardedMap } from './sharded-map';

describe('ShardedMap', () => {
  it('gets, replaces, counts and deletes like a Map', () => {
    const m = new ShardedMap<number>();
    for (let i = 0; i < 1000; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(m.get(`k${i}`)).toBe(i);
    m.set('k5', 55);
    expect(m.get('k5')).toBe(55);
    expect(m.size).toBe(1000);
    expect(m.delete('k5')).toBe(true);
    expect(m.delete('k5')).toBe(false);
    expect(m.get('k5')).toBeUndefined();
    expect(m.has('k5')).toBe(false);
    expect(m.has('k6')).toBe(true);
    expect(m.size).toBe(999);
  });

  it('spreads keys that differ only in a counter in the middle (a peer’s branches) over the shards', () => {
    const m = new ShardedMap<number>();
    for (let i = 0; i < 64_000; i++) m.set(`z9hG4bK-4242-${i}-0|127.0.0.1:5060|INVITE`, i);
    const sizes = m.shardSizes();
    expect(sizes).toHaveLength(64);
    expect(Math.max(...sizes)).toBeLessThan(2 * (64_000 / 64));
    expect(Math.min(...sizes)).toBeGreaterThan(64_000 / 64 / 2);
  });

  it('iterates every value while they are deleted, and clears', () => {
    const m = new ShardedMap<number>(2);
    for (let i = 0; i < 20; i++) m.set(`k${i}`, i);
    const seen: number[] = [];
    for (const v of m.values()) {
      seen.push(v);
      m.delete(`k${v}`);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(m.size).toBe(0);
    m.set('a', 1);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('a')).toBeUndefined();
  });
});
