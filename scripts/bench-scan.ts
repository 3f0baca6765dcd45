/**
 * Scanned-report benchmark (issues 4 and 14): seconds per page of the whole scanned import
 * (ingest → parsers/image → pipeline → store, in a child process so its peak memory is its own)
 * against the native `tesseract` CLI on the same page images, side by side in the same run, on
 * clean pages (the gold report scanned at 300 dpi) and degraded ones (a worn office copy at
 * 200 dpi: faded toner, JPEG q55, skew; scripts/scan-profiles.ts). Each set is one page file per
 * page: tailan imports them as one report (pipeline/pages.ts), native tesseract reads each file
 * (-l mon --psm 6, OMP_THREAD_LIMIT=1, as many processes as cores; a second line with
 * -l mon+eng, the languages tailan reads text cells with, for reference).
 *
 *   npx tsx scripts/bench-scan.ts [--pages N] [--sets clean,copier] [--engine auto|wasm|native]
 *                                 [--details]
 *
 * The import reads with the OCR engine parsers/image/ocr.ts chooses (tesseract.js unless --engine
 * or TAILAN_OCR asks for native, or auto: native where it is installed): its CPU seconds count the
 * native engine's tesseract processes (scripts/cpu-time.ts), and its memory the importing
 * process (with the native engine in-process, its worker threads and their models too) plus,
 * with the native program, one tesseract process a core at the peak native `-l mon+eng`
 * reaches on a whole page.
 *
 * Native tesseract is not a dependency of tailan: install it for the comparison with
 * `apt-get install tesseract-ocr tesseract-ocr-mon` (Debian/Ubuntu). Without it the tailan
 * figures are printed and the comparison says "skipped: native tesseract not installed".
 *
 * --details adds the measurements behind parsers/image/ocr.ts's choices: tesseract.js whole
 * pages (psm 6) with 1 and 2 workers against native with 1 and 2 processes; the "fast" and
 * "best_int" model folders on the plan table's cells (text from the PDF's text layer: CER and
 * CPU time); the cost of handing crops over as PGM, PNG or BMP; and switching a worker between
 * "mon+eng" and "eng+mon" against keeping one worker per order.
 *
 * Timings on a shared machine are noisy: both sides run in the same run (native before and
 * after tailan, averaged), and CPU seconds (less sensitive to other load) are printed beside
 * wall-clock seconds.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { distance } from "fastest-levenshtein";
import {
	createOcrPool,
	installedModel,
	type OcrEngineChoice,
	type OcrModel,
} from "../parsers/image/ocr.ts";
import { pdfPageImages } from "../parsers/image/pdf-render.ts";
import { encodePgm, imagePages } from "../parsers/image/raster.ts";
import type { Box, GrayImage, OcrLangs } from "../parsers/image/types.ts";
import { latticeGrids } from "../parsers/pdf/lattice.ts";
import { openPdf } from "../parsers/pdf/load.ts";
import { groupName } from "../pipeline/pages.ts";
import { childrenCounted, cpuSeconds } from "./cpu-time.ts";
import { launcherNodeFlags } from "./launcher.ts";
import {
	encodeGrayPng,
	profileScans,
	scanFixtures,
} from "./make-scan-fixtures.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const GOLD_PDF = join(root, "fixtures/pdf/gold/input.pdf");
const cores = availableParallelism();
/** Pages of the gold report (fixtures/pdf/gold/input.pdf). */
export const GOLD_PAGES = 17;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** The page sets compared: clean 300 dpi, and a worn copier's copy at 200 dpi. */
export const SCAN_SETS = {
	clean: { profile: "clean", dpi: 300, what: "clean scan, 300 dpi PNG" },
	copier: {
		profile: "copier",
		dpi: 200,
		what: "worn office copy, 200 dpi JPEG q55",
	},
} as const;
export type ScanSetName = keyof typeof SCAN_SETS;

/** Goals of issue 14: tailan's seconds per page against native's, and peak memory. */
const RATIO_GOAL = 1.0;
const RSS_GOAL_MIB = 1.5 * 1024;

