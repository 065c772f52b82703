// The state of one dialog the engine takes part in as a UA (RFC 3261 §12): the IDs, the route
// set, the remote target and the CSeq spaces, and the requests it sends inside it.

import { getCallId, getCSeq, getFromTag, getRecordRoutes, getToTag } from '../message/accessors';
import { parseNameAddr } from '../message/parse-name-addr';
import { createRequest } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import { randomHex } from '../random-token';

export function newTag(): string {
  return `pb${randomHex(6)}`;
}

/** A name-addr value's URI without < > and parameters (for Route / Contact values). */
function addrUri(value: string): string | undefined {
  const na = parseNameAddr(value);
  return 'error' in na ? undefined : na.uri.raw;
}

function stripTag(value: string): string {
  return value.replace(/;\s*tag=[^;]*/i, '');
}

export class UacDialog {
  /** Next CSeq number for requests we send (§12.2.1.1: "incremented by one"). */
  private localSeq: number;
  remoteSeq: number | undefined;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** From / To values without tags. */
    private readonly localAddr: string,
    private readonly remoteAddr: string,
    public remoteTarget: string,
    /** Route set as URIs with their params, in the order we send Route headers. */
    readonly routeSet: readonly string[],
    inviteSeq: number,
  ) {
    this.localSeq = inviteSeq + 1;
  }

  /**
   * RFC 3261 §12.1.2: "The route set MUST be set to the list of URIs in the Record-Route header
   * field from the response, taken in reverse order and preserving all URI parameters. ... The
   * remote target MUST be set to the URI from the Contact header field of the response."
   */
  static fromResponse(invite: SipRequest, res: SipResponse): UacDialog | undefined {
    const callId = getCallId(invite);
    const localTag = getFromTag(invite);
    const remoteTag = getToTag(res);
    const contact = res.headers.values('contact')[0];
    const target = contact === undefined ? undefined : addrUri(contact);
    if (callId === undefined || localTag === undefined || remoteTag === undefined || target === undefined)
      return undefined;
    const routes = [...getRecordRoutes(res)].reverse().map((na) => `<${na.uri.raw}>`);
    return new UacDialog(
      callId,
      localTag,
      remoteTag,
      stripTag(invite.headers.get('from') ?? ''),
      stripTag(res.headers.get('to') ?? ''),
      target,
      routes,
      getCSeq(invite)?.seq ?? 1,
    );
  }

  /** §12.2.2: does this request belong to the dialog (our tag in To, theirs in From)? */
  matches(req: SipRequest): boolean {
    return (
      getCallId(req) === this.callId && getToTag(req) === this.localTag && getFromTag(req) === this.remoteTag
    );
  }

  /**
   * §12.2.2: "If the remote sequence number was not empty, but the sequence number of the request
   * is lower than the remote sequence number, the request is out of order and MUST be rejected
   * with a 500 (Server Internal Error) response." False for such a request; otherwise the number is
   * remembered. ACK and CANCEL carry the number of the request they belong to and are not checked.
   */
  acceptRemoteSeq(req: SipRequest): boolean {
    if (req.method === 'ACK' || req.method === 'CANCEL') return true;
    const seq = getCSeq(req)?.seq;
    if (seq === undefined) return true;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /**
   * §12.2.2: "When a UAS receives a target refresh request, it MUST replace the dialog's remote
   * target URI with the URI from the Contact header field in that request, if present." Called
   * once the request is answered 2xx, so that a refused re-INVITE or UPDATE changes nothing
   * (RFC 6141 narrows §12.2.2 so).
   */
  refreshTarget(req: SipRequest): void {
    const contact = req.headers.values('contact')[0];
    const target = contact === undefined ? undefined : addrUri(contact);
    if (target !== undefined) this.remoteTarget = target;
  }

  /** The first hop of a request in the dialog (§12.2.1.1, loose routing assumed). */
  get nextHop(): string {
    const first = this.routeSet[0];
    return first === undefined ? this.remoteTarget : (addrUri(first) ?? this.remoteTarget);
  }

  /**
   * §12.2.1.1: "If the route set is not empty, and the first URI in the route set contains the
   * lr parameter ..., the UAC MUST place the remote target URI into the Request-URI and MUST
   * include a Route header field containing the route set values in order". Without lr (a strict
   * router) the first route becomes the Request-URI and the remote target the last Route.
   */
  createRequest(
    method: string,
    extra: ReadonlyArray<readonly [string, string]> = [],
    body?: Uint8Array,
    seq?: number,
  ): SipRequest {
    const cseq = seq ?? this.localSeq++;
    const first = this.routeSet[0];
    const strict = first !== undefined && !/;\s*lr\b/i.test(first);
    const uri = strict ? (addrUri(first) ?? this.remoteTarget) : this.remoteTarget;
    const routes = strict ? [...this.routeSet.slice(1), `<${this.remoteTarget}>`] : this.routeSet;
    const headers: (readonly [string, string])[] = [
      ['Max-Forwards', '70'],
      ['From', `${this.localAddr};tag=${this.localTag}`],
      ['To', `${this.remoteAddr};tag=${this.remoteTag}`],
      ['Call-ID', this.callId],
      ['CSeq', `${cseq} ${method}`],
      ...routes.map((r): [string, string] => ['Route', r]),
      ...extra,
    ];
    const bytes = body ?? new Uint8Array(0);
    headers.push(['Content-Length', String(bytes.byteLength)]);
    return createRequest(method, uri, headers, bytes);
  }

  /**
   * §13.2.2.4: "The header fields of the ACK are constructed in the same way as for any request
   * sent within a dialog ... with the exception of the CSeq and the header fields related to
   * authentication. The sequence number of the CSeq header field MUST be the same as the INVITE
   * being acknowledged".
   */
  createAck(inviteSeq: number, body?: Uint8Array): SipRequest {
    const extra: [string, string][] = body === undefined ? [] : [['Content-Type', 'application/sdp']];
    return this.createRequest('ACK', extra, body, inviteSeq);
  }
}
