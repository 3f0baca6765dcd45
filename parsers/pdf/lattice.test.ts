/**
 * Ruled grids: cells from lines, merged cells where a line is missing.
 */
import { describe, expect, it } from "vitest";
import type { Segment } from "./geometry.ts";
import { latticeGrids } from "./lattice.ts";

const h = (y: number, x0: number, x1: number): Segment => ({
	x0,
	y0: y,
	x1,
	y1: y,
});
const v = (x: number, y0: number, y1: number): Segment => ({
	x0: x,
	y0,
	x1: x,
	y1,
});

describe("ruled grids", () => {
	it("should cut a table into cells and merge two where the line between them is missing", () => {
		// 2 × 2, the line between the top two cells missing.
		const [g] = latticeGrids(
			[h(0, 0, 200), h(20, 0, 200), h(40, 0, 200)],
			[v(0, 0, 40), v(200, 0, 40), v(100, 20, 40)],
		);
		expect(g?.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
			[0, 0, 1, 2],
			[1, 0, 1, 1],
			[1, 1, 1, 1],
		]);
	});

	it("should keep a ruled block whole inside a frame with nothing ruled around it", () => {
		// A frame (0–300 × 0–100) around a 2 × 2 table (0–250 × 30–70) that touches its left
		// side: the empty C around the table is cut into strips instead of one cell swallowing it.
		const grids = latticeGrids(
			[
				h(0, 0, 300),
				h(100, 0, 300),
				h(30, 0, 250),
				h(50, 0, 250),
				h(70, 0, 250),
			],
			[v(0, 0, 100), v(300, 0, 100), v(125, 30, 70), v(250, 30, 70)],
		);
		expect(grids).toHaveLength(1);
		const inner = grids[0]?.cells.filter(
			(c) => c.box[2] <= 250 && c.box[1] >= 30 && c.box[3] <= 70,
		);
		expect(inner?.map((c) => c.box)).toEqual([
			[0, 30, 125, 50],
			[125, 30, 250, 50],
			[0, 50, 125, 70],
			[125, 50, 250, 70],
		]);
	});
});
