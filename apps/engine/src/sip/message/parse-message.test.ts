import { describe, it, expect } from 'vitest';
import { getCSeq, getCallId, getTopVia, getVias } from './accessors';
import { parseMessage } from './parse-message';
import type { SipMessage } from './sip-message';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'latin1');

const INVITE = [
  'INVITE sip:bob@biloxi.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.com>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
];

function ok(bytes: Uint8Array): SipMessage {
  const m = parseMessage(bytes);
  if (m.kind === 'error') throw new Error(`${m.code}: ${m.reason}`);
  return m;
}

describe('parseMessage', () => {
  it('parses the RFC 3261 §24.2 F1 INVITE', () => {
    const m = ok(crlf(INVITE));
    expect(m).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:bob@biloxi.com',
      version: 'SIP/2.0',
    });
    expect(getCallId(m)).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(getCSeq(m)).toEqual({ seq: 314159, method: 'INVITE' });
    expect(getTopVia(m)?.branch).toBe('z9hG4bK776asdhds');
    expect(Buffer.from(m.body).toString()).toBe('v=0\n');
  });

  it('parses a response with compact headers and folded values', () => {
    const m = ok(
      crlf([
        'SIP/2.0 180 Ringing',
        'v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,',
        '  SIP/2.0/UDP b.example.com;branch=z9hG4bK2',
        'f: <sip:a@example.com>;tag=1',
        't: <sip:b@example.com>;tag=2',
        'i: x@y',
        'CSeq: 1 INVITE',
        'l: 0',
        '',
        '',
      ]),
    );
    expect(m).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing' });
    expect(getVias(m).map((v) => v.host)).toEqual(['a.example.com', 'b.example.com']);
  });

  it('skips leading CRLF and accepts bare LF line ends', () => {
    const m = ok(
      Buffer.from('\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nCSeq: 1 OPTIONS\n\n'),
    );
    expect(m).toMatchObject({ kind: 'request', method: 'OPTIONS' });
  });

  it.each([
    ['', 'empty'],
    ['\r\n\r\n', 'empty'],
    ['INVITE sip:a@b SIP/2.0 extra\r\n\r\n', 'bad-start-line'],
    ['INVITE sip:a@b\r\n\r\n', 'bad-start-line'],
    ['INVITE sip:a@b HTTP/1.1\r\n\r\n', 'bad-start-line'],
    ['INV@TE sip:a@b SIP/2.0\r\n\r\n', 'bad-start-line'],
    ['INVITE <sip:a@b> SIP/2.0\r\n\r\n', 'bad-request-uri'],
    ['SIP/2.0 99 Odd\r\n\r\n', 'bad-status-code'],
    ['SIP/2.0 200 OK\r\nno colon here\r\n\r\n', 'bad-header-line'],
    ['SIP/2.0 200 OK\r\n folded first\r\n\r\n', 'bad-header-line'],
    ['OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nshort', 'content-length-exceeds-body'],
    ['OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n', 'bad-content-length'],
    ['OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n', 'cseq-method-mismatch'],
    ['OPTIONS sip:a@b SIP/3.0\r\nCSeq: 1 OPTIONS\r\n\r\n', 'unsupported-version'],
  ])('rejects %j with %s', (text, code) => {
    const r = parseMessage(Buffer.from(text, 'latin1'));
    expect(r.kind).toBe('error');
    expect(r).toMatchObject({ code });
  });

  it('keeps the readable part of a message whose error is in a header', () => {
    const r = parseMessage(
      crlf(['OPTIONS sip:a@b SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bKx', 'CSeq: 1 INVITE', '', '']),
    );
    expect(r.kind === 'error' && r.partial?.kind).toBe('request');
    expect(r.kind === 'error' && r.offset).toBe(61);
  });

  it('never throws on arbitrary bytes', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: i }, (_, j) => (j * 7919 + i) % 256));
      expect(() => parseMessage(bytes)).not.toThrow();
    }
  });
});
