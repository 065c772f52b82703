// Property tests (fast-check): no input makes the parser throw (it returns a ParseError), and for
// every message it accepts, parse(serialize(m)) is equivalent to m — untouched and after the
// edits a proxy makes (new Via, Max-Forwards, Record-Route).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import type { SipMessage } from './sip-message';

/** Everything that matters about a message, in comparable form. */
function shape(m: SipMessage): unknown {
  const start = m.kind === 'request' ? [m.method, m.uri, m.version] : [m.version, m.status, m.reason];
  return {
    kind: m.kind,
    start,
    headers: m.headers.fields.map((f) => [f.name, f.value]),
    body: Buffer.from(m.body).toString('hex'),
  };
}

function parseNeverThrows(bytes: Uint8Array): SipMessage | undefined {
  const r = parseMessage(bytes);
  if (r.kind === 'error') {
    expect(r.reason).not.toMatch(/^internal parser error/);
    expect(r.offset).toBeGreaterThanOrEqual(0);
    return undefined;
  }
  return r;
}

const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,12}$/);
const host = fc.constantFrom('example.com', '192.0.2.7', 'a-b.example.org', '[2001:db8::1]');
const lws = fc.constantFrom(' ', '  ', '\t', '\r\n ', ' \r\n\t');
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);

const message = fc
  .record({
    request: fc.boolean(),
    method: token,
    user: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    host,
    status: fc.integer({ min: 100, max: 699 }),
    reason: fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
    branch: fc.stringMatching(/^[a-zA-Z0-9]{1,10}$/),
    compact: fc.boolean(),
    fold: lws,
    extra: fc.array(fc.tuple(token, headerValue), { maxLength: 5 }),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map((r) => {
    const method = r.method.toUpperCase();
    const start = r.request ? `${method} sip:${r.user}@${r.host} SIP/2.0` : `SIP/2.0 ${r.status} ${r.reason}`;
    const lines = [
      start,
      `${r.compact ? 'v' : 'Via'}: SIP/2.0/UDP ${r.host};branch=z9hG4bK${r.branch}`,
      `${r.compact ? 'f' : 'From'}:${r.fold}<sip:a@${r.host}>;tag=1`,
      `To: <sip:${r.user}@${r.host}>`,
      `${r.compact ? 'i' : 'Call-ID'}: ${r.branch}@${r.host}`,
      `CSeq: 1${r.fold}${r.request ? method : 'INVITE'}`,
      'Max-Forwards: 70',
      ...r.extra.map(([n, v]) => `X-${n}: ${v}`),
      `${r.compact ? 'l' : 'Content-Length'}: ${r.body.length}`,
    ];
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), r.body]);
  });

describe('parseMessage properties', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        parseNeverThrows(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on SIP-like text with random damage', () => {
    fc.assert(
      fc.property(
        message,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        (bytes, edits) => {
          const damaged = Buffer.from(bytes);
          for (const [at, value] of edits) damaged[at % damaged.length] = value;
          parseNeverThrows(damaged);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('parse(serialize(m)) is m, byte for byte when untouched', () => {
    fc.assert(
      fc.property(message, (bytes) => {
        const m = parseNeverThrows(bytes);
        expect(m).toBeDefined();
        if (m === undefined) return;
        const out = serializeMessage(m);
        expect(out.equals(bytes)).toBe(true);
        const again = parseNeverThrows(out);
        expect(again && shape(again)).toEqual(shape(m));
      }),
      { numRuns: 500 },
    );
  });

  it('parse(serialize(m)) is m after proxy edits', () => {
    fc.assert(
      fc.property(message, (bytes) => {
        const m = parseNeverThrows(bytes);
        if (m === undefined) return;
        m.headers.prepend('Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKpb1;rport');
        m.headers.set('Max-Forwards', '69');
        m.headers.prepend('Record-Route', '<sip:127.0.0.1:5060;lr>');
        const again = parseNeverThrows(serializeMessage(m));
        expect(again && shape(again)).toEqual(shape(m));
      }),
      { numRuns: 300 },
    );
  });
});
