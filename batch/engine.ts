/**
 * The batch engine of `tailan import`: worker threads parse (the pipeline is CPU-bound), the main
 * thread reads, hashes and writes to SQLite (one connection, one transaction per report).
 *
 * Each file goes through: a preflight in the main thread (regular file? readable? size and pixel
 * limits; sha256 → a duplicate is skipped before parsing, and bytes that failed to parse in an
 * earlier run fail again unparsed), the parse in a worker (with a time and
 * memory limit: a parser that hangs or explodes on a zip bomb costs its worker, not the batch),
 * then store.importResult. Every failure becomes data: a reason and a fix.
 */
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, statSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { ocrWorkersPerJob } from "../parsers/image/shared.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import type { BatchLog } from "../store/batch.ts";
import { type Store, StoreBusyError, StoreError } from "../store/index.ts";

/** Largest input read (bytes), as pipeline/ingest.ts's MAX_INPUT_BYTES: bigger files are refused unread. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Largest image accepted (pixels) until the OCR parser owns the limit: 100 megapixels. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Default time limit of one file's parse (ms). */
export const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Default heap limit of a parse worker (MiB): a runaway parser ends its worker only. With the
 * inputs' own limits (zip and PDF streams inflated under a running limit, text ≤ 4 MiB) it is what
 * bounds the batch's memory: about 100 MiB for the main thread plus, per worker, this, its young
 * generation and ~80 MiB of code and buffers. The bad-input suite with --jobs 2, both workers
 * at this limit at once: peak RSS 1.51 GiB with 512, see docs/import.md for 384. A 4 MiB
 * Markdown report (50 times the sample) parses within 384.
 */
export const DEFAULT_WORKER_MEMORY_MB = 384;
/**
 * Default young generation of a parse worker (MiB). With only the old space capped, V8 gives a
 * worker a small young generation and parsing spends its time in GC (75 vs 48 ms a report).
 */
export const DEFAULT_WORKER_YOUNG_MB = 96;
/**
 * Default old generation a parse worker fills before its first full GC (MiB; at most two thirds
 * of the heap limit, and all workers together at most an eighth of the machine's memory): see
 * withWorkerHeapFlags. 1,000 reports, --jobs 2: peak RSS 800 MiB (192 MiB: 670 MiB, but 12% more
 * CPU).
 */
export const DEFAULT_WORKER_INITIAL_OLD_MB = 256;

export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** An error carried across the thread boundary. */
export interface ErrorData {
	name: string;
	file: string | null;
	reason: string | null;
	fix: string | null;
	message: string;
	code: string | null;
}

export interface WorkerTask {
	id: number;
	file: string;
}

export type WorkerReply =
	| { id: number; ok: true; result: IngestResult }
	| { id: number; ok: false; error: ErrorData }
	| { id: number; page: PageProgress };

/** A scan's pages read so far (OCR), and how many it has (null: not known yet). */
export interface PageProgress {
	done: number;
	pages: number | null;
}

/** What a parse reports: a worker took the file; a page was read; the worker is done with it
 * (the file may still wait to be stored in order). */
export type ParseEvent =
	| { kind: "parsing" }
	| { kind: "page"; done: number; pages: number | null }
	| { kind: "parsed" };

/** Parses files, in worker threads or in this thread. */
export interface ParsePool {
	/** Parse `file`; `onEvent` hears when a worker takes it and each page it reads (scans). */
	parse(
		file: string,
		onEvent?: (event: ParseEvent) => void,
	): Promise<IngestResult>;
	close(): Promise<void>;
}

/** A failure of one file that is not the document's fault (time or memory limit, worker crash). */
export class BatchFileError extends Error {
	override name = "BatchFileError";
	constructor(
		readonly reason: string,
		readonly fix: string,
	) {
		super(reason);
	}
}

export interface WorkerPoolOptions {
	/** Number of worker threads (default: the number of cores). */
	jobs?: number;
	/** Time limit of one parse in ms (default DEFAULT_TIMEOUT_MS). */
	timeoutMs?: number;
	/** Heap limit of each worker in MiB (default DEFAULT_WORKER_MEMORY_MB). */
	memoryMb?: number;
	/** Young generation of each worker in MiB (default DEFAULT_WORKER_YOUNG_MB). */
	youngMb?: number;
	/** Old generation filled before the first full GC, MiB (default DEFAULT_WORKER_INITIAL_OLD_MB; 0: V8's). */
	initialOldMb?: number;
}

