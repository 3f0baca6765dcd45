/**
 * The round trip without the browser: `tailan flags --format csv|xlsx --out F` writes the review
 * queue as a sheet a clerk fills in (new_value, decision, reason); `tailan corrections import F`
 * applies it exactly as the review app would (same parsing, same store calls);
 * `tailan corrections list` shows what was changed.
 */

import { writeFileSync } from "node:fs";
import {
	oneLine,
	readSheet,
	SheetError,
	type SheetRecord,
	type Table,
	toCsv,
	toText,
} from "../output/index.ts";
import {
	fieldToCorrect,
	parseFieldInput,
	valueToInput,
} from "../review/values.ts";
import { isCorrectableField as isCorrectable } from "../store/fields.ts";
import {
	type CorrectableField,
	type FieldValue,
	FLAG_STATUSES,
	type FlagStatus,
	reviewStore,
	type Store,
} from "../store/index.ts";
import { fieldOf, type ReviewStore } from "../store/review.ts";
import { type OptionSpec, parseCommandArgs } from "./args.ts";
import { type CommandDeps, defaultWho } from "./review.ts";

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

function parse(
	args: string[],
	_deps: CommandDeps,
	options: OptionSpec,
	command: string,
) {
	return parseCommandArgs(command, args, options) as {
		values: Record<string, string | boolean | undefined>;
		positionals: string[];
	};
}

/** True when `tailan flags` was asked for a sheet (--format csv|xlsx). */
export function wantsSheet(args: string[]): boolean {
	return args.some((a) => a === "--format" || a.startsWith("--format="));
}

