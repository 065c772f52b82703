// The engine as a user agent on the wire, through the HTTP API: out-of-dialog requests (200,
// 404, a 401 challenge answered with digest credentials) and third-party calls (RFC 3725 flow
// I) with SIPp playing A and B on 127.0.0.1; outcomes read over a real WebSocket client.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallDetailResponse, CallListResponse, SipRequestOutcome } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import { freePorts } from '../../../test/sipp/free-port';
import { killAllSipp, startSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import { tempDir } from '../../../test/temp-dir';
import { startPatchbay, type Patchbay } from '../../patchbay';

let dir: ReturnType<typeof tempDir>;
let engine: Patchbay;
let ws: WebSocket | undefined;
const events: Record<string, unknown>[] = [];

beforeEach(async () => {
  dir = tempDir();
  events.length = 0;
  const [sipPort, httpPort] = await freePorts(2);
  engine = await startPatchbay(
    {
      sipHost: '127.0.0.1',
      sipPort: sipPort!,
      httpHost: '127.0.0.1',
      httpPort: httpPort!,
      db: join(dir.path, 'p.db'),
    },
    null,
  );
  ws = new WebSocket(`${engine.url.replace('http', 'ws')}/api/events`);
  ws.on('message', (d: Buffer) => events.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  await new Promise((resolve) => ws!.once('open', resolve));
});

afterEach(async () => {
  ws?.close();
  await killAllSipp();
  await engine.close();
  dir.remove();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const res = await fetch(engine.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, data: (await res.json()) as T };
}

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const event = (kind: string, callId?: string) =>
  until(
    () => events.find((e) => e['kind'] === kind && (callId === undefined || e['callId'] === callId)),
    (e) => e !== undefined,
  );

describe('POST /api/sip/requests', () => {
  it('sends MESSAGE answered 200, and MESSAGE answered 404; outcomes on the WebSocket and by id', async () => {
    const ok = await startSippUas({ scenario: 'uas-non-invite.xml', calls: 1 });
    const posted = await api<SipRequestOutcome>('POST', '/api/sip/requests', {
      method: 'MESSAGE',
      uri: `sip:bob@127.0.0.1:${ok.port}`,
      headers: [['Subject', 'hello']],
      body: 'Hello from the API',
    });
    expect(posted.status).toBe(202);
    expect(posted.data.state).toBe('pending');
    const e = await event('request-outcome');
    expect(e).toMatchObject({ kind: 'request-outcome', id: posted.data.id, status: 200 });
    const read = await api<SipRequestOutcome>('GET', `/api/sip/requests/${posted.data.id}`);
    expect(read.data).toMatchObject({ state: 'completed', status: 200, reason: 'OK' });
    expect(read.data.headers?.some((h) => h.name === 'Allow')).toBe(true);
    expect((await ok.done).successful).toBe(1);

    const nf = await startSippUas({ scenario: 'uas-message-404.xml', calls: 1 });
    const p2 = await api<SipRequestOutcome>('POST', '/api/sip/requests', {
      method: 'MESSAGE',
      uri: `sip:nobody@127.0.0.1:${nf.port}`,
      body: 'anyone?',
    });
    const r2 = await until(
      async () => (await api<SipRequestOutcome>('GET', `/api/sip/requests/${p2.data.id}`)).data,
      (o) => o.state === 'completed',
    );
    expect(r2).toMatchObject({ status: 404, reason: 'Not Found' });
    expect((await nf.done).successful).toBe(1);
  });

  it('answers a 401 challenge once with digest credentials', async () => {
    const uas = await startSippUas({ scenario: 'uas-auth-challenge.xml', calls: 1 });
    const p = await api<SipRequestOutcome>('POST', '/api/sip/requests', {
      method: 'MESSAGE',
      uri: `sip:bob@127.0.0.1:${uas.port}`,
      body: 'secret message',
      credentials: { username: 'alice', password: 'secret' },
    });
    const r = await until(
      async () => (await api<SipRequestOutcome>('GET', `/api/sip/requests/${p.data.id}`)).data,
      (o) => o.state === 'completed',
    );
    expect(r.status).toBe(200);
    expect((await uas.done).successful).toBe(1);
  });

  it('refuses bad input with 400 and unknown ids with 404', async () => {
    expect((await api('POST', '/api/sip/requests', { method: 'MESSAGE' })).status).toBe(400);
    expect(
      (await api('POST', '/api/sip/requests', { method: 'INVITE', uri: 'sip:a@127.0.0.1' })).status,
    ).toBe(400);
    const nf = await api<{ error: { code: string } }>('GET', '/api/sip/requests/nope');
    expect(nf.data.error.code).toBe('SIP_REQUEST_NOT_FOUND');
  });
});

describe('POST /api/calls (3PCC, RFC 3725 flow I)', () => {
  it('both legs answer, each SDP reaches the other, DELETE ends it with BYE to both', async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b.xml', calls: 1 });
    const posted = await api<{ callId: string }>('POST', '/api/calls', {
      a: `sip:a@127.0.0.1:${a.port}`,
      b: `sip:b@127.0.0.1:${b.port}`,
    });
    expect(posted.status).toBe(202);
    const { callId } = posted.data;
    await event('call-ringing', callId);
    expect(await event('call-answered', callId)).toBeDefined();
    expect((await api('DELETE', `/api/calls/${encodeURIComponent(callId)}`)).status).toBe(202);
    expect(await event('call-ended', callId)).toMatchObject({ outcome: 'completed', by: 'api' });
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.successful, rb.successful], ra.errors + rb.errors).toEqual([1, 1]);
    const detail = await until(
      async () => (await api<CallDetailResponse>('GET', `/api/calls/${encodeURIComponent(callId)}`)).data,
      (d) => JSON.stringify(d).includes('BYE'),
    );
    expect(JSON.stringify(detail)).toContain('o=userA');
    expect(JSON.stringify(detail)).toContain('o=userB');
  });

  it('B busy: A gets a refusing ACK and BYE, the call fails with 486', async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-rejected.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-busy.xml', calls: 1 });
    const { data } = await api<{ callId: string }>('POST', '/api/calls', {
      a: `sip:a@127.0.0.1:${a.port}`,
      b: `sip:b@127.0.0.1:${b.port}`,
    });
    expect(await event('call-ended', data.callId)).toMatchObject({ outcome: 'failed', status: 486 });
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.successful, rb.successful], ra.errors + rb.errors).toEqual([1, 1]);
    const list = await until(
      async () => (await api<CallListResponse>('GET', '/api/calls')).data,
      (l) => l.calls.some((c) => c.callId === data.callId && c.status === 'failed'),
    );
    expect(list.calls.find((c) => c.callId === data.callId)).toMatchObject({
      status: 'failed',
      finalCode: 486,
    });
  });

  it('A hangs up first: the engine answers A and sends BYE to B', async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-hangup.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b.xml', calls: 1 });
    const { data } = await api<{ callId: string }>('POST', '/api/calls', {
      a: `sip:a@127.0.0.1:${a.port}`,
      b: `sip:b@127.0.0.1:${b.port}`,
    });
    expect(await event('call-ended', data.callId)).toMatchObject({ outcome: 'completed', by: 'a' });
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.successful, rb.successful], ra.errors + rb.errors).toEqual([1, 1]);
    expect((await api('DELETE', `/api/calls/${encodeURIComponent(data.callId)}`)).status).toBe(404);
  });

  it('sends INFO and a re-INVITE with new SDP inside leg B (POST /api/calls/:callId/requests), then DELETE ends the call', async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b-info.xml', calls: 1 });
    const { data } = await api<{ callId: string }>('POST', '/api/calls', {
      a: `sip:a@127.0.0.1:${a.port}`,
      b: `sip:b@127.0.0.1:${b.port}`,
    });
    const path = `/api/calls/${encodeURIComponent(data.callId)}`;
    await event('call-answered', data.callId);
    const info = await api<SipRequestOutcome>('POST', `${path}/requests`, {
      leg: 'b',
      method: 'INFO',
      contentType: 'application/dtmf-relay',
      body: 'Signal=5\r\nDuration=160\r\n',
    });
    expect(info.status).toBe(202);
    const done = await until(
      async () => (await api<SipRequestOutcome>('GET', `/api/sip/requests/${info.data.id}`)).data,
      (o) => o.state === 'completed',
    );
    expect(done.status).toBe(200);
    const reinvite = await api<SipRequestOutcome>('POST', `${path}/requests`, {
      leg: 'b',
      method: 'INVITE',
      body: 'v=0\r\no=userC 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n',
    });
    const reDone = await until(
      async () => (await api<SipRequestOutcome>('GET', `/api/sip/requests/${reinvite.data.id}`)).data,
      (o) => o.state === 'completed',
    );
    expect(reDone.status).toBe(200);
    expect((await api('POST', `${path}/requests`, { leg: 'c', method: 'INFO' })).status).toBe(400);
    expect((await api('DELETE', path)).status).toBe(202);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.successful, rb.successful], ra.errors + rb.errors).toEqual([1, 1]);
  });
});

