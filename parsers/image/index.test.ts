import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { cellText, type TableFragment } from "../../pipeline/document.ts";
import { documentToRecord } from "../../pipeline/ingest.ts";
import { createReviewApp } from "../../review/app.ts";
import { scanFixtures } from "../../scripts/make-scan-fixtures.ts";
import { openStore, pageImage, pageImageSizes } from "../../store/index.ts";
import type { InkImage } from "./grid.ts";
import {
	imageToDocument,
	loneCrumbs,
	NARRATIVE_SQUEEZE,
	ocrWorkersPerJob,
	PERCENT_AS_DIGITS,
	pagesToDocument,
	percentFromSoftView,
	printedDash,
	softWords,
} from "./index.ts";
import { createOcrPool } from "./ocr.ts";
import { imagePages } from "./raster.ts";
import type { Softening } from "./soft-view.ts";
import type { Box, GrayImage, OcrEngine, OcrResult, OcrWord } from "./types.ts";

it("should share the cores among batch threads, never more OCR workers than cores in all", () => {
	for (const cores of [1, 2, 3, 8, 16])
		for (const jobs of [1, 2, 3, 4, 8, 16]) {
			const each = ocrWorkersPerJob(jobs, cores);
			expect(each).toBeGreaterThanOrEqual(1);
			// At least one each; beyond that, the jobs together stay within the cores.
			if (jobs <= cores) expect(each * jobs).toBeLessThanOrEqual(cores);
			else expect(each).toBe(1);
			// No core left idle that a whole extra worker per job could use.
			expect((each + 1) * jobs > cores).toBe(true);
		}
});

