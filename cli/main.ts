/**
 * The tailan command line: a thin shell over pipeline/ and store/. It parses arguments, prints
 * one line per file or a table, and turns every error into one line (file, reason, fix) and an
 * exit code: 0 success, 1 failure, 2 usage error.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { flagText } from "../messages/flag-text.ts";
import { oneLine, toCsv, toText } from "../output/index.ts";
import { recordsTable } from "../output/records.ts";
import { closeSharedOcr } from "../parsers/image/shared.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import {
	ASSIGNABLE_ROLES,
	evidenceColumns,
	proposedColumnList,
} from "../pipeline/stitch/columns.ts";
import {
	BUSY_TIMEOUT_MS,
	FLAG_STATUSES,
	type FlagStatus,
	flagTrails,
	NotADatabaseError,
	openStore,
	type Store,
	StoreBusyError,
	StoreError,
} from "../store/index.ts";
import { isPostgresUrl, redactUrl } from "../store/pg/url.ts";
import { type Repository, sqliteRepository } from "../store/repository.ts";
import { type OptionSpec, parseCommandArgs, UsageError } from "./args.ts";
import {
	COMMAND_HELP,
	COMMANDS,
	type Command,
	DEFAULT_DB,
	MAIN_HELP,
} from "./help.ts";
import { importCommand } from "./import.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface MainOptions {
	/** Where normal output goes (default: process.stdout). */
	stdout?: (text: string) => void;
	/** Where errors and notes go (default: process.stderr). */
	stderr?: (text: string) => void;
	/** The pipeline entry point (default: pipeline/ingest.ts `ingest`); tests pass a fake. */
	ingest?: (file: string) => Promise<IngestResult>;
	/**
	 * How long the review and M&E commands wait for another process's write lock (default
	 * BUSY_TIMEOUT_MS); tests pass a short one.
	 */
	busyTimeoutMs?: number;
}

interface Io {
	out: (text: string) => void;
	err: (text: string) => void;
	ingest: (file: string) => Promise<IngestResult>;
	busyTimeoutMs?: number;
}

/** A failure with a subject (file or database), a reason and a fix: exit code 1. */
class CliError extends Error {
	constructor(
		readonly subject: string,
		readonly reason: string,
		readonly fix: string,
	) {
		super(reason);
	}
}

/**
 * Run the CLI.
 * @param argv the arguments after the program name, e.g. ["import", "reports/", "--db", "x.db"]
 * @param options output sinks and the ingest function (defaults: process streams, the pipeline)
 * @returns the exit code
 */
