/**
 * The offline OCR pool: cells of the gold report rendered at 300 dpi read back as their text
 * layer says (words boxed in page coordinates); a missing model is a named error before any
 * worker starts (tesseract.js would wait forever or download); and no network access is ever
 * attempted — proved in a child process with no network (unshare -n) and a socket spy preloaded
 * into every thread, a spy shown to catch tesseract.js's CDN download when langPath is left out.
 */
import { spawnSync } from "node:child_process";
import {
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latticeGrids } from "../pdf/lattice.ts";
import { openPdf } from "../pdf/load.ts";
import {
	createOcrPool,
	fromTsv,
	installedModel,
	OcrModelMissingError,
	type OcrPoolOptions,
} from "./ocr.ts";
import { inprocTesseract } from "./ocr-inproc.ts";
import { nativeTesseractVersion } from "./ocr-native.ts";
import { pdfPageImages } from "./pdf-render.ts";
import type { Box, GrayImage, OcrEngine, OcrRequest } from "./types.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const goldPdf = readFileSync(join(root, "fixtures/pdf/gold/input.pdf"));
const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

interface Cell {
	box: Box;
	truth: string;
}

/**
 * The plan table's cells on page 1 of the gold PDF in 300-dpi pixels (inset clear of the
 * rulings), each with its text from the PDF's text layer.
 */
async function goldCells(): Promise<{ image: GrayImage; cells: Cell[][] }> {
	let image: GrayImage | undefined;
	for await (const p of pdfPageImages(goldPdf, "gold.pdf", { pages: [1] }))
		image = p.image;
	const pdf = await openPdf(goldPdf, "gold.pdf");
	const page = await pdf.page(1);
	await pdf.close();
	const grid = latticeGrids(page.horizontals, page.verticals).find(
		(g) => g.xs.length === 10,
	);
	if (!image || !grid) throw new Error("page 1 has no plan table");
	const s = 300 / 72;
	const rows: Cell[][] = [];
	for (const c of grid.cells) {
		const [x0, y0, x1, y1] = c.box;
		const items = page.items
			.filter((t) => {
				const cx = (t.x0 + t.x1) / 2;
				const cy = (t.y0 + t.y1) / 2;
				return cx > x0 && cx < x1 && cy > y0 && cy < y1;
			})
			.sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
		const cells = rows[c.row] ?? [];
		rows[c.row] = cells;
		cells[c.col] = {
			box: [
				Math.round(x0 * s) + 6,
				Math.round(y0 * s) + 6,
				Math.round(x1 * s) - 6,
				Math.round(y1 * s) - 6,
			],
			truth: items.map((t) => t.text).join(" "),
		};
	}
	return { image, cells: rows };
}

/**
 * The engines the contract is checked on: tesseract.js, and native tesseract (reading every
 * request, lines and whitelists too) in-process where libtesseract loads, and through the
 * program where a tesseract ≥ 4 runs.
 */
const ENGINES: [string, OcrPoolOptions][] = [
	["tesseract.js", { engine: "wasm" }],
	...("version" in inprocTesseract()
		? ([["native in-process", { engine: "native", nativeReads: "all" }]] as [
				string,
				OcrPoolOptions,
			][])
		: []),
	...(nativeTesseractVersion()
		? ([
				[
					"the native program",
					{
						engine: "native",
						nativeReads: "all",
						nativeLibrary: "libtesseract-not-there.so.5",
					},
				],
			] as [string, OcrPoolOptions][])
		: []),
];

