// Errors as values (STYLE.md: "return ParseError { code, offset, reason }; never throw on bad bytes").

import type { SipMessage } from './sip-message';

export type ParseErrorCode =
  | 'empty'
  | 'bad-start-line'
  | 'bad-request-uri'
  | 'bad-status-code'
  | 'unsupported-version'
  | 'bad-header-line'
  | 'bad-content-length'
  | 'multiple-content-length'
  | 'content-length-exceeds-body'
  | 'duplicate-header'
  | 'bad-via'
  | 'bad-from'
  | 'bad-to'
  | 'bad-call-id'
  | 'bad-cseq'
  | 'cseq-method-mismatch'
  | 'bad-max-forwards'
  | 'bad-contact'
  | 'bad-route'
  | 'bad-date';

export interface ParseError {
  readonly kind: 'error';
  readonly code: ParseErrorCode;
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;
  readonly reason: string;
  /**
   * The message as far as it could be read, when start line and header lines were well formed
   * (the error is in one header's grammar or in the framing): enough for a stateless 400/505.
   */
  readonly partial: SipMessage | undefined;
}

export function parseError(
  code: ParseErrorCode,
  offset: number,
  reason: string,
  partial?: SipMessage,
): ParseError {
  return { kind: 'error', code, offset, reason, partial };
}

export function isParseError(x: SipMessage | ParseError): x is ParseError {
  return x.kind === 'error';
}
