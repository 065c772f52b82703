// Grammar checks for the headers that the transaction and proxy layers rely on. Other headers
// are passed through unparsed (RFC 3261 §16.6: proxies forward unknown headers unchanged), so a
// broken value in, say, Subject never stops a message.

import { headerKey } from './header-names';
import type { HeaderField } from './headers';
import { parseCSeq } from './parse-cseq';
import type { ParseErrorCode } from './parse-error';
import { parseNameAddr } from './parse-name-addr';
import { parseVia } from './parse-via';
import type { SipMessage } from './sip-message';
import { splitList } from './split-list';

export interface HeaderProblem {
  readonly code: ParseErrorCode;
  readonly offset: number;
  readonly reason: string;
}

/**
 * RFC 3261 §7.3.1 allows a header to appear more than once only when its value is a
 * comma-separated list; RFC 4475 §3.3.8 (multi01) expects a 400 for these.
 */
const SINGLE = ['call-id', 'from', 'to', 'cseq', 'max-forwards'];

// RFC 3261 §25.1: rfc1123-date = wkday "," SP date1 SP time SP "GMT"
const DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

type Check = (value: string) => string | undefined;

const nameAddrCheck: Check = (v) => {
  const r = parseNameAddr(v);
  return 'error' in r ? r.error : undefined;
};

const listOf =
  (check: Check): Check =>
  (v) => {
    for (const part of splitList(v)) {
      if (part === '') return 'empty list element';
      const e = check(part);
      if (e !== undefined) return e;
    }
    return undefined;
  };

const CHECKS: Record<string, readonly [ParseErrorCode, Check]> = {
  via: [
    'bad-via',
    listOf((v) => {
      const r = parseVia(v);
      return 'error' in r ? r.error : undefined;
    }),
  ],
  from: ['bad-from', nameAddrCheck],
  to: ['bad-to', nameAddrCheck],
  // Call-ID = word [ "@" word ]: any visible characters, no whitespace.
  'call-id': [
    'bad-call-id',
    (v) => (/^[\x21-\xff]+$/.test(v) ? undefined : 'Call-ID must be a non-empty word'),
  ],
  cseq: [
    'bad-cseq',
    (v) => {
      const r = parseCSeq(v);
      return 'error' in r ? r.error : undefined;
    },
  ],
  'max-forwards': [
    'bad-max-forwards',
    (v) => (/^\d{1,10}$/.test(v) ? undefined : 'Max-Forwards must be digits'),
  ],
  contact: ['bad-contact', (v) => (v === '*' ? undefined : listOf(nameAddrCheck)(v))],
  route: ['bad-route', listOf(nameAddrCheck)],
  'record-route': ['bad-route', listOf(nameAddrCheck)],
  date: ['bad-date', (v) => (DATE.test(v) ? undefined : 'Date must be an RFC 1123 date in GMT')],
};

export function validateHeaders(msg: SipMessage): HeaderProblem | undefined {
  const seen = new Set<string>();
  for (const field of msg.headers.fields) {
    const key = headerKey(field.name);
    if (SINGLE.includes(key)) {
      if (seen.has(key)) return problem('duplicate-header', field, `more than one ${field.name} header`);
      seen.add(key);
    }
    const check = CHECKS[key];
    if (check === undefined) continue;
    const reason = check[1](field.value);
    if (reason !== undefined) return problem(check[0], field, `${field.name}: ${reason}`);
  }
  if (msg.kind === 'request') {
    const cseq = msg.headers.get('cseq');
    const parsed = cseq === undefined ? undefined : parseCSeq(cseq);
    // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
    if (parsed !== undefined && !('error' in parsed) && parsed.method !== msg.method) {
      const field = msg.headers.fields.find((f) => headerKey(f.name) === 'cseq');
      return problem('cseq-method-mismatch', field, `CSeq method ${parsed.method} is not ${msg.method}`);
    }
  }
  return undefined;
}

function problem(code: ParseErrorCode, field: HeaderField | undefined, reason: string): HeaderProblem {
  return { code, offset: field?.offset ?? 0, reason };
}
