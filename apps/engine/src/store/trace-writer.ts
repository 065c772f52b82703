// Writes trace events to SQLite, in one transaction per batch: on the SIP thread between turns of
// the event loop (push), or in the trace worker, a batch at a time as the engine posts them
// (write). What a batch says is gathered per call (pending-call.ts) and kept until the call ends,
// until it has waited `holdMs`, or until a flush, then written at once: a call row created or
// updated with its status and times, and one pack of its SIP messages and flow steps
// (message-pack.ts), whose bytes go to the pack files beside the database (pack-files.ts). The
// messages arrive packed (message-packer.ts); a call row is created by whichever event names its
// Call-ID first (the INVITE's 'in' message comes before the runtime's call-start).
import type { Db } from './db';
import type { TraceEvent } from '../runtime/trace-sink';
import { DiscardedCalls } from './discarded-calls';
import { recordMessage, withMessage } from './message-pack';
import { MessagePacker, packedMessage, type PackedEvent } from './message-packer';
import { PackFileWriter, listPackFiles, packDirOf, packFileBytesFor } from './pack-files';
import { PendingCall } from './pending-call';
import type { TraceQueue } from './trace-queue';

export interface TraceOptions {
  /** Replace Authorization / Proxy-Authorization values in stored messages (default true). */
  readonly redactAuth?: boolean;
  /** Delete calls that started longer ago than this (ms); 0 or absent: keep. */
  readonly maxAgeMs?: number;
  /**
   * Delete the oldest calls while the database and its pack files hold more than this (bytes); 0
   * or absent: no limit.
   */
  readonly maxDbBytes?: number;
  /**
   * How often retention looks (ms, default 1 s). Often, so that each pass deletes about what the
   * last second added: looking once a minute, a database at its limit grew by a minute of calls,
   * then deleted them in one go (a 150-MB limit at 1,000 calls/s: a 567-MB file and a busy
   * second for the worker; looking every second, 239 MB with the WAL and an even load).
   */
  readonly retentionEveryMs?: number;
  /**
   * How long what is known of a call that goes on may wait for more before it is written (ms,
   * default 1 s; 0: every batch). A call that ends is written with the batch that ends it, and a
   * flush writes everything: readers flush first, so this delays only what a crash may lose.
   */
  readonly holdMs?: number;
}

const KNOWN_CALLS_MAX = 50_000;
const DEFAULT_HOLD_MS = 1000;
const NO_MESSAGES = new Uint8Array(0);

/** A stored call: its row id and status as last written. */
interface KnownCall {
  readonly row: number;
  status: string;
}

export class TraceWriter implements TraceQueue {
  private queue: PackedEvent[] = [];
  private readonly packer = new MessagePacker();
  private readonly discarded = new DiscardedCalls();
  /** What is gathered and not yet written, by Call-ID (in the order the calls were first seen). */
  private readonly pending = new Map<string, PendingCall>();
  /**
   * Row id and last written status of recent calls, so that most events need no lookup query.
   * Only a cache: cleared when it grows large or when retention deletes rows.
   */
  private readonly known = new Map<string, KnownCall>();
  private readonly holdMs: number;
  private readonly deleteCall;
  private readonly deleteOlder;
  private readonly deleteOldest;
  private readonly anyOlder;
  private readonly countCalls;
  private readonly redact: boolean;
  private retentionTimer: NodeJS.Timeout | undefined;
  /** Writes what has waited long enough when no batch comes to do it. */
  private holdTimer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private closed = false;
  private readonly insertCall;
  private readonly lookUpCall;
  private readonly startCall;
  private readonly updateCall;
  private readonly insertPack;
  private readonly insertPackRef;
  private readonly oldestPackFile;
  /** Where packs' bytes go; undefined for an in-memory database (they stay in their rows). */
  private readonly packFiles: PackFileWriter | undefined;
  private readonly writeBatch;
  /** Events written since start, and batches: for tests and the benchmark. */
  written = 0;
  batches = 0;