export async function main(
	argv: string[],
	options: MainOptions = {},
): Promise<number> {
	if (!options.stdout) quietOnClosedPipe();
	const io: Io = {
		out: options.stdout ?? ((text) => process.stdout.write(text)),
		err: options.stderr ?? ((text) => process.stderr.write(text)),
		ingest: options.ingest ?? defaultIngest,
		...(options.busyTimeoutMs === undefined
			? {}
			: { busyTimeoutMs: options.busyTimeoutMs }),
	};
	const [command, ...given] = argv;
	const rest = withDefaultDb(given);
	try {
		if (command === undefined) {
			io.err(MAIN_HELP);
			return EXIT_USAGE;
		}
		if (command === "-h" || command === "--help" || command === "help") {
			const topic = rest[0];
			io.out(isCommand(topic) ? COMMAND_HELP[topic] : MAIN_HELP);
			return EXIT_OK;
		}
		if (command === "-v" || command === "--version") {
			io.out(`${version()}\n`);
			return EXIT_OK;
		}
		if (!isCommand(command)) {
			throw new UsageError(
				`unknown command "${command}"`,
				`run \`tailan --help\` to see the commands`,
			);
		}
		if (rest.includes("--help") || rest.includes("-h")) {
			io.out(COMMAND_HELP[command]);
			return EXIT_OK;
		}
		if (
			command === "import" &&
			!isPostgresUrl(dbArgument(rest)) &&
			rest.includes("--queue")
		)
			throw new UsageError(
				"--queue needs a PostgreSQL --db (the queue lives in the database, for workers on any machine)",
				"pass --db postgres://… (or TAILAN_DB), or import without --queue",
			);
		switch (command) {
			case "worker": {
				const { workerCommand } = await import("./pg.ts");
				return await workerCommand(rest, commandDeps(io));
			}
			case "import":
				// The queue is PostgreSQL's; a direct import is the same on both engines.
				if (isPostgresUrl(dbArgument(rest)) && rest.includes("--queue")) {
					const { pgImportCommand } = await import("./pg.ts");
					return await pgImportCommand(rest, {
						...commandDeps(io),
						ingest: options.ingest,
					});
				}
				return await importCommand(rest, {
					out: io.out,
					err: io.err,
					ingest: options.ingest,
					stdoutTty: !options.stdout && process.stdout.isTTY === true,
					stderrTty: !options.stderr && process.stderr.isTTY === true,
					columns: process.stderr.columns,
					handleSignals: !options.stdout,
				});
			case "export":
				return await exportCommand(rest, io);
			case "reports":
				return await reportsCommand(rest, io);
			case "flags":
				if (wantsSheet(rest)) {
					const { flagsSheetCommand } = await import("./corrections.ts");
					return await flagsSheetCommand(rest, commandDeps(io));
				}
				return flagsCommand(rest, io);
			case "review": {
				const { reviewCommand } = await import("./review.ts");
				return await reviewCommand(rest, commandDeps(io));
			}
			case "clerks": {
				const { clerksCommand } = await import("./clerks.ts");
				return await clerksCommand(rest, commandDeps(io));
			}
			case "corrections": {
				const { correctionsCommand } = await import("./corrections.ts");
				return await correctionsCommand(rest, commandDeps(io));
			}
			case "indicators":
			case "history":
			case "compare":
			case "search":
			case "links": {
				// Loaded on first use: the M&E commands bring exceljs.
				const { meCommand } = await import("./me.ts");
				return await meCommand(command, rest, {
					out: io.out,
					err: io.err,
					usage: (reason, fix) => new UsageError(reason, fix),
					failure: (subject, reason, fix) => new CliError(subject, reason, fix),
					open: (db) => open(db, { mustExist: true }, io.busyTimeoutMs),
				});
			}
		}
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`error: ${oneLine(error.reason)} — ${error.fix}\n`);
			return EXIT_USAGE;
		}
		if (error instanceof CliError) {
			io.err(
				`error ${error.subject}: ${oneLine(error.reason)} — ${error.fix}\n`,
			);
			return EXIT_FAILURE;
		}
		const database = databaseError(error, argv);
		if (database) {
			io.err(
				`error ${database.subject}: ${database.reason} — ${database.fix}\n`,
			);
			return EXIT_FAILURE;
		}
		throw error;
	} finally {
		// Scans are read by a pool of OCR worker threads, which would keep the process alive.
		await closeSharedOcr();
	}
}

/**
 * A SQLite error that reached the shell, as one line instead of a stack trace. "Busy": another
 * process (an import) held the write lock longer than the busy timeout; the write was rolled
 * back whole, so running the command again is safe.
 */
function databaseError(
	error: unknown,
	argv: readonly string[],
): { subject: string; reason: string; fix: string } | undefined {
	if (!(error instanceof StoreError)) return undefined;
	const subject = dbArgument(argv);
	if (error instanceof StoreBusyError)
		return {
			subject,
			reason: `the database is busy: another tailan process (an import?) kept it locked for more than ${BUSY_TIMEOUT_MS / 1000} s, and nothing was changed`,
			fix: "run the command again in a moment, or when the import has finished",
		};
	const message = error instanceof Error ? error.message : String(error);
	return {
		subject,
		reason: `the database failed (${error.code}): ${oneLine(message)}`,
		fix: "check that the file is a tailan database on a writable, local disk",
	};
}

/** The --db argument of a command line (default DEFAULT_DB). */
function dbArgument(argv: readonly string[]): string {
	for (let i = argv.length - 1; i >= 0; i--) {
		const arg = argv[i] as string;
		if (arg === "--db" && argv[i + 1] !== undefined)
			return argv[i + 1] as string;
		if (arg.startsWith("--db=")) return arg.slice("--db=".length);
	}
	return DEFAULT_DB;
}

/** What the review commands (cli/review.ts, cli/corrections.ts) need from this shell. */
function commandDeps(io: Io) {
	return {
		out: io.out,
		err: io.err,
		usage: (reason: string, fix: string) => new UsageError(reason, fix),
		failure: (subject: string, reason: string, fix: string) =>
			new CliError(subject, reason, fix),
		open: (db: string) => open(db, { mustExist: true }, io.busyTimeoutMs),
	};
}

