import { describe, it, expect } from 'vitest';
import { parseParams, getParam, formatParams } from './parse-params';

describe('parseParams', () => {
  it('reads flags, values, quoted values and LWS around ";" and "=" (RFC 4475 wsinv)', () => {
    const r = parseParams(' ;   tag    = 1918181833n ; lr; q="a;b"', 0);
    expect(r).toEqual({
      params: [
        { name: 'tag', value: '1918181833n' },
        { name: 'lr', value: undefined },
        { name: 'q', value: '"a;b"' },
      ],
    });
  });

  it('stops at the end it is given (the params of a URI end at its "?")', () => {
    const s = 'sip:h;transport=tcp;lr?Subject=x;y';
    expect(parseParams(s, 5, s.indexOf('?'))).toEqual({
      params: [
        { name: 'transport', value: 'tcp' },
        { name: 'lr', value: undefined },
      ],
    });
    expect(parseParams(';a="x;b"', 0, 5)).toMatchObject({ error: 'unterminated quoted parameter value' });
    expect(parseParams(';m=[::1]', 0, 6)).toMatchObject({ error: 'unterminated IPv6 reference' });
  });

  it('reads none, and more than the room it starts with, in order', () => {
    expect(parseParams('', 0)).toEqual({ params: [] });
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const r = parseParams(names.map((n, i) => `;${n}=${i}`).join(''), 0);
    expect(r).toEqual({ params: names.map((name, i) => ({ name, value: String(i) })) });
    if ('params' in r) expect(Object.keys(r.params)).toHaveLength(names.length); // no holes
  });

  it('rejects an empty parameter (RFC 4475 badinv01 ";;")', () => {
    expect(parseParams(';;', 0)).toMatchObject({ error: 'empty parameter name' });
  });

  it('finds params case-insensitively and formats them back', () => {
    const r = parseParams(';Branch=z9hG4bK1;rport', 0);
    if (!('params' in r)) throw new Error('parse failed');
    expect(getParam(r.params, 'branch')?.value).toBe('z9hG4bK1');
    expect(formatParams(r.params)).toBe(';Branch=z9hG4bK1;rport');
  });
});
