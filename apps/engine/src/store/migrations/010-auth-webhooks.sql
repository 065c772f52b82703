-- Engine settings that must survive restarts (the admin password hash, …).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- API tokens for programs. Only a SHA-256 of the token is kept; the token is shown once.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at REAL NOT NULL,
  last_used_at REAL,
  revoked_at REAL
);

-- Editor sign-in sessions, by a SHA-256 of the session cookie.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  created_at REAL NOT NULL,
  expires_at REAL NOT NULL
);

-- Outbound webhooks: call events of one flow (or all flows) posted to a URL, HMAC-signed.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  flow_id TEXT,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at REAL NOT NULL,
  last_status TEXT,
  last_at REAL
);
