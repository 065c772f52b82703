// http-request against a real local HTTP server (global fetch, real sockets): it answers, it
// fails (500, connection refused, not JSON) and it times out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/sipp/free-port';
import { deployed, detailOf, flow, recordingRequest, settle, sipView, stepsOf } from '../runtime-test-kit';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/route')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ target: 'sip:desk@10.0.0.7', tenant: { id: 42 } }));
      } else if (req.url === '/fail') {
        res.statusCode = 500;
        res.end('{"error":"boom"}');
      } else if (req.url === '/html') res.end('<html></html>');
      else if (req.url === '/slow') setTimeout(() => res.end('{}'), 2000).unref();
      else res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function call(url: string, timeoutMs = 1000) {
  const doc = flow(
    [
      [
        'h',
        'http-request',
        {
          url,
          timeoutMs,
          headers: [{ key: 'X-Api-Key', value: 'k1' }],
          map: [
            { key: 'target', value: 'target' },
            { key: 'tenant', value: 'tenant.id' },
          ],
        },
      ],
      ['r', 'relay', {}],
      ['e', 'respond', { code: 503, reason: 'E' }],
      ['t', 'respond', { code: 504, reason: 'T' }],
    ],
    [
      ['start', 'next', 'h'],
      ['h', 'ok', 'r'],
      ['h', 'error', 'e'],
      ['h', 'timeout', 't'],
    ],
  );
  const { runtime, events } = deployed([doc]);
  const { proxied, rec } = recordingRequest(sipView());
  runtime.handleRequest(proxied);
  for (let i = 0; i < 100 && rec.responses.length + rec.relays.length === 0; i++) await settle(20);
  return { rec, events, steps: stepsOf(events) };
}

describe('http-request over real HTTP', () => {
  it('posts the call as JSON and routes by the answer', async () => {
    const { steps, events } = await call(`"${base}/route?to=" + request.uri.user`);
    expect(steps).toEqual(['start:next', 'h:ok', 'r:answered']);
    const req = seen.find((s) => s.url.startsWith('/route'))!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/route?to=0612345678');
    expect(req.headers['x-api-key']).toBe('k1');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toMatchObject({
      method: 'INVITE',
      from: 'sip:alice@a.example',
      source: { ip: '10.0.0.9' },
    });
    expect(detailOf(events, 'h')).toMatchObject({
      status: 200,
      changes: [
        { name: 'target', after: 'sip:desk@10.0.0.7' },
        { name: 'tenant', after: 42 },
      ],
    });
  });

  it.each([
    ['a 500 answer', '/fail', 'error'],
    ['an answer that is not JSON', '/html', 'error'],
  ])('%s → error', async (_n, path, port) => {
    const { steps, rec } = await call(`"${base}${path}"`);
    expect(steps[1]).toBe(`h:${port}`);
    expect(rec.responses[0]?.status).toBe(503);
  });

  it('a refused connection → error', async () => {
    const port = await freePort();
    const { steps, events } = await call(`"http://127.0.0.1:${port}/x"`);
    expect(steps[1]).toBe('h:error');
    expect(detailOf(events, 'h')['error']).toBe('ECONNREFUSED');
  });

  it('no answer in time → timeout', async () => {
    const { steps, rec } = await call(`"${base}/slow"`, 200);
    expect(steps[1]).toBe('h:timeout');
    expect(rec.responses[0]?.status).toBe(504);
  });
});
