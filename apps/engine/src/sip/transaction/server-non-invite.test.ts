// Non-INVITE server transaction, RFC 3261 §17.2.2, on virtual time.
// Checks: retransmissions discarded in Trying, last provisional resent in Proceeding, final
// resent in Completed, later finals from the TU discarded, Timer J (64*T1 UDP / 0 TCP).

import { describe, it, expect, vi } from 'vitest';
import { ManualClock } from '../clock';
import { MemoryTransport } from './memory-transport';
import { ServerNonInviteTransaction } from './server-non-invite';
import { TCP_PEER, UDP_PEER, request, response } from './test-messages';
import type { Peer } from '../sip-stack-types';
import { serializeMessage } from '../message/serialize';
import { setBody } from '../message/sip-message';

function setup(peer: Peer = UDP_PEER) {
  const clock = new ManualClock();
  const transport = new MemoryTransport(clock);
  const tx = new ServerNonInviteTransaction('k', request('OPTIONS'), peer, {
    clock,
    transport,
    onTerminated: vi.fn(),
  });
  return { clock, transport, tx };
}

describe('ServerNonInviteTransaction', () => {
  it('discards retransmissions in Trying and resends the provisional in Proceeding', () => {
    const { clock, transport, tx } = setup();
    tx.handle({ kind: 'request', req: request('OPTIONS') });
    expect(transport.sent).toHaveLength(0);
    tx.respond(response(183, 'Progress', 'OPTIONS'));
    expect(tx.state).toBe('proceeding');
    clock.advance(100);
    tx.handle({ kind: 'request', req: request('OPTIONS') });
    expect(transport.times('SIP/2.0 183')).toEqual([0, 100]);
  });

  it('resends the final for retransmissions, ignores later finals, ends after Timer J', () => {
    const { clock, transport, tx } = setup();
    tx.respond(response(200, 'OK', 'OPTIONS'));
    expect(tx.state).toBe('completed');
    tx.respond(response(500, 'Oops', 'OPTIONS'));
    clock.advance(1000);
    tx.handle({ kind: 'request', req: request('OPTIONS') });
    expect(transport.times('SIP/2.0')).toEqual([0, 1000]);
    expect(transport.times('SIP/2.0 500')).toEqual([]);
    clock.advance(30_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('resends the final byte for byte, every header and the body, though it keeps only its bytes', () => {
    const { transport, tx } = setup();
    const final = response(200, 'OK', 'OPTIONS');
    final.headers.append('Allow', 'INVITE, ACK, BYE');
    // Text beyond ASCII, and a body with every byte value: kept and resent byte for byte.
    final.headers.append('Subject', 'Grüße, 東京');
    setBody(final, Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    tx.respond(final);
    const first = serializeMessage(final);
    tx.handle({ kind: 'request', req: request('OPTIONS') });
    tx.handle({ kind: 'request', req: request('OPTIONS') });
    const sent = transport.sent.map((s) => serializeMessage(s.msg));
    expect(sent).toHaveLength(3);
    for (const bytes of sent) expect(bytes.equals(first)).toBe(true);
    // It holds neither the request nor the response as messages any more, only the bytes.
    expect(tx.lastResponse).toBeUndefined();
    expect(tx.request).toBeUndefined();
  });

  it('ends at once over TCP (Timer J = 0)', () => {
    const { clock, tx } = setup(TCP_PEER);
    tx.respond(response(200, 'OK', 'OPTIONS'));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });
});
