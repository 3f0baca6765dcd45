import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	analyzePage,
	type Blob,
	binarize,
	blobs,
	cellInk,
	deskew,
	estimateSkew,
	inkComponents,
	inkLevel,
	inkMaps,
	innerBox,
	otsuThreshold,
	sweep,
	typedCellMarks,
	withFaintLines,
} from "./grid.ts";
import type { Box, GrayImage } from "./types.ts";

const DPI = 150;

function blank(width: number, height: number): GrayImage {
	return {
		width,
		height,
		data: new Uint8Array(width * height).fill(255),
		dpi: DPI,
	};
}

function fill(img: GrayImage, x0: number, y0: number, x1: number, y1: number) {
	for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
		for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++)
			img.data[y * img.width + x] = 0;
}

interface Spec {
	widths: number[];
	heights: number[];
	/** Cells merged with their right / lower neighbour: [row, col, "right" | "down"]. */
	merges: [number, number, "right" | "down"][];
	thickness: number;
	angle: number;
	/** No bottom border: the page ends mid-row. */
	openBottom: boolean;
}

/** Draw a ruled table; a merge leaves out the line between two cells. */
function draw(spec: Spec): { img: GrayImage; xs: number[]; ys: number[] } {
	const x0 = 60;
	const y0 = 80;
	const xs = [x0];
	for (const w of spec.widths) xs.push((xs[xs.length - 1] as number) + w);
	const ys = [y0];
	for (const h of spec.heights) ys.push((ys[ys.length - 1] as number) + h);
	const img = blank(
		(xs[xs.length - 1] as number) + 60,
		(ys[ys.length - 1] as number) + 80,
	);
	const t = spec.thickness;
	const half = Math.floor(t / 2);
	const skip = new Set(spec.merges.map(([r, c, d]) => `${r}:${c}:${d}`));
	// Horizontal lines, cell by cell (a merged-down cell has no line below it).
	for (let r = 0; r < ys.length; r++) {
		if (r === ys.length - 1 && spec.openBottom) continue;
		for (let c = 0; c < xs.length - 1; c++) {
			if (r > 0 && skip.has(`${r - 1}:${c}:down`)) continue;
			fill(
				img,
				(xs[c] as number) - half,
				(ys[r] as number) - half,
				(xs[c + 1] as number) + half + 1,
				(ys[r] as number) - half + t,
			);
		}
	}
	for (let c = 0; c < xs.length; c++)
		for (let r = 0; r < ys.length - 1; r++) {
			if (c > 0 && skip.has(`${r}:${c - 1}:right`)) continue;
			fill(
				img,
				(xs[c] as number) - half,
				(ys[r] as number) - half,
				(xs[c] as number) - half + t,
				(ys[r + 1] as number) + half + 1,
			);
		}
	return { img: spec.angle ? deskew(img, -spec.angle) : img, xs, ys };
}

/** The spans the drawing should produce, as "row,col:rowSpan x colSpan" for merged cells. */
function expectedSpans(spec: Spec): string[] {
	const nr = spec.heights.length;
	const nc = spec.widths.length;
	const parent = Array.from({ length: nr * nc }, (_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) i = parent[i] as number;
		return i;
	};
	for (const [r, c, d] of spec.merges) {
		const a = find(r * nc + c);
		const b = find(d === "right" ? r * nc + c + 1 : (r + 1) * nc + c);
		if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
	}
	const groups = new Map<number, [number, number, number, number]>();
	for (let r = 0; r < nr; r++)
		for (let c = 0; c < nc; c++) {
			const g = find(r * nc + c);
			const b = groups.get(g);
			if (!b) groups.set(g, [r, c, r, c]);
			else groups.set(g, [b[0], b[1], Math.max(b[2], r), Math.max(b[3], c)]);
		}
	return [...groups.values()]
		.filter(([r0, c0, r1, c1]) => r1 > r0 || c1 > c0)
		.map(([r0, c0, r1, c1]) => `${r0},${c0}:${r1 - r0 + 1}x${c1 - c0 + 1}`)
		.sort();
}

const specArb = fc
	.record({
		widths: fc.array(fc.integer({ min: 60, max: 160 }), {
			minLength: 2,
			maxLength: 6,
		}),
		heights: fc.array(fc.integer({ min: 40, max: 110 }), {
			minLength: 2,
			maxLength: 6,
		}),
		thickness: fc.integer({ min: 1, max: 4 }),
		angle: fc.oneof(
			fc.constant(0),
			fc.double({ min: -2, max: 2, noNaN: true }),
		),
		openBottom: fc.boolean(),
		mergeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), {
			maxLength: 3,
		}),
	})
	.map(({ mergeSeeds, ...s }): Spec => {
		const nr = s.heights.length;
		const nc = s.widths.length;
		// Merges inside the table only, never a whole row of vertical merges (that would be
		// one table split in two), and rectangles only: one merge per cell.
		const used = new Set<string>();
		const merges: Spec["merges"] = [];
		for (const [a, b, right] of mergeSeeds) {
			const r = a % (right ? nr : nr - 1);
			const c = b % (right ? nc - 1 : nc);
			const other = right ? `${r}:${c + 1}` : `${r + 1}:${c}`;
			if (used.has(`${r}:${c}`) || used.has(other)) continue;
			// The bottom row of an open table has no line below: keep merges above it.
			if (!right && s.openBottom && r + 1 === nr - 1) continue;
			used.add(`${r}:${c}`);
			used.add(other);
			merges.push([r, c, right ? "right" : "down"]);
		}
		return { ...s, merges };
	});

