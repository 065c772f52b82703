// Gives the heap back after a burst of calls, while the SIP thread is idle.
//
// A burst grows V8's heap: every call leaves transactions that wait out their 32-s timers, and
// the old generation's limit rises with them. Once the burst is over, too little is allocated to
// start the full collection that would find them dead, so the heap keeps its size (RSS stayed at
// 1.3 GB for minutes after 30 s at 3,200 calls/s), and that collection comes with the next burst
// instead: in the benchmark, the first full collection of a run that followed an overloaded one
// freed 700 MB, and the young collection right after it held the SIP thread for 60–70 ms. A full
// collection while the event loop is idle does the same work where no call waits for it.
//
// Only what an overload took, not what an ordinary burst grew: collecting the heap down to what is
// live sets V8's next limits just above that, and the next burst pays for growing it again (with
// V8's memory reducer, which does the same, off: v8-tuning.ts). A 10-s run at 2,700 calls/s left
// about 200 MB of heap in use, which is kept; one that collapsed (90,000 transactions
// retransmitting) over 400 MB, which is given back. So the threshold is 384 MB of growth.
//
// When: the loop has been idle for a few seconds, the heap has grown well past its smallest size,
// and most of what grew it is gone: the SIP transactions alive have fallen to a tenth of their
// peak. Collecting right after a burst, with its transactions still waiting out their timers,
// froze the loop for 55 ms and gave back 29 MB of 140 (2,500 calls/s for 15 s); 32 s later the
// same collection finds nearly all of it dead.

import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface HeapReleaseOptions {
  /** Time between two looks (ms). */
  readonly everyMs: number;
  /** Share of a look's interval the event loop may have been busy and still count as idle. */
  readonly idleBelow: number;
  /** Idle looks in a row before collecting. */
  readonly idleLooks: number;
  /** Collect only when the heap has grown by this many bytes since the smallest size seen… */
  readonly minGrowthBytes: number;
  /** …and to this multiple of it. */
  readonly minGrowthFactor: number;
  /** Collect only once the pending work has fallen to this share of its peak since the last one. */
  readonly pendingShare: number;
}

export const DEFAULT_HEAP_RELEASE: HeapReleaseOptions = {
  everyMs: 1000,
  idleBelow: 0.1,
  idleLooks: 3,
  minGrowthBytes: 384 * 1024 * 1024,
  minGrowthFactor: 2,
  pendingShare: 0.1,
};

/** What the policy reads and does; the real one is V8's (heapProbe), tests give their own. */
export interface HeapProbe {
  /** Share of the time since the last call that the event loop was busy, 0–1. */
  busy(): number;
  /** Bytes the heap holds from the system (V8's total heap size). */
  heapBytes(): number;
  /** A full, blocking garbage collection. */
  collect(): void;
  /** How much short-lived state is alive: what a burst leaves behind (the SIP transactions). */
  pending(): number;
}

export interface HeapReleaseStats {
  readonly releases: number;
  readonly lastPauseMs: number | undefined;
  /** Heap bytes given back by the last release (total heap size before − after). */
  readonly lastFreedBytes: number | undefined;
}

/** The decision, one look at a time (no timer of its own). */
export class IdleHeapRelease {
  private idleLooks = 0;
  private smallest: number;
  private peakPending = 0;
  private releases = 0;
  private lastPauseMs: number | undefined;
  private lastFreedBytes: number | undefined;

  constructor(
    private readonly probe: HeapProbe,
    private readonly options: HeapReleaseOptions = DEFAULT_HEAP_RELEASE,
  ) {
    this.smallest = probe.heapBytes();
  }

  /** One look; true when it collected. */
  look(): boolean {
    const heap = this.probe.heapBytes();
    // V8's own collections shrink the heap too: growth counts from the smallest size seen.
    this.smallest = Math.min(this.smallest, heap);
    this.idleLooks = this.probe.busy() < this.options.idleBelow ? this.idleLooks + 1 : 0;
    const pending = this.probe.pending();
    this.peakPending = Math.max(this.peakPending, pending);
    const grown =
      heap - this.smallest >= this.options.minGrowthBytes &&
      heap >= this.smallest * this.options.minGrowthFactor;
    const gone = pending <= this.peakPending * this.options.pendingShare;
    if (!grown || !gone || this.idleLooks < this.options.idleLooks) return false;
    const t0 = performance.now();
    this.probe.collect();
    this.lastPauseMs = performance.now() - t0;
    const after = this.probe.heapBytes();
    this.lastFreedBytes = heap - after;
    this.releases++;
    this.idleLooks = 0;
    this.peakPending = pending;
    // What survived is the new floor: a heap that stays large with live calls is not collected again.
    this.smallest = after;
    return true;
  }

  stats(): HeapReleaseStats {
    return { releases: this.releases, lastPauseMs: this.lastPauseMs, lastFreedBytes: this.lastFreedBytes };
  }
}

/**
 * V8's full collection as a function: the one `node --expose-gc` installs, else the same function
 * taken from a fresh context with the flag on for a moment (the flag only decides whether new
 * contexts get `gc`; it is switched off again so that no later context does).
 */
export function fullCollection(): (() => void) | undefined {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/** This process's event loop and V8 heap. */
export function heapProbe(collect: () => void, pending: () => number): HeapProbe {
  let since = performance.eventLoopUtilization();
  return {
    busy() {
      const now = performance.eventLoopUtilization();
      const share = performance.eventLoopUtilization(now, since).utilization;
      since = now;
      return share;
    },
    heapBytes: () => v8.getHeapStatistics().total_heap_size,
    collect,
    pending,
  };
}

// One per process (the heap is the process's), shared by every engine in it (tests start many):
// their pending counts add up.
let running: { policy: IdleHeapRelease; timer: NodeJS.Timeout; pendings: Set<() => number> } | undefined;

/**
 * Starts the idle release for this process (once) and adds `pending` (the caller's transactions
 * alive) to what it waits for; the returned function takes it out, and the last one stops it.
 */
export function retainIdleHeapRelease(
  pending: () => number,
  options: HeapReleaseOptions = DEFAULT_HEAP_RELEASE,
): () => void {
  if (running === undefined) {
    const collect = fullCollection();
    if (collect === undefined) return () => undefined;
    const pendings = new Set<() => number>();
    const total = (): number => {
      let n = 0;
      for (const p of pendings) n += p();
      return n;
    };
    const policy = new IdleHeapRelease(heapProbe(collect, total), options);
    const timer = setInterval(() => policy.look(), options.everyMs);
    timer.unref();
    running = { policy, timer, pendings };
  }
  const mine = running;
  // A function of its own per caller, so that the same one given twice counts twice.
  const entry = (): number => pending();
  mine.pendings.add(entry);
  return () => {
    if (!mine.pendings.delete(entry)) return;
    if (mine.pendings.size === 0 && running === mine) {
      clearInterval(mine.timer);
      running = undefined;
    }
  };
}

/** Figures of the running release, for GET /api/metrics. */
export function idleHeapReleaseStats(): HeapReleaseStats | undefined {
  return running?.policy.stats();
}
