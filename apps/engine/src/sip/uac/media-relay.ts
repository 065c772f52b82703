// Re-offers inside a third-party call. After flow I (RFC 3725 §4.1) the engine holds two
// dialogs, one with A and one with B, and the media flows between A and B directly; so a
// re-INVITE or UPDATE from one of them (hold, a new address, a codec change) means nothing until
// the other has it. The engine passes the offer to the other leg with a request of its own and
// answers with that leg's answer, as a back-to-back user agent does; a refusal by the other leg
// goes back with its status and the old session stays (RFC 3261 §14.1).

import { getCSeq } from '../message/accessors';
import { createResponse } from '../message/create-response';
import { setBody } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { ServerTransaction } from '../transaction/transaction-types';
import { ALLOW } from './call-leg';
import type { CallLeg } from './call-leg';
import type { ClientOutcome } from './client-request';
import { PendingAck } from './pending-ack';
import { reOfferRefusal } from './re-offer-refusal';
import { relayFailure } from './relay-failure';
import type { RelayFailure } from './relay-failure';
import { sdpBody, sdpOf } from './sdp-body';
import type { LegName } from './ua-events';
import { contactUri } from './uac-env';
import type { UacEnv } from './uac-env';

export type ReOfferMethod = 'INVITE' | 'UPDATE';

/** What the relay needs from its call. */
export interface RelayHost {
  readonly env: UacEnv;
  readonly legs: Readonly<Record<LegName, CallLeg>>;
  /** Both legs answered and ACKed. */
  callUp(): boolean;
  /** Both legs now have the new session that `by` asked for. */
  changed(by: LegName, method: ReOfferMethod, startedAt: number): void;
  /** `leg`'s dialog is gone, or `leg` never ACKed: the call must end. */
  lost(leg: LegName, why: { readonly status: number; readonly reason: string }): void;
}

interface Relaying {
  readonly from: LegName;
  readonly tx: ServerTransaction;
  readonly req: SipRequest;
  readonly startedAt: number;
  /** The final response went out. */
  answered: boolean;
  /** Our 2xx to a re-INVITE, until its ACK. */
  waiting?: PendingAck;
}

const other = (leg: LegName): LegName => (leg === 'a' ? 'b' : 'a');

export class MediaRelay {
  private relaying: Relaying | undefined;
  /** Each leg's latest session description as the other leg knows it. */
  private readonly sdp: Record<LegName, Uint8Array | undefined> = { a: undefined, b: undefined };
  private closed = false;

  constructor(private readonly host: RelayHost) {}

  /** The session descriptions flow I ended with: A's offer and B's answer. */
  established(a: Uint8Array, b: Uint8Array): void {
    this.sdp.a = a.byteLength > 0 ? a : undefined;
    this.sdp.b = b.byteLength > 0 ? b : undefined;
  }

  /** A re-INVITE or an UPDATE from `from`, inside its dialog with us. */
  onOffer(from: LegName, tx: ServerTransaction, req: SipRequest): void {
    const body = sdpBody(req);
    if (body.kind === 'other') {
      // RFC 3261 §21.4.13: 415 "... The server MUST return a list of acceptable formats using
      // the Accept, Accept-Encoding, or Accept-Language header field".
      tx.respond(
        createResponse(req, 415, 'Unsupported Media Type', { extraHeaders: [['Accept', 'application/sdp']] }),
      );
      return;
    }
    // §8.2.2.3: an extension the UAS does not understand in Require gets 420 with Unsupported;
    // the engine relays SDP and nothing else, so it supports none.
    const required = req.headers.values('require').map((v) => v.trim());
    if (required.length > 0) {
      tx.respond(
        createResponse(req, 420, 'Bad Extension', { extraHeaders: [['Unsupported', required.join(', ')]] }),
      );
      return;
    }
    if (req.method === 'UPDATE' && body.kind === 'none') {
      // RFC 3311 §5.2: an UPDATE without an offer only refreshes the target (and session timers).
      this.host.legs[from].dialog?.refreshTarget(req);
      tx.respond(this.ok(tx, req, undefined));
      return;
    }
    const refusal = reOfferRefusal({
      from,
      callUp: this.host.callUp() && !this.closed,
      relaying: this.relaying,
      engineOffer: { a: this.host.legs.a.offerPending, b: this.host.legs.b.offerPending },
    });
    if (refusal !== undefined) {
      tx.respond(createResponse(req, refusal.status, refusal.reason, { extraHeaders: refusal.headers }));
      return;
    }
    const r: Relaying = { from, tx, req, startedAt: this.host.env.clock.now(), answered: false };
    this.relaying = r;
    const run =
      body.kind === 'none'
        ? this.relayDelayedOffer(r)
        : req.method === 'UPDATE'
          ? this.relayUpdate(r, body.sdp)
          : this.relayInvite(r, body.sdp);
    void run
      .catch(() => this.respond(r, createResponse(req, 500, 'Server Internal Error')))
      .finally(() => {
        if (this.relaying === r) this.relaying = undefined;
      });
  }

