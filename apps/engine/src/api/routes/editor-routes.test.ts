// The routes the editor added: calls list filters, one stored version, and the overview's stats.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import { tempDir } from '../../../test/temp-dir';
import { Runtime } from '../../runtime/runtime';
import { openStore, type Store } from '../../store/store';
import { createApp } from '../create-app';
import { EventHub } from '../events-ws';
import { WebhookDispatcher } from '../webhook-dispatcher';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let server: Server;
let base: string;

beforeEach(async () => {
  dir = tempDir();
  store = openStore(join(dir.path, 'patchbay.db'));
  const hub = new EventHub();
  const app = createApp({
    store,
    runtime: new Runtime(store.traces),
    version: 'test',
    events: hub,
    authRequired: false,
    webhooks: new WebhookDispatcher(store.webhooks, hub),
    editorDir: null,
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  store.close();
  dir.remove();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

function addCall(callId: string, at: number, flowId: string | null, status: 'completed' | 'failed' | null) {
  store.traces.push({
    kind: 'call-start',
    callId,
    flowId,
    version: flowId ? 1 : null,
    method: 'INVITE',
    from: `sip:${callId}@a.example`,
    to: 'sip:bob@b.example',
    at,
  });
  if (status === 'completed')
    store.traces.push({ kind: 'call-update', callId, status: 'answered', answeredAt: at + 5 });
  if (status !== null) store.traces.push({ kind: 'call-update', callId, status, endedAt: at + 10 });
}

describe('GET /api/calls filters', () => {
  it('narrows by Call-ID, From, status, flow, version and time, and refuses bad values by code', async () => {
    const now = Date.now();
    addCall('one', now - 3000, 'f', 'completed');
    addCall('two', now - 2000, 'f', 'failed');
    addCall('three', now - 1000, null, 'failed');
    const ids = async (q: string) =>
      ((await call('GET', `/api/calls?${q}`)).body?.['calls'] as { callId: string }[]).map((c) => c.callId);
    expect(await ids('callId=tw')).toEqual(['two']);
    expect(await ids('from=THREE@')).toEqual(['three']);
    expect(await ids('status=failed')).toEqual(['three', 'two']);
    expect(await ids('flowId=f&version=1')).toEqual(['two', 'one']);
    expect(await ids(`since=${new Date(now - 2500).toISOString()}&until=${now - 1500}`)).toEqual(['two']);
    for (const bad of ['status=lost', 'version=0', 'since=yesterday', 'callId=a&callId=b'])
      expect(await call('GET', `/api/calls?${bad}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'BAD_REQUEST' } },
      });
  });
});

describe('GET /api/flows/:id/versions/:version', () => {
  it('returns the stored document and program of a version, and 404 for one that does not exist', async () => {
    const doc = JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;
    expect((await call('POST', '/api/flows', doc)).status).toBe(201);
    expect((await call('POST', `/api/flows/${doc.id}/deploy`)).status).toBe(200);
    await call('PUT', `/api/flows/${doc.id}`, { ...doc, name: 'Renamed' });
    expect((await call('POST', `/api/flows/${doc.id}/deploy`)).status).toBe(200);
    const v1 = await call('GET', `/api/flows/${doc.id}/versions/1`);
    expect(v1).toMatchObject({ status: 200, body: { version: 1, active: false, flow: { name: doc.name } } });
    expect(v1.body?.['program']).toMatchObject({ flowId: doc.id, version: 1 });
    expect((await call('GET', `/api/flows/${doc.id}/versions/2`)).body).toMatchObject({
      active: true,
      flow: { name: 'Renamed' },
    });
    expect((await call('GET', `/api/flows/${doc.id}/versions/9`)).body?.['error']?.code).toBe(
      'VERSION_NOT_FOUND',
    );
  });
});

describe('GET /api/stats', () => {
  it('counts active calls, calls per minute and the answer rate per flow', async () => {
    const now = Date.now();
    addCall('a', now - 1000, 'f', 'completed');
    addCall('b', now - 900, 'f', 'failed');
    addCall('c', now - 800, 'f', null);
    addCall('old', now - 3 * 3_600_000, 'f', 'completed');
    const { status, body } = await call('GET', '/api/stats?minutes=5');
    expect(status).toBe(200);
    expect(body).toMatchObject({ minutes: 5, activeCalls: 1 });
    const perMinute = body?.['perMinute'] as { calls: number; answered: number }[];
    expect(perMinute).toHaveLength(5);
    expect(perMinute.reduce((n, m) => n + m.calls, 0)).toBe(3);
    expect(body?.['flows']).toMatchObject([
      { flowId: 'f', calls: 3, answered: 1, failed: 1, active: 1, answerRate: 0.5 },
    ]);
    const series = (body?.['flows'] as { perMinute: number[] }[])[0]?.perMinute;
    expect(series).toHaveLength(5);
    expect(series?.reduce((a, b) => a + b, 0)).toBe(3);
    expect((await call('GET', '/api/stats?minutes=0')).status).toBe(400);
  });
});
