// Matching requests and responses to transactions.

import { getCSeq, getCallId, getFromTag, getTopVia } from '../message/accessors';
import { MAGIC_COOKIE } from '../message/parse-via';
import type { SipRequest, SipResponse } from '../message/sip-message';

/**
 * RFC 3261 §17.2.3: with a magic-cookie branch, a request matches a server transaction when
 * "the branch parameter in the request is equal to the one in the top Via header field of the
 * request that created the transaction, the sent-by value in the top Via of the request is equal
 * to the one in the request that created the transaction, and the method of the request matches
 * the one that created the transaction, except for ACK, where the method of the request that
 * created the transaction is INVITE." Otherwise fall back to the RFC 2543 rules (Request-URI,
 * From tag, Call-ID, CSeq number, top Via); the To tag is left out so that the ACK for a failure
 * response, which carries the tag we added, still matches.
 */
export function serverKey(req: SipRequest, methodOverride?: string): string | undefined {
  const via = getTopVia(req);
  const cseq = getCSeq(req);
  if (via === undefined || cseq === undefined) return undefined;
  const method = methodOverride ?? (req.method === 'ACK' ? 'INVITE' : req.method);
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? 5060}`;
  const branch = via.branch;
  // RFC 4475 §3.2.1 (badbranch): a branch that is just the cookie identifies nothing.
  if (branch !== undefined && branch.startsWith(MAGIC_COOKIE) && branch.length > MAGIC_COOKIE.length) {
    return `${branch}|${sentBy}|${method}`;
  }
  return [
    '2543',
    req.uri,
    getFromTag(req) ?? '',
    getCallId(req) ?? '',
    cseq.seq,
    sentBy,
    branch ?? '',
    method,
  ].join('|');
}

/** RFC 3261 §17.1.3: branch of the top Via plus the CSeq method. */
export function clientKey(msg: SipRequest | SipResponse): string | undefined {
  const via = getTopVia(msg);
  const cseq = getCSeq(msg);
  if (via?.branch === undefined || cseq === undefined) return undefined;
  return `${via.branch}|${cseq.method}`;
}