const WORKER_URL = new URL("./worker.mjs", import.meta.url);

interface Slot {
	worker: Worker;
	ready: Promise<void>;
	task:
		| {
				id: number;
				file: string;
				resolve: (r: IngestResult) => void;
				reject: (e: Error) => void;
				onEvent: ((event: ParseEvent) => void) | undefined;
				timer: NodeJS.Timeout;
		  }
		| undefined;
}

/**
 * A pool of parse workers. Tasks queue when all workers are busy; a worker that times out, runs
 * out of memory or crashes is replaced and its file fails with a BatchFileError.
 * @param options see WorkerPoolOptions
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): ParsePool {
	const jobs = options.jobs ?? defaultJobs();
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
	const youngMb = options.youngMb ?? DEFAULT_WORKER_YOUNG_MB;
	const initialOldMb = Math.min(
		options.initialOldMb ?? DEFAULT_WORKER_INITIAL_OLD_MB,
		Math.floor((memoryMb * 2) / 3),
		Math.floor(totalmem() / 1024 / 1024 / 8 / jobs),
	);
	const queue: {
		file: string;
		resolve: (r: IngestResult) => void;
		reject: (e: Error) => void;
		onEvent: ((event: ParseEvent) => void) | undefined;
	}[] = [];
	const slots: Slot[] = [];
	let nextId = 1;
	let closed = false;

	const spawn = (): Slot => {
		const worker = withWorkerHeapFlags(
			() =>
				new Worker(WORKER_URL, {
					// Each thread's OCR pool (scans) gets its share of the cores.
					workerData: { ocrWorkers: ocrWorkersPerJob(jobs) },
					resourceLimits: {
						maxOldGenerationSizeMb: memoryMb,
						maxYoungGenerationSizeMb: youngMb,
					},
				}),
			initialOldMb,
		);
		const slot: Slot = {
			worker,
			task: undefined,
			ready: new Promise((resolve) => {
				const onReady = (message: unknown) => {
					if ((message as { ready?: boolean }).ready) {
						worker.off("message", onReady);
						resolve();
					}
				};
				worker.on("message", onReady);
			}),
		};
		worker.on("message", (message: WorkerReply | { ready: true }) => {
			if (!("id" in message)) return;
			const task = slot.task;
			if (!task || task.id !== message.id) return;
			if ("page" in message) {
				task.onEvent?.({ kind: "page", ...message.page });
				return;
			}
			clearTimeout(task.timer);
			slot.task = undefined;
			if (message.ok) task.resolve(message.result);
			else task.reject(errorFromData(message.error, task.file));
			pump();
		});
		// An uncaught error (ERR_WORKER_OUT_OF_MEMORY, a crash) ends the worker: fail its file.
		worker.on("error", (error: Error & { code?: string }) => {
			fail(
				slot,
				error.code === "ERR_WORKER_OUT_OF_MEMORY"
					? new BatchFileError(
							`parsing needed more than ${memoryMb} MiB of memory (a zip bomb or a damaged file?)`,
							"check the file; nothing was stored for it",
						)
					: new BatchFileError(
							`the parser crashed: ${error.message}`,
							"nothing was stored for this file; please report it with the file (a bug in tailan)",
						),
			);
		});
		worker.on("exit", () => {
			fail(
				slot,
				new BatchFileError(
					"the parser stopped unexpectedly",
					"nothing was stored for this file; run the import again",
				),
			);
		});
		return slot;
	};

	/** Fail the slot's task (if any) and replace its worker. */
	const fail = (slot: Slot, error: Error) => {
		const index = slots.indexOf(slot);
		if (index < 0) return;
		const task = slot.task;
		slot.task = undefined;
		if (task) {
			clearTimeout(task.timer);
			task.reject(error);
		}
		slots.splice(index, 1);
		slot.worker.removeAllListeners("exit");
		void slot.worker.terminate();
		if (!closed) slots.push(spawn());
		pump();
	};

	const pump = () => {
		for (const slot of slots) {
			if (slot.task || queue.length === 0) continue;
			const next = queue.shift();
			if (!next) return;
			const id = nextId++;
			slot.task = {
				id,
				file: next.file,
				resolve: next.resolve,
				reject: next.reject,
				onEvent: next.onEvent,
				timer: setTimeout(() => {
					fail(
						slot,
						new BatchFileError(
							`parsing took longer than ${timeoutMs / 1000} s`,
							"check the file, or pass a longer --timeout",
						),
					);
				}, timeoutMs),
			};
			const task: WorkerTask = { id, file: next.file };
			void slot.ready.then(() => {
				if (slot.task?.id !== id) return;
				slot.worker.postMessage(task);
				next.onEvent?.({ kind: "parsing" });
			});
		}
	};

	for (let i = 0; i < jobs; i++) slots.push(spawn());

	return {
		parse(file, onEvent): Promise<IngestResult> {
			if (closed) return Promise.reject(new Error("the pool is closed"));
			return new Promise((resolve, reject) => {
				queue.push({ file, resolve, reject, onEvent });
				pump();
			});
		},
		async close(): Promise<void> {
			closed = true;
			const all = slots.splice(0);
			await Promise.all(
				all.map((slot) => {
					slot.worker.removeAllListeners("exit");
					slot.worker.removeAllListeners("error");
					// A busy worker is ended at once (its OCR threads end with it).
					return slot.task ? slot.worker.terminate() : closeWorker(slot.worker);
				}),
			);
		},
	};
}