/** `tailan flags --format …` asks for a sheet (cli/corrections.ts). */
function wantsSheet(args: string[]): boolean {
	return args.some((a) => a === "--format" || a.startsWith("--format="));
}

let pipeWatched = false;

/** `tailan export … | head` closes stdout early: end quietly instead of crashing with EPIPE. */
function quietOnClosedPipe(): void {
	if (pipeWatched) return;
	pipeWatched = true;
	process.stdout.on("error", (error: NodeJS.ErrnoException) => {
		if (error.code === "EPIPE") process.exit(EXIT_OK);
		throw error;
	});
}

async function defaultIngest(file: string): Promise<IngestResult> {
	// Loaded on first use so `--help` and the read-only commands do not load the pipeline.
	const { ingest } = await import("../pipeline/ingest.ts");
	return ingest(file);
}

function isCommand(value: string | undefined): value is Command {
	return (COMMANDS as readonly (string | undefined)[]).includes(value);
}

function version(): string {
	const pkg = JSON.parse(
		readFileSync(new URL("../package.json", import.meta.url), "utf8"),
	) as { version: string };
	return pkg.version;
}

/** Strict option parsing of a command (see cli/args.ts). */
function parse<T extends OptionSpec>(
	command: Command,
	args: string[],
	options: T,
	positionals = false,
) {
	return parseCommandArgs(command, args, options, positionals);
}

const DB_OPTION = { db: { type: "string", default: DEFAULT_DB } } as const;

async function exportCommand(args: string[], io: Io): Promise<number> {
	const { values } = parse("export", args, {
		...DB_OPTION,
		format: { type: "string" },
		out: { type: "string" },
		report: { type: "string" },
		"include-held": { type: "boolean", default: false },
	});
	const includeHeld = values["include-held"];
	const format = values.format;
	if (format !== "json" && format !== "csv") {
		throw new UsageError(
			format === undefined
				? "export needs --format"
				: `unknown format "${format}"`,
			"pass --format json or --format csv",
		);
	}
	const reportId =
		values.report === undefined ? undefined : parseId(values.report, "export");
	// Both engines through the async repository: the same code formats SQLite and PostgreSQL.
	const store = await openRepo(values.db, io);
	let text: string;
	let summary: string;
	try {
		// Held reports (docs/holds.md) are left out unless asked for; then they say so.
		const listed = await store.listReports();
		const held = new Set(listed.filter((r) => r.held).map((r) => r.id));
		if (reportId !== undefined && held.has(reportId) && !includeHeld)
			throw new CliError(
				store.location,
				`report ${reportId} is held (${await repoHeldKinds(store, reportId)}): it is not exported as good data until a person accepts it`,
				`accept it with \`tailan reports accept ${reportId} --reason …\`, or pass --include-held`,
			);
		const ids =
			reportId === undefined
				? listed.filter((r) => includeHeld || !r.held).map((r) => r.id)
				: [reportId];
		const records = [];
		for (const id of ids) {
			const [record] = await store.exportRecords(id);
			if (!record) throw noSuchReport(id, store.location);
			records.push(
				includeHeld
					? {
							id,
							record,
							held: held.has(id),
							holds: await repoHeldKinds(store, id),
						}
					: { id, record },
			);
		}
		if (format === "json") {
			const plain = [];
			for (const r of records)
				plain.push(
					"held" in r
						? { ...r.record, held: r.held, holds: await store.listHolds(r.id) }
						: r.record,
				);
			text = `${JSON.stringify(plain.length === 1 ? plain[0] : plain, null, 2)}\n`;
		} else {
			text = toCsv(recordsTable(records));
		}
		const measures = records.reduce((n, r) => n + r.record.measures.length, 0);
		summary = `${plural(records.length, "report")}, ${plural(measures, "measure")}`;
	} finally {
		await store.close();
	}
	if (values.out === undefined) {
		io.out(text);
	} else {
		try {
			writeFileSync(values.out, text);
		} catch (error) {
			throw new CliError(
				values.out,
				(error as Error).message,
				"check that the folder exists and is writable",
			);
		}
		io.out(`wrote ${values.out} (${summary})\n`);
	}
	return EXIT_OK;
}