describe("table grids from pixels", () => {
	it("should recover the rows, columns and merged cells of a drawn table, straight or skewed", () => {
		fc.assert(
			fc.property(specArb, (spec) => {
				const { img, xs, ys } = draw(spec);
				const layout = analyzePage(img);
				expect(layout.tables).toHaveLength(1);
				const t = layout.tables[0];
				if (!t) return;
				expect(t.xs).toHaveLength(xs.length);
				expect(t.ys).toHaveLength(ys.length);
				t.xs.forEach((x, i) => {
					expect(Math.abs(x - (xs[i] as number))).toBeLessThanOrEqual(3);
				});
				t.ys.forEach((y, i) => {
					expect(Math.abs(y - (ys[i] as number))).toBeLessThanOrEqual(3);
				});
				const spans = t.cells
					.filter((c) => c.rowSpan > 1 || c.colSpan > 1)
					.map((c) => `${c.row},${c.col}:${c.rowSpan}x${c.colSpan}`)
					.sort();
				expect(spans).toEqual(expectedSpans(spec));
				expect(t.open[3]).toBe(spec.openBottom);
			}),
			{ numRuns: 30, seed: 4 },
		);
	});

	it("should read a table with a gray header band, light or dark, as the same grid (the band is no ruling)", () => {
		fc.assert(
			fc.property(
				specArb,
				fc.integer({ min: 90, max: 215 }),
				fc.integer({ min: 0, max: 8 }),
				(spec, gray, inset) => {
					const { img, xs, ys } = draw(spec);
					const plain = analyzePage({ ...img, data: new Uint8Array(img.data) });
					// the band behind the first row (inset from the column lines or not), under the
					// lines, with dark letters in it
					const y0 = ys[0] as number;
					const y1 = ys[1] as number;
					for (let c = 0; c + 1 < xs.length; c++)
						for (let y = y0; y < y1; y++)
							for (
								let x = (xs[c] as number) + inset;
								x < (xs[c + 1] as number) - inset;
								x++
							) {
								const i = y * img.width + x;
								if ((img.data[i] as number) > 200) img.data[i] = gray;
							}
					for (let c = 0; c + 1 < xs.length; c++)
						for (
							let x = (xs[c] as number) + 12;
							x + 20 < (xs[c + 1] as number);
							x += 13
						)
							fill(img, x, y0 + 12, x + 8, Math.min(y1 - 8, y0 + 26));
					// the same grid as without the band
					const layout = analyzePage(img);
					const grid = (l: typeof layout) =>
						l.tables.map((t) => ({
							xs: t.xs.length,
							ys: t.ys.length,
							cells: t.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan]),
						}));
					expect(grid(layout)).toEqual(grid(plain));
					expect(layout.tables).toHaveLength(1);
					const t = layout.tables[0];
					t?.xs.forEach((x, i) => {
						const p = plain.tables[0]?.xs[i] as number;
						expect(Math.abs(x - p)).toBeLessThanOrEqual(2);
					});
				},
			),
			{ numRuns: 25, seed: 7 },
		);
	});

	const gridOf = (l: ReturnType<typeof analyzePage>) =>
		l.tables.map((t) => ({
			xs: t.xs.length,
			ys: t.ys.length,
			cells: t.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan]),
		}));

	it("should find the same grid under a round stamp and a pen stroke (their straight-looking stretches are no rulings)", () => {
		fc.assert(
			fc.property(
				specArb,
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(spec, u, v) => {
					// Cells of a report's size (a stamp over cells smaller than its ring's bend can
					// cut a piece of the ring as straight and as anchored as a ruling), and a closed
					// table: a ring touching the loose end of a table cut by the page's end lengthens
					// that column line (a known limit: the cut row then reaches the ring's end).
					fc.pre(
						!spec.openBottom &&
							spec.widths.every((w) => w >= 100) &&
							spec.heights.every((h) => h >= 60),
					);
					const { img, xs, ys } = draw(spec);
					const plain = analyzePage({ ...img, data: new Uint8Array(img.data) });
					// a stamp: two rings (1.4 and 0.87 inch across) of 1/40-inch violet-gray ink
					const cx =
						(xs[0] as number) + u * ((xs.at(-1) as number) - (xs[0] as number));
					const cy =
						(ys[0] as number) + v * ((ys.at(-1) as number) - (ys[0] as number));
					const lw = DPI * 0.025;
					for (const r of [0.7 * DPI, 0.434 * DPI])
						for (let y = Math.floor(cy - r - lw); y <= cy + r + lw; y++)
							for (let x = Math.floor(cx - r - lw); x <= cx + r + lw; x++) {
								if (x < 0 || y < 0 || x >= img.width || y >= img.height)
									continue;
								const d = Math.hypot(x - cx, y - cy);
								const i = y * img.width + x;
								if (Math.abs(d - r) <= lw / 2)
									img.data[i] = Math.min(img.data[i] as number, 150);
							}
					// a pen stroke: a wavy underline about an inch long under the stamp
					for (let x = Math.round(cx - DPI / 2); x < cx + DPI / 2; x++) {
						const y = Math.round(cy + DPI * 0.3 + 4 * Math.sin(x / 9));
						fill(img, x, y, x + 1, y + 3);
					}
					const layout = analyzePage(img);
					expect(gridOf(layout)).toEqual(gridOf(plain));
				},
			),
			{ numRuns: 25, seed: 11 },
		);
	});

	it("should find the same grid when the rulings are faint (a phone photo, a worn copy) and the text dark", () => {
		fc.assert(
			fc.property(specArb, fc.integer({ min: 180, max: 215 }), (spec, gray) => {
				const { img, xs, ys } = draw({ ...spec, angle: 0 });
				// dark "words" in every cell, so the page's threshold is the text's
				for (let r = 0; r + 1 < ys.length; r++)
					for (let c = 0; c + 1 < xs.length; c++)
						for (
							let x = (xs[c] as number) + 10;
							x + 16 < (xs[c + 1] as number);
							x += 12
						)
							fill(
								img,
								x,
								(ys[r] as number) + 10,
								x + 7,
								(ys[r] as number) + 24,
							);
				const dark = analyzePage({ ...img, data: new Uint8Array(img.data) });
				// the same page with its rulings faint: line pixels (not the words) gray
				const faint = new Uint8Array(img.data);
				const isLine = (x: number, y: number) =>
					xs.some((lx) => Math.abs(x - lx) <= spec.thickness) ||
					ys.some((ly) => Math.abs(y - ly) <= spec.thickness);
				for (let y = 0; y < img.height; y++)
					for (let x = 0; x < img.width; x++) {
						const i = y * img.width + x;
						if (faint[i] === 0 && isLine(x, y)) faint[i] = gray;
					}
				const layout = analyzePage({ ...img, data: faint });
				expect(gridOf(layout)).toEqual(gridOf(dark));
				expect(layout.tables).toHaveLength(1);
			}),
			{ numRuns: 25, seed: 12 },
		);
	});

	it("should keep a column line whose piece below a row spanning the table takes in that row's letters (a table cut by the page's end)", () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 60, max: 160 }), {
					minLength: 3,
					maxLength: 6,
				}),
				fc.array(fc.integer({ min: 60, max: 110 }), {
					minLength: 1,
					maxLength: 3,
				}),
				fc.integer({ min: 120, max: 260 }),
				fc.integer({ min: 1, max: 3 }),
				fc.integer({ min: 0, max: 4 }),
				(widths, above, below, thickness, gapPx) => {
					// header rows, a goal's row spanning every column, then one long row the page cuts
					const span = above.length;
					const spec: Spec = {
						widths,
						heights: [...above, 45, below],
						merges: widths
							.slice(1)
							.map((_, c): [number, number, "right"] => [span, c, "right"]),
						thickness,
						angle: 0,
						openBottom: true,
					};
					const { img, xs, ys } = draw(spec);
					const plain = analyzePage({ ...img, data: new Uint8Array(img.data) });
					// the goal's words: a letter's stem (0.1 inch) on each inner column's place,
					// ending a few pixels above the row's bottom ruling
					const bottom = ys[span + 1] as number;
					for (const x of xs.slice(1, -1)) {
						fill(img, x - 1, bottom - gapPx - 17, x + 1, bottom - gapPx - 2);
						fill(img, x - 6, bottom - gapPx - 17, x + 6, bottom - gapPx - 15);
					}
					const layout = analyzePage(img);
					expect(gridOf(layout)).toEqual(gridOf(plain));
					const t = layout.tables[0];
					expect(t?.xs).toHaveLength(xs.length);
					// the last row's cells are one column each, as the header's
					expect(
						t?.cells.filter((c) => c.row === span + 1).map((c) => c.colSpan),
					).toEqual(widths.map(() => 1));
				},
			),
			{ numRuns: 25, seed: 21 },
		);
	});

	it("should measure the skew it was given", () => {
		fc.assert(
			fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (angle) => {
				const { img } = draw({
					widths: [120, 200, 90],
					heights: [60, 80, 50],
					merges: [],
					thickness: 2,
					angle,
					openBottom: false,
				});
				expect(Math.abs(estimateSkew(binarize(img)) - angle)).toBeLessThan(
					0.05,
				);
			}),
			{ numRuns: 10, seed: 7 },
		);
	});
});