/** Ask an idle parse worker to close its OCR pool and end (batch/worker.ts); ended after 2 s regardless. */
function closeWorker(worker: Worker): Promise<unknown> {
	if (worker.threadId < 0) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(worker.terminate()), 2000);
		worker.once("exit", () => {
			clearTimeout(timer);
			resolve(undefined);
		});
		worker.postMessage({ close: true });
	});
}

/** Worker isolates still being created with the heap flags of withWorkerHeapFlags. */
let isolatesStarting = 0;

/**
 * Create a worker whose isolate lets its old generation grow to `initialOldMb` before the first
 * full GC. Why: every full GC drops the optimized code of functions that have no live closure,
 * and the Markdown parser (micromark) makes its closures anew for every document, so after each
 * full GC a worker compiles some hundred functions again with TurboFan. With V8's default, a
 * worker ran a full GC every 2–3 reports and spent as much CPU compiling (on V8's helper threads)
 * as parsing (200 reports, --jobs 2: 5,541 compilations, 78 full GCs; with 256 MiB: 1,316 and 11).
 * Worker resourceLimits cannot set the initial old space, so the V8 flag is set while the worker
 * starts and reset once its isolate exists (other worker threads, e.g. OCR, keep V8's default).
 */
function withWorkerHeapFlags(
	create: () => Worker,
	initialOldMb: number,
): Worker {
	if (initialOldMb <= 0) return create();
	if (isolatesStarting++ === 0)
		setFlagsFromString(`--initial-old-space-size=${initialOldMb}`);
	const worker = create();
	let started = false;
	const done = () => {
		if (started) return;
		started = true;
		clearTimeout(timer);
		if (--isolatesStarting === 0)
			setFlagsFromString("--initial-old-space-size=0");
	};
	// The pool may drop its listeners (close, fail) before the worker is online: reset anyway.
	const timer = setTimeout(done, 10_000).unref();
	worker.once("online", done);
	worker.once("error", done);
	worker.once("exit", done);
	return worker;
}

/**
 * Parse in this thread with `ingest` (tests inject a fake; --jobs is then 1). The fake hears
 * the same events a worker reports: call `onPage` as pages are read.
 */
export function inProcessPool(
	ingest: (
		file: string,
		onPage?: (progress: PageProgress) => void,
	) => Promise<IngestResult>,
): ParsePool {
	return {
		parse: (file, onEvent) => {
			onEvent?.({ kind: "parsing" });
			return ingest(file, (p) => onEvent?.({ kind: "page", ...p }));
		},
		close: async () => {},
	};
}

function errorFromData(data: ErrorData, file: string): Error {
	if (data.name === "DocumentLoadError") {
		return new DocumentLoadError(
			data.file ?? file,
			data.reason ?? data.message,
			data.fix ?? undefined,
		);
	}
	const error = new Error(data.message) as Error & { code?: string };
	error.name = data.name;
	if (data.code !== null) error.code = data.code;
	return error;
}

