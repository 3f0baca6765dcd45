/**
 * The review queue as a sheet and back (below cli/: `tailan flags --format csv|xlsx` and
 * `tailan corrections import` are its shell, the review app may use it too): the sheet's rows
 * from the queue, and a filled-in sheet read row by row into a checked plan of corrections and
 * flag decisions, applied through the review store exactly as the review app would.
 */
import {
	oneLine,
	SheetError,
	type SheetRecord,
	type Table,
} from "../output/index.ts";
import { isCorrectableField as isCorrectable } from "../store/fields.ts";
import {
	type CorrectableField,
	decideFlags,
	type FieldValue,
	type FlagStatus,
	flagTrails,
	newDecisionUnit,
	type ReviewStore,
	reviewStore,
	type Store,
} from "../store/index.ts";
import { fieldOf } from "../store/review.ts";
import { fieldToCorrect, parseFieldInput, valueToInput } from "./values.ts";

/** The sheet's columns; the clerk fills the last three. */
export const SHEET_COLUMNS = [
	"flag_id",
	"report_id",
	"document_sha256",
	"year",
	"department",
	"item",
	"kind",
	"severity",
	"status",
	"decided_by",
	"decided_at",
	"decided_reason",
	"flag_field",
	"message",
	"field",
	"current_value",
	"extracted_value",
	"new_value",
	"decision",
	"reason",
] as const;
export type SheetRow = Record<(typeof SHEET_COLUMNS)[number], string>;

const DECISIONS: Record<string, FlagStatus> = {
	accept: "accepted",
	accepted: "accepted",
	reject: "rejected",
	rejected: "rejected",
	reopen: "open",
	open: "open",
};

/** The queue as sheet rows (one per flag), with the field to correct and its values. */
export function flagsToRows(
	store: Store,
	filter: { reportId?: number; status: FlagStatus | "all" },
): SheetRow[] {
	const review = reviewStore(store);
	const reports = new Map(store.listReports().map((r) => [r.id, r]));
	const items = new Map<string, ReturnType<typeof review.item>>();
	const queue = review.queue(filter);
	// Who decided each flag, when and why: the sheet shows the trail it adds to.
	const trails = flagTrails(store, queue, filter.reportId);
	return queue.map((f) => {
		const trail = trails.get(f.id);
		const report = reports.get(f.reportId);
		const field = f.item === null ? null : fieldToCorrect(f.field);
		let current = "";
		let extracted = "";
		if (f.item !== null && field !== null) {
			const key = `${f.reportId}\u0000${f.item}`;
			if (!items.has(key)) items.set(key, review.item(f.reportId, f.item));
			const detail = items.get(key);
			if (detail) {
				current = valueToInput(fieldOf(detail.effective, field));
				extracted = valueToInput(fieldOf(detail.extracted, field));
			}
		}
		return {
			flag_id: String(f.id),
			report_id: String(f.reportId),
			document_sha256: report?.sha256 ?? "",
			year: f.year === null ? "" : String(f.year),
			department: f.department ?? "",
			item: f.item ?? "",
			kind: f.kind,
			severity: f.severity,
			status: f.status,
			decided_by: trail?.who ?? "",
			decided_at: trail?.when ?? "",
			decided_reason: trail?.why ?? "",
			flag_field: f.field ?? "",
			message: f.message,
			field: field ?? "",
			current_value: current,
			extracted_value: extracted,
			new_value: "",
			decision: "",
			reason: "",
		};
	});
}

/** Fill colour of the columns the clerk fills in (XLSX). */
const TO_FILL = "FFFFF7D6";

/** The queue sheet as a table: every cell text, the clerk's three columns filled in colour. */
export function sheetTable(rows: SheetRow[]): Table {
	return {
		columns: SHEET_COLUMNS.map((c) => ({
			key: c,
			header: c,
			width:
				c === "message"
					? 60
					: c === "current_value" || c === "new_value"
						? 30
						: c === "document_sha256"
							? 14
							: 12,
			...(c === "new_value" || c === "decision" || c === "reason"
				? { fill: TO_FILL }
				: {}),
		})),
		rows,
	};
}

export const READ_COLUMNS = [
	"flag_id",
	"report_id",
	"document_sha256",
	"item",
	"field",
	"new_value",
	"decision",
	"reason",
] as const;

