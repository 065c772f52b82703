// bytes → SipMessage | ParseError. Never throws. The header section is decoded as latin1 (one
// char per byte, so offsets are byte offsets); the body stays bytes.

import { isAscii } from 'node:buffer';
import { headerKey } from './header-names';
import { Headers } from './headers';
import type { HeaderField } from './headers';
import { isToken, isWspCode } from './grammar';
import { parseError } from './parse-error';
import type { ParseError } from './parse-error';
import { parseUri } from './parse-uri';
import type { SipMessage } from './sip-message';
import { validateHeaders } from './validate-headers';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseMessage(input: Uint8Array): SipMessage | ParseError {
  return parseGuarded(input, true);
}

/**
 * The message split into start line, header fields and body, without the checks of the typed
 * headers (validate-headers.ts) that parseMessage adds: the first stage of parseMessage, measured
 * on its own by the benchmark.
 */
export function frameMessage(input: Uint8Array): SipMessage | ParseError {
  return parseGuarded(input, false);
}

function parseGuarded(input: Uint8Array, validate: boolean): SipMessage | ParseError {
  try {
    return parseUnsafe(input, validate);
  } catch (e) {
    // Defence in depth: a bug here must cost one message, not the process.
    return parseError('bad-start-line', 0, `internal parser error: ${String(e)}`);
  }
}

