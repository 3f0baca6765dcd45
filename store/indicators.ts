/**
 * M&E queries (issue 6): indicator identity across reports, an indicator's history, departments
 * compared per year, narrative search. The SQL lives here, in store/, as named prepared
 * statements over the tables and views of 003_indicators.sql.
 *
 * Identity works in two steps. Every measure gets the canonical key of its indicator
 * (normalizers/indicator-key.ts). Then `proposeLinks` links each measure of a report to a
 * measure of an earlier report of the same department, scoring indicator wording and activity;
 * a link at or above the threshold is used, one below it waits for a person (`confirmLink`,
 * `rejectLink`). The used links make the series: one indicator of one department over the years.
 */
import {
	indicatorKey,
	indicatorSimilarity,
	prepareIndicator,
	stemOverlap,
	topicStems,
} from "../normalizers/indicator-key.ts";
import {
	type QueryTerm,
	queryTerms,
	searchSnippet,
} from "../normalizers/stem.ts";
import { collapseWhitespace, lowerMn } from "../normalizers/text.ts";
import type { Quantity } from "../pipeline/records.ts";
import { databaseOf, type Handle, openConnection } from "./connection.ts";
import { throwingStoreErrors } from "./errors.ts";
import { type MeasureRow, quantity } from "./rows.ts";
import { searchNarrative, termsToFts5 } from "./search.ts";
import type { Store } from "./store.ts";
import { viewOver } from "./view-sql.ts";

/** Score at or above which a proposed link is used without a person confirming it. */
export const DEFAULT_LINK_THRESHOLD = 0.75;
/** Score below which no link is proposed at all. */
export const MIN_PROPOSAL_SCORE = 0.45;
/** How many earlier reports of a department a measure is matched against (nearest first). */
export const DEFAULT_LOOKBACK = 3;

export const LINK_STATUSES = ["proposed", "confirmed", "rejected"] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

export interface ProposeOptions {
	/** Links scoring at least this are used without confirmation (default DEFAULT_LINK_THRESHOLD). */
	threshold?: number;
	/** Only the departments whose name contains this text (case-insensitive; default: all). */
	department?: string;
	/** Earlier reports of a department to match against (default DEFAULT_LOOKBACK). */
	lookback?: number;
	/** Only the departments of these reports (ids; default: all), e.g. the ones just imported. */
	reports?: readonly number[];
}

export interface ProposeOutcome {
	/** Reports whose measures were matched against earlier ones. */
	reports: number;
	/** Links proposed now, at or above the threshold (used) and below it (waiting for a person). */
	aboveThreshold: number;
	belowThreshold: number;
	/** Links already decided by a person, kept as they were. */
	decided: number;
	/** Series after the rebuild. */
	series: number;
}

/** A link between two measures of different reports (a: earlier, b: later). */
export interface IndicatorLink {
	id: number;
	aMeasureId: number | null;
	bMeasureId: number | null;
	aItem: string;
	bItem: string;
	organization: string | null;
	department: string | null;
	aYear: number | null;
	bYear: number | null;
	aIndicator: string | null;
	bIndicator: string | null;
	score: number;
	threshold: number;
	method: "key" | "fuzzy" | "manual";
	evidence: string;
	status: LinkStatus;
	/** Confirmed, or proposed with a score at or above its threshold. */
	used: boolean;
	decidedBy: string | null;
	decidedAt: string | null;
	reason: string | null;
}

export interface LinkFilter {
	/** "proposed", "confirmed", "rejected" (default: all). */
	status?: LinkStatus;
	/** Only proposed links below their threshold: the questions for a person. */
	pending?: boolean;
	/** Only the departments whose name contains this text. */
	department?: string;
	/** At most this many (default 1000). */
	limit?: number;
}

/** One indicator of one department over the years (a series). */
export interface IndicatorListing {
	seriesId: number;
	/** The canonical key of the latest wording. */
	key: string;
	/** The latest wording. */
	indicator: string;
	organization: string | null;
	department: string | null;
	firstYear: number | null;
	lastYear: number | null;
	/** Reports the indicator appears in. */
	reports: number;
	/** Distinct keys (wordings the key does not fold) in the series. */
	wordings: number;
	/** The latest item number. */
	item: string;
}

export interface HistoryOptions {
	from?: number;
	to?: number;
	/** Only the departments whose name contains this text (case-insensitive). */
	department?: string;
}

export interface HistoryRow {
	seriesId: number;
	measureId: number;
	reportId: number;
	organization: string | null;
	department: string | null;
	year: number | null;
	period: string | null;
	item: string;
	indicator: string;
	key: string | null;
	activity: string;
	baseline: QuantityValue;
	targetHalfYear: QuantityValue;
	targetFullYear: QuantityValue;
	performancePct: number | null;
	notDue: boolean;
	achievement: string;
}

/** A quantity as the history shows it: the §4 Quantity (raw text, value, unit). */
export type QuantityValue = Quantity;

export interface HistoryResult {
	/** The key the query was read as. */
	key: string;
	/** Keys whose measures were taken: the key itself, or the closest keys when none matched. */
	matchedKeys: { key: string; score: number }[];
	/** false when no measure has the key and the closest keys were used instead. */
	exact: boolean;
	rows: HistoryRow[];
}

export type CompareBy = "department" | "organization";

export interface CompareOptions {
	year: number;
	by?: CompareBy;
	/** "annual" (default) or "half-year". */
	period?: "annual" | "half-year";
}

export interface CompareRow {
	organization: string | null;
	/** null when comparing by organization. */
	department: string | null;
	year: number;
	period: string | null;
	/** Departments (by organization) or reports (by department). */
	units: number;
	items: number;
	itemsDue: number;
	/** Mean level over the due items, to 0.1. */
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
	/** Due items below 100, with their level. */
	belowHundred: { item: string; level: number; department: string | null }[];
}

