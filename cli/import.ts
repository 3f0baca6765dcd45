/**
 * `tailan import <dir|files|globs…>`: find the files, parse them in worker threads, store each
 * report in its own transaction, log every attempt (store/batch.ts), show progress, print a
 * summary and optionally write it as JSON (--report). Exit codes: 0 every file imported or a
 * duplicate, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).
 */

import {
	type Dirent,
	existsSync,
	lstatSync,
	readdirSync,
	realpathSync,
	renameSync,
	statSync,
	writeFileSync,
} from "node:fs";
import {
	basename,
	dirname,
	extname,
	join,
	relative,
	resolve,
	sep,
} from "node:path";
import { parseArgs } from "node:util";
import { oneLine } from "../output/index.ts";
import { type IngestResult, ingest } from "../pipeline/ingest.ts";
import {
	type AssignedRole,
	ColumnRolesError,
	parseColumnRoles,
} from "../pipeline/stitch/columns.ts";
import { type BatchLog, openBatchLog } from "../store/batch.ts";
import { linkImported, openStore, type Store } from "../store/index.ts";
import { UsageError } from "./args.ts";
import {
	createWorkerPool,
	DEFAULT_TIMEOUT_MS,
	defaultJobs,
	type FileOutcome,
	inProcessPool,
	type PageProgress,
	type ParsePool,
	runBatch,
} from "./batch.ts";
import { WALKED_EXTENSIONS } from "./files.ts";
import { DEFAULT_DB } from "./help.ts";
import { createProgress, formatDuration } from "./progress.ts";
import { defaultWho } from "./review.ts";
import {
	hiddenEntry,
	isLockFile,
	type SkipKind,
	unsupportedFile,
} from "./skipped.ts";

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
		const notDb = (error as { code?: unknown }).code === "SQLITE_NOTADB";
		io.err(
			notDb
				? `error ${options.db}: this file is not a SQLite database — pass --db with a tailan database or a new file name\n`
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
		log = options.db === ":memory:" ? undefined : openBatchLog(options.db);
		const targets = discover(options.paths);
		if (options.retryFailed && log) {
			const listed = new Set(
				targets.flatMap((t) => (t.kind === "file" ? [t.path] : [])),
			);
			for (const failed of log.failedFiles()) {
				if (!listed.has(failed.path))
					targets.push({ kind: "file", path: failed.path });
				listed.add(failed.path);
			}
		}
		// Lock files, hidden and unsupported files are not read: counted, and named in the summary.
		const skipped = targets.filter(
			(t): t is SkippedTarget => t.kind === "skipped",
		);
		// Paths that failed while listing stay in their place, so output follows the arguments.
		const files = targets.flatMap((t) =>
			t.kind === "skipped" ? [] : [t.path],
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
			? inProcessPool((file, onPage) =>
					ingest(file, { columns, ...(onPage ? { onPage } : {}) }),
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
	return {
		paths: positionals,
		db: values.db,
		jobs,
		timeoutMs,
		report: values.report,
		retryFailed: values["retry-failed"] === true,
		columns,
		who,
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

/** Create the worker pool on the first parse: a re-run of stored files spawns no worker. */
function lazyPool(make: () => ParsePool): ParsePool {
	let pool: ParsePool | undefined;
	return {
		parse: (file) => {
			pool ??= make();
			return pool.parse(file);
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

// ───────────────────────────── finding the files ─────────────────────────────

export type Target =
	| { kind: "file"; path: string }
	| { kind: "error"; path: string; reason: string; fix: string }
	| SkippedTarget;

/** A file or folder not read: a lock file (counted), hidden or unsupported (named). */
export interface SkippedTarget {
	kind: "skipped";
	path: string;
	what: SkipKind;
	reason: string;
	fix: string;
}

const GLOB_CHARS = /[*?[]/;

/**
 * Each argument → the files to import, in order: a file as given (its format is sniffed from
 * its content, whatever its name), a directory walked recursively for report files (sorted;
 * hidden folders and node_modules skipped; symlinked folders followed, loops reported), a glob
 * (`*`, `**`, `?`, `[…]`) expanded the same way.
 */
export function discover(args: readonly string[]): Target[] {
	const out: Target[] = [];
	const seen = new Set<string>();
	const add = (t: Target) => {
		const key = `${t.kind}:${t.path}`;
		if (seen.has(key)) return;
		seen.add(key);
		out.push(t);
	};
	for (const arg of args) {
		if (GLOB_CHARS.test(arg) && !existsSync(arg)) {
			const found = expandGlob(arg);
			if (found.length === 0)
				add({
					kind: "error",
					path: arg,
					reason: "no files match this pattern",
					fix: "check the pattern (quote it so that tailan expands ** itself)",
				});
			for (const t of found) add(t);
			continue;
		}
		const stats = statSync(arg, { throwIfNoEntry: false });
		if (!stats) {
			const link = lstatSync(arg, { throwIfNoEntry: false });
			add(
				link?.isSymbolicLink()
					? {
							kind: "error",
							path: arg,
							reason: "a broken symbolic link (its target does not exist)",
							fix: "fix or remove the link",
						}
					: {
							kind: "error",
							path: arg,
							reason: "no such file or directory",
							fix: "check the path",
						},
			);
			continue;
		}
		if (!stats.isDirectory()) {
			// Named, it is read whatever its name — but an office program's lock file never is a
			// report (a shell's *.docx lists Word's ~$x.docx too).
			add(
				isLockFile(basename(arg))
					? { kind: "skipped", path: arg, what: "lock", ...LOCK_FILE }
					: { kind: "file", path: arg },
			);
			continue;
		}
		const found = walkDir(arg, () => true);
		if (!found.some((t) => t.kind === "file" || t.kind === "error"))
			add({
				kind: "error",
				path: arg,
				reason: `no ${WALKED_EXTENSIONS.join(", ")} files in this directory`,
				fix: "pass the report files themselves or another directory",
			});
		for (const t of found) add(t);
	}
	return out;
}

/**
 * Walk `dir` for report files whose path passes `keep`. Folders are followed through symlinks;
 * a link back to a folder on the current path is a loop: reported once, not followed.
 */
function walkDir(
	dir: string,
	keep: (path: string) => boolean,
	maxDepth = Number.POSITIVE_INFINITY,
): Target[] {
	const out: Target[] = [];
	// Each real folder is walked once, however many links lead to it.
	const walked = new Set<string>();
	const visit = (path: string, ancestors: Set<string>, depth: number) => {
		let real: string;
		let entries: Dirent[];
		try {
			real = realpathSync(path);
			if (walked.has(real)) return;
			walked.add(real);
			// Sorted, so a folder imports in the same order (and gets the same report ids) everywhere.
			entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
				a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
			);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			out.push({
				kind: "error",
				path,
				reason:
					code === "EACCES"
						? "permission denied (cannot list this directory)"
						: `cannot list this directory (${code ?? String(error)})`,
				fix: "check its permissions",
			});
			return;
		}
		const inner = new Set(ancestors).add(real);
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const child = join(path, entry.name);
			// Lock and temporary files: counted, never reports.
			if (isLockFile(entry.name)) {
				if (keep(child))
					out.push({
						kind: "skipped",
						path: child,
						what: "lock",
						...LOCK_FILE,
					});
				continue;
			}
			// Hidden folders (.git) and files, and dependencies: named, not read.
			if (entry.name.startsWith(".") || entry.name === "node_modules") {
				const folder = entry.isDirectory() || isFolderLink(child);
				if (folder ? depth < maxDepth : keep(child)) {
					const { reason, fix } = hiddenEntry(entry.name, folder);
					out.push({
						kind: "skipped",
						path: child,
						what: "hidden",
						reason,
						fix,
					});
				}
				continue;
			}
			let isDir = entry.isDirectory();
			if (entry.isSymbolicLink()) {
				const target = statSync(child, { throwIfNoEntry: false });
				if (target?.isDirectory()) {
					const targetReal = safeRealpath(child);
					if (targetReal !== undefined && inner.has(targetReal)) {
						out.push({
							kind: "error",
							path: child,
							reason: `a directory symlink loop (it leads back to ${targetReal})`,
							fix: "remove the link, or pass the folder it points to",
						});
						continue;
					}
					isDir = true;
				}
			}
			if (isDir) {
				if (depth < maxDepth) visit(child, inner, depth + 1);
			} else if (isReportName(entry.name) && keep(child)) {
				// Named like a report: listed even when it is a broken link or a pipe, so that it
				// gets an error line rather than vanishing.
				out.push({ kind: "file", path: child });
			} else if (keep(child)) {
				// Another format (.doc, .xlsx, …): named with what to do.
				const { reason, fix } = unsupportedFile(
					entry.name,
					extname(entry.name).toLowerCase(),
					WALKED_EXTENSIONS,
				);
				out.push({
					kind: "skipped",
					path: child,
					what: "unsupported",
					reason,
					fix,
				});
			}
		}
	};
	visit(dir, new Set(), 0);
	return out;
}

const LOCK_FILE = {
	reason: "a lock or temporary file of an office program",
	fix: "none needed: it is not a report",
};

function isFolderLink(path: string): boolean {
	return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function safeRealpath(path: string): string | undefined {
	try {
		return realpathSync(path);
	} catch {
		return undefined;
	}
}

function isReportName(name: string): boolean {
	return (WALKED_EXTENSIONS as readonly string[]).includes(
		extname(name).toLowerCase(),
	);
}

/** Expand a glob: walk from its literal prefix, keep the files whose path matches. */
function expandGlob(pattern: string): Target[] {
	const parts = pattern.split(/[\\/]+/);
	const firstMagic = parts.findIndex((p) => GLOB_CHARS.test(p));
	const baseParts = parts.slice(0, firstMagic);
	const base =
		baseParts.length === 0
			? "."
			: baseParts.join(sep) || (pattern.startsWith("/") ? "/" : ".");
	if (!statSync(base, { throwIfNoEntry: false })?.isDirectory()) return [];
	const rest = parts.slice(firstMagic);
	const matcher = globToRegExp(rest.join("/"));
	const baseAbs = resolve(base);
	// Without "**" a match is exactly as deep as the pattern: no need to walk deeper.
	const maxDepth = rest.includes("**")
		? Number.POSITIVE_INFINITY
		: rest.length - 1;
	return walkDir(
		base,
		(path) =>
			matcher.test(relative(baseAbs, resolve(path)).split(sep).join("/")),
		maxDepth,
	);
}

/** `**` any folders, `*` any characters but "/", `?` one, `[…]` a class. */
export function globToRegExp(glob: string): RegExp {
	let re = "";
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i] as string;
		if (c === "*" && glob[i + 1] === "*") {
			const slash = glob[i + 2] === "/";
			re += slash ? "(?:.*/)?" : ".*";
			i += slash ? 2 : 1;
		} else if (c === "*") re += "[^/]*";
		else if (c === "?") re += "[^/]";
		else if (c === "[") {
			const end = glob.indexOf("]", i + 1);
			if (end < 0) re += "\\[";
			else {
				re += `[${glob
					.slice(i + 1, end)
					.replace(/^!/, "^")
					.replace(/\\/g, "\\\\")}]`;
				i = end;
			}
		} else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
	}
	return new RegExp(`^${re}$`);
}
