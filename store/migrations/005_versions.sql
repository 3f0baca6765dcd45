-- 005_versions.sql: earlier versions of a report are kept, never overwritten silently (issue 7).
--
-- A new version of a stored report (same organization, department, year and period; other
-- bytes) takes the report row over: the row points at the new document and holds the new
-- extraction, and its `version` goes up by one — the row is always the current version. The
-- extraction it had before (the report row, goals, measures with provenance, decisions, flags)
-- is kept here whole, as JSON, with the document it came from. Depends only on 001_init.sql.
ALTER TABLE reports ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE report_versions (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	version INTEGER NOT NULL,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	superseded_at TEXT NOT NULL,
	snapshot_json TEXT NOT NULL,
	UNIQUE (report_id, version)
);
