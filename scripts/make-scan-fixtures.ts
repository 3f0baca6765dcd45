/**
 * Scans of the gold report, made on demand (nothing large is committed): the PDF rendition
 * fixtures/pdf/gold/input.pdf (17 pages, A4 landscape) drawn at 300 and 200 dpi, each page
 * turned by a small seeded angle (±0.2–0.7°), slightly blurred and given seeded noise, like a
 * page fed through an office scanner. Written into fixtures/scan/.cache/ (git-ignored):
 *
 *   gold-300/page-01.png …   8-bit grayscale PNGs with their resolution (pHYs)
 *   gold-200/page-01.png …
 *   gold-300.pdf             an image-only PDF of the 300-dpi pages (no text layer)
 *   gold-300.tif             the 300-dpi pages as one multi-page grayscale TIFF (Deflate)
 *   gold-200/page-01.jpg …   the 200-dpi pages as JPEG (quality 85, JFIF density 200 dpi)
 *
 * Deterministic: the same input and parameters give the same pixels; a manifest records them,
 * and a call whose outputs are already there and up to date does nothing.
 *
 * Archive profiles (worn copier, bilevel fax, phone photo: scripts/scan-profiles.ts), one file
 * per page under gold-<profile>-<dpi>/:
 *
 *   npx tsx scripts/make-scan-fixtures.ts [--dpi 300,200] [--formats png,pdf,tiff,jpeg]
 *   npx tsx scripts/make-scan-fixtures.ts --profile copier|fax|phone|clean --dpi 200 [--pages 1,2]
 *                                         [--variant N]   (another rendering: other seeds)
 */
