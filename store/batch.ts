/**
 * Batch-import bookkeeping (migration 004): import runs and one attempt per file per run. Named
 * queries only; the CLI's `tailan import` is the caller.
 *
 * The log uses the store's connection (connection.ts): attempts are written after each report's
 * own transaction (store.importResult), so a crash between the two loses at most a log line,
 * never a report — the next run sees the stored bytes and logs a duplicate. Its writes wait
 * for the write lock like the store's (see store.ts on locking): startRun reads then writes, so
 * it is a BEGIN IMMEDIATE transaction; the others are single statements.
 */
import {
	type Connected,
	connect,
	databaseOf,
	type Handle,
} from "./connection.ts";
import { throwingStoreErrors } from "./errors.ts";

export type AttemptStatus = "imported" | "duplicate" | "failed";
export type RunStatus = "running" | "finished" | "interrupted";
/** Where a failed attempt failed (migration 008): listing, reading, parsing or storing the file. */
export type AttemptStage = "find" | "read" | "parse" | "store";

export interface AttemptInput {
	runId: number;
	path: string;
	sha256: string | null;
	bytes: number | null;
	status: AttemptStatus;
	/** Why it failed (null unless status is "failed"). */
	reason: string | null;
	fix: string | null;
	/** The stored report (imported) or the copy already stored (duplicate). */
	reportId: number | null;
	/** A new version of a stored report: the document it replaced. */
	replacedDocumentId: number | null;
	replacedSha256: string | null;
	/** A rendition (status "imported"): the report it renders, which is unchanged. */
	renditionOf: number | null;
	/** Where a failed attempt failed (null otherwise). */
	stage: AttemptStage | null;
	/** A failed attempt whose bytes had failed to parse before: not parsed again. */
	notRetried: boolean;
	startedAt: string;
	finishedAt: string;
}

export interface RunCounts {
	files: number;
	imported: number;
	renditions: number;
	duplicates: number;
	failed: number;
	flags: number;
}

export interface StoredRun extends RunCounts {
	id: number;
	startedAt: string;
	finishedAt: string | null;
	status: RunStatus;
	pid: number | null;
	args: string[];
	jobs: number;
}

export interface StoredAttempt extends Omit<AttemptInput, "runId"> {
	id: number;
	runId: number;
}

export interface FailedFile {
	path: string;
	sha256: string | null;
	reason: string | null;
	runId: number;
}

export interface BatchLog {
	/**
	 * Start a run. Runs left "running" by a process that is gone (killed, crashed) are marked
	 * "interrupted" first.
	 */
	startRun(input: { args: string[]; jobs: number; pid?: number }): number;
	recordAttempt(input: AttemptInput): void;
	finishRun(runId: number, status: RunStatus, counts: RunCounts): void;
	/** Paths whose latest attempt failed, oldest first. */
	failedFiles(): FailedFile[];
	/**
	 * Whether these bytes failed to parse in an earlier run: the latest attempt with this sha256
	 * failed while parsing (not while reading or storing them, which may go another way).
	 */
	failedBefore(
		sha256: string,
	): { reason: string | null; fix: string | null; at: string } | undefined;
	listRuns(): StoredRun[];
	/** Every attempt of a run, in order. */
	attemptsOf(runId: number): StoredAttempt[];
	close(): void;
}

export interface BatchLogOptions {
	/** Clock for timestamps (default: the current time, ISO 8601). */
	now?: () => string;
	/** Whether a process id is alive (default: process.kill(pid, 0)). */
	isAlive?: (pid: number) => boolean;
}

/**
 * Open the batch log of a tailan database whose schema is up to date (open it with openStore
 * first, which applies the migrations).
 * @param target the Store (the log writes through its connection; `close()` leaves it open), or
 *   the database file (a connection of its own, closed by `close()`; not ":memory:": a log lives
 *   beside the reports it describes)
 * @param options see BatchLogOptions
 */
