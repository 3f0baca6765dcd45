import { describe, expect, it } from "vitest";
import { deskew } from "./grid.ts";
import { smoothBilevel } from "./prepare.ts";
import { enlarge, ownView, softView } from "./soft-view.ts";
import type { GrayImage } from "./types.ts";

/** A bilevel stair: black left of a step that moves one pixel right every row. */
function stair(w: number, h: number): GrayImage {
	const data = new Uint8Array(w * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) data[y * w + x] = x < 3 + y ? 0 : 255;
	return { width: w, height: h, data, dpi: 200 };
}

describe("soft view of a bilevel crop", () => {
	it("should enlarge twice with pixel centres aligned: a flat image stays flat, its resolution doubles", () => {
		const flat: GrayImage = {
			width: 3,
			height: 2,
			data: new Uint8Array(6).fill(77),
			dpi: 200,
		};
		const big = enlarge(flat, 2);
		expect([big.width, big.height, big.dpi]).toEqual([6, 4, 400]);
		expect([...big.data].every((v) => v === 77)).toBe(true);
		// a single column's edge: the two pixels either side of it land between black and white
		const edge: GrayImage = {
			width: 2,
			height: 1,
			data: Uint8Array.from([0, 255]),
			dpi: 200,
		};
		expect([...enlarge(edge, 2).data]).toEqual([
			0, 64, 191, 255, 0, 64, 191, 255,
		]);
		expect(enlarge(edge, 1)).toBe(edge);
	});

	it("should turn a stair-stepped edge to gray without moving it: each row still dark left, light right, its middle where the step is", () => {
		const img = stair(12, 6);
		const soft = softView(img, { scale: 2, sigma: 1.5 });
		expect([soft.width, soft.height]).toEqual([24, 12]);
		const grays = [...soft.data].filter((v) => v > 40 && v < 215).length;
		expect(grays).toBeGreaterThan(soft.height * 2);
		for (let Y = 0; Y < soft.height; Y++) {
			const row = soft.data.subarray(Y * soft.width, (Y + 1) * soft.width);
			for (let X = 1; X < soft.width; X++)
				expect(row[X] as number).toBeGreaterThanOrEqual(row[X - 1] as number);
			const step = 2 * (3 + Math.floor(Y / 2));
			expect(row[Math.max(0, step - 4)] as number).toBeLessThan(128);
			expect(row[Math.min(soft.width - 1, step + 3)] as number).toBeGreaterThan(
				128,
			);
		}
	});
});

describe("a bilevel page's own pixels beside its smoothed layout", () => {
	/** A 200-dpi bilevel page with two black squares far from its centre. */
	function page(): GrayImage {
		const w = 400;
		const h = 300;
		const data = new Uint8Array(w * h).fill(255);
		for (const [x0, y0] of [
			[20, 20],
			[360, 250],
		] as const)
			for (let y = y0; y < y0 + 20; y++)
				data.fill(0, y * w + x0, y * w + x0 + 20);
		return { width: w, height: h, data, dpi: 200 };
	}
	/** The centre of the ink (≤ 128) inside a box of an image. */
	function centre(img: GrayImage, box: readonly number[]): [number, number] {
		let n = 0;
		let sx = 0;
		let sy = 0;
		for (let y = box[1] as number; y < (box[3] as number); y++)
			for (let x = box[0] as number; x < (box[2] as number); x++)
				if ((img.data[y * img.width + x] as number) <= 128) {
					n++;
					sx += x;
					sy += y;
				}
		return [sx / n, sy / n];
	}

	it("should straighten the own pixels as the layout's image was, so a box halved is the same place", () => {
		const own = page();
		const skew = 1.5;
		// The layout's image of a smoothed page: twice as fine, then straightened by its angle.
		const image = deskew(smoothBilevel(own), skew);
		const { page: view, k } = ownView(own, true, { image, skew });
		expect(k).toBe(2);
		expect([view.width, view.height]).toEqual([400, 300]);
		for (const box of [
			[0, 0, 120, 120],
			[640, 400, 800, 600],
		]) {
			const [X, Y] = centre(image, box);
			const [x, y] = centre(
				view,
				box.map((v) => v / k),
			);
			expect(Math.abs(x * k + 0.5 * (k - 1) - X)).toBeLessThan(1.5);
			expect(Math.abs(y * k + 0.5 * (k - 1) - Y)).toBeLessThan(1.5);
		}
	});

	it("should be the layout's image itself on a page not smoothed", () => {
		const image = page();
		expect(ownView(page(), false, { image, skew: 0.4 })).toEqual({
			page: image,
			k: 1,
		});
	});
});
