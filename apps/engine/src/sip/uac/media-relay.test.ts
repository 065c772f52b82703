// Re-offers inside a third-party call on virtual time, through the real transaction layer over
// an in-memory transport; ACKs from A and B enter at the transaction layer as on the wire.
// Checks: a re-INVITE with SDP from A goes to B as a re-INVITE with the same SDP, B's answer to
// A in a 200 with Contact (RFC 3261 §12.1.1), retransmitted until A's ACK (§13.3.1.4); a
// non-2xx from B goes back to A and the session stays (§14.1); 481 from B and a missing ACK end
// the call (§12.2.1.2, §13.3.1.4); 491 and 500 + Retry-After for glare (§14.2); a delayed offer
// goes through as flow I does (§14.2: the offer in the 2xx comes from B); UPDATE (RFC 3311 §5.2)
// is relayed as UPDATE, or as re-INVITE to a leg whose Allow lacks it; a CSeq out of order gets
// 500 (§12.2.2); a non-SDP body gets 415. Not checked here: the wire
// (reinvite-relay.sipp.test.ts does that with SIPp).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { createResponse } from '../message/create-response';
import { createRequest } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import { MemoryTransport } from '../transaction/memory-transport';
import { TransactionLayer } from '../transaction/transaction-layer';
import { ACK_WAIT_MS } from './pending-ack';
import type { UaEvent } from './ua-events';
import { UserAgent } from './user-agent';

const A = 'sip:a@192.0.2.20';
const B = 'sip:b@192.0.2.21';
const sdp = (who: string, version: number, extra = '') =>
  `v=0\r\no=${who} 1 ${version} IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n${extra}`;
const text = (m: { body: Uint8Array }) => Buffer.from(m.body).toString();

function setup() {
  const clock = new ManualClock(1_000_000);
  const transport = new MemoryTransport(clock);
  const peer = { transport: 'udp' as const, address: '192.0.2.20', port: 5060 };
  const transactions = new TransactionLayer(Object.assign(transport, { responseTarget: () => peer }), clock);
  const ua = new UserAgent({
    transactions,
    clock,
    host: '192.0.2.1',
    port: 5060,
    via: (t, b) => `SIP/2.0/${t.toUpperCase()} 192.0.2.1:5060;branch=${b}`,
    resolve: () => Promise.resolve(peer),
  });
  // The proxy core's part: in-dialog requests and ACKs go to the UA first; ACKs it did not take
  // are absorbed.
  const absorbedAcks: SipRequest[] = [];
  transactions.setUser({
    onRequest: (tx, req) => void ua.onInDialogRequest(tx, req),
    onAck: (req) => {
      if (!ua.onInDialogAck(req)) absorbedAcks.push(req);
    },
    onStrayResponse: () => undefined,
  });
  const events: UaEvent[] = [];
  ua.subscribe((e) => events.push(e));
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 8; i++) await new Promise((r) => setImmediate(r));
  };
  const sent = () => transport.sent.map((s) => s.msg);
  /** Requests the engine sent to a leg. */
  const requests = (uri: string, method?: string): SipRequest[] =>
    sent().filter(
      (m): m is SipRequest =>
        m.kind === 'request' && m.uri === uri && (method === undefined || m.method === method),
    );
  /** Responses the engine sent to requests from a leg (by the leg's tag in From). */
  const responses = (tag: string, status?: number): SipResponse[] =>
    sent().filter(
      (m): m is SipResponse =>
        m.kind === 'response' &&
        (m.headers.get('from') ?? '').endsWith(`tag=${tag}`) &&
        (status === undefined || m.status === status),
    );
  const answer = (
    req: SipRequest,
    status: number,
    tag: string,
    extra: [string, string][] = [],
    body?: string,
  ) => {
    const res = createResponse(req, status, 'R', { toTag: tag, extraHeaders: extra });
    if (body !== undefined) {
      res.body = Buffer.from(body);
      res.headers.set('Content-Type', 'application/sdp');
      res.headers.set('Content-Length', String(res.body.byteLength));
    }
    transactions.onResponse(res, peer);
  };
  let branch = 0;
  /** A request from leg a or b inside its dialog with the engine, handed to the transaction layer. */
  const fromLeg = (
    leg: 'a' | 'b',
    method: string,
    seq: number,
    body?: string,
    extra: [string, string][] = [],
    contentType = 'application/sdp',
  ): SipRequest => {
    const invite = requests(leg === 'a' ? A : B, 'INVITE')[0]!;
    const ourTag = /tag=([^;]+)/.exec(invite.headers.get('from') ?? '')?.[1];
    const bytes = Buffer.from(body ?? '');
    const req = createRequest(
      method,
      'sip:patchbay@192.0.2.1:5060',
      [
        ['Via', `SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKleg${leg}${++branch}`],
        ['From', `<${leg === 'a' ? A : B}>;tag=${leg}-tag`],
        ['To', `<sip:patchbay@192.0.2.1:5060>;tag=${ourTag}`],
        ['Call-ID', invite.headers.get('call-id')!],
        ['CSeq', `${seq} ${method}`],
        ['Max-Forwards', '70'],
        ...(extra.some(([n]) => n === 'Contact') ? [] : ([['Contact', `<${leg === 'a' ? A : B}>`]] as const)),
        ...extra,
        ...(body === undefined ? [] : ([['Content-Type', contentType]] as [string, string][])),
        ['Content-Length', String(bytes.byteLength)],
      ],
      bytes,
    );
    transactions.onRequest(req, peer);
    return req;
  };
  /** Set up an answered call: A's offer o=A v1, B's answer o=B v1. */
  const answeredCall = async (bAllow?: string): Promise<string> => {
    const callId = ua.call(A, B);
    await flush();
    answer(requests(A, 'INVITE')[0]!, 200, 'a-tag', [['Contact', `<${A}>`]], sdp('A', 1));
    await flush();
    const extra: [string, string][] = [['Contact', `<${B}>`]];
    if (bAllow !== undefined) extra.push(['Allow', bAllow]);
    answer(requests(B, 'INVITE')[0]!, 200, 'b-tag', extra, sdp('B', 1));
    await flush();
    expect(events.map((e) => e.kind)).toContain('call-answered');
    return callId;
  };
  return { clock, ua, events, flush, requests, responses, answer, fromLeg, answeredCall, absorbedAcks };
}

