// The response for the leg that sent a re-offer when the other leg did not accept it, and
// whether the call can go on. The status is passed on as it came where it means the same to the
// sender (488, 491, 500 …), so the sender keeps its old media as RFC 3261 §14.1 says: "If a UA
// receives a non-2xx final response to a re-INVITE, the session parameters MUST remain
// unchanged, as if no re-INVITE had been issued."

import type { ClientOutcome } from './client-request';

export interface RelayFailure {
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The other leg's dialog is gone, so the call must end. */
  readonly endsCall: boolean;
}

/** For a non-2xx outcome of the relayed request. */
export function relayFailure(o: ClientOutcome): RelayFailure {
  // RFC 3261 §12.2.1.2: "If the response for a request within a dialog is a 481 (Call/Transaction
  // Does Not Exist) or a 408 (Request Timeout), the UAC SHOULD terminate the dialog." A
  // transaction timeout counts as a 408 (§8.1.3.1).
  if (o.kind === 'timeout') return { status: 408, reason: 'Request Timeout', headers: [], endsCall: true };
  // §8.1.3.1: a fatal transport error "MUST be treated as a 503 (Service Unavailable) status code".
  if (o.kind === 'transport-error')
    return { status: 503, reason: 'Service Unavailable', headers: [], endsCall: false };
  const { status, reason } = o.res;
  if (status === 401 || status === 407) {
    // The challenge is for the engine, which holds the other dialog; no credentials of the
    // sender can answer it, and 403 says so ("Authorization will not help", §21.4.4).
    return { status: 403, reason: 'Forbidden', headers: [], endsCall: false };
  }
  const retryAfter = o.res.headers.get('retry-after');
  return {
    status,
    reason,
    headers: retryAfter === undefined ? [] : [['Retry-After', retryAfter]],
    endsCall: status === 481 || status === 408,
  };
}
