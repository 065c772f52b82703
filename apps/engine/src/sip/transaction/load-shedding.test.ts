// Load shedding in the transaction layer, with the guard's choice set by hand
// (overload-guard.test.ts covers how much it sheds and when; proxy-overload.sipp.test.ts, SIPp).
// Checks: a new request the guard picks gets a stateless 503 with Retry-After (RFC 3261 §21.5.4)
// and the guard's tag, and makes no transaction and reaches no TU; requests of what is already
// here (To tag, CANCEL, a retransmitted INVITE of an admitted call) are never shed; the ACK for
// our 503 is absorbed (§8.2.7), an ACK with another tag goes up.

import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { MemoryTransport } from './memory-transport';
import { TransactionLayer } from './transaction-layer';
import { UDP_PEER, request } from './test-messages';

const TAG = 'pbotest1';

function setup() {
  const clock = new ManualClock();
  const transport = Object.assign(new MemoryTransport(clock), {
    responseTarget: (_req: SipRequest, source: Peer) => source,
  });
  // Sheds every new request it is asked about while `shedding`.
  const guard = { shedding: true, tag: TAG, asked: 0, shouldShed: () => (guard.asked++, guard.shedding) };
  const layer = new TransactionLayer(transport, clock, guard);
  const user = { onRequest: vi.fn(), onAck: vi.fn(), onStrayResponse: vi.fn() };
  layer.setUser(user);
  const responses = (): SipResponse[] =>
    transport.sent.map((s) => s.msg).filter((m): m is SipResponse => m.kind === 'response');
  return { layer, user, guard, responses };
}

describe('load shedding', () => {
  it('answers a new INVITE 503 with Retry-After and its tag, with no transaction, and absorbs its ACK', () => {
    const { layer, user, guard, responses } = setup();
    layer.onRequest(request('INVITE'), UDP_PEER);
    const [res] = responses();
    expect(res?.status).toBe(503);
    expect(res?.reason).toBe('Service Unavailable');
    expect(Number(res?.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(res?.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(res?.headers.get('to')).toBe(`<sip:bob@192.0.2.2>;tag=${TAG}`);
    expect(user.onRequest).not.toHaveBeenCalled();
    expect(layer.size).toEqual({ servers: 0, clients: 0 });
    // Its ACK (same branch, our tag) is absorbed, and still is once shedding has stopped.
    guard.shedding = false;
    layer.onRequest(request('ACK', 'z9hG4bKtest1', `;tag=${TAG}`), UDP_PEER);
    expect(user.onAck).not.toHaveBeenCalled();
    layer.onRequest(request('ACK', 'z9hG4bKack2', ';tag=b1'), UDP_PEER);
    expect(user.onAck).toHaveBeenCalledOnce();
  });

  it('sheds new requests of any method, never what belongs to a call or transaction already here', () => {
    const { layer, user, guard, responses } = setup();
    layer.onRequest(request('OPTIONS', 'z9hG4bKo1'), UDP_PEER);
    layer.onRequest(request('BYE', 'z9hG4bKb1', ';tag=b1'), UDP_PEER);
    layer.onRequest(request('CANCEL', 'z9hG4bKc1'), UDP_PEER);
    expect(responses().map((r) => r.status)).toEqual([503]);
    expect(user.onRequest.mock.calls.map((c) => (c[1] as SipRequest).method)).toEqual(['BYE', 'CANCEL']);

    // An INVITE admitted while calm: its retransmission goes to its transaction, not to the guard.
    guard.shedding = false;
    layer.onRequest(request('INVITE', 'z9hG4bKi2'), UDP_PEER);
    expect(user.onRequest).toHaveBeenCalledTimes(3);
    guard.shedding = true;
    const asked = guard.asked;
    layer.onRequest(request('INVITE', 'z9hG4bKi2'), UDP_PEER);
    expect(guard.asked).toBe(asked);
    expect(responses().map((r) => r.status)).toEqual([503]);
  });

  it('asks first whether the request is whole: a request without From still gets its 400', () => {
    const { layer, responses } = setup();
    const req = request('INVITE');
    req.headers.remove('from');
    layer.onRequest(req, UDP_PEER);
    expect(responses().map((r) => r.status)).toEqual([400]);
  });
});
