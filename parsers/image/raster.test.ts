/**
 * Page rasters from image files: small pages drawn here (a black bar on white at a known place)
 * and written as PNG, JPEG and TIFF come back as the same gray pixels with their resolution;
 * files too large, cut short or damaged are refused with a DocumentLoadError before decoding.
 */
import { crc32, deflateSync } from "node:zlib";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../../pipeline/document.ts";
import {
	encodeGrayPng,
	encodeJpeg,
	encodeTiff,
} from "../../scripts/make-scan-fixtures.ts";
import { tiff } from "../../test/bad-inputs.ts";
import {
	encodePgm,
	encodeSqueezedPgm,
	imageHeaders,
	imagePages,
	MAX_IMAGE_PIXELS,
	shrink,
	sniffImage,
	upright,
} from "./raster.ts";
import type { Box, GrayImage } from "./types.ts";

/** A white page with a black bar at [x0, y0, x1, y1) and a mid-gray square. */
function page(width: number, height: number, dpi: number): GrayImage {
	const data = new Uint8Array(width * height).fill(255);
	for (let y = 20; y < 40; y++)
		for (let x = 10; x < width - 10; x++) data[y * width + x] = 0;
	for (let y = 60; y < 80; y++)
		for (let x = 10; x < 30; x++) data[y * width + x] = 128;
	return { width, height, data, dpi };
}

const at = (img: GrayImage, x: number, y: number) =>
	img.data[y * img.width + x] as number;

async function pagesOf(bytes: Uint8Array, options = {}) {
	const out: { page: number; image: GrayImage }[] = [];
	for await (const p of imagePages(bytes, "scan", options)) out.push(p);
	return out;
}

/** The error thrown by a promise (or undefined). */
async function failure(p: Promise<unknown>): Promise<DocumentLoadError> {
	try {
		await p;
	} catch (e) {
		return e as DocumentLoadError;
	}
	throw new Error("expected a failure");
}

/** A near-lossless JPEG of a gray page. */
const jpegOf = (img: GrayImage) => encodeJpeg(img, 100);

/** The JPEG with an EXIF block (APP1) stating orientation `o`, as a phone or scanner writes it. */
function withExifOrientation(jpeg: Uint8Array, o: number): Uint8Array {
	const tiff = [
		0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
	];
	const payload = [
		...Buffer.from("Exif\0\0", "latin1"),
		...tiff,
		o,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
	];
	const length = payload.length + 2;
	return Buffer.concat([
		jpeg.subarray(0, 2),
		Buffer.from([0xff, 0xe1, length >> 8, length & 255, ...payload]),
		jpeg.subarray(2),
	]);
}

/** A canvas PNG (RGBA, no pHYs chunk) of a page drawn with the 2D API. */
function canvasPng(width: number, height: number): Uint8Array {
	const c = createCanvas(width, height);
	const ctx = c.getContext("2d");
	ctx.fillStyle = "#fff";
	ctx.fillRect(0, 0, width, height);
	ctx.fillStyle = "#000";
	ctx.fillRect(10, 20, width - 20, 20);
	return new Uint8Array(c.toBuffer("image/png"));
}

describe("sniffImage", () => {
	it("should tell PNG, JPEG and TIFF by their signatures and nothing else", () => {
		const img = page(40, 90, 300);
		expect(sniffImage(encodeGrayPng(img))).toBe("png");
		expect(sniffImage(encodeJpeg(img, 90))).toBe("jpeg");
		expect(sniffImage(encodeTiff([img]))).toBe("tiff");
		expect(sniffImage(new TextEncoder().encode("%PDF-1.7\n"))).toBeNull();
		expect(sniffImage(new TextEncoder().encode("# Тайлан"))).toBeNull();
		expect(sniffImage(new Uint8Array(0))).toBeNull();
	});
});

