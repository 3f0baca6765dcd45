/**
 * The native engine in-process (ocr-inproc.ts): with the real libtesseract (where it loads), a
 * drawn word read right and as the program reads it (the same TSV parsed alike), a whitelist
 * honoured, one thread a worker (OMP_THREAD_LIMIT=1: no OpenMP threads started); with a stand-in
 * library (compiled here where a C compiler runs) a request that hangs past its time limit
 * (its worker replaced, the next request read), close() freeing every API it made, and every
 * request read in-process by default (small lines enlarged twice: no tesseract.js worker); small
 * typed values with a decimal point read right; and the fallback to the program when the library
 * does not load.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	chooseOcrEngine,
	createOcrPool,
	fromTsv,
	installedModel,
} from "./ocr.ts";
import {
	createInprocOcrPool,
	enlarge,
	inprocTesseract,
	LINE_ZOOM,
	LINE_ZOOM_BELOW,
	TESSERACT_LIBRARY,
	unzoomTsv,
} from "./ocr-inproc.ts";
import { nativeTesseractVersion } from "./ocr-native.ts";
import { encodePgm } from "./raster.ts";
import type { GrayImage, OcrRequest } from "./types.ts";

const require = createRequire(import.meta.url);
const library = "version" in inprocTesseract();
const program = nativeTesseractVersion() !== undefined;
const NO_LIBRARY = "libtesseract-not-there.so.5";

/** `text` drawn black on white, `font` px DejaVu Sans, as a 300-dpi gray image. */
function drawn(
	text: string,
	width: number,
	height: number,
	font = 40,
): GrayImage {
	const { createCanvas } = require("@napi-rs/canvas");
	const c = createCanvas(width, height);
	const ctx = c.getContext("2d");
	ctx.fillStyle = "#fff";
	ctx.fillRect(0, 0, width, height);
	ctx.fillStyle = "#000";
	ctx.font = `${font}px DejaVu Sans`;
	const lines = text.split("\n");
	lines.forEach((l, i) => {
		ctx.fillText(l, 20, font * 1.5 * (i + 1));
	});
	const rgba = c.data() as Uint8Array;
	const data = new Uint8Array(width * height);
	for (let p = 0; p < data.length; p++) data[p] = rgba[4 * p] as number;
	return { width, height, data, dpi: 300 };
}

/** `text` drawn black on white in `font` px `face`, binarised, as a 200-dpi gray image. */
function typed(text: string, font: number, face: string): GrayImage {
	const { createCanvas } = require("@napi-rs/canvas");
	const width = Math.ceil(font * (text.length * 0.7 + 1.2));
	const height = Math.ceil(font * 1.6);
	const c = createCanvas(width, height);
	const ctx = c.getContext("2d");
	ctx.fillStyle = "#fff";
	ctx.fillRect(0, 0, width, height);
	ctx.fillStyle = "#000";
	ctx.font = `${font}px ${face}`;
	ctx.fillText(text, Math.round(font * 0.4), Math.round(font * 1.15));
	const rgba = c.data() as Uint8Array;
	const data = new Uint8Array(width * height);
	for (let p = 0; p < data.length; p++)
		data[p] = (rgba[4 * p] as number) < 128 ? 0 : 255;
	return { width, height, data, dpi: 200 };
}