/** The kinds of a report's unaccepted holds, from either engine (see heldKinds). */
async function repoHeldKinds(
	repo: Repository,
	reportId: number,
): Promise<string> {
	const holds = await repo.listHolds(reportId);
	return [
		...new Set(holds.filter((h) => h.state === "held").map((h) => h.kind)),
	].join(", ");
}

/** The kinds of a report's unaccepted holds, "table-cut, item-identity" ("" when it is not held). */
function heldKinds(store: Store, reportId: number): string {
	return [
		...new Set(
			store
				.listHolds(reportId)
				.filter((h) => h.state === "held")
				.map((h) => h.kind),
		),
	].join(", ");
}

async function reportsCommand(args: string[], io: Io): Promise<number> {
	if (args[0] === "accept") return acceptCommand(args.slice(1), io);
	if (args[0] === "columns") return columnsCommand(args.slice(1), io);
	const { values } = parse("reports", args, DB_OPTION);
	// Both engines through the async repository (the listing is the same on SQLite and PostgreSQL).
	const store = await openRepo(values.db, io);
	try {
		const reports = await store.listReports();
		if (reports.length === 0) {
			io.err(
				`no reports in ${store.location} yet — run \`tailan import <files> --db ${values.db}\`\n`,
			);
			return EXIT_OK;
		}
		const kinds = new Map<number, string>();
		for (const r of reports)
			if (r.held) kinds.set(r.id, await repoHeldKinds(store, r.id));
		io.out(
			toText({
				columns: [
					{ key: "id", header: "id", type: "int" },
					{ key: "year", header: "year", type: "int" },
					{ key: "department", header: "department" },
					{ key: "period", header: "period" },
					{ key: "measures", header: "measures", type: "int" },
					{ key: "openFlags", header: "open flags", type: "int" },
					{ key: "state", header: "state" },
				],
				rows: reports.map((r) => ({
					id: r.id,
					year: r.year,
					department: r.department,
					period: r.period,
					measures: r.measures,
					openFlags: r.openFlags,
					state: r.held
						? `held: ${kinds.get(r.id) ?? ""}`
						: r.holds > 0
							? "accepted"
							: "ok",
				})),
			}),
		);
		return EXIT_OK;
	} finally {
		await store.close();
	}
}

/** `tailan reports accept ID --reason TEXT [--who NAME]`: a person accepts a held report. */
function acceptCommand(args: string[], io: Io): number {
	const { values, positionals } = parse(
		"reports",
		args,
		{
			...DB_OPTION,
			reason: { type: "string" },
			who: { type: "string" },
			kind: { type: "string" },
		},
		true,
	);
	const [idText, ...extra] = positionals;
	if (idText === undefined || extra.length > 0)
		throw new UsageError(
			"reports accept needs one report id",
			"run `tailan reports accept ID --reason …` (see `tailan reports` for the ids)",
		);
	const reportId = parseId(idText, "reports");
	const reason = values.reason?.trim() ?? "";
	if (reason === "")
		throw new UsageError(
			"reports accept needs --reason: why the report may be counted as it is",
			'pass --reason "…" (it is kept with your name and the time)',
		);
	const who = (values.who ?? defaultWho()).trim();
	if (who === "")
		throw new UsageError(
			"reports accept needs --who: the person accepting the report",
			'pass --who "name"',
		);
	const store = open(values.db, { mustExist: true });
	try {
		if (!store.listReports().some((r) => r.id === reportId))
			throw noSuchReport(reportId, values.db);
		let accepted: ReturnType<Store["acceptHolds"]>;
		try {
			accepted = store.acceptHolds(reportId, {
				who,
				reason,
				...(values.kind === undefined ? {} : { kind: values.kind }),
			});
		} catch (error) {
			if (!(error instanceof TypeError)) throw error;
			throw new CliError(
				values.db,
				error.message.replace(/^store\.acceptHolds: /, ""),
				`run \`tailan reports --db ${values.db}\` to see which reports are held`,
			);
		}
		for (const hold of accepted)
			io.out(
				`accepted ${hold.kind} of report ${reportId} (by ${who}): ${oneLine(hold.message)}\n`,
			);
		const still = heldKinds(store, reportId);
		io.out(
			still === ""
				? `report ${reportId} is counted again (compare, history, indicators, search, export)\n`
				: `report ${reportId} is still held: ${still}\n`,
		);
		return EXIT_OK;
	} finally {
		store.close();
	}
}

