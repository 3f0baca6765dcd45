/**
 * The M&E commands (issue 6): indicators, history, compare, search and links. A thin shell over
 * store/indicators.ts; every command but `links confirm|reject` writes a table in one of four
 * formats (table, json, csv, xlsx) to standard output or --out.
 */

import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import ExcelJS from "exceljs";
import type { Store } from "../store/index.ts";
import {
	type CompareRow,
	DEFAULT_LINK_THRESHOLD,
	type HistoryRow,
	type IndicatorLink,
	type Indicators,
	LINK_STATUSES,
	type LinkStatus,
	openIndicators,
} from "../store/indicators.ts";
import { type OptionSpec, parseCommandArgs } from "./args.ts";
import { textTable } from "./format.ts";
import { DEFAULT_DB } from "./help.ts";
import type { MeCommand } from "./me-help.ts";

export { ME_COMMANDS, type MeCommand } from "./me-help.ts";

/** What cli/main.ts lends the M&E commands: output sinks, its error types, its store opener. */
export interface MeContext {
	out: (text: string) => void;
	err: (text: string) => void;
	/** An error for a mistake in the command line (exit code 2). */
	usage: (reason: string, fix: string) => Error;
	/** An error with a subject, a reason and a fix (exit code 1). */
	failure: (subject: string, reason: string, fix: string) => Error;
	/** Open an existing database (throws a failure when it is missing or unreadable). */
	open: (db: string) => Store;
}

export const FORMATS = ["table", "json", "csv", "xlsx"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * How a column is typed in CSV/XLSX: text; int and number as numbers; percent a number 0–100
 * (XLSX: a fraction with a % format); quantity a number whose unit is in the column named by
 * `unitKey` (XLSX: % format when the unit is percent).
 */
export interface Column {
	key: string;
	header: string;
	type?: "text" | "int" | "number" | "percent" | "quantity";
	unitKey?: string;
}

type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface Output {
	columns: Column[];
	rows: Row[];
}

const FORMAT_OPTIONS = {
	db: { type: "string", default: DEFAULT_DB },
	format: { type: "string", default: "table" },
	out: { type: "string" },
} as const;

/**
 * Run one M&E command.
 * @param command one of ME_COMMANDS
 * @param args the arguments after the command
 * @param ctx see MeContext
 * @returns the exit code
 */
export async function meCommand(
	command: MeCommand,
	args: string[],
	ctx: MeContext,
): Promise<number> {
	switch (command) {
		case "indicators":
			return indicatorsCommand(args, ctx);
		case "history":
			return historyCommand(args, ctx);
		case "compare":
			return compareCommand(args, ctx);
		case "search":
			return searchCommand(args, ctx);
		case "links":
			return linksCommand(args, ctx);
	}
}

function parse<T extends OptionSpec>(
	command: string,
	args: string[],
	options: T,
	_ctx: MeContext,
) {
	return parseCommandArgs(command, args, options);
}

function checkFormat(
	format: string,
	out: string | undefined,
	ctx: MeContext,
): Format {
	if (!(FORMATS as readonly string[]).includes(format))
		throw ctx.usage(
			`unknown format "${format}"`,
			"pass --format table, json, csv or xlsx",
		);
	if (format === "xlsx" && out === undefined)
		throw ctx.usage(
			"--format xlsx needs --out FILE",
			"e.g. `--format xlsx --out history.xlsx`",
		);
	return format as Format;
}

function parseYear(text: string, option: string, ctx: MeContext): number {
	if (!/^\d{4}$/.test(text))
		throw ctx.usage(
			`${option} must be a year like 2024, got "${text}"`,
			`e.g. \`${option} 2024\``,
		);
	return Number(text);
}

/** Open the store and the M&E queries over it; both are closed after `run`. */
async function withIndicators<T>(
	db: string,
	ctx: MeContext,
	run: (indicators: Indicators) => T | Promise<T>,
): Promise<T> {
	const store = ctx.open(db);
	let indicators: Indicators | undefined;
	try {
		indicators = openIndicators(store);
		return await run(indicators);
	} finally {
		indicators?.close();
		store.close();
	}
}

async function indicatorsCommand(
	args: string[],
	ctx: MeContext,
): Promise<number> {
	const { values, positionals } = parse(
		"indicators",
		args,
		{
			...FORMAT_OPTIONS,
			department: { type: "string" },
			search: { type: "string" },
		},
		ctx,
	);
	noPositionals("indicators", positionals, ctx);
	const format = checkFormat(values.format, values.out, ctx);
	const output = await withIndicators(values.db, ctx, (ind) => {
		ind.refreshKeys();
		const list = ind.listIndicators({
			...(values.department === undefined
				? {}
				: { department: values.department }),
			...(values.search === undefined ? {} : { search: values.search }),
		});
		return {
			columns: [
				{ key: "series", header: "series", type: "int" },
				{ key: "department", header: "department" },
				{ key: "item", header: "item" },
				{ key: "first", header: "from", type: "int" },
				{ key: "last", header: "to", type: "int" },
				{ key: "reports", header: "reports", type: "int" },
				{ key: "wordings", header: "wordings", type: "int" },
				{ key: "key", header: "key" },
				{ key: "indicator", header: "indicator (latest wording)" },
				{ key: "organization", header: "organization" },
			],
			rows: list.map((i) => ({
				series: i.seriesId,
				department: i.department,
				item: i.item,
				first: i.firstYear,
				last: i.lastYear,
				reports: i.reports,
				wordings: i.wordings,
				key: i.key,
				indicator: i.indicator,
				organization: i.organization,
			})),
		} satisfies Output;
	});
	return emit(output, format, values.out, ctx, "indicators");
}

/** The first ~100 characters of a narrative, on one line. */
export function excerpt(text: string, max = 100): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length <= max
		? flat
		: `${flat.slice(0, flat.lastIndexOf(" ", max) > max / 2 ? flat.lastIndexOf(" ", max) : max)} …`;
}