/** The queue as sheet rows (one per flag), with the field to correct and its values. */
export function flagsToRows(
	store: Store,
	filter: { reportId?: number; status: FlagStatus | "all" },
): SheetRow[] {
	const review = reviewStore(store);
	const reports = new Map(store.listReports().map((r) => [r.id, r]));
	const items = new Map<string, ReturnType<typeof review.item>>();
	return review.queue(filter).map((f) => {
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

/** `tailan flags --format csv|xlsx [--out F] [--report ID] [--status S] [--db FILE]` */
export async function flagsSheetCommand(
	args: string[],
	deps: CommandDeps,
): Promise<number> {
	const { values, positionals } = parse(
		args,
		deps,
		{
			db: { type: "string", default: "tailan.db" },
			report: { type: "string" },
			status: { type: "string", default: "open" },
			format: { type: "string" },
			out: { type: "string" },
		},
		"flags",
	);
	if (positionals.length > 0)
		throw deps.usage(
			`unexpected argument "${positionals[0]}"`,
			"see `tailan flags --help`",
		);
	const format = values.format as string;
	if (format !== "csv" && format !== "xlsx")
		throw deps.usage(
			`unknown format "${format}"`,
			"pass --format csv or --format xlsx",
		);
	const out = values.out as string | undefined;
	if (format === "xlsx" && out === undefined)
		throw deps.usage("--format xlsx needs --out FILE", "e.g. --out flags.xlsx");
	const status = values.status as string;
	if (
		status !== "all" &&
		!(FLAG_STATUSES as readonly string[]).includes(status)
	)
		throw deps.usage(
			`unknown status "${status}"`,
			`pass --status ${FLAG_STATUSES.join(", ")} or all`,
		);
	const reportText = values.report as string | undefined;
	const reportId = reportText === undefined ? undefined : Number(reportText);
	if (
		reportText !== undefined &&
		(!/^\d+$/.test(reportText) || (reportId ?? 0) < 1)
	)
		throw deps.usage(
			`--report must be a report id, got "${reportText}"`,
			"see `tailan reports`",
		);
	const db = values.db as string;
	const store = deps.open(db);
	try {
		if (
			reportId !== undefined &&
			!store.listReports().some((r) => r.id === reportId)
		)
			throw deps.failure(
				db,
				`there is no report ${reportId}`,
				`run \`tailan reports --db ${db}\` to see the report ids`,
			);
		const rows = flagsToRows(store, {
			...(reportId === undefined ? {} : { reportId }),
			status: status as FlagStatus | "all",
		});
		const table = sheetTable(rows);
		if (format === "csv") {
			// With a BOM, so that Excel reads UTF-8 (Cyrillic) right.
			const text = toCsv(table, { bom: true });
			if (out === undefined) {
				deps.out(text);
				return 0;
			}
			writeOut(deps, out, () => writeFileSync(out, text));
		} else {
			const { toXlsx } = await import("../output/xlsx.ts");
			const data = await toXlsx(table, "flags");
			writeOut(deps, out as string, () => writeFileSync(out as string, data));
		}
		deps.out(
			`wrote ${out} (${rows.length} flag${rows.length === 1 ? "" : "s"}; fill new_value, decision and reason, then \`tailan corrections import ${out}\`)\n`,
		);
		return 0;
	} finally {
		store.close();
	}
}

function writeOut(deps: CommandDeps, file: string, write: () => void) {
	try {
		write();
	} catch (error) {
		throw deps.failure(
			file,
			(error as Error).message,
			"check that the folder exists and is writable",
		);
	}
}

/** The columns `corrections import` reads; a sheet without one of them is refused. */
const READ_COLUMNS = [
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
const MAX_LISTED = 1000;

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
interface Plan {
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

/** `tailan corrections import|list` */
export async function correctionsCommand(
	args: string[],
	deps: CommandDeps,
): Promise<number> {
	const [sub, ...rest] = args;
	if (sub === "import") return await importSheet(rest, deps);
	if (sub === "list") return listCorrections(rest, deps);
	throw deps.usage(
		sub === undefined
			? "corrections needs a subcommand"
			: `unknown subcommand "${sub}"`,
		"use `tailan corrections import FILE` or `tailan corrections list`",
	);
}

async function importSheet(args: string[], deps: CommandDeps): Promise<number> {
	const { values, positionals } = parse(
		args,
		deps,
		{
			db: { type: "string", default: "tailan.db" },
			who: { type: "string" },
			"dry-run": { type: "boolean", default: false },
		},
		"corrections",
	);
	const [file, ...extra] = positionals;
	if (file === undefined || extra.length > 0)
		throw deps.usage(
			file === undefined
				? "corrections import needs one file"
				: `unexpected argument "${extra[0]}"`,
			"e.g. `tailan corrections import flags.xlsx`",
		);
	const unreadable = (error: unknown) => {
		if (error instanceof SheetError)
			return deps.failure(file, error.reason, error.fix);
		const code = (error as { code?: string }).code;
		return deps.failure(
			file,
			code === "ENOENT"
				? "no such file"
				: code === "EISDIR"
					? "this is a folder, not a sheet"
					: code === "EACCES"
						? "permission denied"
						: `cannot read the sheet (${code ?? (error as Error).message})`,
			"pass the CSV or XLSX written by `tailan flags --format csv|xlsx`, filled in",
		);
	};
	const records = readSheet(file)[Symbol.asyncIterator]();
	let header: SheetRecord;
	try {
		header = await headerRecord(records);
	} catch (error) {
		throw unreadable(error);
	}
	const columns = new Map(header.cells.map((h, i) => [h.trim(), i]));
	const missing = READ_COLUMNS.filter((c) => !columns.has(c));
	if (missing.length > 0)
		throw deps.failure(
			file,
			`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (row ${header.row} is not the header of a flags sheet${header.cells.length === 1 && /;|\t/.test(header.cells[0] ?? "") ? "; its cells are separated by semicolons or tabs, not commas" : ""})`,
			"start from a sheet written by `tailan flags --format csv|xlsx` and keep its first row",
		);
	const db = values.db as string;
	const who =
		(values.who as string | undefined)?.trim() || defaultWho(deps.env);
	const store = deps.open(db);
	try {
		const review = reviewStore(store);
		let plan: Plan;
		try {
			plan = await planSheet(records, columns, store);
		} catch (error) {
			throw unreadable(error);
		}
		if (plan.errors.length > 0) {
			for (const e of plan.errors)
				deps.err(`error ${file}:${e.row}: ${e.reason}\n`);
			if (plan.unlisted > 0)
				deps.err(
					`error ${file}: ${plan.unlisted} more problems after row ${plan.errors.at(-1)?.row} (the first ${MAX_LISTED} are listed)\n`,
				);
			const rows = plan.badRows;
			deps.err(
				`nothing applied: fix the ${rows === 1 ? "row" : `${rows} rows`} above and import ${file} again\n`,
			);
			return 1;
		}
		if (plan.rows === 0)
			throw deps.failure(
				file,
				"no row has a new_value or a decision: there is nothing to apply",
				"fill new_value (and reason) or decision (accept, reject, reopen) in the rows to change, then import the sheet again",
			);
		let corrected = 0;
		let unchanged = 0;
		let decided = 0;
		const apply = () => {
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
			for (const d of plan.decisions.values()) {
				review.setFlagStatus(d.flagId, d.decision, {
					who,
					reason: d.reason || `imported from ${file} (row ${d.row})`,
				});
				decided++;
			}
		};
		if (values["dry-run"]) {
			deps.out(
				`${file}: ${plan.rows} rows to apply (dry run: nothing changed)\n`,
			);
			return 0;
		}
		review.transaction(apply);
		deps.out(
			`applied ${file}: ${corrected} correction${corrected === 1 ? "" : "s"}, ${decided} flag decision${decided === 1 ? "" : "s"}, ${unchanged} unchanged (already that value)\n`,
		);
		return 0;
	} finally {
		store.close();
	}
}

/** The first non-blank record: the header. */
async function headerRecord(
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
async function planSheet(
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

function listCorrections(args: string[], deps: CommandDeps): number {
	const { values } = parse(
		args,
		deps,
		{
			db: { type: "string", default: "tailan.db" },
			report: { type: "string" },
		},
		"corrections",
	);
	const reportText = values.report as string | undefined;
	const reportId = reportText === undefined ? undefined : Number(reportText);
	if (
		reportText !== undefined &&
		(!/^\d+$/.test(reportText) || (reportId ?? 0) < 1)
	)
		throw deps.usage(
			`--report must be a report id, got "${reportText}"`,
			"see `tailan reports`",
		);
	const store = deps.open(values.db as string);
	try {
		const list = store.listCorrections(reportId);
		if (list.length === 0) {
			deps.err("no corrections\n");
			return 0;
		}
		const show = (v: unknown) => {
			const t = v === null ? "—" : String(v).replace(/\s*\n\s*/g, " ⏎ ");
			return t.length > 40 ? `${t.slice(0, 39)}…` : t;
		};
		deps.out(
			toText({
				columns: [
					"id",
					"report",
					"item",
					"field",
					"old",
					"new",
					"who",
					"when",
					"reason",
				].map((key) => ({ key, header: key })),
				rows: list.map((c) => ({
					id: String(c.id),
					report: String(c.reportId),
					item: c.item,
					field: c.field,
					old: show(c.oldValue),
					new: show(c.newValue),
					who: c.who,
					when: c.createdAt.slice(0, 19).replace("T", " "),
					reason: show(c.reason),
				})),
			}),
		);
		return 0;
	} finally {
		store.close();
	}
}
