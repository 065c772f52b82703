// Save (PUT the document) and Deploy (save if needed, then deploy) with their visible states.
// A refused deploy (422 FLOW_INVALID) puts the engine's issues into the store, which marks the
// nodes and fills the issues panel.
import { useCallback, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client';
import type { FlowStore } from '../store/flow-store';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'failed'; message: string };

export type DeployState =
  | { kind: 'idle' }
  | { kind: 'deploying' }
  | { kind: 'deployed'; version: number }
  | { kind: 'refused'; count: number }
  | { kind: 'failed'; message: string };

export interface SaveDeploy {
  readonly save: SaveState;
  readonly deploy: DeployState;
  /** The version live on the engine, as far as this page knows. */
  readonly liveVersion: number | null;
  readonly saveNow: () => Promise<boolean>;
  readonly deployNow: () => Promise<void>;
}

export function useSaveDeploy(
  store: FlowStore,
  initialLive: number | null,
  onRefused: () => void,
): SaveDeploy {
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [deploy, setDeploy] = useState<DeployState>({ kind: 'idle' });
  const [liveVersion, setLiveVersion] = useState(initialLive);
  // One request at a time: a second Ctrl+S while saving waits for nothing and sends nothing.
  const busy = useRef(false);

  const put = useCallback(async (): Promise<boolean> => {
    const doc = store.document();
    setSave({ kind: 'saving' });
    try {
      await api.saveFlow(doc);
      store.markSaved(doc);
      setSave({ kind: 'idle' });
      return true;
    } catch (e) {
      setSave({ kind: 'failed', message: errorMessage(e) });
      return false;
    }
  }, [store]);

  const saveNow = useCallback(async () => {
    if (busy.current) return false;
    busy.current = true;
    try {
      return await put();
    } finally {
      busy.current = false;
    }
  }, [put]);

  const deployNow = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      if (store.getState().dirty && !(await put())) {
        setDeploy({ kind: 'failed', message: 'Not deployed: saving failed.' });
        return;
      }
      setDeploy({ kind: 'deploying' });
      const result = await api.deployFlow(store.getState().meta.id);
      store.setDeployIssues([]);
      setLiveVersion(result.version);
      setDeploy({ kind: 'deployed', version: result.version });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FLOW_INVALID') {
        store.setDeployIssues(e.issues);
        setDeploy({ kind: 'refused', count: e.issues.filter((i) => i.severity === 'error').length });
        onRefused();
      } else {
        setDeploy({ kind: 'failed', message: errorMessage(e) });
      }
    } finally {
      busy.current = false;
    }
  }, [store, put, onRefused]);

  return { save, deploy, liveVersion, saveNow, deployNow };
}
