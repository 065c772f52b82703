import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_RELEASE, fullCollection, IdleHeapRelease } from './idle-heap-release';
import type { HeapProbe, HeapReleaseOptions } from './idle-heap-release';

const MB = 1024 * 1024;
const OPTIONS: HeapReleaseOptions = {
  everyMs: 1000,
  idleBelow: 0.1,
  idleLooks: 3,
  minGrowthBytes: 64 * MB,
  minGrowthFactor: 2,
  pendingShare: 0.1,
};

/** A heap that the test sizes by hand and that a collection shrinks to `live`. */
function fakeHeap(startMb: number) {
  const state = { heap: startMb * MB, live: startMb * MB, busy: 0, pending: 0, collections: 0 };
  const probe: HeapProbe = {
    busy: () => state.busy,
    heapBytes: () => state.heap,
    pending: () => state.pending,
    collect: () => {
      state.collections++;
      state.heap = state.live;
    },
  };
  return { state, probe };
}

describe('IdleHeapRelease', () => {
  it('collects a grown heap after three idle looks in a row', () => {
    const { state, probe } = fakeHeap(40);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 700 * MB; // a burst
    state.busy = 0.9;
    expect(release.look()).toBe(false); // busy: never while calls come in
    state.busy = 0.02;
    expect(release.look()).toBe(false);
    expect(release.look()).toBe(false);
    state.live = 50 * MB;
    expect(release.look()).toBe(true);
    expect(state.collections).toBe(1);
    expect(release.stats()).toMatchObject({ releases: 1, lastFreedBytes: 650 * MB });
  });

  it('waits until the transactions the burst left have fallen to a tenth of their peak', () => {
    const { state, probe } = fakeHeap(40);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 700 * MB;
    state.pending = 100_000; // the burst's transactions waiting out their 32-s timers
    state.busy = 0.9;
    release.look();
    state.busy = 0;
    for (const pending of [100_000, 60_000, 20_000, 10_001]) {
      state.pending = pending;
      expect(release.look()).toBe(false);
    }
    state.pending = 10_000;
    state.live = 40 * MB;
    expect(release.look()).toBe(true);
  });

  it('starts counting idle looks again after a busy one', () => {
    const { state, probe } = fakeHeap(40);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 500 * MB;
    for (const busy of [0, 0, 0.5, 0, 0]) {
      state.busy = busy;
      expect(release.look()).toBe(false);
    }
    state.busy = 0;
    expect(release.look()).toBe(true);
  });

  it('leaves a heap alone that has not grown by both the bytes and the factor', () => {
    const { state, probe } = fakeHeap(40);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 70 * MB; // less than 64 MB more
    for (let i = 0; i < 5; i++) expect(release.look()).toBe(false);
    const big = fakeHeap(200);
    const bigRelease = new IdleHeapRelease(big.probe, OPTIONS);
    big.state.heap = 300 * MB; // 100 MB more, but not twice the size
    for (let i = 0; i < 5; i++) expect(bigRelease.look()).toBe(false);
    expect(state.collections + big.state.collections).toBe(0);
  });

  it('counts growth from what survived the last collection, so live calls are not collected again and again', () => {
    const { state, probe } = fakeHeap(40);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 600 * MB;
    state.live = 400 * MB; // many calls still up
    for (let i = 0; i < 3; i++) release.look();
    expect(state.collections).toBe(1);
    for (let i = 0; i < 10; i++) release.look();
    expect(state.collections).toBe(1);
  });

  it('counts growth from a heap V8 shrank by itself', () => {
    const { state, probe } = fakeHeap(200);
    const release = new IdleHeapRelease(probe, OPTIONS);
    state.heap = 40 * MB; // V8's own full collection
    release.look();
    state.heap = 200 * MB;
    state.live = 40 * MB;
    expect(release.look()).toBe(false); // the second idle look
    expect(release.look()).toBe(true);
  });
});

describe('the default threshold', () => {
  /** Three idle looks after a burst that left the heap at `grownMb`; true if it collected. */
  function afterBurst(grownMb: number): boolean {
    const { state, probe } = fakeHeap(30);
    const release = new IdleHeapRelease(probe, DEFAULT_HEAP_RELEASE);
    state.heap = grownMb * MB;
    state.live = 30 * MB;
    let collected = false;
    for (let i = 0; i < DEFAULT_HEAP_RELEASE.idleLooks; i++) collected = release.look() || collected;
    return collected;
  }

  it('keeps what an ordinary burst grew, so that the next one starts warm', () => {
    expect(afterBurst(250)).toBe(false); // a 10-s run at 2,700 calls/s
    expect(afterBurst(400)).toBe(false);
  });

  it('gives back what an overload took', () => {
    expect(afterBurst(450)).toBe(true);
    expect(afterBurst(1300)).toBe(true);
  });
});

describe('fullCollection', () => {
  it('gives a working full collection without --expose-gc, and leaves no gc for later contexts', async () => {
    const gc = fullCollection();
    expect(typeof gc).toBe('function');
    const holder: { garbage?: number[][] } = {
      garbage: Array.from({ length: 400 }, () => Array.from({ length: 10_000 }, (_, k) => k)),
    };
    const withGarbage = v8.getHeapStatistics().used_heap_size;
    expect(holder.garbage?.length).toBe(400);
    delete holder.garbage;
    gc?.();
    expect(withGarbage - v8.getHeapStatistics().used_heap_size).toBeGreaterThan(20 * MB);
    const { runInNewContext } = await import('node:vm');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