describe("imagePages", () => {
	it("should decode a grayscale PNG to the same pixels with its pHYs resolution", async () => {
		const img = page(120, 100, 200);
		const [p, ...rest] = await pagesOf(encodeGrayPng(img));
		expect(rest).toEqual([]);
		expect(p?.page).toBe(1);
		expect(p?.image.width).toBe(120);
		expect(p?.image.height).toBe(100);
		expect(p?.image.dpi).toBe(200);
		expect(Buffer.from(p?.image.data ?? [])).toEqual(Buffer.from(img.data));
	});

	it("should decode an RGBA PNG with no resolution at 300 dpi, ink black and paper white", async () => {
		const [p] = await pagesOf(canvasPng(100, 60));
		if (!p) throw new Error("no page");
		expect(p.image.dpi).toBe(300);
		expect(at(p.image, 50, 30)).toBe(0);
		expect(at(p.image, 50, 50)).toBe(255);
		expect(at(p.image, 5, 30)).toBe(255);
	});

	it("should lay a transparent PNG on white paper", async () => {
		const c = createCanvas(50, 50);
		const ctx = c.getContext("2d");
		ctx.fillStyle = "rgba(0,0,0,0.5)";
		ctx.fillRect(0, 0, 25, 50);
		const [p] = await pagesOf(new Uint8Array(c.toBuffer("image/png")));
		if (!p) throw new Error("no page");
		expect(at(p.image, 40, 10)).toBe(255);
		expect(Math.abs(at(p.image, 10, 10) - 128)).toBeLessThanOrEqual(2);
	});

	it("should decode a JPEG close to its pixels, with the JFIF density as its resolution", async () => {
		const img = page(160, 100, 150);
		const [p] = await pagesOf(encodeJpeg(img, 92));
		if (!p) throw new Error("no page");
		expect(p.image.dpi).toBe(150);
		expect([p.image.width, p.image.height]).toEqual([160, 100]);
		expect(at(p.image, 80, 30)).toBeLessThan(30);
		expect(at(p.image, 80, 50)).toBeGreaterThan(225);
		expect(Math.abs(at(p.image, 20, 70) - 128)).toBeLessThan(12);
	});

	it("should turn a JPEG or TIFF page upright as its orientation tag says (a phone's portrait photo)", async () => {
		// page(): a black bar across rows 20–39, columns 10…w−11, on a 160 × 100 page.
		const img = page(160, 100, 150);
		for (const bytes of [
			withExifOrientation(encodeJpeg(img, 92), 6),
			encodeTiff([img], { orientation: 6 }),
		]) {
			expect(imageHeaders(bytes, "photo")[0]).toMatchObject({
				width: 100,
				height: 160,
			});
			const [p] = await pagesOf(bytes);
			if (!p) throw new Error("no page");
			// Shown turned a quarter clockwise: the bar is now a column, near the right edge.
			expect([p.image.width, p.image.height]).toEqual([100, 160]);
			expect(at(p.image, 100 - 1 - 30, 80)).toBeLessThan(40);
			expect(at(p.image, 30, 80)).toBeGreaterThan(215);
		}
		const [flipped] = await pagesOf(
			withExifOrientation(encodeJpeg(img, 92), 3),
		);
		if (!flipped) throw new Error("no page");
		expect([flipped.image.width, flipped.image.height]).toEqual([160, 100]);
		expect(at(flipped.image, 80, 100 - 1 - 30)).toBeLessThan(40);
		expect(at(flipped.image, 80, 30)).toBeGreaterThan(215);
	});

	it("should map every orientation 1–8 as the canvas decoder does for EXIF", async () => {
		// A page with no symmetry: a dark block in one corner, a gray one beside it.
		const src: GrayImage = {
			width: 24,
			height: 16,
			data: new Uint8Array(24 * 16).fill(255),
			dpi: 300,
		};
		for (let y = 0; y < 6; y++)
			for (let x = 0; x < 8; x++) {
				src.data[y * 24 + x] = 0;
				src.data[y * 24 + x + 10] = 128;
			}
		for (let o = 1; o <= 8; o++) {
			const [p] = await pagesOf(withExifOrientation(jpegOf(src), o));
			if (!p) throw new Error("no page");
			const mine = upright(src, o);
			expect([mine.width, mine.height]).toEqual([
				p.image.width,
				p.image.height,
			]);
			let worst = 0;
			for (let i = 0; i < mine.data.length; i++)
				worst = Math.max(
					worst,
					Math.abs((mine.data[i] as number) - (p.image.data[i] as number)),
				);
			// JPEG blurs edges a little; a wrong turn would differ by a whole block (≥ 128).
			expect(worst).toBeLessThan(100);
		}
	});

	it("should read every page of a multi-page TIFF, 8-bit and 1-bit, with their resolutions", async () => {
		const a = page(64, 90, 300);
		const b = page(80, 100, 200);
		for (const options of [
			{},
			{ compression: "deflate" as const },
			{ bits: 1 as const },
		]) {
			const pages = await pagesOf(encodeTiff([a, b], options));
			expect(pages.map((p) => p.page)).toEqual([1, 2]);
			expect(
				pages.map((p) => [p.image.width, p.image.height, p.image.dpi]),
			).toEqual([
				[64, 90, 300],
				[80, 100, 200],
			]);
			const second = pages[1]?.image as GrayImage;
			expect(at(second, 40, 30)).toBe(0);
			expect(at(second, 40, 50)).toBe(255);
			// mid-gray survives in 8 bits; a bilevel scan keeps it as paper (128 is not ink)
			expect(at(second, 20, 70)).toBe(options.bits === 1 ? 255 : 128);
		}
		expect(imageHeaders(encodeTiff([a, b]), "scan.tif")).toEqual([
			{ width: 64, height: 90, dpi: 300 },
			{ width: 80, height: 100, dpi: 200 },
		]);
	});

	it("should not trust a stated resolution that would make the page a yard long", async () => {
		// 3500 px at 72 dpi is 49 inches: software wrote its default, not the scanner's
		const tall = {
			width: 20,
			height: 3500,
			data: new Uint8Array(70_000).fill(255),
			dpi: 72,
		};
		expect(imageHeaders(encodeGrayPng(tall), "a.png")[0]?.dpi).toBe(300);
		const small = {
			...tall,
			height: 500,
			data: new Uint8Array(10_000).fill(255),
		};
		expect(imageHeaders(encodeGrayPng(small), "b.png")[0]?.dpi).toBe(72);
	});
});

