// ProxiedRequest.fork() on virtual time (RFC 3261 §16.7).
// Checks: parallel — first 2xx wins, is forwarded at once and the other branches are CANCELled
// (step 10), CANCEL waits for a provisional (§9.1); a later 2xx is still forwarded (step 5);
// 6xx ends the fork and is the best response (step 6); with only failures the best one is sent;
// serial — next target after a failure or per-target timeout; the overall timeout; an upstream
// CANCEL reaches every branch (§16.10); relay outcomes distinguish ring timeout from silence;
// after the call settled, a 2xx of a second dialog still goes upstream and that dialog can be ended.
// Not checked here: 3xx recursion (not done: 3xx is a plain failure response).

import { describe, expect, it } from 'vitest';
import type { RelayOutcome } from '../sip-stack-types';
import { getFromTag, getToTag } from '../message/accessors';
import { invite, makeHarness, sipRequest } from './proxy-harness';

const T = ['sip:b1@192.0.2.21', 'sip:b2@192.0.2.22', 'sip:b3@192.0.2.23'];

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0] as T;
}

describe('fork, parallel', () => {
  it('forwards the first 2xx and CANCELs the other branches', async () => {
    const outcomes: RelayOutcome[] = [];
    const h = makeHarness((req) => void req.fork(T, { mode: 'parallel' }).then((o) => outcomes.push(o)));
    h.receive(invite());
    await h.flush();
    const [b1, b2, b3] = ['192.0.2.21', '192.0.2.22', '192.0.2.23'].map((a) => only(h.sentTo(a, 'INVITE')));
    h.answer(b1!, 180, 'Ringing');
    h.answer(b2!, 180, 'Ringing');
    h.answer(
      b3!,
      200,
      'OK',
      'v=0\r\no=- 1 1 IN IP4 192.0.2.23\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n',
    );
    await h.flush();
    expect(outcomes).toEqual([{ kind: 'response', status: 200, reason: 'OK' }]);
    const o = outcomes[0];
    expect(o?.kind === 'response' ? o.sdp?.media[0]?.port : undefined).toBe(5000);
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 180, 200]);
    expect(h.sentTo('192.0.2.21', 'CANCEL')).toHaveLength(1);
    expect(h.sentTo('192.0.2.22', 'CANCEL')).toHaveLength(1);
    expect(h.sentTo('192.0.2.23', 'CANCEL')).toHaveLength(0);
    // Branch 2 answered before its CANCEL arrived: that 2xx goes upstream too (step 5).
    h.answer(b2!, 200, 'OK');
    await h.flush();
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 180, 200, 200]);
  });

  it('sends the CANCEL for a silent branch only once it has sent a provisional (§9.1)', async () => {
    const h = makeHarness((req) => void req.fork(T.slice(0, 2), { mode: 'parallel' }));
    h.receive(invite());
    await h.flush();
    const b1 = only(h.sentTo('192.0.2.21', 'INVITE'));
    const b2 = only(h.sentTo('192.0.2.22', 'INVITE'));
    h.answer(b1, 200, 'OK');
    await h.flush();
    expect(h.sentTo('192.0.2.22', 'CANCEL')).toHaveLength(0);
    h.answer(b2, 100, 'Trying');
    expect(h.sentTo('192.0.2.22', 'CANCEL')).toHaveLength(1);
  });

  it('ends on a 6xx, CANCELs the rest and sends the 6xx as the best response', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) =>
        void req.fork(T, { mode: 'parallel' }).then((o) => {
          outcome = o;
          req.sendBestResponse();
        }),
    );
    h.receive(invite());
    await h.flush();
    const b = ['192.0.2.21', '192.0.2.22', '192.0.2.23'].map((a) => only(h.sentTo(a, 'INVITE')));
    h.answer(b[0]!, 486, 'Busy Here');
    h.answer(b[1]!, 180, 'Ringing');
    h.answer(b[2]!, 603, 'Decline');
    await h.flush();
    expect(outcome).toEqual({ kind: 'response', status: 603, reason: 'Decline' });
    expect(h.sentTo('192.0.2.22', 'CANCEL')).toHaveLength(1);
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 603]);
  });

  it('reports the best failure when every branch fails', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) =>
        void req.fork(T, { mode: 'parallel' }).then((o) => {
          outcome = o;
          req.sendBestResponse();
        }),
    );
    h.receive(invite());
    await h.flush();
    const b = ['192.0.2.21', '192.0.2.22', '192.0.2.23'].map((a) => only(h.sentTo(a, 'INVITE')));
    h.answer(b[0]!, 503, 'Service Unavailable');
    h.answer(b[1]!, 404, 'Not Found');
    h.answer(b[2]!, 486, 'Busy Here');
    await h.flush();
    expect(outcome).toEqual({ kind: 'response', status: 404, reason: 'Not Found' });
    expect(h.upstream().at(-1)?.status).toBe(404);
  });

  it('passes an upstream CANCEL to every branch (§16.10)', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) => void req.fork(T.slice(0, 2), { mode: 'parallel' }).then((o) => (outcome = o)),
    );
    const inv = invite();
    h.receive(inv);
    await h.flush();
    const b1 = only(h.sentTo('192.0.2.21', 'INVITE'));
    const b2 = only(h.sentTo('192.0.2.22', 'INVITE'));
    h.answer(b1, 180, 'Ringing');
    h.answer(b2, 183, 'Session Progress');
    h.receive(
      sipRequest(
        'CANCEL sip:bob@example.net SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1\nMax-Forwards: 70\nFrom: "Alice" <sip:alice@example.org;user=phone>;tag=a1\nTo: <sip:bob@example.net>\nCall-ID: fork-1\nCSeq: 1 CANCEL\nContent-Length: 0\n\n',
      ),
    );
    await h.flush();
    const c1 = only(h.sentTo('192.0.2.21', 'CANCEL'));
    const c2 = only(h.sentTo('192.0.2.22', 'CANCEL'));
    expect(c1.headers.get('via')).toBe(b1.headers.values('via')[0]);
    expect(c2.headers.get('via')).toBe(b2.headers.values('via')[0]);
    h.answer(b1, 487, 'Request Terminated');
    h.answer(b2, 487, 'Request Terminated');
    await h.flush();
    expect(outcome).toEqual({ kind: 'response', status: 487, reason: 'Request Terminated' });
    expect(h.upstream().map((r) => r.status)).toEqual([100, 180, 183, 200, 487]);
  });

  it('gives up on the whole fork after timeoutMs', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) =>
        void req.fork(T.slice(0, 2), { mode: 'parallel', timeoutMs: 20_000 }).then((o) => (outcome = o)),
    );
    h.receive(invite());
    await h.flush();
    h.answer(only(h.sentTo('192.0.2.21', 'INVITE')), 180, 'Ringing');
    h.clock.advance(20_000);
    await h.flush();
    expect(outcome).toEqual({ kind: 'timeout', cause: 'ring' });
    expect(h.sentTo('192.0.2.21', 'CANCEL')).toHaveLength(1);
  });
});

