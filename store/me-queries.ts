/**
 * M&E queries for the browser pages (issue 17): levels per department and year in one pass (the
 * pivot and the comparison across several years), the choices of the indicator filters, the
 * series present in a year, and the link proposals waiting for a person. Read only; effective
 * values (a person's correction of a level counts, as in v_department_year).
 */

import { databaseOf } from "./connection.ts";
import type { Handle } from "./handle.ts";
import { openIndicators } from "./indicators.ts";
import type { Store } from "./store.ts";

/** Levels of one department (or organization) in one year. */
export interface LevelCell {
	organization: string | null;
	/** null when grouped by organization. */
	department: string | null;
	year: number;
	/** Reports (by department) or departments (by organization). */
	units: number;
	items: number;
	itemsDue: number;
	/** Sum of the levels of the due items (mean = levelSum / itemsDue). */
	levelSum: number;
	/** Mean level over the due items, to 0.1 (the reports' own "plan completion"). */
	planCompletionPct: number | null;
	levels: {
		"100": number;
		"90": number;
		"80": number;
		"70": number;
		"30": number;
		"0": number;
		notDue: number;
	};
}

export interface LevelsOptions {
	/** "department" (default) or "organization". */
	by?: "department" | "organization";
	/** "annual" (default) or "half-year". */
	period?: "annual" | "half-year";
	/** Only these years (default: every year). */
	years?: readonly number[];
}

/** The choices the indicator filters offer. */
export interface MeFacets {
	organizations: string[];
	departments: { organization: string | null; department: string }[];
	years: number[];
}

/** A proposed link below its threshold: a question for a person (`tailan links confirm|reject`). */
export interface PendingLink {
	id: number;
	aMeasureId: number | null;
	bMeasureId: number | null;
	aReportId: number | null;
	bReportId: number | null;
	aItem: string;
	bItem: string;
	department: string | null;
	aYear: number | null;
	bYear: number | null;
	aIndicator: string | null;
	bIndicator: string | null;
	score: number;
	threshold: number;
	evidence: string;
}

/**
 * Levels counted per report: report_levels (migration 010, kept by triggers on measures) holds
 * them as extracted; reports with a person's correction are counted again through v_measures
 * (effective values), replacing their rows: the same numbers as v_department_year.
 */
const LEVEL_COLUMNS = `COUNT(*) AS items,
	SUM(CASE WHEN not_due = 0 AND performance_pct IS NOT NULL THEN 1 ELSE 0 END) AS items_due,
	SUM(CASE WHEN not_due = 0 AND performance_pct IS NOT NULL THEN performance_pct ELSE 0 END) AS level_sum,
	SUM(CASE WHEN performance_pct = 100 THEN 1 ELSE 0 END) AS level_100,
	SUM(CASE WHEN performance_pct = 90 THEN 1 ELSE 0 END) AS level_90,
	SUM(CASE WHEN performance_pct = 80 THEN 1 ELSE 0 END) AS level_80,
	SUM(CASE WHEN performance_pct = 70 THEN 1 ELSE 0 END) AS level_70,
	SUM(CASE WHEN performance_pct = 30 THEN 1 ELSE 0 END) AS level_30,
	SUM(CASE WHEN performance_pct = 0 THEN 1 ELSE 0 END) AS level_0,
	SUM(CASE WHEN not_due = 1 THEN 1 ELSE 0 END) AS not_due`;

interface LevelCounts {
	items: number;
	items_due: number;
	level_sum: number;
	level_100: number;
	level_90: number;
	level_80: number;
	level_70: number;
	level_30: number;
	level_0: number;
	not_due: number;
}

interface LevelRow extends LevelCounts {
	organization: string | null;
	department: string | null;
	year: number;
	reports: number;
}

const statements = new WeakMap<Handle, ReturnType<typeof prepare>>();

