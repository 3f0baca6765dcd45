import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldLookalikes } from "../normalizers/text.ts";
import { pdfPagePreviews } from "../parsers/image/pdf-render.ts";
import { pdfToDocument } from "../parsers/pdf/index.ts";
import type { Paragraph } from "../pipeline/document.ts";
import { ingest, ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore, reviewStore } from "../store/index.ts";
import {
	type Box,
	confidenceClass,
	evidenceView,
	FOCUS_ZOOM,
	flagTarget,
	focusView,
	focusZoom,
	lookalikeLetters,
	lookalikeNote,
	MAX_ZOOM,
	pageView,
} from "./evidence.ts";

const fixture = (path: string) =>
	fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

async function text(h: unknown): Promise<string> {
	return String(await h);
}

describe("focusView", () => {
	const page = fc.record({
		sourceWidth: fc.integer({ min: 50, max: 5000 }),
		sourceHeight: fc.integer({ min: 50, max: 5000 }),
	});
	const boxIn = (size: { sourceWidth: number; sourceHeight: number }) =>
		fc
			.tuple(
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
			)
			.map(([a, b, c, d]): Box => {
				const [x0, x1] = [a, c].sort((p, q) => p - q) as [number, number];
				const [y0, y1] = [b, d].sort((p, q) => p - q) as [number, number];
				return [
					x0 * size.sourceWidth,
					y0 * size.sourceHeight,
					x1 * size.sourceWidth,
					y1 * size.sourceHeight,
				];
			});

	it("should stay inside the page, keep its shape, and hold the box whenever the box fits", () => {
		fc.assert(
			fc.property(
				page.chain((size) =>
					fc.tuple(
						fc.constant(size),
						boxIn(size),
						fc.double({ min: 0.5, max: 12, noNaN: true }),
					),
				),
				([size, box, zoom]) => {
					const [x, y, w, h] = focusView(size, box, zoom);
					const slack = 0.02;
					expect(x).toBeGreaterThanOrEqual(-slack);
					expect(y).toBeGreaterThanOrEqual(-slack);
					expect(x + w).toBeLessThanOrEqual(size.sourceWidth + slack);
					expect(y + h).toBeLessThanOrEqual(size.sourceHeight + slack);
					// The page's shape at every zoom (to the view's rounding): the view never jumps in height.
					const shape = size.sourceWidth / size.sourceHeight;
					expect(Math.abs(w / h - shape) / shape).toBeLessThan(0.01);
					const z = Math.min(MAX_ZOOM, Math.max(1, zoom));
					expect(w).toBeCloseTo(size.sourceWidth / z, 1);
					if (box[2] - box[0] <= w && box[3] - box[1] <= h) {
						expect(box[0]).toBeGreaterThanOrEqual(x - slack);
						expect(box[1]).toBeGreaterThanOrEqual(y - slack);
						expect(box[2]).toBeLessThanOrEqual(x + w + slack);
						expect(box[3]).toBeLessThanOrEqual(y + h + slack);
					}
				},
			),
		);
	});

	it("should open zoomed in on the box, never so far that the box leaves the view", () => {
		fc.assert(
			fc.property(
				page.chain((size) => fc.tuple(fc.constant(size), boxIn(size))),
				([size, box]) => {
					const zoom = focusZoom(size, box);
					expect(zoom).toBeGreaterThanOrEqual(1);
					expect(zoom).toBeLessThanOrEqual(FOCUS_ZOOM);
					const [x, y, w, h] = focusView(size, box, zoom);
					expect(box[0]).toBeGreaterThanOrEqual(x - 0.02);
					expect(box[1]).toBeGreaterThanOrEqual(y - 0.02);
					expect(box[2]).toBeLessThanOrEqual(x + w + 0.02);
					expect(box[3]).toBeLessThanOrEqual(y + h + 0.02);
				},
			),
		);
	});

	it("should colour by confidence: text layers exact, OCR high, medium, low", () => {
		expect(
			[undefined, 100, 90, 89.9, 70, 69.9, 0].map(confidenceClass),
		).toEqual([
			"c-exact",
			"c-high",
			"c-high",
			"c-mid",
			"c-mid",
			"c-low",
			"c-low",
		]);
	});
});