export interface NarrativeHit {
	measureId: number;
	reportId: number;
	organization: string | null;
	department: string | null;
	year: number | null;
	item: string;
	indicator: string;
	/** The best-matching passage, matches in [brackets]. */
	snippet: string;
}

export interface SearchOptions {
	/** At most this many hits, best first (default 20). */
	limit?: number;
	year?: number;
	department?: string;
}

/** M&E queries over a tailan database; see the module comment. */
export interface Indicators {
	/** Key the measures that have no key yet or whose indicator was corrected; returns how many. */
	refreshKeys(): number;
	/** Match every report against the earlier reports of its department; store the links; rebuild the series. */
	proposeLinks(options?: ProposeOptions): ProposeOutcome;
	confirmLink(id: number, who: string, reason?: string): IndicatorLink;
	rejectLink(id: number, who: string, reason?: string): IndicatorLink;
	listLinks(filter?: LinkFilter): IndicatorLink[];
	/** Recompute the series from the used links; returns the number of series. */
	rebuildSeries(): number;
	listIndicators(filter?: {
		department?: string;
		search?: string;
	}): IndicatorListing[];
	history(query: string, options?: HistoryOptions): HistoryResult;
	compare(options: CompareOptions): CompareRow[];
	search(text: string, options?: SearchOptions): NarrativeHit[];
	close(): void;
}

export interface IndicatorsOptions {
	/** Clock for created_at / decided_at (default: now, ISO 8601). */
	now?: () => string;
}

/**
 * Open the M&E queries on a database.
 * @param target a Store (its own connection, which `close()` leaves open: works for ":memory:"
 *   too), or a database file (a connection of its own, closed by `close()`)
 * @param options see IndicatorsOptions
 */
export function openIndicators(
	target: Store | string,
	options: IndicatorsOptions = {},
): Indicators {
	const now = options.now ?? (() => new Date().toISOString());
	if (typeof target !== "string")
		return throwingStoreErrors(
			new SqliteIndicators(databaseOf(target), false, now),
		);
	if (target === "" || target === ":memory:")
		throw new TypeError(
			"openIndicators(target): needs a Store or a database file; a new ':memory:' database has nothing to query",
		);
	const db = openConnection(target, { fileMustExist: false, wal: false });
	try {
		return throwingStoreErrors(new SqliteIndicators(db, true, now));
	} catch (error) {
		db.close();
		throw error;
	}
}

interface LinkRow {
	link_id: number;
	a_measure_id: number | null;
	b_measure_id: number | null;
	a_sha256: string;
	a_item: string;
	b_sha256: string;
	b_item: string;
	organization: string | null;
	department: string | null;
	a_year: number | null;
	b_year: number | null;
	a_indicator: string | null;
	b_indicator: string | null;
	score: number;
	threshold: number;
	auto: number;
	method: string;
	evidence: string;
	status: string;
	used: number;
	decided_by: string | null;
	decided_at: string | null;
	reason: string | null;
}

/** A report's department and year, as history picks reports. */
interface ReportPlace {
	report_id: number;
	department: string | null;
	year: number | null;
}

/** A row of v_indicator_history (and historyOfSeries): v_measures' columns with the series. */
type HistoryDbRow = Pick<
	MeasureRow,
	| "measure_id"
	| "report_id"
	| "organization"
	| "department"
	| "year"
	| "period"
	| "item"
	| "indicator"
	| "activity"
	| "baseline_raw"
	| "baseline_value"
	| "baseline_unit"
	| "target_half_raw"
	| "target_half_value"
	| "target_half_unit"
	| "target_full_raw"
	| "target_full_value"
	| "target_full_unit"
	| "performance_pct"
	| "not_due"
	| "achievement"
> & { series_id: number; indicator_key: string | null };

interface DepartmentYearRow {
	organization: string | null;
	department: string | null;
	year: number;
	period: string | null;
	reports: number;
	items: number;
	items_due: number;
	level_sum: number;
	plan_completion_pct: number | null;
	level_100: number;
	level_90: number;
	level_80: number;
	level_70: number;
	level_30: number;
	level_0: number;
	not_due: number;
}

/**
 * The effective level and not-due of one year's measures. v_measures looks up 17 corrected
 * fields per row; here a measure without any correction (nearly all) costs one index probe, and
 * only the corrected ones go through v_measures. Same values as v_measures.
 * The corrected measures are found first, from the corrections (few rows), and MATERIALIZED:
 * given the view and a list to keep, PostgreSQL built v_measures for every measure before
 * keeping the listed ones (443 of 460 ms on 90k measures); joined to the list, it probes the
 * view's measures by id, as SQLite does.
 */
const EFFECTIVE_YEAR = `WITH corrected (measure_id) AS MATERIALIZED (
		SELECT DISTINCT m.id FROM corrections c
		JOIN documents d ON d.sha256 = c.document_sha256
		JOIN reports r ON r.document_id = d.id
		JOIN measures m ON m.report_id = r.id AND m.item = c.item
		WHERE r.year = @year AND r.period = @period AND r.held = 0
	)
	SELECT r.organization, r.department, r.year, r.period, m.report_id, m.ord, m.item,
		m.performance_pct, m.not_due
	FROM reports r JOIN documents d ON d.id = r.document_id JOIN measures m ON m.report_id = r.id
	WHERE r.year = @year AND r.period = @period AND r.held = 0
		AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.document_sha256 = d.sha256 AND c.item = m.item)
	UNION ALL
	SELECT vm.organization, vm.department, vm.year, vm.period, vm.report_id, vm.ord, vm.item,
		vm.performance_pct, vm.not_due
	FROM corrected CROSS JOIN v_measures vm WHERE vm.measure_id = corrected.measure_id`;

/**
 * v_department_year (its latest migration, the single source of its columns and formulas) over
 * one year and period's effective measures (EFFECTIVE_YEAR leaves held reports out, as the view's
 * WHERE does).
 */
