// Whether a re-offer (re-INVITE, or UPDATE with SDP) from one leg of a third-party call can be
// relayed now, or must be refused because another offer is in progress on the call. Pure: the
// call describes its state, this answers with the response to send, if any.

import type { LegName } from './ua-events';

export interface ReOfferState {
  /** The leg the re-offer came from. */
  readonly from: LegName;
  /** Both legs answered and ACKed (the call's own INVITEs are over). */
  readonly callUp: boolean;
  /** The re-offer being relayed now, if any; `answered` once its final response went out. */
  readonly relaying: { readonly from: LegName; readonly answered: boolean } | undefined;
  /** INVITEs or UPDATEs the engine itself sent on each leg (API requests) still in progress. */
  readonly engineOffer: Readonly<Record<LegName, boolean>>;
}

export interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
}

const PENDING: Refusal = { status: 491, reason: 'Request Pending', headers: [] };

/** Undefined when the re-offer may be relayed; `random` picks Retry-After (tests pin it). */
export function reOfferRefusal(s: ReOfferState, random: () => number = Math.random): Refusal | undefined {
  // RFC 3261 §14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on
  // that dialog is in progress MUST return a 491 (Request Pending) response to the received
  // INVITE." Until the call is up the engine's own INVITE on the leg is not yet ACKed.
  if (!s.callUp) return PENDING;
  if (s.relaying !== undefined && s.relaying.from === s.from && !s.relaying.answered) {
    // RFC 3261 §14.2: "A UAS that receives a second INVITE before it sends the final response to
    // a first INVITE with a lower CSeq sequence number on the same dialog MUST return a 500
    // (Server Internal Error) response to the second INVITE and MUST include a Retry-After header
    // field with a randomly chosen value of between 0 and 10 seconds." RFC 3311 §5.2 says the
    // same of an UPDATE offer that arrives before the UAS answered the previous offer.
    const seconds = Math.min(10, Math.floor(random() * 11));
    return { status: 500, reason: 'Server Internal Error', headers: [['Retry-After', String(seconds)]] };
  }
  // The other leg's offer is being relayed (the engine's INVITE or UPDATE to this leg is in
  // progress, §14.2 above), or this leg's own INVITE awaits its ACK (§14.1: "a UAC MUST NOT
  // initiate a new INVITE transaction within a dialog while another INVITE transaction is in
  // progress in either direction"). RFC 3311 §5.2: "If an UPDATE is received that contains an
  // offer, and the UAS has generated an offer ... to which it has not yet received an answer,
  // the UAS MUST reject the UPDATE with a 491 response."
  if (s.relaying !== undefined) return PENDING;
  // An API request on this leg is the §14.2 case itself; one on the other leg would make the
  // relayed INVITE a second INVITE in progress on that dialog (§14.1), so it waits as well.
  if (s.engineOffer.a || s.engineOffer.b) return PENDING;
  return undefined;
}
