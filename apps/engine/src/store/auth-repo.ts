// Settings, API tokens and sign-in sessions. Secrets are never stored: tokens and session ids
// are random 256-bit values kept as SHA-256 hashes; the admin password as an scrypt hash.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  /** The first characters of the token, so a person can tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class AuthRepo {
  private readonly getSetting;
  private readonly putSetting;
  private readonly insertToken;
  private readonly listTokens;
  private readonly tokenByHash;
  private readonly touchToken;
  private readonly revokeToken;
  private readonly insertSession;
  private readonly getSession;
  private readonly deleteSession;
  private readonly purgeSessions;

  constructor(db: Db) {
    this.getSetting = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.putSetting = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.insertToken = db.prepare(
      'INSERT INTO api_tokens (id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.listTokens = db.prepare<[], TokenRow>(
      'SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at DESC',
    );
    this.tokenByHash = db.prepare<[string], { id: string }>(
      'SELECT id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
    );
    this.touchToken = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
    this.revokeToken = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.insertSession = db.prepare(
      'INSERT INTO sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)',
    );
    this.getSession = db.prepare<[string, number], { expires_at: number }>(
      'SELECT expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
    );
    this.deleteSession = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
    this.purgeSessions = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  setting(key: string): string | undefined {
    return this.getSetting.get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.putSetting.run(key, value);
  }

  /** Create a token; the returned secret is shown once and never stored. */
  createToken(name: string, now = Date.now()): { token: string; info: TokenInfo } {
    const token = `pbt_${randomBytes(32).toString('base64url')}`;
    const id = randomBytes(8).toString('hex');
    const prefix = token.slice(0, 10);
    this.insertToken.run(id, name, sha256(token), prefix, now);
    return { token, info: { id, name, prefix, createdAt: now, lastUsedAt: null, revokedAt: null } };
  }

  tokens(): TokenInfo[] {
    return this.listTokens.all().map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** The id of the live token, or undefined. Records when it was last used. */
  checkToken(token: string, now = Date.now()): string | undefined {
    const row = this.tokenByHash.get(sha256(token));
    if (row) this.touchToken.run(now, row.id);
    return row?.id;
  }

  tokenName(id: string): string | undefined {
    return this.tokens().find((t) => t.id === id)?.name;
  }

  revoke(id: string, now = Date.now()): boolean {
    return this.revokeToken.run(now, id).changes === 1;
  }

  createSession(ttlMs: number, now = Date.now()): string {
    const id = randomBytes(32).toString('base64url');
    this.purgeSessions.run(now);
    this.insertSession.run(sha256(id), now, now + ttlMs);
    return id;
  }

  sessionValid(id: string, now = Date.now()): boolean {
    return this.getSession.get(sha256(id), now) !== undefined;
  }

  endSession(id: string): void {
    this.deleteSession.run(sha256(id));
  }
}