describe("enlarge and unzoomTsv", () => {
	const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

	it("should enlarge bilinearly, pixel centres aligned, edges repeated", () => {
		expect([...enlarge(Uint8Array.from([0, 255]), 2, 1, 2).pixels]).toEqual([
			0, 64, 191, 255, 0, 64, 191, 255,
		]);
		expect([
			...enlarge(Uint8Array.from([10, 10, 200, 200]), 1, 4, 2).pixels,
		]).toEqual([
			10, 10, 10, 10, 10, 10, 58, 58, 153, 153, 200, 200, 200, 200, 200, 200,
		]);
	});

	it("should keep every new pixel within the old image's range, and a plain image plain (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				fc.double({ min: 1, max: 3, noNaN: true }),
				(w, h, s, zoom) => {
					const px = Uint8Array.from({ length: w * h }, (_, i) =>
						Math.floor(((s ^ (i * 2654435761)) >>> 0) % 256),
					);
					const out = enlarge(px, w, h, zoom);
					expect([out.width, out.height]).toEqual([
						Math.round(w * zoom),
						Math.round(h * zoom),
					]);
					expect(out.pixels.length).toBe(out.width * out.height);
					const min = Math.min(...px);
					const max = Math.max(...px);
					for (const v of out.pixels) {
						expect(v).toBeGreaterThanOrEqual(min);
						expect(v).toBeLessThanOrEqual(max);
					}
					const plain = enlarge(
						new Uint8Array(w * h).fill(s % 256),
						w,
						h,
						zoom,
					);
					expect(plain.pixels.every((v) => v === s % 256)).toBe(true);
				},
			),
			{ seed, numRuns: 200 },
		);
	});

	it("should give boxes back in the image's pixels, edges outwards, other rows as they were", () => {
		const head =
			"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
		const tsv = `${head}\n5\t1\t1\t1\t1\t1\t21\t11\t40\t20\t95.5\t2.5\n`;
		expect(unzoomTsv(tsv, 2)).toBe(
			`${head}\n5\t1\t1\t1\t1\t1\t10\t5\t21\t11\t95.5\t2.5\n`,
		);
		expect(unzoomTsv(tsv, 1.5, 2)).toBe(
			`${head}\n5\t1\t1\t1\t1\t1\t14\t5\t27\t11\t95.5\t2.5\n`,
		);
		fc.assert(
			fc.property(
				fc.array(fc.nat({ max: 4000 }), { minLength: 4, maxLength: 4 }),
				([l, t, w, h]) => {
					const row = `5\t1\t1\t1\t1\t1\t${l}\t${t}\t${w}\t${h}\t90\tx`;
					const [L, T, W, H] = unzoomTsv(row, 2)
						.split("\t")
						.slice(6, 10)
						.map(Number) as [number, number, number, number];
					// the box read back, enlarged again, holds the box read
					expect(2 * L).toBeLessThanOrEqual(l as number);
					expect(2 * T).toBeLessThanOrEqual(t as number);
					expect(2 * (L + W)).toBeGreaterThanOrEqual(
						(l as number) + (w as number),
					);
					expect(2 * (T + H)).toBeGreaterThanOrEqual(
						(t as number) + (h as number),
					);
					expect(2 * (L + W)).toBeLessThanOrEqual(
						(l as number) + (w as number) + 1,
					);
				},
			),
			{ seed, numRuns: 200 },
		);
	});
});

