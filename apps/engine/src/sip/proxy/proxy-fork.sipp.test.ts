// Forking on the wire (RFC 3261 §16.7), SIPp over UDP on 127.0.0.1.
// Checks: parallel fork to a phone that rings forever and one that answers — the 2xx goes to
// the caller, the ringing branch is CANCELled (it answers 487, which we ACK); serial fork past
// a busy phone to one that answers; an upstream CANCEL reaching every branch (§16.10).

import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';
import { lines, startRecordingProxy } from '../../../test/sipp/proxy-fixture';
import type { RecordingProxy } from '../../../test/sipp/proxy-fixture';
import type { RelayOutcome } from '../sip-stack-types';

let proxy: RecordingProxy | undefined;
const uases: SippProcess[] = [];

afterEach(async () => {
  for (const u of uases.splice(0)) await u.stop();
  await proxy?.stack.close();
  proxy = undefined;
  await killAllSipp();
});

describe('forking with SIPp', () => {
  it('parallel: the answering phone wins, the ringing one is CANCELled', async () => {
    const ringing = await startSippUas({ scenario: 'uas-ring-cancel.xml', calls: 2 });
    const answering = await startSippUas({ scenario: 'uas-answer.xml' });
    uases.push(ringing, answering);
    const outcomes: RelayOutcome[] = [];
    proxy = await startRecordingProxy((req) => {
      const targets = [`sip:ring@127.0.0.1:${ringing.port}`, `sip:answer@127.0.0.1:${answering.port}`];
      void req.fork(targets, { mode: 'parallel' }).then((o) => {
        outcomes.push(o);
        if (o.kind !== 'response' || o.status >= 300) req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 2,
      rate: 5,
      timeoutMs: 30_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    expect(outcomes.map((o) => (o.kind === 'response' ? o.status : o.kind))).toEqual([200, 200]);
    const ringResult = await ringing.done; // -m 2: exits after CANCEL/200/487/ACK twice
    expect(ringResult.successful).toBe(2);
    expect(lines(proxy.messages, 'out', 'CANCEL ')).toHaveLength(2);
    // The 487s stay between us and the ringing phone: the caller only sees the 2xx.
    expect(lines(proxy.messages, 'out', 'SIP/2.0 487')).toHaveLength(0);
  }, 60_000);

  it('serial: past a busy phone to one that answers', async () => {
    const busy = await startSippUas({ scenario: 'uas-busy.xml' });
    const answering = await startSippUas({ scenario: 'uas-answer.xml' });
    uases.push(busy, answering);
    proxy = await startRecordingProxy((req) => {
      const targets = [`sip:busy@127.0.0.1:${busy.port}`, `sip:answer@127.0.0.1:${answering.port}`];
      void req.fork(targets, { mode: 'serial', perTargetTimeoutMs: 10_000 }).then((o) => {
        if (o.kind !== 'response' || o.status >= 300) req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 2,
      rate: 5,
      timeoutMs: 30_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    const invites = lines(proxy.messages, 'out', 'INVITE ');
    expect(invites.map((e) => e.peer.port)).toEqual([busy.port, answering.port, busy.port, answering.port]);
  }, 60_000);

  it('passes the caller’s CANCEL to every ringing branch', async () => {
    const one = await startSippUas({ scenario: 'uas-ring-cancel.xml', calls: 2 });
    const two = await startSippUas({ scenario: 'uas-ring-cancel.xml', calls: 2 });
    uases.push(one, two);
    const outcomes: RelayOutcome[] = [];
    proxy = await startRecordingProxy((req) => {
      const targets = [`sip:one@127.0.0.1:${one.port}`, `sip:two@127.0.0.1:${two.port}`];
      void req.fork(targets, { mode: 'parallel' }).then((o) => {
        outcomes.push(o);
        req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-cancel.xml',
      remote: `127.0.0.1:${proxy.stack.port}`,
      service: 'callee',
      calls: 2,
      rate: 5,
      timeoutMs: 30_000,
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    expect(outcomes).toEqual(Array(2).fill({ kind: 'response', status: 487, reason: 'Request Terminated' }));
    // §16.10: each of the two calls' CANCELs reached both phones, which each saw CANCEL + ACK.
    expect(lines(proxy.messages, 'out', 'CANCEL ')).toHaveLength(4);
    expect((await one.done).successful).toBe(2);
    expect((await two.done).successful).toBe(2);
  }, 60_000);
});
