import { describe, it, expect } from 'vitest';
import { parseUri, uriParam } from './parse-uri';

describe('parseUri', () => {
  it.each([
    // RFC 3261 §19.1.3 examples
    ['sip:alice@atlanta.com', { user: 'alice', host: 'atlanta.com', port: undefined }],
    ['sip:alice:secretword@atlanta.com;transport=tcp', { user: 'alice', password: 'secretword' }],
    [
      'sips:alice@atlanta.com?subject=project%20x&priority=urgent',
      { headers: 'subject=project%20x&priority=urgent' },
    ],
    ['sip:+1-212-555-1212:1234@gateway.com;user=phone', { user: '+1-212-555-1212', password: '1234' }],
    ['sip:alice@192.0.2.4', { host: '192.0.2.4' }],
    ['sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com', { user: undefined, host: 'atlanta.com' }],
    ['sip:alice;day=tuesday@atlanta.com', { user: 'alice;day=tuesday' }],
    ['sip:[2001:db8::10]:5070', { host: '[2001:db8::10]', port: 5070 }],
  ])('parses %s', (raw, expected) => {
    const u = parseUri(raw);
    expect(u.kind).toBe('sip');
    expect(u).toMatchObject(expected);
  });

  it('reads URI parameters', () => {
    const u = parseUri('sip:127.0.0.1:5060;lr;transport=TCP');
    if (u.kind !== 'sip') throw new Error('not sip');
    expect(uriParam(u, 'lr')).toBe('');
    expect(uriParam(u, 'transport')).toBe('TCP');
    expect(uriParam(u, 'maddr')).toBeUndefined();
  });

  it('keeps unknown schemes opaque (RFC 4475 unkscm, novelsc)', () => {
    expect(parseUri('nobodyKnowsThisScheme:totallyopaquecontent')).toEqual({
      kind: 'absolute',
      scheme: 'nobodyknowsthisscheme',
      raw: 'nobodyKnowsThisScheme:totallyopaquecontent',
    });
  });

  it.each([
    '<sip:user@example.com>',
    'sip:user@exa mple.com',
    'sip:',
    'noscheme',
    'sip:@host',
    'sip:u@host:99999',
  ])('rejects %j', (raw) => {
    expect(parseUri(raw).kind).toBe('error');
  });
});
