// The editor for one loaded flow: toolbar, palette, canvas with its issues, inspector. The store
// is created once per flow and shared through context.
import { useCallback, useState, useSyncExternalStore } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { FlowResponse } from '@patchbay/shared/api';
import { FlowCanvas, type CanvasHighlight } from '../canvas/flow-canvas';
import { Inspector } from '../panels/inspector';
import { IssuesPanel } from '../panels/issues-panel';
import { Palette } from '../panels/palette';
import { createFlowStore } from '../store/flow-store';
import { FlowStoreContext } from '../store/use-flow-store';
import { TestPanel } from '../test-panel/test-panel';
import { EditorChrome } from './editor-chrome';
import { Toolbar } from './toolbar';
import { useSaveDeploy } from './use-save-deploy';
import { useUnsavedGuard } from './use-unsaved-guard';

export function FlowEditor({ loaded }: { loaded: FlowResponse }) {
  const [store] = useState(() => createFlowStore(loaded.flow));
  const [issuesOpen, setIssuesOpen] = useState(true);
  const openIssues = useCallback(() => setIssuesOpen(true), []);
  const actions = useSaveDeploy(store, loaded.deployedVersion, openIssues);
  const dirty = useSyncExternalStore(store.subscribe, () => store.getState().dirty);
  useUnsavedGuard(dirty);

  const { saveNow } = actions;
  const [testing, setTesting] = useState(false);
  const [highlight, setHighlight] = useState<CanvasHighlight | null>(null);
  const toggleTest = useCallback(() => setTesting((t) => !t), []);
  const closeTest = useCallback(() => setTesting(false), []);

  return (
    <FlowStoreContext value={store}>
      <ReactFlowProvider>
        <div className={testing ? 'editor editor--testing' : 'editor'} data-testid="flow-editor">
          <Toolbar actions={actions} testing={testing} onToggleTest={toggleTest} />
          <Palette />
          <div className="editor__center">
            <FlowCanvas highlight={testing ? highlight : null}>
              <EditorChrome saveNow={saveNow} />
            </FlowCanvas>
            <IssuesPanel open={issuesOpen} onToggle={() => setIssuesOpen((o) => !o)} />
          </div>
          {testing ? (
            <TestPanel saveNow={saveNow} onHighlight={setHighlight} onClose={closeTest} />
          ) : (
            <Inspector />
          )}
        </div>
      </ReactFlowProvider>
    </FlowStoreContext>
  );
}
