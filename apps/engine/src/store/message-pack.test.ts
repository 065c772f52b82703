import { describe, expect, it } from 'vitest';
import {
  MESSAGE_ENTRY,
  PACK_VERSION,
  readPack,
  STEP_ENTRY,
  stepJson,
  writeRecordHeader,
  type StoredStep,
} from './message-pack';
import { PackBuilder } from './pack-builder';

/** A message record as the packer writes it (message-pack.ts). */
function record(text: string, at: number, direction: 'in' | 'out'): Buffer {
  const message = Buffer.from(text, 'latin1');
  const b = Buffer.alloc(64 + message.length);
  const head = writeRecordHeader(b, 0, {
    at,
    direction,
    transport: 'udp',
    peer: 'udp:127.0.0.1:5060',
    length: message.length,
  });
  message.copy(b, head);
  return b.subarray(0, head + message.length);
}

const plain: StoredStep = {
  seq: 3,
  nodeId: 'relay',
  port: 'answered',
  startedAt: 1795948788756.5,
  durationUs: 46,
  detail: { target: 'sip:b@h', nested: { codes: [180, 200] } },
};
const step: StoredStep = { ...plain, seq: 2, error: 'timeout' };

describe('message packs', () => {
  it('keep messages and steps in the order recorded, byte for byte', () => {
    const invite = 'INVITE sip:b@h SIP/2.0\r\n\r\n\x00\xff\xfe';
    const builder = new PackBuilder();
    expect(builder.empty).toBe(true);
    const first = record(invite, 1.5, 'in');
    builder.addMessage(Buffer.concat([Buffer.from('xx'), first, Buffer.from('yy')]), 2, 2 + first.length);
    builder.addStep({ ...step, durationUs: 45.6 });
    builder.addStep(plain);
    const second = record('SIP/2.0 100 Trying\r\n\r\n', 2.25, 'out');
    builder.addMessage(second, 0, second.length);
    expect(builder.empty).toBe(false);
    const pack = Buffer.from(builder.bytes());
    builder.release();
    expect(builder.empty).toBe(true);
    const read = readPack(pack);
    expect(
      read.messages.map((m) => [m.at, m.direction, m.transport, m.peer, m.raw.toString('latin1')]),
    ).toEqual([
      [1.5, 'in', 'udp', 'udp:127.0.0.1:5060', invite],
      [2.25, 'out', 'udp', 'udp:127.0.0.1:5060', 'SIP/2.0 100 Trying\r\n\r\n'],
    ]);
    // The duration is stored in whole microseconds; a step without an error has none.
    expect(read.steps).toEqual([step, plain]);
  });

  it('read packs of version 1: message records without entry kinds', () => {
    const pack = Buffer.concat([
      Buffer.from([1]),
      record('BYE sip:a@h SIP/2.0\r\n\r\n', 3, 'out'),
      record('SIP/2.0 200 OK\r\n\r\n', 4, 'in'),
    ]);
    expect(readPack(pack).messages.map((m) => m.raw.toString())).toEqual([
      'BYE sip:a@h SIP/2.0\r\n\r\n',
      'SIP/2.0 200 OK\r\n\r\n',
    ]);
    expect(readPack(pack).steps).toEqual([]);
  });

  it('refuses a pack of an unknown version or entry kind, or cut short', () => {
    const message = Buffer.concat([
      Buffer.from([MESSAGE_ENTRY]),
      record('OPTIONS sip:x SIP/2.0\r\n\r\n', 1, 'in'),
    ]);
    expect(() => readPack(Buffer.concat([Buffer.from([3]), message]))).toThrow(/version 3/);
    expect(() => readPack(Buffer.from([PACK_VERSION, 9, 0, 0]))).toThrow(/kind 9/);
    expect(() => readPack(Buffer.concat([Buffer.from([PACK_VERSION]), message.subarray(0, -1)]))).toThrow(
      /cut short/,
    );
    expect(() => readPack(Buffer.concat([Buffer.from([PACK_VERSION]), message.subarray(0, 10)]))).toThrow(
      /cut short/,
    );
    const json = Buffer.from(stepJson(step));
    const stepEntry = Buffer.concat([Buffer.from([STEP_ENTRY, 0, 0, 0, 0]), json]);
    stepEntry.writeUInt32LE(json.length, 1);
    expect(readPack(Buffer.concat([Buffer.from([PACK_VERSION]), stepEntry])).steps).toEqual([step]);
    expect(() => readPack(Buffer.concat([Buffer.from([PACK_VERSION]), stepEntry.subarray(0, -1)]))).toThrow(
      /cut short/,
    );
  });
});

describe('PackBuilder', () => {
  it('grows past its first buffer, and builds a new pack after release without touching the old bytes', () => {
    const builder = new PackBuilder();
    const big = record('MESSAGE sip:b@h SIP/2.0\r\n\r\n' + 'x'.repeat(20_000), 1, 'in');
    builder.addMessage(big, 0, big.length);
    builder.addStep(step);
    const first = builder.bytes();
    expect(readPack(first).messages[0]?.raw.length).toBe(big.length - 16 - 'udp:127.0.0.1:5060'.length);
    const kept = Buffer.from(first);
    builder.release();
    const other = new PackBuilder();
    const small = record('OPTIONS sip:b@h SIP/2.0\r\n\r\n', 2, 'out');
    other.addMessage(small, 0, small.length);
    builder.addStep(plain);
    expect(readPack(other.bytes()).messages.map((m) => m.at)).toEqual([2]);
    expect(readPack(builder.bytes()).steps).toEqual([plain]);
    expect(readPack(kept).steps).toEqual([step]);
  });
});