describe("page view", () => {
	it("should escape the text it draws and carry only numbers in its geometry", async () => {
		const html = await text(
			pageView(
				"en",
				3,
				{ sourceWidth: 1000, sourceHeight: 700 },
				{
					page: 2,
					box: [100, 100, 300, 160],
					words: [{ text: '"><script>x</script>', bbox: [110, 110, 150, 150] }],
					text: "<img src=x onerror=alert(1)>",
					tokens: [],
				},
			),
		);
		expect(html).not.toMatch(/<script|<img/);
		expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
		expect(html).toContain('<image href="/reports/3/pages/2"');
		expect(html).toMatch(/<rect class="ev-word c-exact" x="110" y="110"/);
		// No attribute a payload could use, in any tag.
		expect(html).not.toMatch(/<[^>]*\s(?:style|on\w+)=/);
	});
});

describe("text PDF: the page drawn by pdf.js, boxes from the text layer", async () => {
	const bytes = new Uint8Array(readFileSync(fixture("pdf/gold/input.pdf")));
	const doc = await pdfToDocument(bytes, { file: "gold.pdf", sha256: "x" });
	const PAGE = 14;
	const [image] = await pdfPagePreviews(bytes, "gold.pdf", { pages: [PAGE] });

	it("should keep the page in points, drawn at 100 dpi as a JPEG", () => {
		expect(image).toMatchObject({
			page: PAGE,
			sourceWidth: 842,
			sourceHeight: 595,
			sourceDpi: 72,
			width: 1169,
			height: 826,
			mime: "image/jpeg",
		});
		expect([...(image?.bytes.slice(0, 2) ?? [])]).toEqual([0xff, 0xd8]);
	});

	it("should find ink under every box of the page's cells: the boxes sit on the drawn text", async () => {
		if (!image) throw new Error("no image");
		const picture = await loadImage(Buffer.from(image.bytes));
		const canvas = createCanvas(image.width, image.height);
		const ctx = canvas.getContext("2d");
		ctx.drawImage(picture, 0, 0);
		const { data } = ctx.getImageData(0, 0, image.width, image.height);
		const scale = image.width / image.sourceWidth;
		const inkIn = (box: Box) => {
			const [x0, y0, x1, y1] = box.map((v) => Math.round(v * scale)) as Box;
			let ink = 0;
			let all = 0;
			for (let y = y0; y < y1; y++)
				for (let x = x0; x < x1; x++) {
					all++;
					if ((data[(y * image.width + x) * 4] as number) < 128) ink++;
				}
			return all === 0 ? 0 : ink / all;
		};
		const paragraphs: Paragraph[] = [];
		for (const block of doc.pages[PAGE - 1]?.blocks ?? [])
			if (block.kind === "table")
				for (const row of block.rows)
					for (const cell of row.cells) paragraphs.push(...cell.paragraphs);
		expect(paragraphs.length).toBeGreaterThan(20);
		const budget = paragraphs.find((p) => p.text.startsWith("1.276.0"));
		expect(budget?.prov.bbox).toBeDefined();
		const inks = paragraphs.map((p) => inkIn(p.prov.bbox as Box));
		// Every box holds ink; on average far more than the page as a whole.
		expect(Math.min(...inks)).toBeGreaterThan(0.03);
		const mean = inks.reduce((a, b) => a + b, 0) / inks.length;
		expect(mean).toBeGreaterThan(
			3 * inkIn([0, 0, image.sourceWidth, image.sourceHeight]),
		);
		expect(inkIn(budget?.prov.bbox as Box)).toBeGreaterThan(0.05);
	});
});

