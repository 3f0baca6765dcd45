/**
 * The native tesseract engine (ocr-native.ts) behind createOcrPool: a batch's TSV split back to
 * its requests (and refused when the rows are not the crops sent), the engine choice
 * (TAILAN_OCR, auto), the limits on a program that fails, hangs or is stopped (a stand-in
 * program), single lines routed to tesseract.js, and — where tesseract ≥ 4 runs — many drawn
 * regions read at once, each result its own region's.
 */
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
import { chooseOcrEngine, createOcrPool, fromTsv } from "./ocr.ts";
import { nativeTesseractVersion, splitTsv } from "./ocr-native.ts";
import type { Box, GrayImage, OcrRequest } from "./types.ts";

const require = createRequire(import.meta.url);
const native = nativeTesseractVersion();
/** A library name that does not load: these tests are the program's (ocr-inproc.test.ts the library's). */
const nativeLibrary = "libtesseract-not-there.so.5";

const HEAD =
	"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
const blank: GrayImage = {
	width: 400,
	height: 300,
	data: new Uint8Array(400 * 300).fill(255),
	dpi: 300,
};
const job = (rect: Box, squeeze?: number) => ({
	request: {
		image: blank,
		rect,
		langs: "mon+eng",
		psm: 6,
		...(squeeze ? { squeeze } : {}),
	} as OcrRequest,
	rect,
});
const page = (n: number, w: number, h: number) =>
	`1\t${n}\t0\t0\t0\t0\t0\t0\t${w}\t${h}\t-1\t`;
const word = (n: number, left: number, text: string, conf: number) =>
	`5\t${n}\t1\t1\t1\t1\t${left}\t5\t30\t20\t${conf}\t${text}`;

describe("splitTsv", () => {
	it("should give each crop its own rows, boxes moved to the crop's place and scaled back from a squeeze", () => {
		const jobs = [job([10, 20, 110, 60]), job([0, 100, 200, 150], 0.75)];
		const tsv = [
			HEAD,
			page(1, 100, 40),
			word(1, 4, "Төсөв", 91.5),
			page(2, 150, 50),
			word(2, 30, "100%", 88),
			"",
		].join("\n");
		const [a, b] = splitTsv(tsv, jobs, fromTsv);
		expect(a?.text).toBe("Төсөв");
		expect(a?.words[0]?.bbox).toEqual([14, 25, 44, 45]);
		expect(a?.confidence).toBe(91.5);
		expect(b?.text).toBe("100%");
		// x 30 / 0.75 = 40, right (30 + 30) / 0.75 = 80; y moved by 100
		expect(b?.words[0]?.bbox).toEqual([40, 105, 80, 125]);
	});

	it("should refuse rows that are not the crops sent: a size, a missing image, an extra one", () => {
		const jobs = [job([0, 0, 100, 40]), job([0, 0, 50, 50])];
		const both = [HEAD, page(1, 100, 40), page(2, 50, 50)];
		expect(splitTsv(both.join("\n"), jobs, fromTsv)).toHaveLength(2);
		expect(() =>
			splitTsv(
				[HEAD, page(1, 100, 40), page(2, 50, 49)].join("\n"),
				jobs,
				fromTsv,
			),
		).toThrow(/image 2 is 50 × 49, the region sent 50 × 50/);
		expect(() =>
			splitTsv([HEAD, page(1, 100, 40)].join("\n"), jobs, fromTsv),
		).toThrow(/no result for image 2 of 2/);
		expect(() =>
			splitTsv([...both, page(3, 1, 1)].join("\n"), jobs, fromTsv),
		).toThrow(/a result for image 3 of 2/);
	});

	it("should read any number of crops in any order of rows alike (property)", () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						w: fc.integer({ min: 1, max: 400 }),
						h: fc.integer({ min: 1, max: 300 }),
						words: fc.array(fc.stringMatching(/^[a-zа-я0-9%]{1,6}$/), {
							maxLength: 4,
						}),
					}),
					{ minLength: 1, maxLength: 8 },
				),
				(crops) => {
					const jobs = crops.map((c) => job([0, 0, c.w, c.h]));
					const rows = crops.flatMap((c, i) => [
						page(i + 1, c.w, c.h),
						...c.words.map((t, k) => word(i + 1, k * 40, t, 50 + k)),
					]);
					const results = splitTsv([HEAD, ...rows].join("\n"), jobs, fromTsv);
					results.forEach((r, i) => {
						expect(r.words.map((w) => w.text)).toEqual(crops[i]?.words);
						expect(r.text).toBe((crops[i]?.words ?? []).join(" "));
					});
				},
			),
			{ numRuns: 50 },
		);
	});
});

