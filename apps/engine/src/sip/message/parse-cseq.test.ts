import { describe, it, expect } from 'vitest';
import { parseCSeq } from './parse-cseq';

describe('parseCSeq', () => {
  it.each([
    ['4711 INVITE', 4711, 'INVITE'], // RFC 3261 §20.16
    ['0009 INVITE', 9, 'INVITE'], // RFC 4475 wsinv (after unfolding)
    ['2147483647 OPTIONS', 2147483647, 'OPTIONS'],
  ])('parses %j', (value, seq, method) => {
    expect(parseCSeq(value)).toEqual({ seq, method });
  });

  it.each(['36893488147419103232 REGISTER', '2147483648 INVITE', 'INVITE', '1', '-1 INVITE', '1 IN<VITE'])(
    'rejects %j (RFC 4475 scalar02, scalarlg)',
    (value) => {
      expect(parseCSeq(value)).toHaveProperty('error');
    },
  );
});
