// The live members of a collection that gains and loses one per request, in an array of slots.
//
// The obvious home for them, a long-lived Map, costs the garbage collector at call rates: with few
// entries alive and many coming and going, V8 rehashes its table every few inserts, and once the
// Map has been in the old generation its new tables are allocated there too. A table left behind
// is dead but still points at the entries it held, which the young-generation collector cannot
// know, so those entries and all they reach (a request's parsed message, its branches) move to
// the old generation and wait there for the next full collection. (A 16-entry Map churned by
// string or old-generation keys promoted most of its values; by numbers or young objects, none.)
// In the proxy, with V8's pretenuring off (v8-tuning.ts), the Map of unsettled contexts was what
// still moved most of every call: 12.8 KB a call at 1,000 calls/s, 4.9 without it. Here a slot
// is cleared in place, and the array only grows when more members are alive than ever before.
export class SlotList<T> {
  private readonly slots: (T | undefined)[] = [];
  /** Indexes of empty slots, reused last-freed first. */
  private readonly free: number[] = [];
  private count = 0;

  /** Adds a member; returns its slot, for remove(). */
  add(value: T): number {
    const slot = this.free.pop() ?? this.slots.length;
    this.slots[slot] = value;
    this.count++;
    return slot;
  }

  /** Removes the member in this slot if it is still `value` (a second remove does nothing). */
  remove(slot: number, value: T): void {
    if (slot < 0 || this.slots[slot] !== value) return;
    this.slots[slot] = undefined;
    this.free.push(slot);
    this.count--;
  }

  get size(): number {
    return this.count;
  }

  /** The members, in no particular order (a copy: the caller may add and remove meanwhile). */
  values(): T[] {
    const out: T[] = [];
    for (const v of this.slots) if (v !== undefined) out.push(v);
    return out;
  }

  clear(): void {
    this.slots.length = 0;
    this.free.length = 0;
    this.count = 0;
  }
}
