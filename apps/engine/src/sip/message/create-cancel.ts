// CANCEL for a pending INVITE (RFC 3261 §9.1).

import { Headers } from './headers';
import type { SipRequest } from './sip-message';

export function createCancel(invite: SipRequest): SipRequest {
  const headers = new Headers();
  // §9.1: "A CANCEL constructed by a client MUST have only a single Via header field value
  // matching the top Via value in the request being cancelled."
  const topVia = invite.headers.values('via')[0];
  if (topVia !== undefined) headers.append('Via', topVia);
  // "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
  // CANCEL request MUST be identical to those in the request being cancelled, including tags."
  for (const name of ['Max-Forwards', 'From', 'To', 'Call-ID']) {
    const v = invite.headers.get(name);
    if (v !== undefined) headers.append(name, v);
  }
  const seq = (invite.headers.get('cseq') ?? '').trim().split(/\s+/)[0] ?? '1';
  headers.append('CSeq', `${seq} CANCEL`);
  // "If the request being cancelled contains a Route header field, the CANCEL request MUST
  // include that Route header field's values."
  for (const r of invite.headers.getAll('route')) headers.append('Route', r);
  headers.append('Content-Length', '0');
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    version: 'SIP/2.0',
    headers,
    body: new Uint8Array(0),
  };
}