export interface ScanBenchOptions {
	/** Pages of the gold scan (from the first); default all (the whole report). */
	pages?: number;
	/** The sets to run; default clean and copier. */
	sets?: readonly ScanSetName[];
	/** Details: scan resolution; default 300. */
	dpi?: number;
	/** Progress lines to stderr (default silent). */
	log?: (line: string) => void;
	/** The OCR engine of the import (TAILAN_OCR in its process); default as the import chooses. */
	engine?: OcrEngineChoice;
}

// ── native tesseract ────────────────────────────────────────────────────────────────────────

/** Native tesseract's version line when it is installed with Mongolian and English, else undefined. */
export function nativeTesseract(): string | undefined {
	const r = spawnSync("tesseract", ["--list-langs"], { encoding: "utf8" });
	if (r.error || r.status !== 0) return undefined;
	const langs = `${r.stdout}${r.stderr}`.split("\n").map((l) => l.trim());
	if (!langs.includes("mon") || !langs.includes("eng")) return undefined;
	const v = spawnSync("tesseract", ["--version"], { encoding: "utf8" });
	return `${v.stdout}${v.stderr}`.split("\n")[0]?.trim() ?? "tesseract";
}

/** What the comparison says without native tesseract. */
export const NATIVE_SKIPPED =
	"skipped: native tesseract not installed (for the comparison: apt-get install tesseract-ocr tesseract-ocr-mon)";

interface Timed {
	wallMs: number;
	/** CPU seconds of the children (user + system), when /usr/bin/time is there. */
	cpu?: number;
	/** Largest peak RSS of one tesseract process (MiB), when /usr/bin/time is there. */
	maxRssMiB?: number;
}

const hasTime = spawnSync("/usr/bin/time", ["-f", "%U", "true"]).status === 0;

/** Native tesseract on each page, `processes` at a time (psm 6, one thread each). */
export async function nativeOcr(
	pages: readonly string[],
	processes: number,
	langs = "mon",
): Promise<Timed> {
	let cpu = 0;
	let rss = 0;
	let next = 0;
	const start = performance.now();
	const one = (page: string) =>
		new Promise<void>((resolve, reject) => {
			const args = [page, "-", "--psm", "6", "-l", langs];
			const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
			const child = hasTime
				? spawn("/usr/bin/time", ["-f", "%U %S %M", "tesseract", ...args], {
						env,
						stdio: ["ignore", "ignore", "pipe"],
					})
				: spawn("tesseract", args, {
						env,
						stdio: ["ignore", "ignore", "pipe"],
					});
			let err = "";
			child.stderr.on("data", (d: Buffer) => {
				err += d.toString();
			});
			child.on("error", reject);
			child.on("close", (code) => {
				if (code !== 0)
					return reject(new Error(`tesseract ${page}: ${err.trim()}`));
				const m = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(err);
				if (m) {
					cpu += Number(m[1]) + Number(m[2]);
					rss = Math.max(rss, Number(m[3]) / 1024);
				}
				resolve();
			});
		});
	const lane = async () => {
		while (next < pages.length) await one(pages[next++] as string);
	};
	await Promise.all(
		Array.from({ length: Math.min(processes, pages.length) }, lane),
	);
	return {
		wallMs: performance.now() - start,
		...(hasTime ? { cpu, maxRssMiB: rss } : {}),
	};
}

// ── the tailan import, in a child process ───────────────────────────────────────────────────

interface ImportRun {
	seconds: number;
	cpu: number;
	pages: number;
	measures: number;
	flags: number;
	holds: string[];
}

interface ImportRuns {
	/** The OCR engine the import read with, and why (parsers/image/ocr.ts chooseOcrEngine). */
	engine: string;
	/** It read with `tesseract` processes (the native program), whose memory is not the import's. */
	processes: boolean;
	/** The first import in a fresh process: the OCR workers start on the way. */
	cold: ImportRun;
	/** The same files again in that process (as in a batch import, where the pool is shared). */
	warm: ImportRun;
	maxRssMiB: number;
}