// ───────────────────────────── one file ─────────────────────────────

/** Where a file failed: listing it, reading it (preflight), parsing it, storing it. */
export type FailureStage = "find" | "read" | "parse" | "store";

export interface FileOutcome {
	path: string;
	/** "rendition": the same report as a stored one in another file (store.importResult). */
	status: "imported" | "rendition" | "duplicate" | "failed";
	sha256: string | null;
	bytes: number | null;
	/** The stored report (imported), the report it renders (rendition) or the stored copy
	 * (duplicate). */
	reportId: number | null;
	measures: number;
	flags: number;
	/** Imported but held out of the queries until a person accepts it: the kinds of its holds
	 * ("table-cut, item-identity"; docs/holds.md). null when not held. */
	held?: string | null;
	/** A new version of a stored report (same organization, department, year, period): the
	 * document it replaced; the report keeps its id (store.importResult). */
	replacedDocumentId: number | null;
	replacedSha256: string | null;
	/** A rendition: the report it renders, and the document it is the same as. */
	renditionOf: number | null;
	sameAsDocumentId: number | null;
	reason: string | null;
	fix: string | null;
	/** Where it failed (null unless failed). */
	stage: FailureStage | null;
	/** Its bytes failed to parse in an earlier run: not parsed again (see BatchDeps.retryFailed). */
	notRetried: boolean;
	/** Whether it was parsed in this run. */
	parsed: boolean;
	/** Parsed with a person's column roles, its bytes already stored: the report re-derived. */
	rederived?: boolean;
	startedAt: string;
	finishedAt: string;
	ms: number;
}

/** Bytes that failed to parse before (the batch log's answer; store/batch.ts). */
export interface KnownFailure {
	reason: string | null;
	fix: string | null;
	/** When that attempt finished. */
	at: string;
}

export interface BatchDeps {
	store: Store;
	/** The batch log (absent for a :memory: database). */
	log?: BatchLog | undefined;
	runId?: number | undefined;
	pool: ParsePool;
	/** Parses in flight at once (default 1). */
	concurrency?: number;
	/** Paths already known to fail (found while listing the files): reported in their place. */
	failures?: ReadonlyMap<string, { reason: string; fix: string }>;
	/** Parse again files whose bytes failed to parse in an earlier run (default false: such a
	 * file fails again at once with its earlier reason, unparsed). */
	retryFailed?: boolean;
	/** Re-derive: the files are parsed with a person's column roles, so bytes already stored (or
	 * that failed before) are parsed again, not skipped as duplicates (store.importResult). */
	rederive?: boolean;
	/** Read a file's bytes (default fs.readFileSync); tests inject EACCES here. */
	readFile?: (path: string) => Buffer;
	onStart?: (path: string) => void;
	/** A worker took the file, or read one more of its pages. */
	onParse?: (path: string, event: ParseEvent) => void;
	onDone?: (outcome: FileOutcome) => void;
	/** Stop taking new files (SIGINT): files not started are left for the next run. */
	stopped?: () => boolean;
	now?: () => string;
}

/**
 * Import `files`: parsed concurrently, stored in the order given (so a folder gets the same report
 * ids on every machine, whatever finishes parsing first).
 */
export async function runBatch(
	files: readonly string[],
	deps: BatchDeps,
): Promise<FileOutcome[]> {
	const outcomes: FileOutcome[] = [];
	// done[i] settles when file i is stored or has failed; file i + 1 stores after it.
	const done: Promise<void>[] = [];
	let next = 0;
	const lane = async () => {
		while (next < files.length && !deps.stopped?.()) {
			const index = next++;
			const path = files[index] as string;
			let release = () => {};
			done[index] = new Promise((resolve) => {
				release = resolve;
			});
			deps.onStart?.(path);
			const outcome = await importFile(
				path,
				deps,
				done[index - 1] ?? Promise.resolve(),
			).finally(release);
			outcomes.push(outcome);
			deps.log?.recordAttempt({
				runId: deps.runId ?? 0,
				path: outcome.path,
				sha256: outcome.sha256,
				bytes: outcome.bytes,
				// The log knows a rendition as an import of a known report (rendition_of).
				status: outcome.status === "rendition" ? "imported" : outcome.status,
				reason: outcome.reason,
				fix: outcome.fix,
				reportId: outcome.reportId,
				replacedDocumentId: outcome.replacedDocumentId,
				replacedSha256: outcome.replacedSha256,
				renditionOf: outcome.renditionOf,
				stage: outcome.stage,
				notRetried: outcome.notRetried,
				startedAt: outcome.startedAt,
				finishedAt: outcome.finishedAt,
			});
			deps.onDone?.(outcome);
		}
	};
	const lanes = Math.max(1, deps.concurrency ?? 1);
	await Promise.all(Array.from({ length: lanes }, lane));
	return outcomes;
}