describe("the evidence of the seed's flags, by format", () => {
	it("Markdown: the span of the flagged value marked in the source text", async () => {
		const store = openStore(":memory:");
		const source = readFileSync(fixture("markdown/seed/input.md"), "utf8");
		store.importResult(ingestMarkdown(source, { file: "input.md" }));
		const review = reviewStore(store);
		const detail = review.item(1, "6.5");
		const flag = detail?.flags.find((f) => f.kind === "ambiguous-number");
		if (!detail || !flag) throw new Error("6.5 has no ambiguous budget");
		const target = flagTarget(flag, detail.pieces);
		expect(target?.start).toBeDefined();
		const html = await text(
			evidenceView(
				"mn",
				{
					reportId: 1,
					source,
					pages: new Map(),
					pieces: detail.pieces,
				},
				target as NonNullable<typeof target>,
			),
		);
		const marked = /<mark>([^<]*)<\/mark>/.exec(html)?.[1];
		expect(marked).toBe(source.slice(target?.start, target?.end));
		expect(marked).toContain("1.276.0");
		store.close();
	});

	it("Word: the item's table row as the document has it, the flagged cell and its token marked", async () => {
		const store = openStore(":memory:");
		store.importResult(await ingest(fixture("docx/per-page/input.docx")));
		const review = reviewStore(store);
		const view = async (item: string, kind: string) => {
			const detail = review.item(1, item);
			const flag = detail?.flags.find((f) => f.kind === kind);
			if (!detail || !flag) throw new Error(`${item} has no ${kind} flag`);
			const target = flagTarget(flag, detail.pieces);
			if (!target) throw new Error(`${item}: no target`);
			return text(
				evidenceView(
					"en",
					{
						reportId: 1,
						source: review.sourceText(1),
						pages: new Map(),
						pieces: detail.pieces,
					},
					target,
				),
			);
		};
		const budget = await view("6.5", "ambiguous-number");
		// Before: "page 10:" and nothing else.
		expect(budget).toContain("Table row on page 10 of the Word file");
		expect(budget).toContain(
			'<td class="hit"><mark>1.276.0 Байгууллагын төсөв</mark></td>',
		);
		expect(budget).toContain("<td>Хаягийн тоо</td>");
		// A mixed-script flag names a token and has no provenance of its own: the field's piece
		// that holds the token, the token marked inside it.
		const mixed = await view("2.6", "mixed-script");
		expect(mixed).toContain(
			'<mark class="tok">еoffice.baiahongor.gov.mп</mark>',
		);
		store.close();
	});
});

describe("look-alike letters", () => {
	it("should find exactly the letters foldLookalikes replaces", () => {
		const letters = fc.constantFrom(
			..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяөүАВЕКМНОРСТХabcehkmnoptxyABCEHKMOPTXYfgiz .,-0123456789",
		);
		fc.assert(
			fc.property(
				fc.array(letters, { maxLength: 60 }).map((a) => a.join("")),
				(s) => {
					const chars = [...s];
					for (const l of lookalikeLetters(s)) {
						expect(chars[l.index]).toBe(l.latin);
						chars[l.index] = l.cyrillic;
					}
					expect(chars.join("")).toBe(foldLookalikes(s));
				},
			),
		);
	});

	it("should mark the Latin letters of the seed's mixed token and offer the fix", async () => {
		const value = "Цахим систем еoffice.baiahongor.gov.mп-д";
		expect(
			lookalikeLetters(value).map((l) => `${l.latin}→${l.cyrillic}`),
		).toEqual(["o→о", "c→с", "e→е", "m→м"]);
		const html = await text(lookalikeNote("mn", "activity", value));
		expect(html).toContain(
			'е<mark class="latin">o</mark>ffi<mark class="latin">c</mark><mark class="latin">e</mark>.baiahongor.gov.<mark class="latin">m</mark>п-д',
		);
		expect(html).toContain('class="fix-lookalikes" data-field="activity"');
		expect(lookalikeNote("mn", "activity", "Цахим систем")).toBe("");
	});
});
