// The whole engine on the wire: a flow deployed through the HTTP API, SIPp calls through it,
// traces read back through the API. Everything runs on 127.0.0.1 on free ports.
import dgram from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallDetailResponse, CallListResponse } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import reject403 from '@patchbay/shared/fixtures/reject-403.flow.json';
import { killAllSipp, runSipp, startSippUas, type SippProcess } from '../test/sipp/sipp-runner';
import { startTestEngine, until, type TestEngine } from '../test/test-engine';
import type { Patchbay } from './patchbay';

let t: TestEngine;
let engine: Patchbay;
let uas: SippProcess | undefined;

beforeEach(async () => {
  t = await startTestEngine();
  engine = t.engine;
});

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await killAllSipp();
  await t.stop();
});

const api = <T>(method: string, path: string, body?: unknown): Promise<T> => t.api<T>(method, path, body);

async function deploy(flow: FlowDocument): Promise<number> {
  await api('POST', '/api/flows', flow);
  return (await api<{ version: number }>('POST', `/api/flows/${flow.id}/deploy`)).version;
}

describe('engine with SIPp', () => {
  it('routes 10 calls through a deployed Relay flow, and traces each one', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml' });
    const flow = JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;
    flow.nodes.find((n) => n.id === 'relay')!.params = { target: `sip:callee@127.0.0.1:${uas.port}` };
    expect(await deploy(flow)).toBe(1);

    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'callee',
      calls: 10,
      rate: 20,
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(10);
    expect(result.failed).toBe(0);

    const list = await until(
      () => api<CallListResponse>('GET', '/api/calls?limit=50'),
      (l) => l.calls.length === 10 && l.calls.every((c) => c.status === 'completed'),
    );
    expect(list.calls).toHaveLength(10);
    for (const c of list.calls) {
      expect(c).toMatchObject({
        flowId: 'main-trunk',
        version: 1,
        method: 'INVITE',
        status: 'completed',
        finalCode: 200,
      });
      expect(c.answeredAt).not.toBeNull();
      expect(c.endedAt).not.toBeNull();
      const detail = await api<CallDetailResponse>('GET', `/api/calls/${encodeURIComponent(c.callId)}`);
      expect(detail.steps.map((s) => `${s.nodeId}:${s.port}`)).toEqual(['start:next', 'relay:answered']);
      expect(detail.steps[1]?.detail).toMatchObject({ status: 200 });
      const ladder = detail.messages.map((m) => {
        const words = m.summary.split(' ');
        return `${m.direction} ${words.slice(0, words[0] === 'SIP/2.0' ? 2 : 1).join(' ')}`;
      });
      for (const expected of [
        'in INVITE',
        'out INVITE',
        'in SIP/2.0 180',
        'out SIP/2.0 180',
        'in SIP/2.0 200',
        'out SIP/2.0 200',
        'in ACK',
        'out ACK',
        'in BYE',
        'out BYE',
      ])
        expect(ladder, `${c.callId}: ${expected}`).toContain(expected);
      expect(detail.flow?.id).toBe('main-trunk');
    }
  });

  it('counts malformed SIP in GET /api/metrics', async () => {
    const socket = dgram.createSocket('udp4');
    // A CSeq without a number: answered 400 statelessly, never handed to a flow.
    const bad =
      'OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad\r\n' +
      'From: <sip:a@x>;tag=1\r\nTo: <sip:x@x>\r\nCall-ID: bad-1\r\nCSeq: x OPTIONS\r\nContent-Length: 0\r\n\r\n';
    await new Promise<void>((resolve) => socket.send(bad, engine.sip.port, '127.0.0.1', () => resolve()));
    socket.close();
    const metrics = await until(
      () => api<{ sip: { rejected: number } }>('GET', '/api/metrics'),
      (m) => m.sip.rejected > 0,
    );
    expect(metrics.sip).toMatchObject({ rejected: 1, dropped: 0, tooLarge: 0 });
  });

  it('ends calls with 403 when the deployed flow responds 403', async () => {
    await deploy(reject403 as FlowDocument);
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'anyone',
      calls: 3,
      rate: 10,
      vars: { expected: '403' },
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(3);
    const list = await until(
      () => api<CallListResponse>('GET', '/api/calls'),
      (l) => l.calls.length === 3 && l.calls.every((c) => c.status === 'failed'),
    );
    expect(list.calls.map((c) => [c.status, c.finalCode, c.flowId])).toEqual(
      Array(3).fill(['failed', 403, 'reject-all']),
    );
    const detail = await api<CallDetailResponse>(
      'GET',
      `/api/calls/${encodeURIComponent(list.calls[0]!.callId)}`,
    );
    expect(detail.steps.map((s) => `${s.nodeId}:${s.port}`)).toEqual(['start:next', 'deny:null']);
    expect(detail.messages.map((m) => `${m.direction} ${m.summary}`)).toEqual(
      expect.arrayContaining(['out SIP/2.0 403 Forbidden', expect.stringMatching(/^in ACK /)]),
    );
  });

  it('takes the failed port to Respond 486 when the target is busy, and streams the call live', async () => {
    uas = await startSippUas({ scenario: 'uas-busy.xml' });
    const flow = JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;
    flow.nodes.find((n) => n.id === 'relay')!.params = { target: `sip:callee@127.0.0.1:${uas.port}` };
    await deploy(flow);

    const ws = new WebSocket(`${engine.url.replace('http', 'ws')}/api/events?flowId=main-trunk`);
    const events: Array<{ kind: string; nodeId?: string }> = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as { kind: string }));
    await new Promise((r) => ws.once('open', r));

    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'callee',
      calls: 1,
      vars: { expected: '486' },
      timeoutMs: 20_000,
    });
    expect(result.successful).toBe(1);
    const list = await until(
      () => api<CallListResponse>('GET', '/api/calls'),
      (l) => l.calls[0]?.status === 'failed',
    );
    const detail = await api<CallDetailResponse>(
      'GET',
      `/api/calls/${encodeURIComponent(list.calls[0]!.callId)}`,
    );
    expect(detail.steps.map((s) => `${s.nodeId}:${s.port}`)).toEqual([
      'start:next',
      'relay:failed',
      'busy:null',
    ]);
    expect(detail.steps[1]?.detail).toMatchObject({ status: 486 });
    await until(
      async () => events.length,
      (n) => n >= 4,
    );
    ws.close();
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['call-start', 'step', 'message', 'call-update']),
    );
    expect(events.filter((e) => e.kind === 'step').map((e) => e.nodeId)).toEqual(['start', 'relay', 'busy']);
  });
});
