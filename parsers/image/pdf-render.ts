/**
 * The pages of a PDF as grayscale rasters, for OCR of image-only (scanned) PDFs: each page drawn
 * by pdf.js through its own Node canvas factory (@napi-rs/canvas, the one copy pdf.js loads, so
 * Path2D and DOMMatrix match) at 300 dpi by default. Fonts, cmaps and the JPEG 2000 / JBIG2
 * decoders come from the installed pdfjs-dist (parsers/pdf/load.ts): nothing is fetched.
 */
import { DocumentLoadError } from "../../pipeline/document.ts";
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
