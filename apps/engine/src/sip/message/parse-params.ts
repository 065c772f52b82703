// Generic ";name[=value]" parameter lists, as used by Via (via-params), name-addr header
// parameters (generic-param) and the like. LWS is allowed around ";" and "=" (RFC 3261 §25.1:
// SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS).

import { scanQuoted, scanToken, skipWs } from './grammar';

export interface Param {
  readonly name: string;
  /** undefined for a flag parameter (";lr"); quoted values keep their quotes. */
  readonly value: string | undefined;
}

export type ParamsResult = { readonly params: Param[] } | { readonly error: string; readonly at: number };

/**
 * Room for the usual few parameters. Pushed to, an empty array gets room for 17 at the first
 * push (152 bytes); a message has a dozen parameter lists (Vias, To, From, URIs) and the lists of
 * the messages a call keeps live through young collections, so the room was copied with them.
 */
const INITIAL_ROOM = 4;

/** Parse params starting at i, which must point at ";" or `end` (the end of s unless given). */
export function parseParams(s: string, i: number, end = s.length): ParamsResult {
  let params: Param[] | undefined;
  let n = 0;
  i = skipWs(s, i);
  while (i < end) {
    if (s.charCodeAt(i) !== 0x3b) return { error: `expected ";" but found ${JSON.stringify(s[i])}`, at: i };
    i = skipWs(s, i + 1);
    const nameEnd = Math.min(scanToken(s, i), end);
    if (nameEnd <= i) return { error: 'empty parameter name', at: i };
    const name = s.slice(i, nameEnd);
    i = skipWs(s, nameEnd);
    let value: string | undefined;
    if (i < end && s.charCodeAt(i) === 0x3d) {
      i = skipWs(s, i + 1);
      const c = i < end ? s.charCodeAt(i) : -1;
      if (c === 0x22) {
        const q = scanQuoted(s, i);
        if (q === undefined || q.end > end) return { error: 'unterminated quoted parameter value', at: i };
        value = s.slice(i, q.end);
        i = q.end;
      } else if (c === 0x5b) {
        const close = s.indexOf(']', i);
        if (close < 0 || close >= end) return { error: 'unterminated IPv6 reference', at: i };
        value = s.slice(i, close + 1);
        i = close + 1;
      } else {
        const valueEnd = Math.min(scanValue(s, i), end);
        if (valueEnd <= i) return { error: `empty value for parameter ${name}`, at: i };
        value = s.slice(i, valueEnd);
        i = valueEnd;
      }
    }
    params ??= new Array<Param>(INITIAL_ROOM);
    params[n++] = { name, value };
    i = skipWs(s, i);
  }
  if (params === undefined) return { params: [] };
  params.length = n;
  return { params };
}

// gen-value = token / host / quoted-string; a host is tokens and dots, so token chars plus ":"
// (for unbracketed oddities seen in the wild) are accepted.
function scanValue(s: string, i: number): number {
  let j = scanToken(s, i);
  while (j < s.length && s[j] === ':') j = scanToken(s, j + 1);
  return j;
}

/** Parameter names are case-insensitive (RFC 3261 §7.3.1); a loop, not find(), which would make
 * a closure per call: the proxy reads tags and branches several times per message. */
export function getParam(params: readonly Param[], name: string): Param | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as Param;
    if (p.name === lower || p.name.toLowerCase() === lower) return p;
  }
  return undefined;
}

export function formatParams(params: readonly Param[]): string {
  return params.map((p) => (p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`)).join('');
}
