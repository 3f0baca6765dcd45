/**
 * The OCR pool on the native `tesseract` program (Debian's tesseract-ocr, version 4 or later),
 * behind the same OcrEngine contract as the tesseract.js pool (ocr.ts), with the same model
 * files: the installed @tesseract.js-data "best_int" files, unpacked once into a private
 * temporary folder that also holds the crops being read (removed on close, or when the process
 * ends). No shell: the program is started with an argument list; no network; no files kept.
 *
 * A process cannot be kept running between requests (the program reads its inputs and ends), and
 * starting one costs ≈ 0.08 CPU s (loading `mon+eng`), so requests are read in batches: the
 * requests waiting with the same languages, mode, resolution and whitelist are written as PGM
 * files and given to one process as an image list; its TSV numbers the images (page_num), and
 * each image's first row gives its size, which is checked against the crop sent. The waiting
 * requests are dealt round-robin to the free processes (the reader asks for the largest cells
 * first), so that `size` processes end a page together.
 *
 * Limits: at most `size` processes at once, each with OMP_THREAD_LIMIT=1 (one core each); a
 * batch that runs longer than its time limit (`timeoutMs` plus `msPerMpx` per megapixel) is
 * killed; a batch that fails is read again one request per process, and a request that fails
 * alone is rejected with the program's message. close() kills the running processes and rejects
 * what waits. Each process reads one image at a time: its memory (≈ 100 MiB) does not grow with
 * the batch.
 */
