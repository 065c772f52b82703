// The two timer slots of one transaction on an injected Clock.

import type { Clock, TimerHandle } from '../clock';
import type { TimerSlot } from './timers';

export class TimerSlots {
  private readonly handles = new Map<TimerSlot, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (slot: TimerSlot) => void,
  ) {}

  set(slot: TimerSlot, ms: number): void {
    this.clear(slot);
    this.handles.set(
      slot,
      this.clock.setTimeout(() => {
        this.handles.delete(slot);
        this.fire(slot);
      }, ms),
    );
  }

  clear(slot: TimerSlot): void {
    const h = this.handles.get(slot);
    if (h !== undefined) {
      this.clock.clearTimeout(h);
      this.handles.delete(slot);
    }
  }

  clearAll(): void {
    this.clear('retransmit');
    this.clear('timeout');
  }
}
