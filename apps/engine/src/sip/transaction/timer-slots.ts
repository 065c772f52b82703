// The two timer slots of one transaction on an injected Clock. Two fields rather than a Map: a
// transaction outlives its call by 32 s, and a Map per transaction weighed more than the rest of
// its timer state.

import type { Clock, TimerHandle } from '../clock';
import type { TimerSlot } from './timers';

export class TimerSlots {
  private retransmit: TimerHandle | undefined;
  private timeout: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (slot: TimerSlot) => void,
  ) {}

  set(slot: TimerSlot, ms: number): void {
    this.clear(slot);
    const handle = this.clock.setTimeout(() => {
      this.assign(slot, undefined);
      this.fire(slot);
    }, ms);
    this.assign(slot, handle);
  }

  clear(slot: TimerSlot): void {
    const h = slot === 'retransmit' ? this.retransmit : this.timeout;
    if (h !== undefined) {
      this.clock.clearTimeout(h);
      this.assign(slot, undefined);
    }
  }

  clearAll(): void {
    this.clear('retransmit');
    this.clear('timeout');
  }

  private assign(slot: TimerSlot, handle: TimerHandle | undefined): void {
    if (slot === 'retransmit') this.retransmit = handle;
    else this.timeout = handle;
  }
}
