// The parts of the editor that need React Flow's context: the keyboard shortcuts, the canvas
// tool buttons (undo, redo, arrange, help) and the help overlay.
import { useCallback, useState } from 'react';
import { Panel } from '@xyflow/react';
import { useFlowStore } from '../store/use-flow-store';
import { useEditorCommands } from './editor-commands';
import { ShortcutsHelp, useEditorShortcuts } from './editor-shortcuts';

export function EditorChrome({ saveNow }: { saveNow: () => Promise<boolean> }) {
  const commands = useEditorCommands();
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useEditorShortcuts(commands, saveNow, toggleHelp);
  const canUndo = useFlowStore((s) => s.canUndo);
  const canRedo = useFlowStore((s) => s.canRedo);

  return (
    <>
      <Panel position="top-left" className="canvas-tools" data-testid="canvas-tools">
        <button
          type="button"
          className="canvas-tools__btn"
          onClick={commands.undo}
          disabled={!canUndo}
          title="Undo (Ctrl+Z)"
          aria-label="Undo"
          data-testid="undo"
        >
          ↶
        </button>
        <button
          type="button"
          className="canvas-tools__btn"
          onClick={commands.redo}
          disabled={!canRedo}
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo"
          data-testid="redo"
        >
          ↷
        </button>
        <span className="canvas-tools__sep" aria-hidden="true" />
        <button
          type="button"
          className="canvas-tools__btn canvas-tools__btn--text"
          onClick={commands.layout}
          title="Arrange the flow automatically (L)"
          data-testid="auto-layout"
        >
          Arrange
        </button>
        <button
          type="button"
          className="canvas-tools__btn"
          onClick={toggleHelp}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          data-testid="open-shortcuts"
        >
          ?
        </button>
      </Panel>
      {help && <ShortcutsHelp onClose={closeHelp} />}
    </>
  );
}