/** Problems listed one per line; past these they are counted. */
export const MAX_LISTED = 1000;

interface PlannedCorrection {
	row: number;
	reportId: number;
	item: string;
	field: CorrectableField;
	value: FieldValue;
	reason: string;
}

interface PlannedDecision {
	row: number;
	flagId: number;
	decision: FlagStatus;
	reason: string;
}

/**
 * What a sheet asks for, checked row by row as it is read (only this is kept, not the sheet):
 * one correction per (report, item, field) and one decision per flag; rows that ask the same
 * again are merged, rows that ask differently are a conflict.
 */
export interface Plan {
	rows: number;
	corrections: Map<string, PlannedCorrection>;
	decisions: Map<number, PlannedDecision>;
	/** Row number → the problems of that row, in row order. */
	errors: { row: number; reason: string }[];
	/** Problems past the first MAX_LISTED, counted only (a sheet of bad rows stays small). */
	unlisted: number;
	/** Rows with at least one problem. */
	badRows: number;
}

/** The first non-blank record: the header. */
export async function headerRecord(
	records: AsyncIterator<SheetRecord>,
): Promise<SheetRecord> {
	for (;;) {
		const next = await records.next();
		if (next.done)
			throw new SheetError(
				"the sheet has no rows, not even a header",
				"write the sheet with `tailan flags --format csv|xlsx --out FILE`, fill it in and import that file",
			);
		if (next.value.cells.some((c) => c.trim() !== "")) return next.value;
	}
}

/**
 * Read the rest of the sheet and check every row that asks for something (a new_value or a
 * decision) against the flag it names, the flag's report and document, the item and the field.
 * Rows are read one at a time; what is kept is the plan and the problems, not the rows.
 */
