import { describe, expect, it } from 'vitest';
import { compileMatch, inCidr, parseCidr } from './select-flow';
import { sipView } from './runtime-test-kit';

describe('Start matching', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.1.200', '192.168.1.128/25', true],
    ['192.168.1.100', '192.168.1.128/25', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['::ffff:10.0.0.1', '10.0.0.0/8', true],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['::1', '::1', true],
    ['10.0.0.1', '2001:db8::/32', false],
  ])('%s in %s: %s', (addr, net, expected) => {
    expect(inCidr(addr, parseCidr(net)!)).toBe(expected);
  });

  it('matches method, user, domain, source and transport together', () => {
    const view = sipView();
    const src = { transport: 'udp' as const, address: '10.0.0.9', port: 5060 };
    const m = (match: Parameters<typeof compileMatch>[0]) => compileMatch(match)(view, src);
    expect(m({ methods: ['INVITE'] })).toBe(true);
    expect(m({ methods: ['OPTIONS'] })).toBe(false);
    expect(m({ methods: ['INVITE'], user: { mode: 'exact', value: '0612345678' } })).toBe(true);
    expect(m({ methods: ['INVITE'], user: { mode: 'prefix', value: '07' } })).toBe(false);
    expect(m({ methods: ['INVITE'], user: { mode: 'regex', value: '^06\\d{8}$' } })).toBe(true);
    expect(m({ methods: ['INVITE'], domain: { mode: 'exact', value: 'PBX.Example.NET' } })).toBe(true);
    expect(m({ methods: ['INVITE'], domain: { mode: 'regex', value: '\\.example\\.org$' } })).toBe(false);
    expect(m({ methods: ['INVITE'], sources: ['192.168.0.0/16', '10.0.0.0/24'] })).toBe(true);
    expect(m({ methods: ['INVITE'], sources: ['192.168.0.0/16'] })).toBe(false);
    expect(m({ methods: ['INVITE'], transport: 'tcp' })).toBe(false);
  });
});