/**
 * ingest + store of `files` (one file, or the page files of one report), twice, in a fresh child
 * process (its peak RSS is the import's), started with the CLI launcher's Node flags (what
 * `npx tailan import` runs).
 */
function importInChild(
	files: readonly string[],
	engine: OcrEngineChoice | undefined,
): ImportRuns {
	const r = spawnSync(
		process.execPath,
		[
			...launcherNodeFlags(),
			"--import",
			"tsx",
			fileURLToPath(import.meta.url),
			"--child-import",
			JSON.stringify(files),
		],
		{
			cwd: root,
			encoding: "utf8",
			maxBuffer: 1 << 24,
			env: engine ? { ...process.env, TAILAN_OCR: engine } : process.env,
		},
	);
	if (r.status !== 0)
		throw new Error(
			`the import failed (exit ${r.status}): ${r.stderr.slice(-2000)}`,
		);
	const last = r.stdout.trim().split("\n").pop() ?? "";
	return JSON.parse(last) as ImportRuns;
}

/** The child's side: two imports, each timed from the call to the stored report. */
async function childImport(list: string): Promise<void> {
	const files = JSON.parse(list) as string[];
	const { ingest } = await import("../pipeline/ingest.ts");
	const { ingestPageFiles } = await import("../pipeline/pages.ts");
	const { openStore } = await import("../store/index.ts");
	const image = await import("../parsers/image/index.ts");
	const once = async (): Promise<ImportRun> => {
		// Opening the store (and its migrations) is setup, not import.
		const store = openStore(":memory:");
		// This process and the native engine's tesseract processes (none with tesseract.js).
		const cpu0 = cpuSeconds();
		const start = performance.now();
		const result =
			files.length === 1
				? await ingest(files[0] as string)
				: await ingestPageFiles(files);
		const outcome = store.importResult(result);
		const elapsed = performance.now() - start;
		const cpu = cpuSeconds() - cpu0;
		store.close();
		if (outcome.status !== "imported")
			throw new Error(`expected an import, got ${outcome.status}`);
		return {
			seconds: elapsed / 1000,
			cpu,
			pages: result.document.pages.length,
			measures: result.record.measures.length,
			flags: result.flags.length,
			holds: result.holds.map((h) => h.kind),
		};
	};
	const { chooseOcrEngine } = await import("../parsers/image/ocr.ts");
	const engine = chooseOcrEngine();
	const cold = await once();
	const warm = await once();
	await image.closeSharedOcr?.();
	const runs: ImportRuns = {
		engine: `${engine.kind}: ${engine.why}${engine.via === "program" && !childrenCounted() ? " (its processes' CPU not counted here)" : ""}`,
		processes: engine.via === "program",
		cold,
		warm,
		maxRssMiB: process.resourceUsage().maxRSS / 1024,
	};
	process.stdout.write(`${JSON.stringify(runs)}\n`);
}

// ── the benchmark ───────────────────────────────────────────────────────────────────────────

