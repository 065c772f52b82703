// Non-INVITE client transaction, RFC 3261 §17.1.2, on virtual time.
// Checks: Timer E schedule in Trying (T1 doubling, capped at T2) and in Proceeding (T2);
// Timer F timeout reported to the TU; final response → Completed → Timer K (T4 over UDP, 0 over
// TCP); no retransmission over TCP; transport error reported.
// Not checked: responses matched by the layer (transaction-layer.test.ts).

import { describe, it, expect, vi } from 'vitest';
import { ManualClock } from '../clock';
import { ClientNonInviteTransaction } from './client-non-invite';
import { MemoryTransport } from './memory-transport';
import { TCP_PEER, UDP_PEER, request, response } from './test-messages';
import type { Peer } from '../sip-stack-types';

function setup(peer: Peer = UDP_PEER) {
  const clock = new ManualClock();
  const transport = new MemoryTransport(clock);
  const user = { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError: vi.fn() };
  const onTerminated = vi.fn();
  const tx = new ClientNonInviteTransaction('k', request('OPTIONS'), peer, user, {
    clock,
    transport,
    onTerminated,
  });
  tx.start();
  return { clock, transport, user, onTerminated, tx };
}

describe('ClientNonInviteTransaction', () => {
  it('retransmits at 0, 500, 1500, 3500, 7500 then every 4000 ms, and times out at 64*T1', () => {
    const { clock, transport, user, tx } = setup();
    clock.advance(31_999);
    expect(transport.times('OPTIONS')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(user.onTimeout).not.toHaveBeenCalled();
    clock.advance(1);
    expect(user.onTimeout).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('retransmits every T2 once in Proceeding', () => {
    const { clock, transport, user, tx } = setup();
    clock.advance(600);
    tx.handle({ kind: 'response', res: response(100, 'Trying', 'OPTIONS') });
    expect(tx.state).toBe('proceeding');
    expect(user.onResponse).toHaveBeenCalledOnce();
    clock.advance(10_000 - 600);
    expect(transport.times('OPTIONS')).toEqual([0, 500, 1500, 5500, 9500]);
  });

  it('enters Completed on a final response and ends after Timer K (T4)', () => {
    const { clock, transport, user, tx, onTerminated } = setup();
    clock.advance(700);
    tx.handle({ kind: 'response', res: response(200, 'OK', 'OPTIONS') });
    expect(tx.state).toBe('completed');
    tx.handle({ kind: 'response', res: response(200, 'OK', 'OPTIONS') });
    expect(user.onResponse).toHaveBeenCalledOnce(); // retransmission absorbed
    clock.advance(4_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(onTerminated).toHaveBeenCalledWith('k');
    expect(transport.times('OPTIONS')).toEqual([0, 500]);
  });

  it('never retransmits over TCP and ends at once after the final response (Timer K = 0)', () => {
    const { clock, transport, tx } = setup(TCP_PEER);
    clock.advance(20_000);
    expect(transport.times('OPTIONS')).toEqual([0]);
    tx.handle({ kind: 'response', res: response(200, 'OK', 'OPTIONS') });
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('reports a transport error', async () => {
    const clock = new ManualClock();
    const transport = new MemoryTransport(clock);
    transport.failNext = new Error('ECONNREFUSED');
    const user = { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError: vi.fn() };
    const tx = new ClientNonInviteTransaction('k', request('OPTIONS'), TCP_PEER, user, {
      clock,
      transport,
      onTerminated: vi.fn(),
    });
    tx.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(user.onTransportError).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
  });
});
