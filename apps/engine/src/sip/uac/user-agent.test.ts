// The user agent's requests on virtual time (ManualClock) over an in-memory transport.
// Checks: RFC 3261 §17.1.2.2 Timer E schedule and Timer F → 408 outcome for an originated
// non-INVITE; §22.2 retry after 401/407 with CSeq incremented, same Call-ID and From tag, and
// the digest answer in Authorization / Proxy-Authorization; at most one retry; 3PCC flow I on
// virtual time (offer from A's 200 to B's INVITE, B's answer in A's ACK, BYE on DELETE).
// Not checked here: the wire (call-control.sipp.test.ts does that with SIPp).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { createResponse } from '../message/create-response';
import { createRequest } from '../message/sip-message';
import type { SipRequest } from '../message/sip-message';
import type { ServerTransaction } from '../transaction/transaction-types';
import { MemoryTransport } from '../transaction/memory-transport';
import { TransactionLayer } from '../transaction/transaction-layer';
import type { UaEvent } from './ua-events';
import { RING_B_MS } from './third-party-call';
import { UserAgent } from './user-agent';

function setup() {
  const clock = new ManualClock(1_000_000);
  const transport = new MemoryTransport(clock);
  const transactions = new TransactionLayer(Object.assign(transport, { responseTarget: () => peer }), clock);
  const peer = { transport: 'udp' as const, address: '192.0.2.20', port: 5060 };
  const ua = new UserAgent({
    transactions,
    clock,
    host: '192.0.2.1',
    port: 5060,
    via: (t, b) => `SIP/2.0/${t.toUpperCase()} 192.0.2.1:5060;branch=${b}`,
    resolve: () => Promise.resolve(peer),
  });
  const events: UaEvent[] = [];
  ua.subscribe((e) => events.push(e));
  const requests = (method?: string): SipRequest[] =>
    transport.sent
      .map((s) => s.msg)
      .filter((m): m is SipRequest => m.kind === 'request' && (method === undefined || m.method === method));
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const answer = (req: SipRequest, status: number, extra: [string, string][] = [], body?: string): void => {
    const res = createResponse(req, status, 'R', { toTag: `t${status}`, extraHeaders: extra });
    if (body !== undefined) {
      res.body = Buffer.from(body);
      res.headers.set('Content-Type', 'application/sdp');
      res.headers.set('Content-Length', String(res.body.byteLength));
    }
    transactions.onResponse(res, peer);
  };
  return { clock, transport, ua, events, requests, flush, answer };
}

