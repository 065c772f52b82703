// CSeq = "CSeq" HCOLON 1*DIGIT LWS Method (RFC 3261 §20.16)

import { isToken } from './grammar';

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** RFC 3261 §8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned integer and MUST be less than 2**31." */
const MAX_SEQ = 2 ** 31 - 1;

export function parseCSeq(value: string): CSeq | { readonly error: string } {
  const m = /^[ \t]*(\d+)[ \t]+(\S+)[ \t]*$/.exec(value);
  if (m === null) return { error: 'CSeq must be "number method"' };
  const digits = m[1] as string;
  const method = m[2] as string;
  // Leading zeros are legal (RFC 4475 wsinv "0009"); compare numerically without overflow.
  const seq = digits.replace(/^0+(?=\d)/, '');
  if (seq.length > 10 || Number(seq) > MAX_SEQ) return { error: 'CSeq number must be < 2**31' };
  if (!isToken(method)) return { error: 'CSeq method is not a token' };
  return { seq: Number(seq), method };
}
