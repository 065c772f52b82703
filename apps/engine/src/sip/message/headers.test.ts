import { describe, it, expect } from 'vitest';
import { Headers } from './headers';

function sample(): Headers {
  return new Headers([
    { name: 'v', value: 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2' },
    { name: 'Via', value: 'SIP/2.0/UDP c;branch=z9hG4bK3' },
    { name: 'TO', value: '<sip:bob@example.com>' },
    { name: 'X-Custom', value: 'one' },
  ]);
}

describe('Headers', () => {
  it('finds headers by long, compact and odd-case names', () => {
    const h = sample();
    expect(h.get('to')).toBe('<sip:bob@example.com>');
    expect(h.get('t')).toBe('<sip:bob@example.com>');
    expect(h.get('VIA')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2');
    expect(h.count('via')).toBe(2);
    expect(h.values('v')).toHaveLength(3);
    expect(h.get('x-custom')).toBe('one');
    expect(h.get('missing')).toBeUndefined();
  });

  it('removes and replaces the first list element only', () => {
    const h = sample();
    h.removeFirstValue('Via');
    expect(h.values('Via')).toEqual(['SIP/2.0/UDP b;branch=z9hG4bK2', 'SIP/2.0/UDP c;branch=z9hG4bK3']);
    h.removeFirstValue('Via');
    expect(h.fields[0]?.name).toBe('Via');
    h.replaceFirstValue('Via', 'SIP/2.0/TCP d;branch=z9hG4bK4');
    expect(h.values('Via')).toEqual(['SIP/2.0/TCP d;branch=z9hG4bK4']);
  });

  it('prepends before the first field of the same header, else at the top', () => {
    const h = sample();
    h.prepend('Record-Route', '<sip:p;lr>');
    expect(h.fields[0]?.name).toBe('Record-Route');
    h.prepend('Via', 'SIP/2.0/UDP p;branch=z9hG4bKp');
    expect(h.values('Via')[0]).toBe('SIP/2.0/UDP p;branch=z9hG4bKp');
  });

  it('set replaces all fields in place; cache is dropped on change', () => {
    const h = sample();
    let calls = 0;
    const read = (): string | undefined => h.cached('to', () => (calls++, h.get('to')));
    expect(read()).toBe('<sip:bob@example.com>');
    expect(read()).toBe('<sip:bob@example.com>');
    expect(calls).toBe(1);
    h.set('t', '<sip:bob@example.com>;tag=1');
    expect(read()).toBe('<sip:bob@example.com>;tag=1');
    expect(h.fields[2]?.name).toBe('TO');
  });

  it('a clone keeps the views parsed for its original, each dropping its own on change', () => {
    const h = sample();
    let parses = 0;
    const view = (of: Headers, name: string): string | undefined =>
      of.cached(name, () => (parses++, of.get(name)));
    view(h, 'to');
    view(h, 'via');
    const copy = h.clone();
    expect([view(copy, 'to'), view(copy, 'via')]).toEqual([
      '<sip:bob@example.com>',
      'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2',
    ]);
    expect(parses).toBe(2); // the copy parsed nothing
    copy.prepend('Via', 'SIP/2.0/UDP p;branch=z9hG4bKp');
    h.set('To', '<sip:carol@example.com>');
    expect(view(copy, 'via')).toBe('SIP/2.0/UDP p;branch=z9hG4bKp');
    expect(view(h, 'via')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2');
    expect(view(copy, 'to')).toBe('<sip:bob@example.com>');
    expect(view(h, 'to')).toBe('<sip:carol@example.com>');
    expect(parses).toBe(4); // the copy's Via and the original's To, again
  });
});
