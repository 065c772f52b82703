// The garbage collector's pauses of the SIP thread, by kind, over a measuring window: what
// GET /api/metrics puts beside the event-loop delay, so that a stall can be told apart as the
// collector's or something else's (a long task, the thread waiting for a CPU).
import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';

export interface PauseFigures {
  readonly count: number;
  /** Sum of the pauses, ms. */
  readonly totalMs: number;
  /** The longest pause, ms. */
  readonly maxMs: number;
}

export interface GcPauses {
  /** Young-generation collections (scavenges). */
  readonly minor: PauseFigures;
  /** Full collections: the final, blocking part of a mark-compact. */
  readonly major: PauseFigures;
  /** Incremental marking steps and weak callbacks. */
  readonly other: PauseFigures;
}

type Kind = keyof GcPauses;

class Tally {
  count = 0;
  totalMs = 0;
  maxMs = 0;

  add(ms: number): void {
    this.count++;
    this.totalMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  figures(): PauseFigures {
    const round = (ms: number): number => Math.round(ms * 100) / 100;
    return { count: this.count, totalMs: round(this.totalMs), maxMs: round(this.maxMs) };
  }
}

function freshTallies(): Record<Kind, Tally> {
  return { minor: new Tally(), major: new Tally(), other: new Tally() };
}

function kindOf(entry: PerformanceEntry): Kind {
  const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind;
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) return 'minor';
  if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) return 'major';
  return 'other';
}

/** Records the pauses from now on; read() gives those since the last reset(). */
export class GcPauseRecorder {
  private tallies = freshTallies();
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.record(kindOf(entry), entry.duration);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** One pause (the observer's path; tests call it directly). */
  record(kind: Kind, ms: number): void {
    this.tallies[kind].add(ms);
  }

  read(): GcPauses {
    return {
      minor: this.tallies.minor.figures(),
      major: this.tallies.major.figures(),
      other: this.tallies.other.figures(),
    };
  }

  reset(): void {
    this.tallies = freshTallies();
  }

  stop(): void {
    this.observer.disconnect();
  }
}
