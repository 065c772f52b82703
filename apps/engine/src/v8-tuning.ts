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
//
// --no-memory-reducer: when allocation slows after a burst, V8's memory reducer runs a few full,
// memory-reducing collections that shrink the heap to what is live and set its next limits just
// above that, and the next burst starts on a cold heap. SIPp at 2,700 calls/s on 2 cores, a 10-s
// run, 40 s of idle, the same run again: the runs after the idle that passed used 0.475 and 0.484
// CPU-ms per call against 0.339 and 0.358 before it (+40 %), and three in five collapsed (14–32 %
// of the calls failed); with the memory reducer and the engine's own idle collection off, 0.347 and
// 0.351 against 0.372 and 0.349 (two in four still collapsed: at 80-87 % of the SIP thread a run
// tips over on little). V8 reads the flag only when an isolate is set up, so it goes on node's
// command line (bin/patchbay.js's first line, the benchmark's launcher): STARTUP_V8_FLAGS.
import v8 from 'node:v8';

const FLAGS = ['--no-allocation-site-pretenuring'];

/**
 * Flags that V8 reads only when an isolate starts, given on node's command line (node refuses
 * them in NODE_OPTIONS). Set at run time as well, they cover the isolates started later (the
 * trace worker).
 */
export const STARTUP_V8_FLAGS: readonly string[] = ['--no-memory-reducer'];

let applied = false;

/** Applies the engine's V8 flags once per process. */
export function applyV8Tuning(): void {
  if (applied) return;
  applied = true;
  for (const flag of [...FLAGS, ...STARTUP_V8_FLAGS]) v8.setFlagsFromString(flag);
}