describe("chooseOcrEngine", () => {
	const saved = process.env.TAILAN_OCR;
	afterAll(() => {
		if (saved === undefined) delete process.env.TAILAN_OCR;
		else process.env.TAILAN_OCR = saved;
	});

	it("should take the option, else TAILAN_OCR, else tesseract.js; auto is native only when the program runs", () => {
		delete process.env.TAILAN_OCR;
		const none = "/nonexistent/tesseract";
		expect(chooseOcrEngine().kind).toBe("wasm");
		expect(chooseOcrEngine().why).toMatch(/default/);
		expect(
			chooseOcrEngine({ engine: "auto", nativeProgram: none, nativeLibrary })
				.kind,
		).toBe("wasm");
		expect(
			chooseOcrEngine({ engine: "auto", nativeProgram: none, nativeLibrary })
				.why,
		).toMatch(/auto/);
		process.env.TAILAN_OCR = "wasm";
		expect(chooseOcrEngine().kind).toBe("wasm");
		process.env.TAILAN_OCR = "native";
		expect(() =>
			chooseOcrEngine({ nativeProgram: none, nativeLibrary }),
		).toThrow(/TAILAN_OCR.*apt-get install tesseract-ocr.*TAILAN_OCR=wasm/);
		expect(chooseOcrEngine({ engine: "wasm", nativeProgram: none }).kind).toBe(
			"wasm",
		);
		process.env.TAILAN_OCR = "fast";
		expect(() => chooseOcrEngine()).toThrow(
			/TAILAN_OCR must be wasm, native or auto, got "fast"/,
		);
		delete process.env.TAILAN_OCR;
		expect(chooseOcrEngine({ engine: "auto", nativeLibrary }).kind).toBe(
			native ? "native" : "wasm",
		);
	});
});

// ── a stand-in program: fails, hangs ──────────────────────────────────────────────────────────

describe("createOcrPool on a native program that fails or hangs", () => {
	let dir: string;
	const program = (name: string, body: string) => {
		const f = join(dir, name);
		writeFileSync(
			f,
			`#!/bin/sh\nif [ "$1" = "--version" ]; then echo "tesseract 5.9.0"; exit 0; fi\n${body}\n`,
			{ mode: 0o755 },
		);
		return f;
	};
	const line = (dpi = 300): OcrRequest => ({
		image: { ...blank, dpi },
		rect: [0, 0, 100, 40],
		langs: "mon+eng",
		psm: 6,
	});
	const ownFolders = () =>
		readdirSync(tmpdir()).filter((e) =>
			e.startsWith(`tailan-ocr-${process.pid}-`),
		);
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), "tailan-fake-tesseract-"));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it("should read a failed batch again one region at a time, then reject each with the program's message", async () => {
		const log = join(dir, "calls.log");
		writeFileSync(log, "");
		// Each call logs how many images its list names.
		const fail = program(
			"fail.sh",
			`wc -l < "$1" | tr -d ' ' >> ${log}\necho "Error in pixReadMem: bad image" >&2\nexit 1`,
		);
		const pool = await createOcrPool({
			engine: "native",
			nativeLibrary,
			nativeProgram: fail,
			nativeReads: "all",
			size: 1,
		});
		const errors = await Promise.all(
			[0, 1, 2].map(() =>
				pool.recognize(line()).then(
					() => "read",
					(e: Error) => e.message,
				),
			),
		);
		await pool.close();
		for (const e of errors)
			expect(e).toMatch(/native OCR: .*fail\.sh failed .*bad image/);
		expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
			"3",
			"1",
			"1",
			"1",
		]);
	});

	it("should kill a batch past its time limit, and a running one when closed, leaving no files", async () => {
		const pids = join(dir, "pids.log");
		writeFileSync(pids, "");
		const hang = program("hang.sh", `echo $$ >> ${pids}\nexec sleep 30`);
		const before = new Set(ownFolders());
		const timed = await createOcrPool({
			engine: "native",
			nativeLibrary,
			nativeProgram: hang,
			nativeReads: "all",
			size: 1,
			nativeTimeout: { ms: 300, msPerMpx: 0 },
		});
		await expect(timed.recognize(line())).rejects.toThrow(
			/did not finish within 300 ms/,
		);
		await timed.close();

		const pool = await createOcrPool({
			engine: "native",
			nativeLibrary,
			nativeProgram: hang,
			nativeReads: "all",
			size: 1,
		});
		const made = ownFolders().filter((e) => !before.has(e));
		expect(made).toHaveLength(1);
		// the models unpacked, once
		expect(readdirSync(join(tmpdir(), made[0] as string)).sort()).toEqual([
			"eng.traineddata",
			"mon.traineddata",
		]);
		const started = () => readFileSync(pids, "utf8").trim().split("\n").length;
		const n0 = started();
		const outcome = (p: Promise<unknown>) =>
			p.then(
				() => "read",
				(e: Error) => e.message,
			);
		const running = outcome(pool.recognize(line()));
		// another kind: waits for the one process
		const waiting = outcome(pool.recognize(line(200)));
		while (started() < n0 + 1) await new Promise((r) => setTimeout(r, 20));
		const t0 = performance.now();
		await pool.close();
		expect(performance.now() - t0).toBeLessThan(5000);
		expect(await running).toBe("recognize: the OCR pool was closed");
		expect(await waiting).toBe("recognize: the OCR pool was closed");
		for (const pid of readFileSync(pids, "utf8").trim().split("\n"))
			expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/);
		expect(ownFolders().filter((e) => !before.has(e))).toEqual([]);
		await expect(pool.recognize(line())).rejects.toThrow(/closed/);
	});

	it("should read single lines with tesseract.js and blocks with the program (the default split)", async () => {
		const fail = program("fail2.sh", 'echo "no" >&2\nexit 1');
		const pool = await createOcrPool({
			engine: "native",
			nativeLibrary,
			nativeProgram: fail,
			size: 1,
		});
		try {
			const { createCanvas } = require("@napi-rs/canvas");
			const c = createCanvas(400, 80);
			const ctx = c.getContext("2d");
			ctx.fillStyle = "#fff";
			ctx.fillRect(0, 0, 400, 80);
			ctx.fillStyle = "#000";
			ctx.font = "40px DejaVu Sans";
			ctx.fillText("100%", 20, 55);
			const image = toGray(c.data(), 400, 80);
			const r = await pool.recognize({ image, langs: "eng+mon", psm: 7 });
			expect(r.text).toBe("100%");
			await expect(
				pool.recognize({ image, langs: "mon+eng", psm: 6 }),
			).rejects.toThrow(/fail2\.sh failed/);
		} finally {
			await pool.close();
		}
	});
});