export async function planSheet(
	records: AsyncIterator<SheetRecord>,
	columns: Map<string, number>,
	store: Store,
): Promise<Plan> {
	const review = reviewStore(store);
	const documents = new Map(store.listReports().map((r) => [r.id, r.sha256]));
	const flags = new Map<number, ReturnType<ReviewStore["flag"]>>();
	const items = new Map<string, boolean>();
	const plan: Plan = {
		rows: 0,
		corrections: new Map(),
		decisions: new Map(),
		errors: [],
		unlisted: 0,
		badRows: 0,
	};
	const at = (record: SheetRecord, column: (typeof READ_COLUMNS)[number]) =>
		record.cells[columns.get(column) ?? -1] ?? "";
	for (;;) {
		const next = await records.next();
		if (next.done) break;
		const record = next.value;
		const newValue = at(record, "new_value");
		const decisionText = at(record, "decision").trim().toLowerCase();
		if (newValue.trim() === "" && decisionText === "") continue;
		plan.rows++;
		let failed = false;
		const fail = (reason: string) => {
			if (!failed) plan.badRows++;
			failed = true;
			if (plan.errors.length < MAX_LISTED)
				plan.errors.push({ row: record.row, reason: oneLine(reason) });
			else plan.unlisted++;
		};
		const formula = (record.formulas ?? []).find((i) =>
			["new_value", "decision", "reason"].some((c) => columns.get(c) === i),
		);
		if (formula !== undefined) {
			fail(
				`${[...columns].find(([, i]) => i === formula)?.[0]} is a formula (${record.cells[formula]}) — type the value itself`,
			);
			continue;
		}
		const flagText = at(record, "flag_id").trim();
		const reportText = at(record, "report_id").trim();
		const sha = at(record, "document_sha256").trim();
		const item = at(record, "item").trim();
		const flagId = /^\d+$/.test(flagText) ? Number(flagText) : null;
		if (flagId === null) {
			fail(
				`flag_id "${flagText}" is not a flag id — keep flag_id as \`tailan flags\` wrote it (one row per flag)`,
			);
			continue;
		}
		if (!flags.has(flagId)) flags.set(flagId, review.flag(flagId));
		const flag = flags.get(flagId);
		if (flag === undefined) {
			fail(
				`there is no flag ${flagId} in this database — was the sheet written from another database? Write it again with \`tailan flags\``,
			);
			continue;
		}
		if (reportText !== String(flag.reportId)) {
			fail(
				`flag ${flagId} belongs to report ${flag.reportId}, the row says report_id "${reportText}" — keep report_id as written`,
			);
			continue;
		}
		const current = documents.get(flag.reportId);
		if (sha !== current) {
			fail(
				sha === ""
					? `document_sha256 is empty — keep it as written (it ties the row to the document the flag was raised on)`
					: `document_sha256 ${sha.slice(0, 12)}… is not the document of report ${flag.reportId} (${(current ?? "?").slice(0, 12)}…): the report was re-imported or the row was copied — write a new sheet with \`tailan flags\``,
			);
			continue;
		}
		if (flag.item !== null && item !== flag.item) {
			fail(
				`flag ${flagId} is about item ${flag.item}, the row says item "${item}" — keep item as written`,
			);
			continue;
		}
		if (decisionText !== "") {
			const decision = DECISIONS[decisionText];
			if (decision === undefined)
				fail(
					`decision "${at(record, "decision")}" is not accept, reject or reopen — fix the cell or leave it empty`,
				);
			else {
				const before = plan.decisions.get(flagId);
				if (before === undefined)
					plan.decisions.set(flagId, {
						row: record.row,
						flagId,
						decision,
						reason: at(record, "reason").trim(),
					});
				else if (before.decision !== decision)
					fail(
						`flag ${flagId} is ${before.decision} in row ${before.row} and ${decision} here — keep one decision per flag`,
					);
			}
		}
		if (newValue.trim() === "") continue;
		const fieldText = at(record, "field").trim();
		if (!isCorrectable(fieldText)) {
			fail(
				`field "${fieldText}" cannot be corrected — write one of activity, budget.amountMnt, baseline.value, performancePct, achievement, …`,
			);
			continue;
		}
		const itemKey = `${flag.reportId}\u0000${item}`;
		if (!items.has(itemKey))
			items.set(itemKey, review.item(flag.reportId, item) !== undefined);
		if (!items.get(itemKey)) {
			fail(
				`report ${flag.reportId} has no item "${item}" — keep report_id and item as written`,
			);
			continue;
		}
		const value = parseFieldInput(fieldText, newValue);
		if (!value.ok) {
			fail(`${fieldText} of ${item}: ${value.error}`);
			continue;
		}
		const key = `${itemKey}\u0000${fieldText}`;
		const before = plan.corrections.get(key);
		if (before === undefined)
			plan.corrections.set(key, {
				row: record.row,
				reportId: flag.reportId,
				item,
				field: fieldText,
				value: value.value,
				reason: at(record, "reason").trim(),
			});
		else if (before.value !== value.value)
			fail(
				`${fieldText} of ${item} (report ${flag.reportId}) is ${showValue(before.value)} in row ${before.row} and ${showValue(value.value)} here — keep one value per field`,
			);
	}
	return plan;
}

function showValue(value: FieldValue): string {
	const text = value === null ? "empty" : JSON.stringify(value);
	return text.length > 40 ? `${text.slice(0, 39)}…"` : text;
}

/** What applying a plan did. */
export interface PlanApplied {
	corrected: number;
	/** Corrections whose field already had that value: nothing stored. */
	unchanged: number;
	decided: number;
}

/**
 * Apply a checked plan through the review store, as the review app would (call it inside
 * `review.transaction`: all of it or nothing). A row's empty reason becomes "imported from FILE
 * (row N)".
 */
export function applyPlan(
	review: ReviewStore,
	plan: Plan,
	source: { file: string; who: string },
): PlanApplied {
	const { file, who } = source;
	let corrected = 0;
	let unchanged = 0;
	let decided = 0;
	for (const p of plan.corrections.values()) {
		const detail = review.item(p.reportId, p.item);
		const current = detail ? fieldOf(detail.effective, p.field) : undefined;
		if (current === p.value) unchanged++;
		else {
			review.correct({
				reportId: p.reportId,
				item: p.item,
				field: p.field,
				newValue: p.value,
				reason: p.reason || `imported from ${file} (row ${p.row})`,
				who,
			});
			corrected++;
		}
	}
	// The sheet's decisions are one unit of the trail: one undo takes the import back.
	const unit = newDecisionUnit();
	for (const d of plan.decisions.values()) {
		decideFlags(
			review.store,
			[d.flagId],
			d.decision,
			{ who, reason: d.reason || `imported from ${file} (row ${d.row})` },
			unit,
		);
		decided++;
	}
	return { corrected, unchanged, decided };
}
