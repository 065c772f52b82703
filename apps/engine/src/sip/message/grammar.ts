// Character classes and small scanners from the RFC 3261 §25.1 ABNF, shared by the grammar files.

const TOKEN_EXTRA = new Set("-.!%*_+`'~");

/** RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    TOKEN_EXTRA.has(c)
  );
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (const c of s) if (!isTokenChar(c)) return false;
  return true;
}

export function isWsp(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Skip linear white space (header values are already unfolded, so only SP/HT remain). */
export function skipWs(s: string, i: number): number {
  while (i < s.length && isWsp(s[i])) i++;
  return i;
}

/** Scan a token starting at i; returns the end index (== i when there is none). */
export function scanToken(s: string, i: number): number {
  while (i < s.length && isTokenChar(s[i] as string)) i++;
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
  if (s.length === 0) return false;
  // hostname = *( domainlabel "." ) toplabel [ "." ]; labels: alphanum and inner "-"
  return /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(s);
}

/** Parse "host[:port]" where host may be an IPv6 reference. */
export function parseHostPort(s: string): { host: string; port: number | undefined } | undefined {
  let host: string;
  let rest: string;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return undefined;
    host = s.slice(0, close + 1);
    rest = s.slice(close + 1);
  } else {
    const colon = s.indexOf(':');
    host = colon < 0 ? s : s.slice(0, colon);
    rest = colon < 0 ? '' : s.slice(colon);
  }
  if (!isHost(host)) return undefined;
  if (rest === '') return { host, port: undefined };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  const port = Number(rest.slice(1));
  if (port > 65535) return undefined;
  return { host, port };
}
