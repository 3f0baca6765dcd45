-- 001_init.sql: the first tailan schema.
--
-- The database is a user interface: plain tables and the documented views at the end, readable in
-- any SQLite tool (sqlite3, Datasette, DB Browser). Extraction and corrections are kept apart: the
-- tables hold what the pipeline read, `corrections` holds what people changed, and `v_measures`
-- shows the effective value (the latest correction over the extracted one).
--
-- Types are TEXT, INTEGER and DOUBLE PRECISION so that PostgreSQL accepts the same column
-- definitions; `INTEGER PRIMARY KEY` (SQLite's rowid alias), the FTS5 table and the triggers are
-- the parts a PostgreSQL adapter rewrites. Timestamps are ISO 8601 text written by store/.
-- Applied by store/migrate.ts, which sets PRAGMA user_version = 1 in the same transaction.

-- One row per imported file. The same bytes (sha256) are never stored twice.
CREATE TABLE documents (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE CHECK (sha256 <> ''),
	name TEXT NOT NULL,
	format TEXT NOT NULL CHECK (format IN ('markdown', 'docx', 'pdf', 'image')),
	bytes INTEGER NOT NULL CHECK (bytes >= 0),
	imported_at TEXT NOT NULL
);

-- One row per report (DESIGN.md §4 `report`, `summary`, `evaluation`). summary_json and
-- evaluation_json are the exported objects; the summary_* / evaluation_* columns are typed copies
-- of a few of their fields, for queries.
CREATE TABLE reports (
	id INTEGER PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	source TEXT NOT NULL,
	title TEXT NOT NULL,
	organization TEXT,
	department TEXT,
	year INTEGER,
	period TEXT CHECK (period IN ('annual', 'half-year')),
	prepared_by TEXT,
	reviewed_by TEXT,
	-- 'ok': everything read; 'partial': stored with issues (issues_json) the clerk should see.
	status TEXT NOT NULL CHECK (status IN ('ok', 'partial')),
	summary_json TEXT,
	evaluation_json TEXT,
	issues_json TEXT NOT NULL DEFAULT '[]',
	summary_date TEXT,
	summary_items_monitored INTEGER,
	summary_plan_completion_pct DOUBLE PRECISION,
	evaluation_plan_score DOUBLE PRECISION,
	evaluation_total DOUBLE PRECISION
);
CREATE INDEX reports_document_id ON reports (document_id);

-- The goal headings ("Зорилт 1.") of the plan table, in table order.
CREATE TABLE goals (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	ord INTEGER NOT NULL,
	number INTEGER NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (report_id, ord)
);

-- One row per plan item ("1.1"), as extracted. `ord` is the position in the table.
-- (report_id, item) is unique because corrections are keyed by (document, item, field).
CREATE TABLE measures (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	ord INTEGER NOT NULL,
	item TEXT NOT NULL CHECK (item <> ''),
	goal INTEGER,
	activity TEXT NOT NULL,
	budget_raw TEXT NOT NULL,
	budget_amount_mnt DOUBLE PRECISION,
	budget_source TEXT,
	indicator TEXT NOT NULL,
	baseline_raw TEXT NOT NULL,
	baseline_value DOUBLE PRECISION,
	baseline_unit TEXT CHECK (baseline_unit IN ('percent', 'count')),
	target_half_raw TEXT NOT NULL,
	target_half_value DOUBLE PRECISION,
	target_half_unit TEXT CHECK (target_half_unit IN ('percent', 'count')),
	target_full_raw TEXT NOT NULL,
	target_full_value DOUBLE PRECISION,
	target_full_unit TEXT CHECK (target_full_unit IN ('percent', 'count')),
	achievement TEXT NOT NULL,
	-- A level (DESIGN.md §1); NULL when not due or unreadable (then see performance_raw and flags).
	performance_pct INTEGER CHECK (performance_pct IN (100, 90, 80, 70, 30, 0)),
	performance_raw TEXT,
	not_due INTEGER NOT NULL DEFAULT 0 CHECK (not_due IN (0, 1)),
	UNIQUE (report_id, item),
	UNIQUE (report_id, ord)
);

-- Where each measure field came from: one row per source piece (a cell paragraph, an OCR span).
-- field is an export field name ("achievement", "baseline"); start_offset/end_offset are UTF-16
-- offsets into the source text; bbox_json is [x0, y0, x1, y1] in page units.
CREATE TABLE provenance (
	id INTEGER PRIMARY KEY,
	measure_id INTEGER NOT NULL REFERENCES measures (id),
	field TEXT NOT NULL,
	ord INTEGER NOT NULL,
	file TEXT NOT NULL,
	page INTEGER NOT NULL,
	tbl INTEGER,
	row INTEGER,
	cell INTEGER,
	start_offset INTEGER,
	end_offset INTEGER,
	bbox_json TEXT,
	confidence DOUBLE PRECISION,
	text TEXT NOT NULL
);
CREATE INDEX provenance_measure_id ON provenance (measure_id, field, ord);

-- Automatic decisions of the pipeline (merge of a continuation row, move of a narrative fragment,
-- …) with their evidence and confidence 0..1, so a clerk can review and reverse them.
CREATE TABLE decisions (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	kind TEXT NOT NULL,
	item TEXT,
	field TEXT,
	confidence DOUBLE PRECISION NOT NULL CHECK (confidence BETWEEN 0 AND 1),
	evidence TEXT NOT NULL,
	text TEXT,
	from_item TEXT,
	to_item TEXT,
	prov_json TEXT
);
CREATE INDEX decisions_report_id ON decisions (report_id);

-- Review flags: something a clerk should look at. status moves from 'open' to 'accepted' (the
-- value is right), 'corrected' (a correction was added) or 'rejected' (a false alarm).
CREATE TABLE flags (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	kind TEXT NOT NULL,
	severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
	item TEXT,
	field TEXT,
	message TEXT NOT NULL,
	evidence_json TEXT NOT NULL DEFAULT '{}',
	prov_json TEXT,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'corrected', 'rejected')),
	created_at TEXT NOT NULL
);
CREATE INDEX flags_report_id ON flags (report_id, status);