/** Columns of `tailan history`, shared with the web page's table. */
export function historyOutput(rows: HistoryRow[]): Output {
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
			{ key: "baselineUnit", header: "unit" },
			{
				key: "targetHalfYear",
				header: "half-year target",
				type: "quantity",
				unitKey: "targetHalfYearUnit",
			},
			{ key: "targetHalfYearUnit", header: "unit" },
			{
				key: "targetFullYear",
				header: "full-year target",
				type: "quantity",
				unitKey: "targetFullYearUnit",
			},
			{ key: "targetFullYearUnit", header: "unit" },
			{ key: "level", header: "level %", type: "percent" },
			{ key: "indicator", header: "indicator" },
			{ key: "achievement", header: "achievement" },
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
			achievement: r.notDue
				? `(not due) ${excerpt(r.achievement)}`
				: excerpt(r.achievement),
		})),
	};
}

async function historyCommand(args: string[], ctx: MeContext): Promise<number> {
	const { values, positionals } = parse(
		"history",
		args,
		{
			...FORMAT_OPTIONS,
			from: { type: "string" },
			to: { type: "string" },
			department: { type: "string" },
		},
		ctx,
	);
	const query = positionals.join(" ").trim();
	if (query === "")
		throw ctx.usage(
			"history needs an indicator or a key",
			'e.g. `tailan history "Хэрэгжүүлсэн төслийн тоо"` (see `tailan indicators`)',
		);
	const format = checkFormat(values.format, values.out, ctx);
	const from =
		values.from === undefined
			? undefined
			: parseYear(values.from, "--from", ctx);
	const to =
		values.to === undefined ? undefined : parseYear(values.to, "--to", ctx);
	const result = await withIndicators(values.db, ctx, (ind) => {
		ind.refreshKeys();
		return ind.history(query, {
			...(from === undefined ? {} : { from }),
			...(to === undefined ? {} : { to }),
			...(values.department === undefined
				? {}
				: { department: values.department }),
		});
	});
	if (result.rows.length === 0) {
		ctx.err(
			`no indicator with the key "${result.key}"${result.exact ? "" : " or one close to it"} — see \`tailan indicators --search …\`\n`,
		);
		return 0;
	}
	if (!result.exact)
		ctx.err(
			`no indicator with the key "${result.key}"; showing the closest: ${result.matchedKeys.map((k) => `"${k.key}" (${k.score})`).join(", ")}\n`,
		);
	return emit(historyOutput(result.rows), format, values.out, ctx, "history");
}

