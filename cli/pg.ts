/**
 * The PostgreSQL side of the CLI: `tailan import … --queue --db postgres://…` and `tailan worker`.
 * A thin shell over the store (openStore on the URL: the worker saves each report through it) and
 * the queue (store/pg/queue.ts); a direct import is cli/import.ts on either engine.
 */
import { createHash, randomBytes } from "node:crypto";
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { discover } from "../batch/discover.ts";
import {
	assertStorable,
	createWorkerPool,
	DEFAULT_TIMEOUT_MS,
	describeError,
	type ParsePool,
} from "../batch/engine.ts";
import { oneLine } from "../output/index.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { type IngestResult, MAX_INPUT_BYTES } from "../pipeline/ingest.ts";
import { createPool } from "../store/pg/connect.ts";
import {
	claim,
	complete,
	DEFAULT_LEASE_SECONDS,
	DEFAULT_MAX_ATTEMPTS,
	enqueue,
	fail,
	heartbeat,
	type Job,
	LeaseLostError,
	listJobs,
	migrateQueue,
	type QueuedFile,
	queueCounts,
} from "../store/pg/queue.ts";
import { redactUrl } from "../store/pg/url.ts";
import { type ImportOutcome, openStore, type Store } from "../store/store.ts";
import { parseCommandArgs, type UsageError } from "./args.ts";

export interface PgDeps {
	out: (text: string) => void;
	err: (text: string) => void;
	usage: (reason: string, fix: string) => UsageError;
	failure: (subject: string, reason: string, fix: string) => Error;
	/** A fake pipeline (tests). */
	ingest?: ((file: string) => Promise<IngestResult>) | undefined;
}

const EXIT_OK = 0;
const EXIT_FAILURE = 1;

/** The store (its schema brought up to date) and a pool for the queue's statements. */
function openRepo(url: string, deps: PgDeps) {
	let store: Store;
	try {
		store = openStore(url);
	} catch (error) {
		throw deps.failure(
			redactUrl(url),
			`cannot open the PostgreSQL database: ${error instanceof Error ? error.message : String(error)}`,
			"check the URL (user, password, host, port, database), that the server runs and that the user may connect and create tables",
		);
	}
	const pool = createPool(url);
	return {
		store,
		pool,
		location: redactUrl(url),
		now: () => new Date().toISOString(),
		close: async () => {
			store.close();
			await pool.end();
		},
	};
}

/** Why a file failed, as a reason and a fix. */
const failureOf = describeError;

function outcomeLine(
	file: string,
	outcome: ImportOutcome,
	result: IngestResult,
): string {
	if (outcome.status === "duplicate")
		return `duplicate ${file} (already report ${outcome.reportId})\n`;
	const held =
		result.holds.length > 0
			? `; held: ${[...new Set(result.holds.map((h) => h.kind))].join(", ")} — stored but left out of the queries until accepted`
			: "";
	return `imported ${file} → report ${outcome.reportId} (${result.record.measures.length} measures, ${result.flags.length + result.holds.length} flags)${held}\n`;
}

