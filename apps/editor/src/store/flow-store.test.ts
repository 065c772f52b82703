import { describe, expect, it, vi } from 'vitest';
import type { CompileIssue } from '@patchbay/shared/compiler';
import { newFlowDocument, type FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { createFlowStore } from './flow-store';

const fixture = () => structuredClone(relayWithBusy) as FlowDocument;
const errorCodes = (issues: readonly CompileIssue[]) =>
  issues.filter((i) => i.severity === 'error').map((i) => `${i.code}:${i.nodeId}:${i.field}`);

describe('createFlowStore', () => {
  it('starts clean with the live compile of the document', () => {
    const store = createFlowStore(fixture());
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().issues).toEqual([]);

    const fresh = createFlowStore(newFlowDocument('f', 'F'));
    expect(errorCodes(fresh.getState().issues)).toEqual(['PORT_NOT_CONNECTED:start:ports.next']);
    expect(fresh.getState().issuesByNode['start']).toHaveLength(1);
  });

  it('adds nodes with unique ids, catalogue params and selection', () => {
    const store = createFlowStore(newFlowDocument('f', 'F'));
    expect(store.addNode('relay', { x: 100.4, y: 20.6 })).toBe('relay-1');
    expect(store.addNode('relay', { x: 0, y: 0 })).toBe('relay-2');
    expect(store.addNode('teleport', { x: 0, y: 0 })).toBeUndefined();
    const { nodes, dirty } = store.getState();
    expect(dirty).toBe(true);
    expect(nodes.map((n) => n.id)).toEqual(['start', 'relay-1', 'relay-2']);
    expect(nodes[1]).toMatchObject({ position: { x: 100, y: 21 }, data: { nodeType: 'relay' } });
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['relay-2']);
    expect(store.document().nodes[1]?.params).toMatchObject({
      target: 'sip:pbx.example.net:5060',
      timeoutSec: 60,
    });
  });

  it('connects a port to a node and replaces the edge when the port is connected again', () => {
    const store = createFlowStore(newFlowDocument('f', 'F'));
    store.addNode('relay', { x: 200, y: 0 });
    store.addNode('respond', { x: 400, y: 0 });
    store.connect({ source: 'start', sourceHandle: 'next', target: 'relay-1', targetHandle: null });
    store.connect({ source: 'relay-1', sourceHandle: 'failed', target: 'respond-1', targetHandle: null });
    expect(store.getState().issues).toEqual([]);

    store.connect({ source: 'start', sourceHandle: 'next', target: 'respond-1', targetHandle: null });
    expect(store.document().edges).toEqual([
      { id: 'relay-1-failed', source: 'relay-1', port: 'failed', target: 'respond-1' },
      { id: 'start-next', source: 'start', port: 'next', target: 'respond-1' },
    ]);
    // The relay is now off the path from Start: a warning, not an error.
    expect(store.getState().issues.map((i) => `${i.severity}:${i.code}:${i.nodeId}`)).toEqual([
      'warning:UNREACHABLE_NODE:relay-1',
    ]);
  });

  it('ignores connections that do not leave from a port', () => {
    const store = createFlowStore(fixture());
    store.connect({ source: 'relay', sourceHandle: null, target: 'busy', targetHandle: null });
    expect(store.getState().edges).toHaveLength(2);
  });

  it('re-validates a field as it is edited and knows when the edit is undone', () => {
    const store = createFlowStore(fixture());
    store.setParam('relay', 'target', 'pbx.example.net');
    expect(errorCodes(store.getState().issues)).toEqual(['PARAM_INVALID:relay:target']);
    expect(store.getState().dirty).toBe(true);

    // Without a target the relay forwards to the Request-URI: no longer a problem.
    store.setParam('relay', 'target', undefined);
    expect(errorCodes(store.getState().issues)).toEqual([]);

    store.setParam('relay', 'target', 'sip:pbx.example.net:5060');
    expect(store.getState().issues).toEqual([]);
    expect(store.getState().dirty).toBe(false);
  });

  it('removes nodes with their edges through React Flow changes', () => {
    const store = createFlowStore(fixture());
    store.onNodesChange([{ type: 'remove', id: 'relay' }]);
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['start', 'busy']);
    expect(store.getState().edges).toEqual([]);
    expect(errorCodes(store.getState().issues)).toEqual(['PORT_NOT_CONNECTED:start:ports.next']);
  });

  it('removes a selected edge', () => {
    const store = createFlowStore(fixture());
    store.onEdgesChange([{ type: 'remove', id: 'e2' }]);
    expect(store.document().edges.map((e) => e.id)).toEqual(['e1']);
    expect(store.getState().dirty).toBe(true);
  });

  it('treats moves as edits but selection and measuring as not', () => {
    const store = createFlowStore(fixture());
    const before = store.getState().issues;
    store.onNodesChange([{ type: 'dimensions', id: 'relay', dimensions: { width: 200, height: 90 } }]);
    store.onNodesChange([{ type: 'select', id: 'relay', selected: true }]);
    expect(store.getState().dirty).toBe(false);

    store.onNodesChange([{ type: 'position', id: 'relay', position: { x: 260, y: 10 }, dragging: true }]);
    expect(store.getState().dirty).toBe(true);
    expect(store.document().nodes[1]?.position).toEqual({ x: 260, y: 10 });
    // Positions mean nothing to the compiler: the issue list is not even rebuilt.
    expect(store.getState().issues).toBe(before);
  });

  it('is clean again once the current document is marked saved', () => {
    const store = createFlowStore(fixture());
    store.setLabel('relay', 'To PBX');
    expect(store.getState().dirty).toBe(true);
    store.markSaved(store.document());
    expect(store.getState().dirty).toBe(false);
    expect(store.document().nodes[1]?.label).toBe('To PBX');
    store.setLabel('relay', '');
    expect(store.document().nodes[1]).not.toHaveProperty('label');
  });

  it('keeps the issues of a refused deploy until the next edit', () => {
    const store = createFlowStore(fixture());
    const refused: CompileIssue = {
      severity: 'error',
      code: 'PARAM_INVALID',
      nodeId: 'relay',
      field: 'target',
      message: 'Relay: "target" must be a SIP URI.',
    };
    store.setDeployIssues([refused]);
    expect(store.getState().issuesByNode['relay']).toEqual([refused]);
    store.select('busy');
    expect(store.getState().issues).toEqual([refused]);
    store.setParam('busy', 'reason', 'Busy');
    expect(store.getState().issues).toEqual([]);
  });

  it('selects the node of an issue and asks for its field, once per click', () => {
    const store = createFlowStore(fixture());
    store.focusIssue({ nodeId: 'relay', field: 'target' });
    const first = store.getState().focus;
    expect(first).toMatchObject({ nodeId: 'relay', field: 'target' });
    expect(
      store
        .getState()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['relay']);
    store.focusIssue({ nodeId: 'relay', field: 'target' });
    expect(store.getState().focus?.nonce).not.toBe(first?.nonce);
    store.focusIssue({ nodeId: null, field: null });
    store.focusIssue({ nodeId: 'ghost', field: null });
    expect(store.getState().focus?.nodeId).toBe('relay');
  });

  it('notifies subscribers on every change and stops after unsubscribing', () => {
    const store = createFlowStore(fixture());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.select('relay');
    store.setParam('busy', 'code', 603);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.select(null);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('undo and redo', () => {
  it('steps back and forth through adds, connects, params and renames', () => {
    const store = createFlowStore(fixture());
    expect(store.getState()).toMatchObject({ canUndo: false, canRedo: false });
    store.addNode('respond', { x: 0, y: 300 });
    store.connect({ source: 'relay', sourceHandle: 'busy', target: 'respond-1', targetHandle: null });
    store.rename('Other name');
    expect(store.getState().canUndo).toBe(true);

    store.undo();
    expect(store.getState().meta.name).toBe('Main trunk');
    store.undo();
    expect(store.document().edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    store.undo();
    expect(store.document().nodes.map((n) => n.id)).toEqual(['start', 'relay', 'busy']);
    // Back where it started: clean again, and nothing left to undo.
    expect(store.getState()).toMatchObject({ dirty: false, canUndo: false, canRedo: true });

    store.redo();
    store.redo();
    expect(store.document().edges.map((e) => e.id)).toEqual(['e1', 'e2', 'relay-busy']);
    store.redo();
    expect(store.getState()).toMatchObject({ canRedo: false, meta: { name: 'Other name' } });
  });

  it('makes one entry of typing in one field, and a new edit drops the redo stack', () => {
    const store = createFlowStore(fixture());
    for (const value of ['s', 'si', 'sip:x']) store.setParam('relay', 'target', value);
    store.undo();
    expect(store.document().nodes[1]?.params['target']).toBe('sip:pbx.example.net:5060');
    expect(store.getState().canUndo).toBe(false);
    store.redo();
    store.undo();
    store.setLabel('relay', 'To PBX');
    expect(store.getState().canRedo).toBe(false);
  });

  it('makes one entry of a drag, however many moves it reports', () => {
    const store = createFlowStore(fixture());
    for (const x of [250, 260, 270])
      store.onNodesChange([{ type: 'position', id: 'relay', position: { x, y: 0 }, dragging: true }]);
    store.onNodesChange([{ type: 'position', id: 'relay', position: { x: 280, y: 0 }, dragging: false }]);
    expect(store.document().nodes[1]?.position).toEqual({ x: 280, y: 0 });
    store.undo();
    expect(store.document().nodes[1]?.position).toEqual({ x: 240, y: 0 });
    expect(store.getState().canUndo).toBe(false);
  });

  it('undoes a node deletion, with its edges, in one step', () => {
    const store = createFlowStore(fixture());
    store.onEdgesChange([{ type: 'remove', id: 'e2' }]);
    store.onNodesChange([{ type: 'remove', id: 'busy' }]);
    expect(store.document().nodes).toHaveLength(2);
    store.undo();
    expect(store.document()).toEqual(fixture());
  });
});

describe('copy, paste, select all, delete and layout', () => {
  it('pastes a copy of the selected nodes and the edges between them, with fresh ids, selected', () => {
    const store = createFlowStore(fixture());
    expect(store.copySelection()).toBeNull();
    store.onNodesChange([
      { type: 'select', id: 'relay', selected: true },
      { type: 'select', id: 'busy', selected: true },
    ]);
    const clip = store.copySelection();
    expect(clip?.nodes.map((n) => n.id)).toEqual(['relay', 'busy']);
    expect(clip?.edges.map((e) => e.id)).toEqual(['e2']);

    expect(store.paste(clip!)).toEqual(['relay-1', 'respond-1']);
    const doc = store.document();
    expect(doc.nodes.slice(3).map((n) => [n.id, n.position])).toEqual([
      ['relay-1', { x: 280, y: 40 }],
      ['respond-1', { x: 520, y: 160 }],
    ]);
    expect(doc.edges[2]).toEqual({
      id: 'relay-1-failed',
      source: 'relay-1',
      port: 'failed',
      target: 'respond-1',
    });
    expect(
      store
        .getState()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['relay-1', 'respond-1']);
    // Pasting is one edit.
    store.undo();
    expect(store.document()).toEqual(fixture());
  });

  it('selects everything and deletes the selection as one edit', () => {
    const store = createFlowStore(fixture());
    store.selectAll();
    expect(store.getState().nodes.every((n) => n.selected)).toBe(true);
    store.deleteSelection();
    expect(store.document()).toMatchObject({ nodes: [], edges: [] });
    store.undo();
    expect(store.document()).toEqual(fixture());
  });

  it('moves nodes to laid-out positions as one edit', () => {
    const store = createFlowStore(fixture());
    store.setPositions(
      new Map([
        ['start', { x: 0.4, y: 10 }],
        ['relay', { x: 300, y: 10 }],
      ]),
    );
    expect(store.document().nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 10 },
      { x: 300, y: 10 },
      { x: 480, y: 120 },
    ]);
    store.undo();
    expect(store.document()).toEqual(fixture());
  });
});
