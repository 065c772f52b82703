// Call-IDs whose flow's trace level said not to keep them, remembered for ten minutes so that the
// call's later events (its SIP messages, late updates) are dropped too. Bounded: past 100,000
// entries the oldest go first. Used on both sides of the trace worker.

import { OldestKey } from '../util/oldest-key';

const MEMORY_MS = 10 * 60_000;
const MAX_ENTRIES = 100_000;

export class DiscardedCalls {
  private readonly since = new Map<string, number>();
  private readonly oldest = new OldestKey(this.since);

  add(callId: string, now = Date.now()): void {
    this.since.delete(callId); // re-added: it becomes the newest
    if (this.since.size >= MAX_ENTRIES) this.since.delete(this.oldest.next() as string);
    this.since.set(callId, now);
  }

  has(callId: string, now = Date.now()): boolean {
    if (this.since.size === 0) return false;
    const at = this.since.get(callId);
    if (at === undefined) return false;
    if (now - at > MEMORY_MS) {
      this.since.delete(callId); // the Call-ID may be used again by a new call
      return false;
    }
    return true;
  }
}
