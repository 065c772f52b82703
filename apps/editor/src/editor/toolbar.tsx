// The editor's top bar: where you are (the name renames on click), whether the work is saved,
// and Versions, Export, Save and Deploy.
import { useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import { serializeFlowDocument } from '@patchbay/shared/flow';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';
import { downloadText } from '../ui/download';
import type { DeployState, SaveDeploy, SaveState } from './use-save-deploy';

export function Toolbar({
  actions,
  testing,
  onToggleTest,
}: {
  actions: SaveDeploy;
  testing: boolean;
  onToggleTest: () => void;
}) {
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
        <FlowName name={meta.name} />
        <code className="toolbar__id">{meta.id}</code>
      </div>
      <div className="toolbar__actions">
        <Link
          to={`/flows/${encodeURIComponent(meta.id)}/versions`}
          className="btn btn--ghost"
          data-testid="open-versions"
          title="Deployed versions, rollback and diff"
        >
          Versions
        </Link>
        <ExportButton />
        <button
          type="button"
          className={testing ? 'btn btn--active' : 'btn'}
          onClick={onToggleTest}
          aria-pressed={testing}
          title="Run the flow on a sample SIP request, without sending anything"
          data-testid="open-test"
        >
          ▶ Test
        </button>
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

function FlowName({ name }: { name: string }) {
  const store = useFlowStoreApi();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);

  const commit = () => {
    store.rename(draft);
    setEditing(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setEditing(false);
  };

  if (editing)
    return (
      <input
        className="input toolbar__name-input"
        value={draft}
        maxLength={200}
        autoFocus
        aria-label="Flow name"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
        data-testid="flow-name-input"
      />
    );
  return (
    <h1 className="toolbar__name">
      <button
        type="button"
        className="toolbar__name-button"
        title="Rename"
        onClick={() => {
          setDraft(name);
          setEditing(true);
        }}
        data-testid="flow-name"
      >
        {name}
        <span className="toolbar__name-pencil" aria-hidden="true">
          ✎
        </span>
      </button>
    </h1>
  );
}

/** Download the drawing as it is now (saved or not) as ID.flow.json. */
function ExportButton() {
  const store = useFlowStoreApi();
  return (
    <button
      type="button"
      className="btn btn--ghost"
      title="Download this flow as a .flow.json file"
      onClick={() => {
        const doc = store.document();
        downloadText(`${doc.id}.flow.json`, serializeFlowDocument(doc));
      }}
      data-testid="export-flow"
    >
      Export
    </button>
  );
}
