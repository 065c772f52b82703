// The editor's top bar: where you are, whether the work is saved, and Save / Deploy.
import { Link } from 'react-router-dom';
import { useFlowStore } from '../store/use-flow-store';
import type { DeployState, SaveDeploy, SaveState } from './use-save-deploy';

export function Toolbar({ actions }: { actions: SaveDeploy }) {
  const meta = useFlowStore((s) => s.meta);
  const dirty = useFlowStore((s) => s.dirty);
  const errorCount = useFlowStore((s) => s.liveIssues.filter((i) => i.severity === 'error').length);
  const busy = actions.save.kind === 'saving' || actions.deploy.kind === 'deploying';

  return (
    <div className="toolbar" data-testid="toolbar">
      <div className="toolbar__where">
        <Link to="/" className="toolbar__crumb">
          Flows
        </Link>
        <span className="toolbar__sep" aria-hidden="true">
          /
        </span>
        <h1 className="toolbar__name">{meta.name}</h1>
        <code className="toolbar__id">{meta.id}</code>
      </div>
      <div className="toolbar__actions">
        <SaveStatus save={actions.save} dirty={dirty} />
        <button
          type="button"
          className="btn"
          onClick={() => void actions.saveNow()}
          disabled={busy || !dirty}
          title="Save (Ctrl+S)"
          data-testid="save"
        >
          Save
        </button>
        <DeployStatus deploy={actions.deploy} live={actions.liveVersion} />
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void actions.deployNow()}
          disabled={busy}
          title={
            errorCount > 0
              ? `${errorCount} problem(s) to fix first; the engine will refuse`
              : 'Save and deploy'
          }
          data-testid="deploy"
        >
          {actions.deploy.kind === 'deploying' ? 'Deploying…' : 'Deploy'}
        </button>
      </div>
    </div>
  );
}

function SaveStatus({ save, dirty }: { save: SaveState; dirty: boolean }) {
  const [tone, text, title] =
    save.kind === 'saving'
      ? ['muted', 'Saving…', undefined]
      : save.kind === 'failed'
        ? ['danger', 'Save failed', save.message]
        : dirty
          ? ['warning', 'Unsaved changes', undefined]
          : ['muted', 'Saved', undefined];
  return (
    <span className={`status status--${tone}`} title={title} data-testid="save-state" data-dirty={dirty}>
      {text}
    </span>
  );
}

function DeployStatus({ deploy, live }: { deploy: DeployState; live: number | null }) {
  const [tone, text, title] = (() => {
    switch (deploy.kind) {
      case 'deploying':
        return ['muted', 'Deploying…', undefined];
      case 'deployed':
        return ['success', `Deployed v${deploy.version}`, undefined];
      case 'refused':
        return ['danger', `Deploy refused: ${deploy.count} error${deploy.count === 1 ? '' : 's'}`, undefined];
      case 'failed':
        return ['danger', 'Deploy failed', deploy.message];
      case 'idle':
        return live === null
          ? ['muted', 'Not deployed yet', undefined]
          : ['muted', `Live: v${live}`, undefined];
    }
  })();
  return (
    <span className={`status status--${tone}`} title={title} data-testid="deploy-status" role="status">
      {text}
    </span>
  );
}