const DEPARTMENT_YEAR = viewOver(
	"v_department_year",
	"FROM v_measures vm\nWHERE vm.held = 0\n",
	`FROM (${EFFECTIVE_YEAR}) vm\n`,
);

/** Only the measures of the listed reports (`@reports`, a JSON list of report ids). */
const REPORTS_LISTED =
	"m.report_id IN (SELECT CAST(value AS INTEGER) FROM json_each(@reports))";

/** The series of one key's measures in reports not held (with REPORTS_LISTED: those reports'). */
const seriesOfKey = (
	reports: "" | typeof REPORTS_LISTED,
) => `SELECT DISTINCT COALESCE(s.series_id, k.measure_id) AS series_id
			FROM indicator_keys k
			JOIN measures m ON m.id = k.measure_id
			JOIN reports r ON r.id = m.report_id
			LEFT JOIN indicator_series s ON s.measure_id = k.measure_id
			WHERE k.key = @key AND r.held = 0${reports === "" ? "" : ` AND ${reports}`}`;

/** Measures of the listed series (JSON list of series ids), in v_indicator_history's columns. */
// `ids` is MATERIALIZED and joined to measures by CROSS JOIN (the condition in WHERE): SQLite then
// walks the listed measures first instead of every report not held — with the list's values cast
// (for PostgreSQL), it chose the reports first, 160 ms instead of 0.5 ms on 90k measures. Both
// engines accept both forms; PostgreSQL plans the joins its own way. `corrected` (the listed
// measures with a correction, usually none) is likewise found first: PostgreSQL otherwise built
// v_indicator_history for every measure before keeping the listed ones.
// Two statements, with and without the list of reports (REPORTS_LISTED), chosen in TypeScript:
// in one, `@reports IS NULL OR …` could not use the list when PostgreSQL planned the statement
// once for every call.
const historyOfSeries = (
	reports: "" | typeof REPORTS_LISTED,
) => `WITH ids (measure_id) AS MATERIALIZED (
		SELECT u.measure_id FROM (
			SELECT s.measure_id FROM indicator_series s WHERE s.series_id IN (SELECT CAST(value AS INTEGER) FROM json_each(@ids))
			UNION SELECT CAST(value AS INTEGER) FROM json_each(@ids)
		) u JOIN measures m ON m.id = u.measure_id${reports === "" ? "" : `\n\t\tWHERE ${reports}`}
	), corrected (measure_id) AS MATERIALIZED (
		SELECT m.id FROM ids CROSS JOIN measures m
		JOIN reports r ON r.id = m.report_id JOIN documents d ON d.id = r.document_id
		WHERE m.id = ids.measure_id AND EXISTS (SELECT 1 FROM corrections c WHERE c.document_sha256 = d.sha256 AND c.item = m.item)
	)
	SELECT COALESCE(s.series_id, m.id) AS series_id, k.key AS indicator_key, m.id AS measure_id, m.report_id,
		r.organization, r.department, r.year, r.period, m.item, m.indicator, m.activity,
		m.baseline_raw, m.baseline_value, m.baseline_unit, m.target_half_raw, m.target_half_value,
		m.target_half_unit, m.target_full_raw, m.target_full_value, m.target_full_unit,
		m.performance_pct, m.not_due, m.achievement
	FROM ids CROSS JOIN measures m
	JOIN reports r ON r.id = m.report_id JOIN documents d ON d.id = r.document_id
	LEFT JOIN indicator_keys k ON k.measure_id = m.id
	LEFT JOIN indicator_series s ON s.measure_id = m.id
	WHERE m.id = ids.measure_id AND r.held = 0
		AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.document_sha256 = d.sha256 AND c.item = m.item)
	UNION ALL
	SELECT h.series_id, h.indicator_key, h.measure_id, h.report_id, h.organization, h.department, h.year,
		h.period, h.item, h.indicator, h.activity, h.baseline_raw, h.baseline_value, h.baseline_unit,
		h.target_half_raw, h.target_half_value, h.target_half_unit, h.target_full_raw, h.target_full_value,
		h.target_full_unit, h.performance_pct, h.not_due, h.achievement
	FROM corrected CROSS JOIN v_indicator_history h WHERE h.measure_id = corrected.measure_id
	ORDER BY year NULLS FIRST, period NULLS FIRST, series_id, report_id`;

