import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { flowToGraph, graphToFlow, NODE_VIEW_TYPE } from './flow-mapping';

const fixture = relayWithBusy as FlowDocument;

describe('flowToGraph', () => {
  it('draws every node with the generic view and keeps type, params and position', () => {
    const { nodes } = flowToGraph(fixture);
    expect(nodes.map((n) => [n.id, n.type, n.data.nodeType, n.position])).toEqual([
      ['start', NODE_VIEW_TYPE, 'start', { x: 0, y: 0 }],
      ['relay', NODE_VIEW_TYPE, 'relay', { x: 240, y: 0 }],
      ['busy', NODE_VIEW_TYPE, 'respond', { x: 480, y: 120 }],
    ]);
    expect(nodes[1]?.data.params).toEqual({ target: 'sip:pbx.example.net:5060' });
  });

  it('uses the port name as the source handle id', () => {
    const { edges } = flowToGraph(fixture);
    expect(edges).toEqual([
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'relay' },
      { id: 'e2', source: 'relay', sourceHandle: 'failed', target: 'busy' },
    ]);
  });

  it('does not share params objects with the document', () => {
    const doc = structuredClone(fixture);
    const { nodes } = flowToGraph(doc);
    (doc.nodes[0]!.params['methods'] as string[]).push('OPTIONS');
    expect(nodes[0]?.data.params['methods']).toEqual(['INVITE']);
  });
});

describe('graphToFlow', () => {
  it('round-trips a document exactly', () => {
    const { meta, nodes, edges } = flowToGraph(fixture);
    expect(graphToFlow(meta, nodes, edges)).toEqual(fixture);
  });

  it('keeps labels and descriptions, and omits them when absent', () => {
    const doc: FlowDocument = {
      ...structuredClone(fixture),
      description: 'Trunk to the PBX',
      nodes: fixture.nodes.map((n) => (n.id === 'relay' ? { ...n, label: 'To PBX' } : n)),
    };
    const { meta, nodes, edges } = flowToGraph(doc);
    const back = graphToFlow(meta, nodes, edges);
    expect(back).toEqual(doc);
    expect(Object.keys(back.nodes[0]!)).not.toContain('label');
  });

  it('carries settings and fields of a newer format through untouched', () => {
    const doc = {
      ...structuredClone(fixture),
      settings: { traceLevel: 'sampled', samplePercent: 5 },
      owner: 'ops',
      nodes: fixture.nodes.map((n) => (n.id === 'relay' ? { ...n, color: 'teal' } : n)),
      edges: fixture.edges.map((e) => (e.id === 'e1' ? { ...e, note: 'main path' } : e)),
    } as FlowDocument;
    const { meta, nodes, edges } = flowToGraph(doc);
    expect(graphToFlow(meta, nodes, edges)).toEqual(doc);
  });

  it('takes positions and ports from what React Flow holds', () => {
    const { meta, nodes, edges } = flowToGraph(fixture);
    const moved = nodes.map((n) =>
      n.id === 'relay' ? { ...n, position: { x: 300, y: 40 }, selected: true } : n,
    );
    const rewired = edges.map((e) => (e.id === 'e2' ? { ...e, sourceHandle: 'answered' } : e));
    const back = graphToFlow(meta, moved, rewired);
    expect(back.nodes[1]?.position).toEqual({ x: 300, y: 40 });
    expect(back.edges[1]).toEqual({ id: 'e2', source: 'relay', port: 'answered', target: 'busy' });
  });
});
