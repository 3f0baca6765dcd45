import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemLikeInks } from "./index.ts";
import type { Box } from "./types.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

describe("itemLikeInks", () => {
	const dpi = 400; // a smoothed fax page: twice its 200 dpi
	const box = (x: number, y: number, w: number, h: number): Box => [
		x,
		y,
		x + w,
		y + h,
	];
	it("should take a column of short one-line marks for item numbers, and one of words for text", () => {
		// "1.1", "4.19": about 0.25 × 0.1 inch each.
		const items = [0, 1, 2, 3].map((k) => box(20, 100 + 300 * k, 100, 40));
		expect(itemLikeInks(items, dpi)).toBe(true);
		// An indicator's lines: over an inch wide, one to three lines high.
		const text = [0, 1, 2, 3].map((k) => box(20, 100 + 300 * k, 600, 180));
		expect(itemLikeInks(text, dpi)).toBe(false);
		expect(itemLikeInks([], dpi)).toBe(false);
	});
	it("should follow the share of short marks: over half makes an item column (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 12 }),
				fc.integer({ min: 0, max: 12 }),
				(short, long) => {
					fc.pre(short + long > 0);
					const boxes = [
						...Array.from({ length: short }, (_, k) =>
							box(10, 200 * k, 60 + k, 40),
						),
						...Array.from({ length: long }, (_, k) =>
							box(10, 200 * k, 300 + 40 * k, 60),
						),
					];
					expect(itemLikeInks(boxes, dpi)).toBe(short > long);
				},
			),
			{ seed, numRuns: 200 },
		);
	});
});
