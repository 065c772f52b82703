import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { diffDocument, diffFlows } from './flow-diff';

const v1 = relayWithBusy as FlowDocument;

function v2(): FlowDocument {
  const doc = structuredClone(v1);
  // relay: new target and moved; busy: removed; reject: added; start: only moved.
  doc.name = 'Renamed';
  doc.nodes = [
    { ...doc.nodes[0]!, position: { x: 10, y: 10 } },
    { ...doc.nodes[1]!, params: { target: 'sip:other.example.net' }, position: { x: 300, y: 0 } },
    { id: 'reject', type: 'respond', position: { x: 480, y: 240 }, params: { code: 603, reason: 'Decline' } },
  ];
  doc.edges = [doc.edges[0]!, { id: 'x', source: 'relay', port: 'failed', target: 'reject' }];
  return doc;
}

describe('diffFlows', () => {
  it('marks nodes added, removed, changed (with the fields) and the same (moved or not)', () => {
    const diff = diffFlows(v1, v2());
    expect(diff.nodes.map((n) => [n.id, n.status, n.fields, n.moved])).toEqual([
      ['start', 'same', [], true],
      ['relay', 'changed', ['params.target'], true],
      ['reject', 'added', [], false],
      ['busy', 'removed', [], false],
    ]);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, same: 1 });
    expect(diff.metaChanged).toEqual(['name']);
  });

  it('matches edges by what they connect, not by their ids', () => {
    const diff = diffFlows(v1, v2());
    expect(diff.edges.map((e) => [e.key, e.status])).toEqual([
      ['start|next|relay', 'same'],
      ['relay|failed|reject', 'added'],
      ['relay|failed|busy', 'removed'],
    ]);
  });

  it('finds nothing between a version and itself', () => {
    const diff = diffFlows(v1, structuredClone(v1));
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 0, same: 3 });
    expect(diff.edges.every((e) => e.status === 'same')).toBe(true);
  });

  it('draws the union, with unique edge ids even when both versions used the same one', () => {
    const after = v2();
    after.edges[1] = { ...after.edges[1]!, id: 'e2' };
    const doc = diffDocument(after, diffFlows(v1, after));
    expect(doc.nodes.map((n) => n.id)).toEqual(['start', 'relay', 'reject', 'busy']);
    expect(new Set(doc.edges.map((e) => e.id)).size).toBe(3);
  });
});
