/**
 * Page rasters from image files: PNG and JPEG (decoded by @napi-rs/canvas, the canvas pdf.js
 * uses; an 8-bit gray PNG here, to the same pixels) and TIFF, multi-page included (utif2), each page as an 8-bit grayscale image with its
 * resolution. Sizes are read from the file's header and checked before anything is decoded;
 * files cut short or damaged are refused (the canvas decoder would silently leave the missing
 * part blank).
 */
import { crc32, inflateRawSync, inflateSync } from "node:zlib";
import { createCanvas, type Image, loadImage } from "@napi-rs/canvas";
import UTIF, { type IFD } from "utif2";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { type ImageKind, sniffImage } from "./sniff.ts";
import type { Box, GrayImage, OcrRequest } from "./types.ts";

export { type ImageKind, sniffImage };

/**
 * Largest page accepted, in pixels (an A4 page at 600 dpi is 35 megapixels). A page costs its
 * worker about 7 bytes a pixel while it is read (the decoder's RGBA, the gray copy, the layout's
 * images): two workers on 60-megapixel pages took the bad-input batch to 1.47 GiB, over its
 * budget's margin; 40 megapixels keeps both under 600 MiB.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Largest TIFF page decoded (bytes of samples): 40 megapixels of 8-bit RGB. */
export const MAX_TIFF_PAGE_BYTES = 120 * 1024 * 1024;
/** Most pages accepted in one (TIFF) file. */
export const MAX_IMAGE_PAGES = 2000;
/** Resolution assumed when the file states none (or an implausible one). */
export const DEFAULT_DPI = 300;

export interface ImagePagesOptions {
	/** Largest page in pixels (width × height); default MAX_IMAGE_PIXELS. */
	maxPixels?: number;
	/** Most pages; default MAX_IMAGE_PAGES. */
	maxPages?: number;
}

/** What a page's header says, before any pixel is decoded. */
export interface PageHeader {
	width: number;
	height: number;
	dpi: number;
}

const startsWith = (b: Uint8Array, sig: readonly number[]) =>
	sig.every((x, i) => b[i] === x);

/**
 * Each page of a PNG, JPEG or TIFF file as a grayscale image, one at a time. Every page's size is
 * checked (and the page count) before the first is decoded. Throws DocumentLoadError for a file
 * that is not one of these formats, truncated or damaged, too large or with too many pages.
 */
export async function* imagePages(
	bytes: Uint8Array,
	file: string,
	options: ImagePagesOptions = {},
): AsyncGenerator<{ page: number; pages: number; image: GrayImage }> {
	const kind = sniffImage(bytes);
	if (kind === null)
		throw new DocumentLoadError(
			file,
			"this is not a PNG, JPEG or TIFF image",
			"scan or export the report as PDF, PNG, JPEG or TIFF",
		);
	if (kind === "tiff") {
		yield* tiffPages(bytes, file, options);
		return;
	}
	const header =
		kind === "png" ? pngHeader(bytes, file) : jpegHeader(bytes, file);
	checkSize(file, header, 1, options);
	yield {
		page: 1,
		pages: 1,
		image:
			(kind === "png" ? grayPng(bytes, header) : undefined) ??
			(await decodeWithCanvas(bytes, file, header)),
	};
}

/** The page headers of an image file (upright sizes and resolutions), without decoding pixels. */
export function imageHeaders(bytes: Uint8Array, file: string): PageHeader[] {
	const kind = sniffImage(bytes);
	if (kind === "png") return [pngHeader(bytes, file)];
	if (kind === "jpeg") return [jpegHeader(bytes, file)];
	if (kind === "tiff")
		return tiffDirectories(bytes, file).map(({ header: h, orientation }) =>
			orientation >= 5 ? { ...h, width: h.height, height: h.width } : h,
		);
	throw new DocumentLoadError(
		file,
		"this is not a PNG, JPEG or TIFF image",
		"scan or export the report as PDF, PNG, JPEG or TIFF",
	);
}

