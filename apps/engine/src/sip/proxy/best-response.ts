// RFC 3261 §16.7 step 6: choosing the best final response among those collected.

export interface Candidate {
  readonly status: number;
}

// "the proxy SHOULD give preference to [401, 407, 415, 420, 484] when choosing among 4xx"
const PREFERRED_4XX = [401, 407, 415, 420, 484];

/**
 * "A proxy MUST NOT choose ... a 6xx response ... [it] MUST choose from amongst the responses
 * ... [a] 6xx class response if one is available; otherwise the lowest response class".
 * Within a class, preferred 4xx codes first, then the earliest received.
 */
export function bestResponse<T extends Candidate>(candidates: readonly T[]): T | undefined {
  const sixes = candidates.filter((c) => c.status >= 600);
  if (sixes.length > 0) return sixes[0];
  let best: T | undefined;
  for (const c of candidates) {
    if (best === undefined) best = c;
    else {
      const bc = Math.floor(best.status / 100);
      const cc = Math.floor(c.status / 100);
      if (cc < bc) best = c;
      else if (
        cc === bc &&
        cc === 4 &&
        PREFERRED_4XX.includes(c.status) &&
        !PREFERRED_4XX.includes(best.status)
      ) {
        best = c;
      }
    }
  }
  return best;
}
