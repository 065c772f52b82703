// Sign-in for the editor (admin password → session cookie) and API tokens for programs.
import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../api-error';
import { ADMIN_PASSWORD_KEY } from '../auth/admin-password';
import { identify, readCookie, SESSION_COOKIE } from '../auth/authenticate';
import { LoginLimiter } from '../auth/login-limiter';
import { verifyPassword } from '../auth/password';
import type { AppDeps } from '../create-app';

const SESSION_TTL_MS = 12 * 3600_000;
const loginBody = z.object({ password: z.string().min(1).max(1024) });
const tokenBody = z.object({ name: z.string().trim().min(1).max(100) });

export function authRoutes({ store, authRequired }: AppDeps): Router {
  const r = Router();
  const limiter = new LoginLimiter();

  r.get('/auth/session', (req, res) => {
    res.json({ required: authRequired, signedIn: !authRequired || identify(req, store.auth) !== undefined });
  });

  r.post('/auth/login', async (req, res) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.retryAfter(client);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ApiError('TOO_MANY_ATTEMPTS', { retryAfterSec: Math.ceil(wait / 1000) });
    }
    const body = loginBody.safeParse(req.body);
    if (!body.success) throw new ApiError('BAD_REQUEST', { field: 'password', reason: 'a non-empty string' });
    const stored = store.auth.setting(ADMIN_PASSWORD_KEY);
    if (stored === undefined || !(await verifyPassword(body.data.password, stored))) {
      limiter.fail(client);
      throw new ApiError('LOGIN_FAILED');
    }
    limiter.succeed(client);
    const session = store.auth.createSession(SESSION_TTL_MS);
    res.cookie(SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
    res.json({ signedIn: true });
  });

  r.post('/auth/logout', (req, res) => {
    const session = readCookie(req, SESSION_COOKIE);
    if (session !== undefined) store.auth.endSession(session);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/tokens', (_req, res) => {
    res.json({ tokens: store.auth.tokens().map(tokenJson) });
  });

  r.post('/tokens', (req, res) => {
    const body = tokenBody.safeParse(req.body);
    if (!body.success)
      throw new ApiError('BAD_REQUEST', { field: 'name', reason: 'a name of 1–100 characters' });
    const { token, info } = store.auth.createToken(body.data.name);
    res.status(201).json({ token, info: tokenJson(info) });
  });

  r.delete('/tokens/:id', (req, res) => {
    if (!store.auth.revoke(req.params.id)) throw new ApiError('TOKEN_NOT_FOUND', { id: req.params.id });
    res.status(204).end();
  });

  return r;
}

function tokenJson(t: ReturnType<AppDeps['store']['auth']['tokens']>[number]) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: iso(t.createdAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}
