// Transport limits on real sockets (startSipStack on 127.0.0.1, small limits for the test).
// Checks: RFC 3261 §21.5.11 513 (Message Too Large) for a UDP request over maxMessageBytes and
// for a TCP request whose Content-Length announces one, the TCP connection then closed without
// reading the body; oversized junk dropped; garbage framing closes the TCP connection (RFC 4475
// §3.1.2.3); idle TCP connections closed; the stack keeps answering afterwards.

import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSipStack } from '../start-sip-stack';
import type { SipStack } from '../sip-stack-types';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  for (let i = 0; i < ms / 5 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

function request(
  transport: string,
  port: number,
  id: string,
  bodyLength: number,
  body = 'x'.repeat(bodyLength),
): string {
  return (
    `MESSAGE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK${id};rport\r\n` +
    `From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: ${id}\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n` +
    `Content-Type: text/plain\r\nContent-Length: ${bodyLength}\r\n\r\n${body}`
  );
}

async function start(): Promise<SipStack> {
  const stack = await startSipStack({
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 2000,
    tcpIdleTimeoutMs: 300,
    handleRequest: (req) => req.respond(200, 'OK'),
  });
  cleanups.push(() => stack.close());
  return stack;
}

async function udpClient() {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const inbox: string[] = [];
  sock.on('message', (m) => inbox.push(m.toString('latin1')));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { sock, inbox, port: sock.address().port };
}

async function tcpClient(port: number) {
  const sock = net.connect(port, '127.0.0.1');
  cleanups.push(() => sock.destroy());
  const state = { data: '', closed: false };
  sock.on('data', (d) => (state.data += d.toString('latin1')));
  sock.on('close', () => (state.closed = true));
  sock.on('error', () => undefined);
  await new Promise<void>((r) => sock.once('connect', () => r()));
  return { sock, state };
}

describe('transport limits', () => {
  it('answers 513 to a UDP request over the limit, drops oversized junk, and keeps going', async () => {
    const stack = await start();
    const c = await udpClient();
    c.sock.send(request('UDP', c.port, 'big-udp', 2500), stack.port, '127.0.0.1');
    await until(() => c.inbox.length > 0);
    expect(c.inbox[0]).toMatch(/^SIP\/2.0 513 Message Too Large\r\n/);
    expect(c.inbox[0]).toContain('Call-ID: big-udp');
    c.sock.send(Buffer.alloc(3000, 0x41), stack.port, '127.0.0.1');
    c.sock.send(request('UDP', c.port, 'small-udp', 10), stack.port, '127.0.0.1');
    await until(() => c.inbox.length > 1);
    expect(c.inbox).toHaveLength(2);
    expect(c.inbox[1]).toMatch(/^SIP\/2.0 200 OK\r\n/);
  });

  it('answers 513 over TCP from the header section and closes the connection', async () => {
    const stack = await start();
    const c = await tcpClient(stack.port);
    c.sock.write(request('TCP', 1, 'small-tcp', 5));
    await until(() => c.state.data.includes('200 OK'));
    // Announces 5000 bytes of body; only the header section and a little body are sent.
    c.sock.write(request('TCP', 1, 'big-tcp', 5000, 'x'.repeat(100)));
    await until(() => c.state.closed);
    expect(c.state.data).toMatch(/SIP\/2.0 513 Message Too Large\r\n/);
    expect(c.state.data).toContain('Call-ID: big-tcp');
    expect(c.state.closed).toBe(true);
  });

  it('closes a TCP connection whose framing is lost', async () => {
    const stack = await start();
    const c = await tcpClient(stack.port);
    c.sock.write(request('TCP', 1, 'bad-cl', 5).replace('Content-Length: 5', 'Content-Length: -5'));
    await until(() => c.state.closed);
    expect(c.state.closed).toBe(true);
    expect(c.state.data).toBe('');
  });

  it('closes idle TCP connections', async () => {
    const stack = await start();
    const c = await tcpClient(stack.port);
    c.sock.write(request('TCP', 1, 'then-idle', 5));
    await until(() => c.state.data.includes('200 OK'));
    expect(c.state.closed).toBe(false);
    await until(() => c.state.closed);
    expect(c.state.closed).toBe(true);
  });
});
