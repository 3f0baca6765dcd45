import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzePage, binarize, findRulings } from "./grid.ts";
import { homography, type Point, project, warp } from "./perspective.ts";
import {
	evenBackground,
	isBilevel,
	isSideways,
	lineVotes,
	pageOutline,
	pinholes,
	quarterTurn,
	RAGGED,
	repairStrokes,
	unwarpPhoto,
} from "./prepare.ts";
import type { GrayImage } from "./types.ts";

/** A white page with a ruled table and rows of letter-sized marks (text lines) in its cells. */
function page(width: number, height: number, dpi: number): GrayImage {
	const data = new Uint8Array(width * height).fill(255);
	const set = (x: number, y: number, v = 0) => {
		if (x >= 0 && y >= 0 && x < width && y < height) data[y * width + x] = v;
	};
	const m = Math.round(dpi * 0.5);
	const cols = [m, Math.round(width * 0.3), Math.round(width * 0.6), width - m];
	const rows = [m, Math.round(height * 0.45), height - m];
	for (const y of rows)
		for (let x = m; x <= width - m; x++)
			for (let t = 0; t < 2; t++) set(x, y + t);
	for (const x of cols)
		for (let y = m; y <= (rows[2] as number); y++)
			for (let t = 0; t < 2; t++) set(x + t, y);
	// text: letters 0.06 × 0.09 inch (two stems and a bar, as "н"), 0.03 apart, lines 0.2 inch
	// apart, words of 5, each line starting a little further in than the one above
	const lw = Math.round(dpi * 0.06);
	const lh = Math.round(dpi * 0.09);
	let line = 0;
	for (let c = 0; c + 1 < cols.length; c++)
		for (let r = 0; r + 1 < rows.length; r++)
			for (
				let y = (rows[r] as number) + dpi * 0.1;
				y + lh < (rows[r + 1] as number) - dpi * 0.05;
				y += dpi * 0.2, line++
			)
				for (
					let x = (cols[c] as number) + dpi * 0.08 + ((line * 37) % 13), k = 0;
					x + lw < (cols[c + 1] as number) - dpi * 0.05;
					x += lw + dpi * (k % 5 === 4 ? 0.08 : 0.03), k++
				)
					for (let dy = 0; dy < lh; dy++)
						for (let dx = 0; dx < lw; dx++)
							if (dx < 2 || dx >= lw - 2 || Math.abs(dy - lh / 2) < 1)
								set(Math.round(x) + dx, Math.round(y) + dy);
	return { width, height, data, dpi };
}

describe("homography", () => {
	it("should take each of four points to its image", () => {
		const pt = fc.tuple(
			fc.double({ min: -0.1, max: 0.1, noNaN: true }),
			fc.double({ min: -0.1, max: 0.1, noNaN: true }),
		);
		fc.assert(
			fc.property(fc.array(pt, { minLength: 4, maxLength: 4 }), (jitter) => {
				const from: Point[] = [
					[0, 0],
					[1000, 0],
					[1000, 700],
					[0, 700],
				];
				const to = from.map(
					([x, y], i): Point => [
						x + 1000 * ((jitter[i] as [number, number])[0] as number),
						y + 700 * ((jitter[i] as [number, number])[1] as number),
					],
				);
				const h = homography(from, to);
				for (let i = 0; i < 4; i++) {
					const [u, v] = project(h, ...(from[i] as Point));
					expect(u).toBeCloseTo((to[i] as Point)[0], 6);
					expect(v).toBeCloseTo((to[i] as Point)[1], 6);
				}
			}),
		);
	});
});

describe("quarterTurn", () => {
	it("should move pixel (x, y) to (h − 1 − y, x) and come back after four turns", () => {
		const img: GrayImage = {
			width: 3,
			height: 2,
			data: Uint8Array.from([1, 2, 3, 4, 5, 6]),
			dpi: 100,
		};
		const once = quarterTurn(img, 1);
		expect(once.width).toBe(2);
		expect([...once.data]).toEqual([4, 1, 5, 2, 6, 3]);
		expect([...quarterTurn(img, 2).data]).toEqual([6, 5, 4, 3, 2, 1]);
		let back = img;
		for (let i = 0; i < 4; i++) back = quarterTurn(back, 1);
		expect([...back.data]).toEqual([...img.data]);
		expect([...quarterTurn(quarterTurn(img, 3), 1).data]).toEqual([
			...img.data,
		]);
	});
});

