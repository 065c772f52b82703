// RFC 3261 §16.4 Route information preprocessing.

import { getRoutes } from '../message/accessors';
import type { SipRequest } from '../message/sip-message';

export type IsLocalUri = (uri: string) => boolean;

/** Mutates req; returns true when a Route value naming this proxy was removed. */
export function preprocessRoute(req: SipRequest, isLocal: IsLocalUri): boolean {
  // "If the Request-URI contains a value this proxy previously placed into a Record-Route header
  // field ..., the proxy MUST replace the Request-URI in the request with the last value from
  // the Route header field, and remove that value from the Route header field." (strict router
  // upstream of us)
  const routes = getRoutes(req);
  if (isLocal(req.uri) && routes.length > 0) {
    const last = routes[routes.length - 1];
    if (last !== undefined) {
      const rest = req.headers.values('route').slice(0, -1);
      req.uri = last.uri.raw;
      req.headers.remove('Route');
      for (const r of rest) req.headers.append('Route', r);
    }
  }
  // "If the first value in the Route header field indicates this proxy, the proxy MUST remove
  // that value from the request."
  const first = getRoutes(req)[0];
  if (first !== undefined && isLocal(first.uri.raw)) {
    req.headers.removeFirstValue('Route');
    return true;
  }
  return false;
}
