// How long the SIP thread ran and how long it waited for a CPU while it had work, over a measuring
// window: what GET /api/metrics puts beside the event-loop delay and the collector's pauses. A
// stall the collector does not explain, with the thread waiting for a core a good share of the
// window, is the machine's (other processes, the collector's helper threads), not the engine's.
// Linux keeps both per thread in /proc/thread-self/schedstat (nanoseconds on a CPU, nanoseconds
// runnable but waiting, timeslices); elsewhere the figures are absent. The wait counts from each
// wake-up, so a lightly loaded thread, woken for every datagram and asleep between them, shows
// the scheduler's wake-up delay as much as contention: in the benchmark on a 2-core VM the share
// read 16–22 % at 100–600 calls/s and 3–6 % near the maximum rate, where the thread seldom sleeps.
import { readFileSync } from 'node:fs';

export interface CpuWait {
  /** Time on a CPU, ms. */
  readonly runMs: number;
  /** Time runnable but waiting for a CPU, ms. */
  readonly waitMs: number;
  /** waitMs ÷ (runMs + waitMs): of the time it had work, the share it could not run. */
  readonly waitShare: number;
}

type Reader = () => string;

/** Run and wait time (ns) of the calling thread, or undefined where the kernel does not say. */
function parseSchedstat(text: string): readonly [number, number] | undefined {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  if (run === undefined || wait === undefined || !Number.isFinite(run) || !Number.isFinite(wait))
    return undefined;
  return [run, wait];
}

/**
 * Reads the calling thread's figures at reset() and at read(); construct and call it on the SIP
 * thread. read() gives those since the last reset(), undefined where schedstat is not available.
 */
export class CpuWaitRecorder {
  private start: readonly [number, number] | undefined;

  constructor(private readonly readStat: Reader = () => readFileSync('/proc/thread-self/schedstat', 'utf8')) {
    this.start = this.sample();
  }

  read(): CpuWait | undefined {
    const now = this.sample();
    if (now === undefined || this.start === undefined) return undefined;
    const runMs = (now[0] - this.start[0]) / 1e6;
    const waitMs = (now[1] - this.start[1]) / 1e6;
    const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;
    return {
      runMs: round(runMs, 1),
      waitMs: round(waitMs, 1),
      waitShare: runMs + waitMs > 0 ? round(waitMs / (runMs + waitMs), 3) : 0,
    };
  }

  reset(): void {
    this.start = this.sample();
  }

  private sample(): readonly [number, number] | undefined {
    try {
      return parseSchedstat(this.readStat());
    } catch {
      return undefined; // not Linux, or no schedstat in this kernel
    }
  }
}
