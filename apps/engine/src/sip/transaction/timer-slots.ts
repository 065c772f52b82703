// The two timer slots of one transaction on an injected Clock, as the base class of the four
// transaction state machines: a separate object per transaction would weigh more than its fields.
//
// Transactions outlive their calls by 32 s (timers B, D, F, H, J, L, M are 64·T1), so tens of
// thousands wait at once under load. A clock timer each (a handle, a closure, a Node Timeout, an
// entry in the clock's table) weighed more than the rest of a waiting transaction; instead, the
// timers of one duration share a queue (their deadlines come in the order they were set) with a
// single clock timer for its head, as Node's own timer lists do, but without an object per timer.

import type { Clock, TimerHandle } from '../clock';
import type { TimerSlot } from './timers';

const RETRANSMIT = 0;
const TIMEOUT = 1;

export abstract class TimerSlots {
  // Per slot, the queue holding its pending timer and its sequence number there (-1: none), as
  // plain fields: two small arrays each would weigh more than the rest of this object.
  private retransmitQueue: DurationQueue | undefined = undefined;
  private timeoutQueue: DurationQueue | undefined = undefined;
  private retransmitSeq = -1;
  private timeoutSeq = -1;

  protected constructor(private readonly timerClock: Clock) {}

  /** A slot's timer is due (a method, not a closure per transaction). */
  protected abstract onTimer(slot: TimerSlot): void;

  protected setTimer(slot: TimerSlot, ms: number): void {
    this.clearTimer(slot);
    const q = queueFor(this.timerClock, Math.max(0, ms));
    if (slot === 'retransmit') {
      this.retransmitQueue = q;
      this.retransmitSeq = q.add(this, RETRANSMIT);
    } else {
      this.timeoutQueue = q;
      this.timeoutSeq = q.add(this, TIMEOUT);
    }
  }

  protected clearTimer(slot: TimerSlot): void {
    if (slot === 'retransmit') {
      this.retransmitQueue?.remove(this.retransmitSeq);
      this.retransmitQueue = undefined;
      this.retransmitSeq = -1;
    } else {
      this.timeoutQueue?.remove(this.timeoutSeq);
      this.timeoutQueue = undefined;
      this.timeoutSeq = -1;
    }
  }

  protected clearTimers(): void {
    this.clearTimer('retransmit');
    this.clearTimer('timeout');
  }

  /** Called by the queue when this slot's timer is due. */
  expireTimer(i: number): void {
    if (i === RETRANSMIT) {
      this.retransmitQueue = undefined;
      this.retransmitSeq = -1;
      this.onTimer('retransmit');
    } else {
      this.timeoutQueue = undefined;
      this.timeoutSeq = -1;
      this.onTimer('timeout');
    }
  }
}

/** Pending timers of one duration on one clock, oldest first; one clock timer for the head. */
class DurationQueue {
  private owners: (TimerSlots | undefined)[] = [];
  private slots: number[] = [];
  private deadlines: number[] = [];
  /** Sequence number of owners[0]. */
  private base = 0;
  private head = 0;
  private handle: TimerHandle | undefined;
  private armedFor = -1;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
  ) {}

  add(owner: TimerSlots, slot: number): number {
    this.owners.push(owner);
    this.slots.push(slot);
    this.deadlines.push(this.clock.now() + this.ms);
    if (this.handle === undefined) this.arm();
    return this.base + this.owners.length - 1;
  }

  remove(seq: number): void {
    const at = seq - this.base;
    if (at < this.head || at >= this.owners.length) return;
    this.owners[at] = undefined;
    if (at === this.head) {
      this.skipRemoved();
      this.arm();
    }
  }

  private skipRemoved(): void {
    while (this.head < this.owners.length && this.owners[this.head] === undefined) this.head++;
    this.compact();
  }

  /** (Re)arm the clock timer for the head, or drop it when nothing is pending. */
  private arm(): void {
    if (this.head >= this.owners.length) {
      if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
      this.handle = undefined;
      this.armedFor = -1;
      return;
    }
    const due = this.deadlines[this.head] as number;
    if (this.handle !== undefined && this.armedFor === due) return;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.armedFor = due;
    this.handle = this.clock.setTimeout(() => this.run(), Math.max(0, due - this.clock.now()));
  }

  private run(): void {
    this.handle = undefined;
    this.armedFor = -1;
    const now = this.clock.now();
    while (this.head < this.owners.length && (this.deadlines[this.head] as number) <= now) {
      const owner = this.owners[this.head];
      const slot = this.slots[this.head] as number;
      this.owners[this.head] = undefined;
      this.head++;
      owner?.expireTimer(slot);
    }
    this.skipRemoved();
    this.arm();
  }

  /** Drop the consumed front once it is most of the arrays. */
  private compact(): void {
    if (this.head === this.owners.length) {
      this.base += this.head;
      this.owners = [];
      this.slots = [];
      this.deadlines = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.owners.length) {
      this.base += this.head;
      this.owners = this.owners.slice(this.head);
      this.slots = this.slots.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
  }
}

const queues = new WeakMap<Clock, Map<number, DurationQueue>>();

function queueFor(clock: Clock, ms: number): DurationQueue {
  let byMs = queues.get(clock);
  if (byMs === undefined) {
    byMs = new Map();
    queues.set(clock, byMs);
  }
  let q = byMs.get(ms);
  if (q === undefined) {
    q = new DurationQueue(clock, ms);
    byMs.set(ms, q);
  }
  return q;
}
