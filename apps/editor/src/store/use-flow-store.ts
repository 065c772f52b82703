// React binding of the flow store: components subscribe with narrow selectors, so dragging one
// node does not re-render the inspector or the other nodes.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CompileIssue } from '@patchbay/shared/compiler';
import type { FlowState, FlowStore } from './flow-store';

export const FlowStoreContext = createContext<FlowStore | null>(null);

export function useFlowStoreApi(): FlowStore {
  const store = useContext(FlowStoreContext);
  if (!store) throw new Error('useFlowStore needs a <FlowStoreContext> provider');
  return store;
}

/** The selector must return a value held in the state (or a primitive), not a fresh object. */
export function useFlowStore<T>(selector: (state: FlowState) => T): T {
  const store = useFlowStoreApi();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

const noSubscription = () => () => {};

/** Issues of one node; none where there is no store (the read-only trace view). */
export function useNodeIssues(nodeId: string): readonly CompileIssue[] | undefined {
  const store = useContext(FlowStoreContext);
  return useSyncExternalStore(store ? store.subscribe : noSubscription, () =>
    store ? store.getState().issuesByNode[nodeId] : undefined,
  );
}
