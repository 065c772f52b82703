// RequestEdits (sip-stack-types.ts): the runtime's changes to the copy of a request that the
// proxy forwards (RFC 3261 §16.6 step 1: "Make a copy of the received request"). The headers a
// proxy core owns for routing and transaction matching are refused: changing them would break
// §16.6 (Via, Record-Route, Max-Forwards), §16.12 routing (Route), §8.1.1 / §17 matching (CSeq,
// Call-ID) or framing (Content-Length, kept in step by setBody).

import { headerKey } from '../message/header-names';
import { parseUri } from '../message/parse-uri';
import { cloneMessage, setBody } from '../message/sip-message';
import type { SipRequest } from '../message/sip-message';
import type { RequestEdits } from '../sip-stack-types';

const PROTECTED = new Set(
  ['Via', 'Route', 'Record-Route', 'CSeq', 'Call-ID', 'Max-Forwards', 'Content-Length'].map(headerKey),
);

// RFC 3261 §7.3.1 field-name = token.
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

function checkName(name: string): void {
  if (!TOKEN.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
  if (PROTECTED.has(headerKey(name))) {
    throw new Error(`header ${name} is managed by the proxy core and cannot be edited`);
  }
}

function checkValue(name: string, value: string): void {
  // A CR or LF would let a value smuggle in extra headers or end the header section.
  if (/[\r\n\0]/.test(value)) throw new Error(`value of ${name} must not contain CR, LF or NUL`);
}

export class RequestEditor implements RequestEdits {
  /** The copy that relay() and fork() forward; undefined until the first edit. */
  private working: SipRequest | undefined;
  private uriSet = false;

  constructor(private readonly original: SipRequest) {}

  /** The request to forward: the edited copy, or the original when nothing was edited. */
  get request(): SipRequest {
    return this.working ?? this.original;
  }

  /** True once setUri() was called: relay targets then only pick the next hop. */
  get uriEdited(): boolean {
    return this.uriSet;
  }

  setHeader(name: string, value: string): void {
    checkName(name);
    checkValue(name, value);
    this.copy().headers.set(name, value);
  }

  addHeader(name: string, value: string): void {
    checkName(name);
    checkValue(name, value);
    this.copy().headers.append(name, value);
  }

  removeHeader(name: string): void {
    checkName(name);
    this.copy().headers.remove(name);
  }

  setUri(uri: string): void {
    const parsed = parseUri(uri);
    if (parsed.kind === 'error')
      throw new Error(`invalid Request-URI ${JSON.stringify(uri)}: ${parsed.reason}`);
    this.copy().uri = uri;
    this.uriSet = true;
  }

  setBody(body: Uint8Array, contentType: string): void {
    checkValue('Content-Type', contentType);
    const copy = this.copy();
    // §20.14/§20.15: Content-Type describes the body; an empty body carries none.
    if (body.byteLength === 0) copy.headers.remove('Content-Type');
    else copy.headers.set('Content-Type', contentType);
    setBody(copy, new Uint8Array(body));
  }

  private copy(): SipRequest {
    return (this.working ??= cloneMessage(this.original));
  }
}
