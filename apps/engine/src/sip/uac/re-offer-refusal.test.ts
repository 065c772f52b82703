// When a re-offer from a leg of a 3PCC call is refused rather than relayed. Checks: RFC 3261
// §14.2 491 for an INVITE while the engine's INVITE on that dialog is in progress (call set-up,
// the other leg's offer being relayed, an API re-INVITE) and 500 with Retry-After 0–10 s for a
// second INVITE before the first was answered; RFC 3311 §5.2 the same for UPDATE; §14.1 no new
// INVITE towards a leg that has one in progress. Not checked here: the responses on the wire
// (media-relay.test.ts, reinvite-relay.sipp.test.ts).
import { describe, expect, it } from 'vitest';
import { reOfferRefusal } from './re-offer-refusal';
import type { ReOfferState } from './re-offer-refusal';

const idle: ReOfferState = {
  from: 'a',
  callUp: true,
  relaying: undefined,
  engineOffer: { a: false, b: false },
};

describe('reOfferRefusal', () => {
  it('lets a re-offer through on an idle, established call', () => {
    expect(reOfferRefusal(idle)).toBeUndefined();
    expect(reOfferRefusal({ ...idle, from: 'b' })).toBeUndefined();
  });

  it.each<[string, Partial<ReOfferState>]>([
    ['the call is still being set up (our INVITE to the leg not ACKed)', { callUp: false }],
    ["the other leg's offer is being relayed", { relaying: { from: 'b', answered: false } }],
    ["the other leg's re-INVITE awaits its ACK", { relaying: { from: 'b', answered: true } }],
    ["the sender's own re-INVITE awaits its ACK (§14.1)", { relaying: { from: 'a', answered: true } }],
    ['an API re-INVITE to the sender is in progress', { engineOffer: { a: true, b: false } }],
    ['an API re-INVITE to the other leg is in progress', { engineOffer: { a: false, b: true } }],
  ])('answers 491 Request Pending when %s', (_, change) => {
    expect(reOfferRefusal({ ...idle, ...change })).toEqual({
      status: 491,
      reason: 'Request Pending',
      headers: [],
    });
  });

  it.each([
    [0, '0'],
    [0.5, '5'],
    [0.999, '10'],
  ])(
    'answers a second offer before the first was answered with 500 and Retry-After (random %s → %s s)',
    (r, seconds) => {
      const refusal = reOfferRefusal({ ...idle, relaying: { from: 'a', answered: false } }, () => r);
      expect(refusal).toEqual({
        status: 500,
        reason: 'Server Internal Error',
        headers: [['Retry-After', seconds]],
      });
    },
  );
});
