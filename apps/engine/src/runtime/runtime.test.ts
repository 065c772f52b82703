import { describe, expect, it } from 'vitest';
import { compileFlow } from '@patchbay/shared/compiler';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import { fakeRequest } from '../../test/fake-proxied-request';
import { Runtime } from './runtime';
import type { TraceEvent } from './trace-sink';

function setup(mutate: (doc: FlowDocument) => void = () => {}) {
  const doc = JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;
  mutate(doc);
  const compiled = compileFlow(doc, { version: 7 });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const events: TraceEvent[] = [];
  const runtime = new Runtime({ push: (e) => events.push(e) });
  runtime.deploy(compiled.program, doc);
  return { runtime, events };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
const steps = (events: TraceEvent[]) =>
  events.flatMap((e) => (e.kind === 'step' ? [{ node: e.nodeId, port: e.port, seq: e.seq }] : []));

describe('Runtime', () => {
  it('relays and leaves by "answered" on a 2xx, recording one step per node', async () => {
    const { runtime, events } = setup();
    const { proxied, calls } = fakeRequest('INVITE');
    runtime.handleRequest(proxied);
    await settle();
    expect(calls.relays).toEqual(['sip:pbx.example.net:5060']);
    expect(calls.responses).toEqual([]);
    expect(steps(events)).toEqual([
      { node: 'start', port: 'next', seq: 1 },
      { node: 'relay', port: 'answered', seq: 2 },
    ]);
    expect(events[0]).toMatchObject({
      kind: 'call-start',
      flowId: 'main-trunk',
      version: 7,
      method: 'INVITE',
    });
  });

  it('follows "failed" to Respond, which answers with its own code', async () => {
    const { runtime, events } = setup();
    const { proxied, calls } = fakeRequest('INVITE', {
      kind: 'response',
      status: 503,
      reason: 'Unavailable',
    });
    runtime.handleRequest(proxied);
    await settle();
    expect(calls.responses).toEqual([{ status: 486, reason: 'Busy Here' }]);
    expect(calls.bestSent).toBe(0);
    expect(steps(events).map((s) => `${s.node}:${s.port}`)).toEqual([
      'start:next',
      'relay:failed',
      'busy:null',
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'call-update', status: 'failed', finalCode: 486 }),
    );
  });

  it('sends the best response upstream when "failed" has no edge', async () => {
    const { runtime } = setup((doc) => {
      doc.edges = doc.edges.filter((e) => e.port !== 'failed');
      doc.nodes = doc.nodes.filter((n) => n.id !== 'busy');
    });
    for (const outcome of [
      { kind: 'response', status: 404, reason: 'Not Found' },
      { kind: 'timeout' },
      { kind: 'transport-error', reason: 'ECONNREFUSED' },
    ] as const) {
      const { proxied, calls } = fakeRequest('INVITE', outcome);
      runtime.handleRequest(proxied);
      await settle();
      expect(calls.bestSent).toBe(1);
      expect(calls.responses).toEqual([]);
    }
  });

  it('answers 404 when no deployed flow takes the method, and ignores stray ACKs', async () => {
    const { runtime, events } = setup();
    const options = fakeRequest('OPTIONS');
    runtime.handleRequest(options.proxied);
    expect(options.calls.responses).toEqual([{ status: 404, reason: 'Not Found' }]);
    expect(events[0]).toMatchObject({ kind: 'call-start', flowId: null });
    const ack = fakeRequest('ACK');
    runtime.handleRequest(ack.proxied);
    expect(ack.calls.responses).toEqual([]);
  });

  it('keeps a call in flight on the version it started with', async () => {
    const { runtime } = setup();
    let release: (v: { kind: 'response'; status: number; reason: string }) => void = () => {};
    const { proxied, calls } = fakeRequest('INVITE');
    proxied.relay = () => new Promise((r) => (release = r));
    runtime.handleRequest(proxied);
    await settle();
    runtime.undeploy('main-trunk');
    release({ kind: 'response', status: 486, reason: 'Busy' });
    await settle();
    expect(calls.responses).toEqual([{ status: 486, reason: 'Busy Here' }]);
  });
});