import { createHash } from "node:crypto";
import {
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { crc32, deflateSync } from "node:zlib";
import {
	createCanvas,
	loadImage,
	PDFDocument,
	type SKRSContext2D,
} from "@napi-rs/canvas";
import { pdfPageImages } from "../parsers/image/pdf-render.ts";
import { quarterTurn } from "../parsers/image/prepare.ts";
import { luminance } from "../parsers/image/raster.ts";
import type { GrayImage } from "../parsers/image/types.ts";
import { openPdf } from "../parsers/pdf/load.ts";
import { prng } from "./prng.ts";
import {
	copierTone,
	faxBilevel,
	grayCanvas,
	markPage,
	type Profile,
	phonePhoto,
	profilePage,
} from "./scan-profiles.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
/** Where the scans are written (git-ignored). */
export const SCAN_CACHE = join(root, "fixtures/scan/.cache");
const GOLD_PDF = join(root, "fixtures/pdf/gold/input.pdf");

/** Bump when the degradation changes: cached scans are then made again. */
const VERSION = 2;

export type ScanFormat = "png" | "pdf" | "tiff" | "jpeg";

export interface ScanFixtureOptions {
	/** Resolutions to scan at; default [300, 200]. */
	dpis?: readonly number[];
	/**
	 * What to write; default ["png"]. PNG pages are always written (the others are made from
	 * them); "pdf" and "tiff" are made of the highest resolution's pages, "jpeg" of every
	 * resolution's.
	 */
	formats?: readonly ScanFormat[];
	/** Only these pages (1-based); default all 17. */
	pages?: readonly number[];
	/** Output folder; default SCAN_CACHE. */
	dir?: string;
	/** The PDF to scan; default the gold report's. */
	source?: string;
	/** Progress lines (default silent). */
	log?: (line: string) => void;
}

export interface ScanSet {
	dpi: number;
	/** One PNG per page, in page order. */
	png: string[];
	jpeg?: string[];
}

export interface ScanFixtures {
	dir: string;
	sets: ScanSet[];
	/** The image-only PDF (highest resolution), when asked for. */
	pdf?: string;
	/** The multi-page TIFF (highest resolution), when asked for. */
	tiff?: string;
	/** The page numbers scanned. */
	pages: number[];
}

/** The degradation of one page: angle in degrees, blur sigma and noise in gray levels. */
export interface Degradation {
	angle: number;
	blur: number;
	noise: number;
	specks: number;
}

/** How page `page` scanned at `dpi` is degraded (seeded by both). */
export function degradationOf(page: number, dpi: number): Degradation {
	const rand = prng(page * 7919 + dpi * 104729);
	const magnitude = 0.2 + 0.5 * rand();
	return {
		angle: (rand() < 0.5 ? -1 : 1) * magnitude,
		// about 0.2 mm of blur whatever the resolution
		blur: 0.6 * (dpi / 300),
		noise: 7,
		specks: 2e-5,
	};
}

/** Scans of the gold report (or of `source`), made if missing or out of date. */
export async function scanFixtures(
	options: ScanFixtureOptions = {},
): Promise<ScanFixtures> {
	const dir = options.dir ?? SCAN_CACHE;
	const source = options.source ?? GOLD_PDF;
	const dpis = [...(options.dpis ?? [300, 200])].sort((a, b) => b - a);
	const formats = new Set<ScanFormat>(["png", ...(options.formats ?? [])]);
	const log = options.log ?? (() => {});
	const bytes = readFileSync(source);
	const key = createHash("sha256")
		.update(bytes)
		.update(
			JSON.stringify({ VERSION, source: source === GOLD_PDF ? "" : source }),
		)
		.digest("hex")
		.slice(0, 16);
	const manifestPath = join(dir, "manifest.json");
	const manifest: Record<string, string> = existsSync(manifestPath)
		? (JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, string>)
		: {};
	mkdirSync(dir, { recursive: true });
	const stem = source === GOLD_PDF ? "gold" : `scan-${key}`;
	const fresh = (path: string) =>
		existsSync(path) && manifest[path.slice(dir.length + 1)] === key;
	const done = (path: string) => {
		manifest[path.slice(dir.length + 1)] = key;
	};

	const pdfFile = await openPdf(bytes, source);
	const pageCount = pdfFile.numPages;
	await pdfFile.close();
	const pages = options.pages
		? [...options.pages]
		: Array.from({ length: pageCount }, (_, i) => i + 1);
	const name = (n: number, ext: string) =>
		`page-${String(n).padStart(2, "0")}.${ext}`;

	const sets: ScanSet[] = [];
	for (const dpi of dpis) {
		const folder = join(dir, `${stem}-${dpi}`);
		mkdirSync(folder, { recursive: true });
		const png = pages.map((n) => join(folder, name(n, "png")));
		const jpeg = formats.has("jpeg")
			? pages.map((n) => join(folder, name(n, "jpg")))
			: undefined;
		const missing = pages.filter(
			(_, i) => !fresh(png[i] as string) || (jpeg && !fresh(jpeg[i] as string)),
		);
		if (missing.length > 0) {
			log(`scanning ${missing.length} pages at ${dpi} dpi`);
			for await (const { page, image } of pdfPageImages(bytes, source, {
				dpi,
				pages: missing,
			})) {
				const scan = degrade(image, degradationOf(page, dpi));
				const i = pages.indexOf(page);
				writeAtomic(png[i] as string, encodeGrayPng(scan));
				done(png[i] as string);
				if (jpeg) {
					writeAtomic(jpeg[i] as string, encodeJpeg(scan, 85));
					done(jpeg[i] as string);
				}
			}
		}
		sets.push({ dpi, png, ...(jpeg ? { jpeg } : {}) });
	}

	const top = sets[0] as ScanSet;
	const result: ScanFixtures = { dir, sets, pages };
	// A PDF or TIFF of some pages only is named after them.
	const some =
		pages.length === pageCount ? "" : `-p${pages.join("_").slice(0, 60)}`;
	for (const [kind, ext, make] of [
		["pdf", "pdf", imagePdf],
		["tiff", "tif", multiPageTiff],
	] as const) {
		if (!formats.has(kind)) continue;
		const file = join(dir, `${stem}-${top.dpi}${some}.${ext}`);
		if (!fresh(file)) {
			log(`writing ${file}`);
			writeAtomic(file, await make(top.png, top.dpi));
			done(file);
		}
		result[kind] = file;
	}
	writeAtomic(
		manifestPath,
		new TextEncoder().encode(`${JSON.stringify(manifest, null, "\t")}\n`),
	);
	return result;
}

export interface ProfileScanOptions {
	profile: Profile;
	/** Resolution the page is scanned at (a phone photo: of the page within the photo). */
	dpi: number;
	/** Only these pages (1-based); default all. */
	pages?: readonly number[];
	/**
	 * Another rendering of the same profile (0, the default: the one the reader was tuned on):
	 * other seeds, so other angles, fading edges, JPEG qualities, stamps and marks.
	 */
	variant?: number;
	dir?: string;
	source?: string;
	log?: (line: string) => void;
}

export interface ProfileScans {
	profile: Profile;
	dpi: number;
	pages: number[];
	/** One file per page, in page order (a folder of pages, as a scanner or a phone leaves them). */
	files: string[];
}

/** The file type each profile writes. */
const PROFILE_EXT: Record<Profile, string> = {
	clean: "png",
	copier: "jpg",
	fax: "tif",
	phone: "jpg",
};

/**
 * Scans of the gold report (or of `source`) as one archive profile makes them
 * (scripts/scan-profiles.ts): one file per page under `<dir>/gold-<profile>-<dpi>/`, made if
 * missing or out of date. "clean" is {@link scanFixtures}' PNG set.
 */
export async function profileScans(
	options: ProfileScanOptions,
): Promise<ProfileScans> {
	const { profile, dpi } = options;
	if (profile === "clean") {
		const clean = await scanFixtures({
			dpis: [dpi],
			...(options.pages ? { pages: options.pages } : {}),
			...(options.dir ? { dir: options.dir } : {}),
			...(options.source ? { source: options.source } : {}),
			...(options.log ? { log: options.log } : {}),
		});
		return {
			profile,
			dpi,
			pages: clean.pages,
			files: (clean.sets[0] as ScanSet).png,
		};
	}
	const dir = options.dir ?? SCAN_CACHE;
	const variant = options.variant ?? 0;
	const source = options.source ?? GOLD_PDF;
	const log = options.log ?? (() => {});
	const bytes = readFileSync(source);
	const key = createHash("sha256")
		.update(bytes)
		.update(
			JSON.stringify({
				VERSION,
				PROFILE_VERSION,
				profile,
				...(variant ? { variant } : {}),
			}),
		)
		.digest("hex")
		.slice(0, 16);
	const manifestPath = join(dir, "manifest.json");
	mkdirSync(dir, { recursive: true });
	const manifest: Record<string, string> = existsSync(manifestPath)
		? (JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, string>)
		: {};
	const stem = source === GOLD_PDF ? "gold" : `scan-${key}`;
	const pdfFile = await openPdf(bytes, source);
	const pageCount = pdfFile.numPages;
	await pdfFile.close();
	const pages = options.pages
		? [...options.pages]
		: Array.from({ length: pageCount }, (_, i) => i + 1);
	const folder = join(
		dir,
		`${stem}-${profile}-${dpi}${variant ? `-v${variant}` : ""}`,
	);
	mkdirSync(folder, { recursive: true });
	const files = pages.map((n) =>
		join(folder, `page-${String(n).padStart(2, "0")}.${PROFILE_EXT[profile]}`),
	);
	const fresh = (path: string) =>
		existsSync(path) && manifest[path.slice(dir.length + 1)] === key;
	const missing = pages.filter((_, i) => !fresh(files[i] as string));
	if (missing.length > 0) {
		log(`scanning ${missing.length} pages, ${profile} at ${dpi} dpi`);
		for await (const { page, image } of pdfPageImages(bytes, source, {
			dpi,
			pages: missing,
		})) {
			const file = files[pages.indexOf(page)] as string;
			writeAtomic(file, degradeAs(profile, image, page, dpi, variant));
			manifest[file.slice(dir.length + 1)] = key;
		}
		// Re-read: a parallel run may have written other entries meanwhile.
		const now: Record<string, string> = existsSync(manifestPath)
			? (JSON.parse(readFileSync(manifestPath, "utf8")) as Record<
					string,
					string
				>)
			: {};
		for (const f of files) now[f.slice(dir.length + 1)] = key;
		writeAtomic(
			manifestPath,
			new TextEncoder().encode(`${JSON.stringify(now, null, "\t")}\n`),
		);
	}
	return { profile, dpi, pages, files };
}

/** Bump when a profile's degradation changes. */
const PROFILE_VERSION = 2;

/** One clean page raster → the bytes of its file as `profile` scans it. */
export function degradeAs(
	profile: Exclude<Profile, "clean">,
	clean: GrayImage,
	page: number,
	dpi: number,
	variant = 0,
): Uint8Array {
	const p = profilePage(profile, page, dpi, variant);
	const marked = markPage(clean, p.seed);
	switch (profile) {
		case "copier": {
			const img = gaussianBlur(rotate(marked, p.angle), 0.7 * (dpi / 300));
			return encodeJpeg(quarterTurn(copierTone(img, p), p.turns), p.quality);
		}
		case "fax": {
			const img = gaussianBlur(rotate(marked, p.angle), 0.5 * (dpi / 300));
			return encodeTiff([quarterTurn(faxBilevel(img, p), p.turns)], {
				bits: 1,
				compression: "deflate",
			});
		}
		case "phone": {
			const photo = phonePhoto(quarterTurn(marked, p.turns), p);
			const canvas = createCanvas(photo.width, photo.height);
			const ctx = canvas.getContext("2d");
			const data = ctx.createImageData(photo.width, photo.height);
			data.data.set(photo.rgba);
			ctx.putImageData(data, 0, 0);
			// A phone's JPEG states no resolution.
			return new Uint8Array(canvas.toBuffer("image/jpeg", p.quality));
		}
	}
}

function writeAtomic(path: string, data: Uint8Array): void {
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, data);
	renameSync(tmp, path);
}