-- Corrections, append-only (the triggers below refuse UPDATE and DELETE). The key is
-- (document_sha256, item, field), so a correction follows the document, not a report row id.
-- field is an export field name: "achievement", "performancePct", "baseline.value", ….
-- old_value/new_value are text in the column's representation: numbers as decimal text,
-- booleans as 0/1, NULL for null.
CREATE TABLE corrections (
	id INTEGER PRIMARY KEY,
	document_sha256 TEXT NOT NULL,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	item TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT,
	reason TEXT NOT NULL,
	who TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX corrections_key ON corrections (document_sha256, item, field, id);

CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
BEGIN
	SELECT RAISE(ABORT, 'corrections are append-only: add a new correction instead');
END;

CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
BEGIN
	SELECT RAISE(ABORT, 'corrections are append-only: add a new correction instead');
END;

-- Full-text search over the narrative columns; rowid = measures.id. Plain rows (not
-- external-content) because the index holds the effective text: store/ inserts a row at import
-- and rewrites it when activity, indicator or achievement is corrected.
--
-- tokenize = 'unicode61 remove_diacritics 0': unicode61 treats every Unicode letter as a token
-- character, so Mongolian Ө ө Ү ү stay inside words, and it folds case for Cyrillic
-- (ӨРГӨДӨЛ matches өргөдөл). remove_diacritics 0 guarantees that no letter is folded into
-- another: Й and Ё decompose to И and Е plus a combining mark, and in Mongolian they are
-- different letters (the default mode's folding table covers Latin today; 0 makes it a rule).
CREATE VIRTUAL TABLE measures_fts USING fts5 (
	activity,
	indicator,
	achievement,
	tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER measures_fts_delete AFTER DELETE ON measures
BEGIN
	DELETE FROM measures_fts WHERE rowid = old.id;
END;

-- v_measures: one row per measure with its effective values (the latest correction of each field
-- over the extracted value) and its report's year, period, organization and department.
-- corrected_fields counts the fields that have at least one correction.
-- Columns: measure_id, report_id, document_sha256, year, period, organization, department, ord,
-- item, goal, activity, budget_raw, budget_amount_mnt, budget_source, indicator, baseline_raw,
-- baseline_value, baseline_unit, target_half_raw, target_half_value, target_half_unit,
-- target_full_raw, target_full_value, target_full_unit, achievement, performance_pct,
-- performance_raw, not_due, corrected_fields.
CREATE VIEW v_measures AS
SELECT
	m.id AS measure_id,
	m.report_id,
	d.sha256 AS document_sha256,
	r.year,
	r.period,
	r.organization,
	r.department,
	m.ord,
	m.item,
	CASE WHEN c_goal.id IS NULL THEN m.goal ELSE CAST(c_goal.new_value AS INTEGER) END AS goal,
	CASE WHEN c_activity.id IS NULL THEN m.activity ELSE c_activity.new_value END AS activity,
	CASE WHEN c_budget_raw.id IS NULL THEN m.budget_raw ELSE c_budget_raw.new_value END AS budget_raw,
	CASE WHEN c_budget_amount.id IS NULL THEN m.budget_amount_mnt
		ELSE CAST(c_budget_amount.new_value AS DOUBLE PRECISION) END AS budget_amount_mnt,
	CASE WHEN c_budget_source.id IS NULL THEN m.budget_source ELSE c_budget_source.new_value END AS budget_source,
	CASE WHEN c_indicator.id IS NULL THEN m.indicator ELSE c_indicator.new_value END AS indicator,
	CASE WHEN c_baseline_raw.id IS NULL THEN m.baseline_raw ELSE c_baseline_raw.new_value END AS baseline_raw,
	CASE WHEN c_baseline_value.id IS NULL THEN m.baseline_value
		ELSE CAST(c_baseline_value.new_value AS DOUBLE PRECISION) END AS baseline_value,
	CASE WHEN c_baseline_unit.id IS NULL THEN m.baseline_unit ELSE c_baseline_unit.new_value END AS baseline_unit,
	CASE WHEN c_half_raw.id IS NULL THEN m.target_half_raw ELSE c_half_raw.new_value END AS target_half_raw,
	CASE WHEN c_half_value.id IS NULL THEN m.target_half_value
		ELSE CAST(c_half_value.new_value AS DOUBLE PRECISION) END AS target_half_value,
	CASE WHEN c_half_unit.id IS NULL THEN m.target_half_unit ELSE c_half_unit.new_value END AS target_half_unit,
	CASE WHEN c_full_raw.id IS NULL THEN m.target_full_raw ELSE c_full_raw.new_value END AS target_full_raw,
	CASE WHEN c_full_value.id IS NULL THEN m.target_full_value
		ELSE CAST(c_full_value.new_value AS DOUBLE PRECISION) END AS target_full_value,
	CASE WHEN c_full_unit.id IS NULL THEN m.target_full_unit ELSE c_full_unit.new_value END AS target_full_unit,
	CASE WHEN c_achievement.id IS NULL THEN m.achievement ELSE c_achievement.new_value END AS achievement,
	CASE WHEN c_performance.id IS NULL THEN m.performance_pct
		ELSE CAST(c_performance.new_value AS INTEGER) END AS performance_pct,
	m.performance_raw,
	CASE WHEN c_not_due.id IS NULL THEN m.not_due ELSE CAST(c_not_due.new_value AS INTEGER) END AS not_due,
	(
		SELECT COUNT(DISTINCT c.field) FROM corrections c
		WHERE c.document_sha256 = d.sha256 AND c.item = m.item
	) AS corrected_fields
FROM measures m
JOIN reports r ON r.id = m.report_id
JOIN documents d ON d.id = r.document_id
LEFT JOIN corrections c_goal ON c_goal.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'goal')
LEFT JOIN corrections c_activity ON c_activity.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'activity')
LEFT JOIN corrections c_budget_raw ON c_budget_raw.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'budget.raw')
LEFT JOIN corrections c_budget_amount ON c_budget_amount.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'budget.amountMnt')
LEFT JOIN corrections c_budget_source ON c_budget_source.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'budget.source')
LEFT JOIN corrections c_indicator ON c_indicator.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'indicator')
LEFT JOIN corrections c_baseline_raw ON c_baseline_raw.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'baseline.raw')
LEFT JOIN corrections c_baseline_value ON c_baseline_value.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'baseline.value')
LEFT JOIN corrections c_baseline_unit ON c_baseline_unit.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'baseline.unit')
LEFT JOIN corrections c_half_raw ON c_half_raw.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetHalfYear.raw')
LEFT JOIN corrections c_half_value ON c_half_value.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetHalfYear.value')
LEFT JOIN corrections c_half_unit ON c_half_unit.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetHalfYear.unit')
LEFT JOIN corrections c_full_raw ON c_full_raw.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetFullYear.raw')
LEFT JOIN corrections c_full_value ON c_full_value.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetFullYear.value')
LEFT JOIN corrections c_full_unit ON c_full_unit.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'targetFullYear.unit')
LEFT JOIN corrections c_achievement ON c_achievement.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'achievement')
LEFT JOIN corrections c_performance ON c_performance.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'performancePct')
LEFT JOIN corrections c_not_due ON c_not_due.id = (SELECT MAX(c.id) FROM corrections c
	WHERE c.document_sha256 = d.sha256 AND c.item = m.item AND c.field = 'notDue');