function prepare(db: Handle) {
	return {
		// One row per report, kept by migration 010's triggers.
		reportLevels: db.prepare<[], LevelCounts & { report_id: number }>(
			`SELECT report_id, items, items_due, level_sum, level_100, level_90, level_80, level_70,
				level_30, level_0, not_due FROM report_levels`,
		),
		correctedReports: db.prepare<[], { report_id: number }>(
			`SELECT DISTINCT r.id AS report_id FROM corrections c
			JOIN documents d ON d.sha256 = c.document_sha256 JOIN reports r ON r.document_id = d.id`,
		),
		effectiveLevels: db.prepare<
			{ ids: string },
			LevelCounts & { report_id: number }
		>(
			`SELECT report_id, ${LEVEL_COLUMNS} FROM v_measures
			WHERE report_id IN (SELECT CAST(value AS INTEGER) FROM json_each(@ids)) GROUP BY report_id`,
		),
		reportsOfPeriod: db.prepare<
			{ period: string },
			{
				id: number;
				organization: string | null;
				department: string | null;
				year: number;
			}
		>(
			`SELECT id, organization, department, year FROM reports
			WHERE period = @period AND held = 0 AND year IS NOT NULL`,
		),
		organizations: db.prepare<[], { organization: string }>(
			`SELECT DISTINCT organization FROM reports WHERE held = 0 AND organization IS NOT NULL
			ORDER BY organization`,
		),
		departments: db.prepare<
			[],
			{ organization: string | null; department: string }
		>(
			`SELECT DISTINCT organization, department FROM reports WHERE held = 0 AND department IS NOT NULL
			ORDER BY organization NULLS FIRST, department`,
		),
		years: db.prepare<[], { year: number }>(
			"SELECT DISTINCT year FROM reports WHERE held = 0 AND year IS NOT NULL ORDER BY year",
		),
		seriesInYear: db.prepare<{ year: number }, { series_id: number }>(
			`SELECT DISTINCT COALESCE(s.series_id, m.id) AS series_id
			FROM reports r JOIN measures m ON m.report_id = r.id
			LEFT JOIN indicator_series s ON s.measure_id = m.id
			WHERE r.year = @year AND r.held = 0`,
		),
		pending: db.prepare<[], PendingRow>(
			`SELECT l.link_id, l.a_measure_id, l.b_measure_id, ma.report_id AS a_report_id,
				mb.report_id AS b_report_id, l.a_item, l.b_item, l.department, l.a_year, l.b_year,
				l.a_indicator, l.b_indicator, l.score, l.threshold, l.evidence
			FROM v_indicator_links l
			LEFT JOIN measures ma ON ma.id = l.a_measure_id
			LEFT JOIN measures mb ON mb.id = l.b_measure_id
			WHERE l.status = 'proposed' AND l.auto = 0
			ORDER BY l.organization NULLS FIRST, l.department NULLS FIRST, l.b_year NULLS FIRST, l.b_item, l.score DESC`,
		),
	};
}

interface PendingRow {
	link_id: number;
	a_measure_id: number | null;
	b_measure_id: number | null;
	a_report_id: number | null;
	b_report_id: number | null;
	a_item: string;
	b_item: string;
	department: string | null;
	a_year: number | null;
	b_year: number | null;
	a_indicator: string | null;
	b_indicator: string | null;
	score: number;
	threshold: number;
	evidence: string;
}

function queries(store: Store) {
	const db = databaseOf(store);
	let q = statements.get(db);
	if (!q) {
		q = prepare(db);
		statements.set(db, q);
	}
	return q;
}

/**
 * The levels of every department (or organization) in every year of a period, in one query:
 * the department × year pivot and the comparison across several years.
 * @param store an open store
 * @param options by, period, years (see LevelsOptions)
 */