describe("cell contents from pixels", () => {
	const { img } = draw({
		widths: [150, 150, 150],
		heights: [80],
		merges: [],
		thickness: 3,
		angle: 0,
		openBottom: false,
	});
	// A dash in the first cell, a block of "text" in the second, nothing but a speck in the third.
	fill(img, 120, 118, 138, 122);
	for (let k = 0; k < 4; k++) fill(img, 240 + k * 14, 100, 250 + k * 14, 125);
	fill(img, 420, 110, 421, 111);

	it("should tell empty cells, a lone dash and text apart, with no ruling inside the crop", () => {
		const layout = analyzePage(img);
		const t = layout.tables[0];
		expect(t?.cells).toHaveLength(3);
		const kinds = (t?.cells ?? []).map((c) => {
			const inner = innerBox(layout.ink, c.box, DPI);
			// No ruling line left at the crop's edges.
			for (const y of [inner[1], inner[3] - 1]) {
				let n = 0;
				for (let x = inner[0]; x < inner[2]; x++)
					n += layout.ink.data[y * layout.ink.width + x] as number;
				expect(n).toBeLessThan((inner[2] - inner[0]) / 2);
			}
			return cellInk(layout.ink, inner, DPI).kind;
		});
		expect(kinds).toEqual(["dash", "ink", "empty"]);
	});

	it("should not count a fax's lone speck as ink, nor let one turn a dash into a mark; a point by its digits stays", () => {
		const { img: page } = draw({
			widths: [150, 150, 150],
			heights: [80],
			merges: [],
			thickness: 3,
			angle: 0,
			openBottom: false,
		});
		// a thickened dash (a fax's: 1/30 × 1/50 inch) with a 2 × 2 speck far off in its cell
		fill(page, 120, 118, 125, 121);
		fill(page, 75, 140, 77, 142);
		// a lone 2 × 2 speck in the second cell; "3.5" in the third: two digits and a point
		fill(page, 280, 100, 282, 102);
		fill(page, 380, 105, 388, 120);
		fill(page, 390, 117, 392, 120);
		fill(page, 394, 105, 402, 120);
		const layout = analyzePage(page);
		const t = layout.tables[0];
		const inks = (t?.cells ?? []).map((c) =>
			cellInk(layout.ink, innerBox(layout.ink, c.box, DPI), DPI),
		);
		expect(inks.map((k) => k.kind)).toEqual(["dash", "empty", "ink"]);
		expect(inks[2]?.kind === "ink" && inks[2].blobs).toBe(3);
	});
});

