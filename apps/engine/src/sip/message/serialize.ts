// SipMessage → bytes. Untouched header fields are copied from the bytes they were received in, so
// a message that passes through unchanged keeps folding, compact names and odd spacing exactly as
// received.

import type { HeaderField } from './headers';
import type { SipMessage } from './sip-message';

// Lengths and writes go part by part: a string joined from the parts first would be built (and
// flattened) twice per message, once to size the buffer and once to fill it, for every start line
// and every field a proxy changed or added (about 5 % of what the SIP thread allocated per call).

function startLineLength(msg: SipMessage): number {
  return msg.kind === 'request'
    ? Buffer.byteLength(msg.method, 'utf8') +
        Buffer.byteLength(msg.uri, 'utf8') +
        Buffer.byteLength(msg.version, 'utf8') +
        2
    : Buffer.byteLength(msg.version, 'utf8') +
        String(msg.status).length +
        Buffer.byteLength(msg.reason, 'utf8') +
        2;
}

function writeStartLine(msg: SipMessage, out: Buffer, pos: number): number {
  if (msg.kind === 'request') {
    pos += out.write(msg.method, pos, 'utf8');
    out[pos++] = 0x20;
    pos += out.write(msg.uri, pos, 'utf8');
    out[pos++] = 0x20;
    return pos + out.write(msg.version, pos, 'utf8');
  }
  pos += out.write(msg.version, pos, 'utf8');
  out[pos++] = 0x20;
  pos += out.write(String(msg.status), pos, 'latin1');
  out[pos++] = 0x20;
  return pos + out.write(msg.reason, pos, 'utf8');
}

function fieldLength(f: HeaderField): number {
  return f.src === undefined
    ? Buffer.byteLength(f.name, 'utf8') + 2 + Buffer.byteLength(f.value, 'utf8')
    : (f.end ?? 0) - (f.offset ?? 0);
}

/** serializeMessage(msg).byteLength without building the bytes (the §18.1.1 size check). */
export function serializedLength(msg: SipMessage): number {
  let n = startLineLength(msg) + 2;
  const fields = msg.headers.fields;
  for (let i = 0; i < fields.length; i++) n += fieldLength(fields[i] as HeaderField) + 2;
  return n + 2 + msg.body.byteLength;
}

/**
 * One buffer, sized first and written once. Untouched fields that stood next to each other in the
 * received bytes (CRLF between them) are copied as one run: a relayed message's header section is
 * mostly a few runs, not a copy per header.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  const fields = msg.headers.fields;
  const out = Buffer.allocUnsafe(serializedLength(msg));
  let pos = writeStartLine(msg, out, 0);
  pos = crlf(out, pos);
  let i = 0;
  while (i < fields.length) {
    const f = fields[i] as HeaderField;
    const src = f.src;
    if (src === undefined) {
      pos += out.write(f.name, pos, 'utf8');
      out[pos++] = 0x3a; // ": "
      out[pos++] = 0x20;
      pos += out.write(f.value, pos, 'utf8');
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