/** A word for a POSIX shell, quoted when it needs to be. */
function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text)
		? text
		: `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * `tailan reports columns ID`: the plan table's proposed column mapping (header text → role,
 * score, where the role came from, what the content says) and the command to reassign it.
 */
function columnsCommand(args: string[], io: Io): number {
	const { values, positionals } = parse("reports", args, DB_OPTION, true);
	const [idText, ...extra] = positionals;
	if (idText === undefined || extra.length > 0)
		throw new UsageError(
			"reports columns needs one report id",
			"run `tailan reports columns ID` (see `tailan reports` for the ids)",
		);
	const reportId = parseId(idText, "reports");
	const store = open(values.db, { mustExist: true });
	try {
		const report = store.listReports().find((r) => r.id === reportId);
		if (!report) throw noSuchReport(reportId, values.db);
		const hold = store
			.listHolds(reportId)
			.find((h) => h.kind === "columns-unconfirmed");
		const decisions = store.listDecisions(reportId, "column-map");
		if (!hold) {
			io.out(
				`report ${reportId} (${report.documentName}): its columns are not held\n${decisions
					.map((d) => `  ${d.evidence}\n`)
					.join("")}`,
			);
			return EXIT_OK;
		}
		const columns = evidenceColumns(hold.evidence);
		io.out(
			`report ${reportId} (${report.documentName}): columns ${hold.state === "held" ? "held — not counted until confirmed or reassigned" : `accepted by ${hold.acceptedBy ?? "a person"}`}\n\n`,
		);
		io.out(
			toText({
				columns: [
					{ key: "column", header: "column", type: "int" },
					{ key: "header", header: "header text" },
					{ key: "role", header: "proposed role" },
					{ key: "score", header: "score" },
					{ key: "from", header: "from" },
					{ key: "content", header: "content" },
				],
				rows: columns.map((c) => ({
					column: c.column,
					header: c.header === "" ? "(blank)" : c.header,
					role: c.role ?? "-",
					score: c.score.toFixed(2),
					from: c.from,
					content: c.content,
				})),
			}),
		);
		const doubts = Array.isArray(hold.evidence.doubts)
			? (hold.evidence.doubts as unknown[]).map(String)
			: [];
		if (doubts.length > 0)
			io.out(`\ndoubts:\n${doubts.map((d) => `  - ${d}\n`).join("")}`);
		io.out(
			`\nTo reassign the columns, give one role per column (${ASSIGNABLE_ROLES.join(", ")}) and import the file again (its path for ${report.documentName}):\n  tailan import ${shellWord(report.documentName)} --columns ${shellWord(proposedColumnList(columns))} --db ${shellWord(values.db)}\n`,
		);
		if (hold.state === "held")
			io.out(
				`To count the proposed mapping as it is:\n  tailan reports accept ${reportId} --kind columns-unconfirmed --reason "…" --db ${shellWord(values.db)}\n`,
			);
		return EXIT_OK;
	} finally {
		store.close();
	}
}

/** The name recorded when --who is not given: the user running the command. */
function defaultWho(): string {
	try {
		return userInfo().username;
	} catch {
		return process.env.USER ?? "";
	}
}

function flagsCommand(args: string[], io: Io): number {
	const { values } = parse("flags", args, {
		...DB_OPTION,
		report: { type: "string" },
		status: { type: "string", default: "open" },
		lang: { type: "string", default: "en" },
	});
	const reportId =
		values.report === undefined ? undefined : parseId(values.report, "flags");
	const status = values.status;
	const lang = values.lang;
	if (lang !== "en" && lang !== "mn")
		throw new UsageError(
			`--lang must be en or mn, got "${lang}"`,
			"en (the default) writes the stored English messages, mn the Mongolian ones",
		);
	if (
		status !== "all" &&
		!(FLAG_STATUSES as readonly string[]).includes(status)
	) {
		throw new UsageError(
			`unknown status "${status}"`,
			`pass --status ${FLAG_STATUSES.join(", ")} or all`,
		);
	}
	const store = open(values.db, { mustExist: true });
	try {
		if (
			reportId !== undefined &&
			!store.listReports().some((r) => r.id === reportId)
		) {
			throw noSuchReport(reportId, values.db);
		}
		const flags = store.listFlags({
			...(reportId === undefined ? {} : { reportId }),
			...(status === "all" ? {} : { status: status as FlagStatus }),
		});
		if (flags.length === 0) {
			io.err(`no ${status === "all" ? "" : `${status} `}flags\n`);
			return EXIT_OK;
		}
		// Beyond the open flags, who decided each flag, when and why (the decision trail; a
		// flag an edit or a move closed: its correction).
		const trails =
			status === "open" ? undefined : flagTrails(store, flags, reportId);
		io.out(
			toText({
				columns: [
					{ key: "report", header: "report", type: "int" },
					{ key: "kind", header: "kind" },
					{ key: "severity", header: "severity" },
					{ key: "item", header: "item" },
					{ key: "field", header: "field" },
					{ key: "message", header: "message" },
					...(trails === undefined
						? []
						: [
								{ key: "status", header: "status" },
								{ key: "who", header: "decided by" },
								{ key: "when", header: "decided at" },
								{ key: "why", header: "reason" },
							]),
				],
				rows: flags.map((f) => {
					const trail = trails?.get(f.id);
					return {
						report: f.reportId,
						kind: f.kind,
						severity: f.severity,
						item: f.item,
						field: f.field,
						message: oneLine(lang === "mn" ? flagText("mn", f) : f.message),
						...(trails === undefined
							? {}
							: {
									status: f.status,
									who: trail?.who ?? null,
									when: trail?.when ?? null,
									why: trail === undefined ? null : oneLine(trail.why),
								}),
					};
				}),
			}),
		);
		return EXIT_OK;
	} finally {
		store.close();
	}
}

function open(
	db: string,
	options: { mustExist: boolean },
	busyTimeoutMs?: number,
): Store {
	const postgres = isPostgresUrl(db);
	// The subject of messages: a URL without its password.
	const subject = postgres ? redactUrl(db) : db;
	if (options.mustExist && db !== ":memory:" && !postgres && !existsSync(db)) {
		throw new CliError(
			db,
			"no such database",
			`import reports first (\`tailan import <files> --db ${db}\`) or pass --db`,
		);
	}
	try {
		return openStore(
			db,
			busyTimeoutMs === undefined ? options : { ...options, busyTimeoutMs },
		);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (error instanceof NotADatabaseError) {
			throw new CliError(
				db,
				"this file is not a SQLite database",
				"pass --db with a tailan database or a new file name",
			);
		}
		// Opening an old database migrates it, which waits for the write lock like any write.
		const busy = databaseError(error, ["--db", subject]);
		if (busy && error instanceof StoreBusyError)
			throw new CliError(busy.subject, busy.reason, busy.fix);
		if (postgres)
			throw new CliError(
				subject,
				`cannot open the PostgreSQL database: ${message}`,
				"check the URL (user, password, host, port, database), that the server runs and that the user may connect and create tables",
			);
		throw new CliError(
			db,
			`cannot open the database: ${message}`,
			"check the path, its folder and permissions",
		);
	}
}

/** The repository of --db: the store of a SQLite file or a postgres:// URL (as `open`). */
async function openRepo(db: string, io: Io): Promise<Repository> {
	return sqliteRepository(open(db, { mustExist: true }, io.busyTimeoutMs));
}

/** TAILAN_DB is the --db of every command that was given none. */
function withDefaultDb(args: string[]): string[] {
	const env = process.env.TAILAN_DB;
	if (env === undefined || env === "") return args;
	if (args.some((a) => a === "--db" || a.startsWith("--db="))) return args;
	return [...args, "--db", env];
}

function parseId(text: string, command: Command): number {
	const id = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1) {
		throw new UsageError(
			`--report must be a report id (a positive integer), got "${text}"`,
			`see \`tailan reports\` for the ids; \`tailan ${command} --help\``,
		);
	}
	return id;
}

function noSuchReport(id: number, db: string): CliError {
	return new CliError(
		db,
		`there is no report ${id}`,
		`run \`tailan reports --db ${db}\` to see the report ids`,
	);
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Keep an error on one line: multi-line messages (zod, SQLite) are joined with "; ". */