function parseUnsafe(input: Uint8Array, validate: boolean): SipMessage | ParseError {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports MUST
  // ignore any CRLF appearing before the start-line"; done for datagrams too (keep-alives).
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start === buf.length) return parseError('empty', start, 'no message (only CRLF or nothing)');

  const headerEnd = findHeaderEnd(buf, start);
  const bodyStart = headerEnd === buf.length ? headerEnd : headerEnd + (buf[headerEnd] === 0x0a ? 1 : 2);
  const text = buf.toString('latin1', start, headerEnd);
  // One scan of the whole message (no view to make): most are ASCII and need no UTF-8 decoding.
  // A non-ASCII body only costs the per-field check in decodeValue.
  const nonAscii = !isAscii(buf);

  // The start line, then one header field per line (offsets in `text` + start = byte offsets).
  let nl = text.indexOf('\n');
  let pos = nl < 0 ? text.length : nl + 1;
  const firstLine = text.slice(0, lineEndOf(text, 0, nl < 0 ? text.length : nl));

  const fields: HeaderField[] = [];
  const keys: string[] = [];
  let contentLength: HeaderField | undefined;
  /** A second Content-Length field: the message is rejected, naming this one. */
  let secondContentLength: HeaderField | undefined;
  while (pos < text.length) {
    nl = text.indexOf('\n', pos);
    const lineStart = pos;
    const lineEnd = lineEndOf(text, pos, nl < 0 ? text.length : nl);
    pos = nl < 0 ? text.length : nl + 1;
    if (lineEnd === lineStart) continue;
    const c = text.charCodeAt(lineStart);
    if (c === 0x20 || c === 0x09) {
      // RFC 3261 §7.3.1: a header value may be folded onto continuation lines starting with WSP.
      const prev = fields.pop();
      if (prev === undefined)
        return parseError('bad-header-line', start + lineStart, 'continuation line before any header');
      const folded: HeaderField = {
        name: prev.name,
        value: `${prev.value} ${text.slice(lineStart, lineEnd).trim()}`.trim(),
        offset: prev.offset ?? start + lineStart,
        src: buf,
        end: start + lineEnd,
      };
      fields.push(folded);
      if (contentLength === prev) contentLength = folded;
      continue;
    }
    const colon = text.indexOf(':', lineStart);
    if (colon < 0 || colon >= lineEnd)
      return parseError('bad-header-line', start + lineStart, 'header line without ":"');
    // RFC 3261 §7.3.1 HCOLON = *( SP / HTAB ) ":" SWS (RFC 4475 wsinv "TO :")
    let nameEnd = colon;
    while (nameEnd > lineStart && isWspCode(text.charCodeAt(nameEnd - 1))) nameEnd--;
    const name = text.slice(lineStart, nameEnd);
    if (!isToken(name))
      return parseError('bad-header-line', start + lineStart, `bad header name ${JSON.stringify(name)}`);
    let vs = colon + 1;
    let ve = lineEnd;
    while (vs < ve && isTrimmed(text.charCodeAt(vs))) vs++;
    while (ve > vs && isTrimmed(text.charCodeAt(ve - 1))) ve--;
    const key = headerKey(name);
    const field: HeaderField = {
      name,
      value: text.slice(vs, ve),
      offset: start + lineStart,
      src: buf,
      end: start + lineEnd,
    };
    fields.push(field);
    keys.push(key);
    if (key === 'content-length') {
      if (contentLength === undefined) contentLength = field;
      else secondContentLength ??= field;
    }
  }
  if (nonAscii) for (let i = 0; i < fields.length; i++) fields[i] = decodeValue(fields[i] as HeaderField);
  const headers = Headers.adopt(fields, keys);

  const head = parseStartLine(firstLine, start, headers, nonAscii);
  if ('code' in head) {
    // Keep the headers of a request with a broken Request-Line, so that it can still get a 400.
    if (isStatusLine(firstLine)) return head;
    const method = firstLine.split(' ')[0] ?? '';
    const partial: SipMessage = {
      kind: 'request',
      method,
      uri: '',
      version: '',
      headers,
      body: EMPTY_BODY,
    };
    return parseError(head.code, head.offset, head.reason, partial);
  }
  const msg = head;

  // Body framing by Content-Length (RFC 3261 §18.3 for datagrams; exact for stream frames).
  const available = buf.length - bodyStart;
  let bodyEnd = buf.length;
  const cl = contentLength;
  if (secondContentLength !== undefined) {
    return parseError(
      'multiple-content-length',
      secondContentLength.offset ?? 0,
      'more than one Content-Length',
      msg,
    );
  }
  if (cl !== undefined) {
    const n = contentLengthValue(cl.value);
    if (n === undefined) {
      return parseError(
        'bad-content-length',
        cl.offset ?? 0,
        `bad Content-Length ${JSON.stringify(cl.value)}`,
        msg,
      );
    }
    // RFC 3261 §18.3: "If the transport packet ends before the end of the message body, this is
    // considered an error. If the message is a response, it MUST be discarded. If the message is
    // a request, the element SHOULD generate a 400 (Bad Request) response."
    if (n > available) {
      return parseError(
        'content-length-exceeds-body',
        cl.offset ?? 0,
        `Content-Length ${n} > ${available}`,
        msg,
      );
    }
    // RFC 3261 §18.3: "Any octets ... beyond the end of the body are to be discarded."
    bodyEnd = bodyStart + n;
  }
  msg.body = bodyEnd === bodyStart ? EMPTY_BODY : buf.subarray(bodyStart, bodyEnd);
  if (!validate) return msg;

  const uriProblem = requestUriProblem(msg, start);
  if (uriProblem !== undefined) return uriProblem;
  const problem = validateHeaders(msg);
  if (problem !== undefined) return parseError(problem.code, problem.offset, problem.reason, msg);
  if (msg.version !== 'SIP/2.0') {
    return parseError('unsupported-version', start, `unsupported version ${msg.version}`, msg);
  }
  return msg;
}

/** The body of every message without one (zero bytes: nothing in it can be changed). */
const EMPTY_BODY = new Uint8Array(0);

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** End of the line whose "\n" is at nl: a CR before it is not part of the line. */
function lineEndOf(text: string, lineStart: number, nl: number): number {
  return nl > lineStart && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
}

/** A Status-Line starts with "SIP/" (any case); a Request-Line with a method. */
function isStatusLine(line: string): boolean {
  return (
    line.length >= 4 &&
    (line.charCodeAt(0) | 0x20) === 0x73 &&
    (line.charCodeAt(1) | 0x20) === 0x69 &&
    (line.charCodeAt(2) | 0x20) === 0x70 &&
    line.charCodeAt(3) === 0x2f
  );
}

/** What String.prototype.trim removes, within latin1 (header text is decoded as latin1). */
function isTrimmed(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;
}