/** A PNG chunk with its checksum. */
function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	out.set(Buffer.from(type, "latin1"), 4);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}

/**
 * An 8-bit PNG of a gray page, row y written with filter `filters[y % length]` (0 none, 1 sub,
 * 2 up, 3 average, 4 Paeth), its data split into IDAT chunks of `split` bytes, with the extra
 * chunks given (before the data). Colour type 0 (gray) or 4 (gray and alpha, all opaque).
 */
function filteredPng(
	img: GrayImage,
	filters: readonly number[],
	options: { split?: number; extra?: Uint8Array[]; alpha?: boolean } = {},
): Uint8Array {
	const { width: w, height: h, data } = img;
	const bpp = options.alpha ? 2 : 1;
	const ihdr = new Uint8Array(13);
	new DataView(ihdr.buffer).setUint32(0, w);
	new DataView(ihdr.buffer).setUint32(4, h);
	ihdr.set([8, options.alpha ? 4 : 0, 0, 0, 0], 8);
	const line = w * bpp;
	const px = (x: number, y: number) =>
		x < 0 || y < 0
			? 0
			: options.alpha && x % 2 === 1
				? 255
				: (data[y * w + Math.floor(x / bpp)] as number);
	const raw = new Uint8Array(h * (line + 1));
	for (let y = 0; y < h; y++) {
		const f = filters[y % filters.length] as number;
		raw[y * (line + 1)] = f;
		for (let x = 0; x < line; x++) {
			const a = px(x - bpp, y);
			const b = px(x, y - 1);
			const c = px(x - bpp, y - 1);
			const p = a + b - c;
			const paeth =
				Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
					? a
					: Math.abs(p - b) <= Math.abs(p - c)
						? b
						: c;
			// 5 is no filter: written as 0 would be (a damaged file)
			const pred = f === 5 ? 0 : ([0, a, b, (a + b) >> 1, paeth][f] as number);
			raw[y * (line + 1) + 1 + x] = (px(x, y) - pred) & 255;
		}
	}
	const z = deflateSync(raw);
	const split = options.split ?? z.length;
	const idat: Uint8Array[] = [];
	for (let i = 0; i < z.length; i += split)
		idat.push(chunk("IDAT", z.subarray(i, i + split)));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk("IHDR", ihdr),
		...(options.extra ?? []),
		...idat,
		chunk("IEND", new Uint8Array(0)),
	]);
}

/** The gray of a PNG as the canvas decodes it (drawn on white, its red channel). */
async function canvasGray(png: Uint8Array): Promise<Uint8Array> {
	const img = await loadImage(Buffer.from(png));
	const c = createCanvas(img.width, img.height);
	const ctx = c.getContext("2d");
	ctx.fillStyle = "#fff";
	ctx.fillRect(0, 0, img.width, img.height);
	ctx.drawImage(img, 0, 0);
	const rgba = c.data();
	return Uint8Array.from(
		{ length: img.width * img.height },
		(_, i) => rgba[4 * i] as number,
	);
}