describe('re-INVITE with SDP from one leg', () => {
  it("goes to the other leg with the same SDP; that leg's answer goes back in a 200 sent until the ACK", async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2, 'a=sendonly\r\n'));
    await t.flush();
    expect(t.responses('a-tag', 100)).toHaveLength(1);
    const reB = t.requests(B, 'INVITE')[1]!;
    expect(text(reB)).toBe(sdp('A', 2, 'a=sendonly\r\n'));
    expect(reB.headers.get('cseq')).toBe('2 INVITE');
    expect(reB.headers.get('content-type')).toBe('application/sdp');
    expect(t.responses('a-tag', 200)).toHaveLength(0); // not before B answered

    t.answer(reB, 200, 'b-tag', [['Contact', `<${B}>`]], sdp('B', 2, 'a=recvonly\r\n'));
    await t.flush();
    const ackB = t.requests(B, 'ACK').at(-1)!;
    expect(ackB.headers.get('cseq')).toBe('2 ACK');
    expect(ackB.body.byteLength).toBe(0);
    const ok = t.responses('a-tag', 200);
    expect(ok).toHaveLength(1);
    expect(text(ok[0]!)).toBe(sdp('B', 2, 'a=recvonly\r\n'));
    expect(ok[0]!.headers.get('contact')).toBe('<sip:patchbay@192.0.2.1:5060>');
    expect(ok[0]!.headers.get('allow')).toContain('UPDATE');
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-media-changed', callId, by: 'a', method: 'INVITE' });

    // §13.3.1.4: sent again after T1 until the ACK; then no more.
    t.clock.advance(500);
    await t.flush();
    expect(t.responses('a-tag', 200)).toHaveLength(2);
    t.fromLeg('a', 'ACK', 2);
    await t.flush();
    expect(t.absorbedAcks).toHaveLength(0); // taken by the call, not left to the proxy
    t.clock.advance(ACK_WAIT_MS);
    await t.flush();
    expect(t.responses('a-tag', 200)).toHaveLength(2);
    expect(t.ua.hasCall(callId)).toBe(true);

    // A later re-INVITE from B goes to A the same way.
    t.fromLeg('b', 'INVITE', 2, sdp('B', 3));
    await t.flush();
    const reA = t.requests(A, 'INVITE')[1]!;
    expect(text(reA)).toBe(sdp('B', 3));
    t.answer(reA, 200, 'a-tag', [['Contact', `<${A}>`]], sdp('A', 3));
    await t.flush();
    expect(text(t.responses('b-tag', 200).at(-1)!)).toBe(sdp('A', 3));
    t.fromLeg('b', 'ACK', 2);
    expect(t.absorbedAcks).toHaveLength(0);
  });

  it('passes a 488 from the other leg back; the call stays and DELETE still sends BYE to both', async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2, 'a=sendonly\r\n'));
    await t.flush();
    t.answer(t.requests(B, 'INVITE')[1]!, 488, 'b-tag');
    await t.flush();
    expect(t.responses('a-tag', 488)).toHaveLength(1);
    expect(t.events.map((e) => e.kind)).not.toContain('call-media-changed');
    expect(t.ua.hasCall(callId)).toBe(true);
    // The next re-offer is relayed again: nothing is left pending.
    t.fromLeg('a', 'INVITE', 3, sdp('A', 2, 'a=inactive\r\n'));
    await t.flush();
    expect(text(t.requests(B, 'INVITE')[2]!)).toContain('a=inactive');
    t.answer(t.requests(B, 'INVITE')[2]!, 488, 'b-tag');
    await t.flush();
    t.ua.hangup(callId);
    await t.flush();
    expect([t.requests(A, 'BYE').length, t.requests(B, 'BYE').length]).toEqual([1, 1]);
  });

  it('ends the call when the other leg answers 481 (§12.2.1.2)', async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2));
    await t.flush();
    t.answer(t.requests(B, 'INVITE')[1]!, 481, 'b-tag');
    await t.flush();
    expect(t.responses('a-tag', 481)).toHaveLength(1);
    expect([t.requests(A, 'BYE').length, t.requests(B, 'BYE').length]).toEqual([1, 1]);
    for (const bye of [...t.requests(A, 'BYE'), ...t.requests(B, 'BYE')]) t.answer(bye, 200, 'x');
    await t.flush();
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-ended', callId, by: 'b', status: 481 });
  });

  it('ends the call when the sender never ACKs the 200 (§13.3.1.4)', async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2));
    await t.flush();
    t.answer(t.requests(B, 'INVITE')[1]!, 200, 'b-tag', [], sdp('B', 2));
    await t.flush();
    t.clock.advance(ACK_WAIT_MS - 1);
    await t.flush();
    expect(t.requests(A, 'BYE')).toHaveLength(0);
    t.clock.advance(1);
    await t.flush();
    expect([t.requests(A, 'BYE').length, t.requests(B, 'BYE').length]).toEqual([1, 1]);
    for (const bye of [...t.requests(A, 'BYE'), ...t.requests(B, 'BYE')]) t.answer(bye, 200, 'x');
    await t.flush();
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-ended', callId, by: 'a', status: 408 });
  });
});

