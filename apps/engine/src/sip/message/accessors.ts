// Typed views of the headers the stack itself needs, parsed on first use and cached on the
// message's Headers. Each returns undefined (or []) when the header is absent or malformed;
// parseMessage has already rejected malformed ones, so for parsed messages undefined means absent.

import { parseCSeq } from './parse-cseq';
import type { CSeq } from './parse-cseq';
import { nameAddrTag, parseNameAddr } from './parse-name-addr';
import type { NameAddr } from './parse-name-addr';
import { parseVia } from './parse-via';
import type { Via } from './parse-via';
import type { Headers } from './headers';
import type { SipMessage } from './sip-message';

// The parse functions handed to Headers.cached() are made once, here: not a closure per call.

function parseVias(headers: Headers): readonly Via[] {
  const out: Via[] = [];
  for (const v of headers.values('via')) {
    const via = parseVia(v);
    if ('error' in via) return [];
    out.push(via);
  }
  return out;
}

function parseCSeqHeader(headers: Headers): CSeq | undefined {
  const v = headers.get('cseq');
  if (v === undefined) return undefined;
  const c = parseCSeq(v);
  return 'error' in c ? undefined : c;
}

function parseNameAddrHeader(headers: Headers, name: string): NameAddr | undefined {
  const v = headers.get(name);
  if (v === undefined) return undefined;
  const na = parseNameAddr(v);
  return 'error' in na ? undefined : na;
}

function parseNameAddrList(headers: Headers, name: string): readonly NameAddr[] {
  const out: NameAddr[] = [];
  for (const v of headers.values(name)) {
    const na = parseNameAddr(v);
    if ('error' in na) return [];
    out.push(na);
  }
  return out;
}

export function getVias(msg: SipMessage): readonly Via[] {
  return msg.headers.cached('via', parseVias);
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
  return msg.headers.cached('cseq', parseCSeqHeader);
}

export function getCallId(msg: SipMessage): string | undefined {
  return msg.headers.get('call-id');
}

function nameAddrHeader(msg: SipMessage, name: string): NameAddr | undefined {
  return msg.headers.cached(name, parseNameAddrHeader);
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
  return msg.headers.cached(name, parseNameAddrList);
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
