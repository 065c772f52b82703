import { describe, expect, it } from 'vitest';
import { fullCollection } from './idle-heap-release';
import { GcPauseRecorder } from './gc-pauses';

describe('GcPauseRecorder', () => {
  it('counts, sums and keeps the longest pause per kind until reset', () => {
    const r = new GcPauseRecorder();
    try {
      r.reset();
      r.record('minor', 2);
      r.record('minor', 5.5);
      r.record('major', 9);
      expect(r.read().minor).toEqual({ count: 2, totalMs: 7.5, maxMs: 5.5 });
      expect(r.read().major).toEqual({ count: 1, totalMs: 9, maxMs: 9 });
      r.reset();
      expect(r.read().minor).toEqual({ count: 0, totalMs: 0, maxMs: 0 });
    } finally {
      r.stop();
    }
  });

  it('sees a real full collection as a major pause', async () => {
    const r = new GcPauseRecorder();
    try {
      fullCollection()?.();
      // Observers are told after the collection, from a later task.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(r.read().major.count).toBeGreaterThanOrEqual(1);
      expect(r.read().major.maxMs).toBeGreaterThan(0);
    } finally {
      r.stop();
    }
  });
});
