// How a call's SIP messages are stored: several to a row of `message_packs`. The trace writer
// packs the messages of one call that arrive in one batch into one row, so a call of a dozen
// messages costs SQLite two or three inserts instead of a dozen rows and index entries.
//
// A pack is a version byte (1), then records back to back, each (little-endian):
//   at f64 | direction u8 (0 in, 1 out) | transport u8 (0 udp, 1 tcp) | peer length u16 |
//   message length u32 | peer (UTF-8) | message (the bytes as sent or received)
// The same record travels from the SIP thread to the trace worker (message-packer.ts), so the
// worker copies it into the pack as is.

export const PACK_VERSION = 1;
export const RECORD_HEADER = 16;

export interface StoredMessage {
  readonly at: number;
  readonly direction: 'in' | 'out';
  readonly transport: 'udp' | 'tcp';
  readonly peer: string;
  readonly raw: Buffer;
}

/** Record fields the writer sets; the message itself is copied after the header and the peer. */
export function writeRecordHeader(
  b: Buffer,
  at: number,
  m: { at: number; direction: 'in' | 'out'; transport: 'udp' | 'tcp'; peer: string; length: number },
): number {
  b.writeDoubleLE(m.at, at);
  b[at + 8] = m.direction === 'in' ? 0 : 1;
  b[at + 9] = m.transport === 'udp' ? 0 : 1;
  const peerLen = b.write(m.peer, at + RECORD_HEADER, 'utf8');
  b.writeUInt16LE(peerLen, at + 10);
  b.writeUInt32LE(m.length, at + 12);
  return RECORD_HEADER + peerLen;
}

/** Total length of the record starting at `at`. */
export function recordLength(b: Buffer, at: number): number {
  return RECORD_HEADER + b.readUInt16LE(at + 10) + b.readUInt32LE(at + 12);
}

/** Where the record's message bytes start and end. */
export function recordMessage(b: Buffer, at: number): { start: number; end: number } {
  const start = at + RECORD_HEADER + b.readUInt16LE(at + 10);
  return { start, end: start + b.readUInt32LE(at + 12) };
}

/** The record at `at` with another message in it (a redacted one), in a buffer of its own. */
export function withMessage(b: Buffer, at: number, message: Uint8Array): Buffer {
  const { start } = recordMessage(b, at);
  const out = Buffer.allocUnsafe(start - at + message.byteLength);
  b.copy(out, 0, at, start);
  out.writeUInt32LE(message.byteLength, 12);
  out.set(message, start - at);
  return out;
}

/** The messages of a pack, in the order they were recorded. */
export function readPack(pack: Buffer): StoredMessage[] {
  if (pack[0] !== PACK_VERSION) throw new Error(`message pack version ${pack[0]} is not known`);
  const out: StoredMessage[] = [];
  for (let at = 1; at + RECORD_HEADER <= pack.length;) {
    const m = recordMessage(pack, at);
    if (m.end > pack.length) throw new Error('message pack is cut short');
    out.push({
      at: pack.readDoubleLE(at),
      direction: pack[at + 8] === 0 ? 'in' : 'out',
      transport: pack[at + 9] === 0 ? 'udp' : 'tcp',
      peer: pack.toString('utf8', at + RECORD_HEADER, m.start),
      raw: pack.subarray(m.start, m.end),
    });
    at = m.end;
  }
  return out;
}
