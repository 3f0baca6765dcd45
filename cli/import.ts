/**
 * `tailan import <dir|files|globs…>`: find the files, parse them in worker threads, store each
 * report in its own transaction, log every attempt (store/batch.ts), show progress, print a
 * summary and optionally write it as JSON (--report). Exit codes: 0 every file imported or a
 * duplicate, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).
 */

import { existsSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { discover, type SkippedTarget } from "../batch/discover.ts";
import {
	createWorkerPool,
	DEFAULT_TIMEOUT_MS,
	defaultJobs,
	type FileOutcome,
	inProcessPool,
	type PageGroupTask,
	type PageProgress,
	type ParsePool,
	runBatch,
} from "../batch/engine.ts";
import { oneLine } from "../output/index.ts";
import { type IngestResult, ingest } from "../pipeline/ingest.ts";
import { ingestPageFiles } from "../pipeline/pages.ts";
import {
	type AssignedRole,
	ColumnRolesError,
	parseColumnRoles,
} from "../pipeline/stitch/columns.ts";
import { type BatchLog, openBatchLog } from "../store/batch.ts";
import {
	linkImported,
	NotADatabaseError,
	openStore,
	type Store,
} from "../store/index.ts";
import { isPostgresUrl, redactUrl } from "../store/pg/url.ts";
import { UsageError } from "./args.ts";
import { DEFAULT_DB } from "./help.ts";
import { pageGroupsOf } from "./page-files.ts";
import { createProgress, formatDuration } from "./progress.ts";
import { defaultWho } from "./review.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export interface ImportIo {
	out: (text: string) => void;
	err: (text: string) => void;
	/** A fake pipeline (tests): parse in this thread, one file at a time; it may report a
	 * scan's pages through `onPage` as a worker does. */
	ingest?:
		| ((
				file: string,
				onPage?: (progress: PageProgress) => void,
				group?: PageGroupTask,
		  ) => Promise<IngestResult>)
		| undefined;
	/** stdout is a terminal: the bar replaces the per-file lines. */
	stdoutTty?: boolean;
	/** stderr is a terminal: draw the progress bar there. */
	stderrTty?: boolean;
	/** Terminal width. */
	columns?: number | undefined;
	/** Read a file's bytes (tests inject EACCES). */
	readFile?: (path: string) => Buffer;
	/** Stop on SIGINT (the real CLI; tests leave it off). */
	handleSignals?: boolean;
}