describe("printedDash", () => {
	/** A 40 × 20 cell of paper with one mark of w × h pixels at (10, 8). */
	const cell = (w: number, h: number): InkImage => {
		const data = new Uint8Array(40 * 20);
		for (let y = 8; y < 8 + h; y++)
			for (let x = 10; x < 10 + w; x++) data[y * 40 + x] = 1;
		return { width: 40, height: 20, data };
	};
	const box = (w: number, h: number) =>
		[10, 8, 10 + w, 8 + h] as [number, number, number, number];

	it("should take a printed dash for one and a speck of toner for none", () => {
		// The gold's dashes on the worn copies at 200 dpi: 6 × 2 and 6 × 3 (5 × 2 at the faintest);
		// a 4 × 1 speck in copier variant 3's empty 6.5 baseline was read as a dash.
		expect(printedDash(cell(6, 2), box(6, 2), 200)).toBe(true);
		expect(printedDash(cell(5, 2), box(5, 2), 200)).toBe(true);
		expect(printedDash(cell(9, 3), box(9, 3), 300)).toBe(true);
		expect(printedDash(cell(4, 1), box(4, 1), 200)).toBe(false);
		expect(printedDash(cell(6, 1), box(6, 1), 300)).toBe(false);
	});

	it("should never turn a mark into no dash by making it larger (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 1, max: 5 }),
				fc.constantFrom(150, 200, 300),
				(w, h, dpi) => {
					if (printedDash(cell(w, h), box(w, h), dpi)) {
						expect(printedDash(cell(w + 1, h), box(w + 1, h), dpi)).toBe(true);
						expect(printedDash(cell(w, h + 1), box(w, h + 1), dpi)).toBe(true);
					}
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});

it("should refuse a page scanned below 180 dpi before any OCR, naming the page and the resolution to scan at", async () => {
	const page = (dpi: number): GrayImage => ({
		width: Math.round(11.7 * dpi),
		height: Math.round(8.3 * dpi),
		data: new Uint8Array(Math.round(11.7 * dpi) * Math.round(8.3 * dpi)).fill(
			250,
		),
		dpi,
	});
	let calls = 0;
	const ocr: OcrEngine = {
		recognize: async () => {
			calls++;
			return { text: "", confidence: 0, words: [] };
		},
		close: async () => {},
	};
	const read = (pages: GrayImage[]) =>
		pagesToDocument(pages, { file: "scan.jpg", ocr, sha256: "x", bytes: 0 });
	await expect(read([page(150)])).rejects.toThrow(
		/^scan\.jpg: page 1 is scanned at 150 dpi, too coarse .* — scan the report again at 200–300 dpi/,
	);
	expect(calls).toBe(0);
	// a blank page at 200 dpi is read (nothing on it)
	await expect(read([page(200)])).resolves.toMatchObject({ format: "image" });
});

// One page OCR'd (the first of the 300-dpi scan of the gold): the whole document is the opt-in
// test in scripts/scan-accuracy.test.ts.
describe("imageToDocument", async () => {
	const ocr = await createOcrPool({ size: 2 });
	afterAll(() => ocr.close());
	const fixtures = await scanFixtures({ dpis: [300], pages: [1] });
	const file = fixtures.sets[0]?.png[0] as string;
	let read: ReturnType<typeof imageToDocument> | undefined;
	/** OCR requests of reading the page alone. */
	const single = { calls: 0 };
	/** The page read once, shared by the tests. */
	const document = () => {
		read ??= imageToDocument(new Uint8Array(readFileSync(file)), {
			file: "page-01.png",
			sha256: "x",
			ocr: {
				recognize: (r) => {
					single.calls++;
					return ocr.recognize(r);
				},
				close: async () => {},
			},
		});
		return read;
	};

	it("should read a scanned page into the plan table's shape, typed cells by their column", async () => {
		const doc = await document();
		expect(doc.format).toBe("image");
		const blocks = doc.pages[0]?.blocks ?? [];
		expect(blocks[0]).toMatchObject({ kind: "text" });
		const table = blocks.find((b): b is TableFragment => b.kind === "table");
		const rows = (table?.rows ?? []).map((r) =>
			r.cells.map((c) => cellText(c)),
		);
		// Header with merged cells, the sub-header, the numbering row, a goal row across the table.
		expect(rows[0]?.[0]).toBe("№");
		expect(table?.rows[0]?.cells[5]?.colSpan).toBe(2);
		expect(rows[1]?.slice(5, 7)).toEqual(["Хагас жил", "Бүтэн жил"]);
		expect(rows[2]).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
		expect(table?.rows[3]?.cells[1]?.colSpan).toBe(8);
		expect(rows[3]?.[1]).toMatch(/^Зорилт 1\. Төрийн болон/);
		expect(rows[4]?.[0]).toBe("1.1");
		expect(rows[4]?.[2]).toBe("-");
		expect(rows[4]?.slice(4, 7)).toEqual(["3", "3", "4"]);
		expect(rows[4]?.[8]).toBe("100%");
		// Provenance: page, box in the scan's pixels, confidence.
		const p = table?.rows[4]?.cells[7]?.paragraphs[0]?.prov;
		expect(p?.page).toBe(1);
		expect(p?.bbox?.[2]).toBeGreaterThan(p?.bbox?.[0] ?? 0);
		expect(p?.confidence).toBeGreaterThan(80);
	}, 60_000);

	it("should read the narrative column (what was achieved) squeezed when asked, say so in its provenance, and no other column", async () => {
		// The reader's own default reads every column at full width.
		expect(NARRATIVE_SQUEEZE).toBe(1);
		const plain = await document();
		for (const b of plain.pages[0]?.blocks ?? [])
			if (b.kind === "table")
				for (const r of b.rows)
					for (const c of r.cells)
						for (const p of c.paragraphs)
							expect(p.prov.squeeze).toBeUndefined();
		const images = [];
		for await (const p of imagePages(new Uint8Array(readFileSync(file)), file))
			images.push(p.image);
		const doc = await pagesToDocument(images, {
			file: "page-01.png",
			ocr,
			sha256: "x",
			bytes: 0,
			textReading: { narrativeSqueeze: 0.75 },
		});
		const table = (doc.pages[0]?.blocks ?? []).find(
			(b): b is TableFragment => b.kind === "table",
		);
		const squeezedCols = new Set<number>();
		let squeezed = 0;
		for (const row of table?.rows.slice(4) ?? [])
			row.cells.forEach((c, col) => {
				for (const p of c.paragraphs)
					if (p.prov.squeeze !== undefined) {
						expect(p.prov.squeeze).toBe(0.75);
						squeezedCols.add(col);
						squeezed++;
					}
			});
		expect(squeezed).toBeGreaterThan(0);
		// column 8 of the gold's plan table (0-based 7): what was achieved
		expect([...squeezedCols]).toEqual([7]);
	}, 120_000);

	it("should keep each doubtful word's box, inside its paragraph's, for the review step to draw", async () => {
		const doc = await document();
		const words: { word: [number, number, number, number]; in: number[] }[] =
			[];
		for (const block of doc.pages[0]?.blocks ?? [])
			if (block.kind === "table")
				for (const row of block.rows)
					for (const cell of row.cells)
						for (const p of cell.paragraphs)
							for (const w of [
								...(p.prov.lowWords ?? []),
								...(p.prov.wordBoxes ?? []),
							]) {
								expect(w.bbox, `"${w.text}" has no box`).toBeDefined();
								words.push({
									word: w.bbox as [number, number, number, number],
									in: p.prov.bbox as number[],
								});
							}
		expect(words.length).toBeGreaterThan(0);
		// Look-alike words read with confidence keep theirs too (the page's "Хью", ь before ю, in
		// the narrative column: read squeezed, where the words under 97 are listed as doubtful
		// ones; "ХХК" beside it is no look-alike: pipeline/ocr-flags.ts CYRILLIC_ABBREVIATIONS).
		const kept = (doc.pages[0]?.blocks ?? []).flatMap((b) =>
			b.kind === "table"
				? b.rows.flatMap((r) =>
						r.cells.flatMap((c) =>
							c.paragraphs.flatMap((p) => [
								...(p.prov.wordBoxes ?? []),
								...(p.prov.squeeze !== undefined
									? (p.prov.lowWords ?? [])
									: []),
							]),
						),
					)
				: [],
		);
		expect(kept.map((w) => w.text)).toContain("Хью");
		for (const { word, in: box } of words) {
			// Both are turned back from the deskewed page separately: a pixel or two of rounding.
			expect(word[0]).toBeGreaterThanOrEqual((box[0] as number) - 3);
			expect(word[1]).toBeGreaterThanOrEqual((box[1] as number) - 3);
			expect(word[2]).toBeLessThanOrEqual((box[2] as number) + 3);
			expect(word[3]).toBeLessThanOrEqual((box[3] as number) + 3);
			expect(word[2]).toBeGreaterThan(word[0]);
		}
	}, 60_000);

	it("should read a header repeated on the next page once, its cells moved to where they are", async () => {
		await document();
		const first = await (async () => {
			for await (const p of imagePages(
				new Uint8Array(readFileSync(file)),
				file,
			))
				return p.image;
		})();
		if (!first) throw new Error("no page");
		// The same page again, 8 px right and 12 px lower: the header's geometry is the same.
		const moved: GrayImage = {
			...first,
			data: new Uint8Array(first.data.length).fill(255),
		};
		for (let y = 0; y + 12 < first.height; y++)
			moved.data.set(
				first.data.subarray(y * first.width, (y + 1) * first.width - 8),
				(y + 12) * first.width + 8,
			);
		let calls = 0;
		const counting: OcrEngine = {
			recognize: (r) => {
				calls++;
				return ocr.recognize(r);
			},
			close: async () => {},
		};
		const doc = await pagesToDocument([first, moved], {
			file: "two.png",
			ocr: counting,
			sha256: "x",
			bytes: 0,
		});
		const tables = doc.pages.map(
			(p) =>
				p.blocks.find(
					(b): b is TableFragment => b.kind === "table",
				) as TableFragment,
		);
		const header = (t: TableFragment) =>
			t.rows.slice(0, 3).map((r) => r.cells.map((c) => cellText(c)));
		expect(header(tables[1] as TableFragment)).toEqual(
			header(tables[0] as TableFragment),
		);
		expect(header(tables[1] as TableFragment)[2]).toEqual([
			"1",
			"2",
			"3",
			"4",
			"5",
			"6",
			"7",
			"8",
			"9",
		]);
		// The header's boxes are on the second page where its ink is.
		const box = (t: TableFragment) =>
			t.rows[1]?.cells[5]?.paragraphs[0]?.prov.bbox ?? [];
		const [ax = 0, ay = 0] = box(tables[0] as TableFragment);
		const [bx = 0, by = 0] = box(tables[1] as TableFragment);
		expect(Math.abs(bx - ax - 8)).toBeLessThanOrEqual(2);
		expect(Math.abs(by - ay - 12)).toBeLessThanOrEqual(2);
		// Header rows and numbering row (at least 18 cells) are not read again.
		expect(single.calls).toBeGreaterThan(18);
		expect(calls).toBeLessThanOrEqual(2 * single.calls - 18);
		// The rest of the page is read by the header's columns: the same rows, the same item numbers.
		const items = (t?: TableFragment) =>
			t?.rows.slice(3).map((r) => cellText(r.cells[0]));
		expect(items(tables[1])).toEqual(items(tables[0]));
		expect(items(tables[0])).toContain("1.1");
	}, 90_000);

	it("should store the page's image with the report, and show it under a flagged OCR field", async () => {
		const doc = await document();
		const scan = readFileSync(file);
		// One preview per page, sized from the scan (provenance boxes are in the scan's pixels).
		expect(doc.pageImages).toHaveLength(1);
		const width = scan.readUInt32BE(16);
		const height = scan.readUInt32BE(20);
		expect(doc.pageImages?.[0]).toMatchObject({
			page: 1,
			sourceWidth: width,
			sourceHeight: height,
			sourceDpi: 300,
			width: Math.floor(width / 2),
			mime: "image/jpeg",
		});
		const result = documentToRecord(doc);
		const store = openStore(":memory:");
		try {
			const { reportId } = store.importResult(result);
			expect([...pageImageSizes(store, reportId)]).toEqual([
				[1, { sourceWidth: width, sourceHeight: height }],
			]);
			expect([
				...(pageImage(store, reportId, 1)?.bytes ?? []).slice(0, 2),
			]).toEqual([0xff, 0xd8]);
			// A flag of the OCR on a field with a box on page 1: its item page shows the page with
			// that box drawn on it, and the flag's words' boxes.
			const flag = result.flags.find(
				(f) => f.kind.startsWith("ocr-") && f.item && f.prov?.bbox,
			);
			if (!flag?.item || !flag.prov?.bbox)
				throw new Error("no OCR flag with a box on page 1");
			const app = createReviewApp({ store, csrfToken: "c".repeat(43) });
			const body = await (
				await app.request(
					`/reports/${reportId}/items/${encodeURIComponent(flag.item)}`,
				)
			).text();
			expect(body).toMatch(
				new RegExp(
					`<svg class="ev-svg"[^>]*><image href="/reports/${reportId}/pages/1" x="0" y="0" width="${width}" height="${height}"/><rect class="ev-box c-high" x="${flag.prov.bbox[0]}" y="${flag.prov.bbox[1]}"`,
				),
			);
			const boxes = flag.evidence.boxes as
				| { bbox: number[]; confidence: number }[]
				| undefined;
			expect(boxes?.length).toBeGreaterThan(0);
			const colour = (c: number) =>
				c >= 90 ? "high" : c >= 70 ? "mid" : "low";
			for (const b of boxes ?? [])
				expect(body).toContain(
					`class="ev-word c-${colour(b.confidence)}" x="${b.bbox[0]}" y="${b.bbox[1]}"`,
				);
		} finally {
			store.close();
		}
	}, 60_000);
});

describe("our own fax's readings from other views of the same pixels", () => {
	const seed = Number(process.env.PROPERTY_SEED ?? 20261207);
	type OcrParagraph = Parameters<typeof percentFromSoftView>[0];
	const result = (text: string, confidence = 90): OcrResult => ({
		text,
		confidence,
		words: [],
	});

	it('should take a value\'s percent from the first view that gives it with its "%", recorded as a repair', async () => {
		for (const [first, views, want] of [
			["10046", ["100%-"], "100%"],
			["17,795", ["17,796", "17,796", "17.7%"], "17,7%"],
			["6096", ["60 %"], "60%"],
		] as const) {
			const single: OcrParagraph = {
				text: first,
				confidence: 90,
				box: [0, 0, 1, 1],
			};
			const asked: [Softening, 7 | 8][] = [];
			await percentFromSoftView(single, async (soft, psm) => {
				asked.push([soft, psm]);
				return result(views[asked.length - 1] ?? "");
			});
			expect(single.text).toBe(want);
			expect(single.raw).toBe(first);
			expect(single.readings).toEqual([
				first,
				views.at(-1)?.replace(/\s+/g, ""),
			]);
			expect(single.repairs?.[0]).toMatchObject({ from: first, to: want });
			expect(asked.length).toBe(views.length);
		}
	});

	it("should leave a value no view reads as a percent, or one that cannot be a misread percent, as it was", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 99999 }),
				fc.constantFrom("", "%", "5%"),
				async (n, view) => {
					const single: OcrParagraph = {
						text: String(n),
						confidence: 90,
						box: [0, 0, 1, 1],
					};
					let calls = 0;
					await percentFromSoftView(single, async () => {
						calls++;
						return result(`${String(n)}${view === "5%" ? "" : view}`);
					});
					if (!PERCENT_AS_DIGITS.test(String(n))) expect(calls).toBe(0);
					// A view giving the same digits (with or without a "%" after them) is no
					// reading of a percent whose sign was taken for digits.
					expect(single.text).toBe(String(n));
					expect(single.repairs).toBeUndefined();
				},
			),
			{ numRuns: 200, seed },
		);
	});

	const word = (text: string, confidence: number, at = 10): OcrWord => ({
		text,
		confidence,
		bbox: [at, 10, at + 50, 30],
	});

	it("should replace a doubtful word by other letters read surely, keep it when the view agrees, and leave the rest alone", async () => {
		const words = [
			["терийн", 72],
			["даргын", 63],
			["тоо", 31],
			["“сэргийлэх", 66],
			["Камерын,", 31],
			["E-Mongoha", 40],
			["хамтын", 95],
			["тайлагнасан,", 60],
		].map(([t, c], i) => word(t as string, c as number, 10 + 60 * i));
		const views: Record<string, OcrResult> = {
			терийн: result("төрийн", 89),
			даргын: result("даргын", 96),
			тоо: result("тоо", 82),
			"“сэргийлэх": result("| сэргийлэх", 93),
			"Камерын,": result("Камерын,", 96),
			"тайлагнасан,": result("тайлагнасан.", 95),
		};
		const asked: string[] = [];
		const out = await softWords(
			words,
			async (box) => {
				const w = words.find((x) => x.bbox[0] === box[0] + 3) as OcrWord;
				asked.push(w.text);
				return views[w.text] ?? result("", 0);
			},
			1000,
			1000,
		);
		// Only doubtful words of Cyrillic letters (a mark before or after kept as read).
		expect(asked.sort()).toEqual(
			[
				"терийн",
				"даргын",
				"тоо",
				"“сэргийлэх",
				"Камерын,",
				"тайлагнасан,",
			].sort(),
		);
		expect(out.get(words[0] as OcrWord)).toMatchObject({
			to: "төрийн",
			confidence: 89,
		});
		expect(out.get(words[1] as OcrWord)).toEqual({ confidence: 96 });
		// a reading in doubt too, a mark read beside the word, a mark read otherwise: unchanged
		expect(out.has(words[2] as OcrWord)).toBe(false);
		expect(out.has(words[3] as OcrWord)).toBe(false);
		// the same letters and mark: the mark's doubt (a speck read as a comma both times) stays
		expect(out.has(words[4] as OcrWord)).toBe(false);
		expect(out.has(words[7] as OcrWord)).toBe(false);
	});

	it("should replace a word read surely in a line when its own pixels and a soft view both read other letters alone", async () => {
		const words = [
			["Газрын", 93, "газрын", 96, "газрын", 81],
			["хүлзэгдэж", 92, "хүлзэгдэж", 92, "хүлээгдэж", 75],
			["раг", 88, "ра!", 96, "pdf", 96],
			["Хурль", 93, "Хурлын", 70, "Хурлын", 80],
			["егр", 92, "erp", 93, "erp", 93],
		] as const;
		const ws = words.map(([t, c], i) => word(t, c, 10 + 60 * i));
		const asked: string[] = [];
		const out = await softWords(
			ws,
			async (box, soft) => {
				const i = ws.findIndex((x) => x.bbox[0] === box[0] + 3);
				const [t, , st, sc, ot, oc] = words[i] as (typeof words)[number];
				asked.push(`${t}${soft ? " soft" : ""}`);
				return soft ? result(st, sc) : result(ot, oc);
			},
			1000,
			1000,
		);
		expect(out.get(ws[0] as OcrWord)).toMatchObject({
			to: "газрын",
			confidence: 96,
		});
		// the soft view reads the first reading's letters: its own pixels are not read
		expect(asked).toContain("хүлзэгдэж soft");
		expect(asked).not.toContain("хүлзэгдэж");
		expect(out.has(ws[1] as OcrWord)).toBe(false);
		// a Latin reading, and two views agreeing on letters neither reads surely: unchanged
		expect(out.has(ws[2] as OcrWord)).toBe(false);
		expect(out.has(ws[3] as OcrWord)).toBe(false);
		expect(out.has(ws[4] as OcrWord)).toBe(false);
	});

	it("should never give a word other than its own letters or a Cyrillic word two views or one sure view read", async () => {
		const letters = fc.stringMatching(/^[а-яөүА-Я]{1,8}[,.]?$/u);
		const reading = fc.oneof(letters, fc.string({ maxLength: 10 }));
		await fc.assert(
			fc.asyncProperty(
				letters,
				fc.integer({ min: 0, max: 100 }),
				fc.option(reading),
				fc.integer({ min: 0, max: 100 }),
				fc.option(reading),
				fc.integer({ min: 0, max: 100 }),
				async (text, confidence, soft, sure, own, ownSure) => {
					// null: the view reads the word as it was first read
					const seen = soft ?? text;
					const alone = own ?? text;
					const w = word(text, confidence);
					const out = await softWords(
						[w],
						async (_box, isSoft) =>
							isSoft ? result(seen, sure) : result(alone, ownSure),
						1000,
						1000,
					);
					const s = out.get(w);
					if (!s) return;
					expect(confidence).toBeLessThan(95);
					if ("to" in s) {
						expect(s.to).toBe(seen.trim());
						expect(s.to).not.toBe(text);
						expect(s.to).toMatch(/^\p{Script=Cyrillic}{2,}[,.]?$/u);
						// its mark as first read
						expect(s.to.replace(/\p{L}/gu, "")).toBe(
							text.replace(/\p{L}/gu, ""),
						);
						// surer than a word in doubt, or read alone from its own pixels too
						expect(
							(confidence < 85 && sure >= 85 && sure > confidence) ||
								(alone.trim() === s.to && Math.max(sure, ownSure) >= 85),
						).toBe(true);
					} else {
						// confirmed: a word in doubt of letters alone, read the same surely
						expect(confidence).toBeLessThan(85);
						expect(text).toMatch(/^\p{L}+$/u);
						expect(seen.trim()).toBe(text);
						expect(sure).toBeGreaterThanOrEqual(85);
					}
				},
			),
			{ numRuns: 400, seed },
		);
	});
});

