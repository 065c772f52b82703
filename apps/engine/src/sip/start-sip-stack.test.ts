// startSipStack: binds UDP and TCP on one port (0 = free port), and close() releases sockets and
// every timer, even with transactions and relays in flight.

import dgram from 'node:dgram';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { startSipStack } from './start-sip-stack';
import type { ProxiedRequest } from './sip-stack-types';
import { freePort } from '../../test/sipp/free-port';

const INVITE = (port: number): string =>
  'INVITE sip:callee@127.0.0.1 SIP/2.0\r\n' +
  `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKclose1;rport\r\n` +
  'From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:callee@127.0.0.1>\r\nCall-ID: close-test\r\n' +
  'CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n';

describe('startSipStack', () => {
  it('binds UDP and TCP on the same free port and frees both on close', async () => {
    const stack = await startSipStack({ host: '127.0.0.1', port: 0, handleRequest: () => undefined });
    expect(stack.host).toBe('127.0.0.1');
    expect(stack.port).toBeGreaterThan(0);
    const probe = net.connect(stack.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => probe.once('connect', resolve).once('error', reject));
    probe.destroy();
    await stack.close();
    await stack.close(); // idempotent
    const again = await startSipStack({
      host: '127.0.0.1',
      port: stack.port,
      handleRequest: () => undefined,
    });
    expect(again.port).toBe(stack.port);
    await again.close();
  });

  it('advertises 127.0.0.1 when bound to 0.0.0.0', async () => {
    const stack = await startSipStack({ host: '0.0.0.0', port: 0, handleRequest: () => undefined });
    expect(stack.host).toBe('127.0.0.1');
    await stack.close();
  });

  it('stops every timer on close, with a relay and its client transaction pending', async () => {
    const clock = new ManualClock();
    const deadPort = await freePort(); // nobody answers there
    let seen: ProxiedRequest | undefined;
    const stack = await startSipStack(
      {
        host: '127.0.0.1',
        port: 0,
        handleRequest: (req) => {
          seen = req;
          void req.relay(`sip:callee@127.0.0.1:${deadPort}`, { timeoutMs: 60_000 });
        },
      },
      clock,
    );
    const client = dgram.createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    client.send(INVITE(client.address().port), stack.port, '127.0.0.1');
    for (let i = 0; i < 100 && clock.pending < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(seen?.request.callId).toBe('close-test');
    expect(clock.pending).toBeGreaterThanOrEqual(3); // server tx + client tx A/B + relay timeout
    // The INVITE's server transaction and the relay's client transaction, as metrics report them.
    expect(stack.stats().transactions).toEqual({ servers: 1, clients: 1 });
    await stack.close();
    expect(clock.pending).toBe(0);
    clock.advance(120_000); // nothing fires after close
    expect(clock.pending).toBe(0);
    await new Promise<void>((r) => client.close(() => r()));
  });
});
