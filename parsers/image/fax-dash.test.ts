import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { faxDash } from "./fax-dash.ts";
import { cellInk, type InkImage } from "./grid.ts";
import type { Box } from "./types.ts";

const DPI = 200;
const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

/** A cell's ink: rectangles of ink (x, y, w, h) on paper of the given size. */
type Rect = [number, number, number, number];

function cell(w: number, h: number, rects: Rect[]) {
	const ink: InkImage = { width: w, height: h, data: new Uint8Array(w * h) };
	for (const [x, y, rw, rh] of rects)
		for (let j = y; j < y + rh; j++)
			for (let i = x; i < x + rw; i++) ink.data[j * w + i] = 1;
	return ink;
}

const INNER: Box = [0, 0, 191, 340];

describe("faxDash", () => {
	// Our fax v2's 3.2 budget: a printed dash 5 × 2 at the value's place and specks over the cell
	// (pairs that survive the lone-speck filter, a flat one at the bottom): cellInk calls it ink.
	it("reads a dash among specks where cellInk gives up", () => {
		const ink = cell(191, 340, [
			[8, 17, 5, 2],
			[26, 23, 3, 3],
			[158, 30, 3, 2],
			[160, 34, 3, 2],
			[17, 101, 2, 3],
			[25, 113, 2, 3],
			[42, 247, 4, 1],
			[24, 247, 2, 2],
			// a cluster's speck of 12 pixels, 6 wide (our fax v1's 4.8 budget)
			[60, 300, 6, 2],
		]);
		expect(cellInk(ink, INNER, DPI).kind).toBe("ink");
		expect(faxDash(ink, INNER, DPI)).toEqual([8, 17, 13, 19]);
	});

	// Our fax v2's 4.8 and 4.12 budgets: the dash worn to 4 × 3, a speck's size — cellInk finds
	// the cell empty; at the value's place and flat it is the dash.
	it("reads a dash worn to a speck's size at the value's place", () => {
		const ink = cell(191, 340, [
			[9, 14, 4, 2],
			[10, 16, 1, 1],
			[160, 120, 3, 3],
		]);
		expect(cellInk(ink, INNER, DPI).kind).toBe("empty");
		expect(faxDash(ink, INNER, DPI)).toEqual([9, 14, 13, 17]);
	});

	it("takes no speck away from the value's place, nor a round one there", () => {
		expect(faxDash(cell(191, 340, [[90, 150, 4, 3]]), INNER, DPI)).toBe(
			undefined,
		);
		expect(faxDash(cell(191, 340, [[9, 14, 3, 3]]), INNER, DPI)).toBe(
			undefined,
		);
		expect(faxDash(cell(191, 340, []), INNER, DPI)).toBe(undefined);
	});

	it("reads no dash in a cell with a word or two marks larger than specks", () => {
		// "220 сая": glyphs 17 pixels tall after a dash-like stroke.
		const word = cell(191, 340, [
			[9, 14, 6, 2],
			[20, 8, 8, 17],
			[30, 8, 8, 17],
		]);
		expect(faxDash(word, INNER, DPI)).toBe(undefined);
		// A dash at the value's place and a blot lower down.
		const blot = cell(191, 340, [
			[9, 14, 6, 2],
			[60, 200, 9, 9],
		]);
		expect(faxDash(blot, INNER, DPI)).toBe(undefined);
	});

	/** Specks in slots 10 pixels apart, each up to 5 × 5 and 12 pixels: none touches another. */
	const specks = (minRow: number) =>
		fc.uniqueArray(
			fc
				.tuple(
					fc.integer({ min: 0, max: 18 }),
					fc.integer({ min: minRow, max: 33 }),
					fc.integer({ min: 1, max: 5 }),
					fc.integer({ min: 1, max: 5 }),
				)
				.map(
					([i, j, w, h]) =>
						[i * 10, j * 10, w, Math.min(h, Math.floor(12 / w))] as Rect,
				),
			{ maxLength: 40, selector: ([x, y]) => `${x},${y}` },
		);

	it("finds a dash at the value's place whatever specks lie below it (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 15 }),
				fc.integer({ min: 0, max: 20 }),
				fc.integer({ min: 4, max: 8 }),
				fc.integer({ min: 2, max: 3 }),
				specks(4),
				(x, y, w, h, rest) => {
					const ink = cell(191, 340, [[x, y, w, h], ...rest]);
					expect(faxDash(ink, INNER, DPI)).toEqual([x, y, x + w, y + h]);
				},
			),
			{ seed, numRuns: 150 },
		);
	});

	it("finds no dash in a cell of specks with none flat at the value's place (property)", () => {
		fc.assert(
			fc.property(specks(0), (all) => {
				const kept = all.filter(
					([x, y, w, h]) => !(y <= 25 && x <= 20 && w > h && w >= 4),
				);
				expect(faxDash(cell(191, 340, kept), INNER, DPI)).toBe(undefined);
			}),
			{ seed, numRuns: 150 },
		);
	});
});