import { execFile, spawnSync } from "node:child_process";
import {
	mkdtempSync,
	readFileSync,
	rmSync,
	unlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { requestRect } from "./raster.ts";
import type { Box, OcrEngine, OcrRequest, OcrResult } from "./types.ts";

/**
 * What both native pools need (ocr.ts checks and finds the models): the program's (this module)
 * and the library's (ocr-inproc.ts).
 */
export interface TesseractPoolOptions {
	/** Recognitions at once (processes or worker threads); default os.availableParallelism(). */
	size: number;
	/** mon.traineddata.gz and eng.traineddata.gz, already checked. */
	models: { mon: string; eng: string };
	/** Tell Tesseract each image's resolution (user_defined_dpi); default true. */
	dpiHint?: boolean;
	/** Tesseract parameters for every recognition (the program's -c name=value). */
	parameters?: Record<string, string>;
	/** A batch's or request's time limit: this many ms (default 60 000) … */
	timeoutMs?: number;
	/** … plus this many per megapixel read (default 20 000: ≈ 30× a text cell's pace). */
	msPerMpx?: number;
	/** Encodes a request's region as a PGM (ocr.ts's encoders, squeezed or not). */
	encode: (request: OcrRequest, rect: Box) => Uint8Array;
	/** TSV → result, as ocr.ts reads it (boxes moved into the image's coordinates). */
	fromTsv: (
		tsv: string,
		dx: number,
		dy: number,
		sx: number,
		width: number,
	) => OcrResult;
}

/** The program's pool: its options besides the shared ones. */
export interface NativePoolOptions extends TesseractPoolOptions {
	/** The program; default "tesseract" (looked up on PATH). */
	program?: string;
	/** Most requests in one batch (default 64). */
	maxBatch?: number;
}

/** The native program failed to start, to read, or ran out of time. */
export class NativeOcrError extends Error {
	override name = "NativeOcrError";
}

/** The major version of `program` when it runs and is tesseract ≥ 4; else undefined. */
export function nativeTesseractVersion(
	program = "tesseract",
): { major: number; line: string } | undefined {
	const r = spawnSync(program, ["--version"], {
		encoding: "utf8",
		timeout: 10_000,
		env: { ...process.env, OMP_THREAD_LIMIT: "1" },
	});
	if (r.error || r.status !== 0) return undefined;
	const line = `${r.stdout}\n${r.stderr}`
		.split("\n")
		.map((l) => l.trim())
		.find((l) => /^tesseract\s+v?\d+\./i.test(l));
	const major = Number(line?.match(/^tesseract\s+v?(\d+)\./i)?.[1]);
	if (!line || !(major >= 4)) return undefined;
	return { major, line };
}

interface Job {
	request: OcrRequest;
	rect: Box;
	key: string;
	resolve: (r: OcrResult) => void;
	reject: (e: unknown) => void;
	/** Read alone after its batch failed. */
	alone: boolean;
}

/** The pixels a request reads (after its squeeze). */
const pixelsOf = (j: Job) =>
	Math.round((j.rect[2] - j.rect[0]) * (j.request.squeeze ?? 1)) *
	(j.rect[3] - j.rect[1]);

/**
 * The models unpacked into a private temporary folder (a tessdata folder: mon.traineddata and
 * eng.traineddata), removed by `dispose`, or when the process ends. Throws if it cannot be written.
 */
export function unpackModels(models: { mon: string; eng: string }): {
	dir: string;
	dispose: () => void;
} {
	const dir = mkdtempSync(join(tmpdir(), `tailan-ocr-${process.pid}-`));
	const remove = () => rmSync(dir, { recursive: true, force: true });
	process.once("exit", remove);
	const dispose = () => {
		process.off("exit", remove);
		remove();
	};
	try {
		for (const lang of ["mon", "eng"] as const)
			writeFileSync(
				join(dir, `${lang}.traineddata`),
				gunzipSync(readFileSync(models[lang])),
			);
	} catch (e) {
		dispose();
		throw e;
	}
	return { dir, dispose };
}

/**
 * The tesseract.js pool's contract on native tesseract. Unpacks the models before returning;
 * throws if the folder cannot be written.
 */
export function createNativeOcrPool(options: NativePoolOptions): OcrEngine {
	const size = options.size;
	const program = options.program ?? "tesseract";
	const dpiHint = options.dpiHint ?? true;
	const timeoutMs = options.timeoutMs ?? 60_000;
	const msPerMpx = options.msPerMpx ?? 20_000;
	const maxBatch = options.maxBatch ?? 64;
	if (!Number.isInteger(size) || size < 1)
		throw new TypeError(
			`createOcrPool: size must be a positive integer, got ${size}`,
		);
	const { dir, dispose } = unpackModels(options.models);

	const queue: Job[] = [];
	const running = new Set<{ abort: AbortController; done: Promise<void> }>();
	let closed = false;
	let batches = 0;
	let pumping = false;
	const env = { ...process.env, OMP_THREAD_LIMIT: "1" };

	/** Starts batches while processes are free; deferred so that a burst of requests gathers. */
	const schedule = () => {
		if (pumping) return;
		pumping = true;
		setImmediate(() => {
			pumping = false;
			pump();
		});
	};

	const pump = () => {
		while (!closed && running.size < size && queue.length > 0) {
			const first = queue[0] as Job;
			const free = size - running.size;
			let jobs: Job[];
			if (first.alone) jobs = [first];
			else {
				// Every `free`-th waiting request of the first one's kind: the free processes share
				// the largest (first) requests.
				const same = queue.filter((j) => j.key === first.key && !j.alone);
				jobs = same.filter((_, i) => i % free === 0).slice(0, maxBatch);
			}
			const taken = new Set(jobs);
			for (let i = queue.length - 1; i >= 0; i--)
				if (taken.has(queue[i] as Job)) queue.splice(i, 1);
			const abort = new AbortController();
			const run = {
				abort,
				done: read(jobs, abort.signal)
					.then(
						(results) => {
							jobs.forEach((j, i) => {
								j.resolve(results[i] as OcrResult);
							});
						},
						(e) => {
							if (closed) {
								for (const j of jobs)
									j.reject(new TypeError("recognize: the OCR pool was closed"));
								return;
							}
							// A failed batch is read again one request at a time; a request that fails
							// alone is rejected with the program's message.
							for (const j of jobs)
								if (j.alone || jobs.length === 1) j.reject(e);
								else {
									j.alone = true;
									queue.unshift(j);
								}
						},
					)
					.finally(() => {
						running.delete(run);
						schedule();
					}),
			};
			running.add(run);
		}
	};

	/** One process over `jobs` (all of one kind): their results in order. */
	const read = async (
		jobs: Job[],
		signal: AbortSignal,
	): Promise<OcrResult[]> => {
		const first = (jobs[0] as Job).request;
		const n = batches++;
		const files = jobs.map((j, i) => {
			const file = join(dir, `${n}-${i}.pgm`);
			writeFileSync(file, options.encode(j.request, j.rect));
			return file;
		});
		const list = join(dir, `${n}.txt`);
		writeFileSync(list, `${files.join("\n")}\n`);
		const args = [
			list,
			"-",
			"--tessdata-dir",
			dir,
			"-l",
			first.langs,
			"--psm",
			String(first.psm),
			"--oem",
			"1",
			"-c",
			"tessedit_create_tsv=1",
			"-c",
			"tessedit_create_txt=0",
		];
		if (dpiHint)
			args.push("-c", `user_defined_dpi=${Math.round(first.image.dpi)}`);
		if (first.whitelist)
			args.push("-c", `tessedit_char_whitelist=${first.whitelist}`);
		for (const [k, v] of Object.entries(options.parameters ?? {}))
			args.push("-c", `${k}=${v}`);
		const mpx = jobs.reduce((s, j) => s + pixelsOf(j), 0) / 1e6;
		const timeout = Math.round(timeoutMs + msPerMpx * mpx);
		try {
			const tsv = await new Promise<string>((resolve, reject) => {
				const child = execFile(
					program,
					args,
					{
						env,
						encoding: "utf8",
						timeout,
						killSignal: "SIGKILL",
						maxBuffer: 64 * 1024 * 1024,
						signal,
						windowsHide: true,
					},
					(error, stdout, stderr) => {
						if (!error) return resolve(stdout);
						const code = (error as { code?: unknown }).code;
						const why =
							code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER"
								? "wrote more than 64 MiB"
								: (error as { killed?: boolean }).killed && !signal.aborted
									? `did not finish within ${timeout} ms`
									: `failed (${error.message.split("\n")[0]})`;
						const failure = new NativeOcrError(
							`native OCR: ${program} ${why} reading ${jobs.length} region(s)${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" / ")}` : ""}`,
						);
						// Stopped (close): settled once the process has ended, not when it is signalled.
						if (child.exitCode === null && child.signalCode === null)
							child.once("exit", () => reject(failure));
						else reject(failure);
					},
				);
			});
			return splitTsv(tsv, jobs, options.fromTsv);
		} finally {
			for (const f of [list, ...files])
				try {
					unlinkSync(f);
				} catch {
					// already gone (the folder removed on close)
				}
		}
	};

	return {
		recognize(request) {
			let rect: Box;
			try {
				rect = requestRect(request, closed);
			} catch (e) {
				return Promise.reject(e);
			}
			const dpi = dpiHint ? Math.round(request.image.dpi) : 0;
			const key = `${request.langs} ${request.psm} ${dpi} ${request.whitelist ?? ""}`;
			return new Promise<OcrResult>((resolve, reject) => {
				queue.push({ request, rect, key, resolve, reject, alone: false });
				schedule();
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			for (const job of queue.splice(0))
				job.reject(new TypeError("recognize: the OCR pool was closed"));
			const runs = [...running];
			for (const r of runs) r.abort.abort();
			await Promise.all(runs.map((r) => r.done));
			dispose();
		},
	};
}

/**
 * The TSV of one process over `jobs` → each job's result. Rows are numbered by image (page_num,
 * from 1); each image's level-1 row has its size, which must be the crop's (else the images and
 * the rows are not each other's, and the batch fails).
 */
export function splitTsv(
	tsv: string,
	jobs: readonly { request: OcrRequest; rect: Box }[],
	fromTsv: NativePoolOptions["fromTsv"],
): OcrResult[] {
	const rows: string[][] = jobs.map(() => []);
	const seen = jobs.map(() => false);
	for (const row of tsv.split("\n")) {
		const f = row.split("\t");
		const page = Number(f[1]);
		if (!Number.isInteger(page)) continue; // the header, or a blank line
		const i = page - 1;
		const job = jobs[i];
		if (!job)
			throw new NativeOcrError(
				`native OCR: a result for image ${page} of ${jobs.length}`,
			);
		if (f[0] === "1") {
			const w = Math.max(
				1,
				Math.round((job.rect[2] - job.rect[0]) * (job.request.squeeze ?? 1)),
			);
			const h = job.rect[3] - job.rect[1];
			if (Number(f[8]) !== w || Number(f[9]) !== h)
				throw new NativeOcrError(
					`native OCR: image ${page} is ${f[8]} × ${f[9]}, the region sent ${w} × ${h}`,
				);
			seen[i] = true;
		}
		(rows[i] as string[]).push(row);
	}
	const missing = seen.indexOf(false);
	if (missing >= 0)
		throw new NativeOcrError(
			`native OCR: no result for image ${missing + 1} of ${jobs.length}`,
		);
	return jobs.map((j, i) =>
		fromTsv(
			(rows[i] as string[]).join("\n"),
			j.rect[0],
			j.rect[1],
			j.request.squeeze ?? 1,
			j.rect[2] - j.rect[0],
		),
	);
}
