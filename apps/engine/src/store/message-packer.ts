// SIP message trace events packed into one buffer on their way to the trace worker. A message
// event is most of a call's trace (a dozen per call); as objects, each would be copied field by
// field by postMessage's structured clone, after its bytes had been copied out of the datagram.
// Packed, each is one record appended to a growing buffer at push time, and the batch's event
// list carries only the record's offset in its place (so the order of events is kept).
//
// Record layout (little-endian): at f64 | direction u8 (0 in, 1 out) | transport u8 (0 udp,
// 1 tcp) | peer length u16 | Call-ID length u32 | message length u32 | peer | Call-ID | message
// (lengths in bytes, strings in UTF-8).
import type { TraceEvent } from '../runtime/trace-sink';

type MessageEvent = Extract<TraceEvent, { kind: 'message' }>;

/** A batch entry: an event as it is, or the offset of a packed message record. */
export type PackedEvent = Exclude<TraceEvent, MessageEvent> | number;

const HEADER = 20;
const INITIAL_BYTES = 64 * 1024;

export class MessagePacker {
  private buf = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private used = 0;

  /** Appends the message; returns its record's offset. */
  add(e: MessageEvent): number {
    // Upper bound of the record (UTF-8 needs at most 3 bytes per UTF-16 unit).
    this.reserve(HEADER + 3 * (e.peer.length + e.callId.length) + e.bytes.byteLength);
    const b = this.buf;
    const at = this.used;
    b.writeDoubleLE(e.at, at);
    b[at + 8] = e.direction === 'in' ? 0 : 1;
    b[at + 9] = e.transport === 'udp' ? 0 : 1;
    const peerLen = b.write(e.peer, at + HEADER, 'utf8');
    const callIdLen = b.write(e.callId, at + HEADER + peerLen, 'utf8');
    b.writeUInt16LE(peerLen, at + 10);
    b.writeUInt32LE(callIdLen, at + 12);
    b.writeUInt32LE(e.bytes.byteLength, at + 16);
    b.set(e.bytes, at + HEADER + peerLen + callIdLen);
    this.used = at + HEADER + peerLen + callIdLen + e.bytes.byteLength;
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

/** The batch's events with each packed record turned back into a message event. */
export function unpackEvents(events: readonly PackedEvent[], buffer: ArrayBuffer): TraceEvent[] {
  const b = Buffer.from(buffer);
  return events.map((e): TraceEvent => {
    if (typeof e !== 'number') return e;
    const peerLen = b.readUInt16LE(e + 10);
    const callIdLen = b.readUInt32LE(e + 12);
    const length = b.readUInt32LE(e + 16);
    const peerAt = e + HEADER;
    const bytesAt = peerAt + peerLen + callIdLen;
    return {
      kind: 'message',
      at: b.readDoubleLE(e),
      direction: b[e + 8] === 0 ? 'in' : 'out',
      transport: b[e + 9] === 0 ? 'udp' : 'tcp',
      peer: b.toString('utf8', peerAt, peerAt + peerLen),
      callId: b.toString('utf8', peerAt + peerLen, bytesAt),
      bytes: b.subarray(bytesAt, bytesAt + length),
    };
  });
}
