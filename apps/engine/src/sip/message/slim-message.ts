// A copy of a message with only the named headers and no body, for state kept long after the
// message was handled (a transaction absorbing retransmissions for 32 s, a context waiting for a
// late 2xx). The kept values are copied into strings of their own: a parsed field's value is a
// slice of the whole header text and it points into the whole datagram, and either would
// keep the entire message alive for as long as the copy lives.
import { knownHeaderNameOfKey } from './header-names';
import { Headers, type HeaderField } from './headers';
import { ownString } from './own-string';
import type { SipMessage } from './sip-message';

/** Header keys (headerKey) that identify a transaction and its dialog. */
export const IDENTITY_HEADERS: ReadonlySet<string> = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

export function slimMessage<M extends SipMessage>(msg: M, keep: ReadonlySet<string> = IDENTITY_HEADERS): M {
  const source = msg.headers;
  const count = source.fields.length;
  let kept = 0;
  for (let i = 0; i < count; i++) if (keep.has(source.keyAt(i) as string)) kept++;
  // Arrays of their exact size: grown by push, each would carry a dozen empty slots for 32 s.
  const fields = new Array<HeaderField>(kept);
  const keys = new Array<string>(kept);
  for (let i = 0, k = 0; i < count; i++) {
    const key = source.keyAt(i) as string;
    if (!keep.has(key)) continue;
    const f = source.fields[i] as HeaderField;
    fields[k] = sharedField(knownHeaderNameOfKey(key) ?? ownString(f.name), f.value);
    keys[k++] = key;
  }
  const headers = Headers.adopt(fields, keys);
  const version = msg.version === SIP_2_0 ? SIP_2_0 : ownString(msg.version);
  const slim: SipMessage =
    msg.kind === 'request'
      ? { kind: 'request', method: msg.method, uri: ownString(msg.uri), version, headers, body: EMPTY }
      : {
          kind: 'response',
          version,
          status: msg.status,
          reason: msg.reason === 'OK' ? 'OK' : ownString(msg.reason),
          headers,
          body: EMPTY,
        };
  return slim as M;
}

const SIP_2_0 = 'SIP/2.0';

/**
 * Recently made fields by value: fields are never changed in place, so copies can share one.
 * Many values repeat from call to call (a CSeq, a caller's Contact, a To before its tag).
 */
const fieldPool = new Map<string, HeaderField>();
const FIELD_POOL_MAX = 8192;

/** A field of name and value, the same object as an earlier slimmed copy's when they match. */
function sharedField(name: string, value: string): HeaderField {
  const known = fieldPool.get(value);
  if (known !== undefined && known.name === name) return known;
  const field: HeaderField = { name, value: known !== undefined ? known.value : ownString(value) };
  if (fieldPool.size >= FIELD_POOL_MAX) fieldPool.clear();
  fieldPool.set(field.value, field);
  return field;
}

const EMPTY = new Uint8Array(0);
