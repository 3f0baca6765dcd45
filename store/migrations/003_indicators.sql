-- 003_indicators.sql: indicator identity across reports (issue 6) and the M&E views.
--
-- An indicator is worded a little differently every year, so it is recognised in two steps:
--   1. indicator_keys: the canonical key of each measure's (effective) indicator wording,
--      computed by normalizers/indicator-key.ts (case, look-alike letters, punctuation, OCR-split
--      suffixes, тоо/тоогоор, хувь/хувиар … folded);
--   2. indicator_links: links between two measures of different reports of one department, each
--      with a score 0..1. A link is *used* when a person confirmed it, or when it is still only
--      proposed and its score reached the threshold it was proposed with (auto = 1). A proposed
--      link below the threshold is a question for a person and is never used until confirmed; a
--      rejected link is never used.
-- indicator_series holds the connected components of the used links (rebuilt by store/ after
-- every change of links): one series per indicator of a department, followed across the years.
--
-- Links are keyed like corrections, by (document sha256, item) on both ends, so a person's
-- decision survives re-importing a report. Depends only on 001_init.sql.

-- The canonical key of each measure's indicator. source_text is the wording the key was computed
-- from (the effective indicator), so a later correction of the indicator is noticed and re-keyed.
CREATE TABLE indicator_keys (
	measure_id INTEGER PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	source_text TEXT NOT NULL
);
CREATE INDEX indicator_keys_key ON indicator_keys (key);

-- Proposed, confirmed and rejected links between two measures of different reports: "a" is the
-- earlier report, "b" the later one.
CREATE TABLE indicator_links (
	id INTEGER PRIMARY KEY,
	a_sha256 TEXT NOT NULL,
	a_item TEXT NOT NULL,
	b_sha256 TEXT NOT NULL,
	b_item TEXT NOT NULL,
	score DOUBLE PRECISION NOT NULL CHECK (score BETWEEN 0 AND 1),
	-- the threshold the link was proposed with; auto = 1 when score >= threshold
	threshold DOUBLE PRECISION NOT NULL CHECK (threshold BETWEEN 0 AND 1),
	auto INTEGER NOT NULL CHECK (auto IN (0, 1)),
	-- 'key' (the same canonical key) or 'fuzzy'; evidence says what the score is made of
	method TEXT NOT NULL CHECK (method IN ('key', 'fuzzy', 'manual')),
	evidence TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
	decided_by TEXT,
	decided_at TEXT,
	reason TEXT,
	created_at TEXT NOT NULL,
	CHECK (a_sha256 <> b_sha256),
	UNIQUE (a_sha256, a_item, b_sha256, b_item)
);
CREATE INDEX indicator_links_b ON indicator_links (b_sha256, b_item);
CREATE INDEX indicator_links_status ON indicator_links (status, auto);

-- measure → series (the smallest measure id of its component of used links). A measure imported
-- after the last rebuild has no row: it is a series of its own (v_indicator_history says so).
CREATE TABLE indicator_series (
	measure_id INTEGER PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
	series_id INTEGER NOT NULL
);
CREATE INDEX indicator_series_series ON indicator_series (series_id, measure_id);

-- Year comparisons filter reports by year and group them by department; the level columns sit
-- after the long narrative in a measures row, so a covering index spares reading it.
CREATE INDEX IF NOT EXISTS reports_year_department ON reports (year, period, organization, department);
CREATE INDEX IF NOT EXISTS measures_levels ON measures (report_id, ord, item, performance_pct, not_due);

-- v_indicator_links: every link with both ends resolved to measures (when both reports are
-- stored) and whether it is used. Columns: link_id, a_measure_id, b_measure_id, a_sha256, a_item,
-- b_sha256, b_item, organization, department, a_year, b_year, a_indicator, b_indicator, score,
-- threshold, auto, method, evidence, status, used, decided_by, decided_at, reason, created_at.
CREATE VIEW v_indicator_links AS
SELECT
	l.id AS link_id,
	ma.id AS a_measure_id,
	mb.id AS b_measure_id,
	l.a_sha256,
	l.a_item,
	l.b_sha256,
	l.b_item,
	rb.organization,
	rb.department,
	ra.year AS a_year,
	rb.year AS b_year,
	ma.indicator AS a_indicator,
	mb.indicator AS b_indicator,
	l.score,
	l.threshold,
	l.auto,
	l.method,
	l.evidence,
	l.status,
	CASE WHEN l.status = 'confirmed' OR (l.status = 'proposed' AND l.auto = 1) THEN 1 ELSE 0 END AS used,
	l.decided_by,
	l.decided_at,
	l.reason,
	l.created_at
