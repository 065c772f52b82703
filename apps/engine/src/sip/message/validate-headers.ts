// Grammar checks for the headers that the transaction and proxy layers rely on. Other headers
// are passed through unparsed (RFC 3261 §16.6: proxies forward unknown headers unchanged), so a
// broken value in, say, Subject never stops a message.

import { headerKey } from './header-names';
import type { HeaderField } from './headers';
import { parseCSeq } from './parse-cseq';
import type { CSeq } from './parse-cseq';
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

/** Parsed values kept per header key, handed to the message's view cache (accessors.ts). */
type Parsed = Map<string, unknown[]>;

/** A header's check: the problem, or undefined when it is well formed. */
type Check = (value: string, parsed: Parsed) => string | undefined;

const keep = (parsed: Parsed, key: string, value: unknown): void => {
  const list = parsed.get(key);
  if (list === undefined) parsed.set(key, [value]);
  else list.push(value);
};

/** A check that parses: the value is kept for the accessors, so nothing is parsed twice. */
const parsing =
  (key: string, parse: (v: string) => object): Check =>
  (v, parsed) => {
    const r = parse(v);
    if ('error' in r) return String(r.error);
    keep(parsed, key, r);
    return undefined;
  };

const listOf =
  (check: Check): Check =>
  (v, parsed) => {
    for (const part of splitList(v)) {
      if (part === '') return 'empty list element';
      const e = check(part, parsed);
      if (e !== undefined) return e;
    }
    return undefined;
  };

const CHECKS: Record<string, readonly [ParseErrorCode, Check]> = {
  via: ['bad-via', listOf(parsing('via', parseVia))],
  from: ['bad-from', parsing('from', parseNameAddr)],
  to: ['bad-to', parsing('to', parseNameAddr)],
  // Call-ID = word [ "@" word ]: any visible characters, no whitespace.
  'call-id': [
    'bad-call-id',
    (v) => (/^[\x21-\xff]+$/.test(v) ? undefined : 'Call-ID must be a non-empty word'),
  ],
  cseq: ['bad-cseq', parsing('cseq', parseCSeq)],
  'max-forwards': [
    'bad-max-forwards',
    (v) => (/^\d{1,10}$/.test(v) ? undefined : 'Max-Forwards must be digits'),
  ],
  contact: [
    'bad-contact',
    (v, parsed) => (v === '*' ? undefined : listOf(parsing('contact', parseNameAddr))(v, parsed)),
  ],
  route: ['bad-route', listOf(parsing('route', parseNameAddr))],
  'record-route': ['bad-route', listOf(parsing('record-route', parseNameAddr))],
  date: ['bad-date', (v) => (DATE.test(v) ? undefined : 'Date must be an RFC 1123 date in GMT')],
};

/** Views the accessors cache as one value rather than a list. */
const SINGLE_VIEWS = new Set(['from', 'to', 'cseq']);

export function validateHeaders(msg: SipMessage): HeaderProblem | undefined {
  const seen = new Set<string>();
  const parsed: Parsed = new Map();
  for (const field of msg.headers.fields) {
    const key = headerKey(field.name);
    if (SINGLE.includes(key)) {
      if (seen.has(key)) return problem('duplicate-header', field, `more than one ${field.name} header`);
      seen.add(key);
    }
    const check = CHECKS[key];
    if (check === undefined) continue;
    const reason = check[1](field.value, parsed);
    if (reason !== undefined) return problem(check[0], field, `${field.name}: ${reason}`);
  }
  if (msg.kind === 'request') {
    const cseq = parsed.get('cseq')?.[0] as CSeq | undefined;
    // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
    if (cseq !== undefined && cseq.method !== msg.method) {
      const field = msg.headers.fields.find((f) => headerKey(f.name) === 'cseq');
      return problem('cseq-method-mismatch', field, `CSeq method ${cseq.method} is not ${msg.method}`);
    }
  }
  // Hand what was parsed to the accessors' cache (getVias, getFrom, getCSeq, ...): the layers
  // above read these headers again and again, and would otherwise parse them again.
  for (const [key, values] of parsed) {
    msg.headers.cached(key, () => (SINGLE_VIEWS.has(key) ? values[0] : values));
  }
  return undefined;
}

function problem(code: ParseErrorCode, field: HeaderField | undefined, reason: string): HeaderProblem {
  return { code, offset: field?.offset ?? 0, reason };
}
