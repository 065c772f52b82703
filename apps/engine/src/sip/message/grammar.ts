// Character classes and small scanners from the RFC 3261 §25.1 ABNF, shared by the grammar files.

/** RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "-.!%*_+`'~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  TOKEN_CHARS[c.charCodeAt(0)] = 1;
}

/** Token character by char code (a table lookup: scanners call this for every character). */
export function isTokenCode(code: number): boolean {
  return code < 128 && TOKEN_CHARS[code] === 1;
}

export function isTokenChar(c: string): boolean {
  return isTokenCode(c.charCodeAt(0));
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTokenCode(s.charCodeAt(i))) return false;
  return true;
}

/** SP or HTAB by char code. */
export function isWspCode(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function isWsp(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Skip linear white space (header values are already unfolded, so only SP/HT remain). */
export function skipWs(s: string, i: number): number {
  while (isWspCode(s.charCodeAt(i))) i++;
  return i;
}

/** Scan a token starting at i; returns the end index (== i when there is none). */
export function scanToken(s: string, i: number): number {
  while (i < s.length && isTokenCode(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Scan a quoted-string starting at the opening quote at i. Returns the index after the closing
 * quote and the unescaped content, or undefined when the quote is never closed.
 * RFC 3261 §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
 */
export function scanQuoted(s: string, i: number): { end: number; text: string } | undefined {
  let text = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j] as string;
    if (c === '\\') {
      if (j + 1 >= s.length) return undefined;
      text += s[j + 1];
      j += 2;
      continue;
    }
    if (c === '"') return { end: j + 1, text };
    text += c;
    j++;
  }
  return undefined;
}

/** IPv4 dotted quad. */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 3261 §25.1 host = hostname / IPv4address / IPv6reference (brackets included). */
export function isHost(s: string): boolean {
  if (s.startsWith('[')) return /^\[[0-9a-fA-F:.]+\]$/.test(s);
  return isHostname(s);
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]; labels are alphanum with inner "-" (an IPv4
 * address is such a name too). A scan rather than a regex: it runs for every URI and Via.
 */
function isHostname(s: string): boolean {
  if (s.length === 0) return false;
  let labelLength = 0;
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (labelLength === 0 || prev === 0x2d) return false;
      labelLength = 0;
    } else if (c === 0x2d) {
      if (labelLength === 0) return false;
      labelLength++;
    } else if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) {
      labelLength++;
    } else return false;
    prev = c;
  }
  return prev !== 0x2d;
}

/**
 * Parse "host[:port]" in s[start, end), where host may be an IPv6 reference. Bounds rather than a
 * slice: URIs and Vias call this on part of a value, and the host is the only string it needs.
 */
export function parseHostPort(
  s: string,
  start = 0,
  end = s.length,
): { host: string; port: number | undefined } | undefined {
  let hostEnd: number;
  if (s.charCodeAt(start) === 0x5b) {
    const close = s.indexOf(']', start);
    if (close < 0 || close >= end) return undefined;
    hostEnd = close + 1;
  } else {
    const colon = s.indexOf(':', start);
    hostEnd = colon < 0 || colon >= end ? end : colon;
  }
  const host = s.slice(start, hostEnd);
  if (!isHost(host)) return undefined;
  if (hostEnd === end) return { host, port: undefined };
  const port = parsePort(s, hostEnd, end);
  if (port === undefined) return undefined;
  return { host, port };
}

/** ":" 1*5DIGIT in s[i, end) → the port (at most 65535), else undefined. */
function parsePort(s: string, i: number, end: number): number | undefined {
  if (end - i < 2 || end - i > 6 || s.charCodeAt(i) !== 0x3a) return undefined;
  let port = 0;
  for (let k = i + 1; k < end; k++) {
    const d = s.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return undefined;
    port = port * 10 + d;
  }
  return port > 65535 ? undefined : port;
}