describe('glare (RFC 3261 §14.2)', () => {
  it("answers the other leg's re-INVITE 491 while one is relayed, and the sender's second one 500 with Retry-After", async () => {
    const t = setup();
    await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2));
    await t.flush();
    t.fromLeg('b', 'INVITE', 2, sdp('B', 2));
    t.fromLeg('b', 'UPDATE', 3, sdp('B', 2));
    await t.flush();
    expect(t.responses('b-tag', 491).map((r) => r.headers.get('cseq'))).toEqual(['2 INVITE', '3 UPDATE']);
    t.fromLeg('a', 'INVITE', 3, sdp('A', 3));
    await t.flush();
    const second = t.responses('a-tag', 500)[0]!;
    expect(second.headers.get('cseq')).toBe('3 INVITE');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(t.requests(A, 'INVITE')).toHaveLength(1); // nothing went to A
    expect(t.requests(B, 'INVITE')).toHaveLength(2); // only the first re-offer went to B
    // Until A's ACK, B still waits (§14.1: A's INVITE transaction is in progress).
    t.answer(t.requests(B, 'INVITE')[1]!, 200, 'b-tag', [], sdp('B', 2));
    await t.flush();
    t.fromLeg('b', 'INVITE', 4, sdp('B', 3));
    await t.flush();
    expect(t.responses('b-tag', 491)).toHaveLength(3);
    t.fromLeg('a', 'ACK', 2);
    await t.flush();
    t.fromLeg('b', 'INVITE', 5, sdp('B', 3));
    await t.flush();
    expect(text(t.requests(A, 'INVITE')[1]!)).toBe(sdp('B', 3));
  });

  it('answers 491 while the call is still being set up', async () => {
    const t = setup();
    t.ua.call(A, B);
    await t.flush();
    t.answer(t.requests(A, 'INVITE')[0]!, 200, 'a-tag', [['Contact', `<${A}>`]], sdp('A', 1));
    await t.flush();
    t.fromLeg('a', 'INVITE', 2, sdp('A', 2));
    await t.flush();
    expect(t.responses('a-tag', 491)).toHaveLength(1);
  });
});

