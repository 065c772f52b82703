// The calls list's server-side filters and keyset paging, and that a filtered page stays an
// index range scan with 100 000 stored calls (checked by EXPLAIN QUERY PLAN, not by timing).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallStatus } from '@patchbay/shared/api';
import { tempDir } from '../../test/temp-dir';
import { callListSql, type CallListQuery } from './calls-repo';
import { openStore, type Store } from './store';

const STATUSES: CallStatus[] = ['completed', 'failed', 'answered', 'cancelled'];
const T0 = Date.UTC(2026, 0, 1);

let dir: ReturnType<typeof tempDir>;
let store: Store;

beforeAll(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'calls.db'));
  // 100 000 calls over 4 flows × 3 versions and 4 final statuses, one every 10 ms.
  for (let i = 0; i < 100_000; i++) {
    const callId = `call-${i}@host`;
    store.traces.push({
      kind: 'call-start',
      callId,
      flowId: `flow-${i % 4}`,
      version: (i % 3) + 1,
      method: 'INVITE',
      from: `sip:user${i % 100}@a.example`,
      to: `sip:${i % 7 === 0 ? 'Alice' : 'bob'}@b.example`,
      at: T0 + i * 10,
    });
    store.traces.push({ kind: 'call-update', callId, status: STATUSES[i % 4] as CallStatus });
  }
  store.traces.flush();
}, 120_000);

afterAll(() => {
  store.close();
  dir.remove();
});

function plan(query: CallListQuery): string[] {
  const { sql, args } = callListSql(query);
  return store.db
    .prepare<[Record<string, unknown>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(args)
    .map((r) => r.detail);
}

describe('calls list with 100 000 calls', () => {
  it('pages newest first through a filter with a keyset cursor, without gaps or repeats', () => {
    const first = store.calls.list({ limit: 50, flowId: 'flow-1', version: 2 });
    expect(first.calls).toHaveLength(50);
    expect(first.calls.every((c) => c.flowId === 'flow-1' && c.version === 2)).toBe(true);
    const second = store.calls.list({ limit: 50, flowId: 'flow-1', version: 2, cursor: first.next ?? '' });
    const times = [...first.calls, ...second.calls].map((c) => Date.parse(c.startedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // flow-1 ∧ version 2 ⇔ i ≡ 1 (mod 4) ∧ i ≡ 1 (mod 3) ⇔ i ≡ 1 (mod 12): consecutive pages step by 12.
    const ids = [...first.calls, ...second.calls].map((c) => Number(/\d+/.exec(c.callId)?.[0]));
    expect(ids.slice(0, 3)).toEqual([99_997, 99_985, 99_973]);
    expect(ids.every((id, k) => k === 0 || (ids[k - 1] as number) - id === 12)).toBe(true);
  });

  it('filters by time range, Call-ID, From, To and final status', () => {
    const range = store.calls.list({ limit: 500, since: T0 + 1000, until: T0 + 1100 });
    expect(range.calls.map((c) => c.callId)).toEqual(
      [109, 108, 107, 106, 105, 104, 103, 102, 101, 100].map((i) => `call-${i}@host`),
    );
    expect(range.next).toBeNull();
    expect(store.calls.list({ limit: 5, callId: 'call-4242@' }).calls.map((c) => c.callId)).toEqual([
      'call-4242@host',
    ]);
    const to = store.calls.list({ limit: 20, to: 'alice', from: 'user42@' });
    expect(to.calls.length).toBeGreaterThan(0);
    expect(to.calls.every((c) => c.to === 'sip:Alice@b.example' && c.from === 'sip:user42@a.example')).toBe(
      true,
    );
    const failed = store.calls.list({ limit: 20, status: ['failed', 'cancelled'] });
    expect(new Set(failed.calls.map((c) => c.status))).toEqual(new Set(['failed', 'cancelled']));
  });

  it.each<[string, CallListQuery, string]>([
    ['no filter', { limit: 50 }, 'calls_started'],
    ['a flow', { limit: 50, flowId: 'flow-2' }, 'calls_flow_started'],
    ['a flow and version', { limit: 50, flowId: 'flow-2', version: 3 }, 'calls_flow_version_started'],
    ['a final status', { limit: 50, status: ['failed'] }, 'calls_status_started'],
  ])('a page filtered by %s (and a cursor) is a range scan of an index, with no sort', (_, query, index) => {
    const page = store.calls.list(query);
    for (const q of [query, { ...query, cursor: page.next ?? '' }]) {
      const steps = plan(q);
      expect(steps.join(' | ')).toContain(`USING INDEX ${index}`);
      expect(steps.some((s) => /^SCAN calls$/.test(s))).toBe(false);
      expect(steps.some((s) => s.includes('TEMP B-TREE'))).toBe(false);
    }
  });
});
