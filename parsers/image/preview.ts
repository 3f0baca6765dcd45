/**
 * pagePreview(image): a reduced grayscale JPEG of a scanned page, stored with the report so the
 * review step can show the pixels under a flagged value (bboxes stay in the scan's pixels).
 */
import { createCanvas } from "@napi-rs/canvas";
import type { PageImage } from "../../pipeline/document.ts";
import type { GrayImage } from "./types.ts";

export interface PreviewOptions {
	/** Resolution of the preview (default 150 dpi; never more than the scan's). */
	dpi?: number;
	/** JPEG quality 0..100 (default 75). */
	quality?: number;
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
	const canvas = createCanvas(width, height);
	const ctx = canvas.getContext("2d");
	const out = ctx.createImageData(width, height);
	const src = image.data;
	const area = factor * factor;
	// Box filter: each preview pixel is the mean of its factor × factor block of the scan.
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let sum = 0;
			for (let dy = 0; dy < factor; dy++) {
				const row = (y * factor + dy) * image.width + x * factor;
				for (let dx = 0; dx < factor; dx++) sum += src[row + dx] ?? 255;
			}
			const v = Math.round(sum / area);
			const o = (y * width + x) * 4;
			out.data[o] = v;
			out.data[o + 1] = v;
			out.data[o + 2] = v;
			out.data[o + 3] = 255;
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