FROM indicator_links l
LEFT JOIN documents da ON da.sha256 = l.a_sha256
LEFT JOIN reports ra ON ra.document_id = da.id
LEFT JOIN measures ma ON ma.report_id = ra.id AND ma.item = l.a_item
LEFT JOIN documents db ON db.sha256 = l.b_sha256
LEFT JOIN reports rb ON rb.document_id = db.id
LEFT JOIN measures mb ON mb.report_id = rb.id AND mb.item = l.b_item;

-- v_indicator_history: one row per measure with its indicator key and series, for "how did this
-- indicator move from 2019 to 2024": baseline, half-year and full-year targets, level and the
-- narrative, effective values (v_measures). Columns: series_id, indicator_key, measure_id,
-- report_id, organization, department, year, period, item, indicator, activity, baseline_raw,
-- baseline_value, baseline_unit, target_half_raw, target_half_value, target_half_unit,
-- target_full_raw, target_full_value, target_full_unit, performance_pct, not_due, achievement.
CREATE VIEW v_indicator_history AS
SELECT
	COALESCE(s.series_id, vm.measure_id) AS series_id,
	k.key AS indicator_key,
	vm.measure_id,
	vm.report_id,
	vm.organization,
	vm.department,
	vm.year,
	vm.period,
	vm.item,
	vm.indicator,
	vm.activity,
	vm.baseline_raw,
	vm.baseline_value,
	vm.baseline_unit,
	vm.target_half_raw,
	vm.target_half_value,
	vm.target_half_unit,
	vm.target_full_raw,
	vm.target_full_value,
	vm.target_full_unit,
	vm.performance_pct,
	vm.not_due,
	vm.achievement
FROM v_measures vm
LEFT JOIN indicator_keys k ON k.measure_id = vm.measure_id
LEFT JOIN indicator_series s ON s.measure_id = vm.measure_id;

-- v_department_year: one row per organization, department, year and period — "which departments
-- completed their plans this year": items, items due, plan completion (mean effective level over
-- the due items, to 0.1, the reports' own formula), the count per level and the items below 100.
-- Columns: organization, department, year, period, reports, items, items_due, level_sum,
-- plan_completion_pct, level_100, level_90, level_80, level_70, level_30, level_0, not_due,
-- no_level, items_below_100.
CREATE VIEW v_department_year AS
SELECT
	vm.organization,
	vm.department,
	vm.year,
	vm.period,
	COUNT(DISTINCT vm.report_id) AS reports,
	COUNT(*) AS items,
	SUM(CASE WHEN vm.not_due = 0 AND vm.performance_pct IS NOT NULL THEN 1 ELSE 0 END) AS items_due,
	SUM(CASE WHEN vm.not_due = 0 THEN vm.performance_pct ELSE 0 END) AS level_sum,
	ROUND(AVG(CASE WHEN vm.not_due = 0 THEN vm.performance_pct END), 1) AS plan_completion_pct,
	SUM(CASE WHEN vm.performance_pct = 100 THEN 1 ELSE 0 END) AS level_100,
	SUM(CASE WHEN vm.performance_pct = 90 THEN 1 ELSE 0 END) AS level_90,
	SUM(CASE WHEN vm.performance_pct = 80 THEN 1 ELSE 0 END) AS level_80,
	SUM(CASE WHEN vm.performance_pct = 70 THEN 1 ELSE 0 END) AS level_70,
	SUM(CASE WHEN vm.performance_pct = 30 THEN 1 ELSE 0 END) AS level_30,
	SUM(CASE WHEN vm.performance_pct = 0 THEN 1 ELSE 0 END) AS level_0,
	SUM(CASE WHEN vm.not_due = 1 THEN 1 ELSE 0 END) AS not_due,
	SUM(CASE WHEN vm.not_due = 0 AND vm.performance_pct IS NULL THEN 1 ELSE 0 END) AS no_level,
	SUM(CASE WHEN vm.not_due = 0 AND vm.performance_pct < 100 THEN 1 ELSE 0 END) AS items_below_100
FROM v_measures vm
GROUP BY vm.organization, vm.department, vm.year, vm.period;