describe('fork, serial', () => {
  it('tries the next target after a failure and after a per-target timeout', async () => {
    let outcome: RelayOutcome | undefined;
    const h = makeHarness(
      (req) => void req.fork(T, { mode: 'serial', perTargetTimeoutMs: 10_000 }).then((o) => (outcome = o)),
    );
    h.receive(invite());
    await h.flush();
    h.answer(only(h.sentTo('192.0.2.21', 'INVITE')), 486, 'Busy Here');
    await h.flush();
    const b2 = only(h.sentTo('192.0.2.22', 'INVITE'));
    expect(h.sentTo('192.0.2.23')).toHaveLength(0);
    h.answer(b2, 180, 'Ringing');
    h.clock.advance(10_000);
    await h.flush();
    expect(h.sentTo('192.0.2.22', 'CANCEL')).toHaveLength(1);
    h.answer(only(h.sentTo('192.0.2.23', 'INVITE')), 200, 'OK');
    await h.flush();
    expect(outcome).toEqual({ kind: 'response', status: 200, reason: 'OK' });
  });

  it('reports the best outcome when every target fails, and refuses empty lists', async () => {
    const outcomes: RelayOutcome[] = [];
    const h = makeHarness((req) => {
      void req.fork([], { mode: 'serial' }).then((o) => outcomes.push(o));
      void req.fork(['sip:b1@192.0.2.21', 'tel:+1555'], { mode: 'serial' }).then((o) => outcomes.push(o));
    });
    h.receive(invite());
    await h.flush();
    h.answer(only(h.sentTo('192.0.2.21', 'INVITE')), 480, 'Temporarily Unavailable');
    await h.flush();
    expect(outcomes[0]).toEqual({ kind: 'transport-error', reason: 'fork: no targets' });
    expect(outcomes[1]).toEqual({ kind: 'response', status: 480, reason: 'Temporarily Unavailable' });
  });
});

describe('a late 2xx', () => {
  it('of a second dialog after the call settled goes upstream and can be ended like the first', async () => {
    const h = makeHarness((req) => void req.fork([T[0] as string], { mode: 'parallel' }));
    h.receive(invite({ callId: 'late-1' }));
    await h.flush();
    const b1 = only(h.sentTo('192.0.2.21', 'INVITE'));
    h.answer(b1, 200, 'OK');
    await h.flush();
    // The callee forks on its side: a second 2xx, another To tag, after our final went upstream.
    h.answer(b1, 200, 'OK', undefined, 'second');
    await h.flush();
    expect(h.upstream().map((r) => [r.status, getToTag(r)])).toEqual([
      [100, undefined],
      [200, 't200'],
      [200, 'second'],
    ]);
    // Our own Via is gone from the late one too: the caller's alone, as on the first answer.
    const [, first, late] = h.upstream();
    expect(late?.headers.values('via')).toEqual(first?.headers.values('via'));
    expect(first?.headers.values('via')).toHaveLength(1);
    expect(h.proxy.endCall('late-1')).toBe(true);
    await h.flush();
    // BYEs to the caller for both dialogs, at the Contact its INVITE gave.
    const byes = h.sentTo('192.0.2.10', 'BYE');
    expect(byes.map((b) => [b.uri, getFromTag(b)])).toEqual([
      ['sip:alice@192.0.2.10:5060;transport=udp', 't200'],
      ['sip:alice@192.0.2.10:5060;transport=udp', 'second'],
    ]);
  });
});
