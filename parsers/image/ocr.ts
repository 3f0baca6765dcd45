/**
 * Offline OCR: a pool of tesseract.js 7 workers (each a worker thread running Tesseract's LSTM
 * engine in WebAssembly) reading Mongolian and English with the models installed by
 * @tesseract.js-data/mon and /eng. Nothing is fetched: the models are read from disk (checked
 * before any worker starts: a missing file would make tesseract.js wait forever, a missing
 * langPath would make it download from a CDN), the core and the worker script come from
 * node_modules, and no cache is written.
 *
 * Asked for (`TAILAN_OCR=native`, or `auto`: native where Debian's Tesseract is installed), native
 * Tesseract reads instead, with the same model files: its library in-process (libtesseract.so.5
 * through koffi, one worker thread a core: ocr-inproc.ts) every request, single lines lower than
 * LINE_ZOOM_BELOW enlarged twice (read as they are, this library drops decimal points that
 * tesseract.js reads: docs/pipeline.md, "Typed cells in-process"), so no tesseract.js worker
 * starts; else the `tesseract` program (4 or later) in batches (ocr-native.ts) the blocks of text
 * (psm 4 and 6: the text cells, three quarters of a scan's OCR), single lines and words staying
 * on tesseract.js, where each costs 4–50 ms against ≈ 80 ms to start a process. The default is
 * tesseract.js, whatever is installed: word confidences differ a little between the engines (a
 * few words cross the 90 a flag is raised under), so a report's flags must not depend on the
 * machine that read it unless the user chose so. On the crops of the gold's clean and worn
 * pages the two engines read the blocks alike (5,954 characters each, none different; word
 * confidences within 0.5 for nine words in ten, a few words on either side of 90), and the
 * native one takes ≈ 0.7× the CPU (scripts/profile-scan.ts, docs/pipeline.md).
 *
 * Choices, measured with scripts/bench-scan.ts --details on the gold report's cells:
 * - One worker per language order and slot: a worker keeps "mon+eng" or "eng+mon" loaded, and at
 *   most `size` recognitions run at once (one per core). Switching one worker's order costs an
 *   initialisation (~130 ms of CPU); on cells in row order that made OCR ~60% slower.
 * - The page segmentation mode (and the image's resolution) is set on a worker only when it
 *   changes; an idle worker already in the request's mode is preferred.
 * - Crops are handed over as PGM: encoding takes ~0.1 ms of the main thread a crop against
 *   7–12 ms for PNG, and the OCR time is the same; tesseract.js re-encodes a BMP with bmp-js
 *   (2.5× slower in all).
 * - The "best_int" model folder by default: the packages' two folders hold the same Mongolian
 *   network (the "4.0.0" one is byte for byte Debian's) and read the cells alike, but "4.0.0"'s
 *   English file also carries the legacy engine (23 MB unpacked): slower to start, about twice
 *   the memory a worker.
 * - A request may be read squeezed horizontally (`squeeze`, 0.5–1): the LSTM scales each text
 *   line to the network's height and costs in proportion to the line's width then, so a line read
 *   at 3/4 of its width costs about a quarter less (the text cells of gold pages 2–3: 4.80 → 3.64
 *   CPU s at 300 dpi, 4.07 → 3.54 at 200 dpi). Long paragraphs read alike so; short cells do not
 *   (case and unit words change, "ISO" becomes "150"), so the caller chooses what to squeeze:
 *   asked to, the reader squeezes the narrative column (parsers/image `textReading`; not the
 *   default, NARRATIVE_SQUEEZE: it reads worse and flags more than it saves). A squeezed
 *   word's confidence is not its full-width one (up to 30 points higher), so a squeezed text's
 *   words have their own flag threshold (pipeline/ocr-flags.ts WORD_CONFIDENCE.squeezed, 92),
 *   calibrated against the gold on every rendering (docs/pipeline.md, "The squeezed narrative").
 *   Measured on the same crops and not kept for speed: `mon` alone 5% less, no inverted
 *   retries (`tessedit_do_invert=0`) 0–5%, 1-bit crops 0–11% with more words changed; the page
 *   layout part of a call is 7% of it (one call per row band or page would save little).
 * - Workers are replaced after `recycleAfter` recognitions. The WebAssembly heap did not grow
 *   over 600 cells or 24 whole pages, so this is insurance, kept rare (a new worker costs ~0.5 s).
 */
