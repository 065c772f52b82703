// Flows of the richer node catalogue on the wire: the whole engine in-process, SIPp as caller,
// primary phone and voicemail; and a hot deploy while calls are ringing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallDetailResponse, CallListResponse } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { killAllSipp, runSipp, startSippUas, type SippProcess } from '../test/sipp/sipp-runner';
import { freePorts } from '../test/sipp/free-port';
import { startTestEngine, until, type TestEngine } from '../test/test-engine';
import type { Patchbay } from './patchbay';
import { flow } from './runtime/runtime-test-kit';

let t: TestEngine;
let engine: Patchbay;
const uases: SippProcess[] = [];

beforeEach(async () => {
  t = await startTestEngine();
  engine = t.engine;
});

afterEach(async () => {
  for (const u of uases.splice(0)) await u.stop();
  await killAllSipp();
  await t.stop();
});

const api = <T>(method: string, path: string, body?: unknown): Promise<T> => t.api<T>(method, path, body);

async function uas(scenario: string, port?: number): Promise<SippProcess> {
  const p = await startSippUas({ scenario, ...(port === undefined ? {} : { port }) });
  uases.push(p);
  return p;
}

const stepsOf = async (callId: string): Promise<string[]> =>
  (await api<CallDetailResponse>('GET', `/api/calls/${encodeURIComponent(callId)}`)).steps.map(
    (s) => `${s.nodeId}:${s.port}`,
  );

describe('a realistic flow on the wire', () => {
  /** translate-number → time-of-day → relay to the primary → busy/no-answer: voicemail → unreachable: 480. */
  function officeFlow(primaryPort: number, vmPort: number): FlowDocument {
    return flow(
      [
        ['e164', 'translate-number', { rules: [{ match: '^0([1-9][0-9]{8})$', replace: '+31$1' }] }],
        ['hours', 'time-of-day', { timeZone: 'Europe/Amsterdam', rules: [{ port: 'open' }] }],
        ['closed', 'respond', { code: 480, reason: 'Closed' }],
        ['primary', 'relay', { target: `sip:desk@127.0.0.1:${primaryPort}`, timeoutSec: 2 }],
        ['voicemail', 'relay', { target: `sip:vm@127.0.0.1:${vmPort}`, timeoutSec: 10 }],
        ['away', 'respond', { code: 480, reason: 'Temporarily Unavailable' }],
      ],
      [
        ['start', 'next', 'e164'],
        ['e164', 'next', 'hours'],
        ['hours', 'open', 'primary'],
        ['hours', 'otherwise', 'closed'],
        ['primary', 'busy', 'voicemail'],
        ['primary', 'no-answer', 'voicemail'],
        ['primary', 'unreachable', 'away'],
      ],
      'office',
    );
  }

  it('answers on the primary, goes to voicemail on busy and on no answer, and says 480 when unreachable', async () => {
    const [primaryPort, vmPort] = await freePorts(2);
    await uas('uas-answer.xml', vmPort);
    await api('POST', '/api/flows', officeFlow(primaryPort!, vmPort!));
    await api('POST', '/api/flows/office/deploy');
    const remote = `127.0.0.1:${engine.sip.port}`;
    const cases: Array<{ primary: string | null; expect: 'answer' | string; path: string[] }> = [
      { primary: 'uas-answer.xml', expect: 'answer', path: ['primary:answered'] },
      { primary: 'uas-busy.xml', expect: 'answer', path: ['primary:busy', 'voicemail:answered'] },
      { primary: 'uas-ring-cancel.xml', expect: 'answer', path: ['primary:no-answer', 'voicemail:answered'] },
      { primary: null, expect: '480', path: ['primary:unreachable', 'away:null'] },
    ];
    for (const c of cases) {
      const primary = c.primary === null ? undefined : await uas(c.primary, primaryPort);
      const result =
        c.expect === 'answer'
          ? await runSipp({
              scenario: 'uac-invite-bye.xml',
              remote,
              service: '0612345678',
              calls: 1,
              timeoutMs: 20_000,
            })
          : await runSipp({
              scenario: 'uac-invite-expect-failure.xml',
              remote,
              service: '0612345678',
              calls: 1,
              vars: { expected: c.expect },
              timeoutMs: 20_000,
            });
      expect(result.successful, `${c.primary}: ${result.errors}`).toBe(1);
      if (primary) {
        await primary.stop();
        uases.splice(uases.indexOf(primary), 1);
      }
      const list = await until(
        () => api<CallListResponse>('GET', '/api/calls?limit=1'),
        (l) => ['completed', 'failed'].includes(l.calls[0]?.status ?? ''),
      );
      const steps = await stepsOf(list.calls[0]!.callId);
      expect(steps, String(c.primary)).toEqual(['start:next', 'e164:next', 'hours:open', ...c.path]);
    }
    const calls = await api<CallListResponse>('GET', '/api/calls?limit=10');
    const detail = await api<CallDetailResponse>(
      'GET',
      `/api/calls/${encodeURIComponent(calls.calls[3]!.callId)}`,
    );
    expect(detail.steps[1]?.detail).toMatchObject({ number: '0612345678', translated: '+31612345678' });
    expect(
      detail.messages.find((m) => m.direction === 'out' && m.summary.startsWith('INVITE'))?.summary,
    ).toContain('sip:+31612345678@');
  }, 60_000);
});