/** One set's lines: tailan's import of the page files against native tesseract on them. */
async function benchSet(
	name: ScanSetName,
	count: number,
	native: string | undefined,
	log: (line: string) => void,
	engineOpt: OcrEngineChoice | undefined,
): Promise<string[]> {
	const set = SCAN_SETS[name];
	const pages = Array.from({ length: count }, (_, i) => i + 1);
	const scans = await profileScans({
		profile: set.profile,
		dpi: set.dpi,
		pages,
		log,
	});
	const files = scans.files;
	const lines = [
		`scan     ${name}: ${set.what}, ${files.length} page files (${relative(process.cwd(), groupName(files))}), ${cores} cores`,
	];
	// Native before and after the import: the machine's load drifts.
	log(`${name}: native tesseract …`);
	const before = native ? await nativeOcr(files, cores) : undefined;
	log(`${name}: tailan import …`);
	const { engine, processes, cold, warm, maxRssMiB } = importInChild(
		files,
		engineOpt,
	);
	log(`${name}: native tesseract again …`);
	const after = native ? await nativeOcr(files, cores) : undefined;
	const withEng = native ? await nativeOcr(files, cores, "mon+eng") : undefined;
	const perPage = (r: ImportRun) => r.seconds / r.pages;
	const cpuPerPage = (r: ImportRun) => r.cpu / r.pages;
	const held = warm.holds.length ? `, held: ${warm.holds.join(", ")}` : "";
	lines.push(
		`engine   ${engine}`,
		`import   ${perPage(warm).toFixed(2)} s/page, ${cpuPerPage(warm).toFixed(2)} CPU s/page  (ingest + store of the page files as one report: layout, OCR with ${cores} workers, pipeline; ${warm.measures} measures, ${warm.flags} flags${held})`,
		`cold     ${perPage(cold).toFixed(2)} s/page, ${cpuPerPage(cold).toFixed(2)} CPU s/page  (the same, first in a fresh process: OCR workers start on the way)`,
	);
	// The native program's processes (at most one a core, one image at a time) are not in the
	// importing process's RSS: counted as the peak of native -l mon+eng on a whole page each. The
	// in-process engine's workers are in it.
	const children =
		processes && withEng?.maxRssMiB !== undefined
			? cores * withEng.maxRssMiB
			: 0;
	const memory = maxRssMiB + children;
	lines.push(
		`memory   ${memory.toFixed(0)} MiB peak RSS${children ? ` (importing process ${maxRssMiB.toFixed(0)} MiB + ${cores} tesseract processes of ≤ ${(withEng?.maxRssMiB ?? 0).toFixed(0)} MiB)` : " of the importing process"} (goal ≤ ${RSS_GOAL_MIB} MiB: ${memory <= RSS_GOAL_MIB ? "met" : "NOT met"})`,
	);
	if (!before || !after) {
		lines.push(`native   ${NATIVE_SKIPPED}`);
		return lines;
	}
	const nativeS = (before.wallMs + after.wallMs) / 2 / 1000 / files.length;
	const nativeCpu =
		before.cpu !== undefined && after.cpu !== undefined
			? (before.cpu + after.cpu) / 2 / files.length
			: undefined;
	const ratioOf = (r: ImportRun) => perPage(r) / nativeS;
	const ratio = (r: ImportRun) =>
		`${ratioOf(r).toFixed(2)}×${nativeCpu === undefined ? "" : ` (CPU ${(cpuPerPage(r) / nativeCpu).toFixed(2)}×)`}`;
	const rss =
		before.maxRssMiB === undefined
			? ""
			: `, ${Math.max(before.maxRssMiB, after.maxRssMiB ?? 0).toFixed(0)} MiB peak RSS a process`;
	lines.push(
		`native   ${nativeS.toFixed(2)} s/page${nativeCpu === undefined ? "" : `, ${nativeCpu.toFixed(2)} CPU s/page`}  (${native}: -l mon --psm 6, OMP_THREAD_LIMIT=1, ${cores} processes; runs before and after ${seconds(before.wallMs / files.length)} and ${seconds(after.wallMs / files.length)} s/page${rss})`,
	);
	if (withEng)
		lines.push(
			`native   ${seconds(withEng.wallMs / files.length)} s/page${withEng.cpu === undefined ? "" : `, ${(withEng.cpu / files.length).toFixed(2)} CPU s/page`} with -l mon+eng (for reference: the languages of tailan's text cells; ratio ${(perPage(warm) / (withEng.wallMs / 1000 / files.length)).toFixed(2)}×${withEng.cpu ? `, CPU ${(cpuPerPage(warm) / (withEng.cpu / files.length)).toFixed(2)}×` : ""})`,
		);
	lines.push(
		// Wall seconds on a shared machine follow its load; CPU seconds much less: both judged.
		`ratio    ${ratio(warm)} native per page; cold ${ratio(cold)}  (goal ≤ ${RATIO_GOAL.toFixed(1)}×: wall ${ratioOf(warm) <= RATIO_GOAL ? "met" : "NOT met"}${nativeCpu === undefined ? "" : `, CPU ${cpuPerPage(warm) / nativeCpu <= RATIO_GOAL ? "met" : "NOT met"}`})`,
	);
	return lines;
}

