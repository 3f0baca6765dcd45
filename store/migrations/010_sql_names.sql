-- 010: names for SQL users (issue 17).
--
-- `performance_pct` is a level (100, 90, 80, 70, 30 or 0: how far an item was done, the reports'
-- scale), not a percentage of anything; the name misleads. v_measures and v_indicator_history get
-- the same value as `level`; `performance_pct` stays, deprecated, so queries already written keep
-- working (docs/schema.md). The measures table keeps its column name.
--
-- `item` is text ("4.16" sorts before "4.6"): `item_sort` is a number that sorts items as the
-- reports number them, group × 1000 + number (4.6 → 4006, 4.16 → 4016). A repeated number held
-- as "4.11#2" sorts with 4.11; `ord` (the order in the report) breaks the tie.
--
-- Levels per report for the pivot (report_levels, below).
--
-- The two views are recreated with the two columns appended (same columns before them, same
-- values); the views built on v_measures (v_report_summary, v_department_year) are made again
-- unchanged.

-- The views that read v_measures are dropped and made again, unchanged (as in 007_holds.sql):
-- PostgreSQL refuses to drop a view other views read.
DROP VIEW IF EXISTS v_department_year;
DROP VIEW IF EXISTS v_report_summary;
DROP VIEW IF EXISTS v_indicator_history;
DROP VIEW IF EXISTS v_measures;

