// SIP/SIPS URIs (RFC 3261 §19.1) and, for any other scheme, an opaque absolute URI (§25.1
// absoluteURI): RFC 4475 §3.3.2-3.3.4 say unknown schemes must not break the parser.

import { parseHostPort } from './grammar';
import { getParam, parseParams } from './parse-params';
import type { Param } from './parse-params';

export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  /** Still %-escaped, as on the wire. */
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: readonly Param[];
  /** Text after "?", still escaped. */
  readonly headers: string | undefined;
  readonly raw: string;
}

export interface AbsoluteUri {
  readonly kind: 'absolute';
  readonly scheme: string;
  readonly raw: string;
}

export type Uri = SipUri | AbsoluteUri;

export interface UriError {
  readonly kind: 'error';
  readonly reason: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// Characters never legal unescaped anywhere in a URI.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s<>"\x00-\x1f\x7f]/;

export function parseUri(raw: string): Uri | UriError {
  const colon = raw.indexOf(':');
  if (colon <= 0) return { kind: 'error', reason: 'missing scheme' };
  let lower: string | undefined = sipScheme(raw, colon);
  if (lower === undefined) {
    const scheme = raw.slice(0, colon);
    if (!SCHEME.test(scheme)) return { kind: 'error', reason: `bad scheme ${JSON.stringify(scheme)}` };
    lower = scheme.toLowerCase();
  }
  if (FORBIDDEN.test(raw)) return { kind: 'error', reason: 'URI contains whitespace or < > "' };
  if (lower !== 'sip' && lower !== 'sips') {
    if (colon + 1 === raw.length) return { kind: 'error', reason: 'empty URI' };
    return { kind: 'absolute', scheme: lower, raw };
  }

  // Positions in raw rather than slices of it: a URI is parsed in every From, To, Contact and
  // Route of every message, and only its parts are kept.
  // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@". The user part may hold
  // ";", "?" and ":" (RFC 4475 semiuri, intmeth), but never an unescaped "@".
  let user: string | undefined;
  let password: string | undefined;
  let hostStart = colon + 1;
  const at = raw.indexOf('@', hostStart);
  if (at >= 0) {
    const pw = raw.indexOf(':', hostStart);
    user = raw.slice(hostStart, pw < 0 || pw > at ? at : pw);
    password = pw < 0 || pw > at ? undefined : raw.slice(pw + 1, at);
    if (user.length === 0) return { kind: 'error', reason: 'empty user part' };
    hostStart = at + 1;
  }

  let headers: string | undefined;
  let hostPartEnd = raw.length;
  const q = raw.indexOf('?', hostStart);
  if (q >= 0) {
    headers = raw.slice(q + 1);
    hostPartEnd = q;
  }
  let semi = raw.indexOf(';', hostStart);
  if (semi >= hostPartEnd) semi = -1;
  const hostEnd = semi < 0 ? hostPartEnd : semi;
  const hp = parseHostPort(raw, hostStart, hostEnd);
  if (hp === undefined) {
    return { kind: 'error', reason: `bad host/port ${JSON.stringify(raw.slice(hostStart, hostEnd))}` };
  }
  let params: readonly Param[] = NO_PARAMS;
  if (semi >= 0) {
    const pr = parseParams(raw, semi, hostPartEnd);
    if ('error' in pr) return { kind: 'error', reason: `URI parameters: ${pr.error}` };
    params = pr.params;
  }
  return {
    kind: 'sip',
    scheme: lower,
    user,
    password,
    host: hp.host,
    port: hp.port,
    params,
    headers,
    raw,
  };
}

/** The params of every URI without any (read-only, so one array serves them all). */
const NO_PARAMS: readonly Param[] = Object.freeze([]);

/** "sip" or "sips" when raw starts with that scheme (any case) and colon ends it. */
function sipScheme(raw: string, colon: number): 'sip' | 'sips' | undefined {
  if (colon !== 3 && colon !== 4) return undefined;
  const sip =
    (raw.charCodeAt(0) | 0x20) === 0x73 &&
    (raw.charCodeAt(1) | 0x20) === 0x69 &&
    (raw.charCodeAt(2) | 0x20) === 0x70;
  if (!sip) return undefined;
  if (colon === 3) return 'sip';
  return (raw.charCodeAt(3) | 0x20) === 0x73 ? 'sips' : undefined;
}

export function isSipUri(u: Uri | UriError): u is SipUri {
  return u.kind === 'sip';
}

/** Value of a URI parameter (case-insensitive name), '' for a flag, undefined when absent. */
export function uriParam(uri: SipUri, name: string): string | undefined {
  const p = getParam(uri.params, name);
  return p === undefined ? undefined : (p.value ?? '');
}
