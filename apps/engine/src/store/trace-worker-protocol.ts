// Messages between the engine and its trace worker thread.
import type { PackedEvent } from './message-packer';
import type { TraceOptions } from './trace-writer';

export interface TraceWorkerData {
  readonly dbPath: string;
  readonly options: TraceOptions;
}

export type ToTraceWorker =
  /** Events in order; SIP messages packed into `messages` (message-packer.ts). */
  | {
      readonly type: 'batch';
      readonly seq: number;
      readonly events: readonly PackedEvent[];
      /** A view of shared memory, read in place (the engine reuses it once told it is written). */
      readonly messages: Uint8Array;
      /** Write everything the worker holds too (a flush: a read is about to follow). */
      readonly all: boolean;
    }
  | { readonly type: 'close' };

export type FromTraceWorker =
  /** Batch seq is committed (or, if it failed, logged and dropped: it will not be retried). */
  | { readonly type: 'written'; readonly seq: number; readonly written: number; readonly batches: number }
  | { readonly type: 'closed'; readonly written: number; readonly batches: number };
