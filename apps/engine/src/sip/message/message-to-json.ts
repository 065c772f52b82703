// A JSON view of a parsed message, for `patchbay sip parse FILE` and the trace: start-line parts,
// headers in wire order, and the body as UTF-8 text when it is valid text, else base64.

import type { SipMessage } from './sip-message';

export type StartLineJson =
  | { readonly method: string; readonly uri: string; readonly version: string }
  | { readonly version: string; readonly status: number; readonly reason: string };

export type BodyJson =
  | { readonly encoding: 'utf8'; readonly text: string; readonly length: number }
  | { readonly encoding: 'base64'; readonly base64: string; readonly length: number; readonly binary: true };

export interface MessageJson {
  readonly kind: 'request' | 'response';
  readonly startLine: StartLineJson;
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly body: BodyJson;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function messageToJson(msg: SipMessage): MessageJson {
  const startLine: StartLineJson =
    msg.kind === 'request'
      ? { method: msg.method, uri: msg.uri, version: msg.version }
      : { version: msg.version, status: msg.status, reason: msg.reason };
  return {
    kind: msg.kind,
    startLine,
    headers: msg.headers.fields.map((f) => ({ name: f.name, value: f.value })),
    body: bodyToJson(msg.body),
  };
}

function bodyToJson(body: Uint8Array): BodyJson {
  const length = body.byteLength;
  try {
    const text = utf8.decode(body);
    // NUL and other C0 controls (except TAB, CR, LF) mean "binary" even when the bytes decode.
    // eslint-disable-next-line no-control-regex
    if (!/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) return { encoding: 'utf8', text, length };
  } catch {
    /* fall through to base64 */
  }
  return { encoding: 'base64', base64: Buffer.from(body).toString('base64'), length, binary: true };
}
