// Third-party call control, RFC 3725 §4.1 flow I: INVITE A with no SDP; A's 200 carries its
// offer; INVITE B with that offer; B's 200 carries the answer, which goes to A in the ACK.
// Media then flows between A and B directly. Both legs share one Call-ID (the call's id in
// the trace) and differ by their From tags, so that each is its own dialog (RFC 3261 §12).
// Once the call is up, a re-INVITE or UPDATE from either leg goes to the other (media-relay.ts).

import { createResponse } from '../message/create-response';
import type { SipRequest } from '../message/sip-message';
import type { ServerTransaction } from '../transaction/transaction-types';
import { CallLeg, newCallId } from './call-leg';
import type { ClientOutcome, Credentials } from './client-request';
import { MediaRelay } from './media-relay';
import type { LegName, UaEvent } from './ua-events';
import type { UacEnv } from './uac-env';

export type CallPhase = 'calling-a' | 'calling-b' | 'answered' | 'ended';

/** How long A may ring before we CANCEL it (a UAC has no timer C of its own). */
export const RING_A_MS = 60_000;
/**
 * How long B may ring. RFC 3725 §4.1 (flow I): A's 200 is retransmitted until our ACK, which
 * needs B's answer, and A gives up after 64*T1 = 32 s; so B gets a little less.
 */
export const RING_B_MS = 30_000;

/** A rejecting answer (RFC 3264 §6: port 0 refuses a stream) for an offer we cannot take. */
function rejectAll(offer: Uint8Array): Uint8Array {
  return Buffer.from(
    Buffer.from(offer)
      .toString('latin1')
      .replace(/^m=(\S+) \d+/gm, 'm=$1 0'),
    'latin1',
  );
}

function failure(o: ClientOutcome): { status: number; reason: string } {
  if (o.kind === 'response') return { status: o.res.status, reason: o.res.reason };
  return o.kind === 'timeout'
    ? { status: 408, reason: 'Request Timeout' }
    : { status: 503, reason: `Service Unavailable (${o.reason})` };
}

export class ThirdPartyCall {
  readonly callId: string;
  phase: CallPhase = 'calling-a';
  readonly legs: Record<LegName, CallLeg>;
  private endedBy: LegName | 'api' | undefined;
  private readonly relay: MediaRelay;

  constructor(
    private readonly env: UacEnv,
    a: string,
    b: string,
    private readonly emit: (e: UaEvent) => void,
    credentials?: Credentials,
  ) {
    this.callId = newCallId(env);
    const ringing = (leg: LegName) => () =>
      this.emit({ kind: 'call-ringing', callId: this.callId, leg, at: this.env.clock.now() });
    this.legs = {
      a: new CallLeg(env, a, this.callId, ringing('a'), credentials),
      b: new CallLeg(env, b, this.callId, ringing('b'), credentials),
    };
    this.relay = new MediaRelay({
      env,
      legs: this.legs,
      callUp: () => this.phase === 'answered',
      changed: (by, method, startedAt) =>
        this.emit({
          kind: 'call-media-changed',
          callId: this.callId,
          by,
          method,
          startedAt,
          at: env.clock.now(),
        }),
      lost: (leg, why) => {
        this.endedBy ??= leg;
        this.relay.close();
        void Promise.all([this.legs.a.end(), this.legs.b.end()]).then(() =>
          this.finish('completed', { status: why.status, reason: `${leg} lost: ${why.reason}` }),
        );
      },
    });
  }

  /** Runs the whole set-up; resolves once answered or failed. */
  async start(): Promise<void> {
    const { a, b } = this.legs;
    this.emit({ kind: 'call-start', callId: this.callId, a: a.uri, b: b.uri, at: this.env.clock.now() });
    const ra = await this.ring(a, RING_A_MS);
    if (ra.kind !== 'response' || ra.res.status >= 300 || a.dialog === undefined) {
      this.finish(this.endedBy === 'api' ? 'cancelled' : 'failed', this.noAnswer ?? failure(ra));
      return;
    }
    const offer = ra.res.body;
    if (this.endedBy !== undefined) {
      await a.acknowledge(offer.byteLength > 0 ? rejectAll(offer) : undefined);
      await a.end();
      this.finish('cancelled', { status: 487, reason: 'Request Terminated' });
      return;
    }
    this.phase = 'calling-b';
    const rb = await this.ring(b, RING_B_MS, offer);
    if (rb.kind !== 'response' || rb.res.status >= 300 || b.dialog === undefined) {
      // RFC 3725 §4.1: when B fails the controller still owes A an answer in the ACK; it sends
      // one that refuses the streams, then ends A's dialog with BYE.
      await a.acknowledge(offer.byteLength > 0 ? rejectAll(offer) : undefined);
      await a.end();
      this.finish(this.endedBy === undefined ? 'failed' : 'cancelled', this.noAnswer ?? failure(rb));
      return;
    }
    await b.acknowledge();
    await a.acknowledge(rb.res.body);
    if (this.endedBy !== undefined || a.state === 'ended') {
      await Promise.all([a.end(), b.end()]);
      this.finish('completed', { status: 200, reason: 'ended' });
      return;
    }
    this.relay.established(offer, rb.res.body);
    this.phase = 'answered';
    this.emit({ kind: 'call-answered', callId: this.callId, at: this.env.clock.now() });
  }

