// One Via value (RFC 3261 §20.42, §25.1):
//   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport
// LWS may surround each "/" (SLASH = SWS "/" SWS; RFC 4475 wsinv has "SIP  /   2.0 / UDP").

import { isToken, parseHostPort, scanToken, skipWs } from './grammar';
import { formatParams, getParam, parseParams } from './parse-params';
import type { Param } from './parse-params';

export interface Via {
  readonly protocol: string;
  readonly version: string;
  /** Upper-case transport: UDP, TCP, TLS, SCTP, WS, or an extension token. */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: readonly Param[];
  readonly branch: string | undefined;
}

export type ViaResult = Via | { readonly error: string };

export function parseVia(value: string): ViaResult {
  const s = value;
  let i = skipWs(s, 0);
  // sent-protocol: protocol-name SLASH protocol-version SLASH transport, LWS around each "/".
  let protocol = '';
  let version = '';
  let transport = '';
  for (let n = 0; n < 3; n++) {
    const end = scanToken(s, i);
    if (end === i) return { error: 'bad sent-protocol' };
    const part = s.slice(i, end);
    if (n === 0) protocol = part;
    else if (n === 1) version = part;
    else transport = upperCase(part);
    i = skipWs(s, end);
    if (n < 2) {
      if (s.charCodeAt(i) !== 0x2f) return { error: 'bad sent-protocol: expected "/"' };
      i = skipWs(s, i + 1);
    }
  }
  if (i === s.length) return { error: 'missing sent-by' };
  const start = i;
  while (i < s.length && s[i] !== ';' && s[i] !== ' ' && s[i] !== '\t') i++;
  const hp = parseHostPort(s, start, i);
  if (hp === undefined) return { error: `bad sent-by ${JSON.stringify(s.slice(start, i))}` };
  const pr = parseParams(s, i);
  if ('error' in pr) return { error: `Via parameters: ${pr.error}` };
  const branch = getParam(pr.params, 'branch');
  if (branch !== undefined && (branch.value === undefined || !isToken(branch.value))) {
    return { error: 'bad branch' };
  }
  return {
    protocol,
    version,
    transport,
    host: hp.host,
    port: hp.port,
    params: pr.params,
    branch: branch?.value,
  };
}

/** The transport in upper case: most are already (UDP, TCP), and need no new string. */
function upperCase(t: string): string {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c >= 0x61 && c <= 0x7a) return t.toUpperCase();
  }
  return t;
}

export function isViaError(v: ViaResult): v is { readonly error: string } {
  return 'error' in v;
}

export function formatVia(via: Via): string {
  const hostport = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  return `${via.protocol}/${via.version}/${via.transport} ${hostport}${formatParams(via.params)}`;
}

/** The Via with params replaced/added (value undefined = flag) or removed (null). */
export function withViaParams(via: Via, changes: Record<string, string | undefined | null>): Via {
  const params: Param[] = [];
  const done = new Set<string>();
  for (const p of via.params) {
    const key = p.name.toLowerCase();
    if (key in changes) {
      const v = changes[key];
      done.add(key);
      if (v !== null) params.push({ name: p.name, value: v });
    } else params.push(p);
  }
  for (const [name, v] of Object.entries(changes)) {
    if (!done.has(name) && v !== null) params.push({ name, value: v });
  }
  return { ...via, params };
}

/** RFC 3261 §8.1.1.7: a branch starting with the magic cookie marks an RFC 3261 client. */
export const MAGIC_COOKIE = 'z9hG4bK';