describe('DELETE /api/calls/:callId on a proxied call', () => {
  it('sends BYE to caller and callee with the dialog state the proxy tracked; the call completes', async () => {
    const uas = await startSippUas({ scenario: 'uas-answer.xml', calls: 1 });
    const flow = JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;
    flow.nodes.find((n) => n.id === 'relay')!.params = { target: `sip:callee@127.0.0.1:${uas.port}` };
    expect((await api('POST', '/api/flows', flow)).status).toBe(201);
    expect((await api('POST', `/api/flows/${flow.id}/deploy`)).status).toBe(200);
    const uac = await startSipp({
      scenario: 'uac-invite-wait-bye.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'callee',
      calls: 1,
      timeoutMs: 15_000,
    });
    const list = await until(
      async () => (await api<CallListResponse>('GET', '/api/calls')).data,
      (l) => l.calls.some((c) => c.status === 'answered'),
    );
    const callId = list.calls[0]!.callId;
    const info = await api<{ error: { code: string } }>(
      'POST',
      `/api/calls/${encodeURIComponent(callId)}/requests`,
      {
        leg: 'a',
        method: 'INFO',
      },
    );
    expect(info).toMatchObject({ status: 409, data: { error: { code: 'CALL_NOT_ACTIVE' } } });
    const del = await api<{ kind: string }>('DELETE', `/api/calls/${encodeURIComponent(callId)}`);
    expect(del).toMatchObject({ status: 202, data: { kind: 'proxied' } });
    const [rc, rs] = await Promise.all([uac.done, uas.done]);
    expect([rc.successful, rs.successful], rc.errors + rs.errors).toEqual([1, 1]);
    const ended = await until(
      async () => (await api<CallListResponse>('GET', '/api/calls')).data,
      (l) => l.calls[0]?.status === 'completed',
    );
    expect(ended.calls[0]).toMatchObject({ callId, status: 'completed' });
  });
});
