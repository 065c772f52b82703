import { describe, expect, it } from 'vitest';
import { ownString, ownValues, valuesOf } from './own-string';

describe('ownString', () => {
  it('copies the text of a slice of a bigger string', () => {
    const text = `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-${'x'.repeat(200)}\r\nTo: <sip:b@example.com>`;
    const slice = text.slice(5, 60);
    expect(ownString(slice)).toBe(slice);
  });

  it('keeps characters of the whole latin1 range and beyond it', () => {
    const latin1 = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expect(ownString(latin1)).toBe(latin1);
    // A display name decoded as UTF-8 may hold characters latin1 cannot carry.
    for (const s of [
      '"Zoë Ünal" <sip:zoe@example.com>',
      '"東京 office" <sip:tokyo@example.com>;tag=9f',
      '😀 emoji',
    ]) {
      expect(ownString(s)).toBe(s);
    }
  });

  it('copies short, empty and long strings', () => {
    expect(ownString('')).toBe('');
    expect(ownString('abc')).toBe('abc');
    const long = 'v'.repeat(5000);
    expect(ownString(long)).toBe(long);
  });
});

describe('ownValues', () => {
  it('keeps one value as a string and several as a list, in order', () => {
    expect(ownValues(['SIP/2.0/UDP a.example.com;branch=z9hG4bK1'])).toBe(
      'SIP/2.0/UDP a.example.com;branch=z9hG4bK1',
    );
    const two = ['SIP/2.0/UDP a.example.com;branch=z9hG4bK1', 'SIP/2.0/UDP b.example.com;branch=z9hG4bK2'];
    expect(valuesOf(ownValues(two))).toEqual(two);
    expect(valuesOf(ownValues([]))).toEqual([]);
    expect(valuesOf(ownValues(['only']))).toEqual(['only']);
  });
});