describe('re-INVITE without SDP (delayed offer)', () => {
  it("goes on without SDP; the other leg's offer goes in the 200 and the answer in the ACK goes on in ours", async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('a', 'INVITE', 2);
    await t.flush();
    const reB = t.requests(B, 'INVITE')[1]!;
    expect(reB.body.byteLength).toBe(0);
    expect(reB.headers.get('content-type')).toBeUndefined();
    t.answer(reB, 200, 'b-tag', [], sdp('B', 2, 'a=rtpmap:8 PCMA/8000\r\n'));
    await t.flush();
    expect(text(t.responses('a-tag', 200)[0]!)).toBe(sdp('B', 2, 'a=rtpmap:8 PCMA/8000\r\n'));
    expect(t.requests(B, 'ACK')).toHaveLength(1); // B's 200 waits for A's answer
    // B's 200 retransmitted meanwhile: still no ACK without the answer.
    t.answer(reB, 200, 'b-tag', [], sdp('B', 2, 'a=rtpmap:8 PCMA/8000\r\n'));
    await t.flush();
    expect(t.requests(B, 'ACK')).toHaveLength(1);
    expect(t.events.at(-1)?.kind).toBe('call-answered');
    t.fromLeg('a', 'ACK', 2, sdp('A', 2));
    await t.flush();
    const ackB = t.requests(B, 'ACK')[1]!;
    expect(ackB.headers.get('cseq')).toBe('2 ACK');
    expect(text(ackB)).toBe(sdp('A', 2));
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-media-changed', callId, by: 'a', method: 'INVITE' });
    // A retransmitted 200 from B gets the same ACK again (§13.2.2.4).
    t.answer(reB, 200, 'b-tag', [], sdp('B', 2, 'a=rtpmap:8 PCMA/8000\r\n'));
    await t.flush();
    expect(text(t.requests(B, 'ACK')[2]!)).toBe(sdp('A', 2));
  });
});

describe('UPDATE (RFC 3311)', () => {
  it('relays an UPDATE offer as UPDATE; the 200 carries the answer; no ACK is awaited', async () => {
    const t = setup();
    const callId = await t.answeredCall();
    t.fromLeg('b', 'UPDATE', 2, sdp('B', 2, 'a=sendonly\r\n'));
    await t.flush();
    const upA = t.requests(A, 'UPDATE')[0]!;
    expect(text(upA)).toBe(sdp('B', 2, 'a=sendonly\r\n'));
    t.answer(upA, 200, 'a-tag', [], sdp('A', 2, 'a=recvonly\r\n'));
    await t.flush();
    expect(text(t.responses('b-tag', 200).at(-1)!)).toBe(sdp('A', 2, 'a=recvonly\r\n'));
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-media-changed', callId, by: 'b', method: 'UPDATE' });
    // Nothing pending: A's next re-INVITE goes straight on.
    t.fromLeg('a', 'INVITE', 2, sdp('A', 3));
    await t.flush();
    expect(t.requests(B, 'INVITE')).toHaveLength(2);
  });

  it('sends a re-INVITE to a leg whose Allow leaves UPDATE out, and answers an UPDATE without SDP at once', async () => {
    const t = setup();
    await t.answeredCall('INVITE, ACK, BYE, CANCEL');
    t.fromLeg('a', 'UPDATE', 2, sdp('A', 2));
    await t.flush();
    expect(t.requests(B, 'UPDATE')).toHaveLength(0);
    const reB = t.requests(B, 'INVITE')[1]!;
    expect(text(reB)).toBe(sdp('A', 2));
    t.answer(reB, 200, 'b-tag', [], sdp('B', 2));
    await t.flush();
    expect(t.requests(B, 'ACK').at(-1)!.headers.get('cseq')).toBe('2 ACK');
    expect(text(t.responses('a-tag', 200).at(-1)!)).toBe(sdp('B', 2));
    t.fromLeg('a', 'UPDATE', 3, undefined, [['Contact', '<sip:a@192.0.2.99>']]);
    await t.flush();
    const ok = t.responses('a-tag', 200).at(-1)!;
    expect([ok.headers.get('cseq'), ok.body.byteLength]).toEqual(['3 UPDATE', 0]);
    t.fromLeg('b', 'INVITE', 2, sdp('B', 3));
    await t.flush();
    expect(t.requests('sip:a@192.0.2.99', 'INVITE')).toHaveLength(1); // the refreshed target
  });
});

describe('in-dialog checks', () => {
  it('answers 500 to a CSeq out of order (§12.2.2) and 415 to a body that is not SDP', async () => {
    const t = setup();
    await t.answeredCall();
    t.fromLeg('a', 'INFO', 5);
    t.fromLeg('a', 'INVITE', 4, sdp('A', 2));
    await t.flush();
    expect(t.responses('a-tag', 500)[0]!.headers.get('cseq')).toBe('4 INVITE');
    t.fromLeg('a', 'INVITE', 6, 'hello', [], 'text/plain');
    await t.flush();
    const refused = t.responses('a-tag', 415)[0];
    expect(refused?.headers.get('accept')).toBe('application/sdp');
    expect(t.requests(B, 'INVITE')).toHaveLength(1);
  });
});
