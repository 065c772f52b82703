// The proxy core's unsettled response contexts (proxy-core.ts; kept on their server transactions).
// Checks: a context is counted while its request is pending and forgotten once it settles; a
// CANCEL finds a ringing INVITE's context through its server transaction and CANCELs the branch
// (§16.10); after the answer the CANCEL gets its 200 and goes no further (§9.2); the safety
// timeout's 500 settles a context the runtime never answered.

import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_TIMEOUT_MS } from './proxy-core';
import { invite, makeHarness, sipRequest } from './proxy-harness';

const CANCEL =
  'CANCEL sip:bob@example.net SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1\nMax-Forwards: 70\nFrom: "Alice" <sip:alice@example.org;user=phone>;tag=a1\nTo: <sip:bob@example.net>\nCall-ID: fork-1\nCSeq: 1 CANCEL\nContent-Length: 0\n\n';

describe('unsettled contexts', () => {
  it('counts a pending request and forgets it once the answer went upstream', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30'));
    expect(h.proxy.activeContexts).toBe(0);
    h.receive(invite());
    await h.flush();
    expect(h.proxy.activeContexts).toBe(1);
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0]!;
    h.answer(sent, 180, 'Ringing');
    await h.flush();
    expect(h.proxy.activeContexts).toBe(1);
    h.answer(sent, 200, 'OK');
    await h.flush();
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 200]);
    expect(h.proxy.activeContexts).toBe(0);

    // §9.2: too late to cancel; the CANCEL is answered and not forwarded.
    h.receive(sipRequest(CANCEL));
    await h.flush();
    expect(h.sentTo('192.0.2.30', 'CANCEL')).toHaveLength(0);
    const cancel200 = h.upstream().filter((r) => r.headers.get('cseq') === '1 CANCEL');
    expect(cancel200.map((r) => r.status)).toEqual([200]);
  });

  it('lets a CANCEL find a ringing INVITE and forgets the context after its 487', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30').then(() => req.sendBestResponse()));
    h.receive(invite());
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0]!;
    h.answer(sent, 180, 'Ringing');
    h.receive(sipRequest(CANCEL));
    await h.flush();
    expect(h.sentTo('192.0.2.30', 'CANCEL')).toHaveLength(1);
    expect(h.proxy.activeContexts).toBe(1);
    h.answer(sent, 487, 'Request Terminated');
    await h.flush();
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 200, 487]);
    expect(h.proxy.activeContexts).toBe(0);
  });

  it('forgets a context that the safety timeout answered', async () => {
    const h = makeHarness(() => undefined);
    h.receive(invite());
    await h.flush();
    expect(h.proxy.activeContexts).toBe(1);
    h.clock.advance(DEFAULT_IDLE_TIMEOUT_MS);
    await h.flush();
    expect(h.upstream().map((r) => r.status)).toEqual([100, 500]);
    expect(h.proxy.activeContexts).toBe(0);
  });
});