/** The acceptance benchmark's lines: tailan's scanned import against native tesseract. */
export async function benchScan(
	options: ScanBenchOptions = {},
): Promise<string[]> {
	const log = options.log ?? (() => {});
	const count = options.pages ?? GOLD_PAGES;
	const native = nativeTesseract();
	const lines: string[] = [];
	for (const name of options.sets ?? (["clean", "copier"] as const))
		lines.push(...(await benchSet(name, count, native, log, options.engine)));
	return lines;
}

// ── details: the measurements behind the OCR pool's choices ─────────────────────────────────

const cpuNow = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6;
};

/** tesseract.js on whole pages (psm 6) with 1 and 2 workers, native with 1 and 2 processes. */
async function wholePages(pngs: readonly string[]): Promise<string[]> {
	const images: GrayImage[] = [];
	for (const f of pngs)
		for await (const p of imagePages(readFileSync(f), f)) images.push(p.image);
	const lines: string[] = [];
	for (const workers of [1, 2]) {
		const pool = await createOcrPool({ size: workers, engine: "wasm" });
		// Start and warm up each worker on a page (not timed: a process pays that once, and
		// WebAssembly runs baseline code until it is optimised).
		await Promise.all(
			Array.from({ length: workers }, () =>
				pool.recognize({
					image: images[0] as GrayImage,
					langs: "mon+eng",
					psm: 6,
				}),
			),
		);
		const c0 = cpuNow();
		const t0 = performance.now();
		await Promise.all(
			images.map((image) =>
				pool.recognize({ image, langs: "mon+eng", psm: 6 }),
			),
		);
		const wall = performance.now() - t0;
		const cpu = cpuNow() - c0;
		await pool.close();
		const nat = await nativeOcr(pngs, workers, "mon+eng");
		lines.push(
			`pages    tesseract.js ${workers} worker${workers > 1 ? "s" : " "}: ${seconds(wall / images.length)} s/page (${(cpu / images.length).toFixed(2)} CPU s); native ${workers} process${workers > 1 ? "es" : "  "}: ${seconds(nat.wallMs / images.length)} s/page${nat.cpu === undefined ? "" : ` (${(nat.cpu / images.length).toFixed(2)} CPU s)`}; ratio ${(wall / nat.wallMs).toFixed(2)}×${nat.cpu ? `, CPU ${(cpu / nat.cpu).toFixed(2)}×` : ""}  (whole page, psm 6, mon+eng)`,
		);
	}
	return lines;
}

type CellType = "text" | "item" | "number" | "level";
interface TruthCell {
	type: CellType;
	image: GrayImage;
	box: Box;
	truth: string;
}
const TYPE_BY_COLUMN: CellType[] = [
	"item",
	"text",
	"number",
	"text",
	"number",
	"number",
	"number",
	"text",
	"level",
];
const READ: Record<CellType, { langs: Exclude<OcrLangs, "mon">; psm: 6 | 7 }> =
	{
		text: { langs: "mon+eng", psm: 6 },
		item: { langs: "eng+mon", psm: 7 },
		number: { langs: "eng+mon", psm: 7 },
		level: { langs: "eng+mon", psm: 7 },
	};
const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * The plan table's body cells on these pages of the gold PDF, rendered clean at 300 dpi and
 * inset clear of the rulings, with their text from the PDF's text layer (single-line typed cells
 * only: psm 7 reads one line).
 */