/** Refuse a page over the pixel limit (page counts from 1). */
export function checkSize(
	file: string,
	header: { width: number; height: number },
	page: number,
	options: { maxPixels?: number } = {},
): void {
	const max = options.maxPixels ?? MAX_IMAGE_PIXELS;
	const pixels = header.width * header.height;
	if (pixels > max)
		throw new DocumentLoadError(
			file,
			`page ${page} is ${header.width} × ${header.height} pixels (${(pixels / 1e6).toFixed(1)} megapixels, more than the limit of ${(max / 1e6).toFixed(1)})`,
			"scan at 300 dpi (an A4 page is then about 9 megapixels)",
		);
}

/**
 * A stated resolution if it is plausible, else DEFAULT_DPI: software that knows nothing of paper
 * writes 72 or 96 dpi, which would make a 300-dpi scan of an A4 page a yard long.
 */
function plausibleDpi(
	dpi: number | undefined,
	width: number,
	height: number,
): number {
	if (dpi === undefined || !Number.isFinite(dpi) || dpi < 50 || dpi > 2400)
		return DEFAULT_DPI;
	if (Math.max(width, height) / dpi > 24) return DEFAULT_DPI;
	return Math.round(dpi);
}

const corrupt = (file: string, what: string) =>
	new DocumentLoadError(
		file,
		what,
		"scan or export the page again (the copy may have been cut short)",
	);

// ── PNG ─────────────────────────────────────────────────────────────────────────────────────

/** Width, height and resolution of a PNG; every chunk's length and checksum is verified. */
function pngHeader(bytes: Uint8Array, file: string): PageHeader {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let at = 8;
	let width = 0;
	let height = 0;
	let dpi: number | undefined;
	let ended = false;
	let idat = false;
	while (at + 12 <= bytes.length) {
		const length = view.getUint32(at);
		const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
		const end = at + 12 + length;
		if (end > bytes.length)
			throw corrupt(file, "the PNG is truncated (its last chunk is cut short)");
		const crc = view.getUint32(at + 8 + length);
		if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== crc)
			throw corrupt(
				file,
				`the PNG is damaged (a ${type} chunk fails its checksum)`,
			);
		if (type === "IHDR") {
			width = view.getUint32(at + 8);
			height = view.getUint32(at + 12);
		} else if (type === "pHYs" && length >= 9 && bytes[at + 16] === 1)
			dpi = view.getUint32(at + 8) * 0.0254;
		else if (type === "IDAT") idat = true;
		else if (type === "IEND") {
			ended = true;
			break;
		}
		at = end;
	}
	if (width === 0 || height === 0)
		throw corrupt(file, "the PNG is damaged (no image header)");
	if (!idat) throw corrupt(file, "the PNG is damaged (it holds no image data)");
	if (!ended)
		throw corrupt(file, "the PNG is truncated (it has no IEND end chunk)");
	return { width, height, dpi: plausibleDpi(dpi, width, height) };
}

// ── JPEG ────────────────────────────────────────────────────────────────────────────────────

/** SOF markers carry the frame size (not C4 DHT, C8 JPG, CC DAC). */
const isSof = (m: number) =>
	m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Width, height and resolution (JFIF density, else EXIF XResolution) of a JPEG. The marker
 * structure is walked to the end: a file cut short has no EOI marker.
 */
function jpegHeader(bytes: Uint8Array, file: string): PageHeader {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let width = 0;
	let height = 0;
	let jfif: number | undefined;
	let exif: ExifInfo = {};
	let at = 2;
	let ended = false;
	while (at + 2 <= bytes.length) {
		if (bytes[at] !== 0xff)
			throw corrupt(file, "the JPEG is damaged (a marker is missing)");
		const marker = bytes[at + 1] as number;
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xd9) {
			ended = true;
			break;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		if (at + 4 > bytes.length) break;
		const length = view.getUint16(at + 2);
		const seg = at + 4;
		const end = at + 2 + length;
		if (length < 2 || end > bytes.length)
			throw corrupt(file, "the JPEG is truncated (a segment is cut short)");
		if (isSof(marker) && length >= 7) {
			height = view.getUint16(seg + 1);
			width = view.getUint16(seg + 3);
		} else if (
			marker === 0xe0 &&
			length >= 14 &&
			startsWith(bytes.subarray(seg), [0x4a, 0x46, 0x49, 0x46, 0])
		) {
			const units = bytes[seg + 7];
			const x = view.getUint16(seg + 8);
			if (units === 1) jfif = x;
			else if (units === 2) jfif = x * 2.54;
		} else if (
			marker === 0xe1 &&
			startsWith(bytes.subarray(seg), [0x45, 0x78, 0x69, 0x66, 0, 0])
		)
			exif = exifInfo(bytes.subarray(seg + 6, end));
		at = end;
		if (marker === 0xda) at = skipScan(bytes, at);
	}
	if (width === 0 || height === 0)
		throw corrupt(
			file,
			"the JPEG is damaged (no frame header with the image size)",
		);
	if (!ended)
		throw corrupt(
			file,
			"the JPEG is truncated (it has no end-of-image marker)",
		);
	// The canvas decoder turns the picture as its EXIF orientation says (a phone's portrait
	// photo is stored on its side): the page it gives is upright, sides swapped for 5–8.
	const turned = (exif.orientation ?? 1) >= 5;
	return {
		width: turned ? height : width,
		height: turned ? width : height,
		dpi: plausibleDpi(jfif ?? exif.dpi, width, height),
	};
}

