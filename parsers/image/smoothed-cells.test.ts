import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dashBlob, itemLikeInks } from "./index.ts";
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

describe("dashBlob", () => {
	const dpi = 400;
	it("should take a smoothed dash's blob for a dash, and not a ruling's sliver, a word or a stroke", () => {
		// The other maker's fax at 400 dpi: its budgets' dashes 6–14 × 6–11 pixels.
		for (const [w, h] of [
			[6, 6],
			[9, 7],
			[14, 11],
			[10, 10],
		] as const)
			expect(dashBlob([0, 0, w, h], dpi)).toBe(true);
		expect(dashBlob([0, 0, 2, 13], dpi)).toBe(false); // a ruling's sliver
		expect(dashBlob([0, 0, 26, 36], dpi)).toBe(false); // taller than wide
		expect(dashBlob([0, 0, 207, 43], dpi)).toBe(false); // a word
		expect(dashBlob([0, 0, 4, 3], dpi)).toBe(false); // under 0.012 inch
	});
	it("should scale with the resolution (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 60 }),
				fc.integer({ min: 1, max: 60 }),
				fc.constantFrom(1, 2, 3),
				(w, h, k) => {
					expect(dashBlob([0, 0, w * k, h * k], 200 * k)).toBe(
						dashBlob([0, 0, w, h], 200),
					);
				},
			),
			{ seed, numRuns: 200 },
		);
	});
});
