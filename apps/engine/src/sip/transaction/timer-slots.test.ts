// TimerSlots on shared per-duration queues: each timer fires at its own exact time, a cleared or
// re-set timer never fires, and nothing stays armed on the clock once every timer is gone.

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { TimerSlots } from './timer-slots';
import type { TimerSlot } from './timers';

/** Slots whose timers call `onTimer`, with the protected methods in reach. */
class TestSlots extends TimerSlots {
  constructor(
    clock: ManualClock,
    private readonly fired: (slot: TimerSlot) => void,
  ) {
    super(clock);
  }

  protected onTimer(slot: TimerSlot): void {
    this.fired(slot);
  }

  set(slot: TimerSlot, ms: number): void {
    this.setTimer(slot, ms);
  }

  clear(slot: TimerSlot): void {
    this.clearTimer(slot);
  }
}

function slots(clock: ManualClock, log: string[], name: string): TestSlots {
  return new TestSlots(clock, (slot) => log.push(`${clock.now()} ${name} ${slot}`));
}

describe('TimerSlots', () => {
  it('fires each timer of a shared duration at its own deadline, in order', () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const a = slots(clock, log, 'a');
    const b = slots(clock, log, 'b');
    a.set('timeout', 32_000);
    clock.advance(10);
    b.set('timeout', 32_000);
    a.set('retransmit', 500);
    clock.advance(40_000);
    expect(log).toEqual(['510 a retransmit', '32000 a timeout', '32010 b timeout']);
    expect(clock.pending).toBe(0);
  });

  it('never fires a cleared or replaced timer, and leaves nothing armed once all are cleared', () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const many = Array.from({ length: 3000 }, (_, i) => slots(clock, log, `t${i}`));
    for (const s of many) s.set('timeout', 32_000);
    expect(clock.pending).toBe(1); // one clock timer for the whole queue
    many[0]?.set('timeout', 100); // replaced: moves to the 100 ms queue
    for (const s of many.slice(1)) s.clear('timeout');
    clock.advance(100);
    expect(log).toEqual(['100 t0 timeout']);
    expect(clock.pending).toBe(0);
    clock.advance(40_000);
    expect(log).toHaveLength(1);
  });

  it('takes timers set from inside a firing callback', () => {
    const clock = new ManualClock();
    const log: string[] = [];
    let count = 0;
    const s: TestSlots = new TestSlots(clock, (slot) => {
      log.push(`${clock.now()} ${slot}`);
      if (++count < 3) s.set('retransmit', 500);
    });
    s.set('retransmit', 500);
    clock.advance(5_000);
    expect(log).toEqual(['500 retransmit', '1000 retransmit', '1500 retransmit']);
    expect(clock.pending).toBe(0);
  });
});