/** The offset of the first marker after entropy-coded data (stuffed 0xFF00 and RSTn skipped). */
function skipScan(bytes: Uint8Array, from: number): number {
	let at = bytes.indexOf(0xff, from);
	while (at >= 0 && at + 1 < bytes.length) {
		const next = bytes[at + 1] as number;
		if (next !== 0 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff)
			return at;
		at = bytes.indexOf(0xff, at + (next === 0xff ? 1 : 2));
	}
	return bytes.length;
}

interface ExifInfo {
	/** XResolution in dots per inch, if stated. */
	dpi?: number;
	/** Orientation (TIFF tag 274): 1 upright … 8, if stated. */
	orientation?: number;
}

/** The resolution and orientation an EXIF block states. */
function exifInfo(tiff: Uint8Array): ExifInfo {
	try {
		const ifd = UTIF.decode(copyBuffer(tiff))[0];
		if (!ifd) return {};
		return { dpi: ifdDpi(ifd), orientation: orientationOf(ifd) };
	} catch {
		return {};
	}
}

/** XResolution (tag 282) in dots per inch, by ResolutionUnit (296: 2 inch, 3 cm), if stated. */
function ifdDpi(ifd: IFD): number | undefined {
	const unit = tag(ifd, 296)?.[0] ?? 2;
	const x = rational(tag(ifd, 282)?.[0]);
	if (x === undefined) return undefined;
	return unit === 3 ? x * 2.54 : unit === 2 ? x : undefined;
}

/** Tag 274 (1…8), or undefined when absent or out of range. */
function orientationOf(ifd: IFD): number | undefined {
	const o = tag(ifd, 274)?.[0];
	return o !== undefined && Number.isInteger(o) && o >= 1 && o <= 8
		? o
		: undefined;
}

/**
 * The page upright, as TIFF/EXIF orientation `o` says it is stored: 2 mirrored, 3 upside down,
 * 4 flipped, 5 transposed, 6 turned a quarter anticlockwise (shown turned clockwise), 7
 * transversed, 8 turned clockwise. Sides swap for 5–8.
 */
export function upright(img: GrayImage, o: number): GrayImage {
	if (o < 2 || o > 8) return img;
	const { width: W, height: H, data } = img;
	const swap = o >= 5;
	const w = swap ? H : W;
	const h = swap ? W : H;
	const out = new Uint8Array(w * h);
	// Source (sx, sy) of the upright pixel (x, y).
	const source: (x: number, y: number) => number = {
		2: (x: number, y: number) => y * W + (W - 1 - x),
		3: (x: number, y: number) => (H - 1 - y) * W + (W - 1 - x),
		4: (x: number, y: number) => (H - 1 - y) * W + x,
		5: (x: number, y: number) => x * W + y,
		6: (x: number, y: number) => (H - 1 - x) * W + y,
		7: (x: number, y: number) => (H - 1 - x) * W + (W - 1 - y),
		8: (x: number, y: number) => x * W + (W - 1 - y),
	}[o as 2 | 3 | 4 | 5 | 6 | 7 | 8];
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) out[y * w + x] = data[source(x, y)] as number;
	return { width: w, height: h, data: out, dpi: img.dpi };
}

// ── PNG and JPEG pixels ─────────────────────────────────────────────────────────────────────

