import { describe, expect, it } from 'vitest';
import { parseSipUriLite } from './parse-sip-uri-lite';

describe('parseSipUriLite', () => {
  it.each([
    ['sip:pbx.example.net:5060', { scheme: 'sip', user: undefined, host: 'pbx.example.net', port: 5060 }],
    ['sip:alice@atlanta.com', { scheme: 'sip', user: 'alice', host: 'atlanta.com', port: undefined }],
    ['sips:bob@192.0.2.4:5061', { scheme: 'sips', user: 'bob', host: '192.0.2.4', port: 5061 }],
    ['sip:[2001:db8::10]:5070', { scheme: 'sip', user: undefined, host: '[2001:db8::10]', port: 5070 }],
  ])('accepts %s', (text, expected) => {
    expect(parseSipUriLite(text)).toMatchObject(expected);
  });

  it('reads URI parameters', () => {
    expect(parseSipUriLite('sip:127.0.0.1:5080;transport=tcp;lr')?.params).toEqual({
      transport: 'tcp',
      lr: '',
    });
  });

  it.each(['', 'pbx.example.net', 'http://example.com', 'sip:', 'sip:host:99999', 'sip:ho st', 'tel:+123'])(
    'rejects %j',
    (text) => {
      expect(parseSipUriLite(text)).toBeUndefined();
    },
  );
});