async function goldCells(pages: readonly number[]): Promise<TruthCell[]> {
	const bytes = readFileSync(GOLD_PDF);
	const images = new Map<number, GrayImage>();
	for await (const p of pdfPageImages(bytes, GOLD_PDF, { pages }))
		images.set(p.page, p.image);
	const pdf = await openPdf(bytes, GOLD_PDF);
	const out: TruthCell[] = [];
	const s = 300 / 72;
	try {
		for (const n of pages) {
			const page = await pdf.page(n);
			for (const grid of latticeGrids(page.horizontals, page.verticals)) {
				if (grid.xs.length !== 10) continue;
				for (const cell of grid.cells) {
					const [x0, y0, x1, y1] = cell.box;
					const items = page.items
						.filter((t) => {
							const cx = (t.x0 + t.x1) / 2;
							const cy = (t.y0 + t.y1) / 2;
							return cx > x0 && cx < x1 && cy > y0 && cy < y1 && !t.bold;
						})
						.sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
					if (items.length === 0 || cell.colSpan > 1) continue;
					const type = TYPE_BY_COLUMN[cell.col] ?? "text";
					const lines = new Set(items.map((t) => Math.round(t.baseline)));
					if (type !== "text" && lines.size > 1) continue;
					const truth = items.map((t) => t.text).join(" ");
					if (cell.row <= 2 && /^\d$/.test(truth)) continue; // the column numbering
					out.push({
						type,
						image: images.get(n) as GrayImage,
						box: [
							Math.round(x0 * s) + 6,
							Math.round(y0 * s) + 6,
							Math.round(x1 * s) - 6,
							Math.round(y1 * s) - 6,
						],
						truth,
					});
				}
			}
		}
	} finally {
		await pdf.close();
	}
	return out;
}

/** "fast" and "best_int" model folders: worker start, CPU time and CER per cell type. */
async function models(cells: readonly TruthCell[]): Promise<string[]> {
	const lines: string[] = [];
	for (const model of ["best_int", "fast"] as OcrModel[]) {
		const t0 = performance.now();
		const pool = await createOcrPool({ size: 1, model, engine: "wasm" });
		const first = cells[0] as TruthCell;
		await pool.recognize({
			image: first.image,
			rect: [0, 0, 64, 64],
			langs: "mon+eng",
			psm: 6,
		});
		await pool.recognize({
			image: first.image,
			rect: [0, 0, 64, 64],
			langs: "eng+mon",
			psm: 7,
		});
		const start = performance.now() - t0;
		// Warm up (WebAssembly is compiled by a baseline compiler first, optimised while it runs).
		for (const c of cells.filter((c) => c.type === "text").slice(0, 4))
			await pool.recognize({ image: c.image, rect: c.box, ...READ[c.type] });
		const c0 = cpuNow();
		const score: Record<
			string,
			{ edits: number; chars: number; exact: number; cells: number }
		> = {};
		for (const c of cells) {
			const r = await pool.recognize({
				image: c.image,
				rect: c.box,
				...READ[c.type],
			});
			const truth = collapse(c.truth);
			const edits = distance(collapse(r.text), truth);
			const s = score[c.type] ?? { edits: 0, chars: 0, exact: 0, cells: 0 };
			score[c.type] = s;
			s.edits += edits;
			s.chars += truth.length;
			s.cells++;
			if (edits === 0) s.exact++;
		}
		const cpu = cpuNow() - c0;
		await pool.close();
		lines.push(
			`model    ${model.padEnd(8)} start ${seconds(start)} s (both orders), ${((cpu / cells.length) * 1000).toFixed(0)} CPU ms/cell; ${Object.entries(
				score,
			)
				.map(
					([k, s]) =>
						`${k} CER ${((100 * s.edits) / s.chars).toFixed(2)}% (${s.exact}/${s.cells} exact)`,
				)
				.join(", ")}`,
		);
	}
	return lines;
}

