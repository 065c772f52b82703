import { describe, expect, it } from 'vitest';
import { getCallId, getCSeq, getFromTag } from './accessors';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import type { SipRequest } from './sip-message';
import { slimMessage } from './slim-message';

const INVITE = Buffer.from(
  'INVITE sip:bob@example.com SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n' +
    'f: <sip:alice@example.com>;tag=a1\r\n' +
    'To: <sip:bob@example.com>\r\n' +
    'Call-ID: c1@x\r\n' +
    'CSeq: 7 INVITE\r\n' +
    'Contact: <sip:alice@10.0.0.1>\r\n' +
    `X-Big: ${'x'.repeat(500)}\r\n` +
    'Content-Type: application/sdp\r\n' +
    'Content-Length: 4\r\n\r\nv=0\n',
);

describe('slimMessage', () => {
  it('keeps the identity headers (compact names too) and drops the rest and the body', () => {
    const req = parseMessage(INVITE) as SipRequest;
    const slim = slimMessage(req);
    expect(slim.method).toBe('INVITE');
    expect(slim.uri).toBe('sip:bob@example.com');
    expect(getCallId(slim)).toBe('c1@x');
    expect(getFromTag(slim)).toBe('a1');
    expect(getCSeq(slim)?.seq).toBe(7);
    expect(slim.headers.has('contact')).toBe(false);
    expect(slim.headers.has('x-big')).toBe(false);
    expect(slim.body.byteLength).toBe(0);
    // Its fields carry no view of the original bytes: it serializes from its own values, under
    // the canonical names (one shared string per known header, not a copy per message).
    expect(slim.headers.fields.every((f) => f.src === undefined)).toBe(true);
    expect(serializeMessage(slim).toString()).toContain('From: <sip:alice@example.com>;tag=a1\r\n');
    // The original is untouched.
    expect(req.headers.has('x-big')).toBe(true);
    expect(req.body.byteLength).toBe(4);
  });

  it('keeps other headers when asked', () => {
    const req = parseMessage(INVITE) as SipRequest;
    expect(slimMessage(req, new Set(['contact'])).headers.fields.map((f) => f.name)).toEqual(['Contact']);
  });

  it('lets copies share their field objects (a value that repeats is kept once)', () => {
    const a = slimMessage(parseMessage(INVITE) as SipRequest);
    const b = slimMessage(parseMessage(INVITE) as SipRequest);
    const from = (m: SipRequest) => m.headers.fields.find((f) => f.name === 'From');
    expect(from(a)).toBeDefined();
    expect(from(a)).toBe(from(b));
    expect(getFromTag(b)).toBe('a1');
    // A copy changed later gets a field of its own; the other keeps the shared one.
    b.headers.set('From', '<sip:carol@example.com>;tag=c3');
    expect(getFromTag(a)).toBe('a1');
    expect(getFromTag(b)).toBe('c3');
  });
});