describe.each(ENGINES)("createOcrPool on %s", (_, engine) => {
	let pool: OcrEngine;
	let image: GrayImage;
	let row: Cell[];
	beforeAll(async () => {
		const gold = await goldCells();
		image = gold.image;
		// The first plan row, 1.1: № "1.1", numbers "3" "3" "4", level "100%", a narrative.
		const found = gold.cells.find((r) => r[0]?.truth === "1.1");
		if (!found) throw new Error("row 1.1 not found on page 1");
		row = found;
		pool = await createOcrPool({ ...engine, size: 2 });
	});
	afterAll(() => pool?.close());

	it("should read typed cells exactly and a narrative cell within 1% CER, concurrently", async () => {
		const typed: [number, OcrRequest["langs"], OcrRequest["psm"]][] = [
			[0, "eng+mon", 7],
			[4, "eng+mon", 7],
			[6, "eng+mon", 7],
			[8, "eng+mon", 7],
		];
		const narrative = row[7] as Cell;
		const [text, ...values] = await Promise.all([
			pool.recognize({ image, rect: narrative.box, langs: "mon+eng", psm: 6 }),
			...typed.map(([col, langs, psm]) =>
				pool.recognize({ image, rect: (row[col] as Cell).box, langs, psm }),
			),
		]);
		expect(values.map((v) => collapse(v?.text ?? ""))).toEqual(
			typed.map(([col]) => collapse((row[col] as Cell).truth)),
		);
		expect(values.map((v) => v?.text)).toContain("100%");
		const { distance } = await import("fastest-levenshtein");
		const truth = collapse(narrative.truth);
		expect(truth.length).toBeGreaterThan(300);
		expect(
			distance(collapse(text?.text ?? ""), truth) / truth.length,
		).toBeLessThan(0.01);
		// lines joined by "\n": the cell's ten printed lines
		expect(text?.text.split("\n").length).toBeGreaterThanOrEqual(8);
		expect(text?.confidence).toBeGreaterThan(80);
	});

	it("should give word boxes in the page's coordinates, inside the cell read", async () => {
		const cell = row[7] as Cell;
		const r = await pool.recognize({
			image,
			rect: cell.box,
			langs: "mon+eng",
			psm: 6,
		});
		expect(r.words.length).toBeGreaterThan(40);
		for (const w of r.words) {
			expect(w.bbox[0]).toBeGreaterThanOrEqual(cell.box[0]);
			expect(w.bbox[1]).toBeGreaterThanOrEqual(cell.box[1]);
			expect(w.bbox[2]).toBeLessThanOrEqual(cell.box[2]);
			expect(w.bbox[3]).toBeLessThanOrEqual(cell.box[3]);
			expect(w.confidence).toBeGreaterThanOrEqual(0);
			expect(w.confidence).toBeLessThanOrEqual(100);
		}
		// the first word is the cell's first word, at its top left
		const first = r.words[0];
		expect(first?.text).toBe(cell.truth.split(/\s+/)[0]);
		expect((first?.bbox[0] ?? 0) - cell.box[0]).toBeLessThan(40);
		expect((first?.bbox[1] ?? 0) - cell.box[1]).toBeLessThan(40);
	});

	it("should read only the whitelisted characters when asked, and any again after", async () => {
		const one = await createOcrPool({ ...engine, size: 1 });
		try {
			const level = row[8] as Cell;
			const words = row[3] as Cell;
			const digits = "0123456789%.,-";
			const constrained = await one.recognize({
				image,
				rect: words.box,
				langs: "eng+mon",
				psm: 6,
				whitelist: digits,
			});
			expect(constrained.text.replace(/\s+/g, "")).toMatch(/^[\d%.,-]*$/);
			const typed = await one.recognize({
				image,
				rect: level.box,
				langs: "eng+mon",
				psm: 7,
				whitelist: digits,
			});
			expect(typed.text).toBe("100%");
			// The same worker, no whitelist: letters are read again.
			const free = await one.recognize({
				image,
				rect: words.box,
				langs: "eng+mon",
				psm: 6,
			});
			expect(free.text).toMatch(/\p{Script=Cyrillic}{4}/u);
		} finally {
			await one.close();
		}
	});

	it("should read a paragraph squeezed to 3/4 as it reads it at full width, boxes in the page's pixels", async () => {
		const cell = row[7] as Cell;
		const request = {
			image,
			rect: cell.box,
			langs: "mon+eng",
			psm: 6,
		} as const;
		const [full, squeezed] = await Promise.all([
			pool.recognize(request),
			pool.recognize({ ...request, squeeze: 0.75 }),
		]);
		const { distance } = await import("fastest-levenshtein");
		const truth = collapse(cell.truth);
		const cer = (t: string) => distance(collapse(t), truth) / truth.length;
		expect(cer(squeezed.text)).toBeLessThan(0.01);
		expect(cer(squeezed.text)).toBeLessThanOrEqual(cer(full.text) + 0.002);
		// the same words at the same places (to a few pixels: the squeeze rounds)
		const at = new Map(full.words.map((w) => [`${w.text}@${w.bbox[1]}`, w]));
		let matched = 0;
		for (const w of squeezed.words) {
			const f = [...at.values()].find(
				(v) => v.text === w.text && Math.abs(v.bbox[1] - w.bbox[1]) <= 3,
			);
			if (!f) continue;
			matched++;
			expect(Math.abs(w.bbox[0] - f.bbox[0])).toBeLessThanOrEqual(6);
			expect(Math.abs(w.bbox[2] - f.bbox[2])).toBeLessThanOrEqual(6);
			expect(w.bbox[3]).toBe(f.bbox[3]);
		}
		expect(matched).toBeGreaterThan(0.9 * full.words.length);
	});

	it("should keep reading right when workers are replaced after every recognition", async () => {
		const recycled = await createOcrPool({
			...engine,
			size: 1,
			recycleAfter: 1,
		});
		try {
			const item = row[0] as Cell;
			for (let i = 0; i < 2; i++) {
				const r = await recycled.recognize({
					image,
					rect: item.box,
					langs: "eng+mon",
					psm: 7,
				});
				expect(r.text).toBe("1.1");
			}
		} finally {
			await recycled.close();
		}
		await expect(
			recycled.recognize({ image, langs: "eng+mon", psm: 7 }),
		).rejects.toThrow(/closed/);
		await expect(
			pool.recognize({ image, langs: "mon+eng", psm: 6, squeeze: 0.3 }),
		).rejects.toThrow(/squeeze must be between 0.5 and 1, got 0.3/);
	});
});