describe("page outline of a photo", () => {
	it("should find the corners of a page photographed on a desk (keystone and a turn) to within 1% and undo the perspective", () => {
		const p = page(1170, 827, 100);
		const W = 1330;
		const H = 1000;
		const corners: Point[] = [
			[120, 110],
			[1220, 80],
			[1240, 930],
			[95, 900],
		];
		const toPage = homography(corners, [
			[0, 0],
			[p.width, 0],
			[p.width, p.height],
			[0, p.height],
		]);
		const photo = warp(p, toPage, W, H, 70);
		const found = pageOutline(photo) as Point[];
		expect(found).toBeDefined();
		for (let i = 0; i < 4; i++) {
			expect(
				Math.abs((found[i] as Point)[0] - (corners[i] as Point)[0]),
			).toBeLessThan(0.01 * W);
			expect(
				Math.abs((found[i] as Point)[1] - (corners[i] as Point)[1]),
			).toBeLessThan(0.01 * H);
		}
		const flat = unwarpPhoto(photo);
		// A4's shape: the resolution from the long side
		expect(flat?.image.dpi).toBeGreaterThan(90);
		expect(flat?.image.dpi).toBeLessThan(110);
		// the table's four vertical lines come out vertical again
		const ink = binarize(flat?.image as GrayImage);
		const { verticals } = findRulings(ink, flat?.image.dpi as number);
		expect(verticals.length).toBeGreaterThanOrEqual(4);
	});

	it("should find the whole page under a heavy shadow over any one side (the shaded paper darker than Otsu's threshold)", () => {
		const p = page(1170, 827, 100);
		const W = 1330;
		const H = 1000;
		const corners: Point[] = [
			[120, 110],
			[1220, 80],
			[1240, 930],
			[95, 900],
		];
		const toPage = homography(corners, [
			[0, 0],
			[p.width, 0],
			[p.width, p.height],
			[0, p.height],
		]);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 3 }),
				fc.double({ min: 0.3, max: 0.45, noNaN: true }),
				fc.double({ min: 0.45, max: 0.6, noNaN: true }),
				(edge, depth, light) => {
					const photo = warp(p, toPage, W, H, 40);
					// a soft-edged shadow over `depth` of the photo from `edge`, letting `light`
					// of the light through (paper 255 → about 130, desk 40 → 20)
					const d = photo.data;
					for (let y = 0; y < H; y++)
						for (let x = 0; x < W; x++) {
							const t =
								edge === 0
									? 1 - x / W
									: edge === 1
										? 1 - y / H
										: edge === 2
											? x / W
											: y / H;
							const s = Math.min(1, Math.max(0, (t - (1 - depth)) / 0.08));
							const i = y * W + x;
							d[i] = Math.round((d[i] as number) * (1 - (1 - light) * s));
						}
					const found = pageOutline(photo) as Point[];
					expect(found).toBeDefined();
					for (let i = 0; i < 4; i++) {
						expect(
							Math.abs((found[i] as Point)[0] - (corners[i] as Point)[0]),
						).toBeLessThan(0.01 * W);
						expect(
							Math.abs((found[i] as Point)[1] - (corners[i] as Point)[1]),
						).toBeLessThan(0.01 * H);
					}
				},
			),
			{ numRuns: 12 },
		);
	});

	it("should put each corner of a phone-sized photo's page within a pixel and a half of the page's, not out on the desk", () => {
		// A4 landscape at 200 dpi in a frame 12% larger (the outline is found on a copy 5 times
		// smaller: taking the steepest pixel of the desk-to-paper rise as the paper's first put
		// every side half a pixel of that copy, 2.5 pixels here, out on the desk).
		const p = page(2339, 1654, 200);
		const W = 2620;
		const H = 1965;
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 0.04, noNaN: true }), {
					minLength: 8,
					maxLength: 8,
				}),
				fc.double({ min: -3, max: 3, noNaN: true }),
				(pull, degrees) => {
					const a = (degrees * Math.PI) / 180;
					const corners = [
						[-1, -1],
						[1, -1],
						[1, 1],
						[-1, 1],
					].map(([sx, sy], i): Point => {
						const x =
							(sx as number) *
							(p.width / 2 - (pull[2 * i] as number) * p.width);
						const y =
							(sy as number) *
							(p.height / 2 - (pull[2 * i + 1] as number) * p.height);
						return [
							W / 2 + x * Math.cos(a) - y * Math.sin(a),
							H / 2 + x * Math.sin(a) + y * Math.cos(a),
						];
					});
					// the page's pixels span 0 … width − 1 of it (warp samples pixel centres)
					const toPage = homography(corners, [
						[0, 0],
						[p.width, 0],
						[p.width, p.height],
						[0, p.height],
					]);
					const photo = warp(p, toPage, W, H, 70);
					const found = pageOutline(photo) as Point[];
					expect(found).toBeDefined();
					for (let i = 0; i < 4; i++) {
						const [x, y] = found[i] as Point;
						const [tx, ty] = corners[i] as Point;
						expect(Math.hypot(x - tx, y - ty)).toBeLessThan(1.5);
					}
				},
			),
			{ numRuns: 4 },
		);
	});

	it("should leave a scan alone (no desk at its edges)", () => {
		expect(pageOutline(page(1170, 827, 100))).toBeUndefined();
	});
});

