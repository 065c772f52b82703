// Where the engine's trace events go on their way to SQLite: written on the SIP thread between
// turns of the event loop (TraceWriter, for in-memory databases and tests), or posted in batches
// to a worker thread that owns its own connection (TraceWorkerClient, the default for a file).
import type { TraceEvent } from '../runtime/trace-sink';

export interface TraceQueue {
  push(event: TraceEvent): void;
  /** Resolves once every event pushed so far is committed, so a read sees it. */
  flush(): void | Promise<void>;
  close(): void | Promise<void>;
  /** Events written since start, and batches: for /api/metrics and the benchmark. */
  readonly written: number;
  readonly batches: number;
}
