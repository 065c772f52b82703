// The editor's commands that need React Flow's view (fit, layout, paste in place), shared by the
// keyboard shortcuts and the canvas tool buttons.
import { useCallback, useMemo, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { autoLayout } from '../canvas/auto-layout';
import type { Clip } from '../store/flow-store';
import { useFlowStoreApi } from '../store/use-flow-store';

/** What was copied last, shared by every flow open in this tab (copy in one, paste in another). */
let clipboard: { clip: Clip; pastes: number } | null = null;

export interface EditorCommands {
  readonly undo: () => void;
  readonly redo: () => void;
  readonly copy: () => boolean;
  readonly cut: () => void;
  readonly paste: () => void;
  readonly duplicate: () => void;
  readonly selectAll: () => void;
  readonly layout: () => void;
  readonly fit: () => void;
}

export function useEditorCommands(): EditorCommands {
  const store = useFlowStoreApi();
  const { fitView } = useReactFlow();
  const fitTimer = useRef<number | undefined>(undefined);

  const fit = useCallback(() => void fitView({ duration: 300, padding: 0.25, maxZoom: 1 }), [fitView]);

  const copy = useCallback(() => {
    const clip = store.copySelection();
    if (clip) clipboard = { clip, pastes: 0 };
    return clip !== null;
  }, [store]);

  return useMemo(
    () => ({
      undo: () => store.undo(),
      redo: () => store.redo(),
      copy,
      cut: () => {
        if (copy()) store.deleteSelection();
      },
      paste: () => {
        if (!clipboard) return;
        clipboard.pastes++;
        const step = 40 * clipboard.pastes;
        store.paste(clipboard.clip, { x: step, y: step });
      },
      duplicate: () => {
        const clip = store.copySelection();
        if (clip) store.paste(clip);
      },
      selectAll: () => store.selectAll(),
      layout: () => {
        const { nodes, edges } = store.getState();
        store.setPositions(autoLayout(nodes, edges));
        // Fit once React Flow has drawn the new positions.
        window.clearTimeout(fitTimer.current);
        fitTimer.current = window.setTimeout(fit, 50);
      },
      fit,
    }),
    [store, copy, fit],
  );
}