-- v_measures: as in 007_holds.sql, plus `level` and `item_sort`.
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
	m.item_raw,
	-- the same level under its true name (performance_pct is kept, deprecated: it is not a percentage)
	CASE WHEN c_performance.id IS NULL THEN m.performance_pct
		ELSE CAST(c_performance.new_value AS INTEGER) END AS level,
	-- "4.16" after "4.6": group × 1000 + number ("4.11#2", a repeated number, sorts with 4.11; then ord).
	-- Items match pipeline/records.ts ITEM_RE (digits.digits, #n): the casts read digits only,
	-- on both engines (PostgreSQL's CAST refuses "11#2").
	CAST(substr(m.item, 1, instr(m.item, '.') - 1) AS INTEGER) * 1000
		+ CAST(CASE WHEN instr(m.item, '#') > 0
			THEN substr(m.item, instr(m.item, '.') + 1, instr(m.item, '#') - instr(m.item, '.') - 1)
			ELSE substr(m.item, instr(m.item, '.') + 1) END AS INTEGER) AS item_sort
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

-- v_indicator_history: as in 007_holds.sql, plus `level` and `item_sort`.
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
	vm.achievement,
	vm.level,
	vm.item_sort
FROM v_measures vm
LEFT JOIN indicator_keys k ON k.measure_id = vm.measure_id
LEFT JOIN indicator_series s ON s.measure_id = vm.measure_id
WHERE vm.held = 0;

-- v_report_summary: as in 007_holds.sql.
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

-- v_department_year: as in 007_holds.sql.
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

-- report_levels: the level counts of each report's measures as extracted (before corrections),
-- kept by the triggers below on every insert, delete and update of a measure. The department ×
-- year pivot (store/me-queries.ts levelsByYear) reads one row per report here instead of every
-- measure; the reports with a person's correction are counted again through v_measures. Same
-- numbers as v_department_year (store/me-queries.test.ts checks it against compare()).
CREATE TABLE IF NOT EXISTS report_levels (
	report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
	items INTEGER NOT NULL DEFAULT 0,
	items_due INTEGER NOT NULL DEFAULT 0,
	level_sum INTEGER NOT NULL DEFAULT 0,
	level_100 INTEGER NOT NULL DEFAULT 0,
	level_90 INTEGER NOT NULL DEFAULT 0,
	level_80 INTEGER NOT NULL DEFAULT 0,
	level_70 INTEGER NOT NULL DEFAULT 0,
	level_30 INTEGER NOT NULL DEFAULT 0,
	level_0 INTEGER NOT NULL DEFAULT 0,
	not_due INTEGER NOT NULL DEFAULT 0
);

-- (Applied again over a database that has it, e.g. after a user_version reset: counted afresh.)
DELETE FROM report_levels;
INSERT INTO report_levels (report_id, items, items_due, level_sum, level_100, level_90, level_80, level_70, level_30, level_0, not_due)
SELECT report_id,
	COUNT(*),
	SUM(CASE WHEN not_due = 0 AND performance_pct IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN not_due = 0 AND performance_pct IS NOT NULL THEN performance_pct ELSE 0 END),
	SUM(CASE WHEN performance_pct = 100 THEN 1 ELSE 0 END),
	SUM(CASE WHEN performance_pct = 90 THEN 1 ELSE 0 END),
	SUM(CASE WHEN performance_pct = 80 THEN 1 ELSE 0 END),
	SUM(CASE WHEN performance_pct = 70 THEN 1 ELSE 0 END),
	SUM(CASE WHEN performance_pct = 30 THEN 1 ELSE 0 END),
	SUM(CASE WHEN performance_pct = 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN not_due = 1 THEN 1 ELSE 0 END)
FROM measures GROUP BY report_id;

-- The pivot's list of reports of a period, read from the index alone.
CREATE INDEX IF NOT EXISTS reports_period_held ON reports (period, held, year, organization, department);

CREATE TRIGGER IF NOT EXISTS report_levels_insert AFTER INSERT ON measures
BEGIN
	INSERT INTO report_levels (report_id) VALUES (new.report_id) ON CONFLICT (report_id) DO NOTHING;
	UPDATE report_levels SET
		items = items + (1),
		items_due = items_due + (CASE WHEN new.not_due = 0 AND new.performance_pct IS NOT NULL THEN 1 ELSE 0 END),
		level_sum = level_sum + (CASE WHEN new.not_due = 0 AND new.performance_pct IS NOT NULL THEN new.performance_pct ELSE 0 END),
		level_100 = level_100 + (CASE WHEN new.performance_pct = 100 THEN 1 ELSE 0 END),
		level_90 = level_90 + (CASE WHEN new.performance_pct = 90 THEN 1 ELSE 0 END),
		level_80 = level_80 + (CASE WHEN new.performance_pct = 80 THEN 1 ELSE 0 END),
		level_70 = level_70 + (CASE WHEN new.performance_pct = 70 THEN 1 ELSE 0 END),
		level_30 = level_30 + (CASE WHEN new.performance_pct = 30 THEN 1 ELSE 0 END),
		level_0 = level_0 + (CASE WHEN new.performance_pct = 0 THEN 1 ELSE 0 END),
		not_due = not_due + (CASE WHEN new.not_due = 1 THEN 1 ELSE 0 END)
	WHERE report_id = new.report_id;
END;

CREATE TRIGGER IF NOT EXISTS report_levels_delete AFTER DELETE ON measures
BEGIN
	UPDATE report_levels SET
		items = items - (1),
		items_due = items_due - (CASE WHEN old.not_due = 0 AND old.performance_pct IS NOT NULL THEN 1 ELSE 0 END),
		level_sum = level_sum - (CASE WHEN old.not_due = 0 AND old.performance_pct IS NOT NULL THEN old.performance_pct ELSE 0 END),
		level_100 = level_100 - (CASE WHEN old.performance_pct = 100 THEN 1 ELSE 0 END),
		level_90 = level_90 - (CASE WHEN old.performance_pct = 90 THEN 1 ELSE 0 END),
		level_80 = level_80 - (CASE WHEN old.performance_pct = 80 THEN 1 ELSE 0 END),
		level_70 = level_70 - (CASE WHEN old.performance_pct = 70 THEN 1 ELSE 0 END),
		level_30 = level_30 - (CASE WHEN old.performance_pct = 30 THEN 1 ELSE 0 END),
		level_0 = level_0 - (CASE WHEN old.performance_pct = 0 THEN 1 ELSE 0 END),
		not_due = not_due - (CASE WHEN old.not_due = 1 THEN 1 ELSE 0 END)
	WHERE report_id = old.report_id;
END;

CREATE TRIGGER IF NOT EXISTS report_levels_update AFTER UPDATE OF report_id, performance_pct, not_due ON measures
BEGIN
	UPDATE report_levels SET
		items = items - (1),
		items_due = items_due - (CASE WHEN old.not_due = 0 AND old.performance_pct IS NOT NULL THEN 1 ELSE 0 END),
		level_sum = level_sum - (CASE WHEN old.not_due = 0 AND old.performance_pct IS NOT NULL THEN old.performance_pct ELSE 0 END),
		level_100 = level_100 - (CASE WHEN old.performance_pct = 100 THEN 1 ELSE 0 END),
		level_90 = level_90 - (CASE WHEN old.performance_pct = 90 THEN 1 ELSE 0 END),
		level_80 = level_80 - (CASE WHEN old.performance_pct = 80 THEN 1 ELSE 0 END),
		level_70 = level_70 - (CASE WHEN old.performance_pct = 70 THEN 1 ELSE 0 END),
		level_30 = level_30 - (CASE WHEN old.performance_pct = 30 THEN 1 ELSE 0 END),
		level_0 = level_0 - (CASE WHEN old.performance_pct = 0 THEN 1 ELSE 0 END),
		not_due = not_due - (CASE WHEN old.not_due = 1 THEN 1 ELSE 0 END)
	WHERE report_id = old.report_id;
	INSERT INTO report_levels (report_id) VALUES (new.report_id) ON CONFLICT (report_id) DO NOTHING;
	UPDATE report_levels SET
		items = items + (1),
		items_due = items_due + (CASE WHEN new.not_due = 0 AND new.performance_pct IS NOT NULL THEN 1 ELSE 0 END),
		level_sum = level_sum + (CASE WHEN new.not_due = 0 AND new.performance_pct IS NOT NULL THEN new.performance_pct ELSE 0 END),
		level_100 = level_100 + (CASE WHEN new.performance_pct = 100 THEN 1 ELSE 0 END),
		level_90 = level_90 + (CASE WHEN new.performance_pct = 90 THEN 1 ELSE 0 END),
		level_80 = level_80 + (CASE WHEN new.performance_pct = 80 THEN 1 ELSE 0 END),
		level_70 = level_70 + (CASE WHEN new.performance_pct = 70 THEN 1 ELSE 0 END),
		level_30 = level_30 + (CASE WHEN new.performance_pct = 30 THEN 1 ELSE 0 END),
		level_0 = level_0 + (CASE WHEN new.performance_pct = 0 THEN 1 ELSE 0 END),
		not_due = not_due + (CASE WHEN new.not_due = 1 THEN 1 ELSE 0 END)
	WHERE report_id = new.report_id;
END;
