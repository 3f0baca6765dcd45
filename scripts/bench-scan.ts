/**
 * Scanned-report benchmark (issue 4): seconds per page of the whole scanned import (ingest →
 * parsers/image → pipeline → store, in a child process so its peak memory is its own) against
 * the native `tesseract` CLI (Debian tesseract-ocr + tesseract-ocr-mon, OMP_THREAD_LIMIT=1,
 * --psm 6 -l mon+eng, as many processes as cores) on the same page images, in the same run.
 * The pages are the 300-dpi scans of the gold report (scripts/make-scan-fixtures.ts); tailan
 * imports them as one multi-page TIFF holding exactly those pixels.
 *
 *   npx tsx scripts/bench-scan.ts [--pages N] [--dpi 300] [--details]
 *
 * --details adds the measurements behind parsers/image/ocr.ts's choices: tesseract.js whole
 * pages (psm 6) with 1 and 2 workers against native with 1 and 2 processes; the "fast" and
 * "best_int" model folders on the plan table's cells (text from the PDF's text layer: CER and
 * CPU time); the cost of handing crops over as PGM, PNG or BMP; and switching a worker between
 * "mon+eng" and "eng+mon" against keeping one worker per order.
 *
 * Native tesseract is installed with apt-get if missing: a benchmark tool, never a dependency.
 * Timings on a shared machine are noisy: both sides run in the same run, and CPU seconds (less
 * sensitive to other load) are printed beside wall-clock seconds.
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
	type OcrModel,
} from "../parsers/image/ocr.ts";
import { pdfPageImages } from "../parsers/image/pdf-render.ts";
import { encodePgm, imagePages } from "../parsers/image/raster.ts";
import type { Box, GrayImage, OcrLangs } from "../parsers/image/types.ts";
import { latticeGrids } from "../parsers/pdf/lattice.ts";
import { openPdf } from "../parsers/pdf/load.ts";
import { launcherNodeFlags } from "./launcher.ts";
import { encodeGrayPng, scanFixtures } from "./make-scan-fixtures.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const GOLD_PDF = join(root, "fixtures/pdf/gold/input.pdf");
const cores = availableParallelism();
/** Pages of the gold report (fixtures/pdf/gold/input.pdf). */
export const GOLD_PAGES = 17;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

export interface ScanBenchOptions {
	/** Pages of the gold scan (from the first); default all (the whole report). */
	pages?: number;
	/** Scan resolution; default 300. */
	dpi?: number;
	/** Progress lines to stderr (default silent). */
	log?: (line: string) => void;
}

// ── native tesseract ────────────────────────────────────────────────────────────────────────

/** Is native tesseract there with Mongolian and English? Installs it with apt-get if not. */
export function ensureNativeTesseract(
	log: (line: string) => void = () => {},
): string | undefined {
	const check = () => {
		const r = spawnSync("tesseract", ["--list-langs"], { encoding: "utf8" });
		if (r.error || r.status !== 0) return undefined;
		const langs = `${r.stdout}${r.stderr}`.split("\n").map((l) => l.trim());
		if (!langs.includes("mon") || !langs.includes("eng")) return undefined;
		const v = spawnSync("tesseract", ["--version"], { encoding: "utf8" });
		return `${v.stdout}${v.stderr}`.split("\n")[0]?.trim() ?? "tesseract";
	};
	const found = check();
	if (found) return found;
	log(
		"native tesseract missing: apt-get install -y tesseract-ocr tesseract-ocr-mon",
	);
	const install = () =>
		spawnSync(
			"apt-get",
			["install", "-y", "tesseract-ocr", "tesseract-ocr-mon"],
			{
				stdio: "ignore",
				env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
			},
		).status === 0;
	if (!install()) {
		spawnSync("apt-get", ["update"], { stdio: "ignore" });
		install();
	}
	return check();
}