/** Columns of `tailan compare`, shared with the web page's table. */
export function compareOutput(
	rows: CompareRow[],
	by: "department" | "organization",
): Output {
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

async function compareCommand(args: string[], ctx: MeContext): Promise<number> {
	const { values, positionals } = parse(
		"compare",
		args,
		{
			...FORMAT_OPTIONS,
			year: { type: "string" },
			by: { type: "string", default: "department" },
			period: { type: "string", default: "annual" },
		},
		ctx,
	);
	noPositionals("compare", positionals, ctx);
	if (values.year === undefined)
		throw ctx.usage(
			"compare needs --year",
			"e.g. `tailan compare --year 2024`",
		);
	const year = parseYear(values.year, "--year", ctx);
	const by = values.by;
	if (by !== "department" && by !== "organization")
		throw ctx.usage(
			`unknown --by "${by}"`,
			"pass --by department or --by organization",
		);
	const period = values.period;
	if (period !== "annual" && period !== "half-year")
		throw ctx.usage(
			`unknown --period "${period}"`,
			"pass --period annual or --period half-year",
		);
	const format = checkFormat(values.format, values.out, ctx);
	const rows = await withIndicators(values.db, ctx, (ind) =>
		ind.compare({ year, by, period }),
	);
	if (rows.length === 0) {
		ctx.err(`no ${period} reports for ${year}\n`);
		return 0;
	}
	return emit(compareOutput(rows, by), format, values.out, ctx, "compare");
}

async function searchCommand(args: string[], ctx: MeContext): Promise<number> {
	const { values, positionals } = parse(
		"search",
		args,
		{
			...FORMAT_OPTIONS,
			year: { type: "string" },
			department: { type: "string" },
			limit: { type: "string", default: "20" },
		},
		ctx,
	);
	const text = positionals.join(" ").trim();
	if (!/[\p{L}\p{N}]/u.test(text))
		throw ctx.usage(
			"search needs words to look for",
			"e.g. `tailan search өргөдөл гомдол`",
		);
	const limit = Number(values.limit);
	if (!Number.isInteger(limit) || limit < 1)
		throw ctx.usage(
			`--limit must be a positive integer, got "${values.limit}"`,
			"e.g. `--limit 50`",
		);
	const format = checkFormat(values.format, values.out, ctx);
	const year =
		values.year === undefined
			? undefined
			: parseYear(values.year, "--year", ctx);
	const hits = await withIndicators(values.db, ctx, (ind) =>
		ind.search(text, {
			limit,
			...(year === undefined ? {} : { year }),
			...(values.department === undefined
				? {}
				: { department: values.department }),
		}),
	);
	if (hits.length === 0) {
		ctx.err(`nothing found for "${text}"\n`);
		return 0;
	}
	return emit(
		{
			columns: [
				{ key: "report", header: "report", type: "int" },
				{ key: "year", header: "year", type: "int" },
				{ key: "department", header: "department" },
				{ key: "item", header: "item" },
				{ key: "snippet", header: "snippet" },
			],
			rows: hits.map((h) => ({
				report: h.reportId,
				year: h.year,
				department: h.department,
				item: h.item,
				snippet: h.snippet.replace(/\s+/g, " "),
			})),
		},
		format,
		values.out,
		ctx,
		"search",
	);
}

function linksOutput(links: IndicatorLink[]): Output {
	return {
		columns: [
			{ key: "id", header: "link", type: "int" },
			{ key: "status", header: "status" },
			{ key: "used", header: "used" },
			{ key: "score", header: "score", type: "number" },
			{ key: "department", header: "department" },
			{ key: "from", header: "from" },
			{ key: "to", header: "to" },
			{ key: "evidence", header: "evidence" },
			{ key: "wording", header: "wordings" },
		],
		rows: links.map((l) => ({
			id: l.id,
			status: l.status,
			used: l.used ? "yes" : "no",
			score: l.score,
			department: l.department,
			from: `${l.aYear ?? "?"} ${l.aItem}`,
			to: `${l.bYear ?? "?"} ${l.bItem}`,
			evidence: l.evidence,
			wording:
				l.aIndicator === l.bIndicator
					? (l.bIndicator ?? "")
					: `${l.aIndicator ?? "?"} → ${l.bIndicator ?? "?"}`,
		})),
	};
}

async function linksCommand(args: string[], ctx: MeContext): Promise<number> {
	const [action, ...rest] = args;
	if (action === "propose") {
		const { values, positionals } = parse(
			"links",
			rest,
			{
				db: { type: "string", default: DEFAULT_DB },
				threshold: { type: "string", default: String(DEFAULT_LINK_THRESHOLD) },
				department: { type: "string" },
			},
			ctx,
		);
		noPositionals("links", positionals, ctx);
		const threshold = Number(values.threshold);
		if (!(threshold >= 0 && threshold <= 1))
			throw ctx.usage(
				`--threshold must be between 0 and 1, got "${values.threshold}"`,
				"e.g. `--threshold 0.8`",
			);
		const outcome = await withIndicators(values.db, ctx, (ind) =>
			ind.proposeLinks({
				threshold,
				...(values.department === undefined
					? {}
					: { department: values.department }),
			}),
		);
		ctx.out(
			`proposed links for ${outcome.reports} reports: ${outcome.aboveThreshold} at or above ${threshold} (used), ${outcome.belowThreshold} below (waiting: \`tailan links list --pending\`); ${outcome.decided} decided by people kept; ${outcome.series} series\n`,
		);
		return 0;
	}
	if (action === "confirm" || action === "reject") {
		const { values, positionals } = parse(
			"links",
			rest,
			{
				db: { type: "string", default: DEFAULT_DB },
				who: { type: "string" },
				reason: { type: "string" },
			},
			ctx,
		);
		if (positionals.length === 0)
			throw ctx.usage(
				`links ${action} needs link ids`,
				`e.g. \`tailan links ${action} 12 13\` (see \`tailan links list --pending\`)`,
			);
		const ids = positionals.map((p) => {
			if (!/^\d+$/.test(p) || Number(p) < 1)
				throw ctx.usage(
					`a link id is a positive integer, got "${p}"`,
					"see `tailan links list`",
				);
			return Number(p);
		});
		const who = values.who ?? defaultWho();
		await withIndicators(values.db, ctx, (ind) => {
			for (const id of ids) {
				try {
					const link =
						action === "confirm"
							? ind.confirmLink(id, who, values.reason)
							: ind.rejectLink(id, who, values.reason);
					ctx.out(
						`${action === "confirm" ? "confirmed" : "rejected"} link ${link.id}: ${link.aYear ?? "?"} ${link.aItem} ↔ ${link.bYear ?? "?"} ${link.bItem} (${link.department ?? "?"})\n`,
					);
				} catch (error) {
					if (
						error instanceof TypeError &&
						/there is no link/.test(error.message)
					)
						throw ctx.failure(
							values.db,
							`there is no link ${id}`,
							"see `tailan links list`",
						);
					throw error;
				}
			}
		});
		return 0;
	}
	if (action === "list") {
		const { values, positionals } = parse(
			"links",
			rest,
			{
				...FORMAT_OPTIONS,
				status: { type: "string" },
				pending: { type: "boolean", default: false },
				department: { type: "string" },
			},
			ctx,
		);
		noPositionals("links", positionals, ctx);
		const status = values.status;
		if (
			status !== undefined &&
			!(LINK_STATUSES as readonly string[]).includes(status)
		)
			throw ctx.usage(
				`unknown status "${status}"`,
				`pass --status ${LINK_STATUSES.join(", ")}`,
			);
		const format = checkFormat(values.format, values.out, ctx);
		const links = await withIndicators(values.db, ctx, (ind) =>
			ind.listLinks({
				...(status === undefined ? {} : { status: status as LinkStatus }),
				pending: values.pending,
				...(values.department === undefined
					? {}
					: { department: values.department }),
				limit: Number.MAX_SAFE_INTEGER,
			}),
		);
		if (links.length === 0) {
			ctx.err("no links — run `tailan links propose` first\n");
			return 0;
		}
		return emit(linksOutput(links), format, values.out, ctx, "links");
	}
	throw ctx.usage(
		action === undefined
			? "links needs an action"
			: `unknown links action "${action}"`,
		"use `tailan links propose|list|confirm|reject` (see `tailan links --help`)",
	);
}

function defaultWho(): string {
	try {
		return userInfo().username;
	} catch {
		return "unknown";
	}
}

function noPositionals(
	command: string,
	positionals: string[],
	ctx: MeContext,
): void {
	if (positionals.length > 0)
		throw ctx.usage(
			`unexpected argument "${positionals[0]}"`,
			`see \`tailan ${command} --help\``,
		);
}

// ───────────────────────────── output formats ─────────────────────────────

function displayCell(value: Value, column: Column): string | number | null {
	if (value === null) return null;
	if (typeof value === "boolean") return value ? "yes" : "no";
	if (column.type === "percent" && typeof value === "number") return value;
	return value;
}

/** A plain text table (null as "-"). */
export function toTable(output: Output): string {
	return textTable(
		output.columns.map((c) => c.header),
		output.rows.map((row) =>
			output.columns.map((c) => displayCell(row[c.key] ?? null, c)),
		),
	);
}

/** JSON: a list of rows, keys as in the columns. */
export function toJson(output: Output): string {
	return `${JSON.stringify(
		output.rows.map((row) =>
			Object.fromEntries(
				output.columns.map((c) => [c.key, row[c.key] ?? null]),
			),
		),
		null,
		2,
	)}\n`;
}

function csvCell(value: Value): string {
	if (value === null) return "";
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV (RFC 4180): the column keys as header, numbers in decimal point notation. */
export function toCsv(output: Output): string {
	const lines = [
		output.columns.map((c) => csvCell(c.key)).join(","),
		...output.rows.map((row) =>
			output.columns.map((c) => csvCell(row[c.key] ?? null)).join(","),
		),
	];
	return `${lines.join("\r\n")}\r\n`;
}

/**
 * XLSX with real column types: numbers are numbers; percent columns and percent quantities are
 * stored as fractions with a % number format (99.3 → 0.993 shown "99.3%"), as Excel expects.
 * @param output the table
 * @param sheet the worksheet name
 */
export async function toXlsx(output: Output, sheet: string): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = "tailan";
	const ws = workbook.addWorksheet(sheet);
	ws.columns = output.columns.map((c) => ({
		header: c.header,
		key: c.key,
		width: Math.min(60, Math.max(8, c.header.length + 2)),
	}));
	for (const row of output.rows) {
		const added = ws.addRow(
			Object.fromEntries(
				output.columns.map((c) => [c.key, row[c.key] ?? null]),
			),
		);
		output.columns.forEach((c, i) => {
			const value = row[c.key];
			if (typeof value !== "number") return;
			const cell = added.getCell(i + 1);
			const percent =
				c.type === "percent" ||
				(c.type === "quantity" &&
					c.unitKey !== undefined &&
					row[c.unitKey] === "percent");
			if (percent) {
				cell.value = value / 100;
				cell.numFmt = Number.isInteger(value) ? "0%" : "0.0%";
			} else if (c.type === "int") {
				cell.numFmt = "0";
			}
		});
	}
	ws.getRow(1).font = { bold: true };
	ws.views = [{ state: "frozen", ySplit: 1 }];
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function emit(
	output: Output,
	format: Format,
	out: string | undefined,
	ctx: MeContext,
	name: string,
): Promise<number> {
	const data: string | Buffer =
		format === "table"
			? toTable(output)
			: format === "json"
				? toJson(output)
				: format === "csv"
					? toCsv(output)
					: await toXlsx(output, name);
	if (out === undefined) {
		ctx.out(typeof data === "string" ? data : data.toString("latin1"));
		return 0;
	}
	try {
		writeFileSync(out, data);
	} catch (error) {
		throw ctx.failure(
			out,
			(error as Error).message,
			"check that the folder exists and is writable",
		);
	}
	ctx.out(
		`wrote ${out} (${output.rows.length} row${output.rows.length === 1 ? "" : "s"})\n`,
	);
	return 0;
}
