import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../flow/flow-document';
import { compileFlow } from './compile-flow';
import relayWithBusy from './fixtures/relay-with-busy.flow.json';

const base = (): FlowDocument => JSON.parse(JSON.stringify(relayWithBusy)) as FlowDocument;

function errorsOf(doc: unknown) {
  const result = compileFlow(doc);
  expect(result.ok).toBe(false);
  return result.issues
    .filter((i) => i.severity === 'error')
    .map(({ code, nodeId, field }) => ({ code, nodeId, field }));
}

describe('compileFlow', () => {
  it('compiles the DESIGN.md example into a route program', () => {
    const result = compileFlow(base(), { version: 3 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.issues).toEqual([]);
    expect(result.program).toEqual({
      format: 1,
      flowId: 'main-trunk',
      version: 3,
      match: { methods: ['INVITE'] },
      entry: 'start',
      nodes: {
        start: {
          op: 'start',
          params: {
            methods: ['INVITE'],
            userMatch: 'any',
            user: '',
            domainMatch: 'any',
            domain: '',
            sources: [],
            transport: 'any',
            priority: 0,
          },
          next: { next: 'relay' },
        },
        relay: {
          op: 'relay',
          params: { target: 'sip:pbx.example.net:5060', timeoutSec: 60 },
          next: { failed: 'busy' },
        },
        busy: { op: 'respond', params: { code: 486, reason: 'Busy Here', headers: [] }, next: {} },
      },
    });
  });

  it('names a flow without Start', () => {
    const doc = base();
    doc.nodes = doc.nodes.filter((n) => n.id !== 'start');
    doc.edges = doc.edges.filter((e) => e.source !== 'start');
    expect(errorsOf(doc)).toContainEqual({ code: 'NO_START', nodeId: null, field: null });
  });

  it('names the relay and its target when the target is not a SIP URI', () => {
    const doc = base();
    doc.nodes[1]!.params = { target: 'pbx.example.net' };
    expect(errorsOf(doc)).toEqual([{ code: 'PARAM_INVALID', nodeId: 'relay', field: 'target' }]);
  });

  it('says a missing parameter is required', () => {
    const doc = base();
    doc.nodes[1] = { ...doc.nodes[1]!, type: 'fork', params: {} };
    expect(errorsOf(doc)).toEqual([{ code: 'PARAM_REQUIRED', nodeId: 'relay', field: 'targets' }]);
  });

  it('takes a Relay without target as "relay to the Request-URI"', () => {
    const doc = base();
    doc.nodes[1]!.params = {};
    const result = compileFlow(doc);
    expect(result.ok && result.program.nodes['relay']?.params).toEqual({ target: '', timeoutSec: 60 });
  });

  it.each([200, 299, 700, 42])('rejects Respond code %i', (code) => {
    const doc = base();
    doc.nodes[2]!.params = { code, reason: 'x' };
    expect(errorsOf(doc)).toEqual([{ code: 'PARAM_INVALID', nodeId: 'busy', field: 'code' }]);
  });

  it('names the node and port of an edge to a missing node', () => {
    const doc = base();
    doc.edges[1]!.target = 'ghost';
    expect(errorsOf(doc)).toContainEqual({
      code: 'EDGE_TARGET_MISSING',
      nodeId: 'relay',
      field: 'ports.failed',
    });
  });

  it('rejects unknown ports, unknown types and unknown params', () => {
    const doc = base();
    doc.edges[1]!.port = 'ringing';
    doc.nodes.push({ id: 'x', type: 'teleport', position: { x: 0, y: 0 }, params: {} });
    doc.nodes[2]!.params = { code: 486, reason: 'Busy', colour: 'red' };
    expect(errorsOf(doc)).toEqual(
      expect.arrayContaining([
        { code: 'EDGE_PORT_UNKNOWN', nodeId: 'relay', field: 'ports.ringing' },
        { code: 'UNKNOWN_NODE_TYPE', nodeId: 'x', field: 'type' },
        { code: 'PARAM_INVALID', nodeId: 'busy', field: 'colour' },
      ]),
    );
  });

  it('reports every problem at once', () => {
    const doc = base();
    doc.nodes[1]!.params = { target: 'nope' };
    doc.nodes[2]!.params = { code: 100, reason: 'x' };
    doc.edges.push({ id: 'e3', source: 'relay', port: 'answered', target: 'missing' });
    expect(errorsOf(doc).map((i) => i.code)).toEqual([
      'PARAM_INVALID',
      'PARAM_INVALID',
      'EDGE_TARGET_MISSING',
    ]);
  });

  it('requires Start to be connected and allows only one Start', () => {
    const doc = base();
    doc.edges = doc.edges.filter((e) => e.source !== 'start');
    doc.nodes.push({ id: 'start2', type: 'start', position: { x: 0, y: 0 }, params: {} });
    expect(errorsOf(doc)).toEqual(
      expect.arrayContaining([
        { code: 'PORT_NOT_CONNECTED', nodeId: 'start', field: 'ports.next' },
        { code: 'MULTIPLE_STARTS', nodeId: 'start2', field: null },
      ]),
    );
  });

  it('rejects two edges from one port and edges into Start', () => {
    const doc = base();
    doc.edges.push({ id: 'e3', source: 'relay', port: 'failed', target: 'relay' });
    doc.edges.push({ id: 'e4', source: 'relay', port: 'answered', target: 'start' });
    expect(errorsOf(doc)).toEqual(
      expect.arrayContaining([
        { code: 'PORT_MULTIPLE_EDGES', nodeId: 'relay', field: 'ports.failed' },
        { code: 'EDGE_TO_START', nodeId: 'relay', field: 'ports.answered' },
      ]),
    );
  });

  it('warns about unreachable nodes but still compiles', () => {
    const doc = base();
    doc.nodes.push({ id: 'lonely', type: 'respond', position: { x: 0, y: 0 }, params: {} });
    const result = compileFlow(doc);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'UNREACHABLE_NODE', nodeId: 'lonely' })]);
  });

  it('names the node for a malformed document', () => {
    const doc = base() as unknown as { nodes: Array<Record<string, unknown>> };
    doc.nodes[1]!['position'] = 'left';
    expect(errorsOf(doc)).toEqual([{ code: 'FLOW_SHAPE', nodeId: 'relay', field: 'position' }]);
    expect(errorsOf(null)[0]?.code).toBe('FLOW_SHAPE');
    expect(errorsOf({ schema: 2 }).length).toBeGreaterThan(0);
  });

  it('never throws on junk', () => {
    for (const junk of [
      undefined,
      1,
      'x',
      [],
      { nodes: 'x' },
      { schema: 1, id: 'a', name: 'a', nodes: [null], edges: [] },
    ])
      expect(() => compileFlow(junk)).not.toThrow();
  });
});
