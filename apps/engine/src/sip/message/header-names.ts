import { ownString } from './own-string';

// One table of header names: canonical spelling and compact form (RFC 3261 §7.3.3 and the
// registrations that followed it). Lookups are case-insensitive (RFC 3261 §7.3.1: "field names
// are always case-insensitive").

const TABLE: ReadonlyArray<readonly [canonical: string, compact?: string]> = [
  ['Accept'],
  ['Accept-Contact', 'a'],
  ['Accept-Encoding'],
  ['Accept-Language'],
  ['Alert-Info'],
  ['Allow'],
  ['Allow-Events', 'u'],
  ['Authorization'],
  ['Call-ID', 'i'],
  ['Call-Info'],
  ['Contact', 'm'],
  ['Content-Disposition'],
  ['Content-Encoding', 'e'],
  ['Content-Language'],
  ['Content-Length', 'l'],
  ['Content-Type', 'c'],
  ['CSeq'],
  ['Date'],
  ['Error-Info'],
  ['Event', 'o'],
  ['Expires'],
  ['From', 'f'],
  ['Identity', 'y'],
  ['In-Reply-To'],
  ['Max-Forwards'],
  ['Min-Expires'],
  ['MIME-Version'],
  ['Organization'],
  ['Priority'],
  ['Proxy-Authenticate'],
  ['Proxy-Authorization'],
  ['Proxy-Require'],
  ['Record-Route'],
  ['Refer-To', 'r'],
  ['Referred-By', 'b'],
  ['Reject-Contact', 'j'],
  ['Reply-To'],
  ['Request-Disposition', 'd'],
  ['Require'],
  ['Retry-After'],
  ['Route'],
  ['Server'],
  ['Session-Expires', 'x'],
  ['Subject', 's'],
  ['Supported', 'k'],
  ['Timestamp'],
  ['To', 't'],
  ['Unsupported'],
  ['User-Agent'],
  ['Via', 'v'],
  ['Warning'],
  ['WWW-Authenticate'],
];

const byKey = new Map<string, string>();
for (const [canonical, compact] of TABLE) {
  byKey.set(canonical.toLowerCase(), canonical);
  if (compact !== undefined) byKey.set(compact, canonical);
}

/**
 * Headers whose values may be combined into one field separated by commas (RFC 3261 §7.3.1:
 * "header field rows ... can be combined into one ... only if the entire field-value for the
 * header field is defined to be a comma-separated list").
 */
const LIST_HEADERS = new Set(
  [
    'Accept',
    'Accept-Encoding',
    'Accept-Language',
    'Alert-Info',
    'Allow',
    'Call-Info',
    'Contact',
    'Content-Encoding',
    'Content-Language',
    'Error-Info',
    'In-Reply-To',
    'Proxy-Require',
    'Record-Route',
    'Require',
    'Route',
    'Supported',
    'Unsupported',
    'Via',
    'Warning',
  ].map((n) => n.toLowerCase()),
);

/** Canonical spelling for a known header (compact forms expanded); unknown names unchanged. */
export function canonicalHeaderName(name: string): string {
  return byKey.get(name.toLowerCase()) ?? name;
}

/** The canonical spelling of a known header by its headerKey (the table's own string), or undefined. */
export function knownHeaderNameOfKey(key: string): string | undefined {
  return byKey.get(key);
}

/** Comparison key: lower-case canonical name, so "v", "VIA" and "Via" share one key. */
export function headerKey(name: string): string {
  // Every parsed header name is a fresh string, and a Map lookup must hash it first; a slot picked
  // by length and end characters, holding the last name seen there, answers most lookups with one
  // string comparison (the same dozen names, spelled the same way, fill nearly every message).
  const n = name.length;
  const slot = n === 0 ? 0 : (n * 31 + name.charCodeAt(0) * 7 + name.charCodeAt(n - 1)) & (SLOTS - 1);
  if (slotName[slot] === name) return slotKey[slot] as string;
  const key = keyOf(name);
  // A copy of the name of its own: a parsed name is a slice of its message's whole header text.
  slotName[slot] = ownString(name);
  slotKey[slot] = key;
  return key;
}

const SLOTS = 256;
const slotName: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const slotKey: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

function keyOf(name: string): string {
  const known = keyMemo.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const canonical = byKey.get(lower);
  const key = canonical === undefined ? lower : canonical.toLowerCase();
  // Names repeat from message to message; a sender inventing new ones only stops the memo growing.
  if (keyMemo.size < KEY_MEMO_MAX) keyMemo.set(ownString(name), key);
  return key;
}

/** headerKey of the names seen so far, as spelled on the wire ("Via", "v", "VIA" …). */
const keyMemo = new Map<string, string>();
const KEY_MEMO_MAX = 2000;

export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(headerKey(name));
}
