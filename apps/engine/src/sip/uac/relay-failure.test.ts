// The response a re-offer's sender gets when the other leg does not take it. Checks: the status
// passes on unchanged (488, 491, 500 with its Retry-After, 603); RFC 3261 §12.2.1.2 a 481 or 408
// (or a timeout, §8.1.3.1) ends the call; §8.1.3.1 a transport error counts as 503; a challenge
// meant for the engine becomes 403.
import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/create-response';
import { createRequest } from '../message/sip-message';
import type { ClientOutcome } from './client-request';
import { relayFailure } from './relay-failure';

const invite = createRequest('INVITE', 'sip:b@192.0.2.21', [
  ['Via', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1'],
  ['From', '<sip:patchbay@192.0.2.1>;tag=x'],
  ['To', '<sip:b@192.0.2.21>;tag=y'],
  ['Call-ID', 'c1'],
  ['CSeq', '2 INVITE'],
]);
const response = (status: number, reason: string, extra: [string, string][] = []): ClientOutcome => ({
  kind: 'response',
  res: createResponse(invite, status, reason, { extraHeaders: extra }),
});

describe('relayFailure', () => {
  it.each([
    [488, 'Not Acceptable Here'],
    [491, 'Request Pending'],
    [603, 'Decline'],
    [302, 'Moved Temporarily'],
  ])('passes %i on and keeps the call', (status, reason) => {
    expect(relayFailure(response(status, reason))).toEqual({ status, reason, headers: [], endsCall: false });
  });

  it("keeps the other leg's Retry-After", () => {
    expect(relayFailure(response(500, 'Server Internal Error', [['Retry-After', '7']]))).toMatchObject({
      status: 500,
      headers: [['Retry-After', '7']],
    });
  });

  it('ends the call on 481, 408 and a timeout (§12.2.1.2)', () => {
    expect(relayFailure(response(481, 'Call/Transaction Does Not Exist'))).toMatchObject({
      status: 481,
      endsCall: true,
    });
    expect(relayFailure(response(408, 'Request Timeout'))).toMatchObject({ status: 408, endsCall: true });
    expect(relayFailure({ kind: 'timeout' })).toMatchObject({ status: 408, endsCall: true });
  });

  it('answers 503 for a transport error and 403 for a challenge to the engine', () => {
    expect(relayFailure({ kind: 'transport-error', reason: 'ECONNREFUSED' })).toMatchObject({
      status: 503,
      endsCall: false,
    });
    expect(relayFailure(response(407, 'Proxy Authentication Required'))).toMatchObject({
      status: 403,
      endsCall: false,
    });
  });
});
