// Chooses the deployed flow whose Start matches a new request: method, Request-URI user and
// domain (exact, prefix, regex), source network, transport. Programs are kept sorted by
// priority (highest first), then flow id, so the choice is stable across restarts.
import type { ProgramMatch } from '@patchbay/shared/program';
import type { Peer, RequestView } from '../sip/sip-stack-types';
import type { LinkedProgram } from './link-program';

export type RequestMatcher = (request: RequestView, source: Peer) => boolean;

export function selectFlow(
  programs: readonly LinkedProgram[],
  request: RequestView,
  source: Peer,
): LinkedProgram | undefined {
  for (const p of programs) if (p.matches(request, source)) return p;
  return undefined;
}

/** Compiled once at link time. */
export function compileMatch(match: ProgramMatch): RequestMatcher {
  const methods = new Set(match.methods.map((m) => m.toUpperCase()));
  const user = match.user && textMatcher(match.user.mode, match.user.value, false);
  const domain = match.domain && textMatcher(match.domain.mode, match.domain.value, true);
  const nets = match.sources?.map(parseCidr).filter((n): n is Cidr => n !== undefined);
  const transport = match.transport;
  return (req, source) => {
    if (!methods.has(req.method)) return false;
    if (transport !== undefined && source.transport !== transport) return false;
    if (nets && nets.length > 0 && !nets.some((n) => inCidr(source.address, n))) return false;
    if (user && !user(req.uriParts.user ?? '')) return false;
    if (domain && !domain(req.uriParts.host)) return false;
    return true;
  };
}

function textMatcher(
  mode: 'exact' | 'prefix' | 'regex',
  value: string,
  caseless: boolean,
): (s: string) => boolean {
  const v = caseless ? value.toLowerCase() : value;
  const norm = (s: string) => (caseless ? s.toLowerCase() : s);
  switch (mode) {
    case 'exact':
      return (s) => norm(s) === v;
    case 'prefix':
      return (s) => norm(s).startsWith(v);
    case 'regex': {
      const re = new RegExp(value, caseless ? 'i' : '');
      return (s) => re.test(s);
    }
  }
}

interface Cidr {
  readonly v6: boolean;
  readonly bytes: number[];
  readonly bits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', bitsText] = text.split('/');
  const bytes = addressBytes(addr);
  if (!bytes) return undefined;
  const bits = bitsText === undefined ? bytes.length * 8 : Number(bitsText);
  return { v6: bytes.length === 16, bytes, bits };
}

export function inCidr(address: string, net: Cidr): boolean {
  let bytes = addressBytes(address);
  if (!bytes) return false;
  // An IPv4-mapped IPv6 source (::ffff:10.0.0.1) matches IPv4 networks.
  if (
    bytes.length === 16 &&
    !net.v6 &&
    bytes.slice(0, 10).every((b) => b === 0) &&
    bytes[10] === 255 &&
    bytes[11] === 255
  )
    bytes = bytes.slice(12);
  if (bytes.length !== net.bytes.length) return false;
  for (let bit = 0; bit < net.bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[i] ?? 0) & mask) !== ((net.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function addressBytes(addr: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(addr)) {
    const b = addr.split('.').map(Number);
    return b.every((x) => x <= 255) ? b : undefined;
  }
  if (!addr.includes(':')) return undefined;
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr)?.[1];
  let text = addr;
  let tail: number[] = [];
  if (v4tail) {
    tail = v4tail.split('.').map(Number);
    text = addr.slice(0, -v4tail.length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const r = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const groups = [...h, ...Array<string>(Math.max(fill, 0)).fill('0'), ...r];
  if (groups.length !== 8) return undefined;
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 255, n & 255];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}
