// HTTP Digest for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616): read a WWW-Authenticate or
// Proxy-Authenticate challenge and compute the Authorization / Proxy-Authorization answer.
// MD5 and SHA-256 (plain, not -sess), qop=auth or no qop (RFC 2069 compatibility).

import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: DigestAlgorithm;
  /** 'auth' when the server offers it; undefined for a challenge without qop. */
  readonly qop?: 'auth';
}

export interface DigestInput {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** digest-uri: the Request-URI in SIP. */
  readonly uri: string;
  readonly cnonce: string;
  /** nonce-count, 8 hex digits. */
  readonly nc: string;
}

/** Parse `Digest realm="x", nonce="y", qop="auth,auth-int", algorithm=SHA-256`; undefined if unusable. */
export function parseChallenge(header: string): DigestChallenge | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (m === null) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p = re.exec(m[1] ?? ''); p !== null; p = re.exec(m[1] ?? ''))
    params.set((p[1] ?? '').toLowerCase(), p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? ''));
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const algo = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (algo !== 'MD5' && algo !== 'SHA-256') return undefined;
  const qops = params
    .get('qop')
    ?.split(',')
    .map((q) => q.trim().toLowerCase());
  // RFC 7616 §3.3: qop is "a quoted string of one or more tokens indicating the "quality of
  // protection" values supported by the server"; we implement only "auth".
  if (qops !== undefined && !qops.includes('auth')) return undefined;
  const opaque = params.get('opaque');
  return {
    realm,
    nonce,
    algorithm: algo,
    ...(opaque === undefined ? {} : { opaque }),
    ...(qops === undefined ? {} : { qop: 'auth' as const }),
  };
}

function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

/** The request-digest (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1). */
export function digestResponse(ch: DigestChallenge, input: DigestInput): string {
  const ha1 = hash(ch.algorithm, `${input.username}:${ch.realm}:${input.password}`);
  const ha2 = hash(ch.algorithm, `${input.method}:${input.uri}`);
  // RFC 2617 §3.2.2.1: with qop, request-digest = KD(H(A1), nonce:nc:cnonce:qop:H(A2));
  // without it (RFC 2069 compatibility), KD(H(A1), nonce:H(A2)).
  return ch.qop === 'auth'
    ? hash(ch.algorithm, `${ha1}:${ch.nonce}:${input.nc}:${input.cnonce}:auth:${ha2}`)
    : hash(ch.algorithm, `${ha1}:${ch.nonce}:${ha2}`);
}

const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;

/** The credentials header value answering ch for one request. */
export function authorizationValue(
  ch: DigestChallenge,
  input: Omit<DigestInput, 'cnonce' | 'nc'> & { cnonce?: string; nc?: string },
): string {
  const full: DigestInput = {
    ...input,
    cnonce: input.cnonce ?? randomBytes(8).toString('hex'),
    nc: input.nc ?? '00000001',
  };
  const parts = [
    `username=${quote(full.username)}`,
    `realm=${quote(ch.realm)}`,
    `nonce=${quote(ch.nonce)}`,
    `uri=${quote(full.uri)}`,
    `response=${quote(digestResponse(ch, full))}`,
    `algorithm=${ch.algorithm}`,
  ];
  // RFC 2617 §3.2.2: "cnonce ... MUST be specified if a qop directive is sent" and "nc ...
  // MUST be specified if a qop directive is sent".
  if (ch.qop === 'auth') parts.push(`cnonce=${quote(full.cnonce)}`, 'qop=auth', `nc=${full.nc}`);
  // §3.2.2: "opaque ... that SHOULD be returned by the client unchanged in the Authorization header".
  if (ch.opaque !== undefined) parts.push(`opaque=${quote(ch.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