async function importFile(
	path: string,
	deps: BatchDeps,
	previousStored: Promise<void>,
): Promise<FileOutcome> {
	const now = deps.now ?? (() => new Date().toISOString());
	const startedAt = now();
	const t0 = performance.now();
	const base = {
		path,
		sha256: null as string | null,
		bytes: null as number | null,
		reportId: null as number | null,
		measures: 0,
		flags: 0,
		replacedDocumentId: null as number | null,
		replacedSha256: null as string | null,
		renditionOf: null as number | null,
		sameAsDocumentId: null as number | null,
		reason: null as string | null,
		fix: null as string | null,
		stage: null as FailureStage | null,
		notRetried: false,
		parsed: false,
		startedAt,
	};
	const finish = (o: Partial<FileOutcome> & Pick<FileOutcome, "status">) => ({
		...base,
		...o,
		finishedAt: now(),
		ms: performance.now() - t0,
	});
	const known = deps.failures?.get(path);
	if (known) return finish({ status: "failed", stage: "find", ...known });
	let stage: FailureStage = "read";
	try {
		const bytes = preflight(path, deps.readFile ?? readFileSync);
		base.bytes = bytes.length;
		base.sha256 = createHash("sha256").update(bytes).digest("hex");
		// The same bytes are a duplicate whatever the pipeline would make of them: skip it early.
		const stored = deps.rederive
			? undefined
			: deps.store.findDocument(base.sha256);
		if (stored)
			return finish({ status: "duplicate", reportId: stored.reportId });
		// Bytes that failed to parse before fail again: not parsed until they change.
		const failedBefore =
			deps.retryFailed || deps.rederive
				? undefined
				: deps.log?.failedBefore(base.sha256);
		if (failedBefore)
			return finish({
				status: "failed",
				stage: "parse",
				notRetried: true,
				reason: failedBefore.reason,
				fix: failedBefore.fix,
			});
		stage = "parse";
		base.parsed = true;
		const result = await deps.pool
			.parse(path, (event) => deps.onParse?.(path, event))
			.finally(() => deps.onParse?.(path, { kind: "parsed" }));
		await previousStored;
		assertStorable(result, path);
		stage = "store";
		const outcome = deps.store.importResult(result);
		base.sha256 = result.document.sha256;
		base.reportId = outcome.reportId;
		if (outcome.status === "duplicate") return finish({ status: "duplicate" });
		if (outcome.status === "rendition")
			return finish({
				status: "rendition",
				measures: result.record.measures.length,
				renditionOf: outcome.reportId,
				sameAsDocumentId: outcome.rendition?.sameAsDocumentId ?? null,
			});
		// Read loosely: the version fields belong to the store's review module.
		const replaced = (
			outcome as { replaced?: { oldDocumentId?: number; oldSha256?: string } }
		).replaced;
		return finish({
			status: "imported",
			measures: result.record.measures.length,
			flags: result.flags.length,
			held: result.holds.length
				? [...new Set(result.holds.map((h) => h.kind))].join(", ")
				: null,
			replacedDocumentId: replaced?.oldDocumentId ?? null,
			replacedSha256: replaced?.oldSha256 ?? null,
			...(deps.rederive && replaced?.oldSha256 === result.document.sha256
				? { rederived: true }
				: {}),
		});
	} catch (error) {
		return finish({ status: "failed", stage, ...describeError(error) });
	}
}

/**
 * Checks before parsing, in the main thread: a regular, readable file within the size limit, and
 * an image within the pixel limit. Returns the bytes.
 */
