// How a call's trace is stored: its SIP messages and the steps its flow ran, several to a row of
// `message_packs`. The trace writer gathers what one call says until the call ends (or has waited
// a while, pending-call.ts) and writes it as one pack, so a call costs SQLite one row and one index
// entry for its whole trace instead of a row per message and per step.
//
// A pack is a version byte, then entries back to back. Version 2: each entry is a kind byte and
// its body:
//   1 message: a message record (below)
//   2 step:    length u32 | the step as UTF-8 JSON (seq, nodeId, port, startedAt, durationUs,
//              detail, error)
// Version 1 (written before steps were packed) is message records only, without kind bytes.
//
// A message record (little-endian):
//   at f64 | direction u8 (0 in, 1 out) | transport u8 (0 udp, 1 tcp) | peer length u16 |
//   message length u32 | peer (UTF-8) | message (the bytes as sent or received)
// The same record travels from the SIP thread to the trace worker (message-packer.ts), so the
// worker copies it into the pack as is.
import type { TraceEvent } from '../runtime/trace-sink';

export const PACK_VERSION = 2;
export const MESSAGE_ENTRY = 1;
export const STEP_ENTRY = 2;
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

/** A step as a pack stores it: as the runtime reports it (times in milliseconds since the epoch). */
export type StoredStep = Omit<Extract<TraceEvent, { kind: 'step' }>, 'kind' | 'callId'>;

/** The JSON a step entry holds. */
export function stepJson(step: StoredStep): string {
  return JSON.stringify({
    seq: step.seq,
    nodeId: step.nodeId,
    port: step.port,
    startedAt: step.startedAt,
    durationUs: Math.round(step.durationUs),
    detail: step.detail,
    ...(step.error === undefined ? {} : { error: step.error }),
  });
}

/** What a pack holds, in the order it was recorded. */
export interface Pack {
  readonly messages: StoredMessage[];
  readonly steps: StoredStep[];
}

export function readPack(pack: Buffer): Pack {
  const version = pack[0];
  if (version !== 1 && version !== PACK_VERSION)
    throw new Error(`message pack version ${version} is not known`);
  const out: Pack = { messages: [], steps: [] };
  for (let at = 1; at < pack.length;) {
    const kind = version === 1 ? MESSAGE_ENTRY : pack[at++];
    if (kind === MESSAGE_ENTRY) at = readMessage(pack, at, out.messages);
    else if (kind === STEP_ENTRY) {
      if (at + 4 > pack.length) throw new Error('message pack is cut short');
      const end = at + 4 + pack.readUInt32LE(at);
      if (end > pack.length) throw new Error('message pack is cut short');
      out.steps.push(JSON.parse(pack.toString('utf8', at + 4, end)) as StoredStep);
      at = end;
    } else throw new Error(`message pack entry of kind ${kind} is not known`);
  }
  return out;
}

/** Reads the message record at `at` into `into`; returns where the next entry starts. */
function readMessage(pack: Buffer, at: number, into: StoredMessage[]): number {
  if (at + RECORD_HEADER > pack.length) throw new Error('message pack is cut short');
  const m = recordMessage(pack, at);
  if (m.end > pack.length) throw new Error('message pack is cut short');
  into.push({
    at: pack.readDoubleLE(at),
    direction: pack[at + 8] === 0 ? 'in' : 'out',
    transport: pack[at + 9] === 0 ? 'udp' : 'tcp',
    peer: pack.toString('utf8', at + RECORD_HEADER, m.start),
    raw: pack.subarray(m.start, m.end),
  });
  return m.end;
}