/** Chunks that change nothing in an 8-bit gray PNG's pixels (no colour space, no transparency). */
const PLAIN_CHUNKS = new Set([
	"IHDR",
	"IDAT",
	"IEND",
	"pHYs",
	"tEXt",
	"zTXt",
	"iTXt",
	"tIME",
]);

/**
 * The pixels of an 8-bit grayscale, non-interlaced PNG with nothing that changes them (the
 * scanners' and our renderings' page files), decoded here: its data inflated by zlib and its
 * rows unfiltered straight into the gray page — the same bytes the canvas gives (gray v drawn
 * as RGB v, v, v, whose luma is v), without the canvas's RGBA copy of the page. Undefined for
 * any other PNG or anything unexpected (the canvas decodes it, or refuses it, as before). The
 * chunks' checksums were checked by {@link pngHeader}.
 */
function grayPng(bytes: Uint8Array, header: PageHeader): GrayImage | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const { width: w, height: h } = header;
	const idat: Uint8Array[] = [];
	let idatEnded = false;
	let at = 8;
	while (at + 12 <= bytes.length) {
		const length = view.getUint32(at);
		const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
		if (!PLAIN_CHUNKS.has(type)) return undefined;
		if (type === "IHDR") {
			// bit depth 8, colour type 0 (gray), compression 0, filter 0, no interlace
			if (length !== 13) return undefined;
			const [depth, colour, compression, filter, interlace] = bytes.subarray(
				at + 16,
				at + 21,
			);
			if (
				depth !== 8 ||
				colour !== 0 ||
				compression !== 0 ||
				filter !== 0 ||
				interlace !== 0
			)
				return undefined;
		} else if (type === "IDAT") {
			// The image data comes in consecutive chunks.
			if (idatEnded) return undefined;
			idat.push(bytes.subarray(at + 8, at + 8 + length));
		} else if (type === "IEND") break;
		if (type !== "IDAT" && idat.length > 0) idatEnded = true;
		at += 12 + length;
	}
	const stride = w + 1;
	let raw: Buffer;
	try {
		raw = inflateSync(
			idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat),
			{
				maxOutputLength: stride * h + 1,
			},
		);
	} catch {
		return undefined;
	}
	if (raw.length !== stride * h) return undefined;
	const out = new Uint8Array(w * h);
	for (let y = 0; y < h; y++) {
		const src = y * stride + 1;
		const row = y * w;
		const up = row - w;
		const filter = raw[src - 1] as number;
		if (filter === 0 || (filter === 2 && y === 0))
			out.set(raw.subarray(src, src + w), row);
		else if (filter === 1) {
			let left = 0;
			for (let x = 0; x < w; x++) {
				left = ((raw[src + x] as number) + left) & 255;
				out[row + x] = left;
			}
		} else if (filter === 2)
			for (let x = 0; x < w; x++)
				out[row + x] = (raw[src + x] as number) + (out[up + x] as number);
		else if (filter === 3)
			for (let x = 0; x < w; x++) {
				const a = x > 0 ? (out[row + x - 1] as number) : 0;
				const b = y > 0 ? (out[up + x] as number) : 0;
				out[row + x] = (raw[src + x] as number) + ((a + b) >> 1);
			}
		else if (filter === 4)
			for (let x = 0; x < w; x++) {
				const a = x > 0 ? (out[row + x - 1] as number) : 0;
				const b = y > 0 ? (out[up + x] as number) : 0;
				const c = x > 0 && y > 0 ? (out[up + x - 1] as number) : 0;
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
				out[row + x] = (raw[src + x] as number) + pred;
			}
		else return undefined;
	}
	return { width: w, height: h, data: out, dpi: header.dpi };
}

/** Rows drawn at a time: the RGBA copy stays small however large the page. */
const STRIP = 256;

