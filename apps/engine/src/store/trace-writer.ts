// Queues trace events and writes them in one better-sqlite3 transaction per turn of the event
// loop, so that the SIP path only pushes onto an array. A batch's events are gathered per call
// (call-in-batch.ts) and written at its end: a call row is created by whichever event names its
// Call-ID first (the INVITE's 'in' message comes before the runtime's call-start), with what the
// rest of the batch says; its SIP messages arrive packed (message-packer.ts) and are stored as
// one pack per call and batch (message-pack.ts).
import type { Db } from './db';
import type { TraceEvent } from '../runtime/trace-sink';
import { CallInBatch } from './call-in-batch';
import { DiscardedCalls } from './discarded-calls';
import { PACK_VERSION, recordMessage, withMessage } from './message-pack';
import { MessagePacker, packedMessage, type PackedEvent } from './message-packer';
import type { TraceQueue } from './trace-queue';

export interface TraceOptions {
  /** Replace Authorization / Proxy-Authorization values in stored messages (default true). */
  readonly redactAuth?: boolean;
  /** Delete calls that started longer ago than this (ms); 0 or absent: keep. */
  readonly maxAgeMs?: number;
  /** Delete the oldest calls while the database is larger than this (bytes); 0 or absent: no limit. */
  readonly maxDbBytes?: number;
  /** How often retention runs (ms, default 60 s). */
  readonly retentionEveryMs?: number;
}

const KNOWN_CALLS_MAX = 50_000;
const PACK_START = Buffer.from([PACK_VERSION]);

/** A stored call: its row id and status as last written. */
interface KnownCall {
  readonly row: number;
  status: string;
}

export class TraceWriter implements TraceQueue {
  private queue: PackedEvent[] = [];
  private readonly packer = new MessagePacker();
  private readonly discarded = new DiscardedCalls();
  /**
   * Row id and last written status of recent calls, so that most events need no lookup query.
   * Only a cache: cleared when it grows large or when retention deletes rows.
   */
  private readonly known = new Map<string, KnownCall>();
  private readonly deleteCall;
  private readonly deleteOlder;
  private readonly deleteOldest;
  private readonly redact: boolean;
  private retentionTimer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private closed = false;
  private readonly insertCall;
  private readonly lookUpCall;
  private readonly startCall;
  private readonly updateCall;
  private readonly insertStep;
  private readonly insertPack;
  private readonly writeBatch;
  /** Events written since start, and batches: for tests and the benchmark. */
  written = 0;
  batches = 0;