describe('UserAgent out-of-dialog requests', () => {
  it('retransmits on Timer E (500, 1000, 2000, 4000, 4000 ms …) and reports 408 when Timer F fires', async () => {
    const t = setup();
    const pending = t.ua.sendRequest({ method: 'OPTIONS', uri: 'sip:bob@192.0.2.20' });
    await t.flush();
    const start = t.clock.now();
    t.clock.advance(32_000 - 1);
    await t.flush();
    expect(t.ua.getRequest(pending.id)?.state).toBe('pending');
    t.clock.advance(1); // Timer F = 64*T1
    await t.flush();
    const times = t.transport.times('OPTIONS').map((x) => x - start);
    expect(times.slice(0, 7)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500]);
    expect(t.ua.getRequest(pending.id)).toMatchObject({ state: 'completed', status: 408 });
    expect(t.events[0]).toMatchObject({ kind: 'request-outcome', outcome: { id: pending.id, status: 408 } });
  });

  it.each([
    [401, 'WWW-Authenticate', 'Authorization'],
    [407, 'Proxy-Authenticate', 'Proxy-Authorization'],
  ] as const)(
    'answers a %i challenge once, CSeq incremented, same Call-ID and tag',
    async (code, ask, reply) => {
      const t = setup();
      const p = t.ua.sendRequest({
        method: 'MESSAGE',
        uri: 'sip:bob@192.0.2.20',
        body: 'hi',
        credentials: { username: 'alice', password: 'pw' },
      });
      await t.flush();
      const first = t.requests('MESSAGE')[0]!;
      t.answer(first, code, [[ask, 'Digest realm="r", nonce="abc", qop="auth", algorithm=SHA-256']]);
      await t.flush();
      const retry = t.requests('MESSAGE')[1]!;
      expect(retry.headers.get('cseq')).toBe('2 MESSAGE');
      expect(retry.headers.get('call-id')).toBe(first.headers.get('call-id'));
      expect(retry.headers.get('from')).toBe(first.headers.get('from'));
      expect(retry.headers.get(reply)).toMatch(
        /^Digest username="alice", realm="r", nonce="abc".*algorithm=SHA-256/,
      );
      t.answer(retry, code, [[ask, 'Digest realm="r", nonce="abd"']]);
      await t.flush();
      expect(t.requests('MESSAGE')).toHaveLength(2); // one retry only
      expect(t.ua.getRequest(p.id)).toMatchObject({ state: 'completed', status: code });
    },
  );

  it('answers 200 to a NOTIFY for a SUBSCRIBE it sent (RFC 6665 §4.1.3), and leaves others alone', async () => {
    const t = setup();
    t.ua.sendRequest({ method: 'SUBSCRIBE', uri: 'sip:bob@192.0.2.20', headers: [['Event', 'presence']] });
    await t.flush();
    const sub = t.requests('SUBSCRIBE')[0]!;
    const fromTag = /tag=([^;]+)/.exec(sub.headers.get('from') ?? '')?.[1];
    const notify = createRequest('NOTIFY', 'sip:patchbay@192.0.2.1:5060', [
      ['Via', 'SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKn1'],
      ['From', '<sip:bob@192.0.2.20>;tag=b'],
      ['To', `<sip:patchbay@192.0.2.1:5060>;tag=${fromTag}`],
      ['Call-ID', sub.headers.get('call-id')!],
      ['CSeq', '1 NOTIFY'],
    ]);
    const responses: number[] = [];
    const tx = {
      respond: (r: { status: number }) => responses.push(r.status),
    } as unknown as ServerTransaction;
    expect(t.ua.onInDialogRequest(tx, notify)).toBe(true);
    expect(responses).toEqual([200]);
    notify.headers.set('To', '<sip:patchbay@192.0.2.1:5060>;tag=other');
    expect(t.ua.onInDialogRequest(tx, notify)).toBe(false);
  });

  it('refuses methods that need a dialog, engine-owned headers and non-SIP URIs', () => {
    const t = setup();
    expect(() =>
      t.ua.sendRequest({ method: 'MESSAGE', uri: 'sip:b@h', from: '<sip:a@h>\r\nX: y' }),
    ).toThrow();
    expect(() => t.ua.sendRequest({ method: 'BYE', uri: 'sip:b@h' })).toThrow();
    expect(() => t.ua.sendRequest({ method: 'MESSAGE', uri: 'sip:b@h', headers: [['Via', 'x']] })).toThrow();
    expect(() => t.ua.sendRequest({ method: 'MESSAGE', uri: 'tel:+1555' })).toThrow();
    expect(() =>
      t.ua.sendRequest({ method: 'MESSAGE', uri: 'sip:b@h', headers: [['X-A', 'a\r\nB: c']] }),
    ).toThrow();
  });
});