function prepare(db: Handle) {
	const s = <P extends unknown[] | object = [], R = unknown>(sql: string) =>
		db.prepare<P, R>(sql);
	return {
		unkeyed: s<[], { measure_id: number; indicator: string }>(
			`SELECT m.id AS measure_id, m.indicator FROM measures m
			LEFT JOIN indicator_keys k ON k.measure_id = m.id WHERE k.measure_id IS NULL`,
		),
		// Indicators corrected since they were keyed (few rows: corrections of the indicator only).
		staleKeys: s<[], { measure_id: number; indicator: string }>(
			`SELECT vm.measure_id, vm.indicator FROM corrections c
			JOIN documents d ON d.sha256 = c.document_sha256
			JOIN reports r ON r.document_id = d.id
			JOIN v_measures vm ON vm.report_id = r.id AND vm.item = c.item
			JOIN indicator_keys k ON k.measure_id = vm.measure_id
			WHERE c.field = 'indicator' AND k.source_text <> vm.indicator`,
		),
		upsertKey: s<{ measure_id: number; key: string; source_text: string }>(
			`INSERT INTO indicator_keys (measure_id, key, source_text) VALUES (@measure_id, @key, @source_text)
			ON CONFLICT (measure_id) DO UPDATE SET key = excluded.key, source_text = excluded.source_text`,
		),
		// What history's --department/--from/--to pick reports by: the departments' names first
		// (a few hundred among thousands of reports), then the reports of those that match.
		reportsWhere: s<[], ReportPlace>(
			"SELECT id AS report_id, department, year FROM reports WHERE held = 0",
		),
		departmentNames: s<[], { department: string | null }>(
			"SELECT DISTINCT department FROM reports WHERE held = 0",
		),
		reportsOfDepartments: s<{ departments: string }, ReportPlace>(
			`SELECT id AS report_id, department, year FROM reports
			WHERE held = 0 AND department IN (SELECT CAST(value AS TEXT) FROM json_each(@departments))`,
		),
		reports: s<
			[],
			{
				report_id: number;
				sha256: string;
				organization: string | null;
				department: string | null;
				year: number | null;
				period: string | null;
			}
		>(
			`SELECT r.id AS report_id, d.sha256, r.organization, r.department, r.year, r.period
			FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.held = 0 ORDER BY r.id`,
		),
		measuresForMatching: s<
			[],
			{
				measure_id: number;
				report_id: number;
				item: string;
				goal: number | null;
				indicator: string;
				activity: string;
				key: string | null;
			}
		>(
			`SELECT vm.measure_id, vm.report_id, vm.item, vm.goal, vm.indicator, vm.activity, k.key
			FROM v_measures vm LEFT JOIN indicator_keys k ON k.measure_id = vm.measure_id
			WHERE vm.held = 0
			ORDER BY vm.report_id, vm.ord`,
		),
		decidedLinks: s<
			[],
			{
				a_sha256: string;
				a_item: string;
				b_sha256: string;
				b_item: string;
				status: string;
			}
		>(
			"SELECT a_sha256, a_item, b_sha256, b_item, status FROM indicator_links WHERE status <> 'proposed'",
		),
		proposedInto: s<
			{ b_sha256: string },
			{ id: number; a_sha256: string; a_item: string; b_item: string }
		>(
			"SELECT id, a_sha256, a_item, b_item FROM indicator_links WHERE status = 'proposed' AND b_sha256 = @b_sha256",
		),
		deleteLink: s<{ id: number }>(
			"DELETE FROM indicator_links WHERE id = @id AND status = 'proposed'",
		),
		upsertLink: s<{
			a_sha256: string;
			a_item: string;
			b_sha256: string;
			b_item: string;
			score: number;
			threshold: number;
			auto: number;
			method: string;
			evidence: string;
			created_at: string;
		}>(
			`INSERT INTO indicator_links (a_sha256, a_item, b_sha256, b_item, score, threshold, auto, method, evidence, created_at)
			VALUES (@a_sha256, @a_item, @b_sha256, @b_item, @score, @threshold, @auto, @method, @evidence, @created_at)
			ON CONFLICT (a_sha256, a_item, b_sha256, b_item) DO UPDATE SET score = excluded.score,
				threshold = excluded.threshold, auto = excluded.auto, method = excluded.method,
				evidence = excluded.evidence`,
		),
		decideLink: s<{
			id: number;
			status: string;
			who: string;
			reason: string | null;
			at: string;
		}>(
			`UPDATE indicator_links SET status = @status, decided_by = @who, decided_at = @at, reason = @reason
			WHERE id = @id`,
		),
		linkById: s<{ id: number }, LinkRow>(
			"SELECT * FROM v_indicator_links WHERE link_id = @id",
		),
		links: s<{ status: string | null; pending: number }, LinkRow>(
			`SELECT * FROM v_indicator_links
			WHERE (CAST(@status AS TEXT) IS NULL OR status = @status) AND (@pending = 0 OR (status = 'proposed' AND auto = 0))
			ORDER BY organization NULLS FIRST, department NULLS FIRST, b_year NULLS FIRST, b_item, score DESC`,
		),
		usedLinks: s<[], { a: number; b: number }>(
			`SELECT a_measure_id AS a, b_measure_id AS b FROM v_indicator_links
			WHERE used = 1 AND a_measure_id IS NOT NULL AND b_measure_id IS NOT NULL`,
		),
		measureIds: s<[], { id: number }>("SELECT id FROM measures ORDER BY id"),
		clearSeries: s("DELETE FROM indicator_series"),
		insertSeries: s<{ measure_id: number; series_id: number }>(
			"INSERT INTO indicator_series (measure_id, series_id) VALUES (@measure_id, @series_id)",
		),
		seriesOverview: s<
			[],
			{
				series_id: number;
				indicator_key: string | null;
				indicator: string;
				organization: string | null;
				department: string | null;
				year: number | null;
				period: string | null;
				item: string;
				report_id: number;
			}
		>(
			`SELECT series_id, indicator_key, indicator, organization, department, year, period, item, report_id
			FROM v_indicator_history ORDER BY series_id, year NULLS FIRST, period NULLS FIRST, report_id`,
		),
		seriesOfKey: s<{ key: string }, { series_id: number }>(seriesOfKey("")),
		seriesOfKeyIn: s<{ key: string; reports: string }, { series_id: number }>(
			seriesOfKey(REPORTS_LISTED),
		),
		distinctKeys: s<[], { key: string }>(
			`SELECT DISTINCT k.key FROM indicator_keys k
			JOIN measures m ON m.id = k.measure_id JOIN reports r ON r.id = m.report_id
			WHERE r.held = 0 ORDER BY k.key`,
		),
		// json_each turns a JSON list into rows (store/dialect.ts translates it for PostgreSQL).
		historyOfSeries: s<{ ids: string }, HistoryDbRow>(historyOfSeries("")),
		historyOfSeriesIn: s<{ ids: string; reports: string }, HistoryDbRow>(
			historyOfSeries(REPORTS_LISTED),
		),
		// v_department_year's body with the year filter inside the GROUP BY, so SQLite reads one
		// year's measures through the reports index instead of aggregating every year first.
		departmentYear: s<{ year: number; period: string }, DepartmentYearRow>(
			`${DEPARTMENT_YEAR} ORDER BY plan_completion_pct DESC NULLS LAST, organization NULLS FIRST, department NULLS FIRST`,
		),
		organizationYear: s<{ year: number; period: string }, DepartmentYearRow>(
			`SELECT organization, NULL AS department, year, period, COUNT(*) AS reports,
				SUM(items) AS items, SUM(items_due) AS items_due, SUM(level_sum) AS level_sum,
				ROUND(SUM(level_sum) * 1.0 / NULLIF(SUM(items_due), 0), 1) AS plan_completion_pct,
				SUM(level_100) AS level_100, SUM(level_90) AS level_90, SUM(level_80) AS level_80,
				SUM(level_70) AS level_70, SUM(level_30) AS level_30, SUM(level_0) AS level_0,
				SUM(not_due) AS not_due
			FROM (${DEPARTMENT_YEAR}) dy
			GROUP BY organization, year, period
			ORDER BY plan_completion_pct DESC NULLS LAST, organization NULLS FIRST`,
		),
		belowHundred: s<
			{ year: number; period: string },
			{
				organization: string | null;
				department: string | null;
				item: string;
				performance_pct: number;
			}
		>(
			`SELECT organization, department, item, performance_pct FROM (${EFFECTIVE_YEAR}) vm
			WHERE not_due = 0 AND performance_pct < 100
			ORDER BY organization NULLS FIRST, department NULLS FIRST, report_id, ord`,
		),
		// The effective texts of a hit, for its snippet (measures_fts holds them: one rowid probe,
		// where v_measures would look up every corrected field).
		searchedText: s<
			{ id: number },
			{ activity: string; indicator: string; achievement: string }
		>(
			"SELECT activity, indicator, achievement FROM measures_fts WHERE rowid = @id",
		),
	};
}