/** Decode a PNG or JPEG with the canvas and reduce it to gray, over a white background. */
async function decodeWithCanvas(
	bytes: Uint8Array,
	file: string,
	header: PageHeader,
): Promise<GrayImage> {
	let img: Image;
	try {
		img = await loadImage(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
		);
	} catch {
		// The decoder's own words name its internals: not given.
		throw corrupt(file, "the image is damaged and cannot be decoded");
	}
	const { width, height } = header;
	if (img.width !== width || img.height !== height)
		throw corrupt(
			file,
			`the image is damaged (its header says ${width} × ${height}, the decoder ${img.width} × ${img.height})`,
		);
	const gray = new Uint8Array(width * height);
	const canvas = createCanvas(width, Math.min(STRIP, height));
	const ctx = canvas.getContext("2d");
	ctx.fillStyle = "#fff";
	for (let y0 = 0; y0 < height; y0 += STRIP) {
		ctx.fillRect(0, 0, width, canvas.height);
		ctx.drawImage(img, 0, -y0);
		// Raw RGBA; alpha is 255 everywhere after the white fill, so no premultiplication.
		const rgba = canvas.data();
		const n = Math.min(STRIP, height - y0) * width;
		luminance(rgba, n, gray, y0 * width);
	}
	return { width, height, data: gray, dpi: header.dpi };
}

/** ITU-R BT.601 luma of n opaque RGBA pixels into gray[offset…] (a new array by default). */
export function luminance(
	rgba: Uint8Array,
	n: number,
	gray: Uint8Array = new Uint8Array(n),
	offset = 0,
): Uint8Array {
	for (let p = 0, q = 0; p < n; p++, q += 4)
		gray[offset + p] =
			((rgba[q] as number) * 4899 +
				(rgba[q + 1] as number) * 9617 +
				(rgba[q + 2] as number) * 1868 +
				8192) >>
			14;
	return gray;
}

// ── TIFF ────────────────────────────────────────────────────────────────────────────────────

/** utif2 reads from an ArrayBuffer of exactly the file. */
function copyBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.buffer.slice(
		bytes.byteOffset,
		bytes.byteOffset + bytes.byteLength,
	) as ArrayBuffer;
}

interface TiffPage {
	ifd: IFD;
	/** The page as stored (before its orientation is applied). */
	header: PageHeader;
	orientation: number;
}

const tag = (ifd: IFD, t: number): number[] | undefined =>
	ifd[`t${t}`] as number[] | undefined;

/** A TIFF RATIONAL as utif2 gives it ([numerator, denominator], or a number). */
function rational(v: unknown): number | undefined {
	if (typeof v === "number") return v;
	if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number")
		return v[1] === 0 ? undefined : v[0] / v[1];
	return undefined;
}

type Decompress = (
	img: IFD,
	ifds: IFD[],
	data: Uint8Array,
	off: number,
	len: number,
	cmpr: number,
	tgt: Uint8Array,
	toff: number,
	...rest: unknown[]
) => void;

// UTIF inflates Deflate strips (compression 8 and 32946) with pako, in JavaScript; Node's zlib
// does the same three times faster. The strip is inflated here (the same bytes UTIF gives pako:
// the zlib header and checksum left out) and UTIF's own step then runs as for an uncompressed
// strip of no bytes, so that its predictor and byte-order fixes still apply.
const utifDecode = (UTIF as unknown as { decode: { _decompress: Decompress } })
	.decode;
const utifDecompress = utifDecode._decompress;
utifDecode._decompress = (
	img,
	ifds,
	data,
	off,
	len,
	cmpr,
	tgt,
	toff,
	...rest
) => {
	if (cmpr !== 8 && cmpr !== 32946)
		return utifDecompress(img, ifds, data, off, len, cmpr, tgt, toff, ...rest);
	const bin = inflateRawSync(data.subarray(off + 2, off + len - 4));
	if (toff + bin.length <= tgt.length) tgt.set(bin, toff);
	return utifDecompress(img, ifds, data, off, 0, 1, tgt, toff, ...rest);
};

/** The page directories of a TIFF (reduced-resolution copies left out), checked for truncation. */
function tiffDirectories(bytes: Uint8Array, file: string): TiffPage[] {
	let ifds: IFD[];
	try {
		ifds = UTIF.decode(copyBuffer(bytes));
	} catch (e) {
		throw corrupt(
			file,
			`the TIFF is damaged: ${String((e as Error)?.message ?? e)}`,
		);
	}
	const pages: TiffPage[] = [];
	for (const ifd of ifds) {
		// NewSubfileType bit 0: a thumbnail or other reduced copy of a page.
		if (((tag(ifd, 254)?.[0] ?? 0) & 1) === 1) continue;
		const width = tag(ifd, 256)?.[0] ?? 0;
		const height = tag(ifd, 257)?.[0] ?? 0;
		if (width <= 0 || height <= 0) continue;
		const offsets = tag(ifd, 273) ?? tag(ifd, 324) ?? [];
		const counts = tag(ifd, 279) ?? tag(ifd, 325) ?? [];
		if (offsets.length === 0)
			throw corrupt(
				file,
				`the TIFF is damaged (page ${pages.length + 1} has no image data)`,
			);
		for (let k = 0; k < offsets.length; k++)
			if ((offsets[k] as number) + (counts[k] ?? 0) > bytes.length)
				throw corrupt(
					file,
					`the TIFF is truncated (page ${pages.length + 1}'s image data runs past the end of the file)`,
				);
		const dpi = ifdDpi(ifd);
		pages.push({
			ifd,
			header: { width, height, dpi: plausibleDpi(dpi, width, height) },
			orientation: orientationOf(ifd) ?? 1,
		});
	}
	if (pages.length === 0)
		throw corrupt(file, "the TIFF is damaged (it holds no page)");
	return pages;
}

