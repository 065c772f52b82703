// Transport choice for a forwarded request (RFC 3261 §18.1.1).
// Checks: a request over 1300 bytes for a UDP next hop goes over TCP (Via and Record-Route say
// TCP); a URI with transport=udp pins UDP; when TCP fails, the request is retried over UDP;
// small requests stay on UDP.

import { describe, expect, it } from 'vitest';
import { invite, makeHarness } from './proxy-harness';
import { UDP_SIZE_LIMIT } from './branch';

const BIG_SDP = `v=0\r\n${'a=x-filler:0123456789abcdef0123456789abcdef\r\n'.repeat(40)}`;

describe('§18.1.1 large requests', () => {
  it('switches a request larger than 1300 bytes to TCP', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30'));
    h.receive(invite({ body: BIG_SDP }));
    await h.flush();
    const sent = h.transport.sent.find((s) => s.msg.kind === 'request' && s.msg.method === 'INVITE');
    expect(BIG_SDP.length).toBeGreaterThan(UDP_SIZE_LIMIT);
    expect(sent?.target.transport).toBe('tcp');
    expect(sent?.msg.headers.values('via')[0]).toMatch(/^SIP\/2.0\/TCP /);
    // Received over UDP, sent over TCP: two Record-Route values (RFC 5658).
    expect(sent?.msg.headers.values('record-route')).toHaveLength(2);
  });

  it('keeps small requests, and requests whose URI says transport=udp, on UDP', async () => {
    const h = makeHarness(
      (req) =>
        void req.relay(
          req.request.callId === 'small' ? 'sip:bob@192.0.2.30' : 'sip:bob@192.0.2.31;transport=udp',
        ),
    );
    h.receive(invite({ callId: 'small' }));
    h.receive(invite({ callId: 'pinned', branch: 'z9hG4bKpinned', body: BIG_SDP }));
    await h.flush();
    expect(h.transport.sent.filter((s) => s.msg.kind === 'request').map((s) => s.target.transport)).toEqual([
      'udp',
      'udp',
    ]);
  });

  it('retries over UDP when the TCP connection cannot be made', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30'));
    h.receive(invite({ body: BIG_SDP })); // (its 100 Trying is sent synchronously)
    h.transport.failNext = new Error('ECONNREFUSED'); // the TCP send of the forwarded INVITE
    await h.flush();
    const invites = h.transport.sent.filter((s) => s.msg.kind === 'request' && s.msg.method === 'INVITE');
    expect(invites.map((s) => s.target.transport)).toEqual(['udp']); // the failed TCP send is not recorded
    expect(invites[0]?.msg.headers.values('via')[0]).toMatch(/^SIP\/2.0\/UDP /);
  });
});