/** The import command. @returns the exit code */
export async function importCommand(
	args: string[],
	io: ImportIo,
): Promise<number> {
	let options: ImportOptions;
	try {
		options = parseImportArgs(args);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.err(`error: ${oneLine(error.reason)} — ${error.fix}\n`);
		return EXIT_USAGE;
	}
	let store: Store;
	try {
		store = openStore(options.db);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		io.err(
			error instanceof NotADatabaseError
				? `error ${options.db}: this file is not a SQLite database — pass --db with a tailan database or a new file name\n`
				: isPostgresUrl(options.db)
					? `error ${redactUrl(options.db)}: cannot open the PostgreSQL database: ${oneLine(message)} — check the URL (user, password, host, port, database), that the server runs and that the user may connect and create tables\n`
					: `error ${options.db}: cannot open the database: ${oneLine(message)} — check the path, its folder and permissions\n`,
		);
		return EXIT_FAILURE;
	}
	let log: BatchLog | undefined;
	let pool: ParsePool | undefined;
	let stopped = false;
	const onSigint = () => {
		stopped = true;
	};
	try {
		log = options.db === ":memory:" ? undefined : openBatchLog(store);
		const targets = discover(options.paths);
		if (options.retryFailed && log) {
			const listed = new Set(
				targets.flatMap((t) => (t.kind === "file" ? [t.path] : [])),
			);
			for (const failed of log.failedFiles()) {
				if (listed.has(failed.path)) continue;
				listed.add(failed.path);
				// A report's page files ("folder/page-{01–17}.jpg") are found again from their folder.
				const group =
					/\{[^/]*\}/u.test(failed.path) && !existsSync(failed.path);
				targets.push(
					group
						? {
								kind: "error",
								path: failed.path,
								reason: "the page files of a report, failed before",
								fix: "give their folder again: `tailan import FOLDER --retry-failed`",
							}
						: { kind: "file", path: failed.path },
				);
			}
		}
		// Lock files, hidden and unsupported files are not read: counted, and named in the summary.
		const skipped = targets.filter(
			(t): t is SkippedTarget => t.kind === "skipped",
		);
		// Paths that failed while listing stay in their place, so output follows the arguments.
		const listed = targets.flatMap((t) =>
			t.kind === "skipped" ? [] : [t.path],
		);
		// A report scanned one file per page is one report (pipeline/pages.ts): its page files
		// become one entry, named after them.
		const { files, groups: pageGroups } = pageGroupsOf(
			listed,
			(path) => targets.some((t) => t.kind === "file" && t.path === path),
			options.pages,
		);
		if (options.columns && files.length !== 1)
			throw new UsageError(
				`--columns assigns the columns of one report, but ${files.length} files were found`,
				"give the one file to re-derive: `tailan import FILE --columns …`",
			);
		const failures = new Map(
			targets.flatMap((t) =>
				t.kind === "error"
					? [[t.path, { reason: t.reason, fix: t.fix }] as const]
					: [],
			),
		);
		// A report's page files that failed before, found again from their folder: read again.
		for (const name of pageGroups.keys()) failures.delete(name);
		const runId = log?.startRun({
			args,
			jobs: io.ingest ? 1 : options.jobs,
		});
		const started = performance.now();
		const startedAt = new Date().toISOString();
		const bar = io.stderrTty === true;
		const progress = createProgress({
			total: files.length,
			tty: bar,
			write: io.err,
			columns: io.columns,
		});
		const lineOut = (line: string) => {
			// With the bar on a terminal stdout, per-file lines would scroll it away.
			if (!(bar && io.stdoutTty)) io.out(line);
		};
		if (options.retryFailed && files.length === 0 && options.paths.length === 0)
			io.err("no failed files to retry\n");
		const jobs = io.ingest
			? 1
			: Math.max(1, Math.min(options.jobs, files.length - failures.size));
		// A person's column roles: the one file is parsed in this thread with them.
		const columns = options.columns && {
			roles: options.columns,
			who: options.who,
			at: new Date().toISOString(),
		};
		pool = columns
			? inProcessPool((file, onPage, group) =>
					group
						? ingestPageFiles(group.files, {
								group,
								columns,
								...(onPage ? { onPage } : {}),
							})
						: ingest(file, { columns, ...(onPage ? { onPage } : {}) }),
				)
			: io.ingest
				? inProcessPool(io.ingest)
				: lazyPool(() =>
						createWorkerPool({ jobs, timeoutMs: options.timeoutMs }),
					);
		if (io.handleSignals) process.once("SIGINT", onSigint);
		const outcomes = await runBatch(files, {
			store,
			log,
			runId,
			pool,
			// Two files per worker: while one waits for the files before it to be stored (reports are
			// stored in order), the worker parses the next, so it never idles.
			concurrency: io.ingest ? 1 : 2 * jobs,
			failures,
			pageGroups,
			retryFailed: options.retryFailed,
			rederive: columns !== undefined,
			...(io.readFile ? { readFile: io.readFile } : {}),
			stopped: () => stopped,
			onStart: (path) => progress.start(path),
			onParse: (path, event) => {
				if (event.kind === "parsing") progress.parsing(path);
				else if (event.kind === "page")
					progress.page(path, event.done, event.pages);
				else progress.parsed(path);
			},
			onDone: (o) => {
				progress.done(o.path);
				if (o.status === "failed")
					progress.log(
						`error ${o.path}: ${oneLine(o.reason ?? "")} — ${o.fix}${o.notRetried ? " (failed before with these bytes: not parsed again; --retry-failed parses it)" : ""}`,
					);
				else lineOut(outcomeLine(o));
			},
		});
		progress.finish();
		const all = outcomes;
		const counts = countOutcomes(all, skipped);
		const seconds = (performance.now() - started) / 1000;
		if (log && runId !== undefined) {
			log.finishRun(runId, stopped ? "interrupted" : "finished", {
				files: all.length,
				imported: counts.imported,
				renditions: counts.renditions,
				duplicates: counts.duplicates,
				failed: counts.failed,
				flags: counts.flags,
			});
		}
		// Link the new reports' indicators to the earlier years: no hidden step before `history`.
		const imported = all.flatMap((o) =>
			o.status === "imported" && o.reportId !== null && !o.held
				? [o.reportId]
				: [],
		);
		if (imported.length > 0 && !stopped) {
			const line = linkingLine(store, imported);
			if (line !== "") io.out(line);
		}
		if (all.length > 1 || bar || stopped || skipped.length > 0)
			io.out(
				summaryText(
					all,
					counts,
					skipped,
					seconds,
					stopped ? files.length - outcomes.length : 0,
				),
			);
		if (options.report !== undefined) {
			writeReport(options.report, {
				db: options.db,
				runId: runId ?? null,
				startedAt,
				finishedAt: new Date().toISOString(),
				seconds: round(seconds, 3),
				jobs: io.ingest ? 1 : options.jobs,
				interrupted: stopped,
				counts: { files: all.length, ...counts },
				peakRssBytes: process.resourceUsage().maxRSS * 1024,
				// CPU time of the whole process (every thread: parse workers, V8's GC and compiler).
				cpuSeconds: round(cpuSeconds(), 3),
				files: all,
				skipped: skipped.map(({ path, what, reason, fix }) => ({
					path,
					kind: what,
					reason,
					fix,
				})),
			});
		}
		if (stopped) return EXIT_INTERRUPTED;
		return counts.failed === 0 ? EXIT_OK : EXIT_FAILURE;
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`error: ${oneLine(error.reason)} — ${error.fix}\n`);
			return EXIT_USAGE;
		}
		if (error instanceof ReportWriteError) {
			io.err(
				`error ${error.path}: cannot write the report: ${oneLine(error.message)} — check that the folder exists and is writable\n`,
			);
			return EXIT_FAILURE;
		}
		throw error;
	} finally {
		process.off("SIGINT", onSigint);
		await pool?.close();
		log?.close();
		store.close();
	}
}

