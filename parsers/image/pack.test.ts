/**
 * Text cells packed into one image (pack.ts): where each crop is put, every word given back to
 * its own crop, a word over a gap or two crops caught, and the engine wrapper on an engine that
 * finds its "words" from the pixels it is given.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	packGap,
	packImage,
	packingEngine,
	packLayout,
	splitPacks,
	unpackWords,
} from "./pack.ts";
import type {
	Box,
	GrayImage,
	OcrEngine,
	OcrRequest,
	OcrResult,
	OcrWord,
} from "./types.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

const size = fc.record({
	width: fc.integer({ min: 1, max: 900 }),
	height: fc.integer({ min: 1, max: 400 }),
});

/** A word somewhere inside a crop of this size. */
const wordIn = (w: number, h: number) =>
	fc
		.tuple(
			fc.integer({ min: 0, max: w - 1 }),
			fc.integer({ min: 0, max: h - 1 }),
			fc.integer({ min: 1, max: w }),
			fc.integer({ min: 1, max: h }),
			fc.integer({ min: 0, max: 100 }),
		)
		.map(([x, y, dw, dh, conf]): OcrWord => {
			const x1 = Math.min(w, x + dw);
			const y1 = Math.min(h, y + dh);
			return { text: `w${x}.${y}`, confidence: conf, bbox: [x, y, x1, y1] };
		});

const cropsWithWords = fc
	.array(size, { minLength: 1, maxLength: 20 })
	.chain((sizes) =>
		fc.tuple(
			fc.constant(sizes),
			fc.tuple(
				...sizes.map((s) =>
					fc.array(wordIn(s.width, s.height), { maxLength: 6 }),
				),
			),
			fc.integer({ min: 8, max: 120 }),
		),
	);

const moved = (w: OcrWord, dx: number, dy: number): OcrWord => ({
	...w,
	bbox: [w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy],
});

describe("packLayout and unpackWords", () => {
	it("gives every word read inside a crop's place back to that crop, its box in the crop's pixels", () => {
		fc.assert(
			fc.property(cropsWithWords, ([sizes, words, gap]) => {
				const layout = packLayout(sizes, gap);
				// Places lie inside the image, apart by the gap, in order, none overlapping.
				layout.places.forEach((p, i) => {
					expect(p[2] - p[0]).toBe(sizes[i]?.width);
					expect(p[3] - p[1]).toBe(sizes[i]?.height);
					expect(p[2] + gap).toBeLessThanOrEqual(layout.width);
					expect(p[3] + gap).toBeLessThanOrEqual(layout.height);
					const next = layout.places[i + 1];
					if (next) expect(next[1] - p[3]).toBe(gap);
				});
				// The engine's words in the packed image's pixels, all crops' words shuffled together.
				const read = words.flatMap((ws, i) => {
					const p = layout.places[i] as Box;
					return ws.map((w) => moved(w, p[0], p[1]));
				});
				const { perCrop, broken } = unpackWords(read, layout.places);
				expect(broken.size).toBe(0);
				expect(perCrop).toEqual(words);
			}),
			{ numRuns: 200, seed },
		);
	});

	it("catches a word that runs from one crop into the next (a broken pack): both crops", () => {
		fc.assert(
			fc.property(
				fc.array(size, { minLength: 2, maxLength: 12 }),
				fc.integer({ min: 8, max: 120 }),
				fc.nat(),
				(sizes, gap, at) => {
					const layout = packLayout(sizes, gap);
					const i = at % (sizes.length - 1);
					const p = layout.places[i] as Box;
					const q = layout.places[i + 1] as Box;
					const across: OcrWord = {
						text: "across",
						confidence: 90,
						bbox: [p[0], p[3] - 1, p[0] + 5, q[1] + 1],
					};
					const { perCrop, broken } = unpackWords([across], layout.places);
					expect([...broken].sort((x, y) => x - y)).toEqual([i, i + 1]);
					expect(perCrop.flat()).toEqual([]);
				},
			),
			{ numRuns: 100, seed },
		);
	});

	it("catches a word read in the white between two crops: the nearer crop is read again", () => {
		const layout = packLayout(
			[
				{ width: 100, height: 40 },
				{ width: 100, height: 40 },
			],
			60,
		);
		const [p, q] = layout.places as [Box, Box];
		// Closer to the first crop's bottom than to the second's top.
		const inGap: OcrWord = {
			text: "'",
			confidence: 30,
			bbox: [70, p[3] + 10, 74, p[3] + 20],
		};
		expect([...unpackWords([inGap], layout.places).broken]).toEqual([0]);
		const nearQ: OcrWord = { ...inGap, bbox: [70, q[1] - 15, 74, q[1] - 5] };
		expect([...unpackWords([nearQ], layout.places).broken]).toEqual([1]);
	});

	it("splits a turn's requests into at most `parts` packs of balanced pixels, within the limits", () => {
		const req = (w: number, h: number): { request: OcrRequest } => ({
			request: {
				image: { width: w, height: h, data: new Uint8Array(w * h), dpi: 300 },
				langs: "mon+eng",
				psm: 6,
			},
		});
		const group = [
			req(1000, 600),
			req(900, 500),
			req(400, 200),
			req(300, 100),
			req(200, 90),
		];
		const two = splitPacks(group, 2, 1e9, 1e9);
		expect(two).toHaveLength(2);
		expect(two.flat()).toHaveLength(5);
		expect(new Set(two.flat()).size).toBe(5);
		// Largest first to the lighter pack: the two largest crops are in different packs.
		expect(two.findIndex((p) => p.includes(group[0] as never))).not.toBe(
			two.findIndex((p) => p.includes(group[1] as never)),
		);
		const small = splitPacks(group, 1, 1e9, 1e9, 2);
		expect(small.map((p) => p.length)).toEqual([2, 2, 1]);
		const low = splitPacks(group, 1, 1e9, 600 + packGap(300) + 1);
		expect(low.every((p) => p.length >= 1)).toBe(true);
		expect(low[0]).toHaveLength(1);
	});
});

