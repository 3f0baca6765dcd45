-- 008_renditions.sql: one report in several formats, and what the batch log needs to skip
-- files that failed before (issue 13).
--
-- A rendition is the same report saved in another format (a .pdf and a .docx of one .md): same
-- organization, department, year and period, and the same content once the extraction is
-- normalized (pipeline/renditions.ts). It is not a new version: the report keeps its extraction
-- and its current document; the rendition's bytes are recorded (a document row: name, format,
-- sha256, size, when) so a re-run knows them as a duplicate. `version` is the version of the
-- report it renders (a later new version does not inherit the renditions of the one before).
CREATE TABLE renditions (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	version INTEGER NOT NULL,
	document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
	-- The report's document the rendition was compared with (its current one at the time).
	same_as_document_id INTEGER NOT NULL REFERENCES documents (id),
	added_at TEXT NOT NULL
);
CREATE INDEX renditions_report ON renditions (report_id, version);

-- The batch log: a rendition is an attempt with status 'imported' and the report it renders;
-- `stage` is where a failed attempt failed ('find', 'read', 'parse', 'store'): a file whose
-- bytes failed in 'parse' is not parsed again until its bytes change or --retry-failed is
-- given (`not_retried` = 1 on the attempts that were skipped so).
ALTER TABLE import_attempts ADD COLUMN rendition_of INTEGER;
ALTER TABLE import_attempts ADD COLUMN stage TEXT
	CHECK (stage IS NULL OR stage IN ('find', 'read', 'parse', 'store'));
ALTER TABLE import_attempts ADD COLUMN not_retried INTEGER NOT NULL DEFAULT 0;
CREATE INDEX import_attempts_sha256 ON import_attempts (sha256, id);
ALTER TABLE import_runs ADD COLUMN renditions INTEGER NOT NULL DEFAULT 0;