interface ImportOptions {
	paths: string[];
	db: string;
	jobs: number;
	timeoutMs: number;
	report: string | undefined;
	retryFailed: boolean;
	/** A person's column roles for the one file (--columns), and who gave them (--who). */
	columns: AssignedRole[] | undefined;
	who: string;
	/** Page files: grouped by their names (default), all one report (--one-report), or each
	 * its own (--each-file). */
	pages: "named" | "one-report" | "each-file";
}

function parseImportArgs(args: string[]): ImportOptions {
	let parsed: ReturnType<typeof parseSpec>;
	try {
		parsed = parseSpec(args);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new UsageError(
			message.replace(/\. To specify a positional argument.*$/, ""),
			"see `tailan import --help`",
		);
	}
	const { values, positionals } = parsed;
	if (positionals.length === 0 && !values["retry-failed"]) {
		throw new UsageError(
			"import needs at least one file or directory",
			"e.g. `tailan import reports/ --db tailan.db`",
		);
	}
	const jobs =
		values.jobs === undefined
			? defaultJobs()
			: positiveInt(values.jobs, "--jobs", 256);
	const timeoutMs =
		values.timeout === undefined
			? DEFAULT_TIMEOUT_MS
			: positiveInt(values.timeout, "--timeout", 86_400) * 1000;
	let columns: AssignedRole[] | undefined;
	if (values.columns !== undefined) {
		try {
			columns = parseColumnRoles(values.columns);
		} catch (error) {
			if (!(error instanceof ColumnRolesError)) throw error;
			throw new UsageError(`--columns: ${error.reason}`, error.fix);
		}
		if (values["retry-failed"])
			throw new UsageError(
				"--columns cannot be used with --retry-failed",
				"re-derive one file: `tailan import FILE --columns …`",
			);
	}
	if (values.who !== undefined && values.columns === undefined)
		throw new UsageError(
			"--who names the person assigning --columns",
			"pass --columns too, or leave --who out",
		);
	const who = (values.who ?? defaultWho()).trim();
	if (values["one-report"] && values["each-file"])
		throw new UsageError(
			"--one-report and --each-file contradict each other",
			"pass one of them",
		);
	if (values["one-report"] && values["retry-failed"])
		throw new UsageError(
			"--one-report cannot be used with --retry-failed",
			"give the report's page files: `tailan import PAGE-FILES… --one-report`",
		);
	const pages = values["one-report"]
		? "one-report"
		: values["each-file"]
			? "each-file"
			: "named";
	return {
		paths: positionals,
		db: values.db,
		jobs,
		timeoutMs,
		report: values.report,
		retryFailed: values["retry-failed"] === true,
		columns,
		who,
		pages,
	};
}

