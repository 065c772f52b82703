// The calls list's filter bar. Menus apply at once; typed text applies 350 ms after the last key
// (or at once on Enter), so the list does not reload on every keystroke.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CallStatus } from '@patchbay/shared/api';
import { api } from '../api/client';
import { useRequest } from '../api/use-request';
import {
  CALL_STATUSES,
  EMPTY_FORM,
  isFiltered,
  TIME_RANGES,
  type FilterForm,
  type TimeRange,
} from './call-filters';

const TYPE_DELAY_MS = 350;

export function CallFilterBar({
  form,
  onChange,
}: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
}) {
  const [draft, setDraft] = useState(form);
  const timer = useRef<number | undefined>(undefined);
  const flows = useRequest((signal) => api.listFlows(signal), []);

  // The address changed under us (back button, "Clear filters"): show what it says.
  useEffect(() => setDraft(form), [form]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const set = (patch: Partial<FilterForm>, typed = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    window.clearTimeout(timer.current);
    if (typed) timer.current = window.setTimeout(() => onChange(next), TYPE_DELAY_MS);
    else onChange(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    window.clearTimeout(timer.current);
    onChange(draft);
  };

  return (
    <form
      className="filters card"
      onSubmit={submit}
      data-testid="call-filters"
      role="search"
      aria-label="Filter calls"
    >
      <label className="filters__field">
        <span className="filters__label">Time</span>
        <select
          className="input"
          value={draft.range}
          onChange={(e) => set({ range: e.target.value as TimeRange })}
          data-testid="filter-range"
        >
          <option value="any">Any time</option>
          {Object.entries(TIME_RANGES).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="custom">Between…</option>
        </select>
      </label>
      {draft.range === 'custom' && (
        <>
          <label className="filters__field">
            <span className="filters__label">From time</span>
            <input
              type="datetime-local"
              className="input"
              value={draft.since}
              onChange={(e) => set({ since: e.target.value })}
              data-testid="filter-since"
            />
          </label>
          <label className="filters__field">
            <span className="filters__label">To time</span>
            <input
              type="datetime-local"
              className="input"
              value={draft.until}
              onChange={(e) => set({ until: e.target.value })}
              data-testid="filter-until"
            />
          </label>
        </>
      )}
      <label className="filters__field filters__field--wide">
        <span className="filters__label">Call-ID</span>
        <input
          type="search"
          className="input mono"
          placeholder="contains…"
          value={draft.callId}
          onChange={(e) => set({ callId: e.target.value }, true)}
          data-testid="filter-call-id"
        />
      </label>
      <label className="filters__field">
        <span className="filters__label">From</span>
        <input
          type="search"
          className="input mono"
          placeholder="sip:alice@…"
          value={draft.from}
          onChange={(e) => set({ from: e.target.value }, true)}
          data-testid="filter-from"
        />
      </label>
      <label className="filters__field">
        <span className="filters__label">To</span>
        <input
          type="search"
          className="input mono"
          placeholder="sip:bob@…"
          value={draft.to}
          onChange={(e) => set({ to: e.target.value }, true)}
          data-testid="filter-to"
        />
      </label>
      <label className="filters__field">
        <span className="filters__label">Status</span>
        <select
          className="input"
          value={draft.status}
          onChange={(e) => set({ status: e.target.value as CallStatus | '' })}
          data-testid="filter-status"
        >
          <option value="">Any status</option>
          {CALL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span className="filters__label">Flow</span>
        <select
          className="input"
          value={draft.flowId}
          onChange={(e) => set({ flowId: e.target.value, version: '' })}
          data-testid="filter-flow"
        >
          <option value="">Any flow</option>
          {flows.data?.flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
          {draft.flowId !== '' && !flows.data?.flows.some((f) => f.id === draft.flowId) && (
            <option value={draft.flowId}>{draft.flowId}</option>
          )}
        </select>
      </label>
      <label className="filters__field filters__field--narrow">
        <span className="filters__label">Version</span>
        <input
          type="number"
          min={1}
          className="input"
          placeholder="any"
          value={draft.version}
          disabled={draft.flowId === ''}
          title={draft.flowId === '' ? 'Pick a flow first' : undefined}
          onChange={(e) => set({ version: e.target.value }, true)}
          data-testid="filter-version"
        />
      </label>
      <div className="filters__actions">
        <button
          type="button"
          className="btn btn--small"
          disabled={!isFiltered(draft)}
          onClick={() => set(EMPTY_FORM)}
          data-testid="filter-clear"
        >
          Clear
        </button>
      </div>
    </form>
  );
}