/** The blobs by flood fill, pixel by pixel (the definition blobs() must agree with). */
function floodBlobs(
	ink: { width: number; height: number; data: Uint8Array },
	box: [number, number, number, number],
	minArea: number,
): Blob[] {
	const [bx0, by0, bx1, by1] = box;
	const seen = new Set<number>();
	const out: Blob[] = [];
	for (let y = by0; y < by1; y++)
		for (let x = bx0; x < bx1; x++) {
			const i = y * ink.width + x;
			if (seen.has(i) || ink.data[i] !== 1) continue;
			seen.add(i);
			const stack = [i];
			const b: Blob = { box: [x, y, x + 1, y + 1], area: 0 };
			while (stack.length) {
				const j = stack.pop() as number;
				const jx = j % ink.width;
				const jy = (j - jx) / ink.width;
				b.area++;
				b.box = [
					Math.min(b.box[0], jx),
					Math.min(b.box[1], jy),
					Math.max(b.box[2], jx + 1),
					Math.max(b.box[3], jy + 1),
				];
				for (let dy = -1; dy <= 1; dy++)
					for (let dx = -1; dx <= 1; dx++) {
						const nx = jx + dx;
						const ny = jy + dy;
						if (nx < bx0 || nx >= bx1 || ny < by0 || ny >= by1) continue;
						const k = ny * ink.width + nx;
						if (seen.has(k) || ink.data[k] !== 1) continue;
						seen.add(k);
						stack.push(k);
					}
			}
			if (b.area >= minArea) out.push(b);
		}
	return out;
}