function parseSpec(args: string[]) {
	return parseArgs({
		args,
		options: {
			db: { type: "string", default: DEFAULT_DB },
			jobs: { type: "string", short: "j" },
			report: { type: "string" },
			timeout: { type: "string" },
			"retry-failed": { type: "boolean", default: false },
			columns: { type: "string" },
			who: { type: "string" },
			"one-report": { type: "boolean", default: false },
			"each-file": { type: "boolean", default: false },
		},
		allowPositionals: true,
		strict: true,
	});
}

function positiveInt(text: string, option: string, max: number): number {
	const n = Number(text);
	if (!/^\d+$/.test(text) || n < 1 || n > max) {
		throw new UsageError(
			`${option} must be a whole number from 1 to ${max}, got "${text}"`,
			"see `tailan import --help`",
		);
	}
	return n;
}

/** Create the worker pool on the first parse: a re-run of stored files spawns no worker. Its
 * events (a scan's pages) and a report's page files pass through. */
export function lazyPool(make: () => ParsePool): ParsePool {
	let pool: ParsePool | undefined;
	return {
		parse: (file, onEvent, group) => {
			pool ??= make();
			return pool.parse(file, onEvent, group);
		},
		close: async () => pool?.close(),
	};
}

// ───────────────────────────── output ─────────────────────────────

/**
 * Link the imported reports' indicators across years (store linkImported) and say what it did
 * ("" when there was nothing earlier to link to).
 * A failure here loses nothing: the reports are stored; the line says how to link them later.
 */
function linkingLine(store: Store, reportIds: number[]): string {
	try {
		const l = linkImported(store, reportIds);
		// A department's first report has nothing earlier to link to: nothing to say.
		if (l.used + l.pending === 0) return "";
		const waiting =
			l.pending === 0
				? "none waits for a person"
				: `${l.pending} ${l.pending === 1 ? "waits" : "wait"} for a person: \`tailan links list --pending\`, confirm or reject with \`tailan links confirm|reject ID\``;
		return `linked: ${plural(l.used, "indicator link")} across years used (evidence kept; \`tailan links list\`), ${waiting}; ${l.series} series from ${plural(l.measures, "measure")}\n`;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return `warning: the imported reports are stored but their indicators were not linked across years: ${oneLine(message)} — run \`tailan links propose\`\n`;
	}
}

function outcomeLine(o: FileOutcome): string {
	if (o.status === "duplicate")
		return `duplicate ${o.path} (already report ${o.reportId})\n`;
	if (o.status === "rendition")
		return `rendition ${o.path} → rendition of report ${o.renditionOf} (the same ${plural(o.measures, "measure")} as document ${o.sameAsDocumentId}; not a new version)\n`;
	const version = o.rederived
		? ", re-derived with the columns given: a new version of the report"
		: o.replacedDocumentId === null
			? ""
			: `, a new version: replaces document ${o.replacedDocumentId}`;
	const held = o.held
		? `; held: ${o.held} — left out of the queries until accepted (\`tailan reports accept ${o.reportId} --reason …\`)`
		: "";
	return `imported ${o.path} → report ${o.reportId} (${plural(o.measures, "measure")}, ${plural(o.flags, "flag")})${version}${held}\n`;
}

interface Counts {
	imported: number;
	newVersions: number;
	renditions: number;
	duplicates: number;
	failed: number;
	/** Failed files whose bytes had failed to parse before: not parsed again. */
	notRetried: number;
	/** Files parsed in this run. */
	parsed: number;
	flags: number;
	held: number;
	/** Files and folders not read: lock files, hidden, unsupported. */
	skipped: number;
	lockFiles: number;
}

function countOutcomes(
	outcomes: FileOutcome[],
	skipped: readonly SkippedTarget[],
): Counts {
	const c: Counts = {
		imported: 0,
		newVersions: 0,
		renditions: 0,
		duplicates: 0,
		failed: 0,
		notRetried: 0,
		parsed: 0,
		flags: 0,
		held: 0,
		skipped: skipped.length,
		lockFiles: skipped.filter((t) => t.what === "lock").length,
	};
	for (const o of outcomes) {
		if (o.status === "imported") c.imported++;
		if (o.status === "imported" && o.held) c.held++;
		if (o.status === "imported" && o.replacedDocumentId !== null)
			c.newVersions++;
		if (o.status === "rendition") c.renditions++;
		if (o.status === "duplicate") c.duplicates++;
		if (o.status === "failed") c.failed++;
		if (o.notRetried) c.notRetried++;
		if (o.parsed) c.parsed++;
		c.flags += o.flags;
	}
	return c;
}

