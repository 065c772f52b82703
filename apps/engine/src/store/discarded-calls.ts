// Call-IDs whose flow's trace level said not to keep them, remembered for ten minutes so that the
// call's later events (its SIP messages, late updates) are dropped too. Bounded: past 100,000
// entries the oldest go first. Used on both sides of the trace worker.

const MEMORY_MS = 10 * 60_000;
const MAX_ENTRIES = 100_000;

export class DiscardedCalls {
  private readonly since = new Map<string, number>();

  add(callId: string, now = Date.now()): void {
    this.since.delete(callId); // re-added: it becomes the newest
    if (this.since.size >= MAX_ENTRIES) this.since.delete(this.since.keys().next().value as string);
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