// ── degradation ─────────────────────────────────────────────────────────────────────────────

/**
 * Turn, blur and add noise to a clean page raster. The paper is a flat light gray (a scanner's
 * background clean-up); the noise sits on and around the ink, where it troubles OCR, plus a few
 * specks of dust anywhere. (Noise all over the paper would make each page a 7 MB PNG.)
 */
export function degrade(image: GrayImage, d: Degradation): GrayImage {
	const turned = rotate(image, d.angle);
	const blurred = gaussianBlur(turned, d.blur);
	const rand = prng(Math.round(d.angle * 1e6) ^ image.width);
	const out = blurred.data;
	for (let p = 0; p < out.length; p++) {
		let v = out[p] as number;
		if (v >= PAPER) v = PAPER;
		else {
			// The sum of three uniforms: close enough to a Gaussian, and cheap.
			v += (rand() + rand() + rand() - 1.5) * 2 * d.noise;
		}
		if (rand() < d.specks) v = v > 128 ? 60 : 230;
		out[p] = v < 0 ? 0 : Math.min(v, 255);
	}
	return blurred;
}

/** The gray of the paper after the scanner's clean-up. */
const PAPER = 246;

/** The page turned by `degrees` about its centre over white, same size (bilinear). */
function rotate(image: GrayImage, degrees: number): GrayImage {
	const { width, height } = image;
	const src = grayCanvas(image);
	const dst = createCanvas(width, height);
	const ctx = dst.getContext("2d");
	ctx.fillStyle = "#fff";
	ctx.fillRect(0, 0, width, height);
	ctx.imageSmoothingEnabled = true;
	ctx.imageSmoothingQuality = "high";
	ctx.translate(width / 2, height / 2);
	ctx.rotate((degrees * Math.PI) / 180);
	ctx.translate(-width / 2, -height / 2);
	ctx.drawImage(src, 0, 0);
	return {
		width,
		height,
		data: luminance(dst.data(), width * height),
		dpi: image.dpi,
	};
}