describe("createOcrPool misuse and shutdown", () => {
	it("should refuse a rectangle outside the image at once, and fail pending reads when closed", async () => {
		const image: GrayImage = {
			width: 40,
			height: 40,
			data: new Uint8Array(1600).fill(255),
			dpi: 300,
		};
		const pool = await createOcrPool({ engine: "wasm", size: 1 });
		await expect(
			pool.recognize({
				image,
				rect: [50, 50, 60, 60],
				langs: "mon+eng",
				psm: 7,
			}),
		).rejects.toThrow(
			/recognize: the rectangle \[50, 50, 60, 60\] lies outside/,
		);
		// two reads queued behind a worker still starting: close() settles both
		const reads = [1, 2].map(() =>
			pool.recognize({ image, langs: "mon+eng", psm: 7 }).then(
				() => "read",
				(e: Error) => e.message,
			),
		);
		await pool.close();
		expect(await Promise.all(reads)).toEqual([
			"recognize: the OCR pool was closed",
			"recognize: the OCR pool was closed",
		]);
	});
});

describe("createOcrPool without its models", () => {
	it("should name the missing model file before starting any worker", async () => {
		const dir = mkdtempSync(join(tmpdir(), "tailan-ocr-test-"));
		try {
			symlinkSync(installedModel("mon"), join(dir, "mon.traineddata.gz"));
			const missing = await createOcrPool({
				langPath: dir,
				engine: "wasm",
			}).catch((e: unknown) => e);
			expect(missing).toBeInstanceOf(OcrModelMissingError);
			expect((missing as OcrModelMissingError).path).toBe(
				join(dir, "eng.traineddata.gz"),
			);
			expect((missing as Error).message).toMatch(/npm ci/);
			writeFileSync(join(dir, "eng.traineddata.gz"), "not a model");
			const bad = await createOcrPool({ langPath: dir, engine: "wasm" }).catch(
				(e: unknown) => e,
			);
			expect((bad as Error).message).toMatch(/not a gzipped traineddata/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it("should remove its temporary model folder when closed", async () => {
		const before = new Set(tmpdirEntries());
		const pool = await createOcrPool({ engine: "wasm", size: 1 });
		const created = tmpdirEntries().filter((e) => !before.has(e));
		expect(created).toHaveLength(1);
		await pool.close();
		expect(existsSync(join(tmpdir(), created[0] as string))).toBe(false);
	});
});

/** This process's model folders (other test files run in other processes). */
const tmpdirEntries = (): string[] =>
	readdirSync(tmpdir()).filter((e) =>
		e.startsWith(`tailan-ocr-${process.pid}-`),
	);

describe("fromTsv", () => {
	it("should join words into lines and paragraphs and move boxes by the crop's offset", () => {
		const tsv = [
			"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
			"1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t",
			"5\t1\t1\t1\t1\t1\t2\t3\t10\t8\t91.5\tНийт",
			"5\t1\t1\t1\t1\t2\t14\t3\t10\t8\t80.5\t44",
			"5\t1\t1\t1\t2\t1\t2\t13\t10\t8\t70\tмөр",
			"5\t1\t1\t2\t1\t1\t2\t30\t10\t8\t-1\tшинэ",
		].join("\n");
		const r = fromTsv(tsv, 100, 200);
		expect(r.text).toBe("Нийт 44\nмөр\n\nшинэ");
		expect(r.words.map((w) => w.bbox)).toEqual([
			[102, 203, 112, 211],
			[114, 203, 124, 211],
			[102, 213, 112, 221],
			[102, 230, 112, 238],
		]);
		expect(r.confidence).toBeCloseTo((91.5 + 80.5 + 70 + 0) / 4);
		expect(fromTsv("", 0, 0)).toEqual({ text: "", confidence: 100, words: [] });
		// read squeezed to 3/4: x back at 4/3 (left down, right up, within the region's width)
		const squeezed = fromTsv(tsv, 100, 200, 0.75, 30);
		expect(squeezed.words.map((w) => w.bbox)).toEqual([
			[102, 203, 116, 211],
			[118, 203, 130, 211],
			[102, 213, 116, 221],
			[102, 230, 116, 238],
		]);
	});
});

// ── no network ───────────────────────────────────────────────────────────────────────────────

/**
 * Preloaded with --require into the main thread and every worker thread: any attempt at the
 * network (a socket, a DNS lookup, fetch) is written to the log file and then fails.
 */
const SPY = `
const fs = require("node:fs");
const { isMainThread } = require("node:worker_threads");
const log = process.env.NETWORK_SPY_LOG;
const record = (what) => {
	fs.appendFileSync(log, (isMainThread ? "main" : "worker") + " " + what + "\\n");
	return new Error("network access attempted: " + what);
};
const net = require("node:net");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	const o = Array.isArray(args[0]) ? args[0][0] : args[0];
	// A unix-domain socket is local IPC (tsx talks to its parent so), not the network.
	if (o && typeof o === "object" && typeof o.path === "string") return connect.apply(this, args);
	const target = o && typeof o === "object" ? (o.host ?? "localhost") + ":" + o.port : String(o);
	throw record("socket " + target);
};
const dns = require("node:dns");
dns.lookup = (host) => { throw record("dns " + host); };
dns.promises.lookup = async (host) => { throw record("dns " + host); };
globalThis.fetch = async (url) => { throw record("fetch " + String(url)); };
`;

/** Run `code` (an ES module, importing the repository by absolute path) in a child with no network. */
function runOffline(code: string): {
	status: number | null;
	stdout: string;
	stderr: string;
	attempts: string[];
	isolated: boolean;
} {
	const dir = mkdtempSync(join(tmpdir(), "tailan-offline-"));
	try {
		const spy = join(dir, "spy.cjs");
		const script = join(dir, "child.mts");
		const log = join(dir, "network.log");
		writeFileSync(spy, SPY);
		writeFileSync(script, code);
		writeFileSync(log, "");
		const node = [
			process.execPath,
			"--require",
			spy,
			"--import",
			"tsx",
			script,
		];
		// A network namespace of its own: no interface but loopback, down (needs root).
		const isolated =
			spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0;
		const [cmd, ...args] = isolated ? ["unshare", "-n", ...node] : node;
		const r = spawnSync(cmd as string, args, {
			cwd: root,
			encoding: "utf8",
			timeout: 60_000,
			env: {
				...process.env,
				NETWORK_SPY_LOG: log,
				// a proxy that would be used by any HTTP client honouring it
				HTTP_PROXY: "http://127.0.0.1:9",
				HTTPS_PROXY: "http://127.0.0.1:9",
			},
		});
		return {
			status: r.status,
			stdout: r.stdout,
			stderr: r.stderr,
			attempts: readFileSync(log, "utf8").split("\n").filter(Boolean),
			isolated,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const ocr = join(root, "parsers/image/ocr.ts");
/** The child lives in a temporary folder: packages are found from the repository. */
const requireFromRoot = `import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(join(root, "package.json"))});`;

describe("no network access", () => {
	it("should read a drawn line of text in a child with no network and a socket spy, attempting nothing", () => {
		const r = runOffline(`
${requireFromRoot}
const { createCanvas } = require("@napi-rs/canvas");
import { createOcrPool } from ${JSON.stringify(ocr)};
const c = createCanvas(900, 90);
const ctx = c.getContext("2d");
ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 900, 90);
ctx.fillStyle = "#000"; ctx.font = "40px DejaVu Sans";
ctx.fillText("Хэрэгжилтийн хувь 99,3%", 20, 60);
const rgba = c.data();
const data = new Uint8Array(900 * 90);
for (let p = 0; p < data.length; p++) data[p] = rgba[4 * p];
// The engine this machine chooses: a block (native tesseract where installed) and a line.
const pool = await createOcrPool({ size: 1 });
const image = { width: 900, height: 90, data, dpi: 300 };
const r = await Promise.all([7, 6].map((psm) => pool.recognize({ image, langs: "mon+eng", psm })));
await pool.close();
console.log(JSON.stringify(r.map((x) => x.text)));
`);
		expect(r.stderr).not.toMatch(/Error/);
		expect(r.status).toBe(0);
		const texts = JSON.parse(r.stdout.trim()) as string[];
		for (const t of texts) expect(t).toMatch(/^Хэрэгжилтийн хувь 99,3/);
		expect(r.attempts).toEqual([]);
	});

	it("should catch tesseract.js reaching for its CDN when no langPath is given (the spy works)", () => {
		const r = runOffline(`
${requireFromRoot}
const { createWorker } = require("tesseract.js");
const timer = setTimeout(() => process.exit(3), 20_000);
try {
	await createWorker("mon", 1, { cacheMethod: "none", errorHandler: () => process.exit(2) });
	console.log("started");
} catch (e) {
	console.log("failed", String(e));
}
clearTimeout(timer);
process.exit(1);
`);
		expect(r.status).not.toBe(0);
		expect(r.attempts.join("\n")).toMatch(
			/worker fetch https:\/\/cdn\.jsdelivr\.net/,
		);
	});
});
