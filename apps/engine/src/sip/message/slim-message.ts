// A copy of a message with only the named headers and no body, for state kept long after the
// message was handled (a transaction absorbing retransmissions for 32 s, a context waiting for a
// late 2xx). The kept values are copied into strings of their own: a parsed field's value is a
// slice of the whole header text and it points into the whole datagram, and either would
// keep the entire message alive for as long as the copy lives.
import { headerKey } from './header-names';
import { Headers, type HeaderField } from './headers';
import type { SipMessage } from './sip-message';

/** Header keys (headerKey) that identify a transaction and its dialog. */
export const IDENTITY_HEADERS: ReadonlySet<string> = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

export function slimMessage<M extends SipMessage>(msg: M, keep: ReadonlySet<string> = IDENTITY_HEADERS): M {
  const fields: HeaderField[] = [];
  for (const f of msg.headers.fields) {
    if (keep.has(headerKey(f.name))) fields.push({ name: ownString(f.name), value: ownString(f.value) });
  }
  const slim = { ...msg, headers: new Headers(fields), body: EMPTY };
  if (slim.kind === 'request') slim.uri = ownString(slim.uri);
  else slim.reason = ownString(slim.reason);
  return slim;
}

/**
 * The same text in a string that shares no storage with a bigger one. V8 flattens the
 * concatenation into a new string before slicing it, so the result points into that copy, not
 * into the message's header text (about 5× cheaper than a round trip through a Buffer).
 */
function ownString(s: string): string {
  return ` ${s}`.slice(1);
}

const EMPTY = new Uint8Array(0);
