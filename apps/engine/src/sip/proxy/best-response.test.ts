import { describe, it, expect } from 'vitest';
import { bestResponse } from './best-response';

describe('bestResponse (RFC 3261 §16.7 step 6)', () => {
  it.each([
    [[486, 603, 302], 603],
    [[486, 302, 500], 302],
    [[486, 408], 486],
    [[404, 407, 480], 407],
    [[503], 503],
    [[], undefined],
  ])('from %j picks %s', (statuses, expected) => {
    expect(bestResponse(statuses.map((status) => ({ status })))?.status).toBe(expected);
  });
});
