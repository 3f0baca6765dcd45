/**
 * The native engine in-process (ocr-inproc.ts): with the real libtesseract (where it loads), a
 * drawn word read right and as the program reads it (the same TSV parsed alike), a whitelist
 * honoured, one thread a worker (OMP_THREAD_LIMIT=1: no OpenMP threads started); with a stand-in
 * library (compiled here where a C compiler runs) a request that hangs past its time limit
 * (its worker replaced, the next request read), and close() freeing every API it made; and the
 * fallback to the program when the library does not load.
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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	chooseOcrEngine,
	createOcrPool,
	fromTsv,
	installedModel,
} from "./ocr.ts";
import {
	createInprocOcrPool,
	inprocTesseract,
	TESSERACT_LIBRARY,
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

describe.skipIf(!library)("createOcrPool on libtesseract in-process", () => {
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
