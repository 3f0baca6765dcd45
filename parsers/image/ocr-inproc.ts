/**
 * The native OCR pool in-process: libtesseract (Debian's libtesseract5, the library the
 * `tesseract` program runs on) called through its C API (koffi) from worker threads, behind the
 * same OcrEngine contract as the program's pool (ocr-native.ts) and with the same model files,
 * unpacked once into a private temporary folder (removed on close, or when the process ends).
 * No process is started and no file is written a request: a crop's 8-bit pixels go to a worker
 * as they are (SetImage), and its TSV comes back to be parsed as the program's (ocr.ts fromTsv),
 * with the same languages, mode, whitelist and resolution hint a request, so the readings are the
 * program's, byte for byte, where the library is the program's version — but for single lines and
 * words lower than `zoomLinesBelow` pixels when asked (createOcrPool asks): those are read enlarged
 * twice, and as they are only when the enlarged reading finds no words.
 *
 * Why (docs/pipeline.md, "The native engine in-process"): the program cannot be kept running
 * between requests, so each batch paid a fork of the importing process, the models' load and a
 * PGM file a crop; here each worker loads the models once and keeps them.
 *
 * Limits: `size` worker threads (one per core), each reading one request at a time with
 * OMP_THREAD_LIMIT=1 (set in this process's environment before the library loads: Debian's
 * library is built with OpenMP); a request's time limit (`timeoutMs` plus `msPerMpx` per
 * megapixel) is Tesseract's own deadline for the recognition (it stops and the request is
 * rejected), and a worker that has not answered 5 s after that is terminated and replaced (a call
 * into the library cannot be interrupted: its thread ends when the call returns). close()
 * rejects what waits, frees the APIs (TessBaseAPIEnd/Delete) and ends the workers.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type TesseractPoolOptions, unpackModels } from "./ocr-native.ts";
import { requestRect } from "./raster.ts";
import type { Box, OcrEngine, OcrRequest, OcrResult } from "./types.ts";

/** The library's file name, found by the dynamic loader (Debian: package libtesseract5). */
export const TESSERACT_LIBRARY = "libtesseract.so.5";

/** Milliseconds a worker may overrun its request's deadline before it is terminated. */
const GRACE_MS = 5_000;

/** The library's pool: its options besides those it shares with the program's. */
export interface InprocPoolOptions extends TesseractPoolOptions {
	/** The library (a file name for the loader, or a path); default TESSERACT_LIBRARY. */
	library?: string;
	/** How long a worker may overrun its request's time limit before it is terminated and replaced (default 5 000 ms). */
	graceMs?: number;
	/**
	 * A single line or word (any mode but 4 and 6, read unsqueezed) whose region is lower than
	 * this many pixels and at least as wide as high (more than one glyph: a lone glyph enlarged
	 * reads worse, "0" as "4") is read enlarged LINE_ZOOM times (bilinear; its resolution hint and
	 * its words' boxes scaled alike), and read again as it is when that finds no words; default 0,
	 * none. See LINE_ZOOM_BELOW.
	 */
	zoomLinesBelow?: number;
}

/**
 * Regions lower than this are read enlarged twice when the pool is asked to (createOcrPool asks
 * for it): this library drops decimal points in small typed values ("2.5" → "25") that it reads
 * enlarged (docs/pipeline.md, "Typed cells in-process").
 */
export const LINE_ZOOM_BELOW = 48;

/**
 * How many times such a line is enlarged: twice (1.5 was measured too: on our fax it left a
 * misread word unflagged).
 */
export const LINE_ZOOM = 2;

/**
 * `pixels` (8-bit, `width` × `height`) enlarged `zoom` times (≥ 1; the size rounded), bilinear
 * with pixel centres aligned (the edges repeated): each new pixel a weighted mean of the four
 * nearest.
 */
export function enlarge(
	pixels: Uint8Array,
	width: number,
	height: number,
	zoom: number,
): { pixels: Uint8Array; width: number; height: number } {
	const W = Math.round(width * zoom);
	const H = Math.round(height * zoom);
	const out = new Uint8Array(W * H);
	const near = (X: number, n: number, N: number): [number, number, number] => {
		const f = Math.max(0, ((X + 0.5) * n) / N - 0.5);
		const a = Math.min(n - 1, Math.floor(f));
		return [a, Math.min(n - 1, a + 1), f - a];
	};
	for (let Y = 0; Y < H; Y++) {
		const [y0, y1, ay] = near(Y, height, H);
		for (let X = 0; X < W; X++) {
			const [x0, x1, ax] = near(X, width, W);
			const top =
				(1 - ax) * (pixels[y0 * width + x0] as number) +
				ax * (pixels[y0 * width + x1] as number);
			const bottom =
				(1 - ax) * (pixels[y1 * width + x0] as number) +
				ax * (pixels[y1 * width + x1] as number);
			out[Y * W + X] = Math.round((1 - ay) * top + ay * bottom);
		}
	}
	return { pixels: out, width: W, height: H };
}