describe("loneCrumbs", () => {
	const seed = Number(process.env.PROPERTY_SEED ?? 20261207);
	const W = 200;
	const H = 120;
	const sheet = (): InkImage => ({
		width: W,
		height: H,
		data: new Uint8Array(W * H),
	});
	const dot = (ink: InkImage, x: number, y: number, w = 2, h = 2) => {
		for (let j = y; j < y + h; j++)
			for (let i = x; i < x + w; i++) ink.data[j * W + i] = 1;
	};
	const inner: Box = [0, 0, W, H];
	/** A word's letters: a block 40 × 14 pixels. */
	const word = (ink: InkImage, x: number, y: number) => dot(ink, x, y, 40, 14);
	const erased = (ink: InkImage, clusters: boolean) =>
		new Set(loneCrumbs(ink, inner, 200, clusters).flatMap((px) => [...px]));

	it("should erase a few specks side by side far from any letter on our own fax, and keep a word's points", () => {
		const ink = sheet();
		word(ink, 20, 20);
		// a full stop and a colon's two points beside the word
		dot(ink, 62, 32);
		dot(ink, 70, 24);
		dot(ink, 70, 30);
		// three specks side by side below the text, far from it
		dot(ink, 140, 80);
		dot(ink, 145, 82);
		dot(ink, 149, 78);
		const alone = erased(ink, false);
		const together = erased(ink, true);
		// Each speck has another within 1/30 inch: none is alone by itself.
		expect(alone.size).toBe(0);
		expect(together).toEqual(
			new Set(
				[80, 81, 82, 83, 78, 79].flatMap((y) =>
					[140, 141, 145, 146, 149, 150]
						.filter((x) => ink.data[y * W + x] === 1)
						.map((x) => y * W + x),
				),
			),
		);
		for (const [x, y] of [
			[62, 32],
			[70, 24],
			[70, 30],
		] as const)
			expect(together.has(y * W + x)).toBe(false);
	});

	it("should never erase a letter, nor a crumb that another crumb links to a letter", () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						x: fc.integer({ min: 0, max: W - 3 }),
						y: fc.integer({ min: 0, max: H - 3 }),
					}),
					{ maxLength: 12 },
				),
				(specks) => {
					const ink = sheet();
					word(ink, 80, 50);
					for (const s of specks) dot(ink, s.x, s.y);
					const out = erased(ink, true);
					// the word's pixels stay
					for (let y = 50; y < 64; y++)
						for (let x = 80; x < 120; x++)
							expect(out.has(y * W + x)).toBe(false);
					// a speck within 1/30 inch (7 pixels) of the word stays
					const gap = 7;
					for (const s of specks)
						if (
							s.x < 120 + gap &&
							s.x + 2 > 80 - gap &&
							s.y < 64 + gap &&
							s.y + 2 > 50 - gap
						)
							expect(out.has(s.y * W + s.x)).toBe(false);
					// without clusters, the erased specks are a part of these
					const alone = erased(ink, false);
					for (const p of alone) expect(out.has(p)).toBe(true);
				},
			),
			{ numRuns: 200, seed },
		);
	});
});
