// The ACK a client transaction sends for a 300-699 response (RFC 3261 §17.1.1.3).

import { Headers } from './headers';
import type { SipRequest, SipResponse } from './sip-message';

export function createAckForFailure(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new Headers();
  const topVia = invite.headers.values('via')[0];
  // §17.1.1.3: "The ACK MUST contain a single Via header field, and this MUST be equal to the
  // top Via header field of the original request."
  if (topVia !== undefined) headers.append('Via', topVia);
  for (const name of ['Max-Forwards', 'From', 'Call-ID']) {
    const v = invite.headers.get(name);
    if (v !== undefined) headers.append(name, v);
  }
  // "The To header field in the ACK MUST equal the To header field in the response being acknowledged."
  const to = response.headers.get('to');
  if (to !== undefined) headers.append('To', to);
  // "the CSeq header field in the ACK MUST contain the same value for the sequence number as was
  // present in the original request, but the method parameter MUST be equal to "ACK"."
  const seq = (invite.headers.get('cseq') ?? '').trim().split(/\s+/)[0] ?? '1';
  headers.append('CSeq', `${seq} ACK`);
  // "If the INVITE request whose response is being acknowledged had Route header fields, those
  // header fields MUST appear in the ACK."
  for (const r of invite.headers.getAll('route')) headers.append('Route', r);
  headers.append('Content-Length', '0');
  return {
    kind: 'request',
    method: 'ACK',
    uri: invite.uri,
    version: 'SIP/2.0',
    headers,
    body: new Uint8Array(0),
  };
}