async function* tiffPages(
	bytes: Uint8Array,
	file: string,
	options: ImagePagesOptions,
): AsyncGenerator<{ page: number; pages: number; image: GrayImage }> {
	const pages = tiffDirectories(bytes, file);
	const maxPages = options.maxPages ?? MAX_IMAGE_PAGES;
	if (pages.length > maxPages)
		throw new DocumentLoadError(
			file,
			`the TIFF has ${pages.length} pages (more than ${maxPages})`,
			"split the report into smaller files",
		);
	pages.forEach((p, i) => {
		checkSize(file, p.header, i + 1, options);
		// The decoder holds a page's samples at their depth: a 16-bit colour page is 6 or 8
		// bytes a pixel, beyond what the pixel limit alone allows for.
		const samples =
			p.header.width *
			p.header.height *
			(tag(p.ifd, 277)?.[0] ?? 1) *
			Math.max(1, tag(p.ifd, 258)?.[0] ?? 1);
		if (samples / 8 > MAX_TIFF_PAGE_BYTES)
			throw new DocumentLoadError(
				file,
				`page ${i + 1} of the TIFF takes ${(samples / 8 / 1024 / 1024).toFixed(0)} MiB decoded (${p.header.width} × ${p.header.height} pixels, ${tag(p.ifd, 277)?.[0] ?? 1} samples of ${tag(p.ifd, 258)?.[0] ?? 1} bits), more than ${MAX_TIFF_PAGE_BYTES / 1024 / 1024} MiB`,
				"scan at 300 dpi in 8-bit gray or colour",
			);
	});
	const buffer = copyBuffer(bytes);
	for (const [i, { ifd, header, orientation }] of pages.entries()) {
		try {
			UTIF.decodeImage(buffer, ifd);
		} catch {
			// The decoder's own words name its internals: not given.
			throw corrupt(
				file,
				`the TIFF is damaged (page ${i + 1} cannot be decoded)`,
			);
		}
		if (!ifd.data || ifd.width !== header.width || ifd.height !== header.height)
			throw corrupt(
				file,
				`the TIFF is damaged (page ${i + 1} cannot be decoded)`,
			);
		yield {
			page: i + 1,
			pages: pages.length,
			image: upright(tiffGray(ifd, header), orientation),
		};
		// The decoded samples are not needed any more; a long TIFF would otherwise keep them all.
		ifd.data = new Uint8Array(0);
	}
}