/** A white image with black rectangles. */
function page(w: number, h: number, rects: Box[]): GrayImage {
	const data = new Uint8Array(w * h).fill(255);
	for (const [x0, y0, x1, y1] of rects)
		for (let y = y0; y < y1; y++) data.fill(0, y * w + x0, y * w + x1);
	return { width: w, height: h, data, dpi: 300 };
}

/**
 * An engine that "reads" a word from each band of rows holding ink (its box the band's ink),
 * named by the band's height; it records the images it was given.
 */
function inkEngine(extra?: (image: GrayImage) => OcrWord[]): {
	engine: OcrEngine;
	calls: GrayImage[];
} {
	const calls: GrayImage[] = [];
	const engine: OcrEngine = {
		async recognize(r: OcrRequest): Promise<OcrResult> {
			const { image } = r;
			calls.push(image);
			const words: OcrWord[] = [];
			let top = -1;
			let x0 = Number.POSITIVE_INFINITY;
			let x1 = -1;
			for (let y = 0; y <= image.height; y++) {
				let ink = false;
				if (y < image.height)
					for (let x = 0; x < image.width; x++)
						if ((image.data[y * image.width + x] as number) < 128) {
							ink = true;
							x0 = Math.min(x0, x);
							x1 = Math.max(x1, x + 1);
						}
				if (ink && top < 0) top = y;
				if (!ink && top >= 0) {
					words.push({
						text: `h${y - top}`,
						confidence: 90,
						bbox: [x0, top, x1, y],
					});
					top = -1;
					x0 = Number.POSITIVE_INFINITY;
					x1 = -1;
				}
			}
			words.push(...(extra?.(image) ?? []));
			return {
				text: words.map((w) => w.text).join(" "),
				confidence: 90,
				words,
			};
		},
		close: async () => {},
	};
	return { engine, calls };
}

