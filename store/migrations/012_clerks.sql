-- 012_clerks.sql: several clerks (issue 16). Depends on 001_init.sql (flags).
--
-- A clerk signs in to the review app with a name and a token made by `tailan clerks add NAME`
-- (printed once). Only the token's SHA-256 is kept (the token is 32 random bytes, so a fast hash
-- guards it). While the table has a row the review app asks every visitor to sign in, and every
-- correction and decision carries the signed-in clerk's name; without rows it works as before
-- (one identity per server, `tailan review --who`). A clerk is never deleted, only disabled, so
-- the names in corrections and decisions keep meaning one person.
CREATE TABLE clerks (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
	token_sha256 TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- Who set a flag's current status, and when (NULL: set before this migration, or by the
-- pipeline). Two clerks on the same flag: a decision names the status its clerk saw, and the
-- store changes the flag only while it still has that status, in the same transaction; the
-- second clerk is shown these two columns instead of overwriting the first.
ALTER TABLE flags ADD COLUMN status_by TEXT;
ALTER TABLE flags ADD COLUMN status_at TEXT;