import {
	accessSync,
	constants,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker as NodeWorker } from "node:worker_threads";
import { createWorker, OEM, type Worker } from "tesseract.js";
import {
	createInprocOcrPool,
	inprocTesseract,
	LINE_ZOOM_BELOW,
	TESSERACT_LIBRARY,
} from "./ocr-inproc.ts";
import { createNativeOcrPool, nativeTesseractVersion } from "./ocr-native.ts";
import { encodePgm, encodeSqueezedPgm, requestRect } from "./raster.ts";
import type {
	Box,
	OcrEngine,
	OcrLangs,
	OcrRequest,
	OcrResult,
	OcrWord,
} from "./types.ts";

/** The installed models: "fast" is the packages' 4.0.0 folder, "best_int" their 4.0.0_best_int. */
export type OcrModel = "fast" | "best_int";

export interface OcrPoolOptions {
	/** Recognitions run at once (one worker thread each); default os.availableParallelism(). */
	size?: number;
	/** Recognitions after which a worker is replaced (memory); default 1000. */
	recycleAfter?: number;
	/**
	 * A directory holding mon.traineddata.gz and eng.traineddata.gz; default the folders of
	 * @tesseract.js-data/mon and /eng for `model`.
	 */
	langPath?: string;
	/** Which installed model folder to use when langPath is not given; default "best_int". */
	model?: OcrModel;
	/** Tell Tesseract each image's resolution (user_defined_dpi); default true. */
	dpiHint?: boolean;
	/** Tesseract parameters set once on every worker (over the defaults below). */
	parameters?: Record<string, string>;
	/**
	 * Which engine reads: "wasm" (tesseract.js), "native" (libtesseract in-process, ocr-inproc.ts,
	 * else the `tesseract` program, ocr-native.ts) or "auto"; default the environment's
	 * TAILAN_OCR, else "wasm". "auto": native when the library loads or a working `tesseract` of
	 * version 4 or later is on PATH, else wasm.
	 */
	engine?: OcrEngineChoice;
	/** The native program (default "tesseract" on PATH), used when the library does not load. */
	nativeProgram?: string;
	/**
	 * The native library read in-process (default TESSERACT_LIBRARY, libtesseract.so.5, found by
	 * the dynamic loader); when it does not load, the native program reads instead.
	 */
	nativeLibrary?: string;
	/**
	 * The native engine's time limit of a request (in-process) or a batch (the program): ms, plus
	 * ms per megapixel (ocr-inproc.ts, ocr-native.ts).
	 */
	nativeTimeout?: { ms: number; msPerMpx: number };
	/**
	 * What the native engine reads: "all", or "blocks" (psm 4 and 6, the text cells; single
	 * lines and words go to a pool of tesseract.js workers). Default: "all" when the library
	 * reads in-process (a line costs it ≈ 2.5 ms, no start), "blocks" when the program reads
	 * (a process a batch costs ≈ 0.08 CPU s to start: lines stay on tesseract.js).
	 */
	nativeReads?: "blocks" | "all";
}

export type OcrEngineChoice = "wasm" | "native" | "auto";

/** A model file tesseract.js would need is not there (or is not a gzip file). */
export class OcrModelMissingError extends Error {
	override name = "OcrModelMissingError";
	constructor(
		readonly path: string,
		readonly reason: string,
	) {
		super(
			`OCR model ${path}: ${reason} — reinstall the models (npm ci, which installs @tesseract.js-data/mon and @tesseract.js-data/eng), or pass a langPath holding mon.traineddata.gz and eng.traineddata.gz`,
		);
	}
}

/** A worker failed to start or to read (its message is tesseract.js's). */
export class OcrEngineError extends Error {
	override name = "OcrEngineError";
}

const LANGS = ["mon", "eng"] as const;
const require = createRequire(import.meta.url);
const FOLDER: Record<OcrModel, string> = {
	fast: "4.0.0",
	best_int: "4.0.0_best_int",
};

/** Where the installed model `lang` of `model` lies. */
export function installedModel(
	lang: "mon" | "eng",
	model: OcrModel = "best_int",
): string {
	let pkg: string;
	try {
		pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
	} catch {
		throw new OcrModelMissingError(
			`@tesseract.js-data/${lang}`,
			"the package is not installed",
		);
	}
	return join(pkg, FOLDER[model], `${lang}.traineddata.gz`);
}

