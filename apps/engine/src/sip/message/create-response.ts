// Build a response to a request (RFC 3261 §8.2.6.2).

import { Headers } from './headers';
import { getToTag } from './accessors';
import type { SipRequest, SipResponse } from './sip-message';

export interface ResponseOptions {
  /** Tag to add to To when the request had none (ignored for 100). */
  readonly toTag?: string;
  readonly extraHeaders?: ReadonlyArray<readonly [string, string]>;
}

/** The fields a response copies from its request (long and compact names), see below. */
const COPIED = new Set(['via', 'v', 'from', 'f', 'call-id', 'i', 'cseq']);

export function createResponse(
  req: SipRequest,
  status: number,
  reason: string,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new Headers();
  // RFC 3261 §8.2.6.2: "The From field of the response MUST equal the From header field of the
  // request. The Call-ID ... MUST equal ... The CSeq ... MUST equal ... The Via header field
  // values in the response MUST equal the Via header field values in the request and MUST
  // maintain the same ordering."
  for (const f of req.headers.fields) {
    const n = f.name.toLowerCase();
    if (COPIED.has(n)) headers.append(f.name, f.value);
    else if (n === 'to' || n === 't') {
      // "...if the request contained no tag, ... the UAS MUST add a tag to the To header field
      // in the response (with the exception of the 100 (Trying) response, in which a tag MAY be
      // present)."
      const addTag = status > 100 && getToTag(req) === undefined && options.toTag !== undefined;
      headers.append('To', addTag ? `${f.value};tag=${options.toTag}` : f.value);
    }
  }
  // RFC 3261 §8.2.6.1: a 100 Trying "MUST copy [Timestamp] into the response".
  const ts = req.headers.get('timestamp');
  if (status === 100 && ts !== undefined) headers.append('Timestamp', ts);
  for (const [name, value] of options.extraHeaders ?? []) headers.append(name, value);
  headers.append('Content-Length', '0');
  return { kind: 'response', version: 'SIP/2.0', status, reason, headers, body: new Uint8Array(0) };
}
