/**
 * Another view of a bilevel crop for the OCR: enlarged (bilinear) and blurred to gray. A fax's
 * strokes are black or white pixel by pixel; two readings of those same pixels agree on their
 * mistakes ("50" for a "60" whose hook is a pixel thin, read so at confidence 97 both times).
 * Seen softened, the engine reads the letters' shapes rather than their stair-stepped edges, so
 * a second reading of the soft view is a witness of its own, and where it differs the value is
 * flagged.
 */
import { deskew } from "./grid.ts";
import { blurGray } from "./prepare.ts";
import type { GrayImage } from "./types.ts";

/** The image enlarged `scale` times (an integer ≥ 1; bilinear, pixel centres aligned). */
export function enlarge(img: GrayImage, scale: number): GrayImage {
	if (scale <= 1) return img;
	const { width: w, height: h, data } = img;
	const W = w * scale;
	const H = h * scale;
	const out = new Uint8Array(W * H);
	const at = (v: number, n: number) => {
		const s = Math.min(n - 1, Math.max(0, (v + 0.5) / scale - 0.5));
		const i = Math.min(Math.max(0, n - 2), Math.floor(s));
		return [i, n > 1 ? s - i : 0] as const;
	};
	const xs = Array.from({ length: W }, (_, X) => at(X, w));
	for (let Y = 0; Y < H; Y++) {
		const [iy, fy] = at(Y, h);
		const r0 = iy * w;
		const r1 = Math.min(h - 1, iy + 1) * w;
		for (let X = 0; X < W; X++) {
			const [ix, fx] = xs[X] as readonly [number, number];
			const jx = Math.min(w - 1, ix + 1);
			const top =
				(data[r0 + ix] as number) * (1 - fx) + (data[r0 + jx] as number) * fx;
			const bottom =
				(data[r1 + ix] as number) * (1 - fx) + (data[r1 + jx] as number) * fx;
			out[Y * W + X] = Math.round(top * (1 - fy) + bottom * fy);
		}
	}
	return { width: W, height: H, data: out, dpi: (img.dpi || 300) * scale };
}

/** How a crop is softened before it is read. */
export interface Softening {
	/** Enlarged this many times (an integer, default 1). */
	scale?: number;
	/** Gaussian blur, in pixels of the enlarged crop. */
	sigma: number;
	/** Made black and white again at this gray (strokes smoothed whole), or left gray. */
	threshold?: number;
}

/** A crop enlarged and blurred to gray (see the module's note), or thresholded again. */
export function softView(img: GrayImage, soft: Softening): GrayImage {
	const out = blurGray(enlarge(img, soft.scale ?? 1), soft.sigma);
	const t = soft.threshold;
	if (t !== undefined)
		for (let i = 0; i < out.data.length; i++)
			out.data[i] = (out.data[i] as number) <= t ? 0 : 255;
	return out;
}

/**
 * A bilevel page's own pixels (prepare.ts `Prepared.bilevel`) in step with the layout's image
 * (straightened by the layout's angle, as the image was), and how many times finer the layout's
 * image is (`k`: 2 on a page whose broken strokes were smoothed, else 1: the image itself).
 * A cell's box in the layout's pixels, divided by `k`, is the same place in `page`.
 */
export function ownView(
	own: GrayImage,
	smoothed: boolean,
	layout: { image: GrayImage; skew: number },
): { page: GrayImage; k: number } {
	if (!smoothed) return { page: layout.image, k: 1 };
	const page = Math.abs(layout.skew) >= 0.02 ? deskew(own, layout.skew) : own;
	return { page, k: layout.image.width / page.width };
}
