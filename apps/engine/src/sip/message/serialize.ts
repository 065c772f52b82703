// SipMessage → bytes. Untouched header fields are written from their raw bytes, so a message that
// passes through unchanged keeps folding, compact names and odd spacing exactly as received.

import type { SipMessage } from './sip-message';

const CRLF = Buffer.from('\r\n', 'latin1');

export function serializeMessage(msg: SipMessage): Buffer {
  const startLine =
    msg.kind === 'request'
      ? `${msg.method} ${msg.uri} ${msg.version}`
      : `${msg.version} ${msg.status} ${msg.reason}`;
  const parts: Uint8Array[] = [Buffer.from(startLine, 'utf8'), CRLF];
  for (const f of msg.headers.fields) {
    parts.push(f.raw ?? Buffer.from(`${f.name}: ${f.value}`, 'utf8'), CRLF);
  }
  parts.push(CRLF, msg.body);
  return Buffer.concat(parts);
}
