// Send one request the engine originates through a client transaction (RFC 3261 §17.1, full
// timers: 408 is reported when Timer B/F fires) and, when a 401/407 challenges it and
// credentials were given, send it once more with them (§22.2, §22.3).

import { newBranchId } from '../proxy/branch';
import type { SipRequest, SipResponse } from '../message/sip-message';
import { cloneMessage } from '../message/sip-message';
import { getCSeq, prependVia } from '../message/accessors';
import type { Peer } from '../sip-stack-types';
import { authorizationValue, parseChallenge } from './digest';
import type { UacEnv } from './uac-env';

export type ClientOutcome =
  | { readonly kind: 'response'; readonly res: SipResponse }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'transport-error'; readonly reason: string };

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface ClientRequestOptions {
  /** Every response as it arrives (1xx, the final, and 2xx retransmissions for INVITE). */
  readonly onResponse?: (res: SipResponse, target: Peer) => void;
  readonly credentials?: Credentials | undefined;
}

export interface SentRequest {
  /** The request as last sent (with Via), e.g. to build a CANCEL or an ACK from. */
  readonly request: () => SipRequest | undefined;
  readonly target: () => Peer | undefined;
  readonly outcome: Promise<ClientOutcome>;
}

/** `req` has no Via yet; `nextHop` is the URI to resolve (Route or Request-URI). */
export function sendClientRequest(
  env: UacEnv,
  req: SipRequest,
  nextHop: string,
  options: ClientRequestOptions = {},
): SentRequest {
  let sent: SipRequest | undefined;
  let target: Peer | undefined;
  const once = async (r: SipRequest): Promise<ClientOutcome> => {
    let peer: Peer;
    try {
      peer = await env.resolve(nextHop);
    } catch (e) {
      return { kind: 'transport-error', reason: e instanceof Error ? e.message : String(e) };
    }
    const copy = cloneMessage(r);
    // RFC 3261 §8.1.1.7: "The branch parameter value MUST be unique across space and time for
    // all requests sent by the UA."
    prependVia(copy, env.via(peer.transport, newBranchId()));
    sent = copy;
    target = peer;
    return new Promise((resolve) => {
      let done = false;
      env.transactions.sendRequest(copy, peer, {
        onResponse: (res) => {
          options.onResponse?.(res, peer);
          if (res.status >= 200 && !done) {
            done = true;
            resolve({ kind: 'response', res });
          }
        },
        onTimeout: () => resolve({ kind: 'timeout' }),
        onTransportError: (err) => resolve({ kind: 'transport-error', reason: err.message }),
      });
    });
  };
  const outcome = (async () => {
    const first = await once(req);
    const creds = options.credentials;
    if (first.kind !== 'response' || creds === undefined) return first;
    const retry = withCredentials(req, first.res, creds);
    return retry === undefined ? first : once(retry);
  })();
  return { request: () => sent, target: () => target, outcome };
}

/**
 * RFC 3261 §22.2: "When a UAC resubmits a request with its credentials after receiving a 401
 * (Unauthorized) or 407 (Proxy Authentication Required) response, it MUST increment the CSeq
 * header field value as it would normally when sending an updated request." Undefined when the
 * response is no challenge we can answer.
 */
export function withCredentials(
  req: SipRequest,
  res: SipResponse,
  creds: Credentials,
): SipRequest | undefined {
  if (res.status !== 401 && res.status !== 407) return undefined;
  const challengeName = res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const answerName = res.status === 401 ? 'Authorization' : 'Proxy-Authorization';
  // RFC 7616 §3.7: a server may offer several challenges (SHA-256 first); take the first we can answer.
  const challenge = res.headers
    .getAll(challengeName)
    .map(parseChallenge)
    .find((c) => c !== undefined);
  if (challenge === undefined) return undefined;
  const retry = cloneMessage(req);
  const seq = getCSeq(req)?.seq ?? 1;
  retry.headers.set('CSeq', `${seq + 1} ${req.method}`);
  retry.headers.set(
    answerName,
    authorizationValue(challenge, { ...creds, method: req.method, uri: req.uri }),
  );
  return retry;
}
