// The in-memory SIP message. Start-line fields are plain strings; headers keep their raw bytes
// (see headers.ts); the body is bytes, never decoded (it may be binary: RFC 4475 mpart01).

import { Headers } from './headers';

export interface SipRequest {
  readonly kind: 'request';
  method: string;
  /** Request-URI as text. */
  uri: string;
  version: string;
  readonly headers: Headers;
  body: Uint8Array;
}

export interface SipResponse {
  readonly kind: 'response';
  version: string;
  status: number;
  reason: string;
  readonly headers: Headers;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export function cloneMessage<T extends SipMessage>(msg: T): T {
  return { ...msg, headers: msg.headers.clone() };
}

export function createRequest(
  method: string,
  uri: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body: Uint8Array = new Uint8Array(0),
): SipRequest {
  const h = new Headers();
  for (const [name, value] of headers) h.append(name, value);
  return { kind: 'request', method, uri, version: 'SIP/2.0', headers: h, body };
}

/** Replace the body and keep Content-Length in step with it. */
export function setBody(msg: SipMessage, body: Uint8Array): void {
  msg.body = body;
  msg.headers.set('Content-Length', String(body.byteLength));
}
