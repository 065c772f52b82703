// The calls list's filters ⇄ the page's query string, so a filtered list can be bookmarked,
// shared and navigated back to. Pure, so it is tested without a browser.
import type { CallStatus } from '@patchbay/shared/api';
import type { CallFilters } from '../api/call-filters-types';

export const CALL_STATUSES: readonly CallStatus[] = [
  'trying',
  'ringing',
  'answered',
  'completed',
  'failed',
  'cancelled',
];

/** Relative ranges offered in the time menu, in milliseconds. */
export const TIME_RANGES = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
} as const;

export type TimeRange = keyof typeof TIME_RANGES | 'any' | 'custom';

/** What the filter bar edits: text as typed, time as a menu choice or a custom pair. */
export interface FilterForm {
  readonly range: TimeRange;
  /** datetime-local values ("2026-11-28T14:05"), used when range is "custom". */
  readonly since: string;
  readonly until: string;
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly status: CallStatus | '';
  readonly flowId: string;
  readonly version: string;
}

export const EMPTY_FORM: FilterForm = {
  range: 'any',
  since: '',
  until: '',
  callId: '',
  from: '',
  to: '',
  status: '',
  flowId: '',
  version: '',
};

const TEXT_KEYS = ['since', 'until', 'callId', 'from', 'to', 'flowId', 'version'] as const;

export function formFromSearch(search: URLSearchParams): FilterForm {
  const range = search.get('range') ?? 'any';
  const status = search.get('status') ?? '';
  const form: Record<string, string> = { ...EMPTY_FORM };
  for (const key of TEXT_KEYS) form[key] = search.get(key) ?? '';
  return {
    ...(form as unknown as FilterForm),
    range: range in TIME_RANGES || range === 'custom' ? (range as TimeRange) : 'any',
    status: (CALL_STATUSES as readonly string[]).includes(status) ? (status as CallStatus) : '',
  };
}

export function searchFromForm(form: FilterForm): URLSearchParams {
  const search = new URLSearchParams();
  if (form.range !== 'any') search.set('range', form.range);
  for (const key of TEXT_KEYS) {
    if ((key === 'since' || key === 'until') && form.range !== 'custom') continue;
    if (key === 'version' && form.flowId === '') continue;
    const value = form[key].trim();
    if (value !== '') search.set(key, value);
  }
  if (form.status !== '') search.set('status', form.status);
  return search;
}

/** The API's filters for a form, relative ranges resolved against `now`. */
export function filtersFromForm(form: FilterForm, now: number): CallFilters {
  const local = (value: string) => {
    const ms = value === '' ? NaN : new Date(value).getTime();
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  };
  const since =
    form.range === 'custom'
      ? local(form.since)
      : form.range === 'any'
        ? undefined
        : new Date(now - TIME_RANGES[form.range].ms).toISOString();
  const until = form.range === 'custom' ? local(form.until) : undefined;
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const entries: [string, unknown][] = [
    ['since', since],
    ['until', until],
    ['callId', text(form.callId)],
    ['from', text(form.from)],
    ['to', text(form.to)],
    ['status', form.status === '' ? undefined : [form.status]],
    ['flowId', text(form.flowId)],
    ['version', form.flowId.trim() === '' ? undefined : text(form.version)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as CallFilters;
}

export function isFiltered(form: FilterForm): boolean {
  return searchFromForm(form).toString() !== '';
}