  /** An ACK from `from`; true when it is the one our 2xx waits for. */
  onAck(from: LegName, ack: SipRequest): boolean {
    const r = this.relaying;
    return r !== undefined && r.from === from && r.waiting !== undefined && r.waiting.take(ack);
  }

  /** The call ends: stop waiting, and answer a re-offer still unanswered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const r = this.relaying;
    if (r === undefined) return;
    // RFC 3261 §15.1.2: the UAS core "SHOULD generate a 487 (Request Terminated) response for
    // any pending requests received for that dialog" when the dialog ends with BYE.
    this.respond(r, createResponse(r.req, 487, 'Request Terminated'));
    r.waiting?.cancel();
  }

  /** Re-INVITE with an offer: the other leg gets it in a re-INVITE, its answer goes in our 2xx. */
  private async relayInvite(r: Relaying, offer: Uint8Array): Promise<void> {
    const to = other(r.from);
    r.tx.respond(createResponse(r.req, 100, 'Trying'));
    const re = this.host.legs[to].reinvite(offer);
    const o = await re.outcome;
    if (!this.accepted(o)) return this.refuse(r, relayFailure(o));
    // §13.2.2.4: the ACK of a 2xx to an INVITE with an offer carries no body.
    await re.acknowledge();
    // RFC 3264 §5 obliges the answer in the 2xx; should it be missing, the other leg's media
    // did not change and its last description still holds.
    const answer = sdpOf(o.res) ?? this.sdp[to];
    if (this.closed) return;
    this.sdp[r.from] = offer;
    this.sdp[to] = answer;
    const ack = this.accept(r, answer);
    this.host.changed(r.from, 'INVITE', r.startedAt);
    if ((await ack) === undefined) this.noAck(r);
  }

  /**
   * Re-INVITE without an offer (delayed offer). RFC 3261 §14.2: "A UAS providing an offer in a
   * 2xx (because the INVITE did not contain an offer) SHOULD construct the offer as if the UAS
   * were making a brand new call ... it SHOULD include as many media formats and media types
   * that the UA is willing to support." Only the other leg can make that offer: what the engine
   * holds of it is an answer, cut down to what was negotiated before. So the request goes on
   * without an offer, as flow I does at set-up: the other leg's 2xx carries its fresh offer, which
   * goes in our 2xx; the answer in the sender's ACK goes in our ACK to the other leg. Answering
   * from the engine's copy instead would need a second offer to the other leg whenever the ACK
   * changes anything, and that leg's answer might differ again from what the sender holds.
   */
  private async relayDelayedOffer(r: Relaying): Promise<void> {
    const to = other(r.from);
    r.tx.respond(createResponse(r.req, 100, 'Trying'));
    const re = this.host.legs[to].reinvite();
    const o = await re.outcome;
    if (!this.accepted(o)) return this.refuse(r, relayFailure(o));
    const fresh = sdpOf(o.res);
    if (fresh === undefined) {
      // The other leg broke RFC 3264 (no offer in its 2xx): it changed nothing, so the sender
      // gets the session as it stands, and its answer has nobody to go to.
      await re.acknowledge();
      if (this.closed) return;
      if ((await this.accept(r, this.sdp[to])) === undefined) this.noAck(r);
      return;
    }
    if (this.closed) {
      await re.acknowledge(this.sdp[r.from]);
      return;
    }
    const ack = await this.accept(r, fresh);
    // §13.2.2.4 obliges the ACK with the answer; without one (or without the ACK) the sender's
    // last description is the best answer the engine has, and the other leg's 2xx needs an ACK.
    const answer = (ack === undefined ? undefined : sdpOf(ack)) ?? this.sdp[r.from];
    await re.acknowledge(answer);
    if (this.closed) return;
    if (ack === undefined) return this.noAck(r);
    this.sdp[to] = fresh;
    this.sdp[r.from] = answer;
    this.host.changed(r.from, 'INVITE', r.startedAt);
  }