describe("evenBackground", () => {
	it("should make paper fading towards one edge white, keeping the ink, and leave an even page as it is", () => {
		const clean = page(1170, 827, 100);
		expect(evenBackground(clean)).toBe(clean);
		const faded = { ...clean, data: clean.data.slice() };
		for (let y = 0; y < clean.height; y++)
			for (let x = 0; x < clean.width; x++) {
				const t = x / clean.width;
				const paper = 250 - 45 * t;
				const ink = 25 + 45 * t;
				const i = y * clean.width + x;
				faded.data[i] = ink + ((paper - ink) * (clean.data[i] as number)) / 255;
			}
		const even = evenBackground(faded);
		expect(even).not.toBe(faded);
		const truth = binarize(clean, 127).data;
		const got = binarize(even).data;
		let same = 0;
		for (let i = 0; i < truth.length; i++) if (truth[i] === got[i]) same++;
		expect(same / truth.length).toBeGreaterThan(0.995);
	});
});

describe("isSideways", () => {
	it("should tell a page turned a quarter from an upright one, either way", () => {
		const p = page(1170, 827, 100);
		expect(isSideways(p)).toBe(false);
		expect(isSideways(quarterTurn(p, 1))).toBe(true);
		expect(isSideways(quarterTurn(p, 3))).toBe(true);
		expect(isSideways(quarterTurn(p, 2))).toBe(false);
	});

	it("should vote the same from the gray page as from its binarized copy", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 24, max: 80 }),
				fc.integer({ min: 24, max: 80 }),
				fc.integer({ min: 0, max: 3 }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				(w, h, turns, salt) => {
					const p = quarterTurn(page(w * 4, h * 4, 32 + (salt % 40)), turns);
					// gray noise over the page's strokes: the threshold decides
					const data = p.data.map(
						(v, i) => (v + ((i * 2654435761 + salt) >>> 24)) % 256,
					);
					const img = { ...p, data };
					expect(lineVotes(img)).toBe(lineVotes(img, binarize(img)));
				},
			),
			{ numRuns: 40, seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});

	it("should answer as the whole page's votes do, though it stops counting once the answer is sure", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 24, max: 90 }),
				fc.integer({ min: 24, max: 90 }),
				fc.integer({ min: 0, max: 3 }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				fc.integer({ min: 0, max: 120 }),
				(w, h, turns, salt, noise) => {
					const p = quarterTurn(page(w * 4, h * 4, 32 + (salt % 40)), turns);
					// up to heavy noise: votes near the line as well as far from it
					const data = p.data.map((v, i) =>
						Math.min(255, v + (((i * 2654435761 + salt) >>> 24) % (noise + 1))),
					);
					const img = { ...p, data };
					expect(isSideways(img)).toBe(lineVotes(img) < -10);
				},
			),
			{ numRuns: 60, seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});