describe("imagePages: gray PNGs decoded without the canvas", () => {
	it("should give the pixels the canvas gives, whatever each row's filter, for every gray PNG", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 40 }),
				fc.integer({ min: 1, max: 30 }),
				fc.array(fc.integer({ min: 0, max: 4 }), {
					minLength: 1,
					maxLength: 8,
				}),
				fc.integer({ min: 1, max: 400 }),
				fc.boolean(),
				async (width, height, filters, split, smooth) => {
					// Smooth gradients and noise both: the filters' predictions differ on each.
					const data = new Uint8Array(width * height);
					for (let i = 0; i < data.length; i++)
						data[i] = smooth
							? ((i % width) * 7 + Math.floor(i / width) * 5) & 255
							: (i * 2654435761) >>> 24;
					const img = { width, height, data, dpi: 300 };
					const png = filteredPng(img, filters, { split });
					const [p] = await pagesOf(png);
					expect(Buffer.from(p?.image.data ?? [])).toEqual(Buffer.from(data));
					expect(Buffer.from(await canvasGray(png))).toEqual(Buffer.from(data));
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207), numRuns: 60 },
		);
	});

	it("should leave other PNGs to the canvas: gray with alpha, a colour profile, a bad filter", async () => {
		const img = page(60, 90, 300);
		// gray and alpha (colour type 4): the canvas decodes it
		const [withAlpha] = await pagesOf(
			filteredPng(img, [0, 1, 2, 3, 4], { alpha: true }),
		);
		expect(Buffer.from(withAlpha?.image.data ?? [])).toEqual(
			Buffer.from(img.data),
		);
		// a gamma chunk: decoded as the canvas decodes it
		const gamma = new Uint8Array(4);
		new DataView(gamma.buffer).setUint32(0, 45455);
		const gammaPng = filteredPng(img, [2], { extra: [chunk("gAMA", gamma)] });
		const [withGamma] = await pagesOf(gammaPng);
		expect(Buffer.from(withGamma?.image.data ?? [])).toEqual(
			Buffer.from(await canvasGray(gammaPng)),
		);
		// filter type 5 does not exist: whatever the canvas makes of it (as before)
		const bad = filteredPng(img, [2, 2, 5]);
		const byCanvas = await canvasGray(bad).catch(() => undefined);
		const read = pagesOf(bad);
		if (byCanvas)
			expect(Buffer.from((await read)[0]?.image.data ?? [])).toEqual(
				Buffer.from(byCanvas),
			);
		else await expect(read).rejects.toThrow();
	});
});

describe("imagePages refuses", () => {
	it("should refuse a page over the pixel limit from its header, before decoding", async () => {
		expect(MAX_IMAGE_PIXELS).toBeGreaterThanOrEqual(35_000_000);
		// A valid PNG whose header claims 100,000 × 100,000 pixels: decoding it would need 10 GB.
		const huge = encodeGrayPng(page(40, 40, 300));
		const view = new DataView(huge.buffer, huge.byteOffset);
		view.setUint32(16, 100_000);
		view.setUint32(20, 100_000);
		view.setUint32(29, crc32(huge.subarray(12, 29)));
		const e = await failure(pagesOf(huge));
		expect(e).toBeInstanceOf(DocumentLoadError);
		expect(e.reason).toMatch(
			/page 1 is 100000 × 100000 pixels .*more than the limit/,
		);
		expect(e.fix).toMatch(/300 dpi/);
		// and the limit can be lowered
		const small = await failure(
			pagesOf(encodeGrayPng(page(40, 40, 300)), { maxPixels: 1000 }),
		);
		expect(small.reason).toMatch(/1600 pixels|40 × 40/);
	});

	it("should refuse a TIFF with more pages than the limit, or any page too large", async () => {
		const tiff = encodeTiff([
			page(40, 40, 300),
			page(40, 40, 300),
			page(50, 50, 300),
		]);
		const many = await failure(pagesOf(tiff, { maxPages: 2 }));
		expect(many.reason).toMatch(/3 pages \(more than 2\)/);
		const large = await failure(pagesOf(tiff, { maxPixels: 2000 }));
		expect(large.reason).toMatch(/page 3 is 50 × 50/);
	});

	it("should refuse PNG, JPEG and TIFF files cut short (the decoder would leave them blank)", async () => {
		const img = page(200, 150, 300);
		for (const bytes of [
			encodeGrayPng(img),
			encodeJpeg(img, 90),
			encodeTiff([img]),
		]) {
			for (const keep of [0.5, 0.9]) {
				const cut = bytes.subarray(0, Math.floor(bytes.length * keep));
				const e = await failure(pagesOf(cut));
				expect(e).toBeInstanceOf(DocumentLoadError);
				expect(e.reason).toMatch(/truncated|damaged/);
			}
		}
	});

	it("should refuse a PNG with a damaged byte (checksum) and bytes that are no image", async () => {
		const png = encodeGrayPng(page(100, 100, 300));
		const bad = png.slice();
		bad[bad.length - 30] = (bad[bad.length - 30] as number) ^ 0xff;
		expect((await failure(pagesOf(bad))).reason).toMatch(/checksum/);
		const text = await failure(pagesOf(new TextEncoder().encode("hello")));
		expect(text.reason).toMatch(/not a PNG, JPEG or TIFF/);
	});
});

