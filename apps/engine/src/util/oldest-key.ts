// The oldest key of a Map or Set, for collections bounded by evicting their oldest entry.
//
// `map.keys().next()` is the obvious way, and a trap at scale: V8 leaves a deleted entry as a hole
// in the table until the table is rehashed, and a fresh iterator walks every hole from the start.
// Evicting from a full 100,000-entry Map that way cost 40–100 µs per eviction (and 6 µs at 10,000)
// where this costs under 1 µs: one iterator stays open, so each hole is walked once. Keys are only
// ever added at the end, and a V8 iterator keeps its place across deletions and rehashes.
export class OldestKey<K> {
  private cursor: Iterator<K> | undefined;

  constructor(private readonly of: Map<K, unknown> | Set<K>) {}

  /**
   * The oldest key still in the collection, or undefined when it is empty. The cursor moves past
   * it: the caller deletes it (a key kept would not be returned again until the cursor restarts).
   */
  next(): K | undefined {
    for (let fresh = 0; fresh < 2; fresh++) {
      this.cursor ??= this.of.keys();
      const r = this.cursor.next();
      if (r.done !== true) return r.value;
      // An iterator that reached the end stays done: start a new one for keys added since.
      this.cursor = undefined;
    }
    return undefined;
  }
}
