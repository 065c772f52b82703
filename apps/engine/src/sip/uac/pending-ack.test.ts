// The 2xx to a re-INVITE on virtual time. Checks: RFC 3261 §13.3.1.4 retransmission from T1
// doubling to T2 (0, 500, 1500, 3500, 7500, 11500 … ms), stop on the ACK (same CSeq number
// only), give up after 64*T1. Not checked here: that the ACK reaches it (media-relay.test.ts).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { createRequest } from '../message/sip-message';
import { ACK_WAIT_MS, PendingAck } from './pending-ack';

const ack = (seq: number) => createRequest('ACK', 'sip:patchbay@192.0.2.1', [['CSeq', `${seq} ACK`]]);

describe('PendingAck', () => {
  it('sends the 2xx at once, then after T1, 2*T1 … capped at T2, until 64*T1', async () => {
    const clock = new ManualClock(0);
    const sent: number[] = [];
    const p = new PendingAck(clock, () => sent.push(clock.now()), 2);
    clock.advance(ACK_WAIT_MS + 10_000);
    expect(sent.slice(0, 8)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
    expect(sent.at(-1)).toBeLessThanOrEqual(ACK_WAIT_MS);
    expect(sent).toHaveLength(11);
    expect(await p.acked).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it('stops at the ACK with the same CSeq number and hands it over', async () => {
    const clock = new ManualClock(0);
    let sent = 0;
    const p = new PendingAck(clock, () => sent++, 2);
    clock.advance(600);
    expect(p.take(ack(1))).toBe(false);
    expect(p.take(ack(2))).toBe(true);
    clock.advance(ACK_WAIT_MS);
    expect(sent).toBe(2);
    expect((await p.acked)?.headers.get('cseq')).toBe('2 ACK');
  });

  it('stops when cancelled', async () => {
    const clock = new ManualClock(0);
    let sent = 0;
    const p = new PendingAck(clock, () => sent++, 3);
    p.cancel();
    clock.advance(ACK_WAIT_MS);
    expect(sent).toBe(1);
    expect(await p.acked).toBeUndefined();
  });
});
