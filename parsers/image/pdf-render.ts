/**
 * The pages of a PDF as grayscale rasters, for OCR of image-only (scanned) PDFs: each page drawn
 * by pdf.js through its own Node canvas factory (@napi-rs/canvas, the one copy pdf.js loads, so
 * Path2D and DOMMatrix match) at 300 dpi by default. Fonts, cmaps and the JPEG 2000 / JBIG2
 * decoders come from the installed pdfjs-dist (parsers/pdf/load.ts): nothing is fetched.
 */
import { DocumentLoadError, type PageImage } from "../../pipeline/document.ts";
import { openPdf } from "../pdf/load.ts";
import { checkSize, luminance, MAX_IMAGE_PIXELS } from "./raster.ts";
import type { GrayImage } from "./types.ts";

/** Resolution pages are rendered at unless told otherwise. */
export const RENDER_DPI = 300;

export interface PdfRenderOptions {
	/** Rendering resolution in dots per inch; default RENDER_DPI. */
	dpi?: number;
	/** Largest page in pixels at that resolution; default MAX_IMAGE_PIXELS. */
	maxPixels?: number;
	/** Only these pages (1-based), in this order; default all. */
	pages?: readonly number[];
}

interface CanvasEntry {
	canvas: { width: number; height: number; data(): Uint8Array };
	context: unknown;
}
interface CanvasFactory {
	create(width: number, height: number): CanvasEntry;
	reset(entry: CanvasEntry, width: number, height: number): void;
	destroy(entry: CanvasEntry): void;
}

/**
 * Each page of a PDF rendered to a grayscale image, one at a time. Every page's size at the
 * resolution is checked before the first is drawn. Throws DocumentLoadError for a PDF that
 * cannot be read (see openPdf) or a page over the pixel limit.
 */
export async function* pdfPageImages(
	bytes: Uint8Array,
	file: string,
	options: PdfRenderOptions = {},
): AsyncGenerator<{ page: number; pages: number; image: GrayImage }> {
	const dpi = options.dpi ?? RENDER_DPI;
	if (!(dpi > 0 && dpi <= 1200))
		throw new TypeError(
			`pdfPageImages: dpi must be in (0, 1200], got ${options.dpi}`,
		);
	const pdf = await openPdf(bytes, file);
	const doc = pdf.document;
	let entry: CanvasEntry | undefined;
	const factory = (doc as unknown as { canvasFactory: CanvasFactory })
		.canvasFactory;
	try {
		const numbers =
			options.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
		for (const n of numbers)
			if (!Number.isInteger(n) || n < 1 || n > pdf.numPages)
				throw new TypeError(
					`pdfPageImages: page ${n} is not in 1…${pdf.numPages}`,
				);
		const scale = dpi / 72;
		// Sizes first: a page too large is refused before any work is done.
		const sizes = new Map<number, { width: number; height: number }>();
		for (const n of numbers) {
			const page = await doc.getPage(n).catch((e: unknown) => {
				throw pageError(file, n, e);
			});
			const vp = page.getViewport({ scale });
			const size = {
				width: Math.max(1, Math.round(vp.width)),
				height: Math.max(1, Math.round(vp.height)),
			};
			checkSize(file, size, n, {
				maxPixels: options.maxPixels ?? MAX_IMAGE_PIXELS,
			});
			sizes.set(n, size);
		}
		for (const n of numbers) {
			const { width, height } = sizes.get(n) as {
				width: number;
				height: number;
			};
			let gray: Uint8Array;
			try {
				const page = await doc.getPage(n);
				const viewport = page.getViewport({ scale });
				if (entry) factory.reset(entry, width, height);
				else entry = factory.create(width, height);
				await page.render({
					canvas: null,
					canvasContext: entry.context as CanvasRenderingContext2D,
					viewport,
					background: "#ffffff",
				}).promise;
				page.cleanup();
				// Raw RGBA, opaque: the page is drawn over a white background.
				gray = luminance(entry.canvas.data(), width * height);
			} catch (e) {
				throw pageError(file, n, e);
			}
			yield {
				page: n,
				pages: numbers.length,
				image: { width, height, data: gray, dpi },
			};
		}
	} finally {
		if (entry) factory.destroy(entry);
		await pdf.close();
	}
}

function pageError(file: string, page: number, e: unknown): Error {
	if (e instanceof DocumentLoadError || e instanceof TypeError) return e;
	const message = (e as { message?: string })?.message ?? String(e);
	return new DocumentLoadError(
		file,
		`page ${page} of the PDF cannot be drawn: ${message}`,
		"export or scan the PDF again",
	);
}

/** Resolution a text PDF's pages are drawn at for the review step (pdfPagePreviews). */
export const PREVIEW_DPI = 100;

/**
 * The pages of a text PDF as the clerk knows them, drawn by pdf.js (no script: isEvalSupported is
 * off in openPdf) at `dpi` and kept as JPEGs with the report, so the review step can draw a
 * value's box on its page. Sizes are in PDF points (the text layer's units: provenance boxes are
 * in them, origin top left); the image is the same page at width × height pixels.
 *
 * Measured on the gold report (17 pages, A4 landscape; 2 shared cores): at 100 dpi 2.5 MB of
 * JPEG (146 KB a page) and 2.2–3.4 s, about as long as reading the text layer (2.4 s); at
 * 72 dpi 1.4 MB and 2.7 s; at 150 dpi 4.6 MB and 4.6 s.
 */
export async function pdfPagePreviews(
	bytes: Uint8Array,
	file: string,
	options: {
		dpi?: number;
		quality?: number;
		/** Only these pages (1-based); default all. */
		pages?: readonly number[];
	} = {},
): Promise<PageImage[]> {
	const dpi = options.dpi ?? PREVIEW_DPI;
	const quality = options.quality ?? 75;
	const pdf = await openPdf(bytes, file);
	const doc = pdf.document;
	const factory = (doc as unknown as { canvasFactory: CanvasFactory })
		.canvasFactory;
	const out: PageImage[] = [];
	try {
		const numbers =
			options.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
		for (const n of numbers) {
			const page = await doc.getPage(n);
			const points = page.getViewport({ scale: 1 });
			const viewport = page.getViewport({ scale: dpi / 72 });
			const width = Math.max(1, Math.round(viewport.width));
			const height = Math.max(1, Math.round(viewport.height));
			checkSize(file, { width, height }, n, { maxPixels: MAX_IMAGE_PIXELS });
			const entry = factory.create(width, height);
			try {
				await page.render({
					canvas: null,
					canvasContext: entry.context as CanvasRenderingContext2D,
					viewport,
					background: "#ffffff",
				}).promise;
				const canvas = entry.canvas as unknown as {
					encode(format: "jpeg", quality: number): Promise<Uint8Array>;
				};
				out.push({
					page: n,
					sourceWidth: Math.max(1, Math.round(points.width)),
					sourceHeight: Math.max(1, Math.round(points.height)),
					sourceDpi: 72,
					width,
					height,
					mime: "image/jpeg",
					bytes: new Uint8Array(await canvas.encode("jpeg", quality)),
				});
			} finally {
				factory.destroy(entry);
				page.cleanup();
			}
		}
	} finally {
		await pdf.close();
	}
	return out;
}
