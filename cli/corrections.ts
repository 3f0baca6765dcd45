/**
 * The round trip without the browser: `tailan flags --format csv|xlsx --out F` writes the review
 * queue as a sheet a clerk fills in (new_value, decision, reason); `tailan corrections import F`
 * applies it exactly as the review app would (same parsing, same store calls);
 * `tailan corrections list` shows what was changed.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import {
	fieldToCorrect,
	parseFieldInput,
	valueToInput,
} from "../review/values.ts";
import { isCorrectableField as isCorrectable } from "../store/fields.ts";
import {
	type CorrectableField,
	FLAG_STATUSES,
	type FlagStatus,
	reviewStore,
	type Store,
} from "../store/index.ts";
import { fieldOf } from "../store/review.ts";
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
type SheetRow = Record<(typeof SHEET_COLUMNS)[number], string>;

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

/** RFC 4180 CSV, CRLF line ends, with a BOM so Excel reads UTF-8 (Cyrillic) right. */
export function rowsToCsv(rows: SheetRow[]): string {
	const cell = (v: string) =>
		/[",\r\n]/.test(v) || /^[=+\-@\t]/.test(v)
			? `"${v.replace(/"/g, '""')}"`
			: v;
	const lines = [SHEET_COLUMNS.join(",")];
	for (const row of rows)
		lines.push(SHEET_COLUMNS.map((c) => cell(row[c])).join(","));
	return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into records by header. */
export function parseCsv(text: string): Record<string, string>[] {
	const records: string[][] = [];
	let row: string[] = [];
	let field = "";
	let quoted = false;
	const s = text.replace(/^\uFEFF/, "");
	for (let i = 0; i < s.length; i++) {
		const ch = s[i] as string;
		if (quoted) {
			if (ch === '"') {
				if (s[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += ch;
		} else if (ch === '"' && field === "") quoted = true;
		else if (ch === ",") {
			row.push(field);
			field = "";
		} else if (ch === "\n" || ch === "\r") {
			if (ch === "\r" && s[i + 1] === "\n") i++;
			row.push(field);
			records.push(row);
			row = [];
			field = "";
		} else field += ch;
	}
	if (field !== "" || row.length > 0) {
		row.push(field);
		records.push(row);
	}
	const [header, ...body] = records;
	if (!header) return [];
	return body
		.filter((r) => r.some((v) => v !== ""))
		.map((r) =>
			Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ""])),
		);
}

async function writeXlsx(rows: SheetRow[], file: string): Promise<void> {
	const { default: ExcelJS } = await import("exceljs");
	const book = new ExcelJS.Workbook();
	book.creator = "tailan";
	const sheet = book.addWorksheet("flags", {
		views: [{ state: "frozen", ySplit: 1 }],
	});
	sheet.columns = SHEET_COLUMNS.map((c) => ({
		header: c,
		key: c,
		width:
			c === "message"
				? 60
				: c === "current_value" || c === "new_value"
					? 30
					: c === "document_sha256"
						? 14
						: 12,
	}));
	for (const row of rows) sheet.addRow(row);
	sheet.getRow(1).font = { bold: true };
	for (const c of ["new_value", "decision", "reason"]) {
		sheet.getColumn(c).fill = {
			type: "pattern",
			pattern: "solid",
			fgColor: { argb: "FFFFF7D6" },
		};
	}
	await book.xlsx.writeFile(file);
}

async function readXlsx(file: string): Promise<Record<string, string>[]> {
	const { default: ExcelJS } = await import("exceljs");
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const sheet = book.worksheets[0];
	if (!sheet) return [];
	const header: string[] = [];
	sheet.getRow(1).eachCell((cell, col) => {
		header[col - 1] = String(cell.text ?? "").trim();
	});
	const out: Record<string, string>[] = [];
	sheet.eachRow((row, n) => {
		if (n === 1) return;
		const record: Record<string, string> = {};
		header.forEach((h, i) => {
			record[h] = String(row.getCell(i + 1).text ?? "");
		});
		if (Object.values(record).some((v) => v !== "")) out.push(record);
	});
	return out;
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
		if (format === "csv") {
			const text = rowsToCsv(rows);
			if (out === undefined) {
				deps.out(text);
				return 0;
			}
			writeOut(deps, out, () => writeFileSync(out, text));
		} else {
			try {
				await writeXlsx(rows, out as string);
			} catch (error) {
				throw deps.failure(
					out as string,
					(error as Error).message,
					"check that the folder exists and is writable",
				);
			}
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

interface Planned {
	line: number;
	flagId: number | null;
	reportId: number;
	item: string;
	field: CorrectableField | null;
	value: ReturnType<typeof parseFieldInput> | null;
	decision: FlagStatus | null;
	reason: string;
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
	let records: Record<string, string>[];
	try {
		records =
			extname(file).toLowerCase() === ".xlsx"
				? await readXlsx(file)
				: parseCsv(readFileSync(file, "utf8"));
	} catch (error) {
		throw deps.failure(
			file,
			(error as Error).message,
			"pass a CSV or XLSX file written by `tailan flags --format csv|xlsx`",
		);
	}
	const missing = ["report_id", "item", "field", "new_value"].filter(
		(c) => records.length > 0 && !(c in (records[0] ?? {})),
	);
	if (missing.length > 0)
		throw deps.failure(
			file,
			`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
			"start from a sheet written by `tailan flags --format csv|xlsx`",
		);
	const db = values.db as string;
	const who =
		(values.who as string | undefined)?.trim() || defaultWho(deps.env);
	const store = deps.open(db);
	try {
		const review = reviewStore(store);
		const errors: string[] = [];
		const planned: Planned[] = [];
		for (const [index, r] of records.entries()) {
			const line = index + 2;
			const newValue = r.new_value ?? "";
			const decisionText = (r.decision ?? "").trim().toLowerCase();
			if (newValue.trim() === "" && decisionText === "") continue;
			const reportId = Number(r.report_id);
			const item = (r.item ?? "").trim();
			const flagId = r.flag_id?.trim() ? Number(r.flag_id) : null;
			const fail = (reason: string) =>
				errors.push(`error ${file}:${line}: ${reason}`);
			if (!Number.isSafeInteger(reportId) || reportId < 1) {
				fail(
					`report_id "${r.report_id}" is not a report id — keep the column as written`,
				);
				continue;
			}
			let decision: FlagStatus | null = null;
			if (decisionText !== "") {
				decision = DECISIONS[decisionText] ?? null;
				if (decision === null) {
					fail(
						`decision "${r.decision}" is not accept, reject or reopen — fix the cell or leave it empty`,
					);
					continue;
				}
				if (
					flagId === null ||
					!Number.isSafeInteger(flagId) ||
					review.flag(flagId)?.reportId !== reportId
				) {
					fail(
						`flag ${r.flag_id} is not a flag of report ${reportId} — keep flag_id as written`,
					);
					continue;
				}
			}
			let field: CorrectableField | null = null;
			let value: Planned["value"] = null;
			if (newValue.trim() !== "") {
				const fieldText = (r.field ?? "").trim();
				if (!isCorrectable(fieldText)) {
					fail(
						`field "${fieldText}" cannot be corrected — write one of activity, budget.amountMnt, baseline.value, performancePct, achievement, …`,
					);
					continue;
				}
				field = fieldText;
				if (review.item(reportId, item) === undefined) {
					fail(
						`report ${reportId} has no item "${item}" — keep report_id and item as written`,
					);
					continue;
				}
				value = parseFieldInput(field, newValue);
				if (!value.ok) {
					fail(`${field} of ${item}: ${value.error}`);
					continue;
				}
			}
			planned.push({
				line,
				flagId,
				reportId,
				item,
				field,
				value,
				decision,
				reason: (r.reason ?? "").trim(),
			});
		}
		if (errors.length > 0) {
			for (const e of errors) deps.err(`${e}\n`);
			deps.err(
				`nothing applied: fix the ${errors.length === 1 ? "row" : `${errors.length} rows`} above and import ${file} again\n`,
			);
			return 1;
		}
		let corrected = 0;
		let unchanged = 0;
		let decided = 0;
		const apply = () => {
			for (const p of planned) {
				if (p.field !== null && p.value?.ok) {
					const detail = review.item(p.reportId, p.item);
					const current = detail
						? fieldOf(detail.effective, p.field)
						: undefined;
					if (current === p.value.value) unchanged++;
					else {
						review.correct({
							reportId: p.reportId,
							item: p.item,
							field: p.field,
							newValue: p.value.value,
							reason: p.reason || `imported from ${file} (row ${p.line})`,
							who,
						});
						corrected++;
					}
				}
				if (p.decision !== null && p.flagId !== null) {
					review.setFlagStatus(p.flagId, p.decision, {
						who,
						reason: p.reason || `imported from ${file} (row ${p.line})`,
					});
					decided++;
				}
			}
		};
		if (values["dry-run"]) {
			deps.out(
				`${file}: ${planned.length} rows to apply (dry run: nothing changed)\n`,
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
		const rows = list.map((c) => [
			String(c.id),
			String(c.reportId),
			c.item,
			c.field,
			show(c.oldValue),
			show(c.newValue),
			c.who,
			c.createdAt.slice(0, 19).replace("T", " "),
			show(c.reason),
		]);
		const header = [
			"id",
			"report",
			"item",
			"field",
			"old",
			"new",
			"who",
			"when",
			"reason",
		];
		const widths = header.map((h, i) =>
			Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)),
		);
		const line = (cells: string[]) =>
			cells
				.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
				.join("  ")
				.trimEnd();
		deps.out(`${[line(header), ...rows.map(line)].join("\n")}\n`);
		return 0;
	} finally {
		store.close();
	}
}
