// Load shedding in the transport layer, on real sockets bound to 127.0.0.1, with the guard's
// choice set by hand (overload-guard.test.ts covers how much it sheds and when).
// Checks: a request the guard picks, one that starts something new, gets a stateless 503 with
// Retry-After (RFC 3261 §21.5.4) and our tag, and goes neither up nor into the trace; requests of
// what is already here (To tag, ACK, CANCEL) go up as usual; the ACK for our 503 is absorbed
// (§8.2.7) whether or not shedding is still on; an ACK with another tag goes up.

import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import type { SipRequest } from '../message/sip-message';
import type { MessageEvent, Peer } from '../sip-stack-types';
import type { OverloadState } from './overload-guard';
import { TcpTransport } from './tcp-transport';
import { TransportLayer } from './transport-layer';
import { UdpTransport } from './udp-transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TAG = 'pbotest1';

async function setup() {
  // Sheds every new request it is asked about while `shedding`.
  const overload = {
    shedding: true,
    tag: TAG,
    shed: 0,
    shouldShed: () => overload.shedding && ++overload.shed > 0,
  };
  const state: OverloadState = overload;
  const holder: { layer?: TransportLayer } = {};
  const onPacket = (b: Uint8Array, p: Peer): void | Promise<void> => holder.layer?.receive(b, p);
  const udp = await UdpTransport.bind('127.0.0.1', 0, onPacket);
  const tcp = await TcpTransport.listen('127.0.0.1', udp.port, onPacket);
  const events: MessageEvent[] = [];
  holder.layer = new TransportLayer(udp, tcp, {
    advertisedHost: '127.0.0.1',
    clock: systemClock,
    onMessage: (e) => events.push(e),
    overload: state,
  });
  const requests: SipRequest[] = [];
  holder.layer.setUser({ onRequest: (req) => requests.push(req), onResponse: () => undefined });
  cleanups.push(() => Promise.all([udp.close(), tcp.close()]).then(() => undefined));

  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const inbox: string[] = [];
  sock.on('message', (m) => inbox.push(m.toString('latin1')));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  const send = (text: string): void => void sock.send(text, udp.port, '127.0.0.1');
  return { overload, requests, events, inbox, send, clientPort: sock.address().port };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

function request(
  method: string,
  opts: { toTag?: string; cseqMethod?: string; branch?: string } = {},
): string {
  const to = `<sip:bob@127.0.0.1>${opts.toTag === undefined ? '' : `;tag=${opts.toTag}`}`;
  return (
    `${method} sip:bob@127.0.0.1 SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP 127.0.0.1:5999;branch=${opts.branch ?? `z9hG4bK${method}1`};rport\r\n` +
    `From: <sip:alice@127.0.0.1>;tag=a1\r\nTo: ${to}\r\nCall-ID: shed-${method}\r\n` +
    `CSeq: 1 ${opts.cseqMethod ?? method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`
  );
}

describe('load shedding', () => {
  it('answers a new INVITE 503 with Retry-After and our tag, statelessly and untraced', async () => {
    const t = await setup();
    t.send(request('INVITE'));
    await until(() => t.inbox.length === 1);
    const res = t.inbox[0] ?? '';
    expect(res).toMatch(/^SIP\/2\.0 503 Service Unavailable\r\n/);
    expect(res).toMatch(/\r\nRetry-After: [2-5]\r\n/);
    expect(res).toContain(`To: <sip:bob@127.0.0.1>;tag=${TAG}\r\n`);
    // The response goes where any other would (RFC 3581 rport): back to the sending socket.
    expect(res).toContain(`;rport=${t.clientPort};received=127.0.0.1`);
    expect(t.requests).toHaveLength(0);
    expect(t.events).toHaveLength(0);
    expect(t.overload.shed).toBe(1);

    // Its ACK (same branch, our tag) is absorbed, and still is once shedding has stopped.
    t.overload.shedding = false;
    t.send(request('ACK', { toTag: TAG, branch: 'z9hG4bKINVITE1', cseqMethod: 'ACK' }));
    await settle();
    expect(t.requests).toHaveLength(0);
    expect(t.events).toHaveLength(0);
  });

  it('sheds new requests of any method but lets through what belongs to a call already here', async () => {
    const t = await setup();
    t.send(request('OPTIONS'));
    t.send(request('BYE', { toTag: 'b1' }));
    t.send(request('CANCEL', { branch: 'z9hG4bKINVITE9' }));
    t.send(request('ACK', { toTag: 'b1', branch: 'z9hG4bKack2' }));
    await until(() => t.requests.length === 3 && t.inbox.length === 1);
    await settle();
    expect(t.inbox.map((m) => m.split('\r\n')[0])).toEqual(['SIP/2.0 503 Service Unavailable']);
    expect(t.requests.map((r) => r.method).sort()).toEqual(['ACK', 'BYE', 'CANCEL']);
    expect(t.overload.shed).toBe(1);
  });

  it('does nothing while not shedding', async () => {
    const t = await setup();
    t.overload.shedding = false;
    t.send(request('INVITE'));
    await until(() => t.requests.length === 1);
    await settle();
    expect(t.inbox).toHaveLength(0);
    expect(t.events.map((e) => e.direction)).toEqual(['in']);
    expect(t.overload.shed).toBe(0);
  });
});