describe("findRulings on broken lines", () => {
	it("should join a ruling broken every 1/10 inch by gaps of 1/100 inch, and not make a line of letters", () => {
		const dpi = 200;
		const width = 1000;
		const height = 200;
		const data = new Uint8Array(width * height);
		for (let x = 100; x < 900; x++)
			if (x % 20 >= 2)
				for (let t = 0; t < 2; t++) data[50 * width + t * width + x] = 1;
		// a row of letters: bars 0.05 inch long, 0.02 apart
		for (let x = 100; x < 900; x++) if (x % 14 < 10) data[150 * width + x] = 1;
		const { horizontals } = findRulings({ width, height, data }, dpi);
		expect(horizontals).toHaveLength(1);
		expect(horizontals[0]?.lo).toBe(102);
		expect(horizontals[0]?.hi).toBe(900);
	});
});

describe("a bilevel page with broken strokes", () => {
	// A fax whose pixels were spread: a share of the ink's pixels turned to paper at random.
	const broken = (p: GrayImage, seed: number, share: number): GrayImage => {
		let x = seed >>> 0 || 1;
		const rand = () => {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			return (x >>> 0) / 2 ** 32;
		};
		return {
			...p,
			data: p.data.map((v) => (v === 0 && rand() < share ? 255 : v)),
		};
	};

	// A table of 3 × 2 cells ruled 2 pixels thick at 100 dpi, a bar of "text" in each cell.
	const table = (): GrayImage => {
		const width = 500;
		const height = 300;
		const data = new Uint8Array(width * height).fill(255);
		const xs = [40, 180, 320, 460];
		const ys = [40, 150, 260];
		for (const y of ys) {
			data.fill(0, y * width + 40, y * width + 462);
			data.fill(0, (y + 1) * width + 40, (y + 1) * width + 462);
		}
		for (const x of xs)
			for (let y = 40; y <= 261; y++) {
				data[y * width + x] = 0;
				data[y * width + x + 1] = 0;
			}
		for (let c = 0; c < 3; c++)
			for (let r = 0; r < 2; r++)
				for (let y = ys[r] as number; y < (ys[r] as number) + 8; y++)
					data.fill(
						0,
						(y + 30) * width + (xs[c] as number) + 20,
						(y + 30) * width + (xs[c] as number) + 60,
					);
		return { width, height, data, dpi: 100 };
	};

	it("should tell broken strokes from whole ones by their pinholes, and repair them whole at twice the resolution", () => {
		const clean = table();
		expect(pinholes(clean)).toBeLessThan(RAGGED);
		// the table's column and row edges, in tenths of an inch
		const lines = (img: GrayImage) =>
			analyzePage(img).tables.map((t) => [
				t.xs.map((x) => Math.round((10 * x) / img.dpi)),
				t.ys.map((y) => Math.round((10 * y) / img.dpi)),
			]);
		const whole = lines(clean);
		expect(whole).toEqual([
			[
				[4, 18, 32, 46],
				[4, 15, 26],
			],
		]);
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 2 ** 31 - 1 }),
				fc.double({ min: 0.2, max: 0.3, noNaN: true }),
				(seed, share) => {
					const rough = broken(clean, seed, share);
					expect(pinholes(rough)).toBeGreaterThanOrEqual(RAGGED);
					const smooth = repairStrokes(rough);
					expect([smooth.width, smooth.height, smooth.dpi]).toEqual([
						1000, 600, 200,
					]);
					expect(isBilevel(smooth)).toBe(true);
					expect(pinholes(smooth)).toBeLessThan(RAGGED);
					// the table found again, every ruling whole
					expect(lines(smooth)).toEqual(whole);
				},
			),
			// A fixed sample, as the other property tests (PROPERTY_SEED draws another), and the
			// draw that broke a 2-pixel column line past joining when the page was only smoothed
			// (seed 994084215, drawn in a run of 100: 30% of the ink lost) — passing since the
			// pinholes are filled before the smoothing.
			{
				numRuns: 6,
				seed: Number(process.env.PROPERTY_SEED ?? 20261207),
				examples: [[1723834517, 0.29569282336160546]],
			},
		);
	});
});