function toGray(rgba: Uint8Array, width: number, height: number): GrayImage {
	const data = new Uint8Array(width * height);
	for (let p = 0; p < data.length; p++) data[p] = rgba[4 * p] as number;
	return { width, height, data, dpi: 300 };
}

// ── the real program ──────────────────────────────────────────────────────────────────────────

describe.skipIf(!native)("createOcrPool on native tesseract", () => {
	it("should give every region of a batch its own reading, whatever the order and kinds", async () => {
		const { createCanvas } = require("@napi-rs/canvas");
		const numbers = [12, 345, 6789, 40, 51, 606, 7070, 88, 909, 1001];
		const w = 500;
		const hLine = 70;
		const c = createCanvas(w, hLine * numbers.length);
		const ctx = c.getContext("2d");
		ctx.fillStyle = "#fff";
		ctx.fillRect(0, 0, w, hLine * numbers.length);
		ctx.fillStyle = "#000";
		ctx.font = "36px DejaVu Sans";
		numbers.forEach((n, i) => {
			ctx.fillText(`Төсөв ${n}`, 20, i * hLine + 50);
		});
		const image = toGray(c.data(), w, hLine * numbers.length);
		const pool = await createOcrPool({
			engine: "native",
			nativeLibrary,
			nativeReads: "all",
			size: 2,
		});
		try {
			await fc.assert(
				fc.asyncProperty(
					fc.shuffledSubarray(
						numbers.map((_, i) => i),
						{ minLength: 1 },
					),
					fc.array(fc.constantFrom(6, 7), { minLength: 10, maxLength: 10 }),
					async (order, psms) => {
						const rs = await Promise.all(
							order.map((i) =>
								pool.recognize({
									image,
									rect: [0, i * hLine, w, (i + 1) * hLine],
									langs: "mon+eng",
									psm: psms[i] as 6 | 7,
								}),
							),
						);
						rs.forEach((r, k) => {
							const i = order[k] as number;
							expect(r.text).toBe(`Төсөв ${numbers[i]}`);
							for (const word of r.words) {
								expect(word.bbox[1]).toBeGreaterThanOrEqual(i * hLine);
								expect(word.bbox[3]).toBeLessThanOrEqual((i + 1) * hLine);
							}
						});
					},
				),
				{ numRuns: 4 },
			);
		} finally {
			await pool.close();
		}
	});
});
