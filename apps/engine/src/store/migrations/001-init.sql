-- Flows as the editor saved them (the working copy).
CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at REAL NOT NULL,
  updated_at REAL NOT NULL
);

-- Every compiled version of a flow; kept after the flow is deleted, so old calls keep their drawing.
CREATE TABLE programs (
  flow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  program TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (flow_id, version)
);

-- The live version of each deployed flow.
CREATE TABLE deployments (
  flow_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  deployed_at REAL NOT NULL
);

-- One row per Call-ID (a dialog or a stand-alone transaction). Times are epoch milliseconds.
CREATE TABLE calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT NOT NULL UNIQUE,
  flow_id TEXT,
  version INTEGER,
  method TEXT NOT NULL DEFAULT '',
  from_uri TEXT NOT NULL DEFAULT '',
  to_uri TEXT NOT NULL DEFAULT '',
  started_at REAL NOT NULL,
  answered_at REAL,
  ended_at REAL,
  status TEXT NOT NULL DEFAULT 'trying',
  final_code INTEGER
);
CREATE INDEX calls_started ON calls (started_at DESC, id DESC);

CREATE TABLE steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_row INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  port TEXT,
  started_at REAL NOT NULL,
  duration_us INTEGER NOT NULL,
  detail TEXT NOT NULL,
  error TEXT
);
CREATE INDEX steps_call ON steps (call_row, seq);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_row INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  at REAL NOT NULL,
  direction TEXT NOT NULL,
  transport TEXT NOT NULL,
  peer TEXT NOT NULL,
  summary TEXT NOT NULL,
  raw BLOB NOT NULL
);
CREATE INDEX messages_call ON messages (call_row, id);