/** Throws OcrModelMissingError unless `path` is a readable gzip file. */
export function checkModelFile(path: string): void {
	let size: number;
	try {
		accessSync(path, constants.R_OK);
		const st = statSync(path);
		if (!st.isFile()) throw new OcrModelMissingError(path, "not a file");
		size = st.size;
	} catch (e) {
		if (e instanceof OcrModelMissingError) throw e;
		throw new OcrModelMissingError(path, "the file is missing or unreadable");
	}
	const head = readFileSync(path).subarray(0, 2);
	if (size < 1024 || head[0] !== 0x1f || head[1] !== 0x8b)
		throw new OcrModelMissingError(path, "not a gzipped traineddata file");
}

/**
 * The models as one directory (tesseract.js takes one langPath for all languages): langPath
 * itself, or a temporary directory of links to the two installed files, removed by `dispose`.
 */
function modelDirectory(options: OcrPoolOptions): {
	dir: string;
	dispose: () => void;
} {
	if (options.langPath !== undefined) {
		for (const lang of LANGS)
			checkModelFile(join(options.langPath, `${lang}.traineddata.gz`));
		return { dir: options.langPath, dispose: () => {} };
	}
	const files = LANGS.map((lang) => installedModel(lang, options.model));
	for (const f of files) checkModelFile(f);
	const dir = mkdtempSync(join(tmpdir(), `tailan-ocr-${process.pid}-`));
	// Removed on close, or when the process (or thread) ends without closing the pool.
	const remove = () => rmSync(dir, { recursive: true, force: true });
	process.once("exit", remove);
	const dispose = () => {
		process.off("exit", remove);
		remove();
	};
	try {
		LANGS.forEach((lang, i) => {
			symlinkSync(files[i] as string, join(dir, `${lang}.traineddata.gz`));
		});
	} catch (e) {
		dispose();
		throw e;
	}
	return { dir, dispose };
}

/** One tesseract.js worker with the language order it keeps loaded. */
interface Slot {
	langs: OcrLangs;
	worker: Promise<Worker>;
	/** Rejects if the worker's thread dies (tesseract.js would leave its jobs pending). */
	died: Promise<never>;
	/** Set when terminated: tesseract.js must not be sent anything after (it would never answer). */
	retired: boolean;
	busy: boolean;
	psm: number | undefined;
	dpi: number | undefined;
	/** The character whitelist set in the worker ("" none). */
	whitelist: string;
	uses: number;
}

interface Job {
	request: OcrRequest;
	rect: Box;
	resolve: (r: OcrResult) => void;
	reject: (e: unknown) => void;
	retried: boolean;
}

const NATIVE_MISSING =
	"install it (Debian/Ubuntu: apt-get install tesseract-ocr), or set TAILAN_OCR=wasm to read with the bundled tesseract.js";

let nativeFound:
	| Map<string, ReturnType<typeof nativeTesseractVersion>>
	| undefined;

/** Which engine reads, how, and why (chooseOcrEngine). */
export interface OcrEngineChosen {
	kind: "wasm" | "native";
	/** Native only: libtesseract in-process ("library") or the `tesseract` program per batch. */
	via?: "library" | "program";
	why: string;
	/** Native through the program: why the library was not used. */
	libraryMissing?: string;
}

/**
 * Which engine a pool of these options reads with, and why: the option, else TAILAN_OCR, else
 * wasm; "native" is libtesseract in-process when it loads (ocr-inproc.ts), else the `tesseract`
 * program (≥ 4); "auto" is native when either is there, else wasm (checked once a process).
 * Throws a TypeError for an unknown choice, and OcrEngineError when native is asked for and
 * neither is there.
 */
