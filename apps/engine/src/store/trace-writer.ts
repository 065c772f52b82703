// Queues trace events and writes them in one better-sqlite3 transaction per turn of the event
// loop, so that the SIP path only pushes onto an array. A call row is created by whichever event
// names its Call-ID first (the INVITE's 'in' message comes before the runtime's call-start).
import { firstLine } from '../util/first-line';
import type { Db } from './db';
import type { TraceEvent } from '../runtime/trace-sink';

/** Status order: an update never moves a call backwards (a late 180 after the 200, say). */
const RANK: Record<string, number> = {
  trying: 0,
  ringing: 1,
  answered: 2,
  completed: 3,
  failed: 3,
  cancelled: 3,
};

export class TraceWriter {
  private queue: TraceEvent[] = [];
  private scheduled = false;
  private closed = false;
  private readonly ensureCall;
  private readonly rowOf;
  private readonly startCall;
  private readonly getStatus;
  private readonly updateCall;
  private readonly insertStep;
  private readonly insertMessage;
  private readonly writeBatch;
  /** Events written since start, and batches: for tests and the benchmark. */
  written = 0;
  batches = 0;

  constructor(private readonly db: Db) {
    this.ensureCall = db.prepare('INSERT OR IGNORE INTO calls (call_id, started_at) VALUES (?, ?)');
    this.rowOf = db.prepare<[string], { id: number }>('SELECT id FROM calls WHERE call_id = ?');
    this.startCall = db.prepare(
      'UPDATE calls SET flow_id = @flowId, version = @version, method = @method, from_uri = @from, to_uri = @to, ' +
        'started_at = MIN(started_at, @at) WHERE call_id = @callId',
    );
    this.getStatus = db.prepare<[string], { status: string }>('SELECT status FROM calls WHERE call_id = ?');
    this.updateCall = db.prepare(
      'UPDATE calls SET status = COALESCE(@status, status), final_code = COALESCE(@finalCode, final_code), ' +
        'answered_at = COALESCE(answered_at, @answeredAt), ended_at = COALESCE(@endedAt, ended_at) WHERE call_id = @callId',
    );
    this.insertStep = db.prepare(
      'INSERT INTO steps (call_row, seq, node_id, port, started_at, duration_us, detail, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMessage = db.prepare(
      'INSERT INTO messages (call_row, at, direction, transport, peer, summary, raw) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.writeBatch = db.transaction((events: TraceEvent[]) => {
      for (const e of events) this.apply(e);
    });
  }

  push(event: TraceEvent): void {
    if (this.closed) return;
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Write everything queued now (also called on shutdown). */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    try {
      this.writeBatch(events);
      this.written += events.length;
      this.batches++;
    } catch (err) {
      // A failed batch must not take the engine down; the trace is lost, the calls go on.
      console.error(`trace writer: dropped ${events.length} events: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private callRow(callId: string, at: number): number {
    this.ensureCall.run(callId, at);
    return (this.rowOf.get(callId) as { id: number }).id;
  }

  private apply(e: TraceEvent): void {
    switch (e.kind) {
      case 'call-start':
        this.callRow(e.callId, e.at);
        this.startCall.run(e);
        return;
      case 'call-update': {
        this.callRow(e.callId, e.endedAt ?? e.answeredAt ?? Date.now());
        let status = e.status ?? null;
        const current = this.getStatus.get(e.callId)?.status ?? 'trying';
        if (status !== null && (RANK[status] ?? 0) < (RANK[current] ?? 0)) status = null;
        if (status !== null && (RANK[current] ?? 0) === 3 && status !== current) status = null;
        this.updateCall.run({
          callId: e.callId,
          status,
          finalCode: e.finalCode ?? null,
          answeredAt: e.answeredAt ?? null,
          endedAt: e.endedAt ?? null,
        });
        return;
      }
      case 'step':
        this.insertStep.run(
          this.callRow(e.callId, e.startedAt),
          e.seq,
          e.nodeId,
          e.port,
          e.startedAt,
          Math.round(e.durationUs),
          JSON.stringify(e.detail),
          e.error ?? null,
        );
        return;
      case 'message':
        this.insertMessage.run(
          this.callRow(e.callId, e.at),
          e.at,
          e.direction,
          e.transport,
          e.peer,
          firstLine(e.bytes),
          Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength),
        );
        return;
    }
  }
}
