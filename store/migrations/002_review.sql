-- 002_review.sql: what the review app (review/) needs. Depends only on 001_init.sql.

-- The full source text of a textual document (Markdown), so the review app can show a field's
-- source with its span highlighted: provenance.start_offset/end_offset are UTF-16 offsets into it.
-- One row per document that has one (scans and PDFs have none; they show image crops).
CREATE TABLE sources (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id),
	text TEXT NOT NULL
);

-- A new version of a stored report's document (a better scan, a corrected file), recognised by
-- the report's identity (organization, department, year, period): the report keeps its id, its
-- extraction is replaced, and its corrections are re-applied under the new document's sha256 (so
-- v_measures shows them), with its accepted/rejected flag decisions. The old document stays in
-- `documents`. One row per such re-import: how many corrections were re-applied, how many of
-- those sit on a value the new extraction reads differently (each raised a
-- `correction-base-changed` flag), and how many name an item the new version lacks (each raised
-- a `correction-orphaned` flag).
CREATE TABLE reimports (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	old_document_id INTEGER NOT NULL REFERENCES documents (id),
	new_document_id INTEGER NOT NULL REFERENCES documents (id),
	reimported_at TEXT NOT NULL,
	corrections_reapplied INTEGER NOT NULL,
	corrections_changed INTEGER NOT NULL,
	corrections_orphaned INTEGER NOT NULL
);
CREATE INDEX reimports_report_id ON reimports (report_id);

-- Finding the report a new version replaces.
CREATE INDEX reports_identity ON reports (organization, department, year, period);

-- The review queue reads open flags across all reports.
CREATE INDEX flags_status ON flags (status, report_id);
