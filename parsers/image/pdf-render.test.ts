/**
 * PDF pages as rasters: the gold report's text lands where its text layer says, an image-only
 * PDF (made here with the canvas's PDF backend) gives back its picture at the asked resolution,
 * and pages over the pixel limit or unreadable PDFs are refused with a DocumentLoadError.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCanvas, PDFDocument, type SKRSContext2D } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { openPdf } from "../pdf/load.ts";
import { pdfPageImages } from "./pdf-render.ts";
import type { GrayImage } from "./types.ts";

const goldPdf = readFileSync(
	fileURLToPath(new URL("../../fixtures/pdf/gold/input.pdf", import.meta.url)),
);

async function render(
	bytes: Uint8Array,
	options: Parameters<typeof pdfPageImages>[2] = {},
): Promise<{ page: number; image: GrayImage }[]> {
	const out: { page: number; image: GrayImage }[] = [];
	for await (const p of pdfPageImages(bytes, "scan.pdf", options)) out.push(p);
	return out;
}

const inkIn = (img: GrayImage, [x0, y0, x1, y1]: number[]) => {
	let ink = 0;
	for (let y = Math.floor(y0 as number); y < Math.ceil(y1 as number); y++)
		for (let x = Math.floor(x0 as number); x < Math.ceil(x1 as number); x++)
			if ((img.data[y * img.width + x] as number) < 128) ink++;
	return ink;
};

/** A one-page image-only PDF, 200 × 100 pt, showing a 400 × 200 px picture with a black box. */
function imageOnlyPdf(): Uint8Array {
	const picture = createCanvas(400, 200);
	const p = picture.getContext("2d");
	p.fillStyle = "#fff";
	p.fillRect(0, 0, 400, 200);
	p.fillStyle = "#000";
	p.fillRect(100, 50, 100, 40); // pt [50, 25, 100, 45]
	const doc = new PDFDocument();
	const ctx = doc.beginPage(200, 100) as unknown as SKRSContext2D;
	ctx.drawImage(picture, 0, 0, 200, 100);
	doc.endPage();
	return new Uint8Array(doc.close());
}

describe("pdfPageImages", () => {
	it("should draw the gold report's text where its text layer places it", async () => {
		const pdf = await openPdf(goldPdf, "gold.pdf");
		const content = await pdf.page(1);
		await pdf.close();
		const title = content.items[0];
		if (!title) throw new Error("no text on page 1");
		// At 72 dpi, one pixel is one point.
		const [p] = await render(goldPdf, { dpi: 72, pages: [1] });
		if (!p) throw new Error("no page");
		expect(p.page).toBe(1);
		expect([p.image.width, p.image.height, p.image.dpi]).toEqual([
			842, 595, 72,
		]);
		expect(
			inkIn(p.image, [title.x0, title.y0, title.x1, title.y1]),
		).toBeGreaterThan(100);
		// a page is mostly paper
		expect(inkIn(p.image, [0, 0, 842, 595])).toBeLessThan(0.2 * 842 * 595);
		// the margin above the title is blank
		expect(inkIn(p.image, [0, 0, 842, Math.max(1, title.y0 - 5)])).toBe(0);
	});

	it("should render an image-only PDF's picture at the asked resolution", async () => {
		const pages = await render(imageOnlyPdf(), { dpi: 144 });
		expect(pages).toHaveLength(1);
		const img = pages[0]?.image as GrayImage;
		expect([img.width, img.height, img.dpi]).toEqual([400, 200, 144]);
		// the black box: 100..200 × 50..90 px at 144 dpi (2 px a point)
		expect(inkIn(img, [104, 54, 196, 86])).toBe(92 * 32);
		expect(inkIn(img, [0, 0, 95, 200])).toBe(0);
		expect(inkIn(img, [205, 0, 400, 200])).toBe(0);
	});

	it("should render only the pages asked for, in that order", async () => {
		const pages = await render(goldPdf, { dpi: 20, pages: [3, 1] });
		expect(pages.map((p) => p.page)).toEqual([3, 1]);
		await expect(render(goldPdf, { dpi: 20, pages: [18] })).rejects.toThrow(
			TypeError,
		);
	});

	it("should refuse a page over the pixel limit before drawing anything", async () => {
		const e = await render(goldPdf, { maxPixels: 1_000_000 }).catch(
			(x: unknown) => x,
		);
		expect(e).toBeInstanceOf(DocumentLoadError);
		expect((e as DocumentLoadError).reason).toMatch(
			/page 1 is 3508 × 2479 pixels/,
		);
	});

	it("should refuse a PDF cut short or that is not a PDF", async () => {
		const cut = goldPdf.subarray(0, goldPdf.length >> 1);
		await expect(render(cut)).rejects.toBeInstanceOf(DocumentLoadError);
		const junk = new TextEncoder().encode("%PDF-1.7\nnot really\n%%EOF\n");
		await expect(render(junk)).rejects.toBeInstanceOf(DocumentLoadError);
	});
});
