// Proxy-core timers and routing checks on virtual time (RFC 3261 §16).
// Checks: timer C (§16.6 step 11, §16.7 step 2, §16.8) restarted by each 101-199 and ending the
// branch with a CANCEL and 408; Timer B silence reported as timeout 'no-response'; the safety
// timeout when the runtime neither answers nor relays (and after a failed relay); loop
// detection 482 vs spiral (§16.3 step 4); double Record-Route on a transport change (RFC 5658);
// strict-router interop (§16.4, a Request-URI naming us); 6xx from one relay.

import { describe, expect, it } from 'vitest';
import { TIMER_B } from '../transaction/timers';
import type { RelayOutcome } from '../sip-stack-types';
import { DEFAULT_IDLE_TIMEOUT_MS } from './proxy-core';
import { PROXY_HOST, invite, makeHarness, sipRequest } from './proxy-harness';
import { TIMER_C } from './relay-attempt';

describe('timer C', () => {
  it('is restarted by every provisional and then CANCELs the branch with 408 upstream', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) =>
        void req.relay('sip:bob@192.0.2.30').then((o) => {
          outcome = o;
          req.sendBestResponse();
        }),
    );
    h.receive(invite());
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0]!;
    h.answer(sent, 180, 'Ringing');
    h.clock.advance(TIMER_C - 1000);
    h.answer(sent, 180, 'Ringing'); // restarts timer C
    h.clock.advance(TIMER_C - 1000);
    await h.flush();
    expect(outcome).toBeUndefined();
    expect(h.sentTo('192.0.2.30', 'CANCEL')).toHaveLength(0);
    h.clock.advance(1000);
    await h.flush();
    expect(outcome).toEqual({ kind: 'timeout', cause: 'ring' });
    expect(h.sentTo('192.0.2.30', 'CANCEL')).toHaveLength(1);
    expect(h.upstream().at(-1)?.status).toBe(408);
  });

  it('reports total silence (Timer B) as no-response', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30').then((o) => (outcome = o)));
    h.receive(invite());
    await h.flush();
    h.clock.advance(TIMER_B);
    await h.flush();
    expect(outcome).toEqual({ kind: 'timeout', cause: 'no-response' });
  });
});

describe('safety timeout', () => {
  it('answers 500 when the runtime does nothing', async () => {
    const h = makeHarness(() => undefined);
    h.receive(invite());
    await h.flush();
    h.clock.advance(DEFAULT_IDLE_TIMEOUT_MS - 1);
    expect(h.upstream().map((r) => r.status)).toEqual([100]);
    h.clock.advance(1);
    expect(h.upstream().map((r) => r.status)).toEqual([100, 500]);
  });

  it('sends the best response when the runtime forgets to after a failed relay', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30'));
    h.receive(invite());
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0]!;
    h.answer(sent, 180, 'Ringing');
    h.clock.advance(DEFAULT_IDLE_TIMEOUT_MS); // the relay is pending: nothing happens
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180]);
    h.answer(sent, 486, 'Busy Here');
    await h.flush();
    h.clock.advance(DEFAULT_IDLE_TIMEOUT_MS - 1);
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180]);
    h.clock.advance(1);
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 486]);
  });
});

