// SIP message trace events packed into one buffer on their way to the trace worker. A message
// event is most of a call's trace (a dozen per call); as objects, each would be copied field by
// field by postMessage's structured clone, after its bytes had been copied out of the datagram.
// Packed, each is one record appended to a growing buffer at push time, and the batch's event
// list carries only the record's offset in its place (so the order of events is kept).
//
// Record layout: Call-ID length u32 (little-endian) | flags u8 | Call-ID (UTF-8) | the
// message's stored record (message-pack.ts), which the writer copies into the call's pack as it
// is. Flags: bit 0 set when the message may carry credentials (TraceEvent `credentials`), so the
// writer scans for them only then.
import type { TraceEvent } from '../runtime/trace-sink';
import { RECORD_HEADER, recordLength, writeRecordHeader } from './message-pack';

export type MessageEvent = Extract<TraceEvent, { kind: 'message' }>;

/** A batch entry: an event as it is, or the offset of a packed message record. */
export type PackedEvent = Exclude<TraceEvent, MessageEvent> | number;

const INITIAL_BYTES = 64 * 1024;
/** Call-ID length and flags, before the Call-ID. */
const ENVELOPE = 5;
const MAY_CARRY_CREDENTIALS = 1;
/** Buffers kept for reuse: one per batch in flight (the worker writes a batch in milliseconds). */
const POOL_MAX = 8;

/**
 * Packs into shared memory (SharedArrayBuffer) that goes to the trace worker without a copy:
 * posting a batch's buffer of copied bytes cost the SIP thread a copy and the worker another, and
 * fresh memory for each (page faults). A taken buffer is released once the worker has written it,
 * and packs the next batch.
 */
export class MessagePacker {
  private readonly free: SharedArrayBuffer[] = [];
  private buf = this.fresh(INITIAL_BYTES);
  private used = 0;

  /** Appends the message; returns its record's offset. */
  add(e: MessageEvent): number {
    // Upper bound of the record (UTF-8 needs at most 3 bytes per UTF-16 unit).
    this.reserve(ENVELOPE + RECORD_HEADER + 3 * (e.peer.length + e.callId.length) + e.bytes.byteLength);
    const b = this.buf;
    const at = this.used;
    const callIdLen = b.write(e.callId, at + ENVELOPE, 'utf8');
    b.writeUInt32LE(callIdLen, at);
    b[at + 4] = e.credentials === false ? 0 : MAY_CARRY_CREDENTIALS;
    const record = at + ENVELOPE + callIdLen;
    const head = writeRecordHeader(b, record, {
      at: e.at,
      direction: e.direction,
      transport: e.transport,
      peer: e.peer,
      length: e.bytes.byteLength,
    });
    b.set(e.bytes, record + head);
    this.used = record + head + e.bytes.byteLength;
    return at;
  }

  /**
   * The records added since the last take, as a view of shared memory; the packer goes on in
   * another buffer. Hand the view back with release() once nothing reads it any more.
   */
  take(): Uint8Array {
    if (this.used === 0) return new Uint8Array(0);
    const out = new Uint8Array(this.buf.buffer, 0, this.used);
    this.buf = this.fresh(this.buf.length);
    this.used = 0;
    return out;
  }

  /** A taken buffer may be packed into again. */
  release(taken: Uint8Array): void {
    const b = taken.buffer;
    if (b instanceof SharedArrayBuffer && this.free.length < POOL_MAX) this.free.push(b);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const bigger = this.fresh(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger; // the smaller one would never serve again (see fresh)
  }

  /**
   * A free buffer of at least `bytes`, or a new one. Buffers only grow (a batch as big as the
   * biggest so far fits), so a smaller free one will not serve again and is let go.
   */
  private fresh(bytes: number): Buffer {
    while (this.free.length > 0) {
      const b = this.free.pop() as SharedArrayBuffer;
      if (b.byteLength >= bytes) return Buffer.from(b);
    }
    return Buffer.from(new SharedArrayBuffer(bytes));
  }
}

/**
 * The packed message at `offset`: its Call-ID, where its stored record starts and ends, and
 * whether it may carry credentials.
 */
export function packedMessage(
  b: Buffer,
  offset: number,
): { callId: string; start: number; end: number; credentials: boolean } {
  const callIdLen = b.readUInt32LE(offset);
  const start = offset + ENVELOPE + callIdLen;
  return {
    callId: b.toString('utf8', offset + ENVELOPE, start),
    start,
    end: start + recordLength(b, start),
    credentials: ((b[offset + 4] as number) & MAY_CARRY_CREDENTIALS) !== 0,
  };
}