describe.skipIf(!library)("createOcrPool on libtesseract in-process", () => {
	it("should read small typed values with their decimal points (read enlarged twice)", async () => {
		// 28 px high at 200 dpi, as a worn copy's typed cells: read as they are, this library
		// drops points ("2.5" → "25"); enlarged twice it reads them.
		const values = ["2.5", "1.4", "17.7", "0.5", "12.3", "3.1", "8.0", "26.4"];
		const pool = await createOcrPool({ engine: "native", size: 1 });
		try {
			for (const face of ["Liberation Serif", "Liberation Sans"]) {
				const read = await Promise.all(
					values.map((v) =>
						pool.recognize({
							image: typed(v, 17, face),
							langs: "eng+mon",
							psm: 7,
						}),
					),
				);
				expect(read.map((r) => r.text)).toEqual(values);
				// the box in the image's own pixels: the ink's, within 2 px
				const image = typed("2.5", 17, face);
				expect(image.height).toBeLessThan(LINE_ZOOM_BELOW);
				const ink = [image.width, image.height, 0, 0];
				for (let y = 0; y < image.height; y++)
					for (let x = 0; x < image.width; x++)
						if (image.data[y * image.width + x] === 0) {
							ink[0] = Math.min(ink[0] as number, x);
							ink[1] = Math.min(ink[1] as number, y);
							ink[2] = Math.max(ink[2] as number, x + 1);
							ink[3] = Math.max(ink[3] as number, y + 1);
						}
				const box = read[0]?.words[0]?.bbox ?? [];
				expect(box).toHaveLength(4);
				box.forEach((v, k) => {
					expect(Math.abs(v - (ink[k] as number))).toBeLessThanOrEqual(2);
				});
			}
		} finally {
			await pool.close();
		}
	});

	it("should read a drawn word right, as the program reads it", async () => {
		const image = drawn("Төсөв 2024", 420, 80);
		const requests: OcrRequest[] = [
			{ image, langs: "mon+eng", psm: 7 },
			{ image, langs: "mon+eng", psm: 6 },
			{ image, langs: "eng+mon", psm: 7, rect: [0, 0, 420, 80] },
		];
		const inproc = await createOcrPool({
			engine: "native",
			nativeReads: "all",
			size: 1,
		});
		const viaLibrary = await Promise.all(
			requests.map((r) => inproc.recognize(r)),
		);
		await inproc.close();
		for (const r of viaLibrary) {
			expect(r.text).toBe("Төсөв 2024");
			expect(r.words.map((w) => w.text)).toEqual(["Төсөв", "2024"]);
			expect(r.words[0]?.confidence).toBeGreaterThan(80);
		}
		if (!program) return;
		const cli = await createOcrPool({
			engine: "native",
			nativeLibrary: NO_LIBRARY,
			nativeReads: "all",
			size: 1,
		});
		const viaProgram = await Promise.all(requests.map((r) => cli.recognize(r)));
		await cli.close();
		expect(viaLibrary).toEqual(viaProgram);
	});

	it("should honour a whitelist, and give the boxes in the image's coordinates", async () => {
		const image = drawn("AB 1234", 360, 80);
		const pool = await createOcrPool({
			engine: "native",
			nativeReads: "all",
			size: 1,
		});
		try {
			const free = await pool.recognize({ image, langs: "eng+mon", psm: 7 });
			expect(free.text).toBe("AB 1234");
			const digits = await pool.recognize({
				image,
				langs: "eng+mon",
				psm: 7,
				whitelist: "0123456789",
			});
			expect(digits.text).toMatch(/^[0-9 ]*1234$/);
			// the whitelist is the request's own: the next one reads letters again
			const again = await pool.recognize({
				image,
				rect: [0, 0, 360, 80],
				langs: "eng+mon",
				psm: 7,
			});
			expect(again).toEqual(free);
			const moved = await pool.recognize({
				image: drawn("AB 1234", 360, 180),
				rect: [0, 0, 360, 180],
				langs: "eng+mon",
				psm: 7,
			});
			expect(moved.text).toBe("AB 1234");
		} finally {
			await pool.close();
		}
	});

	it("should read with one thread a worker (OMP_THREAD_LIMIT=1 before the library loads)", () => {
		// A child process: the library's OpenMP reads the limit once, when it loads. Without the
		// limit a recognition starts OpenMP's threads (three more here, and ≈ 6× the CPU time).
		const script = `
			import { readdirSync } from "node:fs";
			import { createOcrPool } from "./parsers/image/ocr.ts";
			const { createCanvas } = await import("@napi-rs/canvas");
			const c = createCanvas(1600, 400); const ctx = c.getContext("2d");
			ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 1600, 400); ctx.fillStyle = "#000";
			ctx.font = "32px DejaVu Sans";
			for (let i = 0; i < 6; i++) ctx.fillText("Төлөвлөгөөний биелэлт " + (i * 37) + " хувь", 20, 50 * (i + 1));
			const rgba = c.data(); const data = new Uint8Array(1600 * 400);
			for (let p = 0; p < data.length; p++) data[p] = rgba[4 * p];
			const image = { width: 1600, height: 400, data, dpi: 300 };
			const threads = () => readdirSync("/proc/self/task").length;
			const pool = await createOcrPool({ engine: "native", nativeReads: "all", size: 1 });
			const before = threads();
			const r = await pool.recognize({ image, langs: "mon+eng", psm: 6 });
			const after = threads();
			await pool.close();
			console.log(JSON.stringify({ before, after, env: process.env.OMP_THREAD_LIMIT, text: r.text }));
		`;
		const r = spawnSync(
			process.execPath,
			["--import", "tsx", "--input-type=module", "-e", script],
			{
				encoding: "utf8",
				env: Object.fromEntries(
					Object.entries(process.env).filter(([k]) => k !== "OMP_THREAD_LIMIT"),
				),
				timeout: 120_000,
			},
		);
		expect(r.stderr).toBe("");
		const { before, after, env, text } = JSON.parse(
			r.stdout.trim().split("\n").at(-1) as string,
		);
		expect(after).toBe(before);
		expect(text).toMatch(/^Төлөвлөгөөний биелэлт 0 хувь\n/);
		expect(env).toBe("1");
	});
});

