// The stack bound to the IPv6 loopback [::1] (DESIGN.md transports: IPv4 and IPv6).
// Checks: RFC 3261 §25.1 IPv6reference in our Via sent-by and Record-Route ("[::1]:port");
// received/rport stamped with the bare address (RFC 3581 §4, via-received = IPv6address);
// an INVITE relayed over UDP/IPv6 and answered back to the caller; a request over TCP/IPv6
// answered on the same connection.

import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSipStack } from './start-sip-stack';
import type { SipStack } from './sip-stack-types';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function udp6(onMessage: (text: string, sock: dgram.Socket, port: number) => void) {
  const sock = dgram.createSocket('udp6');
  await new Promise<void>((r) => sock.bind(0, '::1', () => r()));
  sock.on('message', (m, rinfo) => onMessage(m.toString('latin1'), sock, rinfo.port));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { sock, port: sock.address().port };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

function request(method: string, port: number, transport: string, callId: string): string {
  return (
    `${method} sip:callee@[::1] SIP/2.0\r\nVia: SIP/2.0/${transport} [::1]:${port};branch=z9hG4bK6${callId};rport\r\n` +
    `From: <sip:a@[::1]>;tag=1\r\nTo: <sip:callee@[::1]>\r\nCall-ID: ${callId}\r\nCSeq: 1 ${method}\r\n` +
    'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n'
  );
}

/** A minimal callee: answers every request with 200, echoing the headers a response needs. */
function answer200(text: string): string {
  const keep = text.split('\r\n').filter((l) => /^(via|from|to|call-id|cseq|record-route):/i.test(l));
  return `SIP/2.0 200 OK\r\n${keep.map((l) => (/^to:/i.test(l) ? `${l};tag=uas` : l)).join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
}

describe('IPv6', () => {
  let stack: SipStack;

  it('relays an INVITE over UDP on [::1] with bracketed Via and Record-Route', async () => {
    const atCallee: string[] = [];
    const callee = await udp6((text, sock, port) => {
      atCallee.push(text);
      if (text.startsWith('INVITE')) sock.send(answer200(text), port, '::1');
    });
    stack = await startSipStack({
      host: '::1',
      port: 0,
      handleRequest: (req) => void req.relay(`sip:callee@[::1]:${callee.port}`),
    });
    cleanups.push(() => stack.close());
    expect(stack.host).toBe('[::1]');
    const atCaller: string[] = [];
    const caller = await udp6((text) => atCaller.push(text));
    caller.sock.send(request('INVITE', caller.port, 'UDP', 'v6-udp'), stack.port, '::1');
    await until(() => atCaller.some((t) => t.startsWith('SIP/2.0 200')));
    const fwd = atCallee[0] ?? '';
    expect(fwd).toMatch(new RegExp(`^Via: SIP/2.0/UDP \\[::1\\]:${stack.port};branch=z9hG4bK`, 'm'));
    expect(fwd).toContain(`Record-Route: <sip:[::1]:${stack.port};lr>`);
    expect(fwd).toContain(`;rport=${caller.port};received=::1`);
    expect(atCaller.find((t) => t.startsWith('SIP/2.0 200'))).toContain('Call-ID: v6-udp');
  });

  it('answers over TCP on [::1] on the same connection', async () => {
    stack = await startSipStack({ host: '::1', port: 0, handleRequest: (req) => req.respond(200, 'OK') });
    cleanups.push(() => stack.close());
    const socket = net.connect({ host: '::1', port: stack.port });
    cleanups.push(() => socket.destroy());
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(request('OPTIONS', socket.localPort ?? 0, 'TCP', 'v6-tcp'));
    await until(() => got.includes('\r\n\r\n'));
    expect(got).toMatch(/^SIP\/2.0 200 OK\r\n/);
    expect(got).toContain('Call-ID: v6-tcp');
  });
});
