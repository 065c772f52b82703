// SipMessage → bytes. Untouched header fields are copied from the bytes they were received in, so
// a message that passes through unchanged keeps folding, compact names and odd spacing exactly as
// received.

import type { HeaderField } from './headers';
import type { SipMessage } from './sip-message';

function startLineOf(msg: SipMessage): string {
  return msg.kind === 'request'
    ? `${msg.method} ${msg.uri} ${msg.version}`
    : `${msg.version} ${msg.status} ${msg.reason}`;
}

function fieldText(f: HeaderField): string {
  return `${f.name}: ${f.value}`;
}

function fieldLength(f: HeaderField): number {
  return f.src === undefined ? Buffer.byteLength(fieldText(f), 'utf8') : (f.end ?? 0) - (f.offset ?? 0);
}

/** serializeMessage(msg).byteLength without building the bytes (the §18.1.1 size check). */
export function serializedLength(msg: SipMessage): number {
  let n = Buffer.byteLength(startLineOf(msg), 'utf8') + 2;
  for (const f of msg.headers.fields) n += fieldLength(f) + 2;
  return n + 2 + msg.body.byteLength;
}

/**
 * One buffer, sized first and written once. Untouched fields that stood next to each other in the
 * received bytes (CRLF between them) are copied as one run: a relayed message's header section is
 * mostly a few runs, not a copy per header.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  const startLine = startLineOf(msg);
  const fields = msg.headers.fields;
  const out = Buffer.allocUnsafe(serializedLength(msg));
  let pos = out.write(startLine, 0, 'utf8');
  pos = crlf(out, pos);
  let i = 0;
  while (i < fields.length) {
    const f = fields[i] as HeaderField;
    const src = f.src;
    if (src === undefined) {
      pos += out.write(fieldText(f), pos, 'utf8');
      pos = crlf(out, pos);
      i++;
      continue;
    }
    const runStart = f.offset ?? 0;
    let runEnd = f.end ?? 0;
    for (i++; i < fields.length; i++) {
      const next = fields[i] as HeaderField;
      if (
        next.src !== src ||
        next.offset !== runEnd + 2 ||
        src[runEnd] !== 0x0d ||
        src[runEnd + 1] !== 0x0a
      ) {
        break;
      }
      runEnd = next.end ?? 0;
    }
    pos += src.copy(out, pos, runStart, runEnd);
    pos = crlf(out, pos);
  }
  pos = crlf(out, pos);
  out.set(msg.body, pos);
  return out;
}

function crlf(out: Buffer, pos: number): number {
  out[pos] = 0x0d;
  out[pos + 1] = 0x0a;
  return pos + 2;
}