describe("blobs and straightening", () => {
	it("should find the same 8-connected blobs as a flood fill, in the same order", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 40 }),
				fc.integer({ min: 1, max: 30 }),
				fc.double({ min: 0.05, max: 0.7, noNaN: true }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				fc.integer({ min: 1, max: 4 }),
				(width, height, density, seed, minArea) => {
					let r = seed;
					const rand = () => {
						r = (Math.imul(r, 1103515245) + 12345) >>> 0;
						return r / 2 ** 32;
					};
					const data = new Uint8Array(width * height);
					for (let i = 0; i < data.length; i++)
						data[i] = rand() < density ? 1 : 0;
					const ink = { width, height, data };
					const x0 = Math.floor(rand() * width);
					const y0 = Math.floor(rand() * height);
					const box: [number, number, number, number] = [
						x0,
						y0,
						x0 + 1 + Math.floor(rand() * (width - x0)),
						y0 + 1 + Math.floor(rand() * (height - y0)),
					];
					expect(blobs(ink, box, minArea)).toEqual(
						floodBlobs(ink, box, minArea),
					);
				},
			),
			{ numRuns: 300, seed: 11 },
		);
	});

	it("should straighten within one gray level of bilinear sampling in floating point", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 8, max: 90 }),
				fc.integer({ min: 8, max: 90 }),
				fc.double({ min: -5, max: 5, noNaN: true }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				(w, h, degrees, seed) => {
					let r = seed;
					const data = new Uint8Array(w * h);
					for (let i = 0; i < data.length; i++) {
						r = (Math.imul(r, 1103515245) + 12345) >>> 0;
						data[i] = r >>> 24;
					}
					const out = deskew({ width: w, height: h, data, dpi: DPI }, degrees);
					const a = (degrees * Math.PI) / 180;
					const [cos, sin] = [Math.cos(a), Math.sin(a)];
					const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
					for (let y = 0; y < h; y++)
						for (let x = 0; x < w; x++) {
							const px = cx + (x - cx) * cos - (y - cy) * sin;
							const py = cy + (x - cx) * sin + (y - cy) * cos;
							const got = out.data[y * w + x] as number;
							// Inside, two pixels from the edge: the float result ±1 (deskew leaves the
							// outermost column of each row white); clearly outside: paper.
							if (px < 2 || py < 2 || px >= w - 3 || py >= h - 3) {
								const e = 0.01;
								if (px < -e || py < -e || px > w - 1 + e || py > h - 1 + e)
									expect(got).toBe(255);
								continue;
							}
							const x0 = Math.floor(px);
							const y0 = Math.floor(py);
							const [fx, fy] = [px - x0, py - y0];
							const at = (xx: number, yy: number) =>
								data[yy * w + xx] as number;
							const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
							const bottom =
								at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
							const want = top + (bottom - top) * fy;
							expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
						}
				},
			),
			{ numRuns: 60, seed: 5 },
		);
	});
});

