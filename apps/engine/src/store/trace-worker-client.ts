// The SIP thread's side of the trace worker: events are queued in an array and posted to the
// worker every 50 milliseconds (or sooner when many are waiting) as one message, with the SIP
// messages packed as records into one buffer as they come (message-packer.ts), so each batch
// costs one small structured clone and no SQLite time here. A batch is kept until the worker says
// it has taken it in; if the worker dies, those batches and every later event go to a fallback
// writer on this thread instead: tracing slows down and goes on. What the worker held of calls
// still going on (at most a second of them, trace-writer.ts) dies with it, as it would with the
// engine.
import { Worker } from 'node:worker_threads';
import type { TraceEvent } from '../runtime/trace-sink';
import { DiscardedCalls } from './discarded-calls';
import { MessagePacker, type PackedEvent } from './message-packer';
import type { TraceQueue } from './trace-queue';
import type { FromTraceWorker, ToTraceWorker, TraceWorkerData } from './trace-worker-protocol';
import type { TraceOptions, TraceWriter } from './trace-writer';

/**
 * Post at least this often while events wait (ms), and at once when this many wait. Each batch
 * is one SQLite transaction, whose commit writes every page it touched to the WAL again (the
 * same few index pages each time): at 800 calls/s, 50-ms batches cost the worker about a fifth
 * less CPU per call than 10-ms ones; at 1,500 calls/s, 200-ms batches 11 % less than 50-ms ones,
 * and the calls took a fifth less room in the database (6.5 against 8.2 KB each); 500 ms and 1 s
 * were no better. A reader flushes first, so a trace still shows up at once.
 */
const POST_EVERY_MS = 200;
const POST_AT_EVENTS = 4096;

export class TraceWorkerClient implements TraceQueue {
  private readonly worker: Worker;
  private pending: PackedEvent[] = [];
  private readonly packer = new MessagePacker();
  private timer: NodeJS.Timeout | undefined;
  private nextSeq = 1;
  /** Batches posted and not yet written by the worker, by seq (in order). */
  private readonly unwritten = new Map<number, { events: readonly PackedEvent[]; messages: Uint8Array }>();
  /** Flushes waiting for the worker to write up to a seq. */
  private flushWaiters: { seq: number; resolve: () => void }[] = [];
  /** Calls discarded by their flow's trace level: their later events are dropped here. */
  private readonly discarded = new DiscardedCalls();
  private fallback: TraceWriter | undefined;
  private closing: Promise<void> | undefined;
  private exited = false;
  written = 0;
  batches = 0;

  constructor(
    dbPath: string,
    options: TraceOptions,
    /** Where events go if the worker fails: a writer on this thread. */
    private readonly makeFallback: () => TraceWriter,
  ) {
    const data: TraceWorkerData = { dbPath, options };
    // No inherited flags: the entry registers tsx itself, and --cpu-prof etc. are the engine's.
    this.worker = new Worker(new URL('./trace-worker-entry.mjs', import.meta.url), {
      workerData: data,
      execArgv: [],
      // What the worker allocates lives for one batch or, for a call that goes on, a second: a
      // small young generation collects it as well. Left to grow, V8 took it to 16 MiB, which
      // stayed in the engine's memory (RSS per held call 3.9 KiB against 3.1 with this).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    this.worker.on('message', (m: FromTraceWorker) => this.onMessage(m));
    this.worker.on('error', (err) => this.fail(`trace worker failed: ${err.message}`));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (this.closing === undefined) this.fail(`trace worker exited (${code})`);
    });
  }

  push(event: TraceEvent): void {
    if (this.fallback !== undefined) return this.fallback.push(event);
    if (event.kind === 'call-discard') this.discarded.add(event.callId);
    else if (this.discarded.has(event.callId)) return;
    this.pending.push(event.kind === 'message' ? this.packer.add(event) : event);
    if (this.pending.length >= POST_AT_EVENTS) this.post();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.post(), POST_EVERY_MS);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.fallback !== undefined) {
      this.fallback.flush();
      return Promise.resolve();
    }
    // A worker that has stopped (the engine closing) answers nothing: what it took in is written.
    if (this.exited) return Promise.resolve();
    // Also what the worker holds of calls that go on (trace-writer.ts): a read must see them.
    this.post(true);
    const seq = this.nextSeq - 1;
    return new Promise<void>((resolve) => this.flushWaiters.push({ seq, resolve }));
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.fallback !== undefined || this.exited) {
      this.fallback?.flush();
      return;
    }
    this.post();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.send({ type: 'close' });
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      console.error('trace worker: no answer to close after 10 s; stopping it');
      await this.worker.terminate();
    }
    this.releaseWaiters();
  }

  /** Sends the pending events as one batch; with `all`, the worker writes everything it holds too. */
  private post(all = false): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0 && !all) return;
    const events = this.pending;
    this.pending = [];
    const messages = this.packer.take();
    if (this.fallback !== undefined) {
      this.fallback.write(events, messages, all);
      this.packer.release(messages);
      return;
    }
    const seq = this.nextSeq++;
    // Shared with the worker, and kept until it confirms the batch, to be replayed here if the
    // worker dies; then its memory packs another batch.
    this.unwritten.set(seq, { events, messages });
    this.send({ type: 'batch', seq, events, messages, all });
  }

  private send(m: ToTraceWorker): void {
    if (this.exited) return;
    this.worker.postMessage(m);
  }

  private onMessage(m: FromTraceWorker): void {
    this.written = m.written;
    this.batches = m.batches;
    if (m.type !== 'written') return;
    const batch = this.unwritten.get(m.seq);
    this.unwritten.delete(m.seq);
    if (batch !== undefined) this.packer.release(batch.messages);
    if (this.flushWaiters.length === 0) return;
    const still = this.flushWaiters.filter((w) => w.seq > m.seq);
    for (const w of this.flushWaiters) if (w.seq <= m.seq) w.resolve();
    this.flushWaiters = still;
  }

  private fail(reason: string): void {
    if (this.fallback !== undefined) return;
    console.error(`${reason}; writing traces on the main thread from now on`);
    this.fallback = this.makeFallback();
    const batches = [...this.unwritten.values(), { events: this.pending, messages: this.packer.take() }];
    this.unwritten.clear();
    this.pending = [];
    for (const b of batches) {
      this.fallback.write(b.events, b.messages);
      this.packer.release(b.messages);
    }
    // A flush among the replayed batches is owed its reads: everything gathered is written.
    if (this.flushWaiters.length > 0) this.fallback.flush();
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    for (const w of this.flushWaiters) w.resolve();
    this.flushWaiters = [];
  }
}