export function openBatchLog(
	target: Connected | string,
	options: BatchLogOptions = {},
): BatchLog {
	if (typeof target === "string") {
		if (target === "")
			throw new TypeError("openBatchLog(path): path must be a file path");
		if (target === ":memory:")
			throw new TypeError(
				"openBatchLog: a batch log needs a database file, not :memory:",
			);
	}
	const owned = typeof target === "string";
	const db =
		typeof target === "string"
			? connect(target, { fileMustExist: true })
			: databaseOf(target);
	const path = typeof target === "string" ? target : target.path;
	try {
		// The tables exist when a statement naming them compiles (on either engine; no catalogue).
		let hasTables = true;
		try {
			db.prepare("SELECT 1 FROM import_runs, import_attempts LIMIT 0").all();
		} catch {
			hasTables = false;
		}
		if (!hasTables) {
			throw new Error(
				`openBatchLog: ${path} has no batch tables (migration 004); open it with openStore first`,
			);
		}
		return throwingStoreErrors(
			new SqliteBatchLog(
				db,
				owned,
				options.now ?? (() => new Date().toISOString()),
				options.isAlive ?? isAlive,
			),
		);
	} catch (error) {
		if (owned) db.close();
		throw error;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, but another user's.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

interface RunRow {
	id: number;
	started_at: string;
	finished_at: string | null;
	status: string;
	pid: number | null;
	args_json: string;
	jobs: number;
	files: number;
	imported: number;
	renditions: number;
	duplicates: number;
	failed: number;
	flags: number;
}

interface AttemptRow {
	id: number;
	run_id: number;
	path: string;
	sha256: string | null;
	bytes: number | null;
	status: string;
	reason: string | null;
	fix: string | null;
	report_id: number | null;
	replaced_document_id: number | null;
	replaced_sha256: string | null;
	rendition_of: number | null;
	stage: string | null;
	not_retried: number;
	started_at: string;
	finished_at: string;
}

class SqliteBatchLog implements BatchLog {
	readonly #db: Handle;
	readonly #owned: boolean;
	readonly #now: () => string;
	readonly #isAlive: (pid: number) => boolean;
	readonly #q;

	constructor(
		db: Handle,
		owned: boolean,
		now: () => string,
		isAliveFn: (pid: number) => boolean,
	) {
		this.#db = db;
		this.#owned = owned;
		this.#now = now;
		this.#isAlive = isAliveFn;
		this.#q = {
			runningRuns: db.prepare<[], { id: number; pid: number | null }>(
				"SELECT id, pid FROM import_runs WHERE status = 'running'",
			),
			markInterrupted: db.prepare<{ id: number }>(
				"UPDATE import_runs SET status = 'interrupted' WHERE id = @id AND status = 'running'",
			),
			insertRun: db.prepare<
				{ started_at: string; pid: number; args_json: string; jobs: number },
				{ id: number }
			>(
				`INSERT INTO import_runs (started_at, status, pid, args_json, jobs)
				VALUES (@started_at, 'running', @pid, @args_json, @jobs) RETURNING id`,
			),
			insertAttempt: db.prepare(
				`INSERT INTO import_attempts (run_id, path, sha256, bytes, status, reason, fix, report_id,
					replaced_document_id, replaced_sha256, rendition_of, stage, not_retried, started_at,
					finished_at)
				VALUES (@run_id, @path, @sha256, @bytes, @status, @reason, @fix, @report_id,
					@replaced_document_id, @replaced_sha256, @rendition_of, @stage, @not_retried,
					@started_at, @finished_at)`,
			),
			finishRun: db.prepare(
				`UPDATE import_runs SET status = @status, finished_at = @finished_at, files = @files,
					imported = @imported, renditions = @renditions, duplicates = @duplicates,
					failed = @failed, flags = @flags
				WHERE id = @id`,
			),
			failedFiles: db.prepare<
				[],
				{
					path: string;
					sha256: string | null;
					reason: string | null;
					run_id: number;
				}
			>(
				`SELECT a.path, a.sha256, a.reason, a.run_id FROM import_attempts a
				WHERE a.id = (SELECT MAX(b.id) FROM import_attempts b WHERE b.path = a.path)
					AND a.status = 'failed'
				ORDER BY a.id`,
			),
			latestOfBytes: db.prepare<
				{ sha256: string },
				{
					status: string;
					stage: string | null;
					reason: string | null;
					fix: string | null;
					finished_at: string;
				}
			>(
				`SELECT status, stage, reason, fix, finished_at FROM import_attempts
				WHERE sha256 = @sha256 ORDER BY id DESC LIMIT 1`,
			),
			runs: db.prepare<[], RunRow>("SELECT * FROM import_runs ORDER BY id"),
			attempts: db.prepare<{ run_id: number }, AttemptRow>(
				"SELECT * FROM import_attempts WHERE run_id = @run_id ORDER BY id",
			),
		};
	}

	startRun(input: { args: string[]; jobs: number; pid?: number }): number {
		const q = this.#q;
		return this.#db
			.transaction(() => {
				for (const run of q.runningRuns.all()) {
					if (run.pid === null || !this.#isAlive(run.pid))
						q.markInterrupted.run({ id: run.id });
				}
				const row = q.insertRun.get({
					started_at: this.#now(),
					pid: input.pid ?? process.pid,
					args_json: JSON.stringify(input.args),
					jobs: input.jobs,
				});
				if (!row) throw new Error("store: INSERT … RETURNING returned no row");
				return row.id;
			})
			.immediate();
	}

	recordAttempt(a: AttemptInput): void {
		this.#q.insertAttempt.run({
			run_id: a.runId,
			path: a.path,
			sha256: a.sha256,
			bytes: a.bytes,
			status: a.status,
			reason: a.reason,
			fix: a.fix,
			report_id: a.reportId,
			replaced_document_id: a.replacedDocumentId,
			replaced_sha256: a.replacedSha256,
			rendition_of: a.renditionOf,
			stage: a.stage,
			not_retried: a.notRetried ? 1 : 0,
			started_at: a.startedAt,
			finished_at: a.finishedAt,
		});
	}

	finishRun(runId: number, status: RunStatus, counts: RunCounts): void {
		this.#q.finishRun.run({
			id: runId,
			status,
			finished_at: this.#now(),
			...counts,
		});
	}

	failedFiles(): FailedFile[] {
		return this.#q.failedFiles.all().map((r) => ({
			path: r.path,
			sha256: r.sha256,
			reason: r.reason,
			runId: r.run_id,
		}));
	}

	failedBefore(
		sha256: string,
	): { reason: string | null; fix: string | null; at: string } | undefined {
		const row = this.#q.latestOfBytes.get({ sha256 });
		if (row?.status !== "failed" || row.stage !== "parse") return undefined;
		return { reason: row.reason, fix: row.fix, at: row.finished_at };
	}

	listRuns(): StoredRun[] {
		return this.#q.runs.all().map((r) => ({
			id: r.id,
			startedAt: r.started_at,
			finishedAt: r.finished_at,
			status: r.status as RunStatus,
			pid: r.pid,
			args: JSON.parse(r.args_json) as string[],
			jobs: r.jobs,
			files: r.files,
			imported: r.imported,
			renditions: r.renditions,
			duplicates: r.duplicates,
			failed: r.failed,
			flags: r.flags,
		}));
	}

	attemptsOf(runId: number): StoredAttempt[] {
		return this.#q.attempts.all({ run_id: runId }).map((r) => ({
			id: r.id,
			runId: r.run_id,
			path: r.path,
			sha256: r.sha256,
			bytes: r.bytes,
			status: r.status as AttemptStatus,
			reason: r.reason,
			fix: r.fix,
			reportId: r.report_id,
			replacedDocumentId: r.replaced_document_id,
			replacedSha256: r.replaced_sha256,
			renditionOf: r.rendition_of,
			stage: r.stage as AttemptStage | null,
			notRetried: r.not_retried === 1,
			startedAt: r.started_at,
			finishedAt: r.finished_at,
		}));
	}

	close(): void {
		if (this.#owned) this.#db.close();
	}
}
