import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../runtime/trace-sink';
import { MESSAGE_ENTRY, PACK_VERSION, readPack } from './message-pack';
import { MessagePacker, packedMessage, type PackedEvent } from './message-packer';

type MessageEvent = Extract<TraceEvent, { kind: 'message' }>;

/** A message whose bytes are a view into a bigger buffer, as a received datagram's may be. */
function message(callId: string, text: string, at: number, direction: 'in' | 'out' = 'in'): MessageEvent {
  const big = Buffer.alloc(4096, 0x78);
  big.write(text, 100, 'latin1');
  return {
    kind: 'message',
    callId,
    at,
    direction,
    transport: direction === 'in' ? 'udp' : 'tcp',
    peer: direction === 'in' ? 'udp:127.0.0.1:5062' : 'tcp:[::1]:5070',
    bytes: big.subarray(100, 100 + Buffer.byteLength(text, 'latin1')),
  };
}

const step: TraceEvent = {
  kind: 'step',
  callId: 'p',
  seq: 1,
  nodeId: 'n',
  port: null,
  startedAt: 0,
  durationUs: 1,
  detail: {},
};

/** The packed messages among `events`: Call-IDs, and the stored messages read back from a pack. */
function unpack(
  events: readonly PackedEvent[],
  buffer: Uint8Array,
): { callIds: string[]; messages: unknown[] } {
  const b = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const found = events.filter((e) => typeof e === 'number').map((e) => packedMessage(b, e));
  const pack = Buffer.concat([
    Buffer.from([PACK_VERSION]),
    ...found.flatMap((m) => [Buffer.from([MESSAGE_ENTRY]), b.subarray(m.start, m.end)]),
  ]);
  const messages = readPack(pack).messages.map((m) => ({ ...m, raw: Buffer.from(m.raw) }));
  return { callIds: found.map((m) => m.callId), messages };
}

const stored = (e: MessageEvent): unknown => ({
  at: e.at,
  direction: e.direction,
  transport: e.transport,
  peer: e.peer,
  raw: Buffer.from(e.bytes),
});

describe('MessagePacker', () => {
  it('packs messages in place of their events, as records a pack stores byte for byte, in order', () => {
    const packer = new MessagePacker();
    const a = message('c1@host', 'INVITE sip:b@x SIP/2.0\r\n\r\n', 1.5);
    // A Call-ID with a latin1 byte above 0x7f and a body that is not UTF-8.
    const b = message('c\u00ff2', 'SIP/2.0 200 OK\r\n\r\n\x00\xff\xfe', 2.25, 'out');
    const events: PackedEvent[] = [packer.add(a), step, packer.add(b)];
    const buffer = packer.take();
    // Two Call-ID lengths with flags (5 bytes) and record headers (16), the Call-IDs (7, 4: ÿ is two
    // bytes in UTF-8), the peers (18, 14 bytes).
    expect(buffer.byteLength).toBe(2 * (5 + 16) + 7 + 4 + 18 + 14 + a.bytes.byteLength + b.bytes.byteLength);
    expect(events[1]).toBe(step);
    expect(unpack(events, buffer)).toEqual({
      callIds: [a.callId, b.callId],
      messages: [stored(a), stored(b)],
    });
  });

  it('says whether a message may carry credentials: unless its event says not, it may', () => {
    const packer = new MessagePacker();
    const text = 'OPTIONS sip:b@x SIP/2.0\r\n\r\n';
    const offsets = [
      packer.add(message('a', text, 1)),
      packer.add({ ...message('b', text, 2), credentials: false }),
      packer.add({ ...message('c', text, 3), credentials: true }),
    ];
    const b = Buffer.from(packer.take());
    expect(offsets.map((o) => packedMessage(b, o).credentials)).toEqual([true, false, true]);
  });

  it('grows past its first buffer and starts afresh after take', () => {
    const packer = new MessagePacker();
    const big = message('big', `MESSAGE sip:b@x SIP/2.0\r\n\r\n${'y'.repeat(50_000)}`, 1);
    const offsets = [packer.add(big), packer.add(big), packer.add(big)];
    expect(unpack(offsets, packer.take()).messages).toEqual([stored(big), stored(big), stored(big)]);
    expect(packer.take().byteLength).toBe(0);
  });

  it('never packs into a taken buffer before it is released, and reuses it after', () => {
    const packer = new MessagePacker();
    const a = message('a', 'INVITE sip:b@x SIP/2.0\r\n\r\n', 1);
    const first = [packer.add(a)];
    const taken = packer.take();
    const copy = Buffer.from(taken);
    const b = message('b', 'BYE sip:b@x SIP/2.0\r\n\r\n', 2);
    for (let i = 0; i < 10; i++) packer.add(b);
    const second = packer.take();
    expect(second.buffer).not.toBe(taken.buffer);
    expect(Buffer.from(taken).equals(copy)).toBe(true);
    expect(unpack(first, taken).messages).toEqual([stored(a)]);
    expect(taken.buffer).toBeInstanceOf(SharedArrayBuffer);
    packer.release(taken);
    // The buffer being packed now was taken from the pool at the last take; the next one is this.
    packer.add(b);
    packer.take();
    packer.add(b);
    expect(packer.take().buffer).toBe(taken.buffer);
  });
});