  constructor(
    private readonly db: Db,
    private readonly options: TraceOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.redact = options.redactAuth ?? true;
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.deleteCall = db.prepare('DELETE FROM calls WHERE call_id = ?');
    this.deleteOlder = db.prepare('DELETE FROM calls WHERE started_at < ?');
    this.deleteOldest = db.prepare(
      'DELETE FROM calls WHERE id IN (SELECT id FROM calls ORDER BY started_at, id LIMIT ?)',
    );
    this.anyOlder = db.prepare('SELECT 1 FROM calls WHERE started_at < ? LIMIT 1');
    this.countCalls = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM calls');
    if (options.maxAgeMs || options.maxDbBytes) {
      this.retentionTimer = setInterval(() => this.retentionDue(), options.retentionEveryMs ?? 1000);
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
    this.insertPack = db.prepare('INSERT INTO message_packs (call_row, packed) VALUES (?, ?)');
    this.insertPackRef = db.prepare(
      "INSERT INTO message_packs (call_row, packed, file, start, length) VALUES (?, X'', ?, ?, ?)",
    );
    this.oldestPackFile = db.prepare<[], { file: number | null }>(
      'SELECT MIN(file) AS file FROM message_packs WHERE file IS NOT NULL',
    );
    const dir = packDirOf(db);
    this.packFiles =
      dir === undefined ? undefined : new PackFileWriter(dir, packFileBytesFor(options.maxDbBytes));
    this.writeBatch = db.transaction((events: readonly PackedEvent[], messages: Buffer, all: boolean) => {
      const now = this.clock();
      for (const e of events) {
        if (typeof e === 'number') this.addMessage(messages, e, now);
        else this.gather(e, now);
      }
      this.writeDue(now, all);
      // Before the commit: a row that names bytes in a pack file is never seen before they are there.
      this.packFiles?.flush();
    });
  }

  push(event: TraceEvent): void {
    if (this.closed) return;
    this.queue.push(event.kind === 'message' ? this.packer.add(event) : event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writeQueued(false));
    }
  }

  /** Write everything queued and gathered now, so that a read sees it (also called on shutdown). */
  flush(): void {
    this.writeQueued(true);
  }