-- v_open_flags: the review queue, flags with status 'open' and their report's year and department,
-- most severe first. Columns: flag_id, report_id, year, department, document_name, kind,
-- severity, item, field, message, evidence_json, created_at.
CREATE VIEW v_open_flags AS
SELECT
	f.id AS flag_id,
	f.report_id,
	r.year,
	r.department,
	d.name AS document_name,
	f.kind,
	f.severity,
	f.item,
	f.field,
	f.message,
	f.evidence_json,
	f.created_at
FROM flags f
JOIN reports r ON r.id = f.report_id
JOIN documents d ON d.id = r.document_id
WHERE f.status = 'open';

-- v_report_summary: one row per report with its counts and the plan-completion cross-check.
-- computed_plan_completion_pct is the mean effective level over the measures that are due,
-- rounded to 0.1 like the report's own summary (summary_plan_completion_pct): a difference
-- between the two is worth a look. Columns: report_id, document_id, document_name,
-- document_sha256, imported_at, source, title, organization, department, year, period, status,
-- measures, measures_due, measures_not_due, computed_plan_completion_pct,
-- summary_items_monitored, summary_plan_completion_pct, evaluation_total, open_flags,
-- corrections.
CREATE VIEW v_report_summary AS
SELECT
	r.id AS report_id,
	d.id AS document_id,
	d.name AS document_name,
	d.sha256 AS document_sha256,
	d.imported_at,
	r.source,
	r.title,
	r.organization,
	r.department,
	r.year,
	r.period,
	r.status,
	COALESCE(agg.measures, 0) AS measures,
	COALESCE(agg.measures_due, 0) AS measures_due,
	COALESCE(agg.measures_not_due, 0) AS measures_not_due,
	agg.computed_plan_completion_pct,
	r.summary_items_monitored,
	r.summary_plan_completion_pct,
	r.evaluation_total,
	(SELECT COUNT(*) FROM flags f WHERE f.report_id = r.id AND f.status = 'open') AS open_flags,
	(SELECT COUNT(*) FROM corrections c WHERE c.document_sha256 = d.sha256) AS corrections
FROM reports r
JOIN documents d ON d.id = r.document_id
-- One pass over v_measures for all reports (it reads only the two effective columns it needs).
LEFT JOIN (
	SELECT
		vm.report_id,
		COUNT(*) AS measures,
		SUM(CASE WHEN vm.not_due = 0 AND vm.performance_pct IS NOT NULL THEN 1 ELSE 0 END) AS measures_due,
		SUM(CASE WHEN vm.not_due = 1 THEN 1 ELSE 0 END) AS measures_not_due,
		ROUND(AVG(CASE WHEN vm.not_due = 0 THEN vm.performance_pct END), 1) AS computed_plan_completion_pct
	FROM v_measures vm
	GROUP BY vm.report_id
) agg ON agg.report_id = r.id;
