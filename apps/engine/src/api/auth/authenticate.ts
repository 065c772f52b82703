// The gate in front of the API when authentication is required: a session cookie (the editor)
// or "Authorization: Bearer <token>" (programs). Sign-in, session and health stay open.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AuthRepo } from '../../store/auth-repo';
import { ApiError } from '../api-error';

export const SESSION_COOKIE = 'pb_session';
const OPEN_PATHS = new Set(['/health', '/auth/login', '/auth/session', '/auth/logout', '/openapi.json']);

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Who is calling: 'session', 'token:<id>', or undefined. */
export function identify(req: IncomingMessage, auth: AuthRepo): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const id = auth.checkToken(header.slice(7).trim());
    return id === undefined ? undefined : `token:${id}`;
  }
  const session = readCookie(req, SESSION_COOKIE);
  return session !== undefined && auth.sessionValid(session) ? 'session' : undefined;
}

/** Who made a change, for the record: "admin", `token "NAME"`, or "local" on an open API. */
export function describeCaller(req: IncomingMessage, auth: AuthRepo): string {
  const who = identify(req, auth);
  if (who === 'session') return 'admin';
  if (who?.startsWith('token:')) return `token "${auth.tokenName(who.slice(6)) ?? who.slice(6)}"`;
  return 'local';
}

export function authenticate(auth: AuthRepo, required: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!required || OPEN_PATHS.has(req.path)) return next();
    if (identify(req, auth) === undefined) throw new ApiError('UNAUTHORIZED');
    next();
  };
}
