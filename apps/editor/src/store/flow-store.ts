// The state of the flow being edited, as a plain factory with no React in it: the canvas,
// panels and toolbar read it through narrow selectors (use-flow-store.ts) and tests drive it
// directly. React Flow stays controlled: every change it reports comes through here.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { compileFlow, type CompileIssue } from '@patchbay/shared/compiler';
import { serializeFlowDocument, type FlowDocument } from '@patchbay/shared/flow';
import { findNodeType } from '@patchbay/shared/nodes';
import {
  flowToGraph,
  graphToFlow,
  NODE_VIEW_TYPE,
  type FlowMeta,
  type PatchbayEdge,
  type PatchbayNode,
} from './flow-mapping';
import { groupByNode, mergeIssues } from './merge-issues';
import { initialParams, nextNodeId } from './new-node';

/** A request to bring a node (and optionally one of its fields) into view; nonce makes repeats count. */
export interface FocusRequest {
  readonly nodeId: string;
  readonly field: string | null;
  readonly nonce: number;
}

export interface FlowState {
  readonly meta: FlowMeta;
  readonly nodes: PatchbayNode[];
  readonly edges: PatchbayEdge[];
  /** What the compiler says about the drawing right now. */
  readonly liveIssues: readonly CompileIssue[];
  /** What the engine said when it refused the last deploy; cleared by the next edit. */
  readonly deployIssues: readonly CompileIssue[];
  /** Both of the above, deduplicated, errors first. */
  readonly issues: readonly CompileIssue[];
  readonly issuesByNode: Readonly<Record<string, readonly CompileIssue[]>>;
  /** The document differs from the one last saved. */
  readonly dirty: boolean;
  readonly focus: FocusRequest | null;
}

export interface FlowStore {
  getState(): FlowState;
  subscribe(listener: () => void): () => void;
  onNodesChange(changes: NodeChange<PatchbayNode>[]): void;
  onEdgesChange(changes: EdgeChange<PatchbayEdge>[]): void;
  /** Connect a port to a node; a port has one edge, so an existing one is replaced. */
  connect(connection: Connection): void;
  /** Add a node of a catalogue type, selected; returns its id, or undefined for an unknown type. */
  addNode(type: string, position: XYPosition): string | undefined;
  /** Set one parameter; undefined removes it so the field's default applies. */
  setParam(nodeId: string, name: string, value: unknown): void;
  setLabel(nodeId: string, label: string | undefined): void;
  /** Select exactly this node (or nothing). */
  select(nodeId: string | null): void;
  /** Select the node an issue is about and ask the views to bring it (and its field) into view. */
  focusIssue(issue: Pick<CompileIssue, 'nodeId' | 'field'>): void;
  setDeployIssues(issues: readonly CompileIssue[]): void;
  /** The document as drawn now. */
  document(): FlowDocument;
  /** Record that this document is what the server holds now. */
  markSaved(doc: FlowDocument): void;
}