describe('fork on the wire', () => {
  it('serially tries a busy phone, then one that answers', async () => {
    const busy = await uas('uas-busy.xml');
    const answer = await uas('uas-answer.xml');
    const d = flow(
      [
        [
          'ring',
          'fork',
          {
            targets: [`sip:a@127.0.0.1:${busy.port}`, `sip:b@127.0.0.1:${answer.port}`],
            mode: 'serial',
            timeoutSec: 10,
          },
        ],
      ],
      [['start', 'next', 'ring']],
      'hunt',
    );
    await api('POST', '/api/flows', d);
    await api('POST', '/api/flows/hunt/deploy');
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'hunt',
      calls: 1,
      timeoutMs: 20_000,
    });
    expect(result.successful, result.errors).toBe(1);
    const list = await until(
      () => api<CallListResponse>('GET', '/api/calls?limit=1'),
      (l) => l.calls[0]?.status === 'completed',
    );
    expect(await stepsOf(list.calls[0]!.callId)).toEqual(['start:next', 'ring:answered']);
  }, 30_000);
});

describe('hot deploy under SIPp traffic', () => {
  it('keeps calls in flight on their version while a new one deploys; none fails', async () => {
    const callee = await uas('uas-answer-delayed.xml');
    const v1 = flow(
      [['relay', 'relay', { target: `sip:callee@127.0.0.1:${callee.port}` }]],
      [['start', 'next', 'relay']],
      'hot',
    );
    await api('POST', '/api/flows', v1);
    expect((await api<{ version: number }>('POST', '/api/flows/hot/deploy')).version).toBe(1);

    const traffic = runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${engine.sip.port}`,
      service: 'callee',
      calls: 30,
      rate: 15,
      timeoutMs: 30_000,
    });
    // Let calls start ringing on version 1, then deploy version 2 in the middle of the traffic.
    await until(
      () => api<CallListResponse>('GET', '/api/calls?limit=100'),
      (l) => l.calls.length >= 8,
    );
    const v2 = flow(
      [
        ['tag', 'set-header', { name: 'X-Version', value: '"2"' }],
        ['relay', 'relay', { target: `sip:callee@127.0.0.1:${callee.port}` }],
      ],
      [
        ['start', 'next', 'tag'],
        ['tag', 'next', 'relay'],
      ],
      'hot',
    );
    await api('PUT', '/api/flows/hot', v2);
    const deployStart = Date.now();
    expect((await api<{ version: number }>('POST', '/api/flows/hot/deploy')).version).toBe(2);
    const deployEnd = Date.now();
    const inFlight = (await api<CallListResponse>('GET', '/api/calls?limit=100')).calls.filter(
      (c) => c.version === 1 && c.status !== 'completed',
    ).length;

    const result = await traffic;
    expect(result.errors).toBe('');
    expect(result.successful).toBe(30);
    expect(result.failed).toBe(0);

    const list = await until(
      () => api<CallListResponse>('GET', '/api/calls?limit=100'),
      (l) => l.calls.length === 30 && l.calls.every((c) => c.status === 'completed'),
    );
    expect(list.calls.every((c) => c.status === 'completed' && c.finalCode === 200)).toBe(true);
    const byVersion = new Map<number | null, number>();
    for (const c of list.calls) byVersion.set(c.version, (byVersion.get(c.version) ?? 0) + 1);
    expect(byVersion.get(1)).toBeGreaterThan(0);
    expect(byVersion.get(2)).toBeGreaterThan(0);
    // Some version-1 calls were still ringing when version 2 went live, and finished on version 1.
    expect(inFlight).toBeGreaterThan(0);
    for (const c of list.calls) {
      const steps = await stepsOf(c.callId);
      if (c.version === 1) {
        expect(steps).toEqual(['start:next', 'relay:answered']);
        expect(Date.parse(c.startedAt)).toBeLessThanOrEqual(deployEnd);
      } else {
        expect(steps).toEqual(['start:next', 'tag:next', 'relay:answered']);
        expect(Date.parse(c.startedAt)).toBeGreaterThanOrEqual(deployStart);
        const detail = await api<CallDetailResponse>('GET', `/api/calls/${encodeURIComponent(c.callId)}`);
        const out = detail.messages.find((m) => m.direction === 'out' && m.summary.startsWith('INVITE'));
        expect(out?.text).toMatch(/\r\nX-Version: 2\r\n/);
      }
    }
  }, 60_000);
});
