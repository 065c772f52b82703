import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '@patchbay/shared/flow';
import { nodeTypeList } from '@patchbay/shared/nodes';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import { tempDir } from '../../test/temp-dir';
import { Runtime } from '../runtime/runtime';
import { openStore, type Store } from '../store/store';
import { createApp } from './create-app';
import { EventHub } from './events-ws';
import { WebhookDispatcher } from './webhook-dispatcher';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let runtime: Runtime;
let server: Server;
let base: string;

beforeEach(async () => {
  dir = tempDir();
  store = openStore(join(dir.path, 'db', 'patchbay.db'));
  runtime = new Runtime(store.traces);
  const hub = new EventHub();
  const app = createApp({
    store,
    runtime,
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

const doc = (): FlowDocument => JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(base + path, {
    method,
    headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe('HTTP API', () => {
  it('reports health and serves the node catalogue and OpenAPI document', async () => {
    expect(await call('GET', '/api/health')).toEqual({
      status: 200,
      body: { status: 'ok', version: 'test' },
    });
    const types = await call('GET', '/api/node-types');
    expect(types.body?.['nodeTypes'].map((t: { type: string }) => t.type)).toEqual(
      nodeTypeList.map((t) => t.type),
    );
    expect(types.body?.['nodeTypes'].map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['start', 'relay', 'respond']),
    );
    const metrics = await call('GET', '/api/metrics?reset=1');
    expect(metrics.body).toMatchObject({
      eventLoopDelayMs: { p99: expect.any(Number) },
      eventLoopBusy: expect.any(Number),
      memory: { rss: expect.any(Number) },
    });
    // Linux gives the SIP thread's run and wait times; elsewhere the figure is null.
    if (process.platform === 'linux')
      expect(metrics.body?.['sipThreadCpu']).toEqual({
        runMs: expect.any(Number),
        waitMs: expect.any(Number),
        waitShare: expect.any(Number),
      });
    const spec = await call('GET', '/api/openapi.json');
    expect(Object.keys(spec.body?.['paths'])).toContain('/api/flows/{id}/deploy');
  });

  it('creates, lists, reads, updates and deletes flows', async () => {
    expect((await call('GET', '/api/flows')).body).toEqual({ flows: [] });
    const created = await call('POST', '/api/flows', doc());
    expect(created.status).toBe(201);
    expect(created.body?.['flow'].id).toBe('main-trunk');
    expect((await call('POST', '/api/flows', doc())).body?.['error'].code).toBe('FLOW_EXISTS');
    const renamed = { ...doc(), name: 'Renamed' };
    expect((await call('PUT', '/api/flows/main-trunk', renamed)).body?.['flow'].name).toBe('Renamed');
    expect((await call('GET', '/api/flows')).body?.['flows']).toEqual([
      expect.objectContaining({ id: 'main-trunk', name: 'Renamed', deployedVersion: null }),
    ]);
    expect((await call('DELETE', '/api/flows/main-trunk')).status).toBe(204);
    expect((await call('GET', '/api/flows/main-trunk')).body?.['error'].code).toBe('FLOW_NOT_FOUND');
  });

  it('answers bad input with a 4xx and a reason', async () => {
    const badJson = await call('POST', '/api/flows', undefined, '{"schema": 1,');
    expect(badJson.status).toBe(400);
    expect(badJson.body?.['error'].code).toBe('BAD_JSON');
    const badDoc = await call('POST', '/api/flows', {
      schema: 1,
      id: 'has space',
      name: '',
      nodes: [],
      edges: [],
    });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body?.['error'].code).toBe('FLOW_DOCUMENT_INVALID');
    expect(badDoc.body?.['error'].details.issues.map((i: { path: string }) => i.path)).toEqual([
      'id',
      'name',
    ]);
    expect((await call('PUT', '/api/flows/other', doc())).body?.['error'].code).toBe('FLOW_ID_MISMATCH');
    expect((await call('GET', '/api/nope')).status).toBe(404);
    expect((await call('GET', '/api/calls?limit=0')).body?.['error'].code).toBe('BAD_REQUEST');
    expect((await call('GET', '/api/calls?cursor=zzz')).body?.['error'].code).toBe('BAD_REQUEST');
  });

  it('never deploys an invalid flow, and names the node and field', async () => {
    const bad = doc();
    bad.nodes[1]!.params = { target: 'not a uri' };
    await call('POST', '/api/flows', bad);
    const compiled = await call('POST', '/api/flows/main-trunk/compile');
    expect(compiled.body).toMatchObject({
      ok: false,
      issues: [{ nodeId: 'relay', field: 'target', code: 'PARAM_INVALID' }],
    });
    const deployed = await call('POST', '/api/flows/main-trunk/deploy');
    expect(deployed.status).toBe(422);
    expect(deployed.body?.['error']).toMatchObject({
      code: 'FLOW_INVALID',
      details: { issues: [{ nodeId: 'relay', field: 'target' }] },
    });
    expect(runtime.live()).toEqual([]);
    expect((await call('GET', '/api/flows/main-trunk/versions')).body).toEqual({ versions: [] });
  });

  it('deploys numbered versions, makes the newest live, and rolls back', async () => {
    await call('POST', '/api/flows', doc());
    expect((await call('POST', '/api/flows/main-trunk/deploy')).body).toEqual({ version: 1, issues: [] });
    expect((await call('POST', '/api/flows/main-trunk/deploy')).body?.['version']).toBe(2);
    expect(runtime.live()).toEqual([{ flowId: 'main-trunk', version: 2 }]);
    expect((await call('GET', '/api/flows/main-trunk')).body?.['deployedVersion']).toBe(2);
    expect((await call('POST', '/api/flows/main-trunk/versions/1/activate')).status).toBe(200);
    expect(runtime.live()).toEqual([{ flowId: 'main-trunk', version: 1 }]);
    expect((await call('GET', '/api/flows/main-trunk/versions')).body?.['versions']).toEqual([
      expect.objectContaining({ version: 2, active: false }),
      expect.objectContaining({ version: 1, active: true, deployedBy: 'local' }),
    ]);
    expect((await call('POST', '/api/flows/main-trunk/versions/9/activate')).body?.['error'].code).toBe(
      'VERSION_NOT_FOUND',
    );
    expect((await call('DELETE', '/api/flows/main-trunk')).status).toBe(204);
    expect(runtime.live()).toEqual([]);
  });

  it('lists calls newest first with paging, and returns one call with steps, messages and its flow', async () => {
    await call('POST', '/api/flows', doc());
    await call('POST', '/api/flows/main-trunk/deploy');
    for (let i = 0; i < 5; i++) {
      const callId = `c${i}`;
      store.traces.push({
        kind: 'call-start',
        callId,
        flowId: 'main-trunk',
        version: 1,
        method: 'INVITE',
        from: 'sip:a@x',
        to: 'sip:b@y',
        at: 1_000 + i,
      });
      store.traces.push({
        kind: 'step',
        callId,
        seq: 1,
        nodeId: 'start',
        port: 'next',
        startedAt: 1_000 + i,
        durationUs: 3,
        detail: {},
      });
      store.traces.push({
        kind: 'message',
        callId,
        at: 1_000 + i,
        direction: 'in',
        transport: 'udp',
        peer: 'udp:127.0.0.1:5062',
        bytes: Buffer.from('INVITE sip:b@y SIP/2.0\r\nCall-ID: x\r\n\r\n'),
      });
    }
    store.traces.push({
      kind: 'call-update',
      callId: 'c4',
      status: 'answered',
      finalCode: 200,
      answeredAt: 2_000,
    });
    store.traces.push({ kind: 'call-update', callId: 'c4', status: 'ringing' });
    const page1 = await call('GET', '/api/calls?limit=3');
    expect(page1.body?.['calls'].map((c: { callId: string }) => c.callId)).toEqual(['c4', 'c3', 'c2']);
    expect(page1.body?.['calls'][0]).toMatchObject({
      status: 'answered',
      finalCode: 200,
      flowId: 'main-trunk',
    });
    const page2 = await call('GET', `/api/calls?limit=3&cursor=${page1.body?.['next']}`);
    expect(page2.body?.['calls'].map((c: { callId: string }) => c.callId)).toEqual(['c1', 'c0']);
    expect(page2.body?.['next']).toBeNull();
    const detail = await call('GET', '/api/calls/c2');
    expect(detail.body?.['steps']).toEqual([
      expect.objectContaining({ seq: 1, nodeId: 'start', port: 'next' }),
    ]);
    expect(detail.body?.['messages']).toEqual([
      expect.objectContaining({
        direction: 'in',
        summary: 'INVITE sip:b@y SIP/2.0',
        peer: 'udp:127.0.0.1:5062',
      }),
    ]);
    expect(detail.body?.['flow'].id).toBe('main-trunk');
    expect((await call('GET', '/api/calls/nope')).body?.['error'].code).toBe('CALL_NOT_FOUND');
  });
});