export function levelsByYear(
	store: Store,
	options: LevelsOptions = {},
): LevelCell[] {
	const by = options.by ?? "department";
	const period = options.period ?? "annual";
	const years = options.years === undefined ? null : new Set(options.years);
	const q = queries(store);
	const counts = new Map(q.reportLevels.all().map((r) => [r.report_id, r]));
	const corrected = q.correctedReports.all().map((r) => r.report_id);
	if (corrected.length > 0)
		for (const r of q.effectiveLevels.all({ ids: JSON.stringify(corrected) }))
			counts.set(r.report_id, r);
	const groups = new Map<string, LevelRow>();
	const reports = q.reportsOfPeriod.all({ period });
	for (const report of reports) {
		if (years !== null && !years.has(report.year)) continue;
		const c = counts.get(report.id);
		if (!c) continue;
		const department = by === "department" ? report.department : null;
		const key = `${report.organization ?? ""}\u0000${department ?? ""}\u0000${report.year}`;
		const sum = groups.get(key);
		if (!sum) {
			groups.set(key, {
				items: c.items,
				items_due: c.items_due,
				level_sum: c.level_sum,
				level_100: c.level_100,
				level_90: c.level_90,
				level_80: c.level_80,
				level_70: c.level_70,
				level_30: c.level_30,
				level_0: c.level_0,
				not_due: c.not_due,
				organization: report.organization,
				department,
				year: report.year,
				reports: 1,
			});
			continue;
		}
		sum.reports++;
		sum.items += c.items;
		sum.items_due += c.items_due;
		sum.level_sum += c.level_sum;
		sum.level_100 += c.level_100;
		sum.level_90 += c.level_90;
		sum.level_80 += c.level_80;
		sum.level_70 += c.level_70;
		sum.level_30 += c.level_30;
		sum.level_0 += c.level_0;
		sum.not_due += c.not_due;
	}
	const units =
		by === "department" ? undefined : departmentsPerOrganization(reports);
	// Sorted by organization and department: the distinct names sorted once, each group ranked
	// once, then numbers compared (building keys inside the comparator was most of the time).
	const rows = [...groups.values()].map((r) => ({
		r,
		name: `${r.organization ?? ""}\u0000${r.department ?? ""}`,
		rank: 0,
	}));
	const names = [...new Set(rows.map((x) => x.name))]
		.map((name) => ({ name, key: alphabetKey(name) }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map((x) => x.name);
	const rank = new Map(names.map((name, index) => [name, index]));
	for (const x of rows) x.rank = rank.get(x.name) ?? 0;
	return rows
		.sort((a, b) => a.rank - b.rank || a.r.year - b.r.year)
		.map(({ r }) =>
			toCell(
				r,
				units === undefined
					? r.reports
					: (units.get(`${r.organization ?? ""}\u0000${r.year}`) ?? 0),
			),
		);
}

/** The Mongolian Cyrillic alphabet, in its order (Ө after О, Ү after У). */
const ALPHABET = "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя";
const ALPHABET_RANK = new Map(
	[...ALPHABET].map((letter, i) => [letter, String.fromCharCode(0x400 + i)]),
);

/**
 * A key that sorts names in Mongolian alphabetical order with a plain comparison (an
 * Intl.Collator compares a few thousand names in tens of milliseconds; this is computed once a name).
 */
export function alphabetKey(text: string): string {
	let key = "";
	for (const ch of text.toLowerCase()) key += ALPHABET_RANK.get(ch) ?? ch;
	return key;
}

/** Departments reporting per organization and year. */
function departmentsPerOrganization(
	reports: {
		organization: string | null;
		department: string | null;
		year: number;
	}[],
): Map<string, number> {
	const seen = new Map<string, Set<string>>();
	for (const r of reports) {
		const key = `${r.organization ?? ""}\u0000${r.year}`;
		const set = seen.get(key) ?? new Set<string>();
		set.add(r.department ?? "");
		seen.set(key, set);
	}
	return new Map([...seen].map(([k, v]) => [k, v.size]));
}

function toCell(r: LevelRow, units: number): LevelCell {
	return {
		organization: r.organization,
		department: r.department,
		year: r.year,
		units,
		items: r.items,
		itemsDue: r.items_due,
		levelSum: r.level_sum,
		planCompletionPct:
			r.items_due === 0
				? null
				: Math.round((r.level_sum / r.items_due) * 10) / 10,
		levels: {
			"100": r.level_100,
			"90": r.level_90,
			"80": r.level_80,
			"70": r.level_70,
			"30": r.level_30,
			"0": r.level_0,
			notDue: r.not_due,
		},
	};
}

/** The organizations, departments and years of the stored reports (held ones left out). */
export function meFacets(store: Store): MeFacets {
	const q = queries(store);
	return {
		organizations: q.organizations.all().map((r) => r.organization),
		departments: q.departments.all(),
		years: q.years.all().map((r) => r.year),
	};
}

/** The series (ids as in indicator listings) with a measure in this year. */
export function seriesInYear(store: Store, year: number): Set<number> {
	return new Set(
		queries(store)
			.seriesInYear.all({ year })
			.map((r) => r.series_id),
	);
}

/** Proposed links below their threshold, with the reports of both ends. */
export function pendingLinks(store: Store): PendingLink[] {
	return queries(store)
		.pending.all()
		.map((r) => ({
			id: r.link_id,
			aMeasureId: r.a_measure_id,
			bMeasureId: r.b_measure_id,
			aReportId: r.a_report_id,
			bReportId: r.b_report_id,
			aItem: r.a_item,
			bItem: r.b_item,
			department: r.department,
			aYear: r.a_year,
			bYear: r.b_year,
			aIndicator: r.a_indicator,
			bIndicator: r.b_indicator,
			score: r.score,
			threshold: r.threshold,
			evidence: r.evidence,
		}));
}

/** What linking the just-imported reports did (see linkImported). */
export interface LinkingOutcome {
	/** Links used now (at or above the threshold) and waiting for a person (below it). */
	used: number;
	pending: number;
	/** Series and measures in the whole database after linking. */
	series: number;
	measures: number;
}

/**
 * Link the indicators of just-imported reports to the earlier reports of their departments
 * (store/indicators.ts proposeLinks, scoped to those departments): links the linker is sure of
 * are used at once, with their evidence kept; the others wait for a person (`tailan links`, the
 * M&E pages' /me/links). Link ids stay the same when a link is proposed again.
 * @param store an open store
 * @param reportIds the reports imported
 */
export function linkImported(
	store: Store,
	reportIds: readonly number[],
): LinkingOutcome {
	const indicators = openIndicators(store);
	try {
		const outcome = indicators.proposeLinks({ reports: reportIds });
		const measures = databaseOf(store)
			.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM measures")
			.get()?.n;
		return {
			used: outcome.aboveThreshold,
			pending: outcome.belowThreshold,
			series: outcome.series,
			measures: measures ?? 0,
		};
	} finally {
		indicators.close();
	}
}
