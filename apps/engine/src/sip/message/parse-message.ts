// bytes → SipMessage | ParseError. Never throws. The header section is decoded as latin1 (one
// char per byte, so offsets are byte offsets); the body stays bytes.

import { headerKey } from './header-names';
import { Headers } from './headers';
import type { HeaderField } from './headers';
import { isToken } from './grammar';
import { parseError } from './parse-error';
import type { ParseError } from './parse-error';
import { parseUri } from './parse-uri';
import type { SipMessage } from './sip-message';
import { validateHeaders } from './validate-headers';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseMessage(input: Uint8Array): SipMessage | ParseError {
  try {
    return parseUnsafe(input);
  } catch (e) {
    // Defence in depth: a bug here must cost one message, not the process.
    return parseError('bad-start-line', 0, `internal parser error: ${String(e)}`);
  }
}

function parseUnsafe(input: Uint8Array): SipMessage | ParseError {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports MUST
  // ignore any CRLF appearing before the start-line"; done for datagrams too (keep-alives).
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start === buf.length) return parseError('empty', start, 'no message (only CRLF or nothing)');

  const { headerEnd, bodyStart } = findHeaderEnd(buf, start);
  const text = buf.toString('latin1', start, headerEnd);
  const lines = splitLines(text, start);
  const first = lines[0];
  if (first === undefined) return parseError('empty', start, 'no start line');

  const fields: HeaderField[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.text.length === 0) continue;
    const c = line.text[0];
    if (c === ' ' || c === '\t') {
      // RFC 3261 §7.3.1: a header value may be folded onto continuation lines starting with WSP.
      const prev = fields.pop();
      if (prev === undefined)
        return parseError('bad-header-line', line.offset, 'continuation line before any header');
      const rawEnd = line.offset + line.text.length;
      const prevOffset = prev.offset ?? line.offset;
      fields.push({
        name: prev.name,
        value: `${prev.value} ${line.text.trim()}`.trim(),
        raw: buf.subarray(prevOffset, rawEnd),
        offset: prevOffset,
      });
      continue;
    }
    const colon = line.text.indexOf(':');
    if (colon < 0) return parseError('bad-header-line', line.offset, 'header line without ":"');
    // RFC 3261 §7.3.1 HCOLON = *( SP / HTAB ) ":" SWS (RFC 4475 wsinv "TO :")
    const name = line.text.slice(0, colon).replace(/[ \t]+$/, '');
    if (!isToken(name))
      return parseError('bad-header-line', line.offset, `bad header name ${JSON.stringify(name)}`);
    fields.push({
      name,
      value: line.text.slice(colon + 1).trim(),
      raw: buf.subarray(line.offset, line.offset + line.text.length),
      offset: line.offset,
    });
  }
  const headers = new Headers(fields.map(decodeValue));

  const head = parseStartLine(first.text, first.offset, headers);
  if ('code' in head) {
    // Keep the headers of a request with a broken Request-Line, so that it can still get a 400.
    if (/^SIP\//i.test(first.text)) return head;
    const method = first.text.split(' ')[0] ?? '';
    const partial: SipMessage = {
      kind: 'request',
      method,
      uri: '',
      version: '',
      headers,
      body: new Uint8Array(0),
    };
    return parseError(head.code, head.offset, head.reason, partial);
  }
  const msg = head;

  // Body framing by Content-Length (RFC 3261 §18.3 for datagrams; exact for stream frames).
  const lengths = fields.filter((f) => headerKey(f.name) === 'content-length');
  let body: Uint8Array = buf.subarray(bodyStart);
  if (lengths.length > 1) {
    return parseError(
      'multiple-content-length',
      lengths[1]?.offset ?? 0,
      'more than one Content-Length',
      msg,
    );
  }
  const cl = lengths[0];
  if (cl !== undefined) {
    if (!/^\d{1,10}$/.test(cl.value)) {
      return parseError(
        'bad-content-length',
        cl.offset ?? 0,
        `bad Content-Length ${JSON.stringify(cl.value)}`,
        msg,
      );
    }
    const n = Number(cl.value);
    // RFC 3261 §18.3: "If the transport packet ends before the end of the message body, this is
    // considered an error. If the message is a response, it MUST be discarded. If the message is
    // a request, the element SHOULD generate a 400 (Bad Request) response."
    if (n > body.length) {
      return parseError(
        'content-length-exceeds-body',
        cl.offset ?? 0,
        `Content-Length ${n} > ${body.length}`,
        msg,
      );
    }
    // RFC 3261 §18.3: "Any octets ... beyond the end of the body are to be discarded."
    body = body.subarray(0, n);
  }
  msg.body = body;

  const problem = validateHeaders(msg);
  if (problem !== undefined) return parseError(problem.code, problem.offset, problem.reason, msg);
  if (msg.version !== 'SIP/2.0') {
    return parseError('unsupported-version', first.offset, `unsupported version ${msg.version}`, msg);
  }
  return msg;
}