/** A decoded TIFF page as gray: 8-bit and 1-bit grayscale directly, anything else via RGBA. */
function tiffGray(ifd: IFD, header: PageHeader): GrayImage {
	const { width, height } = header;
	const bps = tag(ifd, 258)?.[0] ?? 1;
	const spp = tag(ifd, 277)?.[0] ?? 1;
	const photometric = tag(ifd, 262)?.[0] ?? (bps === 1 ? 0 : 2);
	const data = ifd.data;
	if (
		spp === 1 &&
		bps === 8 &&
		(photometric === 0 || photometric === 1) &&
		data.length >= width * height
	) {
		// UTIF decoded the page into a buffer of its own: the pixels are taken as they are.
		const gray = data.subarray(0, width * height);
		if (photometric === 0)
			for (let p = 0; p < gray.length; p++) gray[p] = 255 - (gray[p] as number);
		return { width, height, data: gray, dpi: header.dpi };
	}
	const gray = new Uint8Array(width * height);
	const planar = tag(ifd, 284)?.[0] ?? 1;
	if (
		spp === 3 &&
		bps === 8 &&
		photometric === 2 &&
		planar === 1 &&
		data.length >= width * height * spp
	) {
		// 8-bit RGB, interleaved: straight to gray, as below with an opaque alpha (toRGBA8 would
		// add 4 bytes a pixel: 240 MiB for a 60-megapixel page).
		for (let p = 0, q = 0; p < gray.length; p++, q += 3)
			gray[p] =
				((data[q] as number) * 4899 +
					(data[q + 1] as number) * 9617 +
					(data[q + 2] as number) * 1868 +
					8192) >>
				14;
	} else if (
		spp === 1 &&
		bps === 1 &&
		(photometric === 0 || photometric === 1)
	) {
		const row = Math.ceil(width / 8);
		const ink = photometric === 0 ? 1 : 0;
		for (let y = 0; y < height; y++)
			for (let x = 0; x < width; x++) {
				const bit = ((data[y * row + (x >> 3)] as number) >> (7 - (x & 7))) & 1;
				gray[y * width + x] = bit === ink ? 0 : 255;
			}
	} else {
		const rgba = UTIF.toRGBA8(ifd);
		for (let p = 0, q = 0; p < gray.length; p++, q += 4) {
			const a = rgba[q + 3] as number;
			const l =
				((rgba[q] as number) * 4899 +
					(rgba[q + 1] as number) * 9617 +
					(rgba[q + 2] as number) * 1868 +
					8192) >>
				14;
			gray[p] = a === 255 ? l : Math.round((l * a) / 255 + 255 - a);
		}
	}
	return { width, height, data: gray, dpi: header.dpi };
}

// ── handing crops to the OCR engine ─────────────────────────────────────────────────────────

/** A rectangle clamped to the image; throws a TypeError (naming `caller`) when nothing of it is inside. */
export function clampBox(
	image: GrayImage,
	rect?: Box,
	caller = "encodePgm",
): Box {
	if (!rect) return [0, 0, image.width, image.height];
	const x0 = Math.max(0, Math.floor(rect[0]));
	const y0 = Math.max(0, Math.floor(rect[1]));
	const x1 = Math.min(image.width, Math.ceil(rect[2]));
	const y1 = Math.min(image.height, Math.ceil(rect[3]));
	if (x1 <= x0 || y1 <= y0)
		throw new TypeError(
			`${caller}: the rectangle [${rect.join(", ")}] lies outside the ${image.width} × ${image.height} image`,
		);
	return [x0, y0, x1, y1];
}

/**
 * A binary PGM (P5) of the image or of a rectangle of it, optionally with a white margin of
 * `pad` pixels around it. Tesseract's Leptonica reads PNM without decompressing anything: this is
 * the cheapest way to hand it a crop (see the measurements in ocr.ts).
 */
export function encodePgm(image: GrayImage, rect?: Box, pad = 0): Uint8Array {
	const [x0, y0, x1, y1] = clampBox(image, rect);
	const w = x1 - x0 + 2 * pad;
	const h = y1 - y0 + 2 * pad;
	const head = new TextEncoder().encode(`P5\n${w} ${h}\n255\n`);
	const out = new Uint8Array(head.length + w * h);
	out.set(head);
	if (pad > 0) out.fill(255, head.length);
	for (let y = y0; y < y1; y++)
		out.set(
			image.data.subarray(y * image.width + x0, y * image.width + x1),
			head.length + (y - y0 + pad) * w + pad,
		);
	return out;
}

/** Throws a TypeError unless `s` is a horizontal scale of 0.5–1. */
export function checkSqueeze(s: number, what: string): void {
	if (!(s >= 0.5 && s <= 1))
		throw new TypeError(`${what} must be between 0.5 and 1, got ${s}`);
}

/**
 * The region an OCR pool's `recognize` reads (the request's rectangle clamped to its image), after
 * the checks every pool makes first: the pool still open, the squeeze 0.5–1. Throws a TypeError.
 */
export function requestRect(request: OcrRequest, closed: boolean): Box {
	if (closed) throw new TypeError("recognize: the OCR pool is closed");
	const rect = clampBox(request.image, request.rect, "recognize");
	if (request.squeeze !== undefined)
		checkSqueeze(request.squeeze, "recognize: squeeze");
	return rect;
}

