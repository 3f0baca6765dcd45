-- 004_batch.sql: batch imports — one row per `tailan import` run and one per file per run.
--
-- Depends only on 001_init.sql. Plain tables that PostgreSQL accepts as written (ids aside).
-- Versions of a report (same organization, department, year and period, different bytes) are
-- the store's business (store.importResult); an attempt records the document a new version
-- replaced.

-- One row per `tailan import` run. A run left 'running' by a killed process is marked
-- 'interrupted' by the next run (its pid is no longer alive).
CREATE TABLE import_runs (
	id INTEGER PRIMARY KEY,
	started_at TEXT NOT NULL,
	finished_at TEXT,
	status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'interrupted')),
	pid INTEGER,
	args_json TEXT NOT NULL DEFAULT '[]',
	jobs INTEGER NOT NULL DEFAULT 1,
	files INTEGER NOT NULL DEFAULT 0,
	imported INTEGER NOT NULL DEFAULT 0,
	duplicates INTEGER NOT NULL DEFAULT 0,
	failed INTEGER NOT NULL DEFAULT 0,
	flags INTEGER NOT NULL DEFAULT 0
);

-- One row per file per run: what happened to it and why. status 'imported' (stored now, report_id
-- set), 'duplicate' (its bytes were stored before, report_id of that copy) or 'failed' (reason and
-- fix say why; nothing was stored). `tailan import --retry-failed` reads the latest attempt of
-- each path.
CREATE TABLE import_attempts (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES import_runs (id),
	path TEXT NOT NULL,
	sha256 TEXT,
	bytes INTEGER,
	status TEXT NOT NULL CHECK (status IN ('imported', 'duplicate', 'failed')),
	reason TEXT,
	fix TEXT,
	report_id INTEGER,
	-- A new version of a stored report: the document it replaced (NULL otherwise).
	replaced_document_id INTEGER,
	replaced_sha256 TEXT,
	started_at TEXT NOT NULL,
	finished_at TEXT NOT NULL
);
CREATE INDEX import_attempts_path ON import_attempts (path, id);
CREATE INDEX import_attempts_run ON import_attempts (run_id, status);
