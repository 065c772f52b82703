// Transport layer on real sockets bound to 127.0.0.1.
// Checks: RFC 3581 §4 received/rport on the top Via; RFC 3261 §18.2.2 response to received:rport;
// stateless 400 for a malformed request whose Via/CSeq/Call-ID can be read (RFC 4475 clerr-like),
// 505 for an unknown version, drop when no Via can be read; responses whose top Via is not ours
// dropped (§18.1.2); TCP framing with the response on the same connection; onMessage both ways.

import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { createResponse } from '../message/create-response';
import { parseMessage } from '../message/parse-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { MessageEvent, Peer } from '../sip-stack-types';
import { TcpTransport } from './tcp-transport';
import { TransportLayer } from './transport-layer';
import { UdpTransport } from './udp-transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const holder: { layer?: TransportLayer } = {};
  const onPacket = (b: Uint8Array, p: Peer, tooLarge?: boolean): void | Promise<void> =>
    holder.layer?.receive(b, p, tooLarge);
  const udp = await UdpTransport.bind('127.0.0.1', 0, onPacket);
  const tcp = await TcpTransport.listen('127.0.0.1', udp.port, onPacket);
  const events: MessageEvent[] = [];
  const layer = new TransportLayer(udp, tcp, {
    advertisedHost: '127.0.0.1',
    clock: systemClock,
    onMessage: (e) => events.push(e),
  });
  holder.layer = layer;
  const requests: Array<{ req: SipRequest; source: Peer }> = [];
  const responses: SipResponse[] = [];
  layer.setUser({
    onRequest: (req, source) => requests.push({ req, source }),
    onResponse: (r) => responses.push(r),
  });
  cleanups.push(() => Promise.all([udp.close(), tcp.close()]).then(() => undefined));
  return { layer, port: udp.port, requests, responses, events };
}

async function udpClient() {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const inbox: string[] = [];
  sock.on('message', (m) => inbox.push(m.toString('latin1')));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { sock, inbox, port: sock.address().port };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

const options = (via: string, extra = ''): string =>
  `OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\n` +
  `Call-ID: t1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n${extra}Content-Length: 0\r\n\r\n`;

describe('TransportLayer', () => {
  it('stamps received and rport, and sends the response to received:rport', async () => {
    const { layer, port, requests, events } = await setup();
    const client = await udpClient();
    client.sock.send(options('SIP/2.0/UDP 10.9.9.9:5999;branch=z9hG4bKr1;rport'), port, '127.0.0.1');
    await until(() => requests.length === 1);
    const { req, source } = requests[0] ?? { req: undefined, source: undefined };
    expect(req?.headers.values('via')[0]).toBe(
      `SIP/2.0/UDP 10.9.9.9:5999;branch=z9hG4bKr1;rport=${client.port};received=127.0.0.1`,
    );
    if (req === undefined || source === undefined) return;
    await layer.send(createResponse(req, 200, 'OK'), layer.responseTarget(req, source));
    await until(() => client.inbox.length === 1);
    expect(client.inbox[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(events.map((e) => e.direction)).toEqual(['in', 'out']);
    expect(events[0]?.callId).toBe('t1');
  });

  it('answers 400 statelessly when Content-Length exceeds the datagram', async () => {
    const { port, requests, layer } = await setup();
    const client = await udpClient();
    client.sock.send(
      options('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKb1;rport', 'X: y\r\n').replace(
        'Length: 0',
        'Length: 9999',
      ),
      port,
      '127.0.0.1',
    );
    await until(() => client.inbox.length === 1);
    expect(client.inbox[0]).toMatch(/^SIP\/2\.0 400 Bad Request\r\n/);
    expect(client.inbox[0]).toContain('content-length-exceeds-body');
    expect(requests).toHaveLength(0);
    expect(layer.counters.rejected).toBe(1);
  });

  it('answers 505 to an unknown SIP version (RFC 4475 badvers)', async () => {
    const { port } = await setup();
    const client = await udpClient();
    client.sock.send(
      options('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKv1;rport').replace('SIP/2.0\r\n', 'SIP/7.0\r\n'),
      port,
      '127.0.0.1',
    );
    await until(() => client.inbox.length === 1);
    expect(client.inbox[0]).toMatch(/^SIP\/2\.0 505 /);
  });

  it('drops garbage and responses not addressed to it, and keeps running', async () => {
    const { port, layer, requests } = await setup();
    const client = await udpClient();
    client.sock.send(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), port, '127.0.0.1');
    client.sock.send(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKz\r\nCSeq: 1 OPTIONS\r\n\r\n',
      port,
      '127.0.0.1',
    );
    client.sock.send('\r\n\r\n', port, '127.0.0.1');
    client.sock.send(options('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKok;rport'), port, '127.0.0.1');
    await until(() => requests.length === 1);
    expect(layer.counters.dropped).toBe(2);
    expect(client.inbox).toHaveLength(0);
  });

  it('says which messages may carry credentials: those with Authorization fields, and unparsed ones', async () => {
    const { layer, port, requests, events } = await setup();
    const client = await udpClient();
    client.sock.send(options('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKc1;rport'), port, '127.0.0.1');
    const withProxyAuth = options(
      'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKc2;rport',
      'Proxy-Authorization: Digest username="a"\r\n',
    );
    client.sock.send(withProxyAuth, port, '127.0.0.1');
    await until(() => requests.length === 2);
    client.sock.send(withProxyAuth.replace('CSeq: 1 OPTIONS', 'CSeq: x'), port, '127.0.0.1'); // a 400
    await until(() => client.inbox.length === 1);
    const second = requests[1];
    if (second === undefined) return;
    const relayed = second.req;
    relayed.headers.set('Via', 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKc3');
    await layer.send(relayed, { transport: 'udp', address: '127.0.0.1', port: client.port });
    await until(() => client.inbox.length === 2);
    expect(events.map((e) => [e.direction, e.credentials])).toEqual([
      ['in', false],
      ['in', true],
      ['in', true], // did not parse: not every field is known
      ['out', false], // the 400
      ['out', true],
    ]);
  });

  it('frames requests over TCP and answers on the same connection', async () => {
    const { layer, port, requests } = await setup();
    const sock = net.connect(port, '127.0.0.1');
    cleanups.push(() => void sock.destroy());
    let received = '';
    sock.on('data', (d) => (received += d.toString('latin1')));
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const msg = options('SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKt1');
    sock.write(`\r\n${msg.slice(0, 30)}`);
    await new Promise((r) => setTimeout(r, 20));
    sock.write(msg.slice(30) + msg.replace('z9hG4bKt1', 'z9hG4bKt2'));
    await until(() => requests.length === 2);
    const first = requests[0];
    if (first === undefined) return;
    expect(first.source.transport).toBe('tcp');
    await layer.send(createResponse(first.req, 200, 'OK'), layer.responseTarget(first.req, first.source));
    await until(() => received.length > 0);
    const parsed = parseMessage(Buffer.from(received, 'latin1'));
    expect(parsed).toMatchObject({ kind: 'response', status: 200 });
  });
});
