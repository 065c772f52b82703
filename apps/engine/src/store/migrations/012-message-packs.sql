-- SIP messages stored several to a row: the messages of one call that the trace writer writes in
-- one batch are one row (message-pack.ts has the format), one insert and one index entry instead of
-- a dozen. Calls recorded before keep their rows in `messages`, read back first.
CREATE TABLE message_packs (
  id INTEGER PRIMARY KEY,
  call_row INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  packed BLOB NOT NULL
);
CREATE INDEX message_packs_call ON message_packs (call_row, id);