const MAX_LISTED = 20;

function summaryText(
	outcomes: FileOutcome[],
	c: Counts,
	skipped: readonly SkippedTarget[],
	seconds: number,
	notStarted: number,
): string {
	const rate = seconds > 0 ? outcomes.length / seconds : 0;
	const versions =
		c.newVersions > 0 || c.held > 0
			? ` (${[
					...(c.newVersions > 0 ? [plural(c.newVersions, "new version")] : []),
					...(c.held > 0 ? [`${c.held} held`] : []),
				].join(", ")})`
			: "";
	const renditionsOf = [
		...new Set(
			outcomes.flatMap((o) =>
				o.status === "rendition" ? [o.renditionOf] : [],
			),
		),
	];
	const renditions =
		c.renditions === 0
			? ""
			: `, ${plural(c.renditions, "rendition")} of ${renditionsOf.length === 1 ? "report" : "reports"} ${listed(renditionsOf.map(String), 5)}`;
	const lines = [
		`summary: ${plural(outcomes.length, "file")} in ${formatDuration(seconds)} (${rate.toFixed(1)} files/s): ${c.imported} imported${versions}${renditions}, ${c.duplicates} ${c.duplicates === 1 ? "duplicate" : "duplicates"} skipped, ${c.failed} failed; ${plural(c.flags, "flag")} raised`,
	];
	if (c.notRetried > 0)
		lines.push(
			`${c.notRetried} failed before, not retried (use --retry-failed)`,
		);
	if (notStarted > 0)
		lines.push(
			`interrupted: ${plural(notStarted, "file")} not started — run the same command again to continue`,
		);
	const failed = outcomes.filter((o) => o.status === "failed");
	if (failed.length > 0) {
		lines.push("failed:");
		for (const o of failed.slice(0, MAX_LISTED))
			lines.push(
				`  ${o.path}: ${oneLine(o.reason ?? "")}${o.notRetried ? " (failed before, not retried)" : ""}`,
			);
		if (failed.length > MAX_LISTED)
			lines.push(
				`  … and ${failed.length - MAX_LISTED} more (see the error lines, or --report FILE)`,
			);
	}
	if (skipped.length > 0) {
		const named = skipped.filter((t) => t.what !== "lock");
		const hidden = named.filter((t) => t.what === "hidden").length;
		const parts = [
			c.lockFiles > 0 ? plural(c.lockFiles, "lock or temporary file") : "",
			hidden > 0 ? `${hidden} hidden` : "",
			named.length - hidden > 0
				? `${plural(named.length - hidden, "file")} in other formats`
				: "",
		].filter((p) => p !== "");
		lines.push(`not read: ${parts.join(", ")}${named.length > 0 ? ":" : ""}`);
		for (const t of named.slice(0, MAX_LISTED))
			lines.push(`  ${t.path}: ${t.reason} — ${t.fix}`);
		if (named.length > MAX_LISTED)
			lines.push(
				`  … and ${named.length - MAX_LISTED} more (see --report FILE)`,
			);
	}
	return `${lines.join("\n")}\n`;
}

/** "1, 4, 7" or "1, 4, 7, 9, 12 and 3 more". */
function listed(items: string[], max: number): string {
	return items.length <= max
		? items.join(", ")
		: `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

class ReportWriteError extends Error {
	constructor(
		readonly path: string,
		message: string,
	) {
		super(message);
	}
}

/** Write the JSON report atomically (a temporary file, then rename). */
function writeReport(path: string, report: unknown): void {
	const tmp = join(
		dirname(path),
		`.${Date.now()}-${process.pid}.tailan-report.tmp`,
	);
	try {
		writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
		renameSync(tmp, path);
	} catch (error) {
		throw new ReportWriteError(
			path,
			error instanceof Error ? error.message : String(error),
		);
	}
}

function cpuSeconds(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1e6;
}

function round(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Moved to batch/discover.ts (below cli/); named here too for the callers of cli/import.ts. */
export {
	discover,
	globToRegExp,
	type SkippedTarget,
	type Target,
} from "../batch/discover.ts";