function preflight(path: string, read: (path: string) => Buffer): Buffer {
	const link = lstatSync(path, { throwIfNoEntry: false });
	if (!link)
		throw new DocumentLoadError(
			path,
			"the file does not exist",
			"check the path",
		);
	const stats = link.isSymbolicLink()
		? statSync(path, { throwIfNoEntry: false })
		: link;
	if (!stats)
		throw new DocumentLoadError(
			path,
			"a broken symbolic link (its target does not exist)",
			"fix or remove the link",
		);
	if (!stats.isFile()) {
		const kind = stats.isDirectory()
			? "a directory"
			: stats.isFIFO()
				? "a named pipe (FIFO)"
				: stats.isSocket()
					? "a socket"
					: "a device";
		throw new DocumentLoadError(
			path,
			`not a regular file: ${kind}`,
			"pass report files or directories",
		);
	}
	if (stats.size > MAX_FILE_BYTES)
		throw new DocumentLoadError(
			path,
			`the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${(stats.size / 1024 / 1024).toFixed(0)} MiB)`,
			"split the report",
		);
	const bytes = read(path);
	const pixels = imageSize(bytes);
	if (pixels && pixels.width * pixels.height > MAX_IMAGE_PIXELS)
		throw new DocumentLoadError(
			path,
			`the image is ${pixels.width}×${pixels.height} pixels, more than the ${MAX_IMAGE_PIXELS / 1_000_000} megapixel limit`,
			"scan at a lower resolution (300 dpi is enough)",
		);
	return bytes;
}

/** Width and height of a PNG, GIF or JPEG from its header, without decoding it. */
export function imageSize(
	b: Uint8Array,
): { width: number; height: number } | undefined {
	const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
	if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e) {
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
		return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
	}
	if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
		let i = 2;
		while (i + 9 < b.length) {
			if (b[i] !== 0xff) return undefined;
			const marker = b[i + 1] as number;
			const length = view.getUint16(i + 2);
			// SOF0–SOF15 (not DHT C4, JPG C8, DAC CC) hold the frame size.
			if (
				marker >= 0xc0 &&
				marker <= 0xcf &&
				marker !== 0xc4 &&
				marker !== 0xc8 &&
				marker !== 0xcc
			) {
				return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
			}
			i += 2 + length;
		}
	}
	return undefined;
}

/**
 * Refuse, with a named error, a record the store would reject half-way: the store keys measures
 * by item, so an item listed twice (a page the OCR tool printed twice, found by the fuzz test)
 * would abort the transaction with a bare constraint error.
 * @param result the pipeline's result
 * @param file the path to name in the error
 */
export function assertStorable(result: IngestResult, file: string): void {
	const seen = new Set<string>();
	for (const m of result.record.measures) {
		if (seen.has(m.item))
			throw new DocumentLoadError(
				file,
				`the plan table lists item ${m.item} twice (a page printed twice?)`,
				"remove the repeated rows or page from the file and import it again",
			);
		seen.add(m.item);
	}
}

/** Any error of one file → a reason and a fix. */
export function describeError(error: unknown): { reason: string; fix: string } {
	if (error instanceof DocumentLoadError) {
		return {
			reason: error.reason,
			fix: error.fix ?? "check that the file is a performance report",
		};
	}
	if (error instanceof BatchFileError)
		return { reason: error.reason, fix: error.fix };
	const code = (error as { code?: unknown } | null)?.code;
	const message = error instanceof Error ? error.message : String(error);
	if (code === "EACCES" || code === "EPERM") {
		return {
			reason: "permission denied",
			fix: "check the file's permissions",
		};
	}
	if (code === "ENOENT" || code === "EISDIR" || code === "ELOOP") {
		return { reason: message, fix: "check the path and its permissions" };
	}
	if (error instanceof StoreBusyError) {
		return {
			reason: "the database is busy",
			fix: "another tailan is writing to it; run the import again",
		};
	}
	if (error instanceof StoreError) {
		return {
			reason: `could not store the report: ${message}`,
			fix: "nothing was stored for this file; please report it with the file (a bug in tailan)",
		};
	}
	return {
		reason: message,
		fix: "nothing was stored for this file; please report it with the file (a bug in tailan)",
	};
}
