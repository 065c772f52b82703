// The editor for one loaded flow: toolbar, palette, canvas with its issues, inspector. The store
// is created once per flow and shared through context.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { FlowResponse } from '@patchbay/shared/api';
import { FlowCanvas } from '../canvas/flow-canvas';
import { Inspector } from '../panels/inspector';
import { IssuesPanel } from '../panels/issues-panel';
import { Palette } from '../panels/palette';
import { createFlowStore } from '../store/flow-store';
import { FlowStoreContext } from '../store/use-flow-store';
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
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveNow();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [saveNow]);

  return (
    <FlowStoreContext value={store}>
      <ReactFlowProvider>
        <div className="editor" data-testid="flow-editor">
          <Toolbar actions={actions} />
          <Palette />
          <div className="editor__center">
            <FlowCanvas />
            <IssuesPanel open={issuesOpen} onToggle={() => setIssuesOpen((o) => !o)} />
          </div>
          <Inspector />
        </div>
      </ReactFlowProvider>
    </FlowStoreContext>
  );
}
