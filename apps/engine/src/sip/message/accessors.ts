// Typed views of the headers the stack itself needs, parsed on first use and cached on the
// message's Headers. Each returns undefined (or []) when the header is absent or malformed;
// parseMessage has already rejected malformed ones, so for parsed messages undefined means absent.

import { parseCSeq } from './parse-cseq';
import type { CSeq } from './parse-cseq';
import { nameAddrTag, parseNameAddr } from './parse-name-addr';
import type { NameAddr } from './parse-name-addr';
import { parseVia } from './parse-via';
import type { Via } from './parse-via';
import type { SipMessage } from './sip-message';
import { NOT_CACHED } from './headers';

// Each accessor looks in the cache first and builds its parse closure only on a miss.

export function getVias(msg: SipMessage): readonly Via[] {
  const hit = msg.headers.lookupCached('via');
  if (hit !== NOT_CACHED) return hit as readonly Via[];
  return msg.headers.cached('via', () => {
    const out: Via[] = [];
    for (const v of msg.headers.values('via')) {
      const via = parseVia(v);
      if ('error' in via) return [];
      out.push(via);
    }
    return out;
  });
}

export function getTopVia(msg: SipMessage): Via | undefined {
  return getVias(msg)[0];
}

/**
 * Adds a Via on top (a proxy or a client sending a request). The Vias parsed already stay parsed
 * and only the new one is: the transaction's key is read from the top Via right after.
 */
export function prependVia(msg: SipMessage, value: string): void {
  const below = msg.headers.peekCached('via') as readonly Via[] | undefined;
  msg.headers.prepend('Via', value);
  if (below === undefined || below.length === 0) return; // nothing parsed to keep
  const top = parseVia(value);
  if (!('error' in top)) msg.headers.setCached('via', [top, ...below]);
}

export function getCSeq(msg: SipMessage): CSeq | undefined {
  const hit = msg.headers.lookupCached('cseq');
  if (hit !== NOT_CACHED) return hit as CSeq | undefined;
  return msg.headers.cached('cseq', () => {
    const v = msg.headers.get('cseq');
    if (v === undefined) return undefined;
    const c = parseCSeq(v);
    return 'error' in c ? undefined : c;
  });
}

export function getCallId(msg: SipMessage): string | undefined {
  return msg.headers.get('call-id');
}

function nameAddrHeader(msg: SipMessage, name: string): NameAddr | undefined {
  const hit = msg.headers.lookupCached(name);
  if (hit !== NOT_CACHED) return hit as NameAddr | undefined;
  return msg.headers.cached(name, () => {
    const v = msg.headers.get(name);
    if (v === undefined) return undefined;
    const na = parseNameAddr(v);
    return 'error' in na ? undefined : na;
  });
}

export function getFrom(msg: SipMessage): NameAddr | undefined {
  return nameAddrHeader(msg, 'from');
}

export function getTo(msg: SipMessage): NameAddr | undefined {
  return nameAddrHeader(msg, 'to');
}

export function getFromTag(msg: SipMessage): string | undefined {
  const f = getFrom(msg);
  return f === undefined ? undefined : nameAddrTag(f);
}

export function getToTag(msg: SipMessage): string | undefined {
  const t = getTo(msg);
  return t === undefined ? undefined : nameAddrTag(t);
}

function nameAddrList(msg: SipMessage, name: string): readonly NameAddr[] {
  const hit = msg.headers.lookupCached(name);
  if (hit !== NOT_CACHED) return hit as readonly NameAddr[];
  return msg.headers.cached(name, () => {
    const out: NameAddr[] = [];
    for (const v of msg.headers.values(name)) {
      const na = parseNameAddr(v);
      if ('error' in na) return [];
      out.push(na);
    }
    return out;
  });
}

export function getRoutes(msg: SipMessage): readonly NameAddr[] {
  return nameAddrList(msg, 'route');
}

export function getRecordRoutes(msg: SipMessage): readonly NameAddr[] {
  return nameAddrList(msg, 'record-route');
}

/** Contact values (name-addr form); [] for "*" (REGISTER's remove-all) and when absent. */
export function getContacts(msg: SipMessage): readonly NameAddr[] {
  return nameAddrList(msg, 'contact');
}

export function getMaxForwards(msg: SipMessage): number | undefined {
  const v = msg.headers.get('max-forwards');
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}
