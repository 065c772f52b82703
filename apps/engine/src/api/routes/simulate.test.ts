// POST /api/flows/:id/simulate and the deploy-time START_MATCH_CONFLICT check, over HTTP
// against a temp database.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulateRequest } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { tempDir } from '../../../test/temp-dir';
import { flow, INVITE } from '../../runtime/runtime-test-kit';
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
  store = openStore(join(dir.path, 'p.db'));
  const runtime = new Runtime(store.traces);
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

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** translate-number → relay to primary; busy/no-answer → voicemail; unreachable → 480. */
const realistic = (): FlowDocument =>
  flow(
    [
      ['t', 'translate-number', { rules: [{ match: '^0([1-9][0-9]{8})$', replace: '+31$1' }] }],
      ['primary', 'relay', { target: 'sip:desk@10.0.0.1', timeoutSec: 20 }],
      ['vm', 'relay', { target: 'sip:vm@10.0.0.2' }],
      ['off', 'respond', { code: 480, reason: 'Temporarily Unavailable' }],
    ],
    [
      ['start', 'next', 't'],
      ['t', 'next', 'primary'],
      ['primary', 'busy', 'vm'],
      ['primary', 'no-answer', 'vm'],
      ['primary', 'unreachable', 'off'],
    ],
    'office',
  );

const simulate = (body: SimulateRequest, id = 'office') => call('POST', `/api/flows/${id}/simulate`, body);

describe('POST /api/flows/:id/simulate', () => {
  beforeEach(async () => {
    expect((await call('POST', '/api/flows', realistic())).status).toBe(201);
  });

  it('runs the draft with the chosen outcomes and sends nothing', async () => {
    const busy = await simulate({
      request: INVITE,
      outcomes: { primary: { status: 486, reason: 'Busy Here' } },
    });
    expect(busy.status).toBe(200);
    expect(
      busy.body?.['steps'].map((s: { nodeId: string; port: string }) => `${s.nodeId}:${s.port}`),
    ).toEqual(['start:next', 't:next', 'primary:busy', 'vm:answered']);
    expect(busy.body?.['final']).toEqual({ status: 200, reason: 'OK' });
    expect(busy.body?.['matched']).toBe(true);
    const options = await simulate({ request: INVITE.replace(/INVITE/g, 'OPTIONS') });
    expect(options.body?.['matched']).toBe(false);
    expect(busy.body?.['steps'][1].detail).toMatchObject({ translated: '+31612345678' });
    expect(busy.body?.['steps'][2].detail).toMatchObject({ target: 'sip:desk@10.0.0.1', status: 486 });

    const down = await simulate({ request: INVITE, outcomes: { primary: { kind: 'transport-error' } } });
    expect(down.body?.['final']).toEqual({ status: 480, reason: 'Temporarily Unavailable' });
    const noAnswer = await simulate({
      request: INVITE,
      outcomes: { primary: { kind: 'timeout' }, vm: { status: 404 } },
    });
    expect(noAnswer.body?.['steps'].map((s: { port: string }) => s.port)).toEqual([
      'next',
      'next',
      'no-answer',
      'rejected',
    ]);
    expect(noAnswer.body?.['final']).toMatchObject({ status: 404 });
  });

  it('runs a deployed version, and says 404 for a version that does not exist', async () => {
    expect((await call('POST', '/api/flows/office/deploy')).status).toBe(200);
    const r = await simulate({ request: INVITE.replace(/\n/g, '\r\n'), version: 1 });
    expect(r.status).toBe(200);
    expect(r.body?.['final']).toEqual({ status: 200, reason: 'OK' });
    expect((await simulate({ request: INVITE, version: 9 })).body?.['error'].code).toBe('VERSION_NOT_FOUND');
  });

  it('answers 400 SIP_INVALID for text that is not a SIP request, 422 for a flow that does not compile', async () => {
    const bad = await simulate({ request: 'hello world' });
    expect(bad.status).toBe(400);
    expect(bad.body?.['error'].code).toBe('SIP_INVALID');
    expect((await simulate({ request: 'SIP/2.0 200 OK\nCall-ID: x\n\n' })).body?.['error'].code).toBe(
      'SIP_INVALID',
    );
    expect((await call('POST', '/api/flows/office/simulate', { nope: 1 })).body?.['error'].code).toBe(
      'BAD_REQUEST',
    );
    const broken = realistic();
    broken.nodes[1]!.params = { rules: [{ match: '([', replace: '' }] };
    await call('PUT', '/api/flows/office', broken);
    const r = await simulate({ request: INVITE });
    expect(r.status).toBe(422);
    expect(r.body?.['error'].code).toBe('FLOW_INVALID');
    expect((await simulate({ request: INVITE }, 'ghost')).body?.['error'].code).toBe('FLOW_NOT_FOUND');
  });

  it('feeds http-request nodes their chosen outcome', async () => {
    const d = flow(
      [
        ['h', 'http-request', { url: '"http://routing.invalid/x"', map: [{ key: 'to', value: 'target' }] }],
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
      'api',
    );
    await call('POST', '/api/flows', d);
    const ok = await simulate(
      { request: INVITE, outcomes: { h: { kind: 'ok', status: 200, body: { target: 'sip:x@y' } } } },
      'api',
    );
    expect(ok.body?.['steps'][1].detail.changes).toEqual([
      { what: 'var', name: 'to', before: null, after: 'sip:x@y' },
    ]);
    expect(
      (await simulate({ request: INVITE, outcomes: { h: { kind: 'timeout' } } }, 'api')).body?.['final'],
    ).toMatchObject({
      status: 504,
    });
  });
});

describe('deploy', () => {
  it('refuses a flow whose Start matches the same requests at the same priority as a deployed one', async () => {
    const a = flow([['r', 'relay', {}]], [['start', 'next', 'r']], 'a');
    const b = flow([['r', 'relay', {}]], [['start', 'next', 'r']], 'b');
    await call('POST', '/api/flows', a);
    await call('POST', '/api/flows', b);
    expect((await call('POST', '/api/flows/a/deploy')).status).toBe(200);
    const clash = await call('POST', '/api/flows/b/deploy');
    expect(clash.status).toBe(422);
    expect(clash.body?.['error'].details.issues).toEqual([
      expect.objectContaining({ code: 'START_MATCH_CONFLICT', nodeId: 'start' }),
    ]);
    b.nodes[0]!.params = { priority: 5 };
    await call('PUT', '/api/flows/b', b);
    expect((await call('POST', '/api/flows/b/deploy')).status).toBe(200);
    // Redeploying the same flow is not a conflict with itself.
    expect((await call('POST', '/api/flows/a/deploy')).status).toBe(200);
  });
});
