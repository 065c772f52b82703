// From, To, Contact, Route, Record-Route, Reply-To values (RFC 3261 §25.1):
//   ( name-addr / addr-spec ) *( SEMI generic-param )
//   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
//   display-name = *(token LWS) / quoted-string

import { isTokenChar, isWsp, scanQuoted, skipWs } from './grammar';
import { getParam, parseParams } from './parse-params';
import type { Param } from './parse-params';
import { parseUri } from './parse-uri';
import type { Uri } from './parse-uri';

export interface NameAddr {
  /** Display name without quotes (quoted-pairs resolved); undefined when absent. */
  readonly displayName: string | undefined;
  readonly uri: Uri;
  /** Header parameters (after the URI), e.g. tag, expires, q. */
  readonly params: readonly Param[];
  /** True when the URI was inside < >. */
  readonly bracketed: boolean;
}

export type NameAddrResult = NameAddr | { readonly error: string };

export function parseNameAddr(value: string): NameAddrResult {
  const s = value;
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  let bracketAt = -1;
  if (s[i] === '"') {
    const q = scanQuoted(s, i);
    if (q === undefined) return { error: 'unterminated quoted display name' };
    displayName = q.text;
    i = skipWs(s, q.end);
    if (s[i] !== '<') return { error: 'quoted display name not followed by <' };
    bracketAt = i;
  } else {
    // Unquoted display names are tokens separated by LWS; anything else means addr-spec.
    let j = i;
    while (j < s.length && (isTokenChar(s[j] as string) || isWsp(s[j]))) j++;
    if (s[j] === '<') {
      bracketAt = j;
      const dn = s.slice(i, j).trim();
      displayName = dn.length > 0 ? dn : undefined;
    }
  }

  if (bracketAt >= 0) {
    const close = s.indexOf('>', bracketAt);
    if (close < 0) return { error: 'missing >' };
    // RFC 3261 §25.1: LAQUOT = SWS "<" and RAQUOT = ">" SWS, so no LWS inside (RFC 4475 badaspec).
    const uri = parseUri(s.slice(bracketAt + 1, close));
    if (uri.kind === 'error') return { error: `URI: ${uri.reason}` };
    const pr = parseParams(s, close + 1);
    if ('error' in pr) return { error: `parameters: ${pr.error}` };
    return { displayName, uri, params: pr.params, bracketed: true };
  }

  let end = i;
  while (end < s.length && s[end] !== ';' && !isWsp(s[end])) end++;
  const spec = s.slice(i, end);
  // RFC 3261 §20.10: "if the URI contains a comma, question mark or semicolon, the URI MUST be
  // enclosed in angle brackets" (RFC 4475 regbadct).
  if (spec.includes(',') || spec.includes('?')) return { error: 'addr-spec with "," or "?" must be in < >' };
  const uri = parseUri(spec);
  if (uri.kind === 'error') return { error: `URI: ${uri.reason}` };
  const pr = parseParams(s, end);
  if ('error' in pr) return { error: `parameters: ${pr.error}` };
  return { displayName: undefined, uri, params: pr.params, bracketed: false };
}

export function nameAddrTag(na: NameAddr): string | undefined {
  return getParam(na.params, 'tag')?.value;
}
