import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, filtersFromForm, formFromSearch, isFiltered, searchFromForm } from './call-filters';

describe('call filters', () => {
  it('round-trips through the query string, dropping what does not apply', () => {
    const form = {
      ...EMPTY_FORM,
      range: '1h' as const,
      since: '2026-01-01T10:00',
      callId: ' abc ',
      status: 'failed' as const,
      version: '3',
    };
    const search = searchFromForm(form);
    // since only counts for a custom range, version only with a flow.
    expect(search.toString()).toBe('range=1h&callId=abc&status=failed');
    expect(formFromSearch(search)).toEqual({ ...EMPTY_FORM, range: '1h', callId: 'abc', status: 'failed' });
    expect(isFiltered(EMPTY_FORM)).toBe(false);
    expect(isFiltered(form)).toBe(true);
  });

  it('ignores unknown values in a hand-edited address', () => {
    expect(formFromSearch(new URLSearchParams('range=forever&status=lost'))).toEqual(EMPTY_FORM);
  });

  it('resolves a relative range against now, and a custom one from local times', () => {
    const now = Date.UTC(2026, 10, 28, 12, 0, 0);
    expect(filtersFromForm({ ...EMPTY_FORM, range: '15m', flowId: 'f', version: '2' }, now)).toEqual({
      since: '2026-11-28T11:45:00.000Z',
      flowId: 'f',
      version: '2',
    });
    const custom = filtersFromForm(
      { ...EMPTY_FORM, range: 'custom', since: '2026-11-28T10:00', until: '' },
      now,
    );
    expect(custom.since).toBe(new Date('2026-11-28T10:00').toISOString());
    expect(custom.until).toBeUndefined();
    expect(filtersFromForm({ ...EMPTY_FORM, status: 'answered', to: 'bob' }, now)).toEqual({
      status: ['answered'],
      to: 'bob',
    });
  });
});