type Queries = ReturnType<typeof prepare>;

interface MatchMeasure {
	id: number;
	reportId: number;
	item: string;
	goal: number | null;
	key: string;
	tokens: ReturnType<typeof prepareIndicator>;
	topic: Set<string>;
}

interface MatchReport {
	id: number;
	sha256: string;
	year: number | null;
	period: string | null;
	measures: MatchMeasure[];
}

class SqliteIndicators implements Indicators {
	readonly #db: Handle;
	readonly #q: Queries;
	readonly #owned: boolean;
	readonly #now: () => string;

	constructor(db: Handle, owned: boolean, now: () => string) {
		this.#db = db;
		this.#q = prepare(db);
		this.#owned = owned;
		this.#now = now;
	}

	refreshKeys(): number {
		const q = this.#q;
		const pending = () => [...q.unkeyed.all(), ...q.staleKeys.all()];
		// The pages call this on every GET: take the write lock only when there is work.
		if (!this.#db.inTransaction && pending().length === 0) return 0;
		return this.#write(() => {
			const rows = pending();
			for (const r of rows) {
				q.upsertKey.run({
					measure_id: r.measure_id,
					key: indicatorKey(r.indicator),
					source_text: r.indicator,
				});
			}
			return rows.length;
		});
	}

	/**
	 * Run `fn` in a write transaction that takes the write lock first (BEGIN IMMEDIATE), so it
	 * waits within the busy timeout while another process writes; inside an open transaction it
	 * is a savepoint.
	 */
	#write<T>(fn: () => T): T {
		return this.#db.transaction(fn).immediate();
	}

	proposeLinks(options: ProposeOptions = {}): ProposeOutcome {
		const threshold = options.threshold ?? DEFAULT_LINK_THRESHOLD;
		if (!(threshold >= 0 && threshold <= 1))
			throw new TypeError(
				"indicators.proposeLinks: threshold must be between 0 and 1",
			);
		const lookback = options.lookback ?? DEFAULT_LOOKBACK;
		// One write transaction from the first read: the decisions read are the ones kept.
		return this.#write(() => this.#propose(threshold, lookback, options));
	}

	#propose(
		threshold: number,
		lookback: number,
		options: ProposeOptions,
	): ProposeOutcome {
		const q = this.#q;
		this.refreshKeys();
		const departments = this.#matchingInput(
			options.department,
			options.reports,
		);
		const decided = q.decidedLinks.all();
		const decidedByPair = new Map(
			decided.map((l) => [
				pairId(l.a_sha256, l.a_item, l.b_sha256, l.b_item),
				l.status,
			]),
		);
		const confirmedB = new Set(
			decided
				.filter((l) => l.status === "confirmed")
				.map((l) => `${l.b_sha256}\u0000${l.b_item}`),
		);
		const confirmedA = new Set(
			decided
				.filter((l) => l.status === "confirmed")
				.map((l) => `${l.a_sha256}\u0000${l.a_item}`),
		);
		const createdAt = this.#now();
		const outcome: ProposeOutcome = {
			reports: 0,
			aboveThreshold: 0,
			belowThreshold: 0,
			decided: decided.length,
			series: 0,
		};
		for (const reports of departments) {
			// measures of earlier reports already continued by a later one (their series goes on)
			const continued = new Set<number>();
			reports.forEach((report, index) => {
				if (index === 0) return;
				outcome.reports++;
				// Proposals into this report made again keep their row (and id); the others go.
				const proposedBefore = q.proposedInto.all({ b_sha256: report.sha256 });
				const proposedNow = new Set<string>();
				let open = report.measures.filter(
					(m) => !confirmedB.has(`${report.sha256}\u0000${m.item}`),
				);
				for (let back = 1; back <= lookback && open.length > 0; back++) {
					const earlier = reports[index - back];
					if (!earlier) break;
					const candidates = earlier.measures.filter(
						(m) =>
							!continued.has(m.id) &&
							!confirmedA.has(`${earlier.sha256}\u0000${m.item}`),
					);
					const pairs: {
						a: MatchMeasure;
						b: MatchMeasure;
						score: number;
						ind: number;
						act: number;
					}[] = [];
					for (const b of open) {
						for (const a of candidates) {
							const status = decidedByPair.get(
								pairId(earlier.sha256, a.item, report.sha256, b.item),
							);
							if (status === "rejected") continue;
							const ind =
								a.key === b.key ? 1 : indicatorSimilarity(a.tokens, b.tokens);
							if (ind < 0.3) continue;
							const act = stemOverlap(a.topic, b.topic);
							const score = linkScore(ind, act);
							if (score >= MIN_PROPOSAL_SCORE)
								pairs.push({ a, b, score, ind, act });
						}
					}
					// Greedy one-to-one assignment, best first; equal scores: the same item number first.
					pairs.sort(
						(x, y) =>
							y.score - x.score ||
							Number(y.a.item === y.b.item) - Number(x.a.item === x.b.item),
					);
					const takenA = new Set<number>();
					const matchedB = new Set<number>();
					const linkedB = new Set<number>();
					for (const p of pairs) {
						if (takenA.has(p.a.id) || matchedB.has(p.b.id)) continue;
						takenA.add(p.a.id);
						matchedB.add(p.b.id);
						const auto = p.score >= threshold;
						proposedNow.add(
							pairId(earlier.sha256, p.a.item, report.sha256, p.b.item),
						);
						q.upsertLink.run({
							a_sha256: earlier.sha256,
							a_item: p.a.item,
							b_sha256: report.sha256,
							b_item: p.b.item,
							score: round3(p.score),
							threshold,
							auto: auto ? 1 : 0,
							method: p.a.key === p.b.key ? "key" : "fuzzy",
							evidence: `indicator ${p.ind.toFixed(2)}, activity ${p.act.toFixed(2)}`,
							created_at: createdAt,
						});
						if (auto) {
							outcome.aboveThreshold++;
							continued.add(p.a.id);
							linkedB.add(p.b.id);
						} else {
							outcome.belowThreshold++;
						}
					}
					// A measure linked above the threshold is done; the others look further back.
					open = open.filter((b) => !linkedB.has(b.id));
				}
				for (const l of proposedBefore)
					if (
						!proposedNow.has(
							pairId(l.a_sha256, l.a_item, report.sha256, l.b_item),
						)
					)
						q.deleteLink.run({ id: l.id });
			});
		}
		outcome.series = this.rebuildSeries();
		return outcome;
	}

	/** Reports grouped by department (organization + department), each in time order, with their measures prepared. */
	#matchingInput(
		departmentFilter: string | undefined,
		reportFilter: readonly number[] | undefined,
	): MatchReport[][] {
		const q = this.#q;
		const groups = new Map<string, MatchReport[]>();
		for (const r of q.reports.all()) {
			if (
				departmentFilter !== undefined &&
				!containsText(r.department, departmentFilter)
			)
				continue;
			const key = `${normName(r.organization)}\u0000${normName(r.department)}`;
			const list = groups.get(key) ?? [];
			list.push({
				id: r.report_id,
				sha256: r.sha256,
				year: r.year,
				period: r.period,
				measures: [],
			});
			groups.set(key, list);
		}
		const only = reportFilter === undefined ? undefined : new Set(reportFilter);
		const chosen = [...groups.values()].filter(
			(list) => only === undefined || list.some((r) => only.has(r.id)),
		);
		const byReport = new Map<number, MatchReport>(
			chosen.flatMap((list) => list.map((r) => [r.id, r] as const)),
		);
		const topicCache = new Map<string, Set<string>>();
		const tokenCache = new Map<string, ReturnType<typeof prepareIndicator>>();
		for (const m of q.measuresForMatching.all()) {
			// Only the chosen departments' measures are prepared (the costly part).
			const report = byReport.get(m.report_id);
			if (!report) continue;
			let topic = topicCache.get(m.activity);
			if (!topic) {
				topic = topicStems(m.activity);
				topicCache.set(m.activity, topic);
			}
			let tokens = tokenCache.get(m.indicator);
			if (!tokens) {
				tokens = prepareIndicator(m.indicator);
				tokenCache.set(m.indicator, tokens);
			}
			report.measures.push({
				id: m.measure_id,
				reportId: m.report_id,
				item: m.item,
				goal: m.goal,
				key: m.key ?? indicatorKey(m.indicator),
				tokens,
				topic,
			});
		}
		for (const list of chosen) {
			list.sort(
				(a, b) =>
					(a.year ?? 0) - (b.year ?? 0) ||
					periodOrder(a.period) - periodOrder(b.period) ||
					a.id - b.id,
			);
		}
		return chosen;
	}

	confirmLink(id: number, who: string, reason?: string): IndicatorLink {
		return this.#decide("confirmLink", id, "confirmed", who, reason);
	}

	rejectLink(id: number, who: string, reason?: string): IndicatorLink {
		return this.#decide("rejectLink", id, "rejected", who, reason);
	}

	#decide(
		call: string,
		id: number,
		status: LinkStatus,
		who: string,
		reason: string | undefined,
	): IndicatorLink {
		if (!Number.isSafeInteger(id) || id < 1)
			throw new TypeError(
				`indicators.${call}: link id must be a positive integer`,
			);
		if (typeof who !== "string" || who.trim() === "")
			throw new TypeError(
				`indicators.${call}: \`who\` must name the person deciding`,
			);
		// The decision and the series it changes: one write transaction.
		return this.#write(() => {
			const { changes } = this.#q.decideLink.run({
				id,
				status,
				who,
				reason: reason ?? null,
				at: this.#now(),
			});
			if (changes === 0)
				throw new TypeError(`indicators.${call}: there is no link ${id}`);
			this.rebuildSeries();
			return toLink(must(this.#q.linkById.get({ id })));
		});
	}

	listLinks(filter: LinkFilter = {}): IndicatorLink[] {
		if (filter.status !== undefined && !LINK_STATUSES.includes(filter.status))
			throw new TypeError(
				`indicators.listLinks: status must be one of ${LINK_STATUSES.join(", ")}`,
			);
		return this.#q.links
			.all({ status: filter.status ?? null, pending: filter.pending ? 1 : 0 })
			.filter(
				(l) =>
					filter.department === undefined ||
					containsText(l.department, filter.department),
			)
			.slice(0, filter.limit ?? 1000)
			.map(toLink);
	}

	rebuildSeries(): number {
		const q = this.#q;
		return this.#write(() => {
			const ids = q.measureIds.all().map((r) => r.id);
			const parent = new Map<number, number>(ids.map((id) => [id, id]));
			const find = (x: number): number => {
				let root = x;
				while (parent.get(root) !== root) root = parent.get(root) ?? root;
				let node = x;
				while (node !== root) {
					const next = parent.get(node) ?? root;
					parent.set(node, root);
					node = next;
				}
				return root;
			};
			for (const { a, b } of q.usedLinks.all()) {
				const ra = find(a);
				const rb = find(b);
				// The smaller id becomes the root, so a series id is its earliest-stored measure.
				if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
			}
			q.clearSeries.run();
			const roots = new Set<number>();
			for (const id of ids) {
				const root = find(id);
				roots.add(root);
				q.insertSeries.run({ measure_id: id, series_id: root });
			}
			return roots.size;
		});
	}

	listIndicators(
		filter: { department?: string; search?: string } = {},
	): IndicatorListing[] {
		const out = new Map<
			number,
			IndicatorListing & { keys: Set<string>; reportIds: Set<number> }
		>();
		for (const r of this.#q.seriesOverview.all()) {
			let entry = out.get(r.series_id);
			if (!entry) {
				entry = {
					seriesId: r.series_id,
					key: r.indicator_key ?? indicatorKey(r.indicator),
					indicator: r.indicator,
					organization: r.organization,
					department: r.department,
					firstYear: r.year,
					lastYear: r.year,
					reports: 0,
					wordings: 0,
					item: r.item,
					keys: new Set(),
					reportIds: new Set(),
				};
				out.set(r.series_id, entry);
			}
			// Rows come in time order: the last one holds the latest wording.
			entry.key = r.indicator_key ?? indicatorKey(r.indicator);
			entry.indicator = r.indicator;
			entry.item = r.item;
			entry.organization = r.organization;
			entry.department = r.department;
			entry.lastYear = r.year;
			entry.keys.add(entry.key);
			entry.reportIds.add(r.report_id);
		}
		const search =
			filter.search === undefined ? undefined : indicatorKey(filter.search);
		return [...out.values()]
			.filter(
				(e) =>
					filter.department === undefined ||
					containsText(e.department, filter.department),
			)
			.filter(
				(e) =>
					search === undefined ||
					[...e.keys].some((k) => k.includes(search)) ||
					lowerMn(e.indicator).includes(lowerMn(filter.search ?? "")),
			)
			.map(({ keys, reportIds, ...e }) => ({
				...e,
				reports: reportIds.size,
				wordings: keys.size,
			}))
			.sort(
				(a, b) =>
					(a.organization ?? "").localeCompare(b.organization ?? "") ||
					(a.department ?? "").localeCompare(b.department ?? "") ||
					compareItems(a.item, b.item) ||
					a.seriesId - b.seriesId,
			);
	}

	history(query: string, options: HistoryOptions = {}): HistoryResult {
		if (typeof query !== "string" || query.trim() === "")
			throw new TypeError(
				"indicators.history: query must be an indicator or a key",
			);
		const key = indicatorKey(query);
		const q = this.#q;
		// The department and years pick reports (few, and Cyrillic-aware matching is JS's job); the
		// query then reads only the measures of those reports.
		const filtered =
			options.department !== undefined ||
			options.from !== undefined ||
			options.to !== undefined;
		const inDepartment =
			options.department === undefined
				? () => true
				: textFilter(options.department);
		const picked = (r: { department: string | null; year: number | null }) =>
			inDepartment(r.department) &&
			(options.from === undefined ||
				(r.year !== null && r.year >= options.from)) &&
			(options.to === undefined || (r.year !== null && r.year <= options.to));
		// A department filter reads the reports of the departments it matches (by name, JS's
		// Cyrillic-aware matching); one that matches a report without a department reads them all.
		const places = () =>
			options.department === undefined || inDepartment(null)
				? q.reportsWhere.all()
				: q.reportsOfDepartments.all({
						departments: JSON.stringify(
							q.departmentNames
								.all()
								.map((d) => d.department)
								.filter(inDepartment),
						),
					});
		const reports = filtered
			? places()
					.filter(picked)
					.map((r) => r.report_id)
			: null;
		const reportList = reports === null ? null : JSON.stringify(reports);
		let matchedKeys = [{ key, score: 1 }];
		let exact = true;
		const seriesOf = (k: string) =>
			(reportList === null
				? q.seriesOfKey.all({ key: k })
				: q.seriesOfKeyIn.all({ key: k, reports: reportList })
			).map((r) => r.series_id);
		let seriesIds = seriesOf(key);
		if (seriesIds.length === 0) {
			exact = false;
			const tokens = prepareIndicator(key);
			const scored = q.distinctKeys
				.all()
				.map((r) => ({
					key: r.key,
					score: round3(indicatorSimilarity(tokens, prepareIndicator(r.key))),
				}))
				.filter((k) => k.score >= DEFAULT_LINK_THRESHOLD)
				.sort((a, b) => b.score - a.score)
				.slice(0, 5);
			matchedKeys = scored;
			seriesIds = scored.flatMap((k) => seriesOf(k.key));
		}
		if (seriesIds.length === 0) return { key, matchedKeys, exact, rows: [] };
		const ids = JSON.stringify([...new Set(seriesIds)]);
		const rows = (
			reportList === null
				? q.historyOfSeries.all({ ids })
				: q.historyOfSeriesIn.all({ ids, reports: reportList })
		)
			.filter(picked)
			.map(toHistoryRow);
		return { key, matchedKeys, exact, rows };
	}

	compare(options: CompareOptions): CompareRow[] {
		const { year } = options;
		if (!Number.isSafeInteger(year))
			throw new TypeError("indicators.compare: year must be an integer");
		const by = options.by ?? "department";
		if (by !== "department" && by !== "organization")
			throw new TypeError(
				"indicators.compare: by must be department or organization",
			);
		const period = options.period ?? "annual";
		const params = { year, period };
		const rows =
			by === "department"
				? this.#q.departmentYear.all(params)
				: this.#q.organizationYear.all(params);
		const below = this.#q.belowHundred.all(params);
		return rows.map((r) => ({
			organization: r.organization,
			department: r.department,
			year: r.year,
			period: r.period,
			units: r.reports,
			items: r.items,
			itemsDue: r.items_due,
			planCompletionPct: r.plan_completion_pct,
			levels: {
				"100": r.level_100,
				"90": r.level_90,
				"80": r.level_80,
				"70": r.level_70,
				"30": r.level_30,
				"0": r.level_0,
				notDue: r.not_due,
			},
			belowHundred: below
				.filter(
					(b) =>
						b.organization === r.organization &&
						(by === "organization" || b.department === r.department),
				)
				.map((b) => ({
					item: b.item,
					level: b.performance_pct,
					department: b.department,
				})),
		}));
	}

	search(text: string, options: SearchOptions = {}): NarrativeHit[] {
		const terms = queryTerms(text);
		const query = ftsQuery(text);
		if (query === "")
			throw new TypeError("indicators.search: text must contain a word");
		const limit = options.limit ?? 20;
		// A department filter is applied after ranking, so ask for more rows when there is one.
		const rows = searchNarrative(
			this.#db,
			terms,
			options.year ?? null,
			options.department === undefined ? limit : limit * 20,
		);
		return rows
			.filter(
				(r) =>
					options.department === undefined ||
					containsText(r.department, options.department),
			)
			.slice(0, limit)
			.map((r) => ({
				measureId: r.measure_id,
				reportId: r.report_id,
				organization: r.organization,
				department: r.department,
				year: r.year,
				item: r.item,
				indicator: r.indicator,
				snippet: this.#snippet(r.measure_id, terms),
			}));
	}

	#snippet(id: number, terms: QueryTerm[]): string {
		const t = this.#q.searchedText.get({ id });
		return t === undefined
			? ""
			: searchSnippet([t.activity, t.indicator, t.achievement], terms);
	}

	close(): void {
		if (this.#owned) this.#db.close();
	}
}