/** Separable Gaussian blur of standard deviation `sigma` pixels (a copy). */
function gaussianBlur(image: GrayImage, sigma: number): GrayImage {
	const { width, height } = image;
	if (sigma <= 0) return { ...image, data: image.data.slice() };
	const r = Math.max(1, Math.ceil(sigma * 3));
	const kernel = new Float32Array(2 * r + 1);
	let sum = 0;
	for (let k = -r; k <= r; k++) {
		const w = Math.exp(-(k * k) / (2 * sigma * sigma));
		kernel[k + r] = w;
		sum += w;
	}
	for (let k = 0; k < kernel.length; k++)
		kernel[k] = (kernel[k] as number) / sum;
	const tmp = new Float32Array(width * height);
	const src = image.data;
	for (let y = 0; y < height; y++) {
		const row = y * width;
		for (let x = 0; x < width; x++) {
			let acc = 0;
			for (let k = -r; k <= r; k++) {
				const xx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k;
				acc += (kernel[k + r] as number) * (src[row + xx] as number);
			}
			tmp[row + x] = acc;
		}
	}
	const out = new Uint8Array(width * height);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			let acc = 0;
			for (let k = -r; k <= r; k++) {
				const yy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k;
				acc += (kernel[k + r] as number) * (tmp[yy * width + x] as number);
			}
			out[y * width + x] = Math.round(acc);
		}
	return { width, height, data: out, dpi: image.dpi };
}