describe("encodePgm", () => {
	it("should write a P5 image of a rectangle, with an optional white margin", () => {
		const img = page(50, 90, 300);
		const pgm = encodePgm(img, [5, 15, 25, 45]);
		const head = "P5\n20 30\n255\n";
		expect(new TextDecoder().decode(pgm.subarray(0, head.length))).toBe(head);
		expect(pgm.length).toBe(head.length + 600);
		// row y = 20 (the bar) starts at x = 5: white up to x = 10, then black
		const row = pgm.subarray(head.length + 5 * 20, head.length + 6 * 20);
		expect([...row.subarray(0, 5)]).toEqual([255, 255, 255, 255, 255]);
		expect([...row.subarray(5, 10)]).toEqual([0, 0, 0, 0, 0]);
		const padded = encodePgm(img, [5, 15, 25, 45], 3);
		const head2 = "P5\n26 36\n255\n";
		expect(padded.length).toBe(head2.length + 26 * 36);
		expect(
			padded
				.subarray(head2.length, head2.length + 26 * 3)
				.every((v) => v === 255),
		).toBe(true);
		expect(padded[head2.length + (3 + 5) * 26 + 3 + 5]).toBe(0);
		expect(() => encodePgm(img, [60, 0, 70, 10])).toThrow(TypeError);
		expect(encodePgm(img).length).toBe("P5\n50 90\n255\n".length + 4500);
	});
});

describe("8-bit RGB and 16-bit TIFF pages", () => {
	it("should read an 8-bit RGB TIFF page as BT.601 luma of its pixels", async () => {
		const width = 7;
		const height = 5;
		const rgb = new Uint8Array(width * height * 3);
		for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 97 + 13) % 256;
		const pages = [];
		for await (const p of imagePages(
			tiff(width, height, 3, 8, rgb),
			"rgb.tiff",
		))
			pages.push(p);
		expect(pages).toHaveLength(1);
		const gray = pages[0]?.image.data ?? new Uint8Array(0);
		for (let p = 0; p < width * height; p++) {
			const [r, g, b] = [
				rgb[3 * p],
				rgb[3 * p + 1],
				rgb[3 * p + 2],
			] as number[];
			// 0.299 R + 0.587 G + 0.114 B, rounded (within one level of the fixed-point sum).
			expect(
				Math.abs(
					(gray[p] as number) -
						(0.299 * (r as number) +
							0.587 * (g as number) +
							0.114 * (b as number)),
				),
			).toBeLessThanOrEqual(1);
		}
	});

	it("should refuse a page whose samples take more than 120 MiB decoded, before decoding", async () => {
		const pages = imagePages(
			tiff(5000, 7000, 3, 16, new Uint8Array(16)),
			"big.tiff",
		);
		await expect(pages.next()).rejects.toThrow(
			/page 1 of the TIFF takes 200 MiB decoded \(5000 × 7000 pixels, 3 samples of 16 bits\), more than 120 MiB/,
		);
	});
});

/** A PGM's size and pixels. */
function pgmPixels(pgm: Uint8Array): {
	w: number;
	h: number;
	data: Uint8Array;
} {
	const head = /^P5\n(\d+) (\d+)\n255\n/.exec(
		Buffer.from(pgm.subarray(0, 32)).toString("latin1"),
	);
	if (!head) throw new Error("not a PGM");
	return {
		w: Number(head[1]),
		h: Number(head[2]),
		data: pgm.subarray(head[0].length),
	};
}

