/**
 * Plane perspective: the homography that takes four points to four others, and a bilinear warp
 * of a gray raster by it. Used to undo a phone photo's keystone (the page's outline → a
 * rectangle) and, by the scan fixtures, to make one.
 */
import type { GrayImage } from "./types.ts";

/** A point [x, y]. */
export type Point = [number, number];

/**
 * A 3×3 homography as 9 numbers, row-major, with h[8] = 1: (x, y) ↦ ((h0 x + h1 y + h2) / w,
 * (h3 x + h4 y + h5) / w), w = h6 x + h7 y + 1.
 */
export type Homography = Float64Array;

/** The homography taking from[i] to to[i] (i = 0…3), by an 8 × 8 linear system. */
export function homography(
	from: readonly Point[],
	to: readonly Point[],
): Homography {
	const a: number[][] = [];
	for (let i = 0; i < 4; i++) {
		const [x, y] = from[i] as Point;
		const [u, v] = to[i] as Point;
		a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
		a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
	}
	// Gaussian elimination with partial pivoting on the augmented 8 × 9 matrix.
	for (let c = 0; c < 8; c++) {
		let p = c;
		for (let r = c + 1; r < 8; r++)
			if (
				Math.abs((a[r] as number[])[c] as number) >
				Math.abs((a[p] as number[])[c] as number)
			)
				p = r;
		[a[c], a[p]] = [a[p] as number[], a[c] as number[]];
		const row = a[c] as number[];
		const d = row[c] as number;
		if (Math.abs(d) < 1e-12) throw new Error("degenerate quadrilateral");
		for (let r = 0; r < 8; r++) {
			if (r === c) continue;
			const other = a[r] as number[];
			const f = (other[c] as number) / d;
			if (f === 0) continue;
			for (let k = c; k < 9; k++)
				other[k] = (other[k] as number) - f * (row[k] as number);
		}
	}
	const h = new Float64Array(9);
	for (let i = 0; i < 8; i++)
		h[i] =
			((a[i] as number[])[8] as number) / ((a[i] as number[])[i] as number);
	h[8] = 1;
	return h;
}

/** Apply a homography to a point. */
export function project(h: Homography, x: number, y: number): Point {
	const w = (h[6] as number) * x + (h[7] as number) * y + (h[8] as number);
	return [
		((h[0] as number) * x + (h[1] as number) * y + (h[2] as number)) / w,
		((h[3] as number) * x + (h[4] as number) * y + (h[5] as number)) / w,
	];
}

/**
 * A `width` × `height` raster whose pixel (x, y) is the source's at `toSource`(x, y), bilinear;
 * `fill` where that falls outside the source.
 */
export function warp(
	src: GrayImage,
	toSource: Homography,
	width: number,
	height: number,
	fill = 255,
	dpi = src.dpi,
): GrayImage {
	const out = new Uint8Array(width * height);
	const { width: sw, height: sh, data } = src;
	const h = toSource;
	const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as unknown as number[];
	for (let y = 0; y < height; y++) {
		// Along a row the numerators and the denominator move linearly.
		let nx = (h1 as number) * y + (h2 as number);
		let ny = (h4 as number) * y + (h5 as number);
		let nw = (h7 as number) * y + (h8 as number);
		const row = y * width;
		for (let x = 0; x < width; x++) {
			const sx = nx / nw;
			const sy = ny / nw;
			nx += h0 as number;
			ny += h3 as number;
			nw += h6 as number;
			if (sx < 0 || sy < 0 || sx >= sw - 1 || sy >= sh - 1) {
				out[row + x] = fill;
				continue;
			}
			const x0 = sx | 0;
			const y0 = sy | 0;
			const fx = sx - x0;
			const fy = sy - y0;
			const i = y0 * sw + x0;
			const top =
				(data[i] as number) +
				((data[i + 1] as number) - (data[i] as number)) * fx;
			const bottom =
				(data[i + sw] as number) +
				((data[i + sw + 1] as number) - (data[i + sw] as number)) * fx;
			out[row + x] = top + (bottom - top) * fy + 0.5;
		}
	}
	return { width, height, data: out, dpi };
}
