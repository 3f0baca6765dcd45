/**
 * Ruled tables by crossings (tabula-java's lattice rules): cells from corners joined by rulings,
 * rows listed cell after cell, text from the glyphs inside a cell.
 */
import { describe, expect, it } from "vitest";
import {
	cellGroups,
	cellText,
	collapse,
	crossingCells,
	packCells,
	type Ruling,
} from "./crossings.ts";
import type { Box, Glyph } from "./geometry.ts";

const h = (y: number, x1: number, x2: number): Ruling => ({
	x1,
	y1: y,
	x2,
	y2: y,
});
const v = (x: number, y1: number, y2: number): Ruling => ({
	x1: x,
	y1,
	x2: x,
	y2,
});

/** A 3 × 2 grid: columns at x 0, 100, 200, 300; rows at y 0, 20, 40; the header row is one cell. */
function grid(): Box[] {
	const hs = [h(0, 0, 300), h(20, 0, 300), h(40, 0, 300)];
	const vs = [v(0, 0, 40), v(300, 0, 40), v(100, 20, 40), v(200, 20, 40)];
	return crossingCells(collapse(hs), collapse(vs));
}

describe("cells from crossings", () => {
	it("should find a cell for each rectangle of joined corners", () => {
		const cells = grid();
		expect(cells).toContainEqual([0, 0, 300, 20]);
		expect(cells).toContainEqual([100, 20, 200, 40]);
		expect(cells).toHaveLength(4);
		expect(cellGroups(cells)).toHaveLength(1);
	});

	it("should find no crossing with a horizontal ruling drawn right to left", () => {
		const hs = [h(0, 0, 300), { x1: 300, y1: 40, x2: 0, y2: 40 }];
		const vs = [v(0, 0, 40), v(300, 0, 40)];
		expect(crossingCells(hs, vs)).toEqual([]);
	});

	it("should list a row's cells one after another, a spanning cell taking one place", () => {
		const rows = packCells(grid().map((box) => ({ box })));
		expect(rows.map((r) => r.map((c) => c?.box[0]))).toEqual([
			[0],
			[0, 100, 200],
		]);
	});

	it("should start a row after the cells left of and below its first cell", () => {
		// The second row's first cell starts at x 100: one cell (x 0–100) of the row below is left of it.
		const cells: Box[] = [
			[0, 0, 100, 40],
			[100, 0, 300, 20],
			[100, 20, 200, 40],
			[200, 20, 300, 40],
			[0, 40, 100, 60],
			[100, 40, 200, 60],
			[200, 40, 300, 60],
		];
		const rows = packCells(cells.map((box) => ({ box })));
		expect(rows[1]?.map((c) => c?.box[0])).toEqual([undefined, 100, 200]);
	});
});

describe("a cell's text", () => {
	const glyph = (text: string, x: number, baseline = 15): Glyph => ({
		text,
		x0: x,
		x1: x + 5,
		baseline,
		fontSize: 10,
		ascent: 0.8,
		descent: 0.2,
		space: text === " ",
		spaceWidth: 2.5,
	});

	it("should join glyphs into words and put a space at a word gap", () => {
		const glyphs = [
			glyph("a", 10),
			glyph("b", 15),
			glyph("c", 22),
			glyph("d", 27),
		];
		expect(cellText(glyphs, [0, 0, 100, 20])).toBe("ab cd");
	});

	it("should leave out glyphs sticking out of the cell and break lines", () => {
		const glyphs = [glyph("a", 10), glyph("z", 98), glyph("b", 10, 30)];
		expect(cellText(glyphs, [0, 0, 100, 40])).toBe("a\nb");
	});
});
