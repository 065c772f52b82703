-- Who deployed each version: "admin" (editor sign-in), `token "NAME"` (an API token), or
-- "local" (an open API on loopback). NULL for versions deployed before this was recorded.
ALTER TABLE programs ADD COLUMN deployed_by TEXT;