describe("marks over a typed cell", () => {
	// The middle cell of a table's first row: 1.2 × 0.6 inch, x 240–420, y 80–170.
	const X = 180;
	/** The number cell holding "digits" (outlines of 8 × 14 pixels) on one line near its top. */
	function numberCell(digits: number) {
		const { img } = draw({
			widths: [180, 180, 180],
			heights: [90, 90],
			merges: [],
			thickness: 3,
			angle: 0,
			openBottom: false,
		});
		const glyphs: Box[] = [];
		for (let k = 0; k < digits; k++) {
			const x = X + 72 + k * 12;
			// a digit's outline: 8 × 14 pixels, strokes 2 wide
			fill(img, x, 92, x + 8, 94);
			fill(img, x, 104, x + 8, 106);
			fill(img, x, 92, x + 2, 106);
			fill(img, x + 6, 92, x + 8, 106);
			glyphs.push([x, 92, x + 8, 106]);
		}
		return { img, glyphs };
	}
	const marksOf = (img: GrayImage) => {
		const layout = analyzePage(img);
		const cell = layout.tables[0]?.cells.find(
			(c) => c.row === 0 && c.col === 1,
		);
		if (!cell) throw new Error("no cell");
		const inner = innerBox(layout.ink, cell.box, DPI);
		return typedCellMarks(
			layout.ink,
			layout.image,
			inner,
			DPI,
			layout.threshold,
			inkLevel(layout.image, layout.ink),
		);
	};
	const boxes = (cs: { box: Box }[]) =>
		cs.map((c) => c.box).sort((a, b) => a[0] - b[0]);

	it("should leave out a stamp's faint ring, a ruling's remnant and a pen stroke (also its piece from the next cell), and keep the value's glyphs", () => {
		const { img, glyphs } = numberCell(3);
		// a stamp's ring through the cell: violet-gray ink, lighter than the text, 1/40 inch wide
		const [cx, cy, r] = [X + 260, 200, 0.6 * DPI];
		for (let y = 80; y < 170; y++)
			for (let x = X + 60; x < X + 240; x++)
				if (Math.abs(Math.hypot(x - cx, y - cy) - r) <= 2)
					img.data[y * img.width + x] = Math.min(
						img.data[y * img.width + x] as number,
						110,
					);
		// a ruling's remnant along the left side (a line not quite straight after deskewing)
		fill(img, X + 64, 100, X + 66, 150);
		// a pen stroke: a wavy underline under the value, about half an inch long
		for (let x = X + 90; x < X + 170; x++) {
			const y = Math.round(140 + 4 * Math.sin(x / 9));
			fill(img, x, y, x + 1, y + 2);
		}
		// and a piece of a stroke coming in from the next cell at the right side
		fill(img, X + 228, 120, X + 241, 122);
		const { keep, marks } = marksOf(img);
		expect(boxes(keep)).toEqual(glyphs);
		expect(new Set(marks.map((m) => m.why))).toEqual(
			new Set(["faint", "ruling", "stroke"]),
		);
	});

	/** A line 2 pixels wide from (x0, y0) to (x1, y1), drawn row by row. */
	function line(
		img: GrayImage,
		x0: number,
		y0: number,
		x1: number,
		y1: number,
	) {
		const n = Math.abs(y1 - y0);
		for (let k = 0; k <= n; k++) {
			const y = y0 + Math.sign(y1 - y0) * k;
			const x = Math.round(x0 + ((x1 - x0) * k) / n);
			fill(img, x, y, x + 2, y + 1);
		}
	}
	/** A check mark under the value, broken at its turn: two pieces a pixel apart. */
	function brokenCheck(img: GrayImage) {
		line(img, X + 96, 126, X + 111, 150);
		line(img, X + 140, 112, X + 114, 148);
	}
	const marksWith = (img: GrayImage, broken: boolean) => {
		const layout = analyzePage(img);
		const cell = layout.tables[0]?.cells.find(
			(c) => c.row === 0 && c.col === 1,
		);
		if (!cell) throw new Error("no cell");
		const inner = innerBox(layout.ink, cell.box, DPI);
		const level = inkLevel(layout.image, layout.ink);
		return typedCellMarks(
			layout.ink,
			layout.image,
			inner,
			DPI,
			layout.threshold,
			level,
			false,
			broken,
		);
	};

	it("should leave out a pen stroke broken in two at its turn on a bilevel page, and keep the value's glyphs", () => {
		const { img, glyphs } = numberCell(3);
		brokenCheck(img);
		// Each piece is under 1/4 inch: taken alone, they pass for the value's ink.
		const alone = marksWith(img, false);
		expect(alone.marks).toEqual([]);
		expect(alone.keep.length).toBe(glyphs.length + 2);
		const joined = marksWith(img, true);
		expect(boxes(joined.keep)).toEqual(glyphs);
		expect(joined.marks.map((m) => m.why)).toEqual(["stroke"]);
		expect(joined.marks[0]?.box).toEqual([X + 96, 112, X + 142, 151]);
	});

	it("should leave out a wave drawn along a line and broken in two on a bilevel page (our fax v2's 4.8 level)", () => {
		const { img, glyphs } = numberCell(3);
		// a wave under the value, under half an inch long, broken in the middle: each piece
		// under 1/4 inch
		for (let x = X + 95; x < X + 165; x++) {
			if (x === X + 130 || x === X + 131) continue;
			const y = Math.round(140 + 6 * Math.sin(x / 9));
			fill(img, x, y, x + 1, y + 2);
		}
		const alone = marksWith(img, false);
		expect(alone.marks).toEqual([]);
		expect(alone.keep.length).toBe(glyphs.length + 2);
		const joined = marksWith(img, true);
		expect(boxes(joined.keep)).toEqual(glyphs);
		expect(joined.marks.map((m) => m.why)).toEqual(["stroke"]);
	});

	it("should never join a value's glyphs as a broken stroke, however close they are", () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 8 }), fc.boolean(), (n, check) => {
				const { img, glyphs } = numberCell(n);
				// glyphs a pixel apart, and a second line of them just under the first
				for (let k = 0; k < n; k++) {
					const x = X + 72 + k * 12;
					fill(img, x + 8, 99, x + 11, 100);
					fill(img, x, 108, x + 8, 122);
				}
				if (check) brokenCheck(img);
				const { keep, marks } = marksWith(img, true);
				for (const g of glyphs)
					expect(keep.some((c) => c.box[0] === g[0] && c.box[1] === g[1])).toBe(
						true,
					);
				expect(marks.every((m) => m.why === "stroke")).toBe(true);
				expect(marks.length).toBe(check ? 1 : 0);
			}),
			{ numRuns: 12, seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});

	it("should keep every glyph of a value printed alone in its cell, however many", () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 8 }), (n) => {
				const { img, glyphs } = numberCell(n);
				const { keep, marks } = marksOf(img);
				expect(marks).toEqual([]);
				expect(boxes(keep)).toEqual(glyphs);
			}),
			{ numRuns: 8, seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});

