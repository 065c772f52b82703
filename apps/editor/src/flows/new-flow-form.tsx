// Create a flow: a name, and an id derived from it until the user edits the id.
import { useState, type FormEvent } from 'react';
import { ID_RE, newFlowDocument } from '@patchbay/shared/flow';
import { api, ApiError, errorMessage } from '../api/client';
import { slugify } from './slug';

export function NewFlowForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const effectiveId = idTouched ? id : slugify(name);
  const idProblem =
    effectiveId === ''
      ? null
      : ID_RE.test(effectiveId)
        ? null
        : 'Use letters, digits, "-" or "_" (up to 64).';
  const canSubmit = name.trim() !== '' && effectiveId !== '' && idProblem === null && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    try {
      await api.createFlow(newFlowDocument(effectiveId, name.trim()));
      onCreated(effectiveId);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'FLOW_EXISTS'
          ? `A flow with the id "${effectiveId}" exists already; choose another id.`
          : errorMessage(e),
      );
      setBusy(false);
    }
  }

  return (
    <form className="card new-flow" onSubmit={submit} data-testid="new-flow-form">
      <h2 className="card__title">New flow</h2>
      <div className="new-flow__fields">
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Main trunk"
            maxLength={200}
            data-testid="new-flow-name"
          />
        </label>
        <label className="field">
          <span className="field__label">Id</span>
          <input
            className="input input--mono"
            value={effectiveId}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            placeholder="main-trunk"
            aria-invalid={idProblem !== null}
            data-testid="new-flow-id"
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={!canSubmit} data-testid="create-flow">
          {busy ? 'Creating…' : 'Create flow'}
        </button>
      </div>
      <p className="field__hint">
        The id names the flow in files, the API and call traces; it cannot change later.
      </p>
      {idProblem && <p className="field__error">{idProblem}</p>}
      {error && (
        <p className="field__error" role="alert" data-testid="new-flow-error">
          {error}
        </p>
      )}
    </form>
  );
}