interface Timed {
	wallMs: number;
	/** CPU seconds of the children (user + system), when /usr/bin/time is there. */
	cpu?: number;
}

const hasTime = spawnSync("/usr/bin/time", ["-f", "%U", "true"]).status === 0;

/** Native tesseract on each page, `processes` at a time (psm 6, mon+eng, one thread each). */
export async function nativeOcr(
	pages: readonly string[],
	processes: number,
): Promise<Timed> {
	let cpu = 0;
	let next = 0;
	const start = performance.now();
	const one = (page: string) =>
		new Promise<void>((resolve, reject) => {
			const args = [page, "-", "--psm", "6", "-l", "mon+eng"];
			const child = hasTime
				? spawn("/usr/bin/time", ["-f", "%U %S", "tesseract", ...args], {
						env: { ...process.env, OMP_THREAD_LIMIT: "1" },
						stdio: ["ignore", "ignore", "pipe"],
					})
				: spawn("tesseract", args, {
						env: { ...process.env, OMP_THREAD_LIMIT: "1" },
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
				const m = /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(err);
				if (m) cpu += Number(m[1]) + Number(m[2]);
				resolve();
			});
		});
	const lane = async () => {
		while (next < pages.length) await one(pages[next++] as string);
	};
	await Promise.all(
		Array.from({ length: Math.min(processes, pages.length) }, lane),
	);
	return { wallMs: performance.now() - start, ...(hasTime ? { cpu } : {}) };
}

// ── the tailan import, in a child process ───────────────────────────────────────────────────

interface ImportRun {
	seconds: number;
	cpu: number;
	pages: number;
	measures: number;
	flags: number;
}

interface ImportRuns {
	/** The first import in a fresh process: the OCR workers start on the way. */
	cold: ImportRun;
	/** The same file again in that process (as in a batch import, where the pool is shared). */
	warm: ImportRun;
	maxRssMiB: number;
}

/**
 * ingest + store of `file`, twice, in a fresh child process (its peak RSS is the import's),
 * started with the CLI launcher's Node flags (what `npx tailan import` runs).
 */
function importInChild(file: string): ImportRuns {
	const r = spawnSync(
		process.execPath,
		[
			...launcherNodeFlags(),
			"--import",
			"tsx",
			fileURLToPath(import.meta.url),
			"--child-import",
			file,
		],
		{ cwd: root, encoding: "utf8", maxBuffer: 1 << 24 },
	);
	if (r.status !== 0)
		throw new Error(
			`the import failed (exit ${r.status}): ${r.stderr.slice(-2000)}`,
		);
	const last = r.stdout.trim().split("\n").pop() ?? "";
	return JSON.parse(last) as ImportRuns;
}

/** The child's side: two imports, each timed from the call to the stored report. */
async function childImport(file: string): Promise<void> {
	const { ingest } = await import("../pipeline/ingest.ts");
	const { openStore } = await import("../store/index.ts");
	const image = await import("../parsers/image/index.ts");
	const once = async (): Promise<ImportRun> => {
		// Opening the store (and its migrations) is setup, not import.
		const store = openStore(":memory:");
		const cpu0 = process.cpuUsage();
		const start = performance.now();
		const result = await ingest(file);
		const outcome = store.importResult(result);
		const elapsed = performance.now() - start;
		const cpu = process.cpuUsage(cpu0);
		store.close();
		if (outcome.status !== "imported")
			throw new Error(`expected an import, got ${outcome.status}`);
		return {
			seconds: elapsed / 1000,
			cpu: (cpu.user + cpu.system) / 1e6,
			pages: result.document.pages.length,
			measures: result.record.measures.length,
			flags: result.flags.length,
		};
	};
	const cold = await once();
	const warm = await once();
	await image.closeSharedOcr?.();
	const runs: ImportRuns = {
		cold,
		warm,
		maxRssMiB: process.resourceUsage().maxRSS / 1024,
	};
	process.stdout.write(`${JSON.stringify(runs)}\n`);
}