export function chooseOcrEngine(
	options: Pick<
		OcrPoolOptions,
		"engine" | "nativeProgram" | "nativeLibrary"
	> = {},
): OcrEngineChosen {
	const env = process.env.TAILAN_OCR?.trim();
	const asked = options.engine ?? (env ? env : undefined) ?? "wasm";
	if (asked !== "wasm" && asked !== "native" && asked !== "auto")
		throw new TypeError(
			`${options.engine ? "createOcrPool: engine" : "TAILAN_OCR"} must be wasm, native or auto, got "${asked}"`,
		);
	const from = options.engine
		? "engine option"
		: env
			? "TAILAN_OCR"
			: "default";
	if (asked === "wasm") return { kind: "wasm", why: `tesseract.js (${from})` };
	const lib = inprocTesseract(options.nativeLibrary ?? TESSERACT_LIBRARY);
	if ("version" in lib)
		return {
			kind: "native",
			via: "library",
			why: `libtesseract ${lib.version} in-process (${from})`,
		};
	const program = options.nativeProgram ?? "tesseract";
	nativeFound ??= new Map();
	if (!nativeFound.has(program))
		nativeFound.set(program, nativeTesseractVersion(program));
	const found = nativeFound.get(program);
	if (found)
		return {
			kind: "native",
			via: "program",
			why: `${found.line}, a process a batch (${from}; ${lib.error})`,
			libraryMissing: lib.error,
		};
	if (asked === "native")
		throw new OcrEngineError(
			`native OCR was asked for (${from}) but neither the library nor "${program}" (version 4 or later) is there (${lib.error}): ${NATIVE_MISSING}`,
		);
	return {
		kind: "wasm",
		why: `tesseract.js (auto: no native tesseract ≥ 4: ${lib.error}, and no "${program}" on PATH)`,
	};
}

/** Whether the fallback from the library to the program has been told (once a process). */
let toldFallback = false;

/**
 * An OCR pool for OcrEngine requests: native tesseract or tesseract.js, as
 * {@link chooseOcrEngine} says. Throws OcrModelMissingError before starting anything when a
 * model file is missing. Call close() when done.
 */
export async function createOcrPool(
	options: OcrPoolOptions = {},
): Promise<OcrEngine> {
	const chosen = chooseOcrEngine(options);
	if (chosen.kind === "wasm") return createWasmOcrPool(options);
	const size = options.size ?? availableParallelism();
	const models = { mon: "", eng: "" };
	for (const lang of LANGS) {
		const f =
			options.langPath !== undefined
				? join(options.langPath, `${lang}.traineddata.gz`)
				: installedModel(lang, options.model);
		checkModelFile(f);
		models[lang] = f;
	}
	const limits = options.nativeTimeout
		? {
				timeoutMs: options.nativeTimeout.ms,
				msPerMpx: options.nativeTimeout.msPerMpx,
			}
		: {};
	const common = {
		size,
		models,
		...(options.dpiHint !== undefined ? { dpiHint: options.dpiHint } : {}),
		...(options.parameters ? { parameters: options.parameters } : {}),
		...limits,
		encode: (request: OcrRequest, rect: Box) =>
			(request.squeeze ?? 1) === 1
				? encodePgm(request.image, rect)
				: encodeSqueezedPgm(request.image, rect, request.squeeze as number),
		fromTsv,
	};
	if (chosen.via === "program" && !toldFallback) {
		toldFallback = true;
		process.stderr.write(
			`tailan: OCR: ${chosen.libraryMissing}; the tesseract program reads instead, a process a batch (slower). Install libtesseract5 to read in-process.\n`,
		);
	}
	const native =
		chosen.via === "library"
			? await createInprocOcrPool({
					...common,
					zoomLinesBelow: LINE_ZOOM_BELOW,
					...(options.nativeLibrary ? { library: options.nativeLibrary } : {}),
				})
			: createNativeOcrPool({
					...common,
					...(options.nativeProgram ? { program: options.nativeProgram } : {}),
				});
	const reads =
		options.nativeReads ?? (chosen.via === "library" ? "all" : "blocks");
	if (reads === "all") return native;
	// A process costs ≈ 0.08 CPU s to start: single lines (typed values, their constrained second
	// readings, the orientation line) arrive a few at a time and cost tesseract.js 4–50 ms each.
	let lines: OcrEngine;
	try {
		// Half the workers: a page's lines cost about a tenth of its blocks.
		lines = await createWasmOcrPool({
			...options,
			size: Math.max(1, Math.ceil(size / 2)),
		});
	} catch (e) {
		await native.close();
		throw e;
	}
	return {
		recognize: (request) =>
			(request.psm === 6 || request.psm === 4 ? native : lines).recognize(
				request,
			),
		async close() {
			await Promise.all([native.close(), lines.close()]);
		},
	};
}

