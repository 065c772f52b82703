// Walking skeleton on the wire: SIPp UAC → Patchbay (stateful proxy, Record-Route) → SIPp UAS,
// over UDP on 127.0.0.1.
//
// Checks: RFC 3261 §16.6 forwarding with Record-Route; ACK for 2xx and BYE sent along the route
// set pass through the proxy (§16.4 loose routing, §16.11 ACK forwarded statelessly); a failure
// final decided by the runtime reaches the caller and is ACKed hop by hop (§17.2.1); a busy UAS's
// 486 is collected and sent upstream by sendBestResponse (§16.7 step 6).
// Not checked here: TCP, CANCEL, retransmission timing (see the transaction unit tests).

import { afterEach, describe, expect, it } from 'vitest';
import { startSipStack } from '../start-sip-stack';
import type { DialogEvent, MessageEvent, ProxiedRequest, SipStack } from '../sip-stack-types';
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

function firstLine(e: MessageEvent): string {
  const text = Buffer.from(e.bytes).toString('latin1');
  return text.slice(0, text.indexOf('\r\n'));
}

async function startProxy(handle: (req: ProxiedRequest) => void) {
  const messages: MessageEvent[] = [];
  const dialogs: DialogEvent[] = [];
  stack = await startSipStack({
    host: '127.0.0.1',
    port: 0,
    handleRequest: handle,
    onMessage: (e) => messages.push(e),
    onDialog: (e) => dialogs.push(e),
  });
  return { stack, messages, dialogs };
}

describe('proxy with SIPp', () => {
  it('relays 10 INVITE/200/ACK/BYE calls and stays in the path', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml' });
    const target = `sip:callee@127.0.0.1:${uas.port}`;
    const {
      stack: s,
      messages,
      dialogs,
    } = await startProxy((req) => {
      void req.relay(target).then((outcome) => {
        if (outcome.kind !== 'response' || outcome.status >= 300) req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${s.port}`,
      service: 'callee',
      calls: 10,
      rate: 10,
      timeoutMs: 20_000,
    });
    expect(result.errors).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.successful).toBe(10);
    expect(result.failed).toBe(0);

    const lines = (dir: 'in' | 'out', prefix: string): number =>
      messages.filter((m) => m.direction === dir && firstLine(m).startsWith(prefix)).length;
    // Each ACK and BYE came in from the UAC and went out to the UAS.
    expect(lines('in', 'ACK ')).toBeGreaterThanOrEqual(10);
    expect(lines('out', 'ACK ')).toBeGreaterThanOrEqual(10);
    expect(lines('in', 'BYE ')).toBeGreaterThanOrEqual(10);
    expect(lines('out', 'BYE ')).toBeGreaterThanOrEqual(10);
    expect(lines('out', 'SIP/2.0 100 ')).toBeGreaterThanOrEqual(10);
    const invite = messages.find((m) => m.direction === 'out' && firstLine(m).startsWith('INVITE '));
    expect(Buffer.from(invite?.bytes ?? []).toString('latin1')).toContain(
      `Record-Route: <sip:127.0.0.1:${s.port};lr>`,
    );
    expect(messages.every((m) => m.callId !== undefined)).toBe(true);

    const states = (state: string): number => dialogs.filter((d) => d.state === state).length;
    expect(states('early')).toBe(10);
    expect(states('confirmed')).toBe(10);
    expect(dialogs.filter((d) => d.state === 'terminated' && d.reason === 'bye')).toHaveLength(10);
  });

  it('relays calls over TCP on both sides', async () => {
    uas = await startSippUas({ scenario: 'uas-answer.xml', transport: 'tcp' });
    const target = `sip:callee@127.0.0.1:${uas.port};transport=tcp`;
    const { stack: s, messages } = await startProxy((req) => {
      void req.relay(target).then((outcome) => {
        if (outcome.kind !== 'response' || outcome.status >= 300) req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-bye.xml',
      remote: `127.0.0.1:${s.port}`,
      service: 'callee',
      calls: 5,
      rate: 10,
      timeoutMs: 20_000,
      transport: 'tcp',
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(5);
    expect(messages.every((m) => m.peer.transport === 'tcp')).toBe(true);
    expect(messages.filter((m) => m.direction === 'out' && firstLine(m).startsWith('BYE '))).toHaveLength(5);
  });

  it('sends the runtime’s 403 to the caller, who ACKs it', async () => {
    const { stack: s, messages, dialogs } = await startProxy((req) => req.respond(403, 'Forbidden'));
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${s.port}`,
      service: 'callee',
      calls: 3,
      rate: 10,
      timeoutMs: 15_000,
      vars: { expected: '403' },
    });
    expect(result.errors).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.successful).toBe(3);
    const acks = messages.filter((m) => m.direction === 'in' && firstLine(m).startsWith('ACK '));
    expect(acks).toHaveLength(3);
    // The ACK for a failure is absorbed by the server transaction, never forwarded.
    expect(messages.filter((m) => m.direction === 'out' && firstLine(m).startsWith('ACK '))).toHaveLength(0);
    expect(dialogs.filter((d) => d.state === 'terminated' && d.status === 403)).toHaveLength(3);
  });

  it('fails the expect-failure scenario when the code differs', async () => {
    const { stack: s } = await startProxy((req) => req.respond(404, 'Not Found'));
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${s.port}`,
      service: 'callee',
      calls: 1,
      timeoutMs: 10_000,
      vars: { expected: '403' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.failed).toBe(1);
  });

  it('collects a busy UAS’s 486 and sends it as the best response', async () => {
    uas = await startSippUas({ scenario: 'uas-busy.xml' });
    const target = `sip:callee@127.0.0.1:${uas.port}`;
    const outcomes: unknown[] = [];
    const { stack: s } = await startProxy((req) => {
      void req.relay(target).then((outcome) => {
        outcomes.push(outcome);
        req.sendBestResponse();
      });
    });
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: `127.0.0.1:${s.port}`,
      service: 'callee',
      calls: 2,
      rate: 10,
      timeoutMs: 15_000,
      vars: { expected: '486' },
    });
    expect(result.errors).toBe('');
    expect(result.successful).toBe(2);
    expect(outcomes).toEqual([
      { kind: 'response', status: 486, reason: 'Busy Here' },
      { kind: 'response', status: 486, reason: 'Busy Here' },
    ]);
  });
});
