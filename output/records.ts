/** The stored reports as one table: one row per measure (the CSV of `tailan export`). */
import type { ReportRecord } from "../pipeline/records.ts";
import { type Table, textColumns } from "./table.ts";

/** Report columns, then the measure's export fields flattened with dots. */
export const RECORD_COLUMNS = [
	"reportId",
	"source",
	"report.title",
	"report.organization",
	"report.department",
	"report.year",
	"report.period",
	"item",
	"goal",
	"activity",
	"budget.raw",
	"budget.amountMnt",
	"budget.source",
	"indicator",
	"baseline.raw",
	"baseline.value",
	"baseline.unit",
	"targetHalfYear.raw",
	"targetHalfYear.value",
	"targetHalfYear.unit",
	"targetFullYear.raw",
	"targetFullYear.value",
	"targetFullYear.unit",
	"achievement",
	"performancePct",
	"notDue",
] as const;

const NUMBERS = new Set<string>([
	"reportId",
	"report.year",
	"goal",
	"budget.amountMnt",
	"baseline.value",
	"targetHalfYear.value",
	"targetFullYear.value",
	"performancePct",
]);

/**
 * One row per measure of each record; notDue is true or empty. When the records say whether
 * they are held (`export --include-held`), a last column "held" gives the kinds of the report's
 * unaccepted holds (empty: not held).
 */
export function recordsTable(
	records: {
		id: number;
		record: ReportRecord;
		held?: boolean;
		holds?: string;
	}[],
): Table {
	const withHeld = records.some((r) => r.held !== undefined);
	const columns = textColumns([
		...RECORD_COLUMNS,
		...(withHeld ? ["held"] : []),
	]).map((c) => (NUMBERS.has(c.key) ? { ...c, type: "number" as const } : c));
	const rows = records.flatMap(({ id, record, held, holds }) => {
		const r = record.report;
		return record.measures.map((m) => ({
			reportId: id,
			source: record.source,
			"report.title": r.title,
			"report.organization": r.organization,
			"report.department": r.department,
			"report.year": r.year,
			"report.period": r.period,
			item: m.item,
			goal: m.goal,
			activity: m.activity,
			"budget.raw": m.budget.raw,
			"budget.amountMnt": m.budget.amountMnt,
			"budget.source": m.budget.source,
			indicator: m.indicator,
			"baseline.raw": m.baseline.raw,
			"baseline.value": m.baseline.value,
			"baseline.unit": m.baseline.unit,
			"targetHalfYear.raw": m.targetHalfYear.raw,
			"targetHalfYear.value": m.targetHalfYear.value,
			"targetHalfYear.unit": m.targetHalfYear.unit,
			"targetFullYear.raw": m.targetFullYear.raw,
			"targetFullYear.value": m.targetFullYear.value,
			"targetFullYear.unit": m.targetFullYear.unit,
			achievement: m.achievement,
			performancePct: m.performancePct,
			notDue: m.notDue === true ? true : null,
			...(withHeld ? { held: held ? holds || "held" : "" } : {}),
		}));
	});
	return { columns, rows };
}
