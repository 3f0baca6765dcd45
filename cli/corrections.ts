/**
 * The round trip without the browser: `tailan flags --format csv|xlsx --out F` writes the review
 * queue as a sheet a clerk fills in (new_value, decision, reason); `tailan corrections import F`
 * applies it exactly as the review app would (same parsing, same store calls);
 * `tailan corrections list` shows what was changed.
 */

import { writeFileSync } from "node:fs";
import {
	readSheet,
	SheetError,
	type SheetRecord,
	toCsv,
	toText,
} from "../output/index.ts";
import {
	applyPlan,
	flagsToRows,
	headerRecord,
	MAX_LISTED,
	type Plan,
	planSheet,
	READ_COLUMNS,
	sheetTable,
} from "../review/sheet.ts";
import { FLAG_STATUSES, type FlagStatus, reviewStore } from "../store/index.ts";
import { type OptionSpec, parseCommandArgs } from "./args.ts";
import { type CommandDeps, defaultWho } from "./review.ts";

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
		if (values["dry-run"]) {
			deps.out(
				`${file}: ${plan.rows} rows to apply (dry run: nothing changed)\n`,
			);
			return 0;
		}
		const { corrected, decided, unchanged } = review.transaction(() =>
			applyPlan(review, plan, { file, who }),
		);
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

/** Moved to review/sheet.ts (below cli/); named here too for the callers of cli/corrections.ts. */
export {
	flagsToRows,
	SHEET_COLUMNS,
	type SheetRow,
	sheetTable,
} from "../review/sheet.ts";
