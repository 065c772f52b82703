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

/** Parse params starting at i, which must point at ";" or the end of s. */
export function parseParams(s: string, i: number): ParamsResult {
  const params: Param[] = [];
  i = skipWs(s, i);
  while (i < s.length) {
    if (s[i] !== ';') return { error: `expected ";" but found ${JSON.stringify(s[i])}`, at: i };
    i = skipWs(s, i + 1);
    const nameEnd = scanToken(s, i);
    if (nameEnd === i) return { error: 'empty parameter name', at: i };
    const name = s.slice(i, nameEnd);
    i = skipWs(s, nameEnd);
    let value: string | undefined;
    if (s[i] === '=') {
      i = skipWs(s, i + 1);
      if (s[i] === '"') {
        const q = scanQuoted(s, i);
        if (q === undefined) return { error: 'unterminated quoted parameter value', at: i };
        value = s.slice(i, q.end);
        i = q.end;
      } else if (s[i] === '[') {
        const close = s.indexOf(']', i);
        if (close < 0) return { error: 'unterminated IPv6 reference', at: i };
        value = s.slice(i, close + 1);
        i = close + 1;
      } else {
        const end = scanValue(s, i);
        if (end === i) return { error: `empty value for parameter ${name}`, at: i };
        value = s.slice(i, end);
        i = end;
      }
    }
    params.push({ name, value });
    i = skipWs(s, i);
  }
  return { params };
}

// gen-value = token / host / quoted-string; a host is tokens and dots, so token chars plus ":"
// (for unbracketed oddities seen in the wild) are accepted.
function scanValue(s: string, i: number): number {
  let j = scanToken(s, i);
  while (j < s.length && s[j] === ':') j = scanToken(s, j + 1);
  return j;
}

export function getParam(params: readonly Param[], name: string): Param | undefined {
  const lower = name.toLowerCase();
  return params.find((p) => p.name.toLowerCase() === lower);
}

export function formatParams(params: readonly Param[]): string {
  return params.map((p) => (p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`)).join('');
}