/**
 * Area weights of a shrink of `n` pixels by `s` (0.5–1) to round(n·s): output pixel X covers
 * input pixels [X·k, (X+1)·k), k = n / out (1–2), so at most three of them; taps X·3 … X·3+2 hold
 * their indices and the share of each (summing to 1).
 */
function areaTaps(
	n: number,
	s: number,
): { out: number; from: Int32Array; weight: Float64Array } {
	const out = Math.max(1, Math.round(n * s));
	const k = n / out;
	const from = new Int32Array(out * 3);
	const weight = new Float64Array(out * 3);
	for (let X = 0; X < out; X++) {
		const a = X * k;
		const b = Math.min(n, (X + 1) * k);
		for (let j = 0, x = Math.floor(a); x < b && j < 3; x++, j++) {
			from[X * 3 + j] = x;
			weight[X * 3 + j] = (Math.min(b, x + 1) - Math.max(a, x)) / k;
		}
	}
	return { out, from, weight };
}

/**
 * The image made smaller by `s` (0.5–1) both ways — each pixel the mean of those it covers,
 * weighted by how much of each — at `s` times its resolution: a text crop read at a lower
 * resolution (tesseract's own preparation of an image costs in proportion to its pixels).
 */
export function shrink(image: GrayImage, s: number): GrayImage {
	checkSqueeze(s, "shrink: s");
	const { width, height, data } = image;
	const h = areaTaps(width, s);
	const v = areaTaps(height, s);
	// Rows first (each input row to out columns), then columns.
	const rows = new Float64Array(h.out * height);
	for (let y = 0; y < height; y++) {
		const row = y * width;
		const o = y * h.out;
		for (let X = 0; X < h.out; X++) {
			const i = X * 3;
			rows[o + X] =
				(h.weight[i] as number) *
					(data[row + (h.from[i] as number)] as number) +
				(h.weight[i + 1] as number) *
					(data[row + (h.from[i + 1] as number)] as number) +
				(h.weight[i + 2] as number) *
					(data[row + (h.from[i + 2] as number)] as number);
		}
	}
	const out = new Uint8Array(h.out * v.out);
	for (let Y = 0; Y < v.out; Y++) {
		const i = Y * 3;
		const r0 = (v.from[i] as number) * h.out;
		const r1 = (v.from[i + 1] as number) * h.out;
		const r2 = (v.from[i + 2] as number) * h.out;
		const w0 = v.weight[i] as number;
		const w1 = v.weight[i + 1] as number;
		const w2 = v.weight[i + 2] as number;
		for (let X = 0; X < h.out; X++)
			out[Y * h.out + X] = Math.min(
				255,
				Math.round(
					w0 * (rows[r0 + X] as number) +
						w1 * (rows[r1 + X] as number) +
						w2 * (rows[r2 + X] as number),
				),
			);
	}
	return { width: h.out, height: v.out, data: out, dpi: image.dpi * s };
}

/**
 * `rect` of the image as a PGM scaled horizontally by `s` (0.5–1; the height kept): each
 * output pixel the mean of the input pixels it covers, weighted by how much of each it covers.
 */
export function encodeSqueezedPgm(
	image: GrayImage,
	rect: Box | undefined,
	s: number,
): Uint8Array {
	checkSqueeze(s, "encodeSqueezedPgm: s");
	const [x0, y0, x1, y1] = clampBox(image, rect);
	const w = x1 - x0;
	const h = y1 - y0;
	const { out, from, weight } = areaTaps(w, s);
	const head = new TextEncoder().encode(`P5\n${out} ${h}\n255\n`);
	const pgm = new Uint8Array(head.length + out * h);
	pgm.set(head);
	const { data, width } = image;
	for (let y = 0; y < h; y++) {
		const row = (y0 + y) * width + x0;
		const o = head.length + y * out;
		for (let X = 0; X < out; X++) {
			const i = X * 3;
			const v =
				(weight[i] as number) * (data[row + (from[i] as number)] as number) +
				(weight[i + 1] as number) *
					(data[row + (from[i + 1] as number)] as number) +
				(weight[i + 2] as number) *
					(data[row + (from[i + 2] as number)] as number);
			pgm[o + X] = Math.min(255, Math.round(v));
		}
	}
	return pgm;
}
