// RFC 4475 torture messages (testdata/rfc4475, copied byte for byte with provenance in its
// README.md). EVERY case is listed here with the outcome the parser must give: well-formed
// messages parse to the values the RFC describes; invalid ones give a specific ParseError code;
// the "semantically odd" ones (§3.2-3.4) parse, and their transaction/proxy-level answers are
// checked in proxy/torture-proxy.test.ts and transport/torture-wire.test.ts.
// Datagram framing is assumed throughout (dblreq, clerr, ncl, mcl01, inv2543 depend on it).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getCSeq, getCallId, getFrom, getMaxForwards, getRoutes, getTo, getVias } from './accessors';
import { nameAddrTag } from './parse-name-addr';
import type { ParseErrorCode } from './parse-error';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import type { SipMessage } from './sip-message';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'rfc4475');
const load = (name: string): Buffer => readFileSync(join(DIR, `${name}.dat`));

type Category = 'valid' | 'invalid' | 'odd';
type Outcome =
  | {
      kind: 'request';
      method: string;
      uri: string;
      callId: string | undefined;
      headers: number;
      body: number;
    }
  | { kind: 'response'; status: number; reason: string; callId: string; headers: number; body: number }
  | { error: ParseErrorCode };

interface Case {
  readonly name: string;
  readonly section: string;
  readonly category: Category;
  readonly outcome: Outcome;
  readonly check?: (m: SipMessage) => void;
}

const req = (
  method: string,
  uri: string,
  callId: string | undefined,
  headers: number,
  body = 0,
): Outcome => ({
  kind: 'request',
  method,
  uri,
  callId,
  headers,
  body,
});
const res = (status: number, reason: string, callId: string, headers: number, body = 0): Outcome => ({
  kind: 'response',
  status,
  reason,
  callId,
  headers,
  body,
});
const err = (code: ParseErrorCode): Outcome => ({ error: code });

