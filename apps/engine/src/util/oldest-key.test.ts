import { describe, expect, it } from 'vitest';
import { OldestKey } from './oldest-key';

describe('OldestKey', () => {
  it('gives keys oldest first, skipping deleted ones and finding re-added ones at the end', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const oldest = new OldestKey(m);
    expect(oldest.next()).toBe('a');
    m.delete('a');
    m.delete('b');
    m.set('b', 4); // re-added: now the newest
    m.set('d', 5);
    expect(oldest.next()).toBe('c');
    m.delete('c');
    expect(oldest.next()).toBe('b');
    m.delete('b');
    expect(oldest.next()).toBe('d');
    m.delete('d');
    expect(oldest.next()).toBeUndefined();
    m.set('e', 6); // after the cursor ran out
    expect(oldest.next()).toBe('e');
  });

  it('keeps its place across rehashes and a clear', () => {
    const s = new Set<number>();
    const oldest = new OldestKey(s);
    for (let i = 0; i < 10_000; i++) s.add(i);
    for (let i = 0; i < 5_000; i++) {
      const k = oldest.next();
      expect(k).toBe(i);
      s.delete(k as number);
      s.add(10_000 + i); // grows and compacts the table underneath the cursor
    }
    expect(oldest.next()).toBe(5_000);
    s.clear();
    s.add(-1);
    expect(oldest.next()).toBe(-1);
  });
});