/**
 * The score of a link: indicator wording counts most, the activity tells apart the many items
 * that share a generic indicator ("Хэрэгжилтийн хувь").
 * @param indicator - indicatorSimilarity of the two wordings, 0..1
 * @param activity - overlap of the activities' topic stems, 0..1
 */
export function linkScore(indicator: number, activity: number): number {
	return 0.6 * indicator + 0.4 * activity;
}

/**
 * Typed text as the FTS5 query of the M&E search on SQLite (store/search.ts termsToFts5): every
 * word of it required, as a word start or by its stem. FTS5 operators in the text are read as words.
 * @param text - what the user typed
 */
export function ftsQuery(text: string): string {
	return termsToFts5(queryTerms(text));
}

function toHistoryRow(r: HistoryDbRow): HistoryRow {
	return {
		seriesId: r.series_id,
		measureId: r.measure_id,
		reportId: r.report_id,
		organization: r.organization,
		department: r.department,
		year: r.year,
		period: r.period,
		item: r.item,
		indicator: r.indicator,
		key: r.indicator_key,
		activity: r.activity,
		baseline: quantity(r.baseline_raw, r.baseline_value, r.baseline_unit),
		targetHalfYear: quantity(
			r.target_half_raw,
			r.target_half_value,
			r.target_half_unit,
		),
		targetFullYear: quantity(
			r.target_full_raw,
			r.target_full_value,
			r.target_full_unit,
		),
		performancePct: r.performance_pct,
		notDue: r.not_due === 1,
		achievement: r.achievement,
	};
}

