// Every problem the compiler (or the engine, on a refused deploy) found. Clicking one selects
// its node, pans to it and focuses the field concerned.
import type { CompileIssue } from '@patchbay/shared/compiler';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';

export function IssuesPanel({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const store = useFlowStoreApi();
  const issues = useFlowStore((s) => s.issues);
  const refused = useFlowStore((s) => s.deployIssues.length > 0);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;

  return (
    <section
      className={`issues${open ? ' issues--open' : ''}`}
      aria-label="Problems"
      data-testid="issues-panel"
      data-errors={errors}
    >
      <button type="button" className="issues__bar" onClick={onToggle} aria-expanded={open}>
        <span
          className={`issues__summary issues__summary--${errors ? 'error' : warnings ? 'warning' : 'ok'}`}
        >
          {issues.length === 0 ? '✓ No problems: ready to deploy' : summary(errors, warnings)}
        </span>
        {refused && <span className="issues__refused">The engine refused the last deploy</span>}
        <span className="issues__toggle" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && issues.length > 0 && (
        <ul className="issues__list">
          {issues.map((issue, n) => (
            <li key={n}>
              <button
                type="button"
                className={`issue issue--${issue.severity}`}
                onClick={() => store.focusIssue(issue)}
                disabled={issue.nodeId === null}
                data-testid="issue"
                data-node-id={issue.nodeId ?? ''}
                data-code={issue.code}
              >
                <span className="issue__severity">{issue.severity === 'error' ? 'Error' : 'Warning'}</span>
                <span className="issue__message">{issue.message}</span>
                <span className="issue__where">{where(issue)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function summary(errors: number, warnings: number): string {
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function where(issue: CompileIssue): string {
  if (issue.nodeId === null) return 'flow';
  return issue.field ? `${issue.nodeId} · ${issue.field}` : issue.nodeId;
}
