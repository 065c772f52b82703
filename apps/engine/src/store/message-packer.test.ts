import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../runtime/trace-sink';
import { MessagePacker, unpackEvents, type PackedEvent } from './message-packer';

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

describe('MessagePacker', () => {
  it('packs messages in place of their events and unpacks them byte for byte, in order', () => {
    const packer = new MessagePacker();
    const a = message('c1@host', 'INVITE sip:b@x SIP/2.0\r\n\r\n', 1.5);
    // A Call-ID with a latin1 byte above 0x7f and a body that is not UTF-8.
    const b = message('c\u00ff2', 'SIP/2.0 200 OK\r\n\r\n\x00\xff\xfe', 2.25, 'out');
    const events: PackedEvent[] = [packer.add(a), step, packer.add(b)];
    const buffer = packer.take();
    // Two 20-byte headers, the peers (18, 14 bytes), the Call-IDs (7, 4: ÿ is two bytes in UTF-8).
    expect(buffer.byteLength).toBe(2 * 20 + 18 + 14 + 7 + 4 + a.bytes.byteLength + b.bytes.byteLength);
    const out = unpackEvents(events, buffer);
    expect(out[1]).toBe(step);
    expect(out.map((e) => (e.kind === 'message' ? { ...e, bytes: Buffer.from(e.bytes) } : e))).toEqual([
      { ...a, bytes: Buffer.from(a.bytes) },
      step,
      { ...b, bytes: Buffer.from(b.bytes) },
    ]);
  });

  it('grows past its first buffer and starts afresh after take', () => {
    const packer = new MessagePacker();
    const big = message('big', `MESSAGE sip:b@x SIP/2.0\r\n\r\n${'y'.repeat(50_000)}`, 1);
    const offsets = [packer.add(big), packer.add(big), packer.add(big)];
    const out = unpackEvents(offsets, packer.take());
    expect(out.map((e) => (e.kind === 'message' ? e.bytes.byteLength : 0))).toEqual([
      big.bytes.byteLength,
      big.bytes.byteLength,
      big.bytes.byteLength,
    ]);
    expect(packer.take().byteLength).toBe(0);
  });
});