describe("the pixel passes equal their definitions", () => {
	const seed = Number(process.env.PROPERTY_SEED ?? 20261207);
	/** A random raster of `w` × `h` with runs: mostly paper, lines and blocks of ink. */
	const raster = fc
		.record({
			w: fc.integer({ min: 1, max: 41 }),
			h: fc.integer({ min: 1, max: 37 }),
			fill: fc.double({ min: 0, max: 1, noNaN: true }),
			bits: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
				minLength: 41 * 37,
				maxLength: 41 * 37,
			}),
		})
		.map(({ w, h, fill, bits }) => ({
			w,
			h,
			data: Uint8Array.from({ length: w * h }, (_, i) =>
				(bits[i] as number) < fill ? 1 : 0,
			),
		}));

	it("sweep: a pixel is set when all (erosion) or any (dilation) of its window along the line is", () => {
		fc.assert(
			fc.property(
				raster,
				fc.integer({ min: 0, max: 6 }),
				fc.boolean(),
				fc.boolean(),
				({ w, h, data }, r, horizontal, all) => {
					const got = sweep(data, w, h, r, horizontal, all);
					const [lines, len] = horizontal ? [h, w] : [w, h];
					const at = (line: number, i: number) =>
						horizontal ? line * w + i : i * w + line;
					for (let line = 0; line < lines; line++)
						for (let i = 0; i < len; i++) {
							let set = 0;
							let inside = 0;
							for (let j = i - r; j <= i + r; j++)
								if (j >= 0 && j < len) {
									inside++;
									set += data[at(line, j)] as number;
								}
							const want = all
								? inside === 2 * r + 1 && set === inside
								: set > 0;
							expect(got[at(line, i)]).toBe(want ? 1 : 0);
						}
				},
			),
			{ numRuns: 120, seed },
		);
	});

	/** The 8-connected blobs of a box by a plain flood fill, in the order of their first pixel. */
	const floodFill = (
		w: number,
		data: Uint8Array,
		box: Box,
	): { box: Box; pixels: number[] }[] => {
		const seen = new Set<number>();
		const out: { box: Box; pixels: number[] }[] = [];
		for (let y = box[1]; y < box[3]; y++)
			for (let x = box[0]; x < box[2]; x++) {
				if (data[y * w + x] !== 1 || seen.has(y * w + x)) continue;
				const pixels: number[] = [];
				const todo = [y * w + x];
				seen.add(y * w + x);
				while (todo.length) {
					const p = todo.pop() as number;
					pixels.push(p);
					const px = p % w;
					const py = Math.floor(p / w);
					for (let dy = -1; dy <= 1; dy++)
						for (let dx = -1; dx <= 1; dx++) {
							const nx = px + dx;
							const ny = py + dy;
							const q = ny * w + nx;
							if (nx < box[0] || nx >= box[2] || ny < box[1] || ny >= box[3])
								continue;
							if (data[q] !== 1 || seen.has(q)) continue;
							seen.add(q);
							todo.push(q);
						}
				}
				const xs = pixels.map((p) => p % w);
				const ys = pixels.map((p) => Math.floor(p / w));
				out.push({
					box: [
						Math.min(...xs),
						Math.min(...ys),
						Math.max(...xs) + 1,
						Math.max(...ys) + 1,
					],
					pixels: pixels.sort((a, b) => a - b),
				});
			}
		return out;
	};

	it("blobs and inkComponents: the blobs of a flood fill, their pixels, areas and cores", () => {
		fc.assert(
			fc.property(
				raster,
				fc.array(fc.integer({ min: 0, max: 255 }), {
					minLength: 41 * 37,
					maxLength: 41 * 37,
				}),
				fc.tuple(
					fc.integer({ min: 0, max: 40 }),
					fc.integer({ min: 0, max: 40 }),
					fc.integer({ min: 0, max: 40 }),
					fc.integer({ min: 0, max: 40 }),
				),
				fc.integer({ min: 1, max: 6 }),
				({ w, h, data }, grays, [a, b, c, d], minArea) => {
					const box: Box = [
						Math.min(a, c) % (w + 1),
						Math.min(b, d) % (h + 1),
						Math.min(w, Math.max(a, c)),
						Math.min(h, Math.max(b, d)),
					];
					const ink = { width: w, height: h, data };
					const gray: GrayImage = {
						width: w,
						height: h,
						dpi: 100,
						data: Uint8Array.from(grays.slice(0, w * h)),
					};
					const want = floodFill(w, data, box).filter(
						(o) => o.pixels.length >= minArea,
					);
					expect(blobs(ink, box, minArea)).toEqual(
						want.map((o) => ({ box: o.box, area: o.pixels.length })),
					);
					const got = inkComponents(ink, gray, box, minArea);
					expect(
						got.map((o) => ({
							box: o.box,
							area: o.area,
							pixels: [...o.pixels].sort((x, y) => x - y),
							core: o.core,
						})),
					).toEqual(
						want.map((o) => {
							const g = o.pixels
								.map((p) => gray.data[p] as number)
								.sort((x, y) => x - y);
							const q = Math.max(1, g.length >> 2);
							return {
								box: o.box,
								area: o.pixels.length,
								pixels: o.pixels,
								core: g.slice(0, q).reduce((x, y) => x + y, 0) / q,
							};
						}),
					);
				},
			),
			{ numRuns: 150, seed },
		);
	});

	it("inkMaps: the page binarized at both thresholds, the faint lines added to the second, the text's darkness", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 40 }),
				fc.integer({ min: 1, max: 40 }),
				fc.array(fc.integer({ min: 0, max: 255 }), {
					minLength: 1600,
					maxLength: 1600,
				}),
				fc.integer({ min: 0, max: 255 }),
				fc.integer({ min: 0, max: 255 }),
				fc.integer({ min: 100, max: 300 }),
				fc.boolean(),
				(w, h, values, t1, t2, dpi, faint) => {
					const [a, b] = [Math.min(t1, t2), Math.max(t1, t2)];
					// mostly light, as paper: what the faint search looks at
					const gray: GrayImage = {
						width: w,
						height: h,
						dpi,
						data: Uint8Array.from(values.slice(0, w * h), (v) =>
							v < 128 ? v * 2 : 200 + (v % 56),
						),
					};
					const { ink, lines, level } = inkMaps(gray, a, b, dpi, faint);
					expect(ink.data).toEqual(binarize(gray, a).data);
					expect(level).toBe(inkLevel(gray, binarize(gray, a)));
					const atB = binarize(gray, b);
					expect(lines.data).toEqual(
						faint ? withFaintLines(atB, gray, dpi).data : atB.data,
					);
				},
			),
			{ numRuns: 150, seed },
		);
	});

	it("deskew: the threshold it gathers on the way is Otsu's of its result (sampled above 4 megapixels)", () => {
		for (const [w, h] of [
			[301, 217],
			[2101, 2003],
		] as const)
			for (const degrees of [-2.3, 0.7, 0.02]) {
				// every third pixel darker: which pixels are sampled matters
				const data = new Uint8Array(w * h);
				for (let i = 0; i < data.length; i++)
					data[i] = i % 3 === 0 ? (i * 7) % 160 : 200 + (i % 50);
				const otsu = { threshold: -1 };
				const out = deskew(
					{ width: w, height: h, dpi: 300, data },
					degrees,
					otsu,
				);
				expect(otsu.threshold).toBe(otsuThreshold(out));
			}
	});

	it("withFaintLines: a pixel darker by delta than both sides across a line (three averaged along it) is ink", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 8, max: 40 }),
				fc.integer({ min: 8, max: 40 }),
				fc.array(fc.integer({ min: 0, max: 255 }), {
					minLength: 1600,
					maxLength: 1600,
				}),
				fc.array(fc.integer({ min: 0, max: 20 }), {
					minLength: 1600,
					maxLength: 1600,
				}),
				fc.integer({ min: 100, max: 300 }),
				(w, h, dark, lighten, dpi) => {
					// paper near white with darker dots: what the early skips see
					const gray: GrayImage = {
						width: w,
						height: h,
						dpi,
						data: Uint8Array.from({ length: w * h }, (_, i) =>
							(dark[i] as number) < 60
								? (dark[i] as number) * 3
								: 255 - (lighten[i] as number),
						),
					};
					const ink = {
						width: w,
						height: h,
						data: Uint8Array.from(gray.data, (v) => (v < 40 ? 1 : 0)),
					};
					const got = withFaintLines(ink, gray, dpi);
					const k = Math.max(2, Math.round(dpi / 50));
					const d = gray.data;
					const g = (x: number, y: number) => d[y * w + x] as number;
					for (let y = 0; y < h; y++)
						for (let x = 0; x < w; x++) {
							let want = ink.data[y * w + x] === 1;
							const sum3 = (cx: number, cy: number, along: "x" | "y") =>
								along === "x"
									? g(cx - 1, cy) + g(cx, cy) + g(cx + 1, cy)
									: g(cx, cy - 1) + g(cx, cy) + g(cx, cy + 1);
							if (y >= k && y < h - k && x >= 1 && x < w - 1) {
								const c = sum3(x, y, "x");
								if (
									sum3(x, y - k, "x") - c >= 48 &&
									sum3(x, y + k, "x") - c >= 48
								)
									want = true;
							}
							if (x >= k && x < w - k && y >= 1 && y < h - 1) {
								const c = sum3(x, y, "y");
								if (
									sum3(x - k, y, "y") - c >= 48 &&
									sum3(x + k, y, "y") - c >= 48
								)
									want = true;
							}
							expect(got.data[y * w + x]).toBe(want ? 1 : 0);
						}
				},
			),
			{ numRuns: 80, seed },
		);
	});
});
