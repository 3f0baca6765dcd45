/**
 * Ruled grids: cells from lines, merged cells where a line is missing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Segment } from "./geometry.ts";
import { fillsAsBackground, latticeGrids } from "./lattice.ts";

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

	describe("fills are background", () => {
		/** The four edges of a filled area, as the loader gives them. */
		const fill = (
			id: number,
			x0: number,
			y0: number,
			x1: number,
			y1: number,
		): { hs: Segment[]; vs: Segment[] } => ({
			hs: [y0, y1].map((y) => ({ ...h(y, x0, x1), shade: true, fill: id })),
			vs: [x0, x1].map((x) => ({ ...v(x, y0, y1), shade: true, fill: id })),
		});
		const columns = (hs: Segment[], vs: Segment[]) => {
			const r = fillsAsBackground(hs, vs);
			return latticeGrids(r.horizontals, r.verticals).map(
				(g) => g.xs.length - 1,
			);
		};

		it("should add no column for a header cell's shading inset from its borders, cut in two", () => {
			// 3 columns (0–300, lines at 100 and 200), header 0–20, body 20–40; each header cell
			// filled, and a second fill 5 points in from its sides, split at y = 10.
			const hs = [h(0, 0, 300), h(20, 0, 300), h(40, 0, 300)];
			const vs = [v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), v(300, 0, 40)];
			let id = 0;
			for (const x of [0, 100, 200])
				for (const f of [
					fill(id++, x, 0, x + 100, 20),
					fill(id++, x + 5, 0, x + 95, 10),
					fill(id++, x + 5, 10, x + 95, 20),
				]) {
					hs.push(...f.hs);
					vs.push(...f.vs);
				}
			// every fill edge a ruling (as before): 9 columns and a row inside the header
			const grids = latticeGrids(hs, vs);
			expect(grids.map((g) => g.xs.length - 1)).toEqual([9]);
			const r = fillsAsBackground(hs, vs);
			const [g] = latticeGrids(r.horizontals, r.verticals);
			expect(g?.xs).toEqual([0, 100, 200, 300]);
			expect(g?.ys).toEqual([0, 20, 40]);
		});

		it("should close a table's frame with a band's edge where the column lines end", () => {
			// column lines from 0 to 40, row lines only below the header: the band's top edge is
			// the table's top border; its sides lie on the outer column lines.
			const band = fill(0, 0, 0, 200, 20);
			const hs = [h(20, 0, 200), h(40, 0, 200), ...band.hs];
			const vs = [v(0, 0, 40), v(100, 0, 40), v(200, 0, 40), ...band.vs];
			const r = fillsAsBackground(hs, vs);
			expect(r.horizontals.filter((s) => s.shade).map((s) => s.y0)).toEqual([
				0, 20,
			]);
			expect(columns(hs, vs)).toEqual([2]);
		});

		it("should rule a table drawn only with fills where the fills meet", () => {
			// 2 × 2 cells, each its own fill, no line drawn
			const hs: Segment[] = [];
			const vs: Segment[] = [];
			let id = 0;
			for (const [x, y] of [
				[0, 0],
				[100, 0],
				[0, 20],
				[100, 20],
			] as const) {
				const f = fill(id++, x, y, x + 100, y + 20);
				hs.push(...f.hs);
				vs.push(...f.vs);
			}
			// a lone fill elsewhere (a shaded note) gives no ruling
			const note = fill(id++, 0, 100, 200, 140);
			hs.push(...note.hs);
			vs.push(...note.vs);
			const r = fillsAsBackground(hs, vs);
			const [g, ...rest] = latticeGrids(r.horizontals, r.verticals);
			expect(rest).toEqual([]);
			expect(g?.xs).toEqual([0, 100, 200]);
			expect(g?.ys).toEqual([0, 20, 40]);
		});

		it("should never drop a drawn line, whatever the fills", () => {
			fc.assert(
				fc.property(
					fc.array(
						fc.tuple(
							fc.integer({ min: 0, max: 300 }),
							fc.integer({ min: 0, max: 300 }),
							fc.integer({ min: 5, max: 100 }),
							fc.integer({ min: 5, max: 100 }),
						),
						{ maxLength: 8 },
					),
					fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }),
					(fills, lines) => {
						const hs = lines.map((y) => h(y, 0, 300));
						const vs = lines.map((x) => v(x, 0, 300));
						fills.forEach(([x, y, w, hh], i) => {
							const f = fill(i, x, y, x + w, y + hh);
							hs.push(...f.hs);
							vs.push(...f.vs);
						});
						const r = fillsAsBackground(hs, vs);
						expect(r.horizontals.filter((s) => !s.shade)).toEqual(
							hs.filter((s) => !s.shade),
						);
						expect(r.verticals.filter((s) => !s.shade)).toEqual(
							vs.filter((s) => !s.shade),
						);
					},
				),
			);
		});

		it("should take no ruling from fills that meet no other fill and no line", () => {
			fc.assert(
				fc.property(
					fc.array(
						fc.tuple(
							fc.integer({ min: 5, max: 60 }),
							fc.integer({ min: 5, max: 60 }),
						),
						{ minLength: 1, maxLength: 8 },
					),
					(sizes) => {
						// fills in a row with gaps wider than the tolerance
						const hs: Segment[] = [];
						const vs: Segment[] = [];
						let x = 0;
						sizes.forEach(([w, hh], i) => {
							const f = fill(i, x, 0, x + w, hh);
							hs.push(...f.hs);
							vs.push(...f.vs);
							x += w + 5;
						});
						const r = fillsAsBackground(hs, vs);
						expect([...r.horizontals, ...r.verticals]).toEqual([]);
					},
				),
			);
		});
	});
});
