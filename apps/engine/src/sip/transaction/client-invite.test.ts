// INVITE client transaction, RFC 3261 §17.1.1 + RFC 6026, on virtual time.
// Checks: Timer A doubling without cap until Timer B (64*T1); provisional stops retransmission;
// 300-699 → ACK (same branch, To from the response) + Completed, retransmitted finals re-ACKed
// and not passed up, Timer D (32 s UDP / 0 TCP); 2xx → Accepted, 2xx retransmissions passed up,
// Timer M.
// Not checked: CANCEL (a TU concern, see proxy tests).

import { describe, it, expect, vi } from 'vitest';
import { ManualClock } from '../clock';
import { getTopVia } from '../message/accessors';
import { serializeMessage } from '../message/serialize';
import { ClientInviteTransaction } from './client-invite';
import { MemoryTransport } from './memory-transport';
import { TCP_PEER, UDP_PEER, request, response } from './test-messages';
import type { Peer } from '../sip-stack-types';

function setup(peer: Peer = UDP_PEER) {
  const clock = new ManualClock();
  const transport = new MemoryTransport(clock);
  const user = { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError: vi.fn() };
  const tx = new ClientInviteTransaction('k', request('INVITE'), peer, user, {
    clock,
    transport,
    onTerminated: vi.fn(),
  });
  tx.start();
  return { clock, transport, user, tx };
}

describe('ClientInviteTransaction', () => {
  it('retransmits at 0, 500, 1500, 3500, 7500, 15500, 31500 and times out at 32000 (Timer B)', () => {
    const { clock, transport, user, tx } = setup();
    clock.advance(31_999);
    expect(transport.times('INVITE')).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    clock.advance(1);
    expect(user.onTimeout).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('stops retransmitting on a provisional response', () => {
    const { clock, transport, user, tx } = setup();
    clock.advance(600);
    tx.handle({ kind: 'response', res: response(180, 'Ringing') });
    clock.advance(60_000);
    expect(transport.times('INVITE')).toEqual([0, 500]);
    expect(tx.state).toBe('proceeding');
    expect(user.onTimeout).not.toHaveBeenCalled();
  });

  it('ACKs a failure, re-ACKs its retransmissions without passing them up, ends after Timer D', () => {
    const { clock, transport, user, tx } = setup();
    tx.handle({ kind: 'response', res: response(486, 'Busy Here') });
    clock.advance(1000);
    tx.handle({ kind: 'response', res: response(486, 'Busy Here') });
    expect(user.onResponse).toHaveBeenCalledOnce();
    expect(transport.times('ACK')).toEqual([0, 1000]);
    const ack = transport.sent.find((s) => s.msg.kind === 'request' && s.msg.method === 'ACK')?.msg;
    expect(ack && getTopVia(ack)?.branch).toBe('z9hG4bKtest1');
    expect(ack?.headers.get('to')).toBe('<sip:bob@192.0.2.2>;tag=b1');
    expect(ack?.headers.get('cseq')).toBe('1 ACK');
    // The re-ACK is the same message, sent again from the bytes the transaction kept.
    const acks = transport.sent.filter((s) => s.msg.kind === 'request' && s.msg.method === 'ACK');
    expect(serializeMessage(acks[1]!.msg).toString('latin1')).toBe(
      serializeMessage(acks[0]!.msg).toString('latin1'),
    );
    expect(transport.times('INVITE')).toEqual([0]);
    clock.advance(30_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('uses Timer D = 0 over TCP', () => {
    const { clock, tx, transport } = setup(TCP_PEER);
    clock.advance(10_000);
    expect(transport.times('INVITE')).toEqual([0]);
    tx.handle({ kind: 'response', res: response(404, 'Not Found') });
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('passes 2xx and its retransmissions up while Accepted, then ends after Timer M', () => {
    const { clock, user, tx } = setup();
    tx.handle({ kind: 'response', res: response(200, 'OK') });
    expect(tx.state).toBe('accepted');
    expect(tx.request).toBeUndefined(); // nothing is sent from it again
    clock.advance(500);
    tx.handle({ kind: 'response', res: response(200, 'OK') });
    expect(user.onResponse).toHaveBeenCalledTimes(2);
    clock.advance(31_500);
    expect(tx.state).toBe('terminated');
  });
});
