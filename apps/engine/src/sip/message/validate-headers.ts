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

// RFC 3261 §25.1: rfc1123-date = wkday "," SP date1 SP time SP "GMT"
const DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** A header's check, given the value and the list its parsed views go to; the problem or undefined. */
type Check = (value: string, out: unknown[]) => string | undefined;

/** A check that parses: the value is kept for the accessors, so nothing is parsed twice. */
const parsing =
  (parse: (v: string) => object): Check =>
  (v, out) => {
    const r = parse(v);
    if ('error' in r) return String(r.error);
    out.push(r);
    return undefined;
  };

/** A list header: each comma-separated element checked in turn (one element needs no split). */
const listOf =
  (check: Check): Check =>
  (v, out) => {
    if (!v.includes(',')) return v === '' ? 'empty list element' : check(v, out);
    for (const part of splitList(v)) {
      if (part === '') return 'empty list element';
      const e = check(part, out);
      if (e !== undefined) return e;
    }
    return undefined;
  };

const viaList = listOf(parsing(parseVia));
const nameAddr = parsing(parseNameAddr);
const nameAddrList = listOf(nameAddr);

interface HeaderRule {
  readonly code: ParseErrorCode;
  readonly check: Check;
  /** At most one field of this header (RFC 3261 §7.3.1; RFC 4475 §3.3.8 multi01 expects 400). */
  readonly single: boolean;
  /** The accessors cache one value (From, To, CSeq) rather than a list. */
  readonly oneView: boolean;
}

const rule = (code: ParseErrorCode, check: Check, single = false, oneView = false): HeaderRule => ({
  code,
  check,
  single,
  oneView,
});

const RULES = new Map<string, HeaderRule>([
  ['via', rule('bad-via', viaList)],
  ['from', rule('bad-from', nameAddr, true, true)],
  ['to', rule('bad-to', nameAddr, true, true)],
  // Call-ID = word [ "@" word ]: any visible characters, no whitespace.
  [
    'call-id',
    rule(
      'bad-call-id',
      (v) => (/^[\x21-\xff]+$/.test(v) ? undefined : 'Call-ID must be a non-empty word'),
      true,
    ),
  ],
  ['cseq', rule('bad-cseq', parsing(parseCSeq), true, true)],
  [
    'max-forwards',
    rule('bad-max-forwards', (v) => (/^\d{1,10}$/.test(v) ? undefined : 'Max-Forwards must be digits'), true),
  ],
  ['contact', rule('bad-contact', (v, out) => (v === '*' ? undefined : nameAddrList(v, out)))],
  ['route', rule('bad-route', nameAddrList)],
  ['record-route', rule('bad-route', nameAddrList)],
  ['date', rule('bad-date', (v) => (DATE.test(v) ? undefined : 'Date must be an RFC 1123 date in GMT'))],
]);

export function validateHeaders(msg: SipMessage): HeaderProblem | undefined {
  const headers = msg.headers;
  const fields = headers.fields;
  // Parsed views per header key, in field order; few keys, so a small array beats a Map.
  const parsedKeys: string[] = [];
  const parsedViews: unknown[][] = [];
  for (let i = 0; i < fields.length; i++) {
    const key = headers.keyAt(i) as string;
    const r = RULES.get(key);
    if (r === undefined) continue;
    const field = fields[i] as HeaderField;
    let at = parsedKeys.indexOf(key);
    if (at >= 0 && r.single) return problem('duplicate-header', field, `more than one ${field.name} header`);
    if (at < 0) {
      at = parsedKeys.length;
      parsedKeys.push(key);
      parsedViews.push([]);
    }
    const reason = r.check(field.value, parsedViews[at] as unknown[]);
    if (reason !== undefined) return problem(r.code, field, `${field.name}: ${reason}`);
  }
  if (msg.kind === 'request') {
    const at = parsedKeys.indexOf('cseq');
    const cseq = at < 0 ? undefined : ((parsedViews[at] as unknown[])[0] as CSeq);
    // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
    if (cseq !== undefined && cseq.method !== msg.method) {
      const field = fields.find((f) => headerKey(f.name) === 'cseq');
      return problem('cseq-method-mismatch', field, `CSeq method ${cseq.method} is not ${msg.method}`);
    }
  }
  // Hand what was parsed to the accessors' cache (getVias, getFrom, getCSeq, ...): the layers
  // above read these headers again and again, and would otherwise parse them again.
  for (let k = 0; k < parsedKeys.length; k++) {
    const key = parsedKeys[k] as string;
    const views = parsedViews[k] as unknown[];
    if (views.length === 0) continue;
    headers.setCached(key, (RULES.get(key) as HeaderRule).oneView ? views[0] : views);
  }
  return undefined;
}

function problem(code: ParseErrorCode, field: HeaderField | undefined, reason: string): HeaderProblem {
  return { code, offset: field?.offset ?? 0, reason };
}