/**
 * A pool of tesseract.js workers for OcrEngine requests. Throws OcrModelMissingError before
 * starting anything when a model file is missing. Call close() when done.
 */
async function createWasmOcrPool(options: OcrPoolOptions): Promise<OcrEngine> {
	const size = options.size ?? availableParallelism();
	const recycleAfter = options.recycleAfter ?? 1000;
	const dpiHint = options.dpiHint ?? true;
	// Tesseract prints statistics of blank or tiny images to stdout unless told where to write.
	const parameters = { debug_file: "/dev/null", ...options.parameters };
	if (!Number.isInteger(size) || size < 1)
		throw new TypeError(
			`createOcrPool: size must be a positive integer, got ${size}`,
		);
	if (!Number.isInteger(recycleAfter) || recycleAfter < 1)
		throw new TypeError(
			`createOcrPool: recycleAfter must be a positive integer, got ${recycleAfter}`,
		);
	const models = modelDirectory(options);
	// tesseract.js's own worker script, its progress messages left out (ocr-worker.cjs).
	const workerPath = fileURLToPath(
		new URL("./ocr-worker.cjs", import.meta.url),
	);
	const corePath = dirname(require.resolve("tesseract.js-core/package.json"));

	const slots: Slot[] = [];
	const queue: Job[] = [];
	const active = new Set<Job>();
	let running = 0;
	let closed = false;

	const spawn = (
		langs: OcrLangs,
	): { worker: Promise<Worker>; died: Promise<never> } => {
		let failed: (e: unknown) => void = () => {};
		const failure = new Promise<never>((_, reject) => {
			failed = reject;
		});
		failure.catch(() => {});
		const started = createWorker(langs, OEM.LSTM_ONLY, {
			langPath: models.dir,
			gzip: true,
			cacheMethod: "none",
			workerPath,
			corePath,
			// tesseract.js throws an uncaught error from its message handler unless given this;
			// a failed start otherwise never settles.
			errorHandler: (e: unknown) => failed(new OcrEngineError(String(e))),
		});
		const worker = Promise.race([started, failure]).then(async (w) => {
			const thread = (w as unknown as { worker?: NodeWorker }).worker;
			thread?.once("exit", (code) =>
				failed(
					new OcrEngineError(`an OCR worker thread exited (code ${code})`),
				),
			);
			if (Object.keys(parameters).length > 0)
				await w.setParameters(parameters as never);
			return w;
		});
		return { worker, died: failure };
	};

	const retire = (slot: Slot) => {
		const at = slots.indexOf(slot);
		if (at >= 0) slots.splice(at, 1);
		slot.retired = true;
		return slot.worker.then((w) => w.terminate()).catch(() => {});
	};

	/** An idle worker for these languages, preferring one already in this psm; else a new one. */
	const slotFor = (langs: OcrLangs, psm: number): Slot => {
		const idle = slots.filter((s) => !s.busy && s.langs === langs);
		const slot =
			idle.find((s) => s.psm === psm) ??
			idle[0] ??
			(() => {
				const s: Slot = {
					langs,
					...spawn(langs),
					retired: false,
					busy: false,
					psm: undefined,
					dpi: undefined,
					whitelist: "",
					uses: 0,
				};
				slots.push(s);
				return s;
			})();
		return slot;
	};

	const pump = () => {
		while (!closed && running < size && queue.length > 0) {
			const job = queue.shift() as Job;
			running++;
			active.add(job);
			const slot = slotFor(job.request.langs, job.request.psm);
			slot.busy = true;
			run(slot, job)
				.then(
					(r) => {
						slot.uses++;
						slot.busy = false;
						if (slot.uses >= recycleAfter) retire(slot);
						job.resolve(r);
					},
					(e) => {
						// A worker that failed is not trusted again; the request gets one more try.
						retire(slot);
						if (!job.retried && !closed) {
							job.retried = true;
							queue.unshift(job);
						} else job.reject(e);
					},
				)
				.finally(() => {
					active.delete(job);
					running--;
					pump();
				});
		}
	};

	const run = async (slot: Slot, job: Job): Promise<OcrResult> => {
		const { request, rect } = job;
		const worker = await Promise.race([slot.worker, slot.died]);
		const live = () => {
			if (slot.retired) throw new OcrEngineError("the OCR worker was stopped");
		};
		live();
		// Parameters are sent only when they change (each is a message to the worker thread).
		const params: Record<string, string> = {};
		if (slot.psm !== request.psm)
			params.tessedit_pageseg_mode = String(request.psm);
		const dpi = dpiHint ? Math.round(request.image.dpi) : undefined;
		if (dpi !== undefined && slot.dpi !== dpi)
			params.user_defined_dpi = String(dpi);
		const whitelist = request.whitelist ?? "";
		if (slot.whitelist !== whitelist)
			params.tessedit_char_whitelist = whitelist;
		if (Object.keys(params).length > 0) {
			await Promise.race([worker.setParameters(params as never), slot.died]);
			slot.psm = request.psm;
			slot.dpi = dpi;
			slot.whitelist = whitelist;
		}
		const squeeze = request.squeeze ?? 1;
		const pgm =
			squeeze === 1
				? encodePgm(request.image, rect)
				: encodeSqueezedPgm(request.image, rect, squeeze);
		live();
		const { data } = await Promise.race([
			worker.recognize(
				Buffer.from(pgm.buffer, pgm.byteOffset, pgm.byteLength),
				{},
				{ text: false, tsv: true },
			),
			slot.died,
		]);
		return fromTsv(
			data.tsv ?? "",
			rect[0],
			rect[1],
			squeeze,
			rect[2] - rect[0],
		);
	};

	return {
		recognize(request) {
			let rect: Box;
			try {
				rect = requestRect(request, closed);
			} catch (e) {
				return Promise.reject(e);
			}
			return new Promise<OcrResult>((resolve, reject) => {
				queue.push({ request, rect, resolve, reject, retried: false });
				pump();
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			for (const job of [...queue.splice(0), ...active])
				job.reject(new TypeError("recognize: the OCR pool was closed"));
			await Promise.all([...slots].map(retire));
			models.dispose();
		},
	};
}

/**
 * Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height, conf,
 * text) → words with boxes moved by (dx, dy), and the text: words of a line joined by spaces,
 * lines by "\n", paragraphs by "\n\n". An image read squeezed horizontally by `sx` has its
 * words' x coordinates scaled back by 1/sx (kept within `width` pixels of the region, if given).
 */
export function fromTsv(
	tsv: string,
	dx = 0,
	dy = 0,
	sx = 1,
	width = Number.POSITIVE_INFINITY,
): OcrResult {
	const words: OcrWord[] = [];
	const paragraphs: string[][] = [];
	let lineKey = "";
	let parKey = "";
	let line: string[] = [];
	let par: string[] = [];
	const endLine = () => {
		if (line.length > 0) par.push(line.join(" "));
		line = [];
	};
	const endPar = () => {
		endLine();
		if (par.length > 0) paragraphs.push(par);
		par = [];
	};
	for (const row of tsv.split("\n")) {
		const f = row.split("\t");
		if (f[0] !== "5" || f.length < 12) continue;
		const text = (f.slice(11).join("\t") ?? "").trim();
		if (text === "") continue;
		const pk = `${f[1]}.${f[2]}.${f[3]}`;
		const lk = `${pk}.${f[4]}`;
		if (pk !== parKey) {
			endPar();
			parKey = pk;
		} else if (lk !== lineKey) endLine();
		lineKey = lk;
		line.push(text);
		const top = Number(f[7]) + dy;
		const bbox: Box =
			sx === 1
				? [
						Number(f[6]) + dx,
						top,
						Number(f[6]) + Number(f[8]) + dx,
						top + Number(f[9]),
					]
				: [
						Math.floor(Number(f[6]) / sx) + dx,
						top,
						Math.min(width, Math.ceil((Number(f[6]) + Number(f[8])) / sx)) + dx,
						top + Number(f[9]),
					];
		words.push({ text, confidence: Math.max(0, Number(f[10])), bbox });
	}
	endPar();
	const confidence =
		words.length === 0
			? 100
			: words.reduce((s, w) => s + w.confidence, 0) / words.length;
	return {
		text: paragraphs.map((p) => p.join("\n")).join("\n\n"),
		confidence,
		words,
	};
}
