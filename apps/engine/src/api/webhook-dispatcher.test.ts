// Webhooks delivered to a local HTTP server: signed with HMAC over timestamp and body, retried
// with back-off after a 500, filtered by flow and event kind; triggered by real SIP traffic.
import { createSocket } from 'node:dgram';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, until, type TestEngine } from '../../test/test-engine';
import type { Patchbay } from '../patchbay';
import { signPayload } from './webhook-dispatcher';

let t: TestEngine | undefined;
let engine: Patchbay;
let receiver: Server | undefined;

afterEach(async () => {
  await t?.stop();
  t = undefined;
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  receiver = undefined;
});

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver that answers each delivery with the next status of `statuses` (then 200). */
async function startReceiver(statuses: number[]): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, deliveries };
}

function sendOptions(port: number): Promise<void> {
  const socket = createSocket('udp4');
  const msg = [
    'OPTIONS sip:probe@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-webhook-1',
    'Max-Forwards: 70',
    'From: <sip:test@127.0.0.1>;tag=1',
    'To: <sip:probe@127.0.0.1>',
    'Call-ID: webhook-test-call',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve) => socket.send(msg, port, '127.0.0.1', () => (socket.close(), resolve())));
}

describe('webhooks', () => {
  it('posts signed call events, retries after a 500, and skips events it did not ask for', async () => {
    t = await startTestEngine();
    engine = t.engine;
    const { url, deliveries } = await startReceiver([500]);
    const created = await fetch(`${engine.url}/api/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events: ['call-start'], secret: 'a-shared-secret-of-24-chars' }),
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };
    expect(hook.secret).toBe('a-shared-secret-of-24-chars');

    await sendOptions(engine.sip.port);
    await until(
      () => deliveries.length,
      (n) => n >= 2,
    );
    expect(deliveries).toHaveLength(2);
    const [first, second] = deliveries as [Delivery, Delivery];
    expect(first.headers['x-patchbay-attempt']).toBe('1');
    expect(second.headers['x-patchbay-attempt']).toBe('2');
    expect(second.body).toBe(first.body);
    const payload = JSON.parse(second.body) as { event: string; data: { callId: string; method: string } };
    expect(payload).toMatchObject({
      event: 'call-start',
      data: { callId: 'webhook-test-call', method: 'OPTIONS' },
    });
    const ts = String(second.headers['x-patchbay-timestamp']);
    expect(second.headers['x-patchbay-signature']).toBe(
      signPayload('a-shared-secret-of-24-chars', ts, second.body),
    );
    expect(second.headers['x-patchbay-signature']).not.toBe(
      signPayload('another-secret-entirely', ts, second.body),
    );

    const listed = (await (await fetch(`${engine.url}/api/webhooks`)).json()) as {
      webhooks: Array<{ lastStatus: string; secret?: string }>;
    };
    await until(
      () => engine.store.webhooks.list()[0]?.lastStatus,
      (status) => status === 'HTTP 200 (attempt 2)',
    );
    expect(engine.store.webhooks.list()[0]?.lastStatus).toBe('HTTP 200 (attempt 2)');
    expect(listed.webhooks[0]?.secret).toBeUndefined();

    expect((await fetch(`${engine.url}/api/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(204);
  }, 20_000);

  it('refuses a webhook without a usable URL', async () => {
    t = await startTestEngine();
    engine = t.engine;
    const res = await fetch(`${engine.url}/api/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'ftp://example.net', events: ['nope'] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; details: { issues: Array<{ path: string }> } };
    };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.details.issues.map((i) => i.path)).toEqual(['url', 'events.0']);
  });
});
