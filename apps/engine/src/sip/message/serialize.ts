// SipMessage → bytes. Untouched header fields are written from their raw bytes, so a message that
// passes through unchanged keeps folding, compact names and odd spacing exactly as received.

import type { SipMessage } from './sip-message';

const CRLF = Buffer.from('\r\n', 'latin1');

function startLineOf(msg: SipMessage): string {
  return msg.kind === 'request'
    ? `${msg.method} ${msg.uri} ${msg.version}`
    : `${msg.version} ${msg.status} ${msg.reason}`;
}

/** serializeMessage(msg).byteLength without building the bytes (the §18.1.1 size check). */
export function serializedLength(msg: SipMessage): number {
  let n = Buffer.byteLength(startLineOf(msg), 'utf8') + 2;
  for (const f of msg.headers.fields) {
    n += (f.raw === undefined ? Buffer.byteLength(`${f.name}: ${f.value}`, 'utf8') : f.raw.byteLength) + 2;
  }
  return n + 2 + msg.body.byteLength;
}

export function serializeMessage(msg: SipMessage): Buffer {
  const startLine = startLineOf(msg);
  const parts: Uint8Array[] = [Buffer.from(startLine, 'utf8'), CRLF];
  for (const f of msg.headers.fields) {
    parts.push(f.raw ?? Buffer.from(`${f.name}: ${f.value}`, 'utf8'), CRLF);
  }
  parts.push(CRLF, msg.body);
  return Buffer.concat(parts);
}
