// Timers are injected so that transaction tests run in virtual time (STYLE.md: "Timers come from
// an injected Clock, never from globals").

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch (sub-ms precision where the clock has it). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

let nextSystemId = 1;

/** The real clock: Node timers, unref'd so a forgotten timer never keeps the process alive. */
export const systemClock: Clock = (() => {
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => performance.timeOrigin + performance.now(),
    setTimeout(callback, ms) {
      const id = nextSystemId++;
      const t = setTimeout(() => {
        timers.delete(id);
        callback();
      }, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      const t = timers.get(handle.id);
      if (t !== undefined) {
        clearTimeout(t);
        timers.delete(handle.id);
      }
    },
  };
})();

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** Virtual time for tests: nothing happens until advance() is called. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Move time forward, firing due timers in order (timers set by callbacks fire too if due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers.values()) {
        if (
          t.due <= target &&
          (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))
        ) {
          next = t;
        }
      }
      if (next === undefined) break;
      this.timers.delete(next.id);
      this.current = next.due;
      next.callback();
    }
    this.current = target;
  }
}
