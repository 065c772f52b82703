// The hand-written scanners agree with the RFC 3261 §25.1 ABNF written as regular expressions,
// over generated strings drawn from the characters that matter.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHost, isToken, parseHostPort } from './grammar';

// hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

const from = (chars: string, maxLength = 12): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));

describe('grammar scanners', () => {
  it('isHost accepts exactly the hostnames of the ABNF', () => {
    fc.assert(
      fc.property(from('aZ09-._ é'), (s) => {
        expect(isHost(s)).toBe(HOSTNAME.test(s));
      }),
      { numRuns: 5000 },
    );
    expect(isHost('127.0.0.1')).toBe(true);
    expect(isHost('example.com.')).toBe(true);
    expect(isHost('a-.com')).toBe(false);
    expect(isHost('-a.com')).toBe(false);
    expect(isHost('a..b')).toBe(false);
    expect(isHost('[::1]')).toBe(true);
  });

  it('isToken accepts exactly the token characters', () => {
    fc.assert(
      fc.property(from('aZ09-.!%*_+`\'~ :;"@é\u{1F600}'), (s) => {
        expect(isToken(s)).toBe(TOKEN.test(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('parseHostPort takes ports 0 to 65535 of one to five digits', () => {
    expect(parseHostPort('h:5060')).toEqual({ host: 'h', port: 5060 });
    expect(parseHostPort('h:65535')).toEqual({ host: 'h', port: 65535 });
    expect(parseHostPort('h:00080')).toEqual({ host: 'h', port: 80 });
    expect(parseHostPort('h')).toEqual({ host: 'h', port: undefined });
    for (const bad of ['h:65536', 'h:', 'h:123456', 'h:5o60', 'h:-1', 'h: 5060']) {
      expect(parseHostPort(bad)).toBeUndefined();
    }
  });

  it('parseHostPort reads only between its bounds', () => {
    const s = 'sip:a@[::1]:5062;lr';
    expect(parseHostPort(s, 6, 16)).toEqual({ host: '[::1]', port: 5062 });
    expect(parseHostPort(s, 6, 11)).toEqual({ host: '[::1]', port: undefined });
    expect(parseHostPort('x.example.com:5060;y', 2, 13)).toEqual({ host: 'example.com', port: undefined });
    expect(parseHostPort('h:5060;p', 0, 6)).toEqual({ host: 'h', port: 5060 });
    expect(parseHostPort(s, 6, 10)).toBeUndefined(); // the "]" is past the end
    expect(parseHostPort('h:5060', 0, 2)).toBeUndefined(); // ":" without digits
  });
});