/** Content-Length = 1*DIGIT (at most 10 digits here), else undefined. */
function contentLengthValue(v: string): number | undefined {
  if (v.length === 0 || v.length > 10) return undefined;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The first empty line ends the header section; accept CRLF and bare LF line ends. Returns the
 * index just after the last header line's LF (the empty line starts there), or buf.length.
 */
function findHeaderEnd(buf: Buffer, start: number): number {
  for (let i = buf.indexOf(0x0a, start); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return i + 1;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 1;
  }
  // No empty line (RFC 4475 baddn as archived): the whole input is the header section.
  return buf.length;
}

function decodeValue(f: HeaderField): HeaderField {
  if (!NON_ASCII.test(f.value)) return f;
  try {
    return { ...f, value: utf8.decode(Buffer.from(f.value, 'latin1')) };
  } catch {
    return f; // not UTF-8: keep the latin1 reading, raw bytes are kept anyway
  }
}

function parseStartLine(
  line: string,
  offset: number,
  headers: Headers,
  nonAscii: boolean,
): SipMessage | ParseError {
  if (isStatusLine(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) return parseError('bad-start-line', offset, 'status line without status code');
    const version = line.slice(0, sp1);
    if (version !== 'SIP/2.0' && !/^SIP\/\d+\.\d+$/i.test(version))
      return parseError('bad-start-line', offset, `bad version ${version}`);
    const rest = line.slice(sp1 + 1);
    const sp2 = rest.indexOf(' ');
    const code = sp2 < 0 ? rest : rest.slice(0, sp2);
    // RFC 3261 §25.1: Status-Code = 3DIGIT; §21: classes 1xx to 6xx (RFC 4475 bigcode).
    if (!/^[1-6]\d\d$/.test(code))
      return parseError('bad-status-code', offset + sp1 + 1, `bad status code ${code}`);
    let reason = sp2 < 0 ? '' : rest.slice(sp2 + 1);
    if (nonAscii) {
      try {
        reason = utf8.decode(Buffer.from(reason, 'latin1'));
      } catch {
        /* not UTF-8: keep latin1 */
      }
    }
    return {
      kind: 'response',
      version: upperVersion(version),
      status: Number(code),
      reason,
      headers,
      body: EMPTY_BODY,
    };
  }
  // Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly one SP between elements
  // (RFC 4475 lwsstart, trws, lwsruri).
  const parts = line.split(' ');
  if (parts.length !== 3)
    return parseError('bad-start-line', offset, 'request line must be "METHOD URI SIP/2.0"');
  const [method = '', uri = '', version = ''] = parts;
  if (!isToken(method)) return parseError('bad-start-line', offset, `bad method ${JSON.stringify(method)}`);
  if (version !== 'SIP/2.0' && !/^SIP\/\d+\.\d+$/i.test(version))
    return parseError('bad-start-line', offset, `bad version ${version}`);
  // The Request-URI is checked with the typed headers (requestUriProblem), not while framing.
  return { kind: 'request', method, uri, version: upperVersion(version), headers, body: EMPTY_BODY };
}

/** The version in upper case; the usual one is the same shared string for every message. */
function upperVersion(version: string): string {
  return version === SIP_2_0 ? SIP_2_0 : version.toUpperCase();
}

const SIP_2_0 = 'SIP/2.0';

/** What is wrong with a request's Request-URI (offset = the start line's), or undefined. */
function requestUriProblem(msg: SipMessage, offset: number): ParseError | undefined {
  if (msg.kind !== 'request') return undefined;
  const u = parseUri(msg.uri);
  const uriOffset = offset + msg.method.length + 1;
  if (u.kind === 'error') return parseError('bad-request-uri', uriOffset, `Request-URI: ${u.reason}`, msg);
  // RFC 3261 §19.1.1 table: headers are "not allowed" in a Request-URI (RFC 4475 escruri).
  if (u.kind === 'sip' && u.headers !== undefined) {
    return parseError('bad-request-uri', uriOffset, 'escaped headers are not allowed in a Request-URI', msg);
  }
  return undefined;
}