describe('UserAgent third-party call (RFC 3725 flow I)', () => {
  it("sends A's offer to B and B's answer to A in the ACK; DELETE sends BYE on both legs", async () => {
    const t = setup();
    const callId = t.ua.call('sip:a@192.0.2.20', 'sip:b@192.0.2.21');
    await t.flush();
    const inviteA = t.requests('INVITE')[0]!;
    expect(inviteA.body.byteLength).toBe(0);
    t.answer(inviteA, 180);
    t.answer(inviteA, 200, [['Contact', '<sip:a@192.0.2.20>']], 'v=0\r\no=A 1 1 IN IP4 192.0.2.20\r\n');
    await t.flush();
    const inviteB = t.requests('INVITE')[1]!;
    expect(Buffer.from(inviteB.body).toString()).toContain('o=A');
    expect(inviteB.headers.get('call-id')).toBe(callId);
    t.answer(inviteB, 200, [['Contact', '<sip:b@192.0.2.21>']], 'v=0\r\no=B 2 2 IN IP4 192.0.2.21\r\n');
    await t.flush();
    const acks = t.requests('ACK');
    expect(acks.map((a) => a.uri)).toEqual(['sip:b@192.0.2.21', 'sip:a@192.0.2.20']);
    expect(Buffer.from(acks[1]!.body).toString()).toContain('o=B');
    expect(acks[1]!.headers.get('cseq')).toBe('1 ACK');
    expect(t.events.map((e) => e.kind)).toEqual(['call-start', 'call-ringing', 'call-answered']);
    // §13.2.2.4: a retransmitted 2xx gets the same ACK again (same branch).
    t.answer(inviteA, 200, [['Contact', '<sip:a@192.0.2.20>']], 'v=0\r\no=A 1 1 IN IP4 192.0.2.20\r\n');
    await t.flush();
    const acksA = t.requests('ACK').filter((a) => a.uri === 'sip:a@192.0.2.20');
    expect(acksA).toHaveLength(2);
    expect(acksA[1]!.headers.get('via')).toBe(acksA[0]!.headers.get('via'));

    expect(t.ua.hangup(callId)).toBe(true);
    await t.flush();
    const byes = t.requests('BYE');
    expect(byes.map((b) => b.uri).sort()).toEqual(['sip:a@192.0.2.20', 'sip:b@192.0.2.21']);
    expect(byes.every((b) => b.headers.get('cseq') === '2 BYE')).toBe(true);
    for (const b of byes) t.answer(b, 200);
    await t.flush();
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-ended', outcome: 'completed', by: 'api' });
    expect(t.ua.hangup(callId)).toBe(false);
  });

  it('CANCELs an unanswered A on DELETE; the call ends cancelled with 487', async () => {
    const t = setup();
    const callId = t.ua.call('sip:a@192.0.2.20', 'sip:b@192.0.2.21');
    await t.flush();
    const inviteA = t.requests('INVITE')[0]!;
    t.ua.hangup(callId);
    await t.flush();
    expect(t.requests('CANCEL')).toHaveLength(0); // §9.1: not before a provisional response
    t.answer(inviteA, 180);
    await t.flush();
    expect(t.requests('CANCEL')).toHaveLength(1);
    t.answer(inviteA, 487);
    await t.flush();
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-ended', outcome: 'cancelled', status: 487 });
  });

  it('CANCELs B after RING_B_MS (before A gives up on its 200 at 64*T1); the call fails with 408', async () => {
    const t = setup();
    t.ua.call('sip:a@192.0.2.20', 'sip:b@192.0.2.21');
    await t.flush();
    t.answer(
      t.requests('INVITE')[0]!,
      200,
      [['Contact', '<sip:a@192.0.2.20>']],
      'v=0\r\nm=audio 4000 RTP/AVP 0\r\n',
    );
    await t.flush();
    const inviteB = t.requests('INVITE')[1]!;
    t.answer(inviteB, 180);
    await t.flush();
    t.clock.advance(RING_B_MS - 1);
    await t.flush();
    expect(t.requests('CANCEL')).toHaveLength(0);
    t.clock.advance(1);
    await t.flush();
    expect(t.requests('CANCEL')).toHaveLength(1);
    t.answer(inviteB, 487);
    await t.flush();
    const ackA = t.requests('ACK').find((a) => a.uri === 'sip:a@192.0.2.20')!;
    expect(Buffer.from(ackA.body).toString()).toContain('m=audio 0 RTP/AVP 0'); // refused (RFC 3264 §6)
    expect(t.requests('BYE').map((b) => b.uri)).toEqual(['sip:a@192.0.2.20']);
    t.answer(t.requests('BYE')[0]!, 200);
    await t.flush();
    expect(t.events.at(-1)).toMatchObject({ kind: 'call-ended', outcome: 'failed', status: 408 });
  });

  it('answers a 407 on a leg INVITE with credentials; ACK and BYE follow the retried CSeq', async () => {
    const t = setup();
    const callId = t.ua.call('sip:a@192.0.2.20', 'sip:b@192.0.2.21', { username: 'u', password: 'p' });
    await t.flush();
    t.answer(t.requests('INVITE')[0]!, 407, [['Proxy-Authenticate', 'Digest realm="r", nonce="n"']]);
    await t.flush();
    const retry = t.requests('INVITE')[1]!;
    expect(retry.headers.get('cseq')).toBe('2 INVITE');
    expect(retry.headers.get('proxy-authorization')).toMatch(/^Digest username="u"/);
    expect(t.requests('ACK')[0]!.headers.get('cseq')).toBe('1 ACK'); // the 407's, by the transaction
    t.answer(retry, 200, [['Contact', '<sip:a@192.0.2.20>']], 'v=0\r\n');
    await t.flush();
    const inviteB = t.requests('INVITE')[2]!;
    t.answer(inviteB, 200, [['Contact', '<sip:b@192.0.2.21>']], 'v=0\r\n');
    await t.flush();
    const acksA = t.requests('ACK').filter((a) => a.uri === 'sip:a@192.0.2.20');
    expect(acksA.map((a) => a.headers.get('cseq'))).toEqual(['1 ACK', '2 ACK']);
    t.ua.hangup(callId);
    await t.flush();
    expect(
      t
        .requests('BYE')
        .find((b) => b.uri === 'sip:a@192.0.2.20')!
        .headers.get('cseq'),
    ).toBe('3 BYE');
  });
});