const CASES: readonly Case[] = [
  // §3.1.1 Valid messages
  {
    name: 'wsinv',
    section: '3.1.1.1',
    category: 'valid',
    outcome: req(
      'INVITE',
      'sip:vivekg@chair-dnrc.example.com;unknownparam',
      'wsinv.ndaksdj@192.0.2.1',
      14,
      150,
    ),
    check: (m) => {
      expect(getVias(m).map((v) => [v.transport, v.host, v.branch])).toEqual([
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ]);
      expect(getTo(m) && nameAddrTag(getTo(m)!)).toBe('1918181833n');
      expect(getFrom(m)?.displayName).toBe('J Rosenberg \\"');
      expect(getMaxForwards(m)).toBe(68);
      expect(getCSeq(m)).toEqual({ seq: 9, method: 'INVITE' });
      expect(m.headers.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
      expect(m.headers.get('s')).toBe('');
      expect(getRoutes(m)[0]?.uri.raw).toBe('sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    },
  },
  {
    name: 'intmeth',
    section: '3.1.1.2',
    category: 'valid',
    outcome: req(
      "!interesting-Method0123456789_*+`.%indeed'~",
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
      'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
      8,
    ),
    check: (m) => {
      expect(getTo(m)?.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
      expect(getFrom(m)?.displayName).toBe("token1~` token2'+_ token3*%!.-");
      expect(m.headers.get("extensionHeader-!.%*+_`'~")).toBe('\u{FEFF}大停電');
    },
  },
  {
    name: 'esc01',
    section: '3.1.1.3',
    category: 'valid',
    outcome: req(
      'INVITE',
      'sip:sips%3Auser%40example.com@example.net',
      'esc01.239409asdfakjkn23onasd0-3234',
      9,
      150,
    ),
    check: (m) => {
      expect(getFrom(m)?.uri).toMatchObject({ user: 'I%20have%20spaces', host: 'example.net' });
      expect(getTo(m)?.uri).toMatchObject({ user: '%75se%72' });
    },
  },
  {
    name: 'escnull',
    section: '3.1.1.4',
    category: 'valid',
    outcome: req('REGISTER', 'sip:example.com', 'escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd', 9),
    check: (m) =>
      expect(m.headers.values('contact')).toEqual([
        '<sip:%00@host5.example.com>',
        '<sip:%00%00@host5.example.com>',
      ]),
  },
  {
    name: 'esc02',
    section: '3.1.1.5',
    category: 'valid',
    outcome: req(
      'RE%47IST%45R',
      'sip:registrar.example.com',
      'esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf',
      10,
    ),
  },
  {
    name: 'lwsdisp',
    section: '3.1.1.6',
    category: 'valid',
    outcome: req('OPTIONS', 'sip:user@example.com', 'lwsdisp.1234abcd@funky.example.com', 7),
    check: (m) => expect(getFrom(m)?.displayName).toBe('caller'),
  },
  {
    name: 'longreq',
    section: '3.1.1.7',
    category: 'valid',
    outcome: req(
      'INVITE',
      'sip:user@example.com',
      'longreq.one' + 'really'.repeat(20) + 'longcallid',
      43,
      150,
    ),
    check: (m) => expect(getVias(m)).toHaveLength(34),
  },
  {
    name: 'dblreq',
    section: '3.1.1.8',
    category: 'valid',
    outcome: req('REGISTER', 'sip:example.com', 'dblreq.0ha0isndaksdj99sdfafnl3lk233412', 8, 0),
  },
  {
    name: 'semiuri',
    section: '3.1.1.9',
    category: 'valid',
    outcome: req('OPTIONS', 'sip:user;par=u%40example.net@example.com', 'semiuri.0ha0isndaksdj', 8),
    check: (m) => expect(m.headers.values('accept')).toHaveLength(6),
  },
  {
    name: 'transports',
    section: '3.1.1.10',
    category: 'valid',
    outcome: req('OPTIONS', 'sip:user@example.com', 'transports.kijh4akdnaqjkwendsasfdj', 12),
    check: (m) =>
      expect(getVias(m).map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']),
  },
  {
    name: 'mpart01',
    section: '3.1.1.11',
    category: 'valid',
    outcome: req(
      'MESSAGE',
      'sip:kumiko@example.org',
      '3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..',
      14,
      553,
    ),
    check: (m) => expect(m.headers.get('content-type')).toMatch(/^multipart\/mixed;/),
  },
  {
    name: 'unreason',
    section: '3.1.1.12',
    category: 'valid',
    outcome: res(
      200,
      '= 2**3 * 5**2 но сто девяносто девять - простое',
      'unreason.1234ksdfak3j2erwedfsASdf',
      8,
      154,
    ),
  },
  {
    name: 'noreason',
    section: '3.1.1.13',
    category: 'valid',
    outcome: res(100, '', 'noreason.asndj203insdf99223ndf', 7),
  },
  // §3.1.2 Invalid messages
  { name: 'badinv01', section: '3.1.2.1', category: 'invalid', outcome: err('bad-via') },
  { name: 'clerr', section: '3.1.2.2', category: 'invalid', outcome: err('content-length-exceeds-body') },
  { name: 'ncl', section: '3.1.2.3', category: 'invalid', outcome: err('bad-content-length') },
  { name: 'scalar02', section: '3.1.2.4', category: 'invalid', outcome: err('bad-cseq') },
  { name: 'scalarlg', section: '3.1.2.5', category: 'invalid', outcome: err('bad-cseq') },
  { name: 'quotbal', section: '3.1.2.6', category: 'invalid', outcome: err('bad-to') },
  { name: 'ltgtruri', section: '3.1.2.7', category: 'invalid', outcome: err('bad-request-uri') },
  { name: 'lwsruri', section: '3.1.2.8', category: 'invalid', outcome: err('bad-start-line') },
  { name: 'lwsstart', section: '3.1.2.9', category: 'invalid', outcome: err('bad-start-line') },
  { name: 'trws', section: '3.1.2.10', category: 'invalid', outcome: err('bad-start-line') },
  { name: 'escruri', section: '3.1.2.11', category: 'invalid', outcome: err('bad-request-uri') },
  { name: 'baddate', section: '3.1.2.12', category: 'invalid', outcome: err('bad-date') },
  { name: 'regbadct', section: '3.1.2.13', category: 'invalid', outcome: err('bad-contact') },
  { name: 'badaspec', section: '3.1.2.14', category: 'invalid', outcome: err('bad-to') },
  { name: 'baddn', section: '3.1.2.15', category: 'invalid', outcome: err('bad-from') },
  { name: 'badvers', section: '3.1.2.16', category: 'invalid', outcome: err('unsupported-version') },
  { name: 'mismatch01', section: '3.1.2.17', category: 'invalid', outcome: err('cseq-method-mismatch') },
  { name: 'mismatch02', section: '3.1.2.18', category: 'invalid', outcome: err('cseq-method-mismatch') },
  { name: 'bigcode', section: '3.1.2.19', category: 'invalid', outcome: err('bad-status-code') },
  // §3.2 Transaction layer semantics
  {
    name: 'badbranch',
    section: '3.2.1',
    category: 'odd',
    outcome: req('OPTIONS', 'sip:user@example.com', 'badbranch.sadonfo23i420jv0as0derf3j3n', 8),
    check: (m) => expect(getVias(m)[0]?.branch).toBe('z9hG4bK'),
  },
  // §3.3 Application layer semantics
  {
    name: 'insuf',
    section: '3.3.1',
    category: 'odd',
    outcome: req('INVITE', 'sip:user@example.com', undefined, 4, 152),
    check: (m) => {
      expect(getFrom(m)).toBeUndefined();
      expect(getTo(m)).toBeUndefined();
    },
  },
  {
    name: 'unkscm',
    section: '3.3.2',
    category: 'odd',
    outcome: req(
      'OPTIONS',
      'nobodyKnowsThisScheme:totallyopaquecontent',
      'unkscm.nasdfasser0q239nwsdfasdkl34',
      7,
    ),
  },
  {
    name: 'novelsc',
    section: '3.3.3',
    category: 'odd',
    outcome: req('OPTIONS', 'soap.beep://192.0.2.103:3002', 'novelsc.asdfasser0q239nwsdfasdkl34', 7),
  },
  {
    name: 'unksm2',
    section: '3.3.4',
    category: 'odd',
    outcome: req('REGISTER', 'sip:example.com', 'unksm2.daksdj@hyphenated-host.example.com', 8),
    check: (m) => {
      expect(getTo(m)?.uri).toEqual({ kind: 'absolute', scheme: 'isbn', raw: 'isbn:2983792873' });
      expect(getFrom(m)?.uri.scheme).toBe('http');
    },
  },
  {
    name: 'bext01',
    section: '3.3.5',
    category: 'odd',
    outcome: req('OPTIONS', 'sip:user@example.com', 'bext01.0ha0isndaksdj', 9),
    check: (m) =>
      expect(m.headers.values('proxy-require')).toEqual([
        'noProxiesSupportThis',
        'norDoAnyProxiesSupportThis',
      ]),
  },
  {
    name: 'invut',
    section: '3.3.6',
    category: 'odd',
    outcome: req('INVITE', 'sip:user@example.com', 'invut.0ha0isndaksdjadsfij34n23d', 9, 40),
  },
  {
    name: 'regaut01',
    section: '3.3.7',
    category: 'odd',
    outcome: req('REGISTER', 'sip:example.com', 'regaut01.0ha0isndaksdj', 8),
  },
  { name: 'multi01', section: '3.3.8', category: 'invalid', outcome: err('duplicate-header') },
  { name: 'mcl01', section: '3.3.9', category: 'invalid', outcome: err('multiple-content-length') },
  {
    name: 'bcast',
    section: '3.3.10',
    category: 'odd',
    outcome: res(200, 'OK', 'bcast.0384840201234ksdfak3j2erwedfsASdf', 9, 154),
    check: (m) => expect(getVias(m)[1]?.host).toBe('255.255.255.255'),
  },
  {
    name: 'zeromf',
    section: '3.3.11',
    category: 'odd',
    outcome: req('OPTIONS', 'sip:user@example.com', 'zeromf.jfasdlfnm2o2l43r5u0asdfas', 7),
    check: (m) => expect(getMaxForwards(m)).toBe(0),
  },
  {
    name: 'cparam01',
    section: '3.3.12',
    category: 'odd',
    outcome: req('REGISTER', 'sip:example.com', 'cparam01.70710@saturn.example.com', 8),
  },
  {
    name: 'cparam02',
    section: '3.3.13',
    category: 'odd',
    outcome: req('REGISTER', 'sip:example.com', 'cparam02.70710@saturn.example.com', 8),
  },
  {
    name: 'regescrt',
    section: '3.3.14',
    category: 'odd',
    outcome: req('REGISTER', 'sip:example.com', 'regescrt.k345asrl3fdbv@192.0.2.1', 8),
    check: (m) =>
      expect(m.headers.get('contact')).toBe('<sip:user@example.com?Route=%3Csip:sip.example.com%3E>'),
  },
  {
    name: 'sdp01',
    section: '3.3.15',
    category: 'odd',
    outcome: req('INVITE', 'sip:user@example.com', 'sdp01.ndaksdj9342dasdd', 10, 150),
  },
  // §3.4 Backward compatibility
  {
    name: 'inv2543',
    section: '3.4.1',
    category: 'odd',
    outcome: req('INVITE', 'sip:UserB@example.com', 'inv2543.1717@ift.client.example.com', 7, 105),
    check: (m) => {
      expect(getVias(m)[0]?.branch).toBeUndefined();
      expect(getFrom(m) && nameAddrTag(getFrom(m)!)).toBeUndefined();
    },
  },
];

describe('RFC 4475 torture messages', () => {
  it('lists every message of the manifest exactly once, and the files are the archived bytes', () => {
    const manifest = readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    const rows = manifest.map((l) => l.split('\t'));
    expect(CASES.map((c) => c.name).sort()).toEqual(rows.map((r) => r[0]).sort());
    expect(CASES).toHaveLength(49);
    for (const r of rows) {
      const bytes = load(r[0] as string);
      expect(bytes.length, r[0]).toBe(Number(r[6]));
      expect(createHash('sha256').update(bytes).digest('hex'), r[0]).toBe(r[7]);
      const c = CASES.find((x) => x.name === r[0]);
      const expected = r[1] === 'valid' ? 'valid' : r[1] === 'invalid-must-reject' ? 'invalid' : 'odd';
      expect(c?.category, r[0]).toBe(expected);
    }
  });

  it.each(CASES)('$name (§$section, $category)', (c) => {
    const m = parseMessage(load(c.name));
    if ('error' in c.outcome) {
      expect(m.kind, `expected ${c.outcome.error}`).toBe('error');
      if (m.kind === 'error') expect(m.code).toBe(c.outcome.error);
      return;
    }
    if (m.kind === 'error') throw new Error(`${c.name}: unexpected ${m.code} at ${m.offset}: ${m.reason}`);
    const o = c.outcome;
    expect(m.kind).toBe(o.kind);
    if (m.kind === 'request' && o.kind === 'request') {
      expect(m.method).toBe(o.method);
      expect(m.uri).toBe(o.uri);
    } else if (m.kind === 'response' && o.kind === 'response') {
      expect(m.status).toBe(o.status);
      expect(m.reason.trim()).toBe(o.reason);
    }
    expect(getCallId(m)).toBe(o.callId);
    expect(m.headers.fields).toHaveLength(o.headers);
    expect(m.body.byteLength).toBe(o.body);
    c.check?.(m);
    // Untouched messages re-serialize to their own bytes (up to the end of the declared body).
    const bytes = load(c.name);
    const out = serializeMessage(m);
    expect(out.equals(bytes.subarray(0, out.length))).toBe(true);
  });
});
