// DialogTracker on virtual time (RFC 3261 §12 dialog identity; DialogEvent / DialogRecord).
// Checks: early on the first 1xx with a To tag, confirmed on 2xx, terminated on BYE from
// either side (tags swapped) with start/answer/end times and statuses; failures and CANCEL end
// the INVITE; a forked INVITE confirming two dialogs; bounded memory — an INVITE never
// answered ends after EARLY_TIMEOUT_MS, a 2xx never ACKed after NO_ACK_MS (§13.3.1.4), both
// on one sweep timer; confirmed dialogs over the cap evict the oldest.

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { createResponse } from '../message/create-response';
import type { SipRequest } from '../message/sip-message';
import type { DialogEvent } from '../sip-stack-types';
import { DialogTracker, EARLY_TIMEOUT_MS, NO_ACK_MS, SWEEP_MS } from './dialog-tracker';
import { invite, sipRequest } from './proxy-harness';

function bye(callId: string, fromTag: string, toTag: string): SipRequest {
  return sipRequest(
    `BYE sip:x@192.0.2.30 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKbye\nFrom: <sip:a@x>;tag=${fromTag}\n` +
      `To: <sip:b@x>;tag=${toTag}\nCall-ID: ${callId}\nCSeq: 2 BYE\nContent-Length: 0\n\n`,
  );
}

function ack(callId: string, fromTag: string, toTag: string): SipRequest {
  return sipRequest(
    `ACK sip:x@192.0.2.30 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKack\nFrom: <sip:a@x>;tag=${fromTag}\n` +
      `To: <sip:b@x>;tag=${toTag}\nCall-ID: ${callId}\nCSeq: 1 ACK\nContent-Length: 0\n\n`,
  );
}

function setup(max?: number) {
  const clock = new ManualClock(1000);
  const events: DialogEvent[] = [];
  const tracker = new DialogTracker(clock, (e) => events.push(e), max);
  return { clock, events, tracker };
}

describe('DialogTracker', () => {
  it('follows a call from INVITE to BYE with its times', () => {
    const { clock, events, tracker } = setup();
    const inv = invite({ callId: 'c1' });
    tracker.onInvite(inv, 1000);
    clock.advance(100);
    tracker.onResponse(inv, createResponse(inv, 180, 'Ringing', { toTag: 'b1' }));
    expect(tracker.list()).toEqual([
      { callId: 'c1', fromTag: 'a1', toTag: 'b1', state: 'early', startedAt: 1000 },
    ]);
    clock.advance(900);
    tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'b1' }));
    tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'b1' })); // retransmission
    clock.advance(5000);
    const b = bye('c1', 'a1', 'b1');
    tracker.onResponse(b, createResponse(b, 200, 'OK'));
    expect(events).toEqual([
      { at: 1100, callId: 'c1', fromTag: 'a1', toTag: 'b1', state: 'early', startedAt: 1000 },
      {
        at: 2000,
        callId: 'c1',
        fromTag: 'a1',
        toTag: 'b1',
        state: 'confirmed',
        startedAt: 1000,
        answeredAt: 2000,
        status: 200,
      },
      {
        at: 7000,
        callId: 'c1',
        fromTag: 'a1',
        toTag: 'b1',
        state: 'terminated',
        startedAt: 1000,
        answeredAt: 2000,
        status: 200,
        reason: 'bye',
        endedAt: 7000,
      },
    ]);
    expect(tracker.size).toBe(0);
  });

  it('ends the dialog on a BYE from the callee (tags swapped)', () => {
    const { events, tracker } = setup();
    const inv = invite({ callId: 'c2' });
    tracker.onInvite(inv, 1000);
    tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'b2' }));
    const b = bye('c2', 'b2', 'a1');
    tracker.onResponse(b, createResponse(b, 200, 'OK'));
    expect(events.map((e) => e.state)).toEqual(['confirmed', 'terminated']);
    expect(tracker.size).toBe(0);
  });

  it('ends a failed or cancelled INVITE', () => {
    const { events, tracker } = setup();
    const busy = invite({ callId: 'busy' });
    const cancelled = invite({ callId: 'cancelled' });
    tracker.onInvite(busy, 1000);
    tracker.onInvite(cancelled, 1000);
    tracker.onResponse(busy, createResponse(busy, 486, 'Busy Here', { toTag: 'x' }));
    tracker.onResponse(cancelled, createResponse(cancelled, 487, 'Request Terminated', { toTag: 'y' }));
    expect(events.map((e) => [e.callId, e.state, e.status, e.reason, e.toTag])).toEqual([
      ['busy', 'terminated', 486, 'failure', 'x'],
      ['cancelled', 'terminated', 487, 'cancel', 'y'],
    ]);
    expect(tracker.size).toBe(0);
  });

  it('keeps both dialogs of a forked INVITE answered twice', () => {
    const { events, tracker } = setup();
    const inv = invite({ callId: 'fork' });
    tracker.onInvite(inv, 1000);
    tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'one' }));
    tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'two' }));
    expect(tracker.list().map((d) => d.toTag)).toEqual(['one', 'two']);
    const b = bye('fork', 'a1', 'two');
    tracker.onResponse(b, createResponse(b, 200, 'OK'));
    expect(tracker.list().map((d) => d.toTag)).toEqual(['one']);
    expect(events.map((e) => `${e.state}:${e.toTag}`)).toEqual([
      'confirmed:one',
      'confirmed:two',
      'terminated:two',
    ]);
  });

  it('forgets an INVITE that never gets a final response', () => {
    const { clock, events, tracker } = setup();
    const inv = invite({ callId: 'lost' });
    tracker.onInvite(inv, 1000);
    tracker.onResponse(inv, createResponse(inv, 183, 'Session Progress', { toTag: 'z' }));
    clock.advance(EARLY_TIMEOUT_MS - SWEEP_MS);
    expect(tracker.size).toBe(1);
    clock.advance(2 * SWEEP_MS);
    expect(events.at(-1)).toMatchObject({
      callId: 'lost',
      state: 'terminated',
      reason: 'timeout',
      toTag: 'z',
    });
    expect(tracker.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('ends a dialog whose 2xx is never ACKed, and keeps the one that was', () => {
    const { clock, events, tracker } = setup();
    const lost = invite({ callId: 'no-ack' });
    const acked = invite({ callId: 'acked' });
    for (const inv of [lost, acked]) {
      tracker.onInvite(inv, 1000);
      tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 'b' }));
    }
    tracker.onAck(ack('acked', 'a1', 'b'));
    clock.advance(NO_ACK_MS + SWEEP_MS);
    expect(events.at(-1)).toMatchObject({ callId: 'no-ack', state: 'terminated', reason: 'no-ack' });
    expect(tracker.list().map((d) => d.callId)).toEqual(['acked']);
    // Nothing left to expire: the sweep stops, so an idle engine keeps no timer.
    clock.advance(SWEEP_MS);
    expect(clock.pending).toBe(0);
  });

  it('caps confirmed dialogs, evicting the oldest', () => {
    const { events, tracker } = setup(2);
    for (const id of ['d1', 'd2', 'd3']) {
      const inv = invite({ callId: id });
      tracker.onInvite(inv, 1000);
      tracker.onResponse(inv, createResponse(inv, 200, 'OK', { toTag: 't' }));
    }
    expect(tracker.list().map((d) => d.callId)).toEqual(['d2', 'd3']);
    expect(events.at(-1)).toMatchObject({ callId: 'd1', state: 'terminated', reason: 'timeout' });
  });
});
