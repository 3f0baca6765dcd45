/**
 * The M&E tables shared by the CLI (cli/me.ts) and the web pages (review/me.ts): an indicator's
 * history and departments compared for a year.
 */
import type {
	CompareRow,
	HistoryRow,
	IndicatorListing,
	NarrativeHit,
} from "../store/indicators.ts";
import type { LevelCell } from "../store/me-queries.ts";
import type { Column, Table } from "./table.ts";

/** The first column of a comparison: the department, or how many departments an organization has. */
const unitColumn = (by: "department" | "organization"): Column[] =>
	by === "department"
		? [{ key: "department", header: "department" }]
		: [{ key: "departments", header: "departments", type: "int" }];

/** How many items reached each level, and how many were not due yet. */
const LEVEL_COLUMNS: readonly Column[] = [
	{ key: "l100", header: "100", type: "int" },
	{ key: "l90", header: "90", type: "int" },
	{ key: "l80", header: "80", type: "int" },
	{ key: "l70", header: "70", type: "int" },
	{ key: "l30", header: "30", type: "int" },
	{ key: "l0", header: "0", type: "int" },
	{ key: "notDue", header: "not due", type: "int" },
];

/** The first ~100 characters of a narrative, on one line (the terminal table's cut). */
export { excerpt } from "./table.ts";

/** Columns of `tailan history`, shared with the web page's table. */
export function historyTable(rows: HistoryRow[]): Table {
	return {
		columns: [
			{ key: "series", header: "series", type: "int" },
			{ key: "department", header: "department" },
			{ key: "year", header: "year", type: "int" },
			{ key: "period", header: "period" },
			{ key: "item", header: "item" },
			{
				key: "baseline",
				header: "baseline",
				type: "quantity",
				unitKey: "baselineUnit",
			},
			{ key: "baselineUnit", header: "baseline unit" },
			{
				key: "targetHalfYear",
				header: "half-year target",
				type: "quantity",
				unitKey: "targetHalfYearUnit",
			},
			{ key: "targetHalfYearUnit", header: "half-year target unit" },
			{
				key: "targetFullYear",
				header: "full-year target",
				type: "quantity",
				unitKey: "targetFullYearUnit",
			},
			{ key: "targetFullYearUnit", header: "full-year target unit" },
			{ key: "level", header: "level %", type: "percent" },
			{ key: "indicator", header: "indicator" },
			{ key: "achievement", header: "achievement", excerpt: 100 },
		],
		rows: rows.map((r) => ({
			series: r.seriesId,
			department: r.department,
			year: r.year,
			period: r.period,
			item: r.item,
			baseline: r.baseline.value,
			baselineUnit: r.baseline.unit,
			targetHalfYear: r.targetHalfYear.value,
			targetHalfYearUnit: r.targetHalfYear.unit,
			targetFullYear: r.targetFullYear.value,
			targetFullYearUnit: r.targetFullYear.unit,
			level: r.performancePct,
			...(r.notDue ? { level: null } : {}),
			indicator: r.indicator,
			achievement: r.notDue ? `(not due) ${r.achievement}` : r.achievement,
		})),
	};
}

/** Columns of `tailan compare`, shared with the web page's table. */
export function compareTable(
	rows: CompareRow[],
	by: "department" | "organization",
): Table {
	return {
		columns: [
			...unitColumn(by),
			{ key: "organization", header: "organization" },
			{ key: "year", header: "year", type: "int" },
			{ key: "items", header: "items", type: "int" },
			{ key: "planCompletionPct", header: "completion %", type: "percent" },
			...LEVEL_COLUMNS,
			{ key: "below100", header: "below 100", type: "int" },
			{ key: "belowItems", header: "items below 100" },
		],
		rows: rows.map((r) => ({
			...(by === "department"
				? { department: r.department }
				: { departments: r.units }),
			organization: r.organization,
			year: r.year,
			items: r.items,
			planCompletionPct: r.planCompletionPct,
			l100: r.levels["100"],
			l90: r.levels["90"],
			l80: r.levels["80"],
			l70: r.levels["70"],
			l30: r.levels["30"],
			l0: r.levels["0"],
			notDue: r.levels.notDue,
			below100: r.belowHundred.length,
			belowItems: r.belowHundred
				.map((b) =>
					by === "department"
						? `${b.item} (${b.level})`
						: `${b.department}: ${b.item} (${b.level})`,
				)
				.join(", "),
		})),
	};
}

