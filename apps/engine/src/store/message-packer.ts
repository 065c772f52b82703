// SIP message trace events packed into one buffer on their way to the trace worker. A message
// event is most of a call's trace (a dozen per call); as objects, each would be copied field by
// field by postMessage's structured clone, after its bytes had been copied out of the datagram.
// Packed, each is one record appended to a growing buffer at push time, and the batch's event
// list carries only the record's offset in its place (so the order of events is kept).
//
// Record layout: Call-ID length u32 (little-endian) | Call-ID (UTF-8) | the message's stored
// record (message-pack.ts), which the writer copies into the call's pack as it is.
import type { TraceEvent } from '../runtime/trace-sink';
import { RECORD_HEADER, recordLength, writeRecordHeader } from './message-pack';

export type MessageEvent = Extract<TraceEvent, { kind: 'message' }>;

/** A batch entry: an event as it is, or the offset of a packed message record. */
export type PackedEvent = Exclude<TraceEvent, MessageEvent> | number;

const INITIAL_BYTES = 64 * 1024;

export class MessagePacker {
  private buf = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private used = 0;

  /** Appends the message; returns its record's offset. */
  add(e: MessageEvent): number {
    // Upper bound of the record (UTF-8 needs at most 3 bytes per UTF-16 unit).
    this.reserve(4 + RECORD_HEADER + 3 * (e.peer.length + e.callId.length) + e.bytes.byteLength);
    const b = this.buf;
    const at = this.used;
    const callIdLen = b.write(e.callId, at + 4, 'utf8');
    b.writeUInt32LE(callIdLen, at);
    const record = at + 4 + callIdLen;
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

  /** The records added since the last take, in a buffer of their own; the packer starts afresh. */
  take(): ArrayBuffer {
    const out = this.buf.buffer.slice(this.buf.byteOffset, this.buf.byteOffset + this.used);
    this.used = 0;
    return out;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}

/** The packed message at `offset`: its Call-ID, and where its stored record starts and ends. */
export function packedMessage(b: Buffer, offset: number): { callId: string; start: number; end: number } {
  const callIdLen = b.readUInt32LE(offset);
  const start = offset + 4 + callIdLen;
  return { callId: b.toString('utf8', offset + 4, start), start, end: start + recordLength(b, start) };
}
