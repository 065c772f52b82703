// Re-offers inside a third-party call on the wire, with SIPp playing A and B on 127.0.0.1:
// A's hold (re-INVITE with a=sendonly) reaches B in a re-INVITE and B's answer comes back in
// A's 200, sent once A ACKs it (RFC 3261 §13.3.1.4); B's 488 reaches A and the call stays up
// (§14.1); B's own re-INVITE meanwhile gets 491 (§14.2); an UPDATE (RFC 3311) and a re-INVITE
// without SDP are relayed too. The SIPp scenarios check the bodies they receive; the test
// checks them again in the call's trace, and the live call-media-changed events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallDetailResponse, TraceMessage } from '@patchbay/shared/api';
import { killAllSipp, startSippUas } from '../../../test/sipp/sipp-runner';
import type { SippProcess } from '../../../test/sipp/sipp-runner';
import { startTestEngine, until, type TestEngine } from '../../../test/test-engine';

let t: TestEngine;
let ws: WebSocket | undefined;
const events: Record<string, unknown>[] = [];

beforeEach(async () => {
  events.length = 0;
  t = await startTestEngine();
  ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/api/events`);
  ws.on('message', (d: Buffer) => events.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  await new Promise((resolve) => ws!.once('open', resolve));
});

afterEach(async () => {
  ws?.close();
  await killAllSipp();
  await t.stop();
});

const event = (kind: string, callId: string) =>
  until(
    () => events.find((e) => e['kind'] === kind && e['callId'] === callId),
    (e) => e !== undefined,
  );

/** Start A and B, call them, wait until the call is answered; returns the Call-ID. */
async function answeredCall(a: SippProcess, b: SippProcess): Promise<string> {
  const { callId } = await t.api<{ callId: string }>('POST', '/api/calls', {
    a: `sip:a@127.0.0.1:${a.port}`,
    b: `sip:b@127.0.0.1:${b.port}`,
  });
  expect(await event('call-answered', callId)).toBeDefined();
  return callId;
}

const detail = (callId: string) =>
  t.api<CallDetailResponse>('GET', `/api/calls/${encodeURIComponent(callId)}`);

/** Messages the engine sent to a SIPp peer, by the start of their first line, retransmissions included. */
function sentTo(d: CallDetailResponse, port: number, summary: string): TraceMessage[] {
  return d.messages.filter(
    (m) => m.direction === 'out' && m.peer.endsWith(`:${port}`) && m.summary.startsWith(summary),
  );
}

/**
 * The same, each message once: a UDP retransmission (RFC 3261 §17.1.1.2, after T1 when a busy
 * machine's SIPp answers late) is byte-identical to the first copy, so it is not a new request.
 */
const sentOnce = (d: CallDetailResponse, port: number, summary: string): TraceMessage[] =>
  sentTo(d, port, summary).filter((m, i, all) => all.findIndex((o) => o.text === m.text) === i);

/** The trace once it holds a message matching `ok` (the trace is written off the SIP path). */
const traceWith = (callId: string, ok: (d: CallDetailResponse) => boolean) => until(() => detail(callId), ok);

async function hangUp(callId: string, a: SippProcess, b: SippProcess): Promise<void> {
  expect(await t.api('DELETE', `/api/calls/${encodeURIComponent(callId)}`)).toMatchObject({
    kind: 'originated',
  });
  expect(await event('call-ended', callId)).toMatchObject({ outcome: 'completed', by: 'api' });
  const [ra, rb] = await Promise.all([a.done, b.done]);
  expect([ra.successful, rb.successful], ra.errors + rb.errors).toEqual([1, 1]);
}

describe('re-INVITE from a leg of a 3PCC call', () => {
  it("passes A's hold to B in a re-INVITE and B's answer to A in the 200, sent once (A ACKed it)", async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-reinvite.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b-reinvited.xml', calls: 1 });
    const callId = await answeredCall(a, b);
    expect(await event('call-media-changed', callId)).toMatchObject({ by: 'a', method: 'INVITE' });

    const d = await traceWith(callId, (x) => sentTo(x, a.port, 'SIP/2.0 200').length > 0);
    const reinvites = sentOnce(d, b.port, 'INVITE');
    expect(reinvites).toHaveLength(2);
    expect(reinvites[1]!.text).toContain('o=userA 1111 1112');
    expect(reinvites[1]!.text).toContain('a=sendonly');
    const ok = sentTo(d, a.port, 'SIP/2.0 200');
    expect(ok[0]!.text).toContain('CSeq: 2 INVITE');
    expect(ok[0]!.text).toContain('o=userB 53655765 2353687638');
    expect(ok[0]!.text).toContain('a=recvonly');
    expect(d.steps).toEqual([
      expect.objectContaining({ seq: 1, nodeId: 'leg-a', port: 'media-changed', detail: expect.anything() }),
    ]);

    // §13.3.1.4: had A's ACK not reached the call, the 200 would go again after T1 (500 ms).
    await new Promise((r) => setTimeout(r, 1200));
    expect(sentTo(await detail(callId), a.port, 'SIP/2.0 200')).toHaveLength(1);
    await hangUp(callId, a, b);
  });

  it("passes B's 488 back to A; the call stays up and DELETE still sends BYE to both", async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-reinvite-refused.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b-reinvite-488.xml', calls: 1 });
    const callId = await answeredCall(a, b);
    const d = await traceWith(callId, (x) => sentTo(x, a.port, 'SIP/2.0 488').length > 0);
    expect(sentTo(d, a.port, 'SIP/2.0 488')[0]!.text).toContain('CSeq: 2 INVITE');
    expect(sentOnce(d, b.port, 'ACK')).toHaveLength(2); // the set-up's and the 488's
    expect(events.some((e) => e['kind'] === 'call-ended' || e['kind'] === 'call-media-changed')).toBe(false);
    await hangUp(callId, a, b);
  });

  it('answers B 491 when B re-INVITEs while A’s re-INVITE is being relayed to it (glare)', async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-reinvite.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b-glare.xml', calls: 1 });
    const callId = await answeredCall(a, b);
    expect(await event('call-media-changed', callId)).toMatchObject({ by: 'a' });
    const d = await traceWith(callId, (x) => sentTo(x, b.port, 'SIP/2.0 491').length > 0);
    expect(sentTo(d, b.port, 'SIP/2.0 491')[0]!.text).toContain('CSeq: 2 INVITE');
    expect(sentOnce(d, a.port, 'INVITE')).toHaveLength(1); // B's re-INVITE did not reach A
    await hangUp(callId, a, b);
  });
});

describe('UPDATE and re-INVITE without SDP from a leg of a 3PCC call', () => {
  it("relays A's UPDATE to B, then A's offerless re-INVITE: B's offer in A's 200, A's answer in B's ACK", async () => {
    const a = await startSippUas({ scenario: 'uas-3pcc-a-update-delayed.xml', calls: 1 });
    const b = await startSippUas({ scenario: 'uas-3pcc-b-update-delayed.xml', calls: 1 });
    const callId = await answeredCall(a, b);
    const changes = await until(
      () => events.filter((e) => e['kind'] === 'call-media-changed' && e['callId'] === callId),
      (l) => l.length === 2,
    );
    expect(changes.map((e) => e['method'])).toEqual(['UPDATE', 'INVITE']);
    const d = await traceWith(callId, (x) => sentOnce(x, b.port, 'ACK').length === 2);
    expect(sentTo(d, b.port, 'UPDATE')[0]!.text).toContain('a=sendonly');
    expect(sentOnce(d, b.port, 'ACK')[1]!.text).toContain('o=userA 1111 1113');
    expect(sentOnce(d, a.port, 'SIP/2.0 200').map((m) => /CSeq: (.*)/.exec(m.text)?.[1]?.trim())).toEqual([
      '2 UPDATE',
      '3 INVITE',
    ]);
    await hangUp(callId, a, b);
  });
});
