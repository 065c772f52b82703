// V8 settings for the engine's process, applied before the SIP stack starts.
//
// --no-allocation-site-pretenuring: V8 watches, per allocation site, how many of its objects
// outlive a young-generation collection, to allocate a site's objects straight in the old
// generation once most do. A proxy's per-call objects have lifetimes that no site predicts (a
// request's context dies a millisecond after the answer; the transaction that answered it lives
// 32 s more). Under SIPp at 1,000 calls/s the young collector moved 16 KB of every call to the
// old generation, most of it dead before the next full collection; with this flag, and the
// proxy's unsettled contexts kept out of a Map (on their transactions, transaction-types.ts), 5 KB, what must move anyway
// (the 32-s transaction state), and the young collections' pause time fell from 0.9 to 0.5 s
// over 15,000 calls (node --trace-gc-nvp). Either change alone did little. --trace-pretenuring
// named no site that V8 tenured, so what the feedback kept alive is not pinned down; the figures
// are. The flag is process-wide: set here, it covers the trace worker's isolate as well.
import v8 from 'node:v8';

const FLAGS = ['--no-allocation-site-pretenuring'];

let applied = false;

/** Applies the engine's V8 flags once per process. */
export function applyV8Tuning(): void {
  if (applied) return;
  applied = true;
  for (const flag of FLAGS) v8.setFlagsFromString(flag);
}