/**
 * Tesseract's TSV of an image read enlarged `zoom` times, its boxes (left, top, width, height)
 * in the image's own pixels again: edges outwards (left and top down, right and bottom up).
 */
export function unzoomTsv(tsv: string, zx: number, zy = zx): string {
	return tsv
		.split("\n")
		.map((row) => {
			const f = row.split("\t");
			if (f.length < 12 || !/^\d+$/.test(f[0] as string)) return row;
			const [l, t, w, h] = f.slice(6, 10).map(Number) as [
				number,
				number,
				number,
				number,
			];
			const left = Math.floor(l / zx);
			const top = Math.floor(t / zy);
			f[6] = String(left);
			f[7] = String(top);
			f[8] = String(Math.ceil((l + w) / zx) - left);
			f[9] = String(Math.ceil((t + h) / zy) - top);
			return f.join("\t");
		})
		.join("\n");
}

/** The library failed to load or to read, or a request ran out of time. */
export class InprocOcrError extends Error {
	override name = "InprocOcrError";
}

const require = createRequire(import.meta.url);
let probed: Map<string, { version: string } | { error: string }> | undefined;

/**
 * Sets OMP_THREAD_LIMIT=1 in this process's environment (read by OpenMP when the library first
 * loads: one core a worker, as the program is run). False when OpenMP was loaded before with
 * another limit (it reads the environment once): the library would then start threads of its own.
 */
function limitThreads(): boolean {
	if (process.env.OMP_THREAD_LIMIT === "1") return true;
	let maps = "";
	try {
		maps = readFileSync("/proc/self/maps", "utf8");
	} catch {
		// not Linux: nothing to tell
	}
	process.env.OMP_THREAD_LIMIT = "1";
	return !/\blibgomp\b/.test(maps);
}

/**
 * Whether `library` loads here and is Tesseract 4 or later: its version (TessVersion), or why
 * not. Checked once a process and library name. Loads the library into this process (with
 * OMP_THREAD_LIMIT=1 set first).
 */
export function inprocTesseract(
	library = TESSERACT_LIBRARY,
): { version: string } | { error: string } {
	probed ??= new Map();
	const known = probed.get(library);
	if (known) return known;
	let found: { version: string } | { error: string };
	try {
		if (!limitThreads())
			throw new Error(
				"OpenMP was loaded into this process before OMP_THREAD_LIMIT=1 could be set",
			);
		const koffi = require("koffi") as typeof import("koffi");
		const lib = koffi.load(library);
		const version = String(lib.func("const char *TessVersion()")());
		const major = Number(version.match(/^v?(\d+)\./)?.[1]);
		found =
			major >= 4
				? { version }
				: { error: `${library} is Tesseract ${version}, not 4 or later` };
	} catch (e) {
		found = {
			error: `${library} could not be loaded (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`,
		};
	}
	probed.set(library, found);
	return found;
}

/** A PGM's pixels: where they start in it, and its size. */
function pgmLayout(pgm: Uint8Array): {
	offset: number;
	width: number;
	height: number;
} {
	const head = new TextDecoder("latin1").decode(pgm.subarray(0, 32));
	const m = head.match(/^P5\s(\d+)\s(\d+)\s255\s/);
	if (!m) throw new TypeError("in-process OCR: the crop is not an 8-bit PGM");
	const width = Number(m[1]);
	const height = Number(m[2]);
	if (m[0].length + width * height !== pgm.byteLength)
		throw new TypeError("in-process OCR: the crop's size is not its header's");
	return { offset: m[0].length, width, height };
}

interface Job {
	request: OcrRequest;
	rect: Box;
	/** Read enlarged this many times across and down (1: as it is). */
	zoom?: [number, number];
	/** Read as it is (its enlarged reading found no words). */
	plain?: boolean;
	resolve: (r: OcrResult) => void;
	reject: (e: unknown) => void;
}

interface Slot {
	worker: Worker;
	/** Resolves when the worker has loaded the library; rejects if it failed to. */
	ready: Promise<void>;
	job: Job | undefined;
	/** The request id the worker is reading. */
	id: number;
	watchdog: NodeJS.Timeout | undefined;
	/** The worker said it was ready (a worker that never was is not replaced: it would fail again). */
	started: boolean;
}

