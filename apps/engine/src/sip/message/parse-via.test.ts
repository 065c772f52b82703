import { describe, it, expect } from 'vitest';
import { formatVia, parseVia, withViaParams } from './parse-via';
import type { Via } from './parse-via';

function ok(value: string): Via {
  const v = parseVia(value);
  if ('error' in v) throw new Error(v.error);
  return v;
}

describe('parseVia', () => {
  it.each([
    // RFC 3261 §20.42
    [
      'SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7',
      'UDP',
      'erlang.bell-telephone.com',
      5060,
      'z9hG4bK87asdks7',
    ],
    [
      'SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207;branch=z9hG4bK77asjd',
      'UDP',
      '192.0.2.1',
      5060,
      'z9hG4bK77asjd',
    ],
    // RFC 4475 wsinv, unfolded
    ['SIP  /   2.0 /UDP    192.0.2.2;branch=390skdjuw', 'UDP', '192.0.2.2', undefined, '390skdjuw'],
    [
      'SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8',
      'TCP',
      'spindle.example.com',
      undefined,
      'z9hG4bK9ikj8',
    ],
    ['SIP/2.0/tls [2001:db8::9]:5061;branch=z9hG4bKx', 'TLS', '[2001:db8::9]', 5061, 'z9hG4bKx'],
  ])('parses %s', (value, transport, host, port, branch) => {
    expect(ok(value)).toMatchObject({ transport, host, port, branch });
  });

  it.each(['SIP/2.0/UDP 192.0.2.15;;', '', 'SIP/2.0 host', 'SIP/2.0/UDP', 'SIP/2.0/UDP host;branch='])(
    'rejects %j (RFC 4475 badinv01)',
    (value) => {
      expect(parseVia(value)).toHaveProperty('error');
    },
  );

  it('adds received and rport (RFC 3581 §4 example)', () => {
    const v = withViaParams(ok('SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff'), {
      received: '192.0.2.1',
      rport: '9988',
    });
    expect(formatVia(v)).toBe(
      'SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1',
    );
  });
});
