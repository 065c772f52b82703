// The proxy ends a call it carries (DELETE /api/calls on a proxied call): BYE to both sides
// built from the dialog state it tracked (Contacts, tags, CSeq, route set); and a call still
// ringing is CANCELled downstream (487 to the caller).
import { afterEach, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, startSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import { lines, relayTo, startRecordingProxy, text } from '../../../test/sipp/proxy-fixture';
import type { RecordingProxy } from '../../../test/sipp/proxy-fixture';

let proxy: RecordingProxy | undefined;

afterEach(async () => {
  await killAllSipp();
  await proxy?.stack.close();
  proxy = undefined;
});

async function until(ok: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('ending a proxied call', () => {
  it('sends BYE to caller and callee of a confirmed dialog; both answer 200', async () => {
    const uas = await startSippUas({ scenario: 'uas-answer.xml', calls: 1 });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const p = proxy;
    const uac = await startSipp({
      scenario: 'uac-invite-wait-bye.xml',
      remote: `127.0.0.1:${p.stack.port}`,
      service: 'callee',
      calls: 1,
      timeoutMs: 15_000,
    });
    await until(
      () => p.dialogs.some((d) => d.state === 'confirmed') && lines(p.messages, 'in', 'ACK').length > 0,
    );
    const callId = p.dialogs.find((d) => d.state === 'confirmed')!.callId;
    expect(p.stack.userAgent?.endCall(callId)).toBe('proxied');
    const [rc, rs] = await Promise.all([uac.done, uas.done]);
    expect([rc.successful, rs.successful], rc.errors + rs.errors).toEqual([1, 1]);
    const byes = lines(p.messages, 'out', 'BYE ');
    expect(byes).toHaveLength(2);
    // The BYE to the caller comes "from" the callee: CSeq in the callee's space, tags swapped.
    const toCaller = byes.map(text).find((t) => t.startsWith('BYE sip:sipp@'))!;
    expect(toCaller).toMatch(/^To: "sipp" <sip:sipp@[^>]+>;tag=\S+/m);
    const toCallee = byes.map(text).find((t) => !t.startsWith('BYE sip:sipp@'))!;
    expect(toCallee).toMatch(/^CSeq: 2 BYE/m);
    await until(() => p.dialogs.some((d) => d.state === 'terminated'));
    expect(p.dialogs.find((d) => d.state === 'terminated')).toMatchObject({ reason: 'bye', status: 200 });
    expect(p.stack.dialogs()).toHaveLength(0);
    expect(p.stack.userAgent?.endCall(callId)).toBeUndefined();
  });

  it('CANCELs a call still ringing: the callee gets CANCEL, the caller 487', async () => {
    const uas = await startSippUas({ scenario: 'uas-ring-cancel.xml', calls: 1 });
    proxy = await startRecordingProxy(relayTo(`sip:callee@127.0.0.1:${uas.port}`));
    const p = proxy;
    const caller = runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${p.stack.port}`,
      service: 'callee',
      calls: 1,
      timeoutMs: 15_000,
      vars: { expected: '487' },
    });
    await until(() => lines(p.messages, 'in', 'SIP/2.0 180').length > 0);
    const callId = p.requests[0]!.request.callId;
    expect(p.stack.userAgent?.endCall(callId)).toBe('proxied');
    const [rc, rs] = await Promise.all([caller, uas.done]);
    expect([rc.successful, rs.successful], rc.errors + rs.errors).toEqual([1, 1]);
    expect(lines(p.messages, 'out', 'CANCEL ')).toHaveLength(1);
  });
});
