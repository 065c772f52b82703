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
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/** What copy puts aside and paste puts back: nodes with the edges between them. */
export interface Clip {
  readonly nodes: readonly PatchbayNode[];
  readonly edges: readonly PatchbayEdge[];
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
  /** Rename the flow (its id stays: calls and versions refer to it). */
  rename(name: string): void;
  /** Step back (or forward again) through edits: nodes, edges, params, moves, renames. */
  undo(): void;
  redo(): void;
  /** The selected nodes and the edges between them, or null when nothing is selected. */
  copySelection(): Clip | null;
  /** Add a copy of a clip, shifted by `offset`, with fresh ids; the copies end up selected. */
  paste(clip: Clip, offset?: XYPosition): string[];
  selectAll(): void;
  /** Remove the selected nodes (with their edges) and the selected edges. */
  deleteSelection(): void;
  /** Move nodes to new positions as one edit (automatic layout). */
  setPositions(positions: ReadonlyMap<string, XYPosition>): void;
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
    {
      meta: graph.meta,
      nodes: graph.nodes,
      edges: graph.edges,
      dirty: false,
      focus: null,
      canUndo: false,
      canRedo: false,
    },
    liveCompile(graph.meta, graph.nodes, graph.edges),
    [],
  );

  type Draft = Pick<FlowState, 'nodes' | 'edges'> & Partial<Pick<FlowState, 'focus'>>;

  // Undo history: snapshots of what the document was before each edit. Typing in one field (the
  // same key within a second) and one drag make one entry each.
  interface Snapshot {
    readonly meta: FlowMeta;
    readonly nodes: PatchbayNode[];
    readonly edges: PatchbayEdge[];
  }
  const past: Snapshot[] = [];
  let future: Snapshot[] = [];
  let lastKey: string | null = null;
  let lastAt = 0;
  let dragging = false;
  const HISTORY_LIMIT = 200;
  // React Flow reports one deletion as an edge change and a node change in the same turn: one entry.
  let turn = 0;
  let turnOpen = false;
  function sameTurnKey(): string {
    if (!turnOpen) {
      turnOpen = true;
      queueMicrotask(() => {
        turn++;
        turnOpen = false;
      });
    }
    return `rf-turn:${turn}`;
  }
  const COALESCE_MS = 1000;

  function remember(key: string | null = null): void {
    const now = Date.now();
    if (key !== null && key === lastKey && now - lastAt < COALESCE_MS) {
      lastAt = now;
      return;
    }
    lastKey = key;
    lastAt = now;
    past.push({ meta: state.meta, nodes: state.nodes, edges: state.edges });
    if (past.length > HISTORY_LIMIT) past.shift();
    future = [];
  }

  function restore(snapshot: Snapshot): void {
    lastKey = null;
    state = { ...state, meta: snapshot.meta };
    commit({ nodes: snapshot.nodes, edges: snapshot.edges }, true);
  }

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
      canUndo: past.length > 0,
      canRedo: future.length > 0,
    };
    state = structural ? withIssues(base, live, deploy) : base;
    for (const listener of listeners) listener();
  }

  function updateNode(nodeId: string, update: (n: PatchbayNode) => PatchbayNode, key: string): void {
    if (!state.nodes.some((n) => n.id === nodeId)) return;
    remember(key);
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
      const moves = changes.filter((c) => c.type === 'position');
      if (structural) remember(sameTurnKey());
      else if (moves.length > 0) {
        // One history entry per drag: at its first move; keyboard nudges (no drag) each count.
        const inDrag = moves.some((c) => c.type === 'position' && c.dragging === true);
        if (!dragging) remember();
        dragging = inDrag;
      }
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
      if (structural) remember(sameTurnKey());
      commit({ nodes: state.nodes, edges: applyEdgeChanges(changes, state.edges) }, structural);
    },

    connect({ source, sourceHandle, target }) {
      if (!sourceHandle) return;
      const kept = state.edges.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle));
      const ids = new Set(kept.map((e) => e.id));
      let id = `${source}-${sourceHandle}`;
      for (let n = 2; ids.has(id); n++) id = `${source}-${sourceHandle}-${n}`;
      remember();
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
      remember();
      commit({ nodes: [...cleared.nodes, node], edges: cleared.edges }, true);
      return id;
    },

    setParam(nodeId, name, value) {
      updateNode(
        nodeId,
        (n) => {
          const params = { ...n.data.params };
          if (value === undefined) delete params[name];
          else params[name] = value;
          return { ...n, data: { ...n.data, params } };
        },
        `param:${nodeId}:${name}`,
      );
    },

    setLabel(nodeId, label) {
      updateNode(
        nodeId,
        (n) => {
          const { label: _old, ...rest } = n.data;
          return { ...n, data: label === undefined || label === '' ? rest : { ...rest, label } };
        },
        `label:${nodeId}`,
      );
    },

    rename(name) {
      const trimmed = name.trim();
      if (trimmed === '' || trimmed === state.meta.name) return;
      remember();
      state = { ...state, meta: { ...state.meta, name: trimmed } };
      commit({ nodes: state.nodes, edges: state.edges }, true);
    },

    undo() {
      const snapshot = past.pop();
      if (!snapshot) return;
      future.push({ meta: state.meta, nodes: state.nodes, edges: state.edges });
      restore(snapshot);
    },

    redo() {
      const snapshot = future.pop();
      if (!snapshot) return;
      past.push({ meta: state.meta, nodes: state.nodes, edges: state.edges });
      restore(snapshot);
    },

    copySelection() {
      const nodes = state.nodes.filter((n) => n.selected);
      if (nodes.length === 0) return null;
      const ids = new Set(nodes.map((n) => n.id));
      const edges = state.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      return structuredClone({
        nodes: nodes.map(({ measured: _m, dragging: _d, ...n }) => n),
        edges: edges.map(({ selected: _s, ...e }) => e),
      });
    },

    paste(clip, offset = { x: 40, y: 40 }) {
      if (clip.nodes.length === 0) return [];
      const taken = state.nodes.map((n) => n.id);
      const rename = new Map<string, string>();
      const added: PatchbayNode[] = clip.nodes.map((n) => {
        const id = nextNodeId(n.data.nodeType, taken);
        taken.push(id);
        rename.set(n.id, id);
        return {
          ...structuredClone(n),
          id,
          position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
          selected: true,
        };
      });
      const edgeIds = new Set(state.edges.map((e) => e.id));
      const addedEdges: PatchbayEdge[] = clip.edges.flatMap((e) => {
        const source = rename.get(e.source);
        const target = rename.get(e.target);
        if (!source || !target) return [];
        let id = `${source}-${e.sourceHandle ?? ''}`;
        for (let n = 2; edgeIds.has(id); n++) id = `${source}-${e.sourceHandle ?? ''}-${n}`;
        edgeIds.add(id);
        return [{ ...structuredClone(e), id, source, target, selected: false }];
      });
      const cleared = selectOnly(null);
      remember();
      commit({ nodes: [...cleared.nodes, ...added], edges: [...cleared.edges, ...addedEdges] }, true);
      return added.map((n) => n.id);
    },

    selectAll() {
      commit(
        {
          nodes: state.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
          edges: state.edges,
        },
        false,
      );
    },

    deleteSelection() {
      const removed = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = state.edges.filter(
        (e) => !e.selected && !removed.has(e.source) && !removed.has(e.target),
      );
      if (removed.size === 0 && edges.length === state.edges.length) return;
      remember();
      commit({ nodes: state.nodes.filter((n) => !removed.has(n.id)), edges }, true);
    },

    setPositions(positions) {
      const moved = state.nodes.some((n) => {
        const p = positions.get(n.id);
        return p && (p.x !== n.position.x || p.y !== n.position.y);
      });
      if (!moved) return;
      remember();
      commit(
        {
          nodes: state.nodes.map((n) => {
            const p = positions.get(n.id);
            return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
          }),
          edges: state.edges,
        },
        false,
      );
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
