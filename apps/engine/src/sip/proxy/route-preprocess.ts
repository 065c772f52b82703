// RFC 3261 §16.4 Route information preprocessing.

import { getRoutes } from '../message/accessors';
import type { SipRequest } from '../message/sip-message';

export type IsLocalUri = (uri: string) => boolean;

/**
 * What preprocessing did: 'strict' = the Request-URI was one of our Record-Route values (a
 * strict router upstream: always mid-dialog); 'popped' = our own Route value(s) removed (loose
 * routing mid-dialog, or an outbound-proxy Route preloaded on an initial request, §8.1.2);
 * 'none'.
 */
export type RoutePreprocessing = 'strict' | 'popped' | 'none';

/** Mutates req. */
export function preprocessRoute(req: SipRequest, isLocal: IsLocalUri): RoutePreprocessing {
  // "If the Request-URI contains a value this proxy previously placed into a Record-Route header
  // field ..., the proxy MUST replace the Request-URI in the request with the last value from
  // the Route header field, and remove that value from the Route header field." (strict router
  // upstream of us)
  const routes = getRoutes(req);
  let result: RoutePreprocessing = 'none';
  if (isLocal(req.uri) && routes.length > 0) {
    const last = routes[routes.length - 1];
    if (last !== undefined) {
      result = 'strict';
      const rest = req.headers.values('route').slice(0, -1);
      req.uri = last.uri.raw;
      req.headers.remove('Route');
      for (const r of rest) req.headers.append('Route', r);
    }
  }
  // "If the first value in the Route header field indicates this proxy, the proxy MUST remove
  // that value from the request." We may have record-routed twice (RFC 5658 §3.2, transport
  // change), so both values are ours and both go.
  for (
    let first = getRoutes(req)[0];
    first !== undefined && isLocal(first.uri.raw);
    first = getRoutes(req)[0]
  ) {
    req.headers.removeFirstValue('Route');
    if (result === 'none') result = 'popped';
  }
  return result;
}
