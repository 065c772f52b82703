// INVITE server transaction, RFC 3261 §17.2.1 + RFC 6026, on virtual time.
// Checks: retransmitted INVITE → last provisional resent; 300-699 → Completed with Timer G
// (T1 doubling capped at T2) and Timer H (64*T1); ACK → Confirmed, retransmission stops, Timer I
// (T4 UDP / 0 TCP); 2xx → Accepted, INVITE retransmissions absorbed, 2xx passed through, Timer L.
// Not checked: the 200 ms automatic 100 Trying (the proxy core sends 100 at once).

import { describe, it, expect, vi } from 'vitest';
import { ManualClock } from '../clock';
import { getToTag } from '../message/accessors';
import { MemoryTransport } from './memory-transport';
import { ServerInviteTransaction } from './server-invite';
import { TCP_PEER, UDP_PEER, request, response } from './test-messages';
import type { Peer } from '../sip-stack-types';

function setup(peer: Peer = UDP_PEER) {
  const clock = new ManualClock();
  const transport = new MemoryTransport(clock);
  const onTerminated = vi.fn();
  const tx = new ServerInviteTransaction('k', request('INVITE'), peer, { clock, transport, onTerminated });
  return { clock, transport, onTerminated, tx };
}

describe('ServerInviteTransaction', () => {
  it('answers a retransmitted INVITE with the last provisional response', () => {
    const { clock, transport, tx } = setup();
    tx.handle({ kind: 'request', req: request('INVITE') }); // nothing to resend yet
    tx.respond(response(180, 'Ringing'));
    clock.advance(500);
    tx.handle({ kind: 'request', req: request('INVITE') });
    expect(transport.times('SIP/2.0 180')).toEqual([0, 500]);
    expect(tx.finished).toBe(false);
  });

  it('retransmits a failure at 500, 1500, 3500, 7500, 11500 … until Timer H at 32000', () => {
    const { clock, transport, tx, onTerminated } = setup();
    tx.respond(response(486, 'Busy Here'));
    expect(tx.state).toBe('completed');
    clock.advance(31_999);
    expect(transport.times('SIP/2.0 486')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(onTerminated).toHaveBeenCalledWith('k');
  });

  it('resends the failure for a retransmitted INVITE, stops on ACK and ends after Timer I', () => {
    const { clock, transport, tx } = setup();
    tx.respond(response(486, 'Busy Here'));
    clock.advance(200);
    tx.handle({ kind: 'request', req: request('INVITE') });
    expect(transport.times('SIP/2.0 486')).toEqual([0, 200]);
    tx.handle({ kind: 'request', req: request('ACK', 'z9hG4bKtest1', ';tag=b1') });
    expect(tx.state).toBe('confirmed');
    clock.advance(4_999);
    expect(transport.times('SIP/2.0 486')).toEqual([0, 200]);
    expect(tx.state).toBe('confirmed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('does not retransmit over TCP and ends at once on ACK (Timer I = 0)', () => {
    const { clock, transport, tx } = setup(TCP_PEER);
    tx.respond(response(603, 'Decline'));
    clock.advance(10_000);
    expect(transport.times('SIP/2.0 603')).toEqual([0]);
    tx.handle({ kind: 'request', req: request('ACK') });
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('absorbs INVITE retransmissions once Accepted and passes 2xx retransmissions through', () => {
    const { clock, transport, tx } = setup();
    tx.respond(response(200, 'OK'));
    expect(tx.state).toBe('accepted');
    // For its 32 s it keeps the key and the 2xx's identity (a late CANCEL's 200 takes its To
    // tag), not the request.
    expect(tx.request).toBeUndefined();
    expect(tx.toTag).toBe(getToTag(response(200, 'OK')));
    expect(tx.toTag).not.toBeUndefined();
    tx.handle({ kind: 'request', req: request('INVITE') });
    expect(transport.times('SIP/2.0 200')).toEqual([0]);
    clock.advance(500);
    tx.respond(response(200, 'OK'));
    expect(transport.times('SIP/2.0 200')).toEqual([0, 500]);
    clock.advance(31_500);
    expect(tx.state).toBe('terminated');
  });
});