  /**
   * Writes these events (after any queued ones) in one transaction, with whatever gathered is due
   * (every call when `all`); the offsets among them are message records in `messages`
   * (message-packer.ts).
   */
  write(events: readonly PackedEvent[], messages: Uint8Array, all = false): void {
    if (this.queue.length > 0) this.writeQueued(false);
    if (this.closed || (events.length === 0 && (!all || this.pending.size === 0))) return;
    this.commit(events, messages, all);
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.packFiles?.close();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    if (this.holdTimer) clearTimeout(this.holdTimer);
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
      // Also the files of calls deleted since the last pass (discarded by their trace level).
      this.removeUnnamedPackFiles();
      const max = this.options.maxDbBytes;
      if (max) {
        for (let round = 0; round < 50; round++) {
          const bytes = this.dbBytes();
          if (bytes <= max) break;
          const count = this.countCalls.get()?.n ?? 0;
          if (count === 0) break;
          // As many of the oldest calls as the excess holds at the average size (a second's worth
          // when this runs every second), at most a tenth of them a round; pages freed by DELETE
          // go to SQLite's free list and are reused: the file stops growing.
          const excess = Math.ceil((bytes - max) / (bytes / count));
          deleted += this.deleteOldest.run(Math.min(Math.ceil(count / 10), Math.max(1, excess))).changes;
          // Room in pack files comes back a file at a time, once no row names it: rounds go on
          // until the oldest file goes (at most a file's worth of calls more than the excess).
          this.removeUnnamedPackFiles();
        }
      }
    } catch (err) {
      console.error(`trace writer: retention failed: ${(err as Error).message}`);
    }
    return deleted;
  }

  /** The timer's pass: retention only when a limit is passed (it flushes what is held first). */
  private retentionDue(now = Date.now()): void {
    const max = this.options.maxDbBytes;
    const maxAge = this.options.maxAgeMs;
    const tooBig = max !== undefined && max > 0 && this.dbBytes() > max;
    const tooOld =
      !tooBig && maxAge !== undefined && maxAge > 0 && this.anyOlder.get(now - maxAge) !== undefined;
    if (tooBig || tooOld) this.enforceRetention(now);
  }

  /** Bytes the database uses (pages in use; WAL not counted) and its pack files. */
  dbBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    let files = 0;
    if (this.packFiles !== undefined) for (const f of listPackFiles(this.packFiles.dir)) files += f.bytes;
    return (pages - free) * size + files;
  }

  /** Deletes the pack files older than the oldest one a row names. */
  private removeUnnamedPackFiles(): void {
    this.packFiles?.removeBefore(this.oldestPackFile.get()?.file ?? undefined);
  }

  private writeQueued(all: boolean): void {
    this.scheduled = false;
    const events = this.queue;
    this.queue = [];
    const messages = this.packer.take();
    this.write(events, messages, all);
    this.packer.release(messages);
  }

  /** One transaction: these events gathered, then what is due written (every call when `all`). */
  private commit(events: readonly PackedEvent[], messages: Uint8Array, all: boolean): void {
    try {
      // A view, not a copy: what is kept is copied out before the batch's transaction ends.
      this.writeBatch(events, Buffer.from(messages.buffer, messages.byteOffset, messages.byteLength), all);
      this.written += events.length;
      if (events.length > 0) this.batches++;
    } catch (err) {
      // A failed batch must not take the engine down; the trace is lost, the calls go on. Its
      // rows were rolled back, so the cache may name rows that do not exist.
      this.known.clear();
      this.pending.clear();
      this.packFiles?.discard();
      console.error(
        `trace writer: dropped ${events.length} events and what was gathered: ${(err as Error).message}`,
      );
    }
    this.armHoldTimer();
  }

  /** Arms holdTimer while something is gathered. */
  private armHoldTimer(): void {
    if (this.holdTimer !== undefined || this.pending.size === 0 || this.closed) return;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      if (this.pending.size > 0 && !this.closed) this.commit([], NO_MESSAGES, false);
    }, this.holdMs);
    this.holdTimer.unref();
  }

  /** The call's gathered record, begun by an event at `at`. */
  private pendingCall(callId: string, at: number, now: number): PendingCall {
    let call = this.pending.get(callId);
    if (call === undefined) {
      call = new PendingCall(at, now);
      this.pending.set(callId, call);
    }
    return call;
  }

  /** Adds the packed message at `offset` to its call's next pack (redacted, unless turned off). */
  private addMessage(messages: Buffer, offset: number, now: number): void {
    const m = packedMessage(messages, offset);
    if (this.discarded.has(m.callId)) return;
    const call = this.pendingCall(m.callId, messages.readDoubleLE(m.start), now);
    const body = recordMessage(messages, m.start);
    const message = messages.subarray(body.start, body.end);
    if (this.redact && m.credentials && hasCredentials(message)) {
      const record = withMessage(messages, m.start, redactHeader(message));
      call.pack.addMessage(record, 0, record.length);
    } else call.pack.addMessage(messages, m.start, m.end);
  }

  private gather(e: Exclude<TraceEvent, { kind: 'message' }>, now: number): void {
    if (e.kind === 'call-discard') {
      // What was gathered for it is dropped; a row from an earlier batch is deleted.
      this.pending.delete(e.callId);
      this.discarded.add(e.callId);
      this.deleteCall.run(e.callId);
      this.known.delete(e.callId);
      return;
    }
    if (this.discarded.has(e.callId)) return;
    switch (e.kind) {
      case 'call-start':
        this.pendingCall(e.callId, e.at, now).start = e;
        return;
      case 'call-update':
        this.pendingCall(e.callId, e.endedAt ?? e.answeredAt ?? now, now).update(e);
        return;
      case 'step':
        this.pendingCall(e.callId, e.startedAt, now).pack.addStep(e);
        return;
    }
  }

  /** Writes the calls that ended, that have waited `holdMs`, or all of them. */
  private writeDue(now: number, all: boolean): void {
    for (const [callId, call] of this.pending) {
      if (all || call.ended || now - call.since >= this.holdMs) {
        this.writeCall(callId, call);
        this.pending.delete(callId);
      }
    }
  }

  /** One INSERT for a call not stored yet, else its start and its update; then its pack. */
  private writeCall(callId: string, call: PendingCall): void {
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
        // Stored earlier, and no longer in the cache.
        const stored = this.lookUpCall.get(callId) as { id: number; status: string };
        known = { row: stored.id, status: stored.status };
        this.updateStored(callId, call, known);
      }
      if (this.known.size >= KNOWN_CALLS_MAX) this.known.clear();
      this.known.set(callId, known);
    } else this.updateStored(callId, call, known);
    if (!call.pack.empty) {
      if (this.packFiles === undefined) this.insertPack.run(known.row, call.pack.bytes());
      else {
        const ref = this.packFiles.append(call.pack.bytes());
        this.insertPackRef.run(known.row, ref.file, ref.start, ref.length);
      }
    }
    call.pack.release();
  }

  private updateStored(callId: string, call: PendingCall, known: KnownCall): void {
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