interface Line {
  readonly text: string;
  readonly offset: number;
}

function splitLines(text: string, base: number): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const lineEnd = end > pos && text[end - 1] === '\r' ? end - 1 : end;
    out.push({ text: text.slice(pos, lineEnd), offset: base + pos });
    if (nl < 0) break;
    pos = nl + 1;
  }
  return out;
}

/** The first empty line ends the header section; accept CRLF and bare LF line ends. */
function findHeaderEnd(buf: Buffer, start: number): { headerEnd: number; bodyStart: number } {
  for (let i = buf.indexOf(0x0a, start); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 3 };
  }
  // No empty line (RFC 4475 baddn as archived): the whole input is the header section.
  return { headerEnd: buf.length, bodyStart: buf.length };
}

function decodeValue(f: HeaderField): HeaderField {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(f.value)) return f;
  try {
    return { ...f, value: utf8.decode(Buffer.from(f.value, 'latin1')) };
  } catch {
    return f; // not UTF-8: keep the latin1 reading, raw bytes are kept anyway
  }
}

function parseStartLine(line: string, offset: number, headers: Headers): SipMessage | ParseError {
  const empty = new Uint8Array(0);
  if (/^SIP\//i.test(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) return parseError('bad-start-line', offset, 'status line without status code');
    const version = line.slice(0, sp1);
    if (!/^SIP\/\d+\.\d+$/i.test(version))
      return parseError('bad-start-line', offset, `bad version ${version}`);
    const rest = line.slice(sp1 + 1);
    const sp2 = rest.indexOf(' ');
    const code = sp2 < 0 ? rest : rest.slice(0, sp2);
    // RFC 3261 §25.1: Status-Code = 3DIGIT; §21: classes 1xx to 6xx (RFC 4475 bigcode).
    if (!/^[1-6]\d\d$/.test(code))
      return parseError('bad-status-code', offset + sp1 + 1, `bad status code ${code}`);
    let reason = sp2 < 0 ? '' : rest.slice(sp2 + 1);
    try {
      reason = utf8.decode(Buffer.from(reason, 'latin1'));
    } catch {
      /* not UTF-8: keep latin1 */
    }
    return {
      kind: 'response',
      version: version.toUpperCase(),
      status: Number(code),
      reason,
      headers,
      body: empty,
    };
  }
  // Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly one SP between elements
  // (RFC 4475 lwsstart, trws, lwsruri).
  const parts = line.split(' ');
  if (parts.length !== 3)
    return parseError('bad-start-line', offset, 'request line must be "METHOD URI SIP/2.0"');
  const [method = '', uri = '', version = ''] = parts;
  if (!isToken(method)) return parseError('bad-start-line', offset, `bad method ${JSON.stringify(method)}`);
  if (!/^SIP\/\d+\.\d+$/i.test(version))
    return parseError('bad-start-line', offset, `bad version ${version}`);
  const u = parseUri(uri);
  const uriOffset = offset + method.length + 1;
  if (u.kind === 'error') return parseError('bad-request-uri', uriOffset, `Request-URI: ${u.reason}`);
  // RFC 3261 §19.1.1 table: headers are "not allowed" in a Request-URI (RFC 4475 escruri).
  if (u.kind === 'sip' && u.headers !== undefined) {
    return parseError('bad-request-uri', uriOffset, 'escaped headers are not allowed in a Request-URI');
  }
  return { kind: 'request', method, uri, version: version.toUpperCase(), headers, body: empty };
}