  private noAnswer: { status: number; reason: string } | undefined;

  /** INVITE a leg; CANCEL it when it rings longer than ms (the call then fails with 408). */
  private async ring(leg: CallLeg, ms: number, offer?: Uint8Array): Promise<ClientOutcome> {
    const timer = this.env.clock.setTimeout(() => {
      this.noAnswer = { status: 408, reason: `No answer from ${leg === this.legs.a ? 'A' : 'B'}` };
      void leg.end();
    }, ms);
    try {
      return await leg.invite(offer);
    } finally {
      this.env.clock.clearTimeout(timer);
    }
  }

  /** DELETE /api/calls/:id: BYE on confirmed legs, CANCEL on an unanswered one. */
  async hangup(): Promise<void> {
    if (this.phase === 'ended') return;
    this.endedBy ??= 'api';
    this.relay.close();
    const { a, b } = this.legs;
    if (this.phase === 'answered') {
      await Promise.all([a.end(), b.end()]);
      this.finish('completed', { status: 200, reason: 'ended by the API' });
    } else if (this.phase === 'calling-a') await a.end();
    else await b.end(); // start() then ACKs and BYEs A
  }

  /** The leg whose dialog a request from A or B belongs to. */
  private legOf(req: SipRequest): LegName | undefined {
    return (['a', 'b'] as const).find((n) => this.legs[n].dialog?.matches(req) === true);
  }

  /** A request from A or B inside its dialog with us; true when it was ours. */
  onRequest(tx: ServerTransaction, req: SipRequest): boolean {
    const leg = this.legOf(req);
    if (leg === undefined) return false;
    const mine = this.legs[leg];
    const other = this.legs[leg === 'a' ? 'b' : 'a'];
    if (mine.dialog?.acceptRemoteSeq(req) === false) {
      tx.respond(createResponse(req, 500, 'Server Internal Error (CSeq out of order)'));
      return true;
    }
    if (req.method === 'BYE') {
      // RFC 3261 §15.1.2: "the UAS MUST generate a 2xx response to the BYE, and MUST pass that
      // to the server transaction for transmission."
      tx.respond(createResponse(req, 200, 'OK'));
      mine.state = 'ended';
      this.endedBy ??= leg;
      this.relay.close();
      if (this.phase === 'answered') {
        void other.end().then(() => this.finish('completed', { status: 200, reason: `${leg} hung up` }));
      } else if (this.phase === 'calling-b') void other.end();
      return true;
    }
    if (req.method === 'INVITE' || req.method === 'UPDATE') {
      this.relay.onOffer(leg, tx, req);
      return true;
    }
    tx.respond(createResponse(req, 200, 'OK'));
    return true;
  }

  /** An ACK from A or B (for a 2xx of ours to a re-INVITE); true when it was awaited. */
  onAck(req: SipRequest): boolean {
    const leg = this.legOf(req);
    return leg !== undefined && this.relay.onAck(leg, req);
  }

  /** The engine stops: no more 2xx retransmissions, and a re-offer still pending gets 487. */
  close(): void {
    this.relay.close();
  }

  private finish(outcome: 'completed' | 'failed' | 'cancelled', r: { status: number; reason: string }): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.relay.close();
    this.emit({
      kind: 'call-ended',
      callId: this.callId,
      at: this.env.clock.now(),
      outcome,
      status: r.status,
      reason: r.reason,
      ...(this.endedBy === undefined ? {} : { by: this.endedBy }),
    });
  }
}
