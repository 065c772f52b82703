// CANCEL through the proxy on the wire (RFC 3261 §16.10, §9.2), UDP on 127.0.0.1:
// the caller CANCELs after 180; Patchbay answers 200 to the CANCEL, CANCELs downstream, and the
// callee's 487 goes upstream as the best response; the dialog ends with reason 'cancel'.

import { afterEach, describe, expect, it } from 'vitest';
import { startSipStack } from '../start-sip-stack';
import type { DialogEvent, RelayOutcome, SipStack } from '../sip-stack-types';
import { killAllSipp, runSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';

let stack: SipStack | undefined;
let uas: SippProcess | undefined;

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await stack?.close();
  stack = undefined;
  await killAllSipp();
});

describe('proxy CANCEL with SIPp', () => {
  it('cancels a ringing call end to end', async () => {
    uas = await startSippUas({ scenario: 'uas-ring-cancel.xml' });
    const target = `sip:callee@127.0.0.1:${uas.port}`;
    const outcomes: RelayOutcome[] = [];
    const dialogs: DialogEvent[] = [];
    stack = await startSipStack({
      host: '127.0.0.1',
      port: 0,
      handleRequest: (req) => {
        void req.relay(target).then((o) => {
          outcomes.push(o);
          req.sendBestResponse();
        });
      },
      onDialog: (e) => dialogs.push(e),
    });
    const result = await runSipp({
      scenario: 'uac-invite-cancel.xml',
      remote: `127.0.0.1:${stack.port}`,
      service: 'callee',
      calls: 3,
      rate: 10,
      timeoutMs: 15_000,
    });
    expect(result.errors).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.successful).toBe(3);
    expect(outcomes).toEqual(Array(3).fill({ kind: 'response', status: 487, reason: 'Request Terminated' }));
    expect(dialogs.filter((d) => d.state === 'terminated').map((d) => d.reason)).toEqual([
      'cancel',
      'cancel',
      'cancel',
    ]);
  });

  it('gives up after the relay timeout: CANCEL downstream, 408 upstream', async () => {
    uas = await startSippUas({ scenario: 'uas-ring-cancel.xml', calls: 2 });
    const target = `sip:callee@127.0.0.1:${uas.port}`;
    const outcomes: RelayOutcome[] = [];
    const dialogs: DialogEvent[] = [];
    stack = await startSipStack({
      host: '127.0.0.1',
      port: 0,
      handleRequest: (req) => {
        void req.relay(target, { timeoutMs: 300 }).then((o) => {
          outcomes.push(o);
          req.sendBestResponse();
        });
      },
      onDialog: (e) => dialogs.push(e),
    });
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${stack.port}`,
      service: 'callee',
      calls: 2,
      rate: 10,
      timeoutMs: 15_000,
      vars: { expected: '408' },
    });
    const uasResult = await uas.done; // -m 2: SIPp exits by itself after two calls
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    expect(outcomes).toEqual([
      { kind: 'timeout', cause: 'ring' },
      { kind: 'timeout', cause: 'ring' },
    ]); // the callee rang (180), so: no answer
    expect(uasResult.successful).toBe(2); // the callee saw CANCEL, answered 487 and got its ACK
    expect(dialogs.filter((d) => d.state === 'terminated').map((d) => d.reason)).toEqual([
      'timeout',
      'timeout',
    ]);
  });
});