// ── encoders ────────────────────────────────────────────────────────────────────────────────

function pngChunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	out.set(new TextEncoder().encode(type), 4);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}

/** An 8-bit grayscale PNG with the image's resolution in a pHYs chunk. */
export function encodeGrayPng(image: GrayImage): Uint8Array {
	const { width, height, data } = image;
	const ihdr = new Uint8Array(13);
	const hv = new DataView(ihdr.buffer);
	hv.setUint32(0, width);
	hv.setUint32(4, height);
	ihdr.set([8, 0, 0, 0, 0], 8);
	const phys = new Uint8Array(9);
	const pv = new DataView(phys.buffer);
	const ppm = Math.round(image.dpi / 0.0254);
	pv.setUint32(0, ppm);
	pv.setUint32(4, ppm);
	phys[8] = 1;
	// Filter "up" on every row: rows of a page differ little from the one above.
	const raw = new Uint8Array(height * (width + 1));
	for (let y = 0; y < height; y++) {
		const o = y * (width + 1);
		raw[o] = 2;
		for (let x = 0; x < width; x++) {
			const v = data[y * width + x] as number;
			const up = y === 0 ? 0 : (data[(y - 1) * width + x] as number);
			raw[o + 1 + x] = (v - up) & 0xff;
		}
	}
	const parts = [
		new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk("IHDR", ihdr),
		pngChunk("pHYs", phys),
		pngChunk("IDAT", deflateSync(raw, { level: 6 })),
		pngChunk("IEND", new Uint8Array(0)),
	];
	return Buffer.concat(parts);
}

/** A JPEG of the page with its resolution written into the JFIF header. */
export function encodeJpeg(image: GrayImage, quality: number): Uint8Array {
	const canvas = grayCanvas(image);
	const jpeg = new Uint8Array(canvas.toBuffer("image/jpeg", quality));
	// The encoder writes a JFIF APP0 with no unit (aspect ratio only): state the dpi.
	if (
		jpeg[3] === 0xe0 &&
		String.fromCharCode(...jpeg.subarray(6, 10)) === "JFIF"
	) {
		const view = new DataView(jpeg.buffer, jpeg.byteOffset);
		jpeg[13] = 1;
		view.setUint16(14, image.dpi);
		view.setUint16(16, image.dpi);
	}
	return jpeg;
}

/** An image-only PDF: each page the PNG drawn at its size at `dpi` (Skia's PDF backend). */
async function imagePdf(
	pngs: readonly string[],
	dpi: number,
): Promise<Uint8Array> {
	const doc = new PDFDocument({
		title: "tailan scan fixture",
		creator: "scripts/make-scan-fixtures.ts",
		producer: "tailan",
		compressionLevel: 6,
	});
	for (const path of pngs) {
		const img = await loadImage(readFileSync(path));
		const w = (img.width * 72) / dpi;
		const h = (img.height * 72) / dpi;
		const ctx = doc.beginPage(w, h) as unknown as SKRSContext2D;
		ctx.drawImage(img, 0, 0, w, h);
		doc.endPage();
	}
	return new Uint8Array(doc.close());
}

/** The 300-dpi PNG pages as one multi-page TIFF. */
async function multiPageTiff(
	pngs: readonly string[],
	dpi: number,
): Promise<Uint8Array> {
	const images: GrayImage[] = [];
	for (const path of pngs) {
		const img = await loadImage(readFileSync(path));
		const canvas = createCanvas(img.width, img.height);
		canvas.getContext("2d").drawImage(img, 0, 0);
		images.push({
			width: img.width,
			height: img.height,
			data: luminance(canvas.data(), img.width * img.height),
			dpi,
		});
	}
	return encodeTiff(images, { compression: "deflate" });
}

export interface TiffOptions {
	/** 8-bit gray (BlackIsZero), or 1-bit (WhiteIsZero, ink where gray < 128, as fax scans); default 8. */
	bits?: 8 | 1;
	/** default "none" */
	compression?: "none" | "deflate";
	/** Orientation tag (274) of every page, 1…8; none by default. */
	orientation?: number;
}