export function createFlowStore(initial: FlowDocument): FlowStore {
  const graph = flowToGraph(initial);
  let saved = serializeFlowDocument(initial);
  let focusNonce = 0;
  const listeners = new Set<() => void>();

  let state: FlowState = withIssues(
    { meta: graph.meta, nodes: graph.nodes, edges: graph.edges, dirty: false, focus: null },
    liveCompile(graph.meta, graph.nodes, graph.edges),
    [],
  );

  type Draft = Pick<FlowState, 'nodes' | 'edges'> & Partial<Pick<FlowState, 'focus'>>;

  /** Apply a change; `structural` says whether the compiler's view of the flow may have changed. */
  function commit(next: Draft, structural: boolean): void {
    const nodes = next.nodes;
    const edges = next.edges;
    const live = structural ? liveCompile(state.meta, nodes, edges) : state.liveIssues;
    // An edit makes the engine's last refusal stale; the live compile speaks for the drawing now.
    const deploy = structural ? [] : state.deployIssues;
    const dirty = serializeFlowDocument(graphToFlow(state.meta, nodes, edges)) !== saved;
    const base = {
      ...state,
      nodes,
      edges,
      dirty,
      focus: next.focus === undefined ? state.focus : next.focus,
    };
    state = structural ? withIssues(base, live, deploy) : base;
    for (const listener of listeners) listener();
  }

  function updateNode(nodeId: string, update: (n: PatchbayNode) => PatchbayNode): void {
    if (!state.nodes.some((n) => n.id === nodeId)) return;
    commit({ nodes: state.nodes.map((n) => (n.id === nodeId ? update(n) : n)), edges: state.edges }, true);
  }

  function selectOnly(nodeId: string | null): Pick<FlowState, 'nodes' | 'edges'> {
    return {
      nodes: state.nodes.map((n) =>
        Boolean(n.selected) === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId },
      ),
      edges: state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    };
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    onNodesChange(changes) {
      if (changes.length === 0) return;
      const structural = changes.some((c) => c.type === 'add' || c.type === 'remove' || c.type === 'replace');
      const nodes = applyNodeChanges(changes, state.nodes);
      // Edges of removed nodes go with them (React Flow also reports them; removing twice is harmless).
      const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
      const edges =
        removed.size === 0
          ? state.edges
          : state.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
      commit({ nodes, edges }, structural);
    },

    onEdgesChange(changes) {
      if (changes.length === 0) return;
      const structural = changes.some((c) => c.type === 'add' || c.type === 'remove' || c.type === 'replace');
      commit({ nodes: state.nodes, edges: applyEdgeChanges(changes, state.edges) }, structural);
    },

    connect({ source, sourceHandle, target }) {
      if (!sourceHandle) return;
      const kept = state.edges.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle));
      const ids = new Set(kept.map((e) => e.id));
      let id = `${source}-${sourceHandle}`;
      for (let n = 2; ids.has(id); n++) id = `${source}-${sourceHandle}-${n}`;
      commit({ nodes: state.nodes, edges: [...kept, { id, source, sourceHandle, target }] }, true);
    },

    addNode(type, position) {
      const def = findNodeType(type);
      if (!def) return undefined;
      const id = nextNodeId(
        type,
        state.nodes.map((n) => n.id),
      );
      const node: PatchbayNode = {
        id,
        type: NODE_VIEW_TYPE,
        position: { x: Math.round(position.x), y: Math.round(position.y) },
        data: { nodeType: type, params: initialParams(def) },
        selected: true,
      };
      const cleared = selectOnly(null);
      commit({ nodes: [...cleared.nodes, node], edges: cleared.edges }, true);
      return id;
    },

    setParam(nodeId, name, value) {
      updateNode(nodeId, (n) => {
        const params = { ...n.data.params };
        if (value === undefined) delete params[name];
        else params[name] = value;
        return { ...n, data: { ...n.data, params } };
      });
    },

    setLabel(nodeId, label) {
      updateNode(nodeId, (n) => {
        const { label: _old, ...rest } = n.data;
        return { ...n, data: label === undefined || label === '' ? rest : { ...rest, label } };
      });
    },

    select(nodeId) {
      commit(selectOnly(nodeId), false);
    },

    focusIssue({ nodeId, field }) {
      if (nodeId === null || !state.nodes.some((n) => n.id === nodeId)) return;
      commit({ ...selectOnly(nodeId), focus: { nodeId, field, nonce: ++focusNonce } }, false);
    },

    setDeployIssues(issues) {
      state = withIssues(state, state.liveIssues, issues);
      for (const listener of listeners) listener();
    },

    document: () => graphToFlow(state.meta, state.nodes, state.edges),

    markSaved(doc) {
      saved = serializeFlowDocument(doc);
      commit({ nodes: state.nodes, edges: state.edges }, false);
    },
  };
}

function liveCompile(meta: FlowMeta, nodes: readonly PatchbayNode[], edges: readonly PatchbayEdge[]) {
  return compileFlow(graphToFlow(meta, nodes, edges)).issues;
}

function withIssues<S extends Omit<FlowState, 'liveIssues' | 'deployIssues' | 'issues' | 'issuesByNode'>>(
  base: S,
  liveIssues: readonly CompileIssue[],
  deployIssues: readonly CompileIssue[],
): FlowState {
  const issues = mergeIssues(liveIssues, deployIssues);
  return { ...base, liveIssues, deployIssues, issues, issuesByNode: groupByNode(issues) };
}