function toLink(l: LinkRow): IndicatorLink {
	return {
		id: l.link_id,
		aMeasureId: l.a_measure_id,
		bMeasureId: l.b_measure_id,
		aItem: l.a_item,
		bItem: l.b_item,
		organization: l.organization,
		department: l.department,
		aYear: l.a_year,
		bYear: l.b_year,
		aIndicator: l.a_indicator,
		bIndicator: l.b_indicator,
		score: l.score,
		threshold: l.threshold,
		method: l.method as IndicatorLink["method"],
		evidence: l.evidence,
		status: l.status as LinkStatus,
		used: l.used === 1,
		decidedBy: l.decided_by,
		decidedAt: l.decided_at,
		reason: l.reason,
	};
}

function pairId(a: string, ai: string, b: string, bi: string): string {
	return `${a}\u0000${ai}\u0000${b}\u0000${bi}`;
}

function normName(s: string | null): string {
	return lowerMn(collapseWhitespace(s ?? ""));
}

function containsText(value: string | null, part: string): boolean {
	return normName(value).includes(normName(part));
}

/**
 * containsText(value, part) for many values: `part` normalised once, and each distinct value
 * once (a history call tests every report's department, a few hundred names among thousands).
 */
function textFilter(part: string): (value: string | null) => boolean {
	const wanted = normName(part);
	const seen = new Map<string | null, boolean>();
	return (value) => {
		let hit = seen.get(value);
		if (hit === undefined) {
			hit = normName(value).includes(wanted);
			seen.set(value, hit);
		}
		return hit;
	};
}

function periodOrder(period: string | null): number {
	return period === "half-year" ? 0 : 1;
}

/** "1.10" after "1.9". */
export function compareItems(a: string, b: string): number {
	const [ag, an] = a.split(".").map(Number);
	const [bg, bn] = b.split(".").map(Number);
	return (ag ?? 0) - (bg ?? 0) || (an ?? 0) - (bn ?? 0);
}

function round3(x: number): number {
	return Math.round(x * 1000) / 1000;
}

function must<T>(value: T | undefined): T {
	if (value === undefined) throw new Error("indicators: a row went missing");
	return value;
}
