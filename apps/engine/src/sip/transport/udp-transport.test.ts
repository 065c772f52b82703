// UdpTransport's outbox: datagrams queued during one turn of the event loop go out together, in
// order, after that turn's input or as soon as a burst is full; each is recorded as sent when it
// leaves the queue; a send on a closed socket is a rejected promise, never an exception out of
// the event loop. post() is the same without a promise: its callback is told later, never during
// the call, how the send went.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from './udp-transport';

const open: { close(): unknown }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function receiver(): Promise<{ port: number; got: string[] }> {
  const sock = dgram.createSocket('udp4');
  const got: string[] = [];
  sock.on('message', (m) => got.push(m.toString()));
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise<void>((r) => sock.close(() => r())) });
  return { port: sock.address().port, got };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('UdpTransport', () => {
  it.each([
    ['after the turn, when the burst is not full', 100, ['turn over', 'sent a', 'sent b', 'sent c']],
    ['a full burst at once, the rest after the turn', 2, ['sent a', 'sent b', 'turn over', 'sent c']],
  ])('sends what one turn queued in order: %s', async (_what, maxBurst, expected) => {
    const peer = await receiver();
    const udp = await UdpTransport.bind('127.0.0.1', 0, () => undefined, { maxBurst, maxWaitMs: 1e9 });
    open.push(udp);
    const log: string[] = [];
    const sent = ['a', 'b', 'c'].map((text) =>
      udp.send(Buffer.from(text), '127.0.0.1', peer.port, () => log.push(`sent ${text}`)),
    );
    log.push('turn over');
    await Promise.all(sent);
    expect(log).toEqual(expected);
    await until(() => peer.got.length === 3);
    expect(peer.got).toEqual(['a', 'b', 'c']);
  });

  it('still sends what was queued before a close, and rejects a send after it', async () => {
    const peer = await receiver();
    const udp = await UdpTransport.bind('127.0.0.1', 0, () => undefined);
    const before = udp.send(Buffer.from('last'), '127.0.0.1', peer.port);
    await udp.close();
    await expect(before).resolves.toBeUndefined();
    await until(() => peer.got.length === 1);
    expect(peer.got).toEqual(['last']);
    await expect(udp.send(Buffer.from('late'), '127.0.0.1', peer.port)).rejects.toThrow();
  });

  it('post: the datagram goes out and the callback hears null, after the call returns', async () => {
    const peer = await receiver();
    const udp = await UdpTransport.bind('127.0.0.1', 0, () => undefined, { maxBurst: 1 });
    open.push(udp);
    const log: string[] = [];
    const done = new Promise<Error | null>((resolve) =>
      udp.post(
        Buffer.from('posted'),
        '127.0.0.1',
        peer.port,
        () => log.push('sent'),
        (err) => {
          log.push('done');
          resolve(err);
        },
      ),
    );
    log.push('returned');
    expect(await done).toBeNull();
    // A full burst leaves inside post(); the callback still comes after it returned.
    expect(log).toEqual(['sent', 'returned', 'done']);
    await until(() => peer.got.length === 1);
    expect(peer.got).toEqual(['posted']);
  });

  it('post on a closed socket: the error reaches the callback later, nothing is thrown', async () => {
    const udp = await UdpTransport.bind('127.0.0.1', 0, () => undefined, { maxBurst: 1 });
    await udp.close();
    const log: string[] = [];
    const done = new Promise<Error | null>((resolve) =>
      udp.post(Buffer.from('late'), '127.0.0.1', 9, undefined, (err) => {
        log.push('done');
        resolve(err);
      }),
    );
    log.push('returned');
    expect(await done).toBeInstanceOf(Error);
    expect(log).toEqual(['returned', 'done']);
  });
});
