import { describe, it, expect } from 'vitest';
import { nameAddrTag, parseNameAddr } from './parse-name-addr';

describe('parseNameAddr', () => {
  it.each([
    // RFC 3261 §20.20 / §20.39 examples
    [
      '"A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s',
      'A. G. Bell',
      'sip:agb@bell-telephone.com',
      'a48s',
    ],
    ['Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8', 'Anonymous', 'sip:c8oqz84zk7z@privacy.org', 'hyh8'],
    [
      'sip:+12125551212@server.phone2net.com;tag=887s',
      undefined,
      'sip:+12125551212@server.phone2net.com',
      '887s',
    ],
    [
      'The Operator <sip:operator@cs.columbia.edu>;tag=287447',
      'The Operator',
      'sip:operator@cs.columbia.edu',
      '287447',
    ],
    // RFC 4475 lwsdisp: no LWS between display name and <
    ['caller<sip:caller@example.com>;tag=323', 'caller', 'sip:caller@example.com', '323'],
    // RFC 4475 wsinv: escaped quote in display name, LWS around params
    [
      '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ;  tag = 98asjd8',
      'J Rosenberg \\"',
      'sip:jdrosen@example.com',
      '98asjd8',
    ],
  ])('parses %s', (value, displayName, uri, tag) => {
    const na = parseNameAddr(value);
    if ('error' in na) throw new Error(na.error);
    expect(na.displayName).toBe(displayName);
    expect(na.uri.raw).toBe(uri);
    expect(nameAddrTag(na)).toBe(tag);
  });

  it('treats params after a bare addr-spec as header params (RFC 4475 cparam01)', () => {
    const na = parseNameAddr('sip:+19725552222@gw1.example.net;unknownparam');
    if ('error' in na) throw new Error(na.error);
    expect(na.params).toEqual([{ name: 'unknownparam', value: undefined }]);
    expect(na.uri.kind === 'sip' && na.uri.params).toEqual([]);
  });

  it.each([
    ['"Mr. J. User <sip:j.user@example.com>', 'quotbal'],
    ['"Watson, Thomas" < sip:t.watson@example.org >', 'badaspec'],
    ['Bell, Alexander <sip:a.g.bell@example.com>;tag=43', 'baddn'],
    ['sip:user@example.com?Route=%3Csip:sip.example.com%3E', 'regbadct'],
    ['"Joe" <sip:joe@example.org>;;;;', 'badinv01'],
  ])('rejects %s (RFC 4475 %s)', (value) => {
    expect(parseNameAddr(value)).toHaveProperty('error');
  });
});
