// Transaction layer matching, RFC 3261 §17.1.3 and §17.2.3.
// Checks: retransmitted requests reach the existing server transaction; ACK for a failure
// matches the INVITE server transaction (same branch, method INVITE); ACK for 2xx (new branch)
// goes to the TU; CANCEL finds its INVITE; responses match client transactions by branch +
// CSeq method, others go to the TU as stray; RFC 2543 fallback without magic cookie; 400 for a
// request missing From/To/Call-ID (RFC 4475 insuf).

import { describe, it, expect, vi } from 'vitest';
import { ManualClock } from '../clock';
import type { SipRequest } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import { MemoryTransport } from './memory-transport';
import { TransactionLayer } from './transaction-layer';
import { UDP_PEER, request, response } from './test-messages';

function setup() {
  const clock = new ManualClock();
  const transport = Object.assign(new MemoryTransport(clock), {
    responseTarget: (_req: SipRequest, source: Peer) => source,
  });
  const layer = new TransactionLayer(transport, clock);
  const user = { onRequest: vi.fn(), onAck: vi.fn(), onStrayResponse: vi.fn() };
  layer.setUser(user);
  return { clock, transport, layer, user };
}

describe('TransactionLayer', () => {
  it('creates one server transaction and absorbs retransmissions', () => {
    const { layer, user } = setup();
    layer.onRequest(request('INVITE'), UDP_PEER);
    layer.onRequest(request('INVITE'), UDP_PEER);
    expect(user.onRequest).toHaveBeenCalledOnce();
    expect(layer.size.servers).toBe(1);
  });

  it('matches the ACK for a failure to the INVITE transaction, and passes a 2xx ACK up', () => {
    const { layer, user } = setup();
    layer.onRequest(request('INVITE'), UDP_PEER);
    const tx = user.onRequest.mock.calls[0]?.[0];
    tx.respond(response(486, 'Busy Here'));
    layer.onRequest(request('ACK', 'z9hG4bKtest1', ';tag=b1'), UDP_PEER);
    expect(tx.state).toBe('confirmed');
    expect(user.onAck).not.toHaveBeenCalled();
    layer.onRequest(request('ACK', 'z9hG4bKother', ';tag=b1'), UDP_PEER);
    expect(user.onAck).toHaveBeenCalledOnce();
  });

  it('finds the INVITE a CANCEL refers to', () => {
    const { layer, user } = setup();
    layer.onRequest(request('INVITE'), UDP_PEER);
    const cancel = request('CANCEL');
    layer.onRequest(cancel, UDP_PEER);
    expect(user.onRequest).toHaveBeenCalledTimes(2);
    expect(layer.findInviteFor(cancel)).toBe(user.onRequest.mock.calls[0]?.[0]);
    expect(layer.findInviteFor(request('CANCEL', 'z9hG4bKnone'))).toBeUndefined();
  });

  it('matches requests without the magic cookie by the RFC 2543 rules', () => {
    const { layer, user } = setup();
    layer.onRequest(request('INVITE', 'old-style-branch'), UDP_PEER);
    layer.onRequest(request('INVITE', 'old-style-branch'), UDP_PEER);
    expect(user.onRequest).toHaveBeenCalledOnce();
  });

  it('routes responses to client transactions by branch and CSeq method', () => {
    const { layer, user } = setup();
    const tu = { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError: vi.fn() };
    layer.sendRequest(request('OPTIONS', 'z9hG4bKc1'), UDP_PEER, tu);
    layer.onResponse(response(200, 'OK', 'OPTIONS', 'z9hG4bKc1'), UDP_PEER);
    expect(tu.onResponse).toHaveBeenCalledOnce();
    layer.onResponse(response(200, 'OK', 'INVITE', 'z9hG4bKc1'), UDP_PEER);
    expect(user.onStrayResponse).toHaveBeenCalledOnce();
  });

  it('answers 400 to a request without From/To/Call-ID', () => {
    const { layer, transport, user } = setup();
    const req = request('OPTIONS');
    req.headers.remove('From');
    req.headers.remove('Call-ID');
    layer.onRequest(req, UDP_PEER);
    expect(user.onRequest).not.toHaveBeenCalled();
    expect(transport.sent[0]?.msg).toMatchObject({ kind: 'response', status: 400 });
  });

  it('close() stops every timer', () => {
    const { layer, clock } = setup();
    layer.sendRequest(request('INVITE', 'z9hG4bKc2'), UDP_PEER, {
      onResponse: vi.fn(),
      onTimeout: vi.fn(),
      onTransportError: vi.fn(),
    });
    expect(clock.pending).toBeGreaterThan(0);
    layer.close();
    expect(clock.pending).toBe(0);
  });
});
