import { describe, it, expect } from 'vitest';
import { parseMessage } from './parse-message';
import { serializedLength, serializeMessage } from './serialize';

const ODD = Buffer.from(
  'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n' +
    'TO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n' +
    'v:  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8\r\n' +
    'i: wsinv.ndaksdj@192.0.2.1\r\n' +
    'cseq: 0009\r\n  INVITE\r\n' +
    'l: 5\r\n\r\n\x00\xff\r\nx',
  'latin1',
);

describe('serializeMessage', () => {
  it('re-emits an untouched message byte for byte (folding, compact names, binary body)', () => {
    const m = parseMessage(ODD);
    if (m.kind === 'error') throw new Error(m.reason);
    expect(serializeMessage(m).equals(ODD)).toBe(true);
  });

  it('rewrites only the headers that changed', () => {
    const m = parseMessage(ODD);
    if (m.kind === 'error') throw new Error(m.reason);
    m.headers.prepend('Via', 'SIP/2.0/UDP p.example.com;branch=z9hG4bKp');
    m.headers.set('Max-Forwards', '69');
    const text = serializeMessage(m).toString('latin1');
    expect(text).toContain('Via: SIP/2.0/UDP p.example.com;branch=z9hG4bKp\r\nv:  SIP  / 2.0  / TCP');
    expect(text).toContain('TO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n');
    expect(text).toContain('Max-Forwards: 69\r\n\r\n\x00\xff\r\nx');
    m.headers.append('Subject', 'caf\u00e9'); // two UTF-8 bytes for one character
    expect(serializedLength(m)).toBe(serializeMessage(m).byteLength);
  });

  it('writes CRLF line ends for a message received with bare LFs, header values unchanged', () => {
    const lf = Buffer.from(
      'OPTIONS sip:a@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:b@example.com>;tag=1\n' +
        'To: <sip:a@example.com>\nCall-ID: c\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n',
      'latin1',
    );
    const m = parseMessage(lf);
    if (m.kind === 'error') throw new Error(m.reason);
    const out = serializeMessage(m);
    expect(out.toString('latin1')).toBe(lf.toString('latin1').replaceAll('\n', '\r\n'));
    expect(out.byteLength).toBe(serializedLength(m));
  });

  it('removing a header in the middle of untouched ones leaves the others as received', () => {
    const m = parseMessage(ODD);
    if (m.kind === 'error') throw new Error(m.reason);
    m.headers.remove('Call-ID');
    const text = serializeMessage(m).toString('latin1');
    expect(text).toContain('branch  =   z9hG4bK9ikj8\r\ncseq: 0009\r\n  INVITE\r\nl: 5\r\n\r\n');
    expect(text).not.toContain('wsinv.ndaksdj');
  });

  it('writes new start lines and fields in UTF-8, sized exactly beforehand', () => {
    const m = parseMessage(ODD);
    if (m.kind === 'error' || m.kind !== 'request') throw new Error('no request');
    m.uri = 'sip:zoë@example.com';
    m.headers.append('Subject', 'Grüße ☎');
    const text = serializeMessage(m).toString('utf8');
    expect(text.startsWith('INVITE sip:zoë@example.com SIP/2.0\r\n')).toBe(true);
    expect(text).toContain('\r\nSubject: Grüße ☎\r\n\r\n\u0000');
    expect(serializedLength(m)).toBe(serializeMessage(m).byteLength);
    const res = {
      kind: 'response' as const,
      version: 'SIP/2.0',
      status: 486,
      reason: 'Occupé',
      headers: m.headers,
      body: new Uint8Array(0),
    };
    const out = serializeMessage(res);
    expect(out.toString('utf8').startsWith('SIP/2.0 486 Occupé\r\n')).toBe(true);
    expect(serializedLength(res)).toBe(out.byteLength);
  });
});