/** A temporary folder with both installed models, for tesseract.js workers made here. */
function modelFolder(): { dir: string; dispose: () => void } {
	const dir = mkdtempSync(join(tmpdir(), "tailan-bench-ocr-"));
	for (const lang of ["mon", "eng"] as const)
		symlinkSync(installedModel(lang), join(dir, `${lang}.traineddata.gz`));
	return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const crop = (c: TruthCell): GrayImage => {
	const [x0, y0, x1, y1] = c.box;
	const width = x1 - x0;
	const height = y1 - y0;
	const data = new Uint8Array(width * height);
	for (let y = 0; y < height; y++)
		data.set(
			c.image.data.subarray(
				(y0 + y) * c.image.width + x0,
				(y0 + y) * c.image.width + x1,
			),
			y * width,
		);
	return { width, height, data, dpi: c.image.dpi };
};

/** A 24-bit BMP (tesseract.js re-encodes every BMP with bmp-js before Leptonica reads it). */
function encodeBmp(g: GrayImage): Uint8Array {
	const row = (g.width * 3 + 3) & ~3;
	const out = Buffer.alloc(54 + row * g.height);
	out.write("BM");
	out.writeUInt32LE(out.length, 2);
	out.writeUInt32LE(54, 10);
	out.writeUInt32LE(40, 14);
	out.writeInt32LE(g.width, 18);
	out.writeInt32LE(g.height, 22);
	out.writeUInt16LE(1, 26);
	out.writeUInt16LE(24, 28);
	out.writeUInt32LE(row * g.height, 34);
	for (let y = 0; y < g.height; y++)
		for (let x = 0; x < g.width; x++) {
			const v = g.data[(g.height - 1 - y) * g.width + x] as number;
			out.fill(v, 54 + y * row + x * 3, 54 + y * row + x * 3 + 3);
		}
	return out;
}

/** Crops handed to tesseract.js as PGM, PNG or BMP: encoding time and the OCR's CPU time. */
async function encodings(cells: readonly TruthCell[]): Promise<string[]> {
	const { createWorker } = await import("tesseract.js");
	const models = modelFolder();
	const lines: string[] = [];
	try {
		const w = await createWorker("mon+eng", 1, {
			langPath: models.dir,
			gzip: true,
			cacheMethod: "none",
		});
		await w.setParameters({ tessedit_pageseg_mode: "6" as never });
		const crops = cells
			.filter((c) => c.type === "text")
			.slice(0, 20)
			.map(crop);
		// Warm up (WebAssembly is compiled by a baseline compiler first, optimised while it runs).
		for (const g of crops.slice(0, 6))
			await w.recognize(
				Buffer.from(encodePgm(g)),
				{},
				{ text: false, tsv: true },
			);
		const formats: [string, (g: GrayImage) => Uint8Array][] = [
			["PGM", (g) => encodePgm(g)],
			["PNG", encodeGrayPng],
			["BMP", encodeBmp],
			["PGM", (g) => encodePgm(g)],
		];
		for (const [name, encode] of formats) {
			let encodeMs = 0;
			let bytes = 0;
			const c0 = cpuNow();
			for (const g of crops) {
				const e0 = performance.now();
				const b = encode(g);
				encodeMs += performance.now() - e0;
				bytes += b.length;
				await w.recognize(Buffer.from(b), {}, { text: false, tsv: true });
			}
			const cpu = cpuNow() - c0;
			lines.push(
				`crops    ${name}: encode ${(encodeMs / crops.length).toFixed(2)} ms/crop, ${(bytes / crops.length / 1024).toFixed(0)} KiB; encode + OCR ${((cpu / crops.length) * 1000).toFixed(0)} CPU ms/crop  (${crops.length} narrative cells)`,
			);
		}
		await w.terminate();
	} finally {
		models.dispose();
	}
	return lines;
}

/** Cells in row order with language switches: one worker reinitialised, or one per order. */
async function switching(cells: readonly TruthCell[]): Promise<string[]> {
	const { createWorker } = await import("tesseract.js");
	const models = modelFolder();
	const options = { langPath: models.dir, gzip: true, cacheMethod: "none" };
	const run = async (
		workerFor: (
			langs: Exclude<OcrLangs, "mon">,
		) => Promise<Awaited<ReturnType<typeof createWorker>>>,
	) => {
		const psm = new Map<unknown, number>();
		const c0 = cpuNow();
		for (const c of cells) {
			const read = READ[c.type];
			const w = await workerFor(read.langs);
			if (psm.get(w) !== read.psm) {
				await w.setParameters({
					tessedit_pageseg_mode: String(read.psm) as never,
				});
				psm.set(w, read.psm);
			}
			await w.recognize(
				Buffer.from(encodePgm(c.image, c.box)),
				{},
				{ text: false, tsv: true },
			);
		}
		return cpuNow() - c0;
	};
	try {
		const one = await createWorker("mon+eng", 1, options);
		// Warm up (WebAssembly is compiled by a baseline compiler first, optimised while it runs).
		for (const c of cells.slice(0, 6))
			await one.recognize(
				Buffer.from(encodePgm(c.image, c.box)),
				{},
				{ text: false, tsv: true },
			);
		await one.reinitialize("eng+mon");
		let current: OcrLangs = "eng+mon";
		let switches = 0;
		const c0 = cpuNow();
		for (let i = 0; i < 6; i++)
			await one.reinitialize(i % 2 ? "eng+mon" : "mon+eng");
		const reinit = (cpuNow() - c0) / 6;
		const single = await run(async (langs) => {
			if (langs !== current) {
				await one.reinitialize(langs);
				current = langs;
				switches++;
			}
			return one;
		});
		await one.terminate();
		const pair = {
			"mon+eng": await createWorker("mon+eng", 1, options),
			"eng+mon": await createWorker("eng+mon", 1, options),
		};
		for (const w of Object.values(pair))
			for (const c of cells.slice(0, 6))
				await w.recognize(
					Buffer.from(encodePgm(c.image, c.box)),
					{},
					{ text: false, tsv: true },
				);
		const both = await run(async (langs) => pair[langs]);
		for (const w of Object.values(pair)) await w.terminate();
		return [
			`langs    reinitialize ${(reinit * 1000).toFixed(0)} CPU ms a switch; ${cells.length} cells in row order: one worker switching (${switches} switches) ${single.toFixed(2)} CPU s, one worker per order ${both.toFixed(2)} CPU s`,
		];
	} finally {
		models.dispose();
	}
}

/** The detail lines (slow: a few minutes). */
export async function benchScanDetails(
	options: ScanBenchOptions = {},
): Promise<string[]> {
	const log = options.log ?? (() => {});
	const count = options.pages ?? 3;
	const pages = Array.from({ length: count }, (_, i) => i + 1);
	const scans = await scanFixtures({ dpis: [options.dpi ?? 300], pages, log });
	const lines: string[] = [];
	if (!nativeTesseract()) return [`details  ${NATIVE_SKIPPED}`];
	log("whole pages …");
	lines.push(...(await wholePages(scans.sets[0]?.png ?? [])));
	log("cells …");
	const cells = await goldCells(pages.length > 1 ? pages.slice(1) : pages);
	lines.push(...(await models(cells)));
	log("encodings …");
	lines.push(...(await encodings(cells)));
	log("language switching …");
	lines.push(...(await switching(cells)));
	return lines;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			pages: { type: "string", default: String(GOLD_PAGES) },
			dpi: { type: "string", default: "300" },
			details: { type: "boolean", default: false },
			sets: { type: "string", default: "clean,copier" },
			engine: { type: "string" },
			"child-import": { type: "string" },
		},
	});
	if (values["child-import"]) return childImport(values["child-import"]);
	const pages = Number(values.pages);
	if (!Number.isInteger(pages) || pages < 1 || pages > 17) {
		process.stderr.write(
			`error: --pages must be 1…17, got "${values.pages}"\n`,
		);
		process.exit(2);
	}
	const sets = values.sets.split(",").map((x) => x.trim()) as ScanSetName[];
	const unknown = sets.find((x) => !(x in SCAN_SETS));
	if (unknown !== undefined) {
		process.stderr.write(
			`error: --sets: ${unknown} is not one of ${Object.keys(SCAN_SETS).join(", ")}\n`,
		);
		process.exit(2);
	}
	const engine = values.engine as OcrEngineChoice | undefined;
	if (engine !== undefined && !["wasm", "native", "auto"].includes(engine)) {
		process.stderr.write(
			`error: --engine must be wasm, native or auto, got "${engine}"\n`,
		);
		process.exit(2);
	}
	const options = {
		pages,
		sets,
		...(engine ? { engine } : {}),
		dpi: Number(values.dpi),
		log: (line: string) => process.stderr.write(`${line}\n`),
	};
	process.stdout.write(`${(await benchScan(options)).join("\n")}\n`);
	if (values.details)
		process.stdout.write(`${(await benchScanDetails(options)).join("\n")}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