  constructor(
    private readonly db: Db,
    private readonly options: TraceOptions = {},
  ) {
    this.redact = options.redactAuth ?? true;
    this.deleteCall = db.prepare('DELETE FROM calls WHERE call_id = ?');
    this.deleteOlder = db.prepare('DELETE FROM calls WHERE started_at < ?');
    this.deleteOldest = db.prepare(
      'DELETE FROM calls WHERE id IN (SELECT id FROM calls ORDER BY started_at, id LIMIT ?)',
    );
    if (options.maxAgeMs || options.maxDbBytes) {
      this.retentionTimer = setInterval(() => this.enforceRetention(), options.retentionEveryMs ?? 60_000);
      this.retentionTimer.unref();
    }
    this.insertCall = db.prepare(
      'INSERT OR IGNORE INTO calls (call_id, flow_id, version, method, from_uri, to_uri, started_at, ' +
        'answered_at, ended_at, status, final_code) VALUES (@callId, @flowId, @version, @method, @from, @to, ' +
        '@startedAt, @answeredAt, @endedAt, @status, @finalCode)',
    );
    this.lookUpCall = db.prepare<[string], { id: number; status: string }>(
      'SELECT id, status FROM calls WHERE call_id = ?',
    );
    this.startCall = db.prepare(
      'UPDATE calls SET flow_id = @flowId, version = @version, method = @method, from_uri = @from, to_uri = @to, ' +
        'started_at = MIN(started_at, @at) WHERE call_id = @callId',
    );
    this.updateCall = db.prepare(
      'UPDATE calls SET status = COALESCE(@status, status), final_code = COALESCE(@finalCode, final_code), ' +
        'answered_at = COALESCE(answered_at, @answeredAt), ended_at = COALESCE(@endedAt, ended_at) WHERE call_id = @callId',
    );
    this.insertStep = db.prepare(
      'INSERT INTO steps (call_row, seq, node_id, port, started_at, duration_us, detail, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertPack = db.prepare('INSERT INTO message_packs (call_row, packed) VALUES (?, ?)');
    this.writeBatch = db.transaction((events: readonly PackedEvent[], messages: Buffer) => {
      const calls = new Map<string, CallInBatch>();
      for (const e of events) {
        if (typeof e === 'number') this.addMessage(calls, messages, e);
        else this.gather(calls, e);
      }
      for (const [callId, call] of calls) this.writeCall(callId, call);
    });
  }

  push(event: TraceEvent): void {
    if (this.closed) return;
    this.queue.push(event.kind === 'message' ? this.packer.add(event) : event);
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
    const messages = this.packer.take();
    this.write(events, messages);
    this.packer.release(messages);
  }

  /**
   * Writes these events (after any queued ones) in one transaction; the offsets among them are
   * message records in `messages` (message-packer.ts).
   */
  write(events: readonly PackedEvent[], messages: Uint8Array): void {
    if (this.queue.length > 0) this.flush();
    if (this.closed || events.length === 0) return;
    try {
      // A view, not a copy: what is stored is copied out before the batch's transaction ends.
      this.writeBatch(events, Buffer.from(messages.buffer, messages.byteOffset, messages.byteLength));
      this.written += events.length;
      this.batches++;
    } catch (err) {
      // A failed batch must not take the engine down; the trace is lost, the calls go on. Its
      // rows were rolled back, so the cache may name rows that do not exist.
      this.known.clear();
      console.error(`trace writer: dropped ${events.length} events: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
  }

  /**
   * Deletes calls (with their steps and messages) older than maxAgeMs, then the oldest calls, a
   * tenth at a time, while the database is larger than maxDbBytes. Returns how many went.
   */
  enforceRetention(now = Date.now()): number {
    this.flush();
    let deleted = 0;
    try {
      this.known.clear();
      if (this.options.maxAgeMs) deleted += this.deleteOlder.run(now - this.options.maxAgeMs).changes;
      const max = this.options.maxDbBytes;
      if (max) {
        for (let round = 0; round < 50 && this.dbBytes() > max; round++) {
          const count = (this.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
          if (count === 0) break;
          deleted += this.deleteOldest.run(Math.max(1, Math.ceil(count / 10))).changes;
          // Pages freed by DELETE go to SQLite's free list and are reused: the file stops growing.
        }
      }
    } catch (err) {
      console.error(`trace writer: retention failed: ${(err as Error).message}`);
    }
    return deleted;
  }

  /** Bytes the database uses (pages in use; WAL not counted). */
  dbBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
  }

  /** The batch's record of this call, begun by an event at `at`. */
  private callIn(calls: Map<string, CallInBatch>, callId: string, at: number): CallInBatch {
    let call = calls.get(callId);
    if (call === undefined) {
      call = new CallInBatch(at);
      calls.set(callId, call);
    }
    return call;
  }

  /** Adds the packed message at `offset` to its call's pack (redacted, unless turned off). */
  private addMessage(calls: Map<string, CallInBatch>, messages: Buffer, offset: number): void {
    const m = packedMessage(messages, offset);
    if (this.discarded.has(m.callId)) return;
    const call = this.callIn(calls, m.callId, messages.readDoubleLE(m.start));
    if (call.packBytes === 0) {
      call.pack.push(PACK_START);
      call.packBytes = PACK_START.length;
    }
    const record = this.redact ? redactRecord(messages, m.start, m.end) : messages.subarray(m.start, m.end);
    call.pack.push(record);
    call.packBytes += record.length;
  }

  private gather(calls: Map<string, CallInBatch>, e: Exclude<TraceEvent, { kind: 'message' }>): void {
    if (e.kind === 'call-discard') {
      // What the batch gathered for it is dropped; a row from an earlier batch is deleted.
      calls.delete(e.callId);
      this.discarded.add(e.callId);
      this.deleteCall.run(e.callId);
      this.known.delete(e.callId);
      return;
    }
    if (this.discarded.has(e.callId)) return;
    switch (e.kind) {
      case 'call-start':
        this.callIn(calls, e.callId, e.at).start = e;
        return;
      case 'call-update':
        this.callIn(calls, e.callId, e.endedAt ?? e.answeredAt ?? Date.now()).update(e);
        return;
      case 'step':
        this.callIn(calls, e.callId, e.startedAt).steps.push(e);
        return;
    }
  }

  /** One INSERT for a call new in this batch, else its start and its update; then its steps and pack. */
  private writeCall(callId: string, call: CallInBatch): void {
    let known = this.known.get(callId);
    if (known === undefined) {
      const status = call.statusFrom('trying');
      const s = call.start;
      const r = this.insertCall.run({
        callId,
        flowId: s?.flowId ?? null,
        version: s?.version ?? null,
        method: s?.method ?? '',
        from: s?.from ?? '',
        to: s?.to ?? '',
        startedAt: call.startedAt,
        answeredAt: call.answeredAt ?? null,
        endedAt: call.endedAt ?? null,
        status,
        finalCode: call.finalCode ?? null,
      });
      if (r.changes === 1) known = { row: Number(r.lastInsertRowid), status };
      else {
        // Stored by an earlier batch, and no longer in the cache.
        const stored = this.lookUpCall.get(callId) as { id: number; status: string };
        known = { row: stored.id, status: stored.status };
        this.updateStored(callId, call, known);
      }
      if (this.known.size >= KNOWN_CALLS_MAX) this.known.clear();
      this.known.set(callId, known);
    } else this.updateStored(callId, call, known);
    for (const e of call.steps) {
      this.insertStep.run(
        known.row,
        e.seq,
        e.nodeId,
        e.port,
        e.startedAt,
        Math.round(e.durationUs),
        JSON.stringify(e.detail),
        e.error ?? null,
      );
    }
    if (call.packBytes > 0) this.insertPack.run(known.row, Buffer.concat(call.pack, call.packBytes));
  }

  private updateStored(callId: string, call: CallInBatch, known: KnownCall): void {
    if (call.start !== undefined) this.startCall.run(call.start);
    if (!call.updates) return;
    const status = call.statusFrom(known.status);
    this.updateCall.run({
      callId,
      status: status === known.status ? null : status,
      finalCode: call.finalCode ?? null,
      answeredAt: call.answeredAt ?? null,
      endedAt: call.endedAt ?? null,
    });
    known.status = status;
  }
}

/** The stored record at start..end, with its message's credentials redacted if it has any. */
function redactRecord(b: Buffer, start: number, end: number): Buffer {
  const m = recordMessage(b, start);
  const message = b.subarray(m.start, m.end);
  return hasCredentials(message) ? withMessage(b, start, redactHeader(message)) : b.subarray(start, end);
}

const AUTHORIZATION = 'authorization';
const PROXY_AUTHORIZATION = 'proxy-authorization';

/**
 * Whether the header section has an Authorization or Proxy-Authorization field, in any case: a
 * scan of line starts, so that the common message (none) costs no string and no regular
 * expression.
 */
export function hasCredentials(b: Uint8Array): boolean {
  for (let i = b.indexOf(0x0a) + 1; i > 0 && i < b.length; i = b.indexOf(0x0a, i) + 1) {
    const c = b[i];
    if (c === 0x0d || c === 0x0a) return false; // the empty line: the body follows
    const lower = (c ?? 0) | 0x20;
    if (lower === 0x61 && nameAt(b, i, AUTHORIZATION)) return true;
    if (lower === 0x70 && nameAt(b, i, PROXY_AUTHORIZATION)) return true;
  }
  return false;
}

/** Whether the field at i is named `name` (lower case; compared case-insensitively). */
function nameAt(b: Uint8Array, i: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (((b[i + k] ?? 0) | 0x20) !== name.charCodeAt(k)) return false;
  let j = i + name.length;
  while (b[j] === 0x20 || b[j] === 0x09) j++;
  return b[j] === 0x3a;
}

const AUTH_LINE = /^(authorization|proxy-authorization)([ \t]*:[ \t]*)([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/gim;

/**
 * The message with the values of Authorization and Proxy-Authorization (and their folded
 * continuation lines) replaced by "<redacted>"; the scheme (Digest, Bearer) is kept. Only the
 * header section is touched; a message without them is returned as is.
 */
export function redactAuthorization(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return hasCredentials(buf) ? redactHeader(buf) : buf;
}

/** redactAuthorization for a message that has credentials (hasCredentials). */
function redactHeader(buf: Buffer): Buffer {
  let end = buf.indexOf('\r\n\r\n');
  if (end < 0) end = buf.indexOf('\n\n');
  const head = buf.toString('latin1', 0, end < 0 ? buf.length : end);
  const redacted = head.replace(AUTH_LINE, (_m, name: string, sep: string, value: string) => {
    const scheme = /^\S+/.exec(value.trim())?.[0] ?? '';
    return `${name}${sep}${scheme} <redacted>`;
  });
  return Buffer.concat([Buffer.from(redacted, 'latin1'), end < 0 ? Buffer.alloc(0) : buf.subarray(end)]);
}