/** `tailan import FILES --queue --db postgres://…`. */
export async function pgImportCommand(
	args: string[],
	deps: PgDeps,
): Promise<number> {
	const { values, positionals } = parseCommandArgs("import", args, {
		db: { type: "string" },
		queue: { type: "boolean", default: false },
	});
	const url = values.db as string;
	if (positionals.length === 0)
		throw deps.usage(
			"import needs files or folders",
			"give the reports to import: `tailan import reports/ --db postgres://…`",
		);
	const targets = discover(positionals);
	let failed = 0;
	const files: string[] = [];
	for (const t of targets) {
		if (t.kind === "error") {
			deps.err(`error ${t.path}: ${oneLine(t.reason)} — ${t.fix}\n`);
			failed++;
		} else if (t.kind === "file") files.push(t.path);
	}
	const repo = openRepo(url, deps);
	try {
		await migrateQueue(repo.pool);
		const queued: QueuedFile[] = [];
		for (const path of files) {
			try {
				const bytes = readFileSync(path);
				if (bytes.length > MAX_INPUT_BYTES)
					throw new DocumentLoadError(
						path,
						`the file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`,
						"split the report",
					);
				queued.push({
					path,
					name: basename(path),
					sha256: createHash("sha256").update(bytes).digest("hex"),
					bytes,
				});
			} catch (error) {
				const { reason, fix } = describeError(error);
				deps.err(`error ${path}: ${oneLine(reason)} — ${fix}\n`);
				failed++;
			}
		}
		const jobs = await enqueue(repo.pool, queued, repo.now());
		for (const j of jobs)
			deps.out(
				j.status === "known"
					? `known ${j.path} (job ${j.id}, already in the queue)\n`
					: `queued ${j.path} → job ${j.id}${j.status === "requeued" ? " (again, after a failure)" : ""}\n`,
			);
		const counts = await queueCounts(repo.pool);
		deps.out(
			`queue: ${counts.queued} queued, ${counts.running} running, ${counts.done} done, ${counts.failed} failed — start \`tailan worker --db …\` to import them\n`,
		);
		return failed > 0 ? EXIT_FAILURE : EXIT_OK;
	} finally {
		await repo.close();
	}
}

/** Whether process `pid` runs on this machine (one another user runs counts: EPERM). */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/**
 * Remove the scratch folders that processes no longer running left in `dir`: a worker's
 * (`tailan-worker-<pid>-…`, the file's copy) and the OCR's (`tailan-ocr-<pid>-…`, links to the
 * models). A worker killed mid-file keeps no report, and must not keep the file's copy either.
 */
export function sweepScratch(dir: string): string[] {
	const removed: string[] = [];
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return removed;
	}
	for (const name of names) {
		const m = /^tailan-(?:worker|ocr)-(\d+)-/.exec(name);
		if (!m || running(Number(m[1]))) continue;
		try {
			rmSync(join(dir, name), { recursive: true, force: true });
			removed.push(name);
		} catch {
			// Another user's folder, or removed meanwhile: not ours to insist on.
		}
	}
	return removed;
}

function seconds(
	text: string | undefined,
	fallback: number,
	option: string,
	deps: PgDeps,
) {
	if (text === undefined) return fallback;
	const n = Number(text);
	if (!Number.isFinite(n) || n <= 0)
		throw deps.usage(
			`${option} must be a positive number of seconds, got "${text}"`,
			"see `tailan worker --help`",
		);
	return n;
}

