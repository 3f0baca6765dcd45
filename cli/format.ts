/** Output formats of the CLI: CSV rows and plain text tables. */
import type { ReportRecord } from "../pipeline/records.ts";

type Cell = string | number | boolean | null | undefined;

/** CSV header: report columns, then the measure's export fields flattened with dots. */
export const CSV_COLUMNS = [
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

/**
 * One CSV row per measure (RFC 4180: CRLF line ends, fields quoted when needed). When the records
 * say whether they are held (`export --include-held`), a last column "held" gives the kinds of
 * the report's unaccepted holds (empty: not held).
 */
export function recordsToCsv(
	records: {
		id: number;
		record: ReportRecord;
		held?: boolean;
		holds?: string;
	}[],
): string {
	const withHeld = records.some((r) => r.held !== undefined);
	const lines = [csvLine([...CSV_COLUMNS, ...(withHeld ? ["held"] : [])])];
	for (const { id, record, held, holds } of records) {
		const r = record.report;
		for (const m of record.measures) {
			lines.push(
				csvLine([
					id,
					record.source,
					r.title,
					r.organization,
					r.department,
					r.year,
					r.period,
					m.item,
					m.goal,
					m.activity,
					m.budget.raw,
					m.budget.amountMnt,
					m.budget.source,
					m.indicator,
					m.baseline.raw,
					m.baseline.value,
					m.baseline.unit,
					m.targetHalfYear.raw,
					m.targetHalfYear.value,
					m.targetHalfYear.unit,
					m.targetFullYear.raw,
					m.targetFullYear.value,
					m.targetFullYear.unit,
					m.achievement,
					m.performancePct,
					m.notDue === true,
					...(withHeld ? [held ? holds || "held" : ""] : []),
				]),
			);
		}
	}
	return `${lines.join("\r\n")}\r\n`;
}

function csvLine(cells: Cell[]): string {
	return cells.map(csvCell).join(",");
}

function csvCell(value: Cell): string {
	if (value === null || value === undefined || value === false) return "";
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A plain text table: columns padded to their widest cell, numbers right-aligned, null as "-".
 * The last column is not padded, so long messages do not leave trailing spaces.
 */
export function textTable(header: string[], rows: Cell[][]): string {
	const text = rows.map((row) =>
		row.map((c) => (c === null || c === undefined ? "-" : String(c))),
	);
	const numeric = header.map(
		(_, i) =>
			rows.length > 0 && rows.every((row) => typeof row[i] === "number"),
	);
	const widths = header.map((h, i) =>
		Math.max(h.length, ...text.map((row) => (row[i] ?? "").length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((c, i) => {
				if (i === cells.length - 1 && !numeric[i]) return c;
				return numeric[i]
					? c.padStart(widths[i] ?? 0)
					: c.padEnd(widths[i] ?? 0);
			})
			.join("  ")
			.trimEnd();
	return `${[line(header), ...text.map(line)].join("\n")}\n`;
}
