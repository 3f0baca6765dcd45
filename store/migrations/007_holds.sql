-- 007_holds.sql: held reports (issue 13) — stored whole, kept out of the queries until a person
-- accepts them. See docs/holds.md.
--
-- The pipeline may give a report holds (pipeline/records.ts Hold): the file looks cut short, an
-- item number is printed twice and cannot be told apart, its columns are unconfirmed, … . Such a
-- report is stored like any other (every measure, flag and provenance row) but `reports.held` is
-- 1: compare, history, indicators, search, link proposals, the M&E views (v_department_year,
-- v_indicator_history) and `tailan export` leave it out. v_measures and v_report_summary show it,
-- with a `held` column, so nothing is hidden from the review step.
--
-- A person accepts the holds of a report (`tailan reports accept ID --reason …`); each acceptance
-- is one row of hold_acceptances, append-only. A hold is accepted while an acceptance of the same
-- report, kind and evidence exists: a new version of the report whose hold has the same evidence
-- stays accepted; a hold with other evidence (the new file is cut elsewhere) holds it again.
-- Depends on 001_init.sql and 003_indicators.sql (views rebuilt below).

-- 1 while the report has a hold that no acceptance covers. Written by store/ only, in the same
-- transaction as the holds and acceptances it is derived from.
ALTER TABLE reports ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
CREATE INDEX reports_held ON reports (held, id);

-- The item number as printed, when the stored `item` differs (pipeline/repeats.ts): NULL when
-- the item is as printed.
ALTER TABLE measures ADD COLUMN item_raw TEXT;

-- The holds of each report's current extraction (replaced when a new version is imported; the
-- old ones stay in report_versions.snapshot_json). evidence_json is canonical JSON (keys sorted),
-- so the same evidence is the same text. flag_id is the review flag raised for the hold (one per
-- hold, severity 'error', shown first in the review queue).
CREATE TABLE holds (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	kind TEXT NOT NULL CHECK (kind <> ''),
	message TEXT NOT NULL,
	evidence_json TEXT NOT NULL DEFAULT '{}',
	flag_id INTEGER REFERENCES flags (id),
	created_at TEXT NOT NULL
);
CREATE INDEX holds_report ON holds (report_id, kind);

-- Who accepted which hold, when and why; append-only (the triggers refuse UPDATE and DELETE).
-- document_sha256 is the version the person saw.
CREATE TABLE hold_acceptances (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	kind TEXT NOT NULL,
	evidence_json TEXT NOT NULL,
	document_sha256 TEXT NOT NULL,
	message TEXT NOT NULL,
	reason TEXT NOT NULL CHECK (trim(reason) <> ''),
	who TEXT NOT NULL CHECK (trim(who) <> ''),
	accepted_at TEXT NOT NULL
);
CREATE INDEX hold_acceptances_key ON hold_acceptances (report_id, kind, evidence_json);

CREATE TRIGGER hold_acceptances_no_update BEFORE UPDATE ON hold_acceptances
BEGIN
	SELECT RAISE(ABORT, 'hold acceptances are append-only');
END;

CREATE TRIGGER hold_acceptances_no_delete BEFORE DELETE ON hold_acceptances
BEGIN
	SELECT RAISE(ABORT, 'hold acceptances are append-only');
END;

-- v_holds: every hold with its state — 'held', or 'accepted' with the latest acceptance that
-- covers it. Columns: hold_id, report_id, kind, message, evidence_json, flag_id, created_at,
-- state, accepted_by, accepted_at, reason.
CREATE VIEW v_holds AS
SELECT
	h.id AS hold_id,
	h.report_id,
	h.kind,
	h.message,
	h.evidence_json,
	h.flag_id,
	h.created_at,
	CASE WHEN a.id IS NULL THEN 'held' ELSE 'accepted' END AS state,
	a.who AS accepted_by,
	a.accepted_at,
	a.reason
FROM holds h
LEFT JOIN hold_acceptances a ON a.id = (SELECT MAX(a2.id) FROM hold_acceptances a2
	WHERE a2.report_id = h.report_id AND a2.kind = h.kind AND a2.evidence_json = h.evidence_json);

-- The views that read v_measures are rebuilt with it.
DROP VIEW v_department_year;
DROP VIEW v_indicator_history;
DROP VIEW v_report_summary;
DROP VIEW v_measures;

-- v_measures: as in 001_init.sql, plus `held` (1: the report is held — see reports.held) and
-- `item_raw` (the item number as printed when `item` differs: inferred, or "g.n#k" for a
-- repeated number whose identity is unresolved). It shows held reports; the query views below
-- leave them out.
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
	) AS corrected_fields,
	r.held,
	m.item_raw
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

-- v_report_summary: as in 001_init.sql, plus `held` (1 while a hold is not accepted) and `holds`
-- (the number of holds of the current version, accepted or not).
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
	(SELECT COUNT(*) FROM corrections c WHERE c.document_sha256 = d.sha256) AS corrections,
	r.held,
	(SELECT COUNT(*) FROM holds h WHERE h.report_id = r.id) AS holds
FROM reports r
JOIN documents d ON d.id = r.document_id
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

-- v_indicator_history: as in 003_indicators.sql, without held reports.
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
LEFT JOIN indicator_series s ON s.measure_id = vm.measure_id
WHERE vm.held = 0;

-- v_department_year: as in 003_indicators.sql, without held reports.
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
WHERE vm.held = 0
GROUP BY vm.organization, vm.department, vm.year, vm.period;