/** `tailan worker --db postgres://…`: import queued files until stopped (or the queue is empty). */
export async function workerCommand(
	args: string[],
	deps: PgDeps,
): Promise<number> {
	const { values } = parseCommandArgs(
		"worker",
		args,
		{
			db: { type: "string" },
			"exit-when-empty": { type: "boolean", default: false },
			lease: { type: "string" },
			"max-attempts": { type: "string" },
			poll: { type: "string" },
			timeout: { type: "string" },
		},
		false,
	);
	const url = values.db;
	if (url === undefined || !/^postgres(ql)?:\/\//i.test(url))
		throw deps.usage(
			"worker needs a PostgreSQL --db (postgres://…)",
			"pass --db postgres://user@host/db or set TAILAN_DB",
		);
	const leaseSeconds = seconds(
		values.lease,
		DEFAULT_LEASE_SECONDS,
		"--lease",
		deps,
	);
	const pollSeconds = seconds(values.poll, 2, "--poll", deps);
	const timeoutMs =
		seconds(values.timeout, DEFAULT_TIMEOUT_MS / 1000, "--timeout", deps) *
		1000;
	const maxAttempts = Math.round(
		seconds(
			values["max-attempts"],
			DEFAULT_MAX_ATTEMPTS,
			"--max-attempts",
			deps,
		),
	);
	const worker = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
	const repo = openRepo(url, deps);
	let stopping = false;
	const stop = () => {
		stopping = true;
	};
	process.once("SIGINT", stop);
	process.once("SIGTERM", stop);
	// A worker killed mid-file (SIGKILL, out of memory) left its copy of the file behind: the
	// next worker on this machine removes the scratch folders of workers no longer running.
	sweepScratch(tmpdir());
	const scratch = mkdtempSync(join(tmpdir(), `tailan-worker-${process.pid}-`));
	// Files are read in a thread of the batch engine (with its time and memory limits), so this
	// thread stays free to renew the lease: laying out a scan's page keeps a thread busy for
	// seconds on a loaded machine, longer than a short lease.
	const parser = deps.ingest
		? undefined
		: createWorkerPool({ jobs: 1, timeoutMs });
	let failed = 0;
	try {
		await migrateQueue(repo.pool);
		while (!stopping) {
			let job: Job | undefined;
			try {
				job = await claim(repo.pool, worker, {
					leaseSeconds,
					maxAttempts,
					now: repo.now(),
				});
			} catch (error) {
				// The database restarting or unreachable: say so and try again, the queue is kept.
				deps.err(
					`error ${repo.location}: cannot claim a file: ${oneLine(error instanceof Error ? error.message : String(error))} — retrying in ${pollSeconds * 5} s\n`,
				);
				await new Promise((r) => setTimeout(r, pollSeconds * 5000));
				continue;
			}
			if (!job) {
				if (values["exit-when-empty"]) {
					const counts = await queueCounts(repo.pool);
					if (counts.queued === 0 && counts.running === 0) break;
				}
				await new Promise((r) => setTimeout(r, pollSeconds * 1000));
				continue;
			}
			if (!(await runJob(job))) failed++;
		}
		const counts = await queueCounts(repo.pool);
		deps.out(
			`queue: ${counts.queued} queued, ${counts.running} running, ${counts.done} done, ${counts.failed} failed\n`,
		);
		if (counts.failed > 0)
			for (const j of await listJobs(repo.pool))
				if (j.state === "failed")
					deps.out(
						`  failed ${j.path}: ${oneLine(j.reason ?? "")} — ${j.fix ?? ""}\n`,
					);
		return failed > 0 ? EXIT_FAILURE : EXIT_OK;
	} finally {
		process.off("SIGINT", stop);
		process.off("SIGTERM", stop);
		rmSync(scratch, { recursive: true, force: true });
		await parser?.close();
		await repo.close();
	}

	/** One job: parse with the lease kept alive, then save + done in one transaction. */
	async function runJob(job: Job): Promise<boolean> {
		const beat = setInterval(
			() => {
				heartbeat(repo.pool, job.id, worker, leaseSeconds).catch(() => {});
			},
			(leaseSeconds * 1000) / 3,
		);
		// The bytes under the file's own name, so the document keeps it and its format is sniffed.
		const dir = join(scratch, String(job.id));
		const file = join(dir, job.name);
		try {
			let result: IngestResult;
			try {
				mkdirSync(dir, { recursive: true });
				writeFileSync(file, job.bytes);
				result = deps.ingest
					? await deps.ingest(file)
					: await (parser as ParsePool).parse(file);
				assertStorable(result, job.path);
			} catch (error) {
				const { reason, fix } = failureOf(error);
				await fail(repo.pool, job, worker, reason, fix, repo.now());
				deps.err(`error ${job.path}: ${oneLine(reason)} — ${fix}\n`);
				return false;
			}
			try {
				const outcome = complete(repo.store, job, worker, result, repo.now());
				deps.out(outcomeLine(job.path, outcome, result));
				return true;
			} catch (error) {
				if (error instanceof LeaseLostError) {
					deps.err(
						`note ${job.path}: ${error.message}; nothing stored by this worker\n`,
					);
					return true;
				}
				const { reason, fix } = failureOf(error);
				await fail(repo.pool, job, worker, reason, fix, repo.now()).catch(
					() => {},
				);
				deps.err(`error ${job.path}: ${oneLine(reason)} — ${fix}\n`);
				return false;
			}
		} finally {
			clearInterval(beat);
			rmSync(dir, { recursive: true, force: true });
		}
	}
}
