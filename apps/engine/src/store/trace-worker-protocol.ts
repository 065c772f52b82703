// Messages between the engine and its trace worker thread.
import type { TraceEvent } from '../runtime/trace-sink';
import type { TraceOptions } from './trace-writer';

export interface TraceWorkerData {
  readonly dbPath: string;
  readonly options: TraceOptions;
}

export type ToTraceWorker =
  | { readonly type: 'batch'; readonly seq: number; readonly events: readonly TraceEvent[] }
  | { readonly type: 'close' };

export type FromTraceWorker =
  /** Batch seq is committed (or, if it failed, logged and dropped: it will not be retried). */
  | { readonly type: 'written'; readonly seq: number; readonly written: number; readonly batches: number }
  | { readonly type: 'closed'; readonly written: number; readonly batches: number };
