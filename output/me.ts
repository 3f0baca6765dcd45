/**
 * The M&E tables shared by the CLI (cli/me.ts) and the web pages (review/me.ts): an indicator's
 * history and departments compared for a year.
 */
import type { CompareRow, HistoryRow } from "../store/indicators.ts";
import type { Table } from "./table.ts";

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
			...(by === "department"
				? [{ key: "department", header: "department" }]
				: [
						{ key: "departments", header: "departments", type: "int" as const },
					]),
			{ key: "organization", header: "organization" },
			{ key: "year", header: "year", type: "int" },
			{ key: "items", header: "items", type: "int" },
			{ key: "planCompletionPct", header: "completion %", type: "percent" },
			{ key: "l100", header: "100", type: "int" },
			{ key: "l90", header: "90", type: "int" },
			{ key: "l80", header: "80", type: "int" },
			{ key: "l70", header: "70", type: "int" },
			{ key: "l30", header: "30", type: "int" },
			{ key: "l0", header: "0", type: "int" },
			{ key: "notDue", header: "not due", type: "int" },
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
