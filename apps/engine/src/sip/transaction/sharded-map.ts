// A Map of string keys split into shards by a hash of the key, so that no insertion ever rehashes
// a big table. For the transaction layer: tens of thousands of transactions wait out their
// 32-s timers while new ones come in.
//
// A JS Map that keeps N entries while old ones are deleted and new ones added rehashes all N
// every so often on an insertion (deleted entries' slots are reclaimed only then): with 190,000
// entries, the number each of the two transaction maps holds at 3,000 calls/s, that one set() took
// 13–20 ms, a stall of the SIP thread every 10–20 s. Split 64 ways, the worst step of the same
// churn took 3 ms, and a step (a lookup that misses, an insertion, a lookup that hits, a deletion)
// 1.1 µs against 0.5, the hash included (`npm run bench -- --only maps`). Splitting by age instead
// (generations that take only deletions once full) left stalls of 2–8 ms and cost 2.7–3.3 µs a
// step: a new request's lookup misses in every generation.

/** Shards, a power of two: 64 keeps each one at about 3,000 keys at 190,000. */
const SHARD_BITS = 6;

export class ShardedMap<V> {
  private readonly shards: Map<string, V>[];
  private readonly mask: number;
  private count = 0;

  constructor(bits = SHARD_BITS) {
    this.shards = Array.from({ length: 1 << bits }, () => new Map<string, V>());
    this.mask = (1 << bits) - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  has(key: string): boolean {
    return this.shardOf(key).has(key);
  }

  set(key: string, value: V): void {
    const shard = this.shardOf(key);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
  }

  delete(key: string): boolean {
    if (!this.shardOf(key).delete(key)) return false;
    this.count--;
    return true;
  }

  /** Every value, shard by shard; entries may be deleted meanwhile. */
  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
    this.count = 0;
  }

  /** FNV-1a over the whole key: keys differ anywhere (a peer's branch may count up in the middle). */
  private shardOf(key: string): Map<string, V> {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return this.shards[h & this.mask] as Map<string, V>;
  }

  /** Keys per shard (for tests). */
  shardSizes(): number[] {
    return this.shards.map((s) => s.size);
  }
}
