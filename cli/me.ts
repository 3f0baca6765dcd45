/**
 * The M&E commands (issue 6): indicators, history, compare, search and links. A thin shell over
 * store/indicators.ts; every command but `links confirm|reject` writes a table in one of four
 * formats (table, json, csv, xlsx) to standard output or --out.
 */

import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { FORMATS, type Format, render, type Table } from "../output/index.ts";
import { compareTable, historyTable } from "../output/me.ts";
import type { Store } from "../store/index.ts";
import {
	DEFAULT_LINK_THRESHOLD,
	type IndicatorLink,
	type Indicators,
	LINK_STATUSES,
	type LinkStatus,
	openIndicators,
} from "../store/indicators.ts";
import { type OptionSpec, parseCommandArgs } from "./args.ts";
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
		} satisfies Table;
	});
	return emit(output, format, values.out, ctx, "indicators");
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
	return emit(historyTable(result.rows), format, values.out, ctx, "history");
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
	return emit(compareTable(rows, by), format, values.out, ctx, "compare");
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

function linksTable(links: IndicatorLink[]): Table {
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
		return emit(linksTable(links), format, values.out, ctx, "links");
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

async function emit(
	output: Table,
	format: Format,
	out: string | undefined,
	ctx: MeContext,
	name: string,
): Promise<number> {
	const data = await render(output, format, name);
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