/** The indicator list (one row per series), shared by the web page's table and its downloads. */
export function indicatorsTable(list: IndicatorListing[]): Table {
	return {
		columns: [
			{ key: "series", header: "series", type: "int" },
			{ key: "organization", header: "organization" },
			{ key: "department", header: "department" },
			{ key: "item", header: "item" },
			{ key: "indicator", header: "indicator" },
			{ key: "key", header: "key" },
			{ key: "firstYear", header: "first year", type: "int" },
			{ key: "lastYear", header: "last year", type: "int" },
			{ key: "reports", header: "reports", type: "int" },
			{ key: "wordings", header: "wordings", type: "int" },
		],
		rows: list.map((i) => ({
			series: i.seriesId,
			organization: i.organization,
			department: i.department,
			item: i.item,
			indicator: i.indicator,
			key: i.key,
			firstYear: i.firstYear,
			lastYear: i.lastYear,
			reports: i.reports,
			wordings: i.wordings,
		})),
	};
}

/**
 * Plan completion per department (or organization) and year, one column per year: the
 * department × year pivot.
 */
export function pivotTable(
	cells: LevelCell[],
	years: readonly number[],
	by: "department" | "organization",
): Table {
	const rows = new Map<string, Record<string, string | number | null>>();
	for (const c of cells) {
		const id = `${c.organization ?? ""}\u0000${c.department ?? ""}`;
		let row = rows.get(id);
		if (!row) {
			row = {
				...(by === "department" ? { department: c.department } : {}),
				organization: c.organization,
			};
			rows.set(id, row);
		}
		row[`y${c.year}`] = c.planCompletionPct;
		row[`n${c.year}`] = c.items;
	}
	return {
		columns: [
			...(by === "department"
				? [{ key: "department", header: "department" }]
				: []),
			{ key: "organization", header: "organization" },
			...years.flatMap((y) => [
				{ key: `y${y}`, header: `${y} %`, type: "percent" as const },
				{ key: `n${y}`, header: `${y} items`, type: "int" as const },
			]),
		],
		rows: [...rows.values()].sort(
			(a, b) =>
				String(a.organization ?? "").localeCompare(
					String(b.organization ?? ""),
				) ||
				String(a.department ?? "").localeCompare(String(b.department ?? "")),
		),
	};
}

/** Levels per department (or organization) and year, one row each: the comparison of years. */
export function levelsTable(
	cells: LevelCell[],
	by: "department" | "organization",
): Table {
	return {
		columns: [
			...unitColumn(by),
			{ key: "organization", header: "organization" },
			{ key: "year", header: "year", type: "int" },
			{ key: "items", header: "items", type: "int" },
			{ key: "itemsDue", header: "items due", type: "int" },
			{ key: "planCompletionPct", header: "completion %", type: "percent" },
			...LEVEL_COLUMNS,
		],
		rows: cells.map((c) => ({
			...(by === "department"
				? { department: c.department }
				: { departments: c.units }),
			organization: c.organization,
			year: c.year,
			items: c.items,
			itemsDue: c.itemsDue,
			planCompletionPct: c.planCompletionPct,
			l100: c.levels["100"],
			l90: c.levels["90"],
			l80: c.levels["80"],
			l70: c.levels["70"],
			l30: c.levels["30"],
			l0: c.levels["0"],
			notDue: c.levels.notDue,
		})),
	};
}

/** Search hits: where each is (report, item) and the passage, matches in [brackets]. */
export function searchTable(hits: NarrativeHit[]): Table {
	return {
		columns: [
			{ key: "report", header: "report", type: "int" },
			{ key: "year", header: "year", type: "int" },
			{ key: "organization", header: "organization" },
			{ key: "department", header: "department" },
			{ key: "item", header: "item" },
			{ key: "indicator", header: "indicator" },
			{ key: "snippet", header: "passage" },
		],
		rows: hits.map((h) => ({
			report: h.reportId,
			year: h.year,
			organization: h.organization,
			department: h.department,
			item: h.item,
			indicator: h.indicator,
			snippet: h.snippet,
		})),
	};
}
