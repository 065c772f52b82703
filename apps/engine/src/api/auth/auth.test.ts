// Authentication of the API: open on loopback by default, required otherwise (forced here with
// auth "on", as a listener on a non-loopback address would), sessions from the admin password,
// API tokens stored hashed, failed sign-ins rate-limited, the events socket guarded too.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import relayWithBusy from '@patchbay/shared/fixtures/relay-with-busy.flow.json';
import { freePorts } from '../../../test/sipp/free-port';
import { tempDir } from '../../../test/temp-dir';
import { startPatchbay, type Patchbay } from '../../patchbay';
import { authRequired, isLoopbackHost } from './auth-policy';
import { hashPassword, verifyPassword } from './password';

let dir: ReturnType<typeof tempDir> | undefined;
let engine: Patchbay | undefined;

afterEach(async () => {
  await engine?.close();
  engine = undefined;
  dir?.remove();
});

async function start(options: { auth: 'auto' | 'on' | 'off'; httpHost?: string; adminPassword?: string }) {
  dir = tempDir();
  const [sipPort, httpPort] = await freePorts(2);
  engine = await startPatchbay(
    {
      sipHost: '127.0.0.1',
      sipPort: sipPort!,
      httpHost: options.httpHost ?? '127.0.0.1',
      httpPort: httpPort!,
      db: join(dir.path, 'p.db'),
      auth: options.auth,
      adminPassword: options.adminPassword,
    },
    null,
  );
  return engine;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('auth policy', () => {
  it('counts 127.0.0.0/8, ::1 and localhost as loopback, anything else not', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.0.2.1', 'example.net'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(authRequired('auto', '0.0.0.0')).toBe(true);
    expect(authRequired('auto', '127.0.0.1')).toBe(false);
    expect(authRequired('on', '127.0.0.1')).toBe(true);
    expect(authRequired('off', '0.0.0.0')).toBe(false);
  });

  it('hashes passwords with a salt and verifies them', async () => {
    const a = await hashPassword('correct horse');
    expect(a).not.toContain('correct horse');
    expect(a).not.toBe(await hashPassword('correct horse'));
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
  });
});

describe('API authentication', () => {
  it('stays open on loopback by default (127.0.0.2 too)', async () => {
    const e = await start({ auth: 'auto', httpHost: '127.0.0.2' });
    expect(e.authRequired).toBe(false);
    expect((await get(`${e.url}/api/flows`)).status).toBe(200);
    expect(await (await get(`${e.url}/api/auth/session`)).json()).toEqual({
      required: false,
      signedIn: true,
    });
  });

  it('requires a session or a token when on, and rate-limits failed sign-ins', async () => {
    const e = await start({ auth: 'on', adminPassword: 's3cret-admin' });
    expect(e.generatedPassword).toBeUndefined();
    const denied = await get(`${e.url}/api/flows`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await get(`${e.url}/api/health`)).status).toBe(200);

    expect((await post(`${e.url}/api/auth/login`, { password: 'nope' })).status).toBe(401);
    const login = await post(`${e.url}/api/auth/login`, { password: 's3cret-admin' });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await get(`${e.url}/api/flows`, { cookie })).status).toBe(200);

    const created = await post(`${e.url}/api/tokens`, { name: 'ci bot' }, { cookie });
    expect(created.status).toBe(201);
    const { token, info } = (await created.json()) as { token: string; info: { id: string } };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await get(`${e.url}/api/flows`, bearer)).status).toBe(200);
    // A deploy records who made it: the token's name here, "admin" from the editor's session.
    expect((await post(`${e.url}/api/flows`, relayWithBusy, bearer)).status).toBe(201);
    expect((await post(`${e.url}/api/flows/main-trunk/deploy`, {}, bearer)).status).toBe(200);
    expect((await post(`${e.url}/api/flows/main-trunk/deploy`, {}, { cookie })).status).toBe(200);
    const versions = (await (await get(`${e.url}/api/flows/main-trunk/versions`, bearer)).json()) as {
      versions: Array<{ version: number; deployedBy: string }>;
    };
    expect(versions.versions.map((v) => [v.version, v.deployedBy])).toEqual([
      [2, 'admin'],
      [1, 'token "ci bot"'],
    ]);
    const stored = e.store.db.prepare('SELECT token_hash FROM api_tokens').all() as Array<{
      token_hash: string;
    }>;
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    const listed = (await (await get(`${e.url}/api/tokens`, bearer)).json()) as {
      tokens: Array<{ id: string }>;
    };
    expect(listed.tokens.map((t) => t.id)).toEqual([info.id]);
    expect(JSON.stringify(listed)).not.toContain(token);

    // The events socket is guarded as well.
    const wsUrl = `${e.url.replace('http', 'ws')}/api/events`;
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(refused).toBe('refused');
    const allowed = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers: bearer });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('error', (err) => resolve(String(err)));
    });
    expect(allowed).toBe('open');

    expect(
      (await fetch(`${e.url}/api/tokens/${info.id}`, { method: 'DELETE', headers: { cookie } })).status,
    ).toBe(204);
    expect((await get(`${e.url}/api/flows`, bearer)).status).toBe(401);

    // Five wrong passwords in a row: the next attempt is refused, even with the right one.
    for (let i = 0; i < 5; i++) await post(`${e.url}/api/auth/login`, { password: 'guess' });
    const limited = await post(`${e.url}/api/auth/login`, { password: 's3cret-admin' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('generates an admin password on the first start that needs one, and only then', async () => {
    const e = await start({ auth: 'on' });
    expect(e.generatedPassword).toMatch(/^[\w-]{12,}$/);
    const login = await post(`${e.url}/api/auth/login`, { password: e.generatedPassword });
    expect(login.status).toBe(200);
    const db = join(dir!.path, 'p.db');
    await e.close();
    engine = undefined;
    const [sipPort, httpPort] = await freePorts(2);
    engine = await startPatchbay(
      { sipHost: '127.0.0.1', sipPort: sipPort!, httpHost: '127.0.0.1', httpPort: httpPort!, db, auth: 'on' },
      null,
    );
    expect(engine.generatedPassword).toBeUndefined();
  });
});