/** Gray images up to maxW × maxH with a scale s in [0.5, 1] (squeeze and shrink). */
const scaledImages = (maxW: number, maxH: number) =>
	fc
		.record({
			w: fc.integer({ min: 1, max: maxW }),
			h: fc.integer({ min: 1, max: maxH }),
		})
		.chain(({ w, h }) =>
			fc.record({
				image: fc
					.uint8Array({ minLength: w * h, maxLength: w * h })
					.map((data) => ({ width: w, height: h, data, dpi: 300 })),
				s: fc.double({ min: 0.5, max: 1, noNaN: true }),
			}),
		);

describe("encodeSqueezedPgm", () => {
	const images = scaledImages(40, 6);

	it("should keep each row's ink (the mean of what each pixel covers) and the height", () => {
		fc.assert(
			fc.property(images, ({ image, s }) => {
				const out = pgmPixels(encodeSqueezedPgm(image, undefined, s));
				expect(out.w).toBe(Math.max(1, Math.round(image.width * s)));
				expect(out.h).toBe(image.height);
				const k = image.width / out.w;
				for (let y = 0; y < image.height; y++) {
					let before = 0;
					let after = 0;
					for (let x = 0; x < image.width; x++)
						before += image.data[y * image.width + x] as number;
					for (let x = 0; x < out.w; x++)
						after += (out.data[y * out.w + x] as number) * k;
					// each output pixel rounds by at most 1/2
					expect(Math.abs(after - before)).toBeLessThanOrEqual(
						0.5 * k * out.w + 1e-6,
					);
				}
			}),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});

	it("should give a plain PGM of the region at scale 1, and keep flat paper flat", () => {
		fc.assert(
			fc.property(images, ({ image }) => {
				const rect: Box = [0, 0, image.width, image.height];
				expect(encodeSqueezedPgm(image, rect, 1)).toEqual(
					encodePgm(image, rect),
				);
			}),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
		const paper = {
			width: 37,
			height: 3,
			data: new Uint8Array(111).fill(231),
			dpi: 300,
		};
		const out = pgmPixels(encodeSqueezedPgm(paper, [5, 1, 37, 3], 0.75));
		expect(out.w).toBe(24);
		expect(out.h).toBe(2);
		expect([...out.data].every((v) => v === 231)).toBe(true);
		expect(() => encodeSqueezedPgm(paper, undefined, 0.4)).toThrow(/0.5 and 1/);
	});
});

describe("shrink", () => {
	const images = scaledImages(30, 30);

	it("should keep the image's ink (the mean of what each pixel covers) at s times its size and resolution", () => {
		fc.assert(
			fc.property(images, ({ image, s }) => {
				const out = shrink(image, s);
				expect(out.width).toBe(Math.max(1, Math.round(image.width * s)));
				expect(out.height).toBe(Math.max(1, Math.round(image.height * s)));
				expect(out.dpi).toBeCloseTo(300 * s, 9);
				const kx = image.width / out.width;
				const ky = image.height / out.height;
				let before = 0;
				let after = 0;
				for (const v of image.data) before += v;
				for (const v of out.data) after += v * kx * ky;
				// each output pixel rounds by at most 1/2
				expect(Math.abs(after - before)).toBeLessThanOrEqual(
					0.5 * kx * ky * out.data.length + 1e-6,
				);
			}),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});

	it("should give the same pixels at scale 1, keep paper flat and a bar where it was", () => {
		fc.assert(
			fc.property(images, ({ image }) => {
				expect(shrink(image, 1).data).toEqual(image.data);
			}),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
		const p = page(120, 90, 300);
		const small = shrink(p, 2 / 3);
		expect([small.width, small.height, small.dpi]).toEqual([80, 60, 200]);
		// the bar (rows 20–39 → 13.3–26) is black inside, the paper above and below white
		expect(at(small, 40, 20)).toBe(0);
		expect(at(small, 40, 5)).toBe(255);
		expect(at(small, 40, 30)).toBe(255);
		// the gray square (rows 60–79, columns 10–29) stays its gray
		expect(at(small, 12, 46)).toBe(128);
		expect(() => shrink(p, 0.4)).toThrow(/0.5 and 1/);
	});
});