describe("packingEngine", () => {
	const cell = (h: number, x = 10): GrayImage =>
		page(300, h + 20, [[x, 10, x + 50 + h, 10 + h]]);

	it("reads a turn's packable requests in one call and gives each its own words", async () => {
		const { engine, calls } = inkEngine();
		const packed = packingEngine(engine);
		const heights = [12, 30, 7, 21];
		const results = await Promise.all(
			heights.map((h) =>
				packed.recognize({
					image: cell(h),
					langs: "mon+eng",
					psm: 6,
					pack: true,
				}),
			),
		);
		expect(calls).toHaveLength(1);
		results.forEach((r, i) => {
			const h = heights[i] as number;
			expect(r.words).toEqual([
				{ text: `h${h}`, confidence: 90, bbox: [10, 10, 60 + h, 10 + h] },
			]);
			expect(r.text).toBe(`h${h}`);
		});
	});

	it("reads alone what may not be packed, and what is asked in another turn", async () => {
		const { engine, calls } = inkEngine();
		const packed = packingEngine(engine);
		await Promise.all([
			packed.recognize({ image: cell(10), langs: "mon+eng", psm: 6 }),
			packed.recognize({
				image: cell(10),
				langs: "eng+mon",
				psm: 7,
				pack: true,
			}),
			packed.recognize({
				image: cell(10),
				langs: "mon+eng",
				psm: 6,
				pack: true,
				whitelist: "0123456789",
			}),
		]);
		expect(calls).toHaveLength(3);
		await packed.recognize({
			image: cell(11),
			langs: "mon+eng",
			psm: 6,
			pack: true,
		});
		await packed.recognize({
			image: cell(12),
			langs: "mon+eng",
			psm: 6,
			pack: true,
		});
		expect(calls).toHaveLength(5);
		expect(calls.every((c) => c.height < 60)).toBe(true);
	});

	it("packs only requests of the same languages and resolution together", async () => {
		const { engine, calls } = inkEngine();
		const packed = packingEngine(engine);
		const at200 = { ...cell(9), dpi: 200 };
		await Promise.all([
			packed.recognize({
				image: cell(9),
				langs: "mon+eng",
				psm: 6,
				pack: true,
			}),
			packed.recognize({
				image: cell(8),
				langs: "mon+eng",
				psm: 6,
				pack: true,
			}),
			packed.recognize({ image: at200, langs: "mon+eng", psm: 6, pack: true }),
			packed.recognize({ image: cell(7), langs: "mon", psm: 6, pack: true }),
		]);
		expect(calls.map((c) => c.dpi).sort()).toEqual([200, 300, 300]);
	});

	it("reads alone the crops a word ran across (a broken pack), and they keep their own words", async () => {
		// The packed read joins the first two crops' bands into one word; alone they read right.
		const { engine, calls } = inkEngine((image) => {
			if (image.height < 200) return [];
			const gap = packGap(300);
			return [
				{
					text: "joined",
					confidence: 40,
					bbox: [gap, gap + 10, gap + 40, gap + 40 + gap + 20],
				},
			];
		});
		const packed = packingEngine(engine);
		const results = await Promise.all(
			[10, 20, 30].map((h) =>
				packed.recognize({
					image: cell(h),
					langs: "mon+eng",
					psm: 6,
					pack: true,
				}),
			),
		);
		// One packed read, then the two crops it touched read alone.
		expect(calls).toHaveLength(3);
		expect(results.map((r) => r.words.map((w) => w.text))).toEqual([
			["h10"],
			["h20"],
			["h30"],
		]);
	});

	it("reads a pack's crops alone when the packed read fails", async () => {
		let n = 0;
		const { engine } = inkEngine();
		const failing: OcrEngine = {
			recognize: (r) => {
				n++;
				return r.image.height > 200
					? Promise.reject(new Error("too big"))
					: engine.recognize(r);
			},
			close: async () => {},
		};
		const packed = packingEngine(failing);
		const results = await Promise.all(
			[10, 20].map((h) =>
				packed.recognize({
					image: cell(h),
					langs: "mon+eng",
					psm: 6,
					pack: true,
				}),
			),
		);
		expect(n).toBe(3);
		expect(results.map((r) => r.words[0]?.text)).toEqual(["h10", "h20"]);
	});

	it("puts each crop's pixels at its place, white elsewhere", () => {
		const a = cell(10, 0);
		const b = cell(20, 30);
		const layout = packLayout([a, b], 16);
		const img = packImage(
			[
				{ image: a, langs: "mon", psm: 6 },
				{ image: b, langs: "mon", psm: 6 },
			],
			layout,
			300,
		);
		let black = 0;
		for (const v of img.data) if (v === 0) black++;
		expect(black).toBe(60 * 10 + 70 * 20);
		const [p, q] = layout.places as [Box, Box];
		expect(img.data[(p[1] + 10) * img.width + p[0]]).toBe(0);
		expect(img.data[(q[1] + 10) * img.width + q[0] + 30]).toBe(0);
		expect(img.data[(q[1] + 10) * img.width + q[0] + 29]).toBe(255);
	});
});
