-- Packs written since hold their bytes in files beside the database (pack-files.ts): the row names
-- the file, where the pack starts in it and its length, and `packed` is empty. Rows with no file
-- hold their pack in `packed`, as before (and always in an in-memory database).
ALTER TABLE message_packs ADD COLUMN file INTEGER;
ALTER TABLE message_packs ADD COLUMN start INTEGER;
ALTER TABLE message_packs ADD COLUMN length INTEGER;
-- Retention deletes a file once no row names it: the oldest file named is one index lookup.
CREATE INDEX message_packs_file ON message_packs (file) WHERE file IS NOT NULL;