describe('routing', () => {
  it('answers 482 to a request that loops back unchanged, but lets a spiral through', async () => {
    const h = makeHarness((req) => {
      // A spiral: the first pass rewrites the user, the second relays unchanged → loop.
      const target = req.request.uri.startsWith('sip:bob@') ? `sip:carol@${PROXY_HOST}` : req.request.uri;
      void req.relay(target).then(() => req.sendBestResponse());
    });
    h.receive(invite());
    await h.flush();
    // Loop the forwarded requests back into the proxy, as a misconfigured peer would.
    const first = h.sentTo(PROXY_HOST, 'INVITE')[0]!;
    h.receive(first, { transport: 'udp', address: PROXY_HOST, port: 5060 });
    await h.flush();
    expect(h.seen).toHaveLength(2); // the spiral reached the runtime again
    const second = h.sentTo(PROXY_HOST, 'INVITE')[1]!;
    h.receive(second, { transport: 'udp', address: PROXY_HOST, port: 5060 });
    await h.flush();
    expect(h.seen).toHaveLength(2);
    const loopAnswer = h.transport.sent.find((s) => s.msg.kind === 'response' && s.msg.status === 482);
    expect(loopAnswer).toBeDefined();
  });

  it('record-routes twice when the transport changes (RFC 5658)', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30;transport=tcp'), {
      transportOf: (host) => (host === '192.0.2.30' ? 'tcp' : 'udp'),
    });
    h.receive(invite());
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0];
    expect(sent?.headers.values('record-route')).toEqual([
      `<sip:${PROXY_HOST}:5060;transport=tcp;lr>`,
      `<sip:${PROXY_HOST}:5060;lr>`,
    ]);
    expect(sent?.headers.values('via')[0]).toMatch(/^SIP\/2.0\/TCP /);
  });

  it('pops both of its Route values and routes a mid-dialog request by the Request-URI', async () => {
    const h = makeHarness(() => undefined);
    h.receive(
      sipRequest(
        `BYE sip:bob@192.0.2.30:5070 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKrr2\n` +
          'Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.net>;tag=b1\n' +
          `Call-ID: rr-2\nCSeq: 2 BYE\nRoute: <sip:${PROXY_HOST}:5060;lr>, <sip:${PROXY_HOST}:5060;transport=tcp;lr>\n` +
          'Content-Length: 0\n\n',
      ),
    );
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'BYE')[0];
    expect(sent?.headers.get('route')).toBeUndefined();
    expect(h.seen).toHaveLength(0); // routed by its route set, without the runtime
  });

  it('hands an initial request with our Route preloaded (outbound proxy) to the runtime', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30'));
    h.receive(invite({ extra: `Route: <sip:${PROXY_HOST}:5060;lr>\n` }));
    await h.flush();
    expect(h.seen).toHaveLength(1);
    expect(h.seen[0]?.request.header('route')).toBeUndefined();
    expect(h.sentTo('192.0.2.30', 'INVITE')).toHaveLength(1);
  });

  it('works with a strict router upstream: Request-URI naming us, real target in Route', async () => {
    const h = makeHarness(() => undefined);
    h.receive(
      sipRequest(
        `BYE sip:${PROXY_HOST}:5060 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsr1\n` +
          'Max-Forwards: 70\nFrom: <sip:alice@example.org>;tag=a1\nTo: <sip:bob@example.net>;tag=b1\n' +
          'Call-ID: strict-1\nCSeq: 2 BYE\nRoute: <sip:edge.example;lr>, <sip:bob@192.0.2.30:5070>\n' +
          'Content-Length: 0\n\n',
      ),
    );
    await h.flush();
    // §16.4: "the proxy MUST replace the Request-URI in the request with the last value from the
    // Route header field, and remove that value from the Route header field".
    const sent = h.transport.sent.find((s) => s.msg.kind === 'request' && s.msg.method === 'BYE');
    expect(sent?.msg.kind === 'request' ? sent.msg.uri : '').toBe('sip:bob@192.0.2.30:5070');
    expect(sent?.msg.headers.values('route')).toEqual(['<sip:edge.example;lr>']);
    expect(sent?.target.address).toBe('edge.example');
  });

  it('sends a 6xx from a single relay upstream as the best response', async () => {
    const h = makeHarness((req) => void req.relay('sip:bob@192.0.2.30').then(() => req.sendBestResponse()));
    h.receive(invite());
    await h.flush();
    h.answer(h.sentTo('192.0.2.30', 'INVITE')[0]!, 600, 'Busy Everywhere');
    await h.flush();
    expect(h.upstream().map((r) => r.status)).toEqual([100, 600]);
  });
});