  /**
   * UPDATE with an offer (RFC 3311 §5.2): relayed as an UPDATE, or as a re-INVITE to a leg that
   * does not take UPDATE; the answer goes in our 200.
   */
  private async relayUpdate(r: Relaying, offer: Uint8Array): Promise<void> {
    const to = other(r.from);
    const leg = this.host.legs[to];
    let o: ClientOutcome | undefined;
    if (leg.takesUpdate) {
      o = await leg.request('UPDATE', [['Content-Type', 'application/sdp']], offer).outcome;
      // 405 / 501: the leg did not say it lacks UPDATE (no Allow) but does; a re-INVITE will do.
      if (o.kind === 'response' && (o.res.status === 405 || o.res.status === 501)) o = undefined;
    }
    if (o === undefined) {
      const re = leg.reinvite(offer);
      o = await re.outcome;
      if (this.accepted(o)) await re.acknowledge();
    }
    if (!this.accepted(o)) return this.refuse(r, relayFailure(o));
    const answer = sdpOf(o.res) ?? this.sdp[to];
    if (this.closed) return;
    this.sdp[r.from] = offer;
    this.sdp[to] = answer;
    this.host.legs[r.from].dialog?.refreshTarget(r.req);
    this.respond(r, this.ok(r.tx, r.req, answer));
    this.host.changed(r.from, 'UPDATE', r.startedAt);
  }

  private accepted(o: ClientOutcome): o is { kind: 'response'; res: SipResponse } {
    return o.kind === 'response' && o.res.status < 300;
  }

  private refuse(r: Relaying, f: RelayFailure): void {
    if (this.closed) return;
    this.respond(r, createResponse(r.req, f.status, f.reason, { extraHeaders: f.headers }));
    if (f.endsCall) this.host.lost(other(r.from), f);
  }

  /** Send our 2xx to a re-INVITE and wait for its ACK (undefined if none came). */
  private accept(r: Relaying, sdp: Uint8Array | undefined): Promise<SipRequest | undefined> {
    if (r.answered) return Promise.resolve(undefined);
    r.answered = true;
    this.host.legs[r.from].dialog?.refreshTarget(r.req);
    const res = this.ok(r.tx, r.req, sdp);
    r.waiting = new PendingAck(this.host.env.clock, () => r.tx.respond(res), getCSeq(r.req)?.seq ?? 0);
    return r.waiting.acked;
  }

  /** §13.3.1.4: no ACK within 64*T1 — "the session SHOULD be terminated". */
  private noAck(r: Relaying): void {
    if (!this.closed) this.host.lost(r.from, { status: 408, reason: `no ACK from ${r.from.toUpperCase()}` });
  }

  private respond(r: Relaying, res: SipResponse): void {
    if (r.answered) return;
    r.answered = true;
    r.tx.respond(res);
  }

  /**
   * Our 2xx: RFC 3261 §12.1.1 and RFC 3311 §5.2 want a Contact in it (a re-INVITE and an UPDATE
   * are target refresh requests), and RFC 3311 §5.1 an Allow listing UPDATE.
   */
  private ok(tx: ServerTransaction, req: SipRequest, sdp: Uint8Array | undefined): SipResponse {
    const res = createResponse(req, 200, 'OK', {
      extraHeaders: [
        ['Contact', `<${contactUri(this.host.env, tx.replyTo.transport)}>`],
        ['Allow', ALLOW],
        ...(sdp === undefined ? [] : ([['Content-Type', 'application/sdp']] as const)),
      ],
    });
    if (sdp !== undefined) setBody(res, sdp);
    return res;
  }
}
