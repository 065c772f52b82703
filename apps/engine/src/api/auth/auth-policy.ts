// Whether the API demands authentication. Open on loopback by default (a developer's machine);
// required as soon as the HTTP listener is reachable from elsewhere. `on`/`off` override it.
import { isIP } from 'node:net';

export type AuthMode = 'auto' | 'on' | 'off';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

export function authRequired(mode: AuthMode, httpHost: string): boolean {
  return mode === 'on' || (mode === 'auto' && !isLoopbackHost(httpHost));
}