// ── the benchmark ───────────────────────────────────────────────────────────────────────────

/** The acceptance benchmark's lines: tailan's scanned import against native tesseract. */
export async function benchScan(
	options: ScanBenchOptions = {},
): Promise<string[]> {
	const log = options.log ?? (() => {});
	const dpi = options.dpi ?? 300;
	const count = options.pages ?? GOLD_PAGES;
	const pages = Array.from({ length: count }, (_, i) => i + 1);
	const scans = await scanFixtures({
		dpis: [dpi],
		pages,
		formats: ["tiff"],
		log,
	});
	const pngs = scans.sets[0]?.png ?? [];
	const tiff = scans.tiff as string;
	const native = ensureNativeTesseract(log);
	const lines = [
		`scan     ${count} pages of the gold at ${dpi} dpi (${relative(process.cwd(), tiff)}), ${cores} cores`,
	];
	// Native before and after the import: the machine's load drifts.
	log("native tesseract …");
	const before = native ? await nativeOcr(pngs, cores) : undefined;
	log("tailan import …");
	const { cold, warm, maxRssMiB } = importInChild(tiff);
	const after = native ? await nativeOcr(pngs, cores) : undefined;
	const perPage = (r: ImportRun) => r.seconds / r.pages;
	const cpuPerPage = (r: ImportRun) => r.cpu / r.pages;
	lines.push(
		`import   ${perPage(warm).toFixed(2)} s/page, ${cpuPerPage(warm).toFixed(2)} CPU s/page  (ingest + store of the TIFF: layout, OCR with ${cores} workers, pipeline; ${warm.measures} measures, ${warm.flags} flags)`,
		`cold     ${perPage(cold).toFixed(2)} s/page, ${cpuPerPage(cold).toFixed(2)} CPU s/page  (the same, first in a fresh process: OCR workers start on the way)`,
		`memory   ${maxRssMiB.toFixed(0)} MiB peak RSS of the importing process`,
	);
	if (!before || !after) {
		lines.push(
			"native   tesseract unavailable (apt-get failed): no comparison",
		);
		return lines;
	}
	const nativeS = (before.wallMs + after.wallMs) / 2 / 1000 / pngs.length;
	const nativeCpu =
		before.cpu !== undefined && after.cpu !== undefined
			? (before.cpu + after.cpu) / 2 / pngs.length
			: undefined;
	const ratio = (r: ImportRun) =>
		`${(perPage(r) / nativeS).toFixed(2)}×${nativeCpu === undefined ? "" : ` (CPU ${(cpuPerPage(r) / nativeCpu).toFixed(2)}×)`}`;
	lines.push(
		`native   ${nativeS.toFixed(2)} s/page${nativeCpu === undefined ? "" : `, ${nativeCpu.toFixed(2)} CPU s/page`}  (${native}: --psm 6 -l mon+eng, OMP_THREAD_LIMIT=1, ${cores} processes; runs before and after ${seconds(before.wallMs / pngs.length)} and ${seconds(after.wallMs / pngs.length)} s/page)`,
		`ratio    ${ratio(warm)} native per page; cold ${ratio(cold)}  (target ≤ 1.5×)`,
	);
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
		const pool = await createOcrPool({ size: workers });
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
		const nat = await nativeOcr(pngs, workers);
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
const READ: Record<CellType, { langs: OcrLangs; psm: 6 | 7 }> = {
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
		const pool = await createOcrPool({ size: 1, model });
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
			langs: OcrLangs,
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
	ensureNativeTesseract(log);
	const lines: string[] = [];
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
	const options = {
		pages,
		dpi: Number(values.dpi),
		log: (line: string) => process.stderr.write(`${line}\n`),
	};
	process.stdout.write(`${(await benchScan(options)).join("\n")}\n`);
	if (values.details)
		process.stdout.write(`${(await benchScanDetails(options)).join("\n")}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