/** A little-endian TIFF with one page per image, one strip each, with its resolution. */
export function encodeTiff(
	images: readonly GrayImage[],
	options: TiffOptions = {},
): Uint8Array {
	const bits = options.bits ?? 8;
	const deflate = options.compression === "deflate";
	const ENTRIES = options.orientation === undefined ? 12 : 13;
	const ifdSize = 2 + ENTRIES * 12 + 4;
	const chunks: Uint8Array[] = [];
	const header = new Uint8Array(8);
	header.set([0x49, 0x49, 0x2a, 0x00]);
	chunks.push(header);
	let offset = 8;
	let next: { view: DataView; at: number } = {
		view: new DataView(header.buffer),
		at: 4,
	};
	for (const image of images) {
		const { width, height } = image;
		let samples: Uint8Array = image.data;
		if (bits === 1) {
			const row = Math.ceil(width / 8);
			samples = new Uint8Array(row * height);
			for (let y = 0; y < height; y++)
				for (let x = 0; x < width; x++)
					if ((image.data[y * width + x] as number) < 128)
						samples[y * row + (x >> 3)] =
							(samples[y * row + (x >> 3)] as number) | (0x80 >> (x & 7));
		}
		const strip = deflate ? new Uint8Array(deflateSync(samples)) : samples;
		// strip data, the resolution rationals, then the directory (each at an even offset)
		const stripAt = offset;
		chunks.push(strip);
		offset += strip.length;
		if (offset & 1) {
			chunks.push(new Uint8Array(1));
			offset++;
		}
		const resAt = offset;
		const res = new Uint8Array(16);
		const rv = new DataView(res.buffer);
		const dpi = Math.round(image.dpi);
		rv.setUint32(0, dpi, true);
		rv.setUint32(4, 1, true);
		rv.setUint32(8, dpi, true);
		rv.setUint32(12, 1, true);
		chunks.push(res);
		offset += 16;
		const ifd = new Uint8Array(ifdSize);
		const iv = new DataView(ifd.buffer);
		next.view.setUint32(next.at, offset, true);
		iv.setUint16(0, ENTRIES, true);
		const entries: [number, number, number][] = [
			[254, 4, 2], // NewSubfileType: a page of a multi-page document
			[256, 4, width],
			[257, 4, height],
			[258, 3, bits],
			[259, 3, deflate ? 8 : 1],
			[262, 3, bits === 1 ? 0 : 1], // WhiteIsZero for bilevel, else BlackIsZero
			[273, 4, stripAt],
			...(options.orientation === undefined
				? []
				: [[274, 3, options.orientation] as [number, number, number]]),
			[277, 3, 1],
			[278, 4, height],
			[279, 4, strip.length],
			[282, 5, resAt],
			[283, 5, resAt + 8],
		];
		entries.forEach(([tag, type, value], k) => {
			const at = 2 + k * 12;
			iv.setUint16(at, tag, true);
			iv.setUint16(at + 2, type, true);
			iv.setUint32(at + 4, 1, true);
			if (type === 3) iv.setUint16(at + 8, value, true);
			else iv.setUint32(at + 8, value, true);
		});
		chunks.push(ifd);
		offset += ifdSize;
		next = { view: iv, at: 2 + ENTRIES * 12 };
	}
	return Buffer.concat(chunks);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			dpi: { type: "string", default: "300,200" },
			formats: { type: "string", default: "png,pdf,tiff,jpeg" },
			profile: { type: "string" },
			variant: { type: "string" },
			pages: { type: "string" },
		},
	});
	const started = performance.now();
	const pages = values.pages?.split(",").map(Number);
	if (values.profile) {
		for (const dpi of values.dpi.split(",").map(Number)) {
			const out = await profileScans({
				profile: values.profile as Profile,
				dpi,
				...(pages ? { pages } : {}),
				...(values.variant ? { variant: Number(values.variant) } : {}),
				log: (line) => console.log(line),
			});
			console.log(
				`${out.files.length} ${out.profile} pages at ${dpi} dpi in ${join(out.files[0] ?? "", "..")} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
			);
		}
		return;
	}
	const out = await scanFixtures({
		dpis: values.dpi.split(",").map(Number),
		formats: values.formats.split(",") as ScanFormat[],
		log: (line) => console.log(line),
	});
	console.log(
		`scans in ${out.dir} (${((performance.now() - started) / 1000).toFixed(1)} s): ${out.sets
			.map((s) => `${s.png.length} pages at ${s.dpi} dpi`)
			.join(
				", ",
			)}${out.pdf ? `, ${out.pdf}` : ""}${out.tiff ? `, ${out.tiff}` : ""}`,
	);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
