/**
 * pagePreview(image): a reduced grayscale JPEG of a scanned page, stored with the report so the
 * review step can show the pixels under a flagged value (bboxes stay in the scan's pixels).
 */
import {
	type Canvas,
	createCanvas,
	type ImageData,
	type SKRSContext2D,
} from "@napi-rs/canvas";
import type { PageImage } from "../../pipeline/document.ts";
import type { GrayImage } from "./types.ts";

export interface PreviewOptions {
	/** Resolution of the preview (default 150 dpi; never more than the scan's). */
	dpi?: number;
	/** JPEG quality 0..100 (default 75). */
	quality?: number;
}

/** The last canvas and pixel buffer, kept: a report's pages are mostly of one size. */
let kept:
	| {
			canvas: Canvas;
			ctx: SKRSContext2D;
			out: ImageData;
	  }
	| undefined;

function surface(width: number, height: number) {
	if (kept?.canvas.width !== width || kept.canvas.height !== height) {
		const canvas = createCanvas(width, height);
		const ctx = canvas.getContext("2d");
		kept = { canvas, ctx, out: ctx.createImageData(width, height) };
	}
	return kept;
}

/**
 * @param image the page as scanned or rendered
 * @param page its 1-based page number
 * @param options dpi (default 150), quality (default 75)
 */
export function pagePreview(
	image: GrayImage,
	page: number,
	options: PreviewOptions = {},
): PageImage {
	const dpi = Math.min(options.dpi ?? 150, image.dpi);
	const factor = Math.max(1, Math.round(image.dpi / dpi));
	const width = Math.max(1, Math.floor(image.width / factor));
	const height = Math.max(1, Math.floor(image.height / factor));
	const { canvas, ctx, out } = surface(width, height);
	const src = image.data;
	const sw = image.width;
	const area = factor * factor;
	const half = area >> 1;
	// One 32-bit write a pixel: gray in R, G and B, opaque (little-endian RGBA).
	const px = new Uint32Array(
		out.data.buffer,
		out.data.byteOffset,
		width * height,
	);
	const gray = (v: number) => (0xff000000 | (v << 16) | (v << 8) | v) >>> 0;
	// Box filter: each preview pixel is the mean of its factor × factor block of the scan.
	for (let y = 0; y < height; y++) {
		const top = y * factor * sw;
		const o = y * width;
		if (factor === 1) {
			// The scan's own pixels (a page at or under 150 dpi's 1.5×: 200 dpi and less).
			for (let x = 0; x < width; x++) px[o + x] = gray(src[top + x] as number);
			continue;
		}
		if (factor === 2) {
			for (let x = 0, a = top, b = top + sw; x < width; x++, a += 2, b += 2)
				px[o + x] = gray(
					((src[a] as number) +
						(src[a + 1] as number) +
						(src[b] as number) +
						(src[b + 1] as number) +
						2) >>
						2,
				);
			continue;
		}
		for (let x = 0; x < width; x++) {
			let sum = 0;
			for (let dy = 0; dy < factor; dy++) {
				const row = top + dy * sw + x * factor;
				for (let dx = 0; dx < factor; dx++) sum += src[row + dx] as number;
			}
			px[o + x] = gray(((sum + half) / area) | 0);
		}
	}
	ctx.putImageData(out, 0, 0);
	const bytes = canvas.encodeSync("jpeg", options.quality ?? 75);
	return {
		page,
		sourceWidth: image.width,
		sourceHeight: image.height,
		sourceDpi: image.dpi,
		width,
		height,
		mime: "image/jpeg",
		bytes: new Uint8Array(bytes),
	};
}