// ── a stand-in library: hangs, counts its APIs ────────────────────────────────────────────────

const STAND_IN = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static FILE *log_file(void) { const char *p = getenv("STAND_IN_LOG"); return p ? fopen(p, "a") : NULL; }
static void note(const char *what) { FILE *f = log_file(); if (f) { fprintf(f, "%s\\n", what); fclose(f); } }
static int width;
const char *TessVersion(void) { return "5.9.0"; }
void *TessBaseAPICreate(void) { note("create"); return malloc(1); }
int TessBaseAPIInit2(void *a, const char *d, const char *l, int o) { return 0; }
int TessBaseAPISetVariable(void *a, const char *n, const char *v) { return 1; }
void TessBaseAPISetPageSegMode(void *a, int m) {}
void TessBaseAPISetImage(void *a, const unsigned char *p, int w, int h, int b, int l) { width = w; }
int TessBaseAPIRecognize(void *a, void *m) { if (width == 666) sleep(3); return width == 667 ? -1 : 0; }
char *TessBaseAPIGetTsvText(void *a, int page) {
	char *t = malloc(128);
	if (width == 240) { t[0] = 0; return t; } /* no words */
	snprintf(t, 128, "5\\t1\\t1\\t1\\t1\\t1\\t2\\t3\\t10\\t12\\t95.5\\tw%d\\n", width);
	return t;
}
void TessDeleteText(char *t) { free(t); }
void TessBaseAPIClear(void *a) {}
void TessBaseAPIEnd(void *a) { note("end"); }
void TessBaseAPIDelete(void *a) { note("delete"); free(a); }
void *TessMonitorCreate(void) { return malloc(1); }
void TessMonitorDelete(void *m) { free(m); }
void TessMonitorSetDeadlineMSecs(void *m, int ms) {}
`;

const cc = spawnSync("cc", ["--version"]).status === 0;

describe.skipIf(!cc)("createInprocOcrPool on a stand-in library", () => {
	let dir: string;
	let lib: string;
	let log: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), "tailan-stand-in-tesseract-"));
		writeFileSync(join(dir, "lib.c"), STAND_IN);
		lib = join(dir, "libstandin.so");
		execFileSync("cc", ["-shared", "-fPIC", "-o", lib, join(dir, "lib.c")]);
		log = join(dir, "calls.log");
		process.env.STAND_IN_LOG = log;
	});
	afterAll(() => {
		delete process.env.STAND_IN_LOG;
		rmSync(dir, { recursive: true, force: true });
	});
	const models = {
		mon: installedModel("mon"),
		eng: installedModel("eng"),
	};
	const request = (width: number): OcrRequest => ({
		image: {
			width,
			height: 20,
			data: new Uint8Array(width * 20).fill(255),
			dpi: 300,
		},
		langs: "mon+eng",
		psm: 6,
	});
	const pool = (timeoutMs = 60_000) =>
		createInprocOcrPool({
			size: 1,
			models,
			library: lib,
			timeoutMs,
			msPerMpx: 0,
			graceMs: 100,
			encode: (r, rect) => encodePgm(r.image, rect),
			fromTsv,
		});

	it("should reject a request past its time limit, replace its worker, and read the next", async () => {
		const p = await pool(200);
		try {
			await expect(p.recognize(request(666))).rejects.toThrow(
				/reading a 666 × 20 region did not finish within 200 ms/,
			);
			const next = await p.recognize(request(100));
			expect(next.text).toBe("w100");
			expect(next.words[0]?.bbox).toEqual([2, 3, 12, 15]);
			await expect(p.recognize(request(667))).rejects.toThrow(
				/in-process OCR: recognition failed or did not finish/,
			);
			expect((await p.recognize(request(101))).text).toBe("w101");
		} finally {
			await p.close();
		}
	});

	it("should read every request in-process by default, small lines and words enlarged twice", async () => {
		// The stand-in answers "w<width it was given>" with the box [2, 3, 12, 15]: a line read by
		// tesseract.js instead would read nothing from these blank images.
		const p = await createOcrPool({
			engine: "native",
			nativeLibrary: lib,
			size: 1,
		});
		try {
			expect(LINE_ZOOM).toBe(2);
			const line = await p.recognize({ ...request(100), psm: 7 });
			expect(line.text).toBe("w200");
			expect(line.words[0]?.bbox).toEqual([1, 1, 6, 8]);
			const word = await p.recognize({
				...request(100),
				langs: "eng+mon",
				psm: 8,
				rect: [10, 5, 60, 20],
			});
			expect(word.text).toBe("w100");
			expect(word.words[0]?.bbox).toEqual([11, 6, 16, 13]);
			expect((await p.recognize(request(100))).text).toBe("w100");
			const tall: OcrRequest = {
				...request(100),
				psm: 7,
				image: {
					width: 100,
					height: LINE_ZOOM_BELOW,
					data: new Uint8Array(100 * LINE_ZOOM_BELOW).fill(255),
					dpi: 300,
				},
			};
			expect((await p.recognize(tall)).text).toBe("w100");
			// enlarged it reads no words (the stand-in at 240 px): read again as it is
			expect((await p.recognize({ ...request(120), psm: 7 })).text).toBe(
				"w120",
			);
			// a lone glyph (narrower than high) is read as it is
			expect((await p.recognize({ ...request(15), psm: 7 })).text).toBe("w15");
		} finally {
			await p.close();
		}
	});

	it("should free every API it made when closed, and refuse requests after", async () => {
		writeFileSync(log, "");
		const p = await pool();
		await Promise.all([
			p.recognize(request(100)),
			p.recognize({ ...request(100), langs: "eng+mon" }),
		]);
		await p.close();
		const calls = readFileSync(log, "utf8").trim().split("\n");
		expect(calls.filter((c) => c === "create")).toHaveLength(2);
		expect(calls.filter((c) => c === "end")).toHaveLength(2);
		expect(calls.filter((c) => c === "delete")).toHaveLength(2);
		await expect(p.recognize(request(100))).rejects.toThrow(/closed/);
	});
});

describe("the in-process engine missing", () => {
	const saved = process.env.TAILAN_OCR;
	afterAll(() => {
		if (saved === undefined) delete process.env.TAILAN_OCR;
		else process.env.TAILAN_OCR = saved;
	});

	it("should say why it does not load, and fall back to the program, else fail or use tesseract.js", () => {
		expect(inprocTesseract(NO_LIBRARY)).toEqual({
			error: expect.stringMatching(
				new RegExp(
					`^${NO_LIBRARY.replaceAll(".", "\\.")} could not be loaded \\(`,
				),
			),
		});
		delete process.env.TAILAN_OCR;
		const none = "/nonexistent/tesseract";
		const viaProgram = chooseOcrEngine({
			engine: "native",
			nativeLibrary: NO_LIBRARY,
		});
		if (program) {
			expect(viaProgram.via).toBe("program");
			expect(viaProgram.why).toMatch(/a process a batch .*could not be loaded/);
		}
		expect(() =>
			chooseOcrEngine({
				engine: "native",
				nativeLibrary: NO_LIBRARY,
				nativeProgram: none,
			}),
		).toThrow(/neither the library nor .*apt-get install tesseract-ocr/);
		expect(
			chooseOcrEngine({
				engine: "auto",
				nativeLibrary: NO_LIBRARY,
				nativeProgram: none,
			}),
		).toMatchObject({ kind: "wasm", why: expect.stringMatching(/auto/) });
		if (library)
			expect(
				chooseOcrEngine({ engine: "auto", nativeProgram: none }),
			).toMatchObject({
				kind: "native",
				via: "library",
				why: expect.stringMatching(/^libtesseract 5\.\d+\.\d+ in-process/),
			});
		expect(TESSERACT_LIBRARY).toBe("libtesseract.so.5");
	});

	it("should fail to start a pool whose workers cannot load the library, once, leaving no folder", async () => {
		const own = () =>
			readdirSync(tmpdir()).filter((e) =>
				e.startsWith(`tailan-ocr-${process.pid}-`),
			);
		const before = new Set(own());
		await expect(
			createInprocOcrPool({
				size: 2,
				models: { mon: installedModel("mon"), eng: installedModel("eng") },
				library: NO_LIBRARY,
				encode: (r, rect) => encodePgm(r.image, rect),
				fromTsv,
			}),
		).rejects.toThrow(
			/in-process OCR: a worker failed to start with libtesseract-not-there\.so\.5: .*cannot open/,
		);
		expect(own().filter((e) => !before.has(e))).toEqual([]);
	});
});
