// V8 settings for the engine's process, applied before the SIP stack starts.
//
// --no-allocation-site-pretenuring: V8 watches, per allocation site, how many of its objects
// outlive a young-generation collection, and moves that site's later objects straight to the old
// generation when most do. A proxy's per-call objects have lifetimes that no site predicts (a
// request's context dies a millisecond after the answer; the transaction that answered it lives
// 32 s more), and the feedback made things worse: under SIPp at 1,000 calls/s the young
// collector moved 16 KB of every call to the old generation, most of it dead before the next
// full collection; with it off, and the proxy's unsettled contexts kept out of a Map
// (util/slot-list.ts), 5 KB, what must move anyway (the 32-s transaction state), and the young
// collections' pause time fell from 0.9 to 0.5 s over 15,000 calls (node --trace-gc-nvp).
// The flag is process-wide; set here it also covers the trace worker's isolate.
import v8 from 'node:v8';

const FLAGS = ['--no-allocation-site-pretenuring'];

let applied = false;

/** Applies the engine's V8 flags once per process. */
export function applyV8Tuning(): void {
  if (applied) return;
  applied = true;
  for (const flag of FLAGS) v8.setFlagsFromString(flag);
}