/** The pixels a request reads (after its squeeze). */
const pixelsOf = (j: Job) =>
	Math.round((j.rect[2] - j.rect[0]) * (j.request.squeeze ?? 1)) *
	(j.rect[3] - j.rect[1]);

/**
 * The program pool's contract on libtesseract in-process. Unpacks the models and starts the
 * workers before returning; throws InprocOcrError if the library does not load in a worker.
 */
export async function createInprocOcrPool(
	options: InprocPoolOptions,
): Promise<OcrEngine> {
	const size = options.size;
	const library = options.library ?? TESSERACT_LIBRARY;
	const dpiHint = options.dpiHint ?? true;
	const timeoutMs = options.timeoutMs ?? 60_000;
	const msPerMpx = options.msPerMpx ?? 20_000;
	const graceMs = options.graceMs ?? GRACE_MS;
	const zoomBelow = options.zoomLinesBelow ?? 0;
	if (!Number.isInteger(size) || size < 1)
		throw new TypeError(
			`createOcrPool: size must be a positive integer, got ${size}`,
		);
	limitThreads();
	const { dir, dispose } = unpackModels(options.models);
	const parameters = { debug_file: "/dev/null", ...options.parameters };
	const script = fileURLToPath(
		new URL("./ocr-inproc-worker.cjs", import.meta.url),
	);

	const queue: Job[] = [];
	const slots: Slot[] = [];
	let closed = false;
	let ids = 0;

	const start = (): Slot => {
		const worker = new Worker(script, {
			workerData: { library, tessdata: dir, parameters },
			// Plain CommonJS: none of the process's loaders or flags (tsx, --input-type …).
			execArgv: [],
		});
		const slot: Slot = {
			worker,
			ready: Promise.resolve(),
			job: undefined,
			id: -1,
			watchdog: undefined,
			started: false,
		};
		slot.ready = new Promise<void>((resolve, reject) => {
			worker.once("message", (m: { type?: string }) => {
				if (m.type === "ready") {
					slot.started = true;
					resolve();
				}
			});
			worker.once("error", (e) =>
				reject(
					new InprocOcrError(
						`in-process OCR: a worker failed to start with ${library}: ${e.message}`,
					),
				),
			);
			worker.once("exit", (code) =>
				reject(
					new InprocOcrError(
						`in-process OCR: a worker ended (code ${code}) before it was ready`,
					),
				),
			);
		});
		slot.ready.catch(() => {});
		worker.on(
			"message",
			(m: { type?: string; id?: number; tsv?: string; error?: string }) => {
				if (m.type !== undefined || m.id !== slot.id) return;
				const job = slot.job as Job;
				finish(slot);
				if (m.error !== undefined)
					job.reject(new InprocOcrError(`in-process OCR: ${m.error}`));
				else
					try {
						const tsv = m.tsv ?? "";
						const [zx, zy] = job.zoom ?? [1, 1];
						const zoomed = zx !== 1 || zy !== 1;
						const result = options.fromTsv(
							zoomed ? unzoomTsv(tsv, zx, zy) : tsv,
							job.rect[0],
							job.rect[1],
							job.request.squeeze ?? 1,
							job.rect[2] - job.rect[0],
						);
						if (zoomed && result.words.length === 0) {
							// Enlarged, a lone small glyph ("0", "4") can read as nothing: read as it is.
							job.plain = true;
							queue.unshift(job);
						} else job.resolve(result);
					} catch (e) {
						job.reject(e);
					}
				pump();
			},
		);
		worker.on("error", (e) => {
			// The thread died (not a request's error: those are answered as messages).
			if (!slot.started) return; // `ready` rejects: its requests fail with it
			const job = slot.job;
			replace(slot);
			job?.reject(
				new InprocOcrError(`in-process OCR: a worker failed: ${e.message}`),
			);
			pump();
		});
		worker.on("exit", (code) => {
			// Ended on its own (not replaced, not closed): what it was reading is lost.
			if (closed || !slot.started || !slots.includes(slot)) return;
			const job = slot.job;
			replace(slot);
			job?.reject(
				new InprocOcrError(`in-process OCR: a worker ended (code ${code})`),
			);
			pump();
		});
		return slot;
	};

	const finish = (slot: Slot) => {
		clearTimeout(slot.watchdog);
		slot.watchdog = undefined;
		slot.job = undefined;
		slot.id = -1;
	};

	/** Drops a worker (terminated in the background) and starts another in its place. */
	const replace = (slot: Slot) => {
		finish(slot);
		slot.worker.removeAllListeners("message");
		slot.worker.removeAllListeners("error");
		slot.worker.on("error", () => {});
		void slot.worker.terminate().catch(() => {});
		const at = slots.indexOf(slot);
		if (at >= 0) slots.splice(at, 1);
		if (!closed) slots.push(start());
	};

	const pump = () => {
		for (const slot of slots) {
			if (closed || queue.length === 0) return;
			if (slot.job) continue;
			const job = queue.shift() as Job;
			slot.job = job;
			const id = ids++;
			slot.id = id;
			send(slot, job, id);
		}
	};

	const send = (slot: Slot, job: Job, id: number) => {
		const limit = Math.round(timeoutMs + (msPerMpx * pixelsOf(job)) / 1e6);
		let pgm: Uint8Array;
		let layout: ReturnType<typeof pgmLayout>;
		try {
			pgm = options.encode(job.request, job.rect);
			layout = pgmLayout(pgm);
			const { psm, squeeze } = job.request;
			job.zoom = [1, 1];
			if (
				!job.plain &&
				psm !== 4 &&
				psm !== 6 &&
				(squeeze ?? 1) === 1 &&
				layout.height < zoomBelow &&
				layout.width >= layout.height
			) {
				const { offset, width, height } = layout;
				const big = enlarge(
					pgm.subarray(offset, offset + width * height),
					width,
					height,
					LINE_ZOOM,
				);
				job.zoom = [big.width / width, big.height / height];
				pgm = big.pixels;
				layout = { offset: 0, width: big.width, height: big.height };
			}
		} catch (e) {
			finish(slot);
			job.reject(e);
			queueMicrotask(pump);
			return;
		}
		slot.ready.then(
			() => {
				if (slot.id !== id) return; // closed meanwhile
				slot.watchdog = setTimeout(() => {
					replace(slot);
					job.reject(
						new InprocOcrError(
							`in-process OCR: reading a ${layout.width} × ${layout.height} region did not finish within ${limit} ms`,
						),
					);
					pump();
				}, limit + graceMs);
				// The crop's own buffer moves to the worker (not copied).
				const owned =
					pgm.byteOffset === 0 && pgm.byteLength === pgm.buffer.byteLength;
				const buffer = owned ? pgm.buffer : pgm.slice().buffer;
				slot.worker.postMessage(
					{
						id,
						buffer,
						offset: layout.offset,
						width: layout.width,
						height: layout.height,
						langs: job.request.langs,
						psm: job.request.psm,
						dpi: dpiHint
							? Math.round(job.request.image.dpi * (job.zoom?.[1] ?? 1))
							: 0,
						whitelist: job.request.whitelist ?? "",
						deadlineMs: limit,
					},
					[buffer as ArrayBuffer],
				);
			},
			(e) => {
				// The library did not load in this worker: every request fails alike.
				finish(slot);
				job.reject(e);
				for (const j of queue.splice(0)) j.reject(e);
			},
		);
	};

	for (let i = 0; i < size; i++) slots.push(start());
	try {
		await Promise.all(slots.map((s) => s.ready));
	} catch (e) {
		closed = true;
		await Promise.all(slots.map((s) => s.worker.terminate().catch(() => {})));
		dispose();
		throw e;
	}

	return {
		recognize(request) {
			let rect: Box;
			try {
				rect = requestRect(request, closed);
			} catch (e) {
				return Promise.reject(e);
			}
			return new Promise<OcrResult>((resolve, reject) => {
				queue.push({ request, rect, resolve, reject });
				pump();
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			const stopped = new TypeError("recognize: the OCR pool was closed");
			for (const job of queue.splice(0)) job.reject(stopped);
			await Promise.all(
				slots.splice(0).map(async (slot) => {
					const job = slot.job;
					finish(slot);
					job?.reject(stopped);
					slot.worker.removeAllListeners("message");
					// A worker frees its APIs when its current call has returned, then ends.
					const freed = new Promise<void>((resolve) => {
						slot.worker.on("message", (m: { type?: string }) => {
							if (m.type === "closed") resolve();
						});
						slot.worker.once("exit", () => resolve());
					});
					slot.worker.postMessage({ type: "close" });
					await Promise.race([
						freed,
						new Promise((r) => setTimeout(r, graceMs).unref()),
					]);
					await slot.worker.terminate().catch(() => {});
				}),
			);
			dispose();
		},
	};
}
