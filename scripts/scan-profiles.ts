/**
 * How archives' scans go wrong, as seeded functions of a clean page raster (used by
 * scripts/make-scan-fixtures.ts). Each profile is one kind of archive copy:
 *
 * - copier: a worn office copier — skew up to ±5°, toner fading towards one edge (paper
 *   250 → 205, ink 25 → 70) and uneven in patches, noise, JPEG at quality 50–60; a few pages fed
 *   upside down or sideways.
 * - fax: a bilevel ("black and white") scan — ±2° skew, 1 bit per pixel with broken thin
 *   strokes and specks, one page upside down. (Written as a 1-bit TIFF, Deflate: the fixtures
 *   have no CCITT G4 encoder; the reader decodes G4 through utif2 all the same.)
 * - phone: a colour phone photo — the page's corners pulled in up to 4% (keystone), ±3° skew,
 *   a shadow over one side, a warm colour cast, a desk showing at the edges, JPEG quality 70, no
 *   resolution in the file.
 *
 * Every degraded profile also gets stamps and handwriting-like marks over some cells.
 */
import { createCanvas } from "@napi-rs/canvas";
import { type Homography, homography } from "../parsers/image/perspective.ts";
import { luminance } from "../parsers/image/raster.ts";
import type { GrayImage } from "../parsers/image/types.ts";
import { prng } from "./prng.ts";

export type Profile = "clean" | "copier" | "fax" | "phone";
export const PROFILES: readonly Profile[] = ["clean", "copier", "fax", "phone"];

/** Quarter turns (clockwise) of the pages fed the wrong way, by profile and page number. */
export const TURNED: Readonly<
	Record<Profile, Readonly<Record<number, number>>>
> = {
	clean: {},
	copier: { 2: 2, 5: 1, 9: 3, 13: 2 },
	fax: { 3: 2 },
	phone: {},
};

/** The seeded parameters of one page of a profile. */
export interface ProfilePage {
	/** Skew, degrees. */
	angle: number;
	/** Quarter turns clockwise (0: upright). */
	turns: number;
	/** Edge the toner fades or the shadow falls towards: 0 left, 1 top, 2 right, 3 bottom. */
	edge: number;
	/** JPEG quality (copier, phone). */
	quality: number;
	/** Phone: each corner's inward pull as a fraction of the page's side [TLx, TLy, TRx, …]. */
	pull: number[];
	seed: number;
}

/** @param variant - another rendering (other seeds); 0 is the one the reader was tuned on */
export function profilePage(
	profile: Profile,
	page: number,
	dpi: number,
	variant = 0,
): ProfilePage {
	const seed =
		page * 7919 + dpi * 104729 + profile.length * 15485863 + variant * 49979687;
	const rand = prng(seed);
	const sign = () => (rand() < 0.5 ? -1 : 1);
	const maxAngle = profile === "copier" ? 5 : profile === "phone" ? 3 : 2;
	return {
		angle: sign() * (0.3 + (maxAngle - 0.3) * rand()),
		turns: TURNED[profile][page] ?? 0,
		edge: Math.floor(rand() * 4),
		quality: profile === "copier" ? 50 + Math.floor(11 * rand()) : 70,
		pull: Array.from({ length: 8 }, () => 0.04 * rand()),
		seed,
	};
}

// ── marks over the page ─────────────────────────────────────────────────────────────────────

/** A grayscale page on an RGBA canvas, to draw on or transform with the canvas API. */
export function grayCanvas(image: GrayImage) {
	const canvas = createCanvas(image.width, image.height);
	const ctx = canvas.getContext("2d");
	const rgba = ctx.createImageData(image.width, image.height);
	for (let p = 0, q = 0; p < image.data.length; p++, q += 4) {
		const v = image.data[p] as number;
		rgba.data[q] = v;
		rgba.data[q + 1] = v;
		rgba.data[q + 2] = v;
		rgba.data[q + 3] = 255;
	}
	ctx.putImageData(rgba, 0, 0);
	return canvas;
}

/**
 * Stamps (a ring with a smaller ring and a word, in a mid gray like violet ink) and
 * handwriting-like strokes (a tick, a scribbled note) drawn over the page, seeded. A copy.
 */
export function markPage(image: GrayImage, seed: number): GrayImage {
	const { width: w, height: h, dpi } = image;
	const rand = prng(seed ^ 0x5bd1e995);
	const canvas = grayCanvas(image);
	const ctx = canvas.getContext("2d");
	const at = () =>
		[w * (0.1 + 0.8 * rand()), h * (0.15 + 0.75 * rand())] as const;
	if (rand() < 0.5) {
		// a round stamp, about 1.4 inch across, pale violet (gray 150), partly transparent
		const [x, y] = at();
		const r = 0.7 * dpi;
		ctx.globalAlpha = 0.75;
		ctx.strokeStyle = "rgb(150,150,150)";
		ctx.lineWidth = dpi * 0.025;
		ctx.beginPath();
		ctx.arc(x, y, r, 0, 2 * Math.PI);
		ctx.stroke();
		ctx.beginPath();
		ctx.arc(x, y, r * 0.62, 0, 2 * Math.PI);
		ctx.stroke();
		ctx.fillStyle = "rgb(150,150,150)";
		ctx.font = `bold ${Math.round(dpi * 0.16)}px sans-serif`;
		ctx.textAlign = "center";
		ctx.fillText("ТАМГА", x, y + dpi * 0.05);
		ctx.globalAlpha = 1;
	}
	const strokes = rand() < 0.6 ? 1 + Math.floor(rand() * 2) : 0;
	for (let s = 0; s < strokes; s++) {
		// a pen stroke: a tick or a short wavy underline, dark gray
		const [x, y] = at();
		ctx.strokeStyle = "rgb(70,70,70)";
		ctx.lineWidth = dpi * 0.012;
		ctx.lineCap = "round";
		ctx.beginPath();
		if (rand() < 0.5) {
			ctx.moveTo(x, y);
			ctx.lineTo(x + dpi * 0.08, y + dpi * 0.1);
			ctx.lineTo(x + dpi * 0.3, y - dpi * 0.2);
		} else {
			ctx.moveTo(x, y);
			const n = 5 + Math.floor(rand() * 4);
			for (let k = 1; k <= n; k++)
				ctx.quadraticCurveTo(
					x + (k - 0.5) * dpi * 0.12,
					y + (k % 2 ? -1 : 1) * dpi * 0.06 * (0.5 + rand()),
					x + k * dpi * 0.12,
					y + (rand() - 0.5) * dpi * 0.03,
				);
		}
		ctx.stroke();
	}
	return { width: w, height: h, data: luminance(canvas.data(), w * h), dpi };
}

// ── copier ──────────────────────────────────────────────────────────────────────────────────

/** Where (0…1) a pixel lies towards `edge`. */
const towards = (edge: number, x: number, y: number, w: number, h: number) =>
	edge === 0 ? 1 - x / w : edge === 1 ? 1 - y / h : edge === 2 ? x / w : y / h;

/**
 * Toner fading towards one edge (paper 250 → 205, ink 25 → 70), patches of thin toner, and
 * noise, on a page already turned and blurred. In place.
 */
export function copierTone(image: GrayImage, p: ProfilePage): GrayImage {
	const { width: w, height: h, data } = image;
	const rand = prng(p.seed ^ 0x2545f491);
	// three soft patches where the toner is thin (ink up to 25 gray levels lighter)
	const patches = Array.from({ length: 3 }, () => ({
		x: rand() * w,
		y: rand() * h,
		r2: (0.15 + 0.2 * rand()) ** 2 * w * w,
	}));
	const patchRow = new Float32Array(w);
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x += 16) {
			let thin = 0;
			for (const q of patches)
				thin += Math.exp(-((x - q.x) ** 2 + (y - q.y) ** 2) / q.r2);
			for (let k = x; k < Math.min(w, x + 16); k++)
				patchRow[k] = Math.min(1, thin);
		}
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const t = towards(p.edge, x, y, w, h);
			const paper = 250 - 45 * t;
			const ink = 25 + 45 * t + 25 * (patchRow[x] as number);
			const v = data[row + x] as number;
			let out = ink + ((paper - ink) * v) / 255;
			out += (rand() + rand() + rand() - 1.5) * 2 * 8;
			data[row + x] = Math.max(0, Math.min(255, out));
		}
	}
	return image;
}

// ── fax ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Bilevel: thresholded at 50% with a coarse random jitter (2 × 2 pixel cells) that breaks thin
 * strokes and frays edges, then black specks (1–3 px) and a few white dropouts. 0 or 255.
 */
export function faxBilevel(image: GrayImage, p: ProfilePage): GrayImage {
	const { width: w, height: h, data } = image;
	const rand = prng(p.seed ^ 0x68e31da4);
	const cw = Math.ceil(w / 2);
	const jitter = new Int16Array(cw * 2);
	const out = new Uint8Array(w * h);
	for (let y = 0; y < h; y++) {
		if ((y & 1) === 0)
			for (let c = 0; c < cw; c++) jitter[c] = Math.round((rand() - 0.5) * 110);
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const v = (data[row + x] as number) + (jitter[x >> 1] as number);
			out[row + x] = v < 128 ? 0 : 255;
		}
	}
	const specks = Math.round(w * h * 4e-5);
	for (let s = 0; s < specks; s++) {
		const x = Math.floor(rand() * (w - 3));
		const y = Math.floor(rand() * (h - 3));
		const size = 1 + Math.floor(rand() * 3);
		const v = rand() < 0.85 ? 0 : 255;
		for (let dy = 0; dy < size; dy++)
			for (let dx = 0; dx < size; dx++) out[(y + dy) * w + x + dx] = v;
	}
	return { width: w, height: h, data: out, dpi: image.dpi };
}

// ── phone ───────────────────────────────────────────────────────────────────────────────────

/** A phone photo of the page: RGBA, size and the page's corners in it. */
export interface Photo {
	width: number;
	height: number;
	rgba: Uint8Array;
	corners: [number, number][];
}

/**
 * The page photographed: placed in a 4:3 frame about 12% larger, its corners pulled inward
 * (keystone) and the whole turned by the skew; a shadow darkening one side by up to 35%; a warm
 * cast; a desk (brown, grained) around it; noise.
 */
export function phonePhoto(page: GrayImage, p: ProfilePage): Photo {
	const { width: pw, height: ph } = page;
	const W = Math.round(pw * 1.12);
	const H = Math.round(Math.max(ph * 1.16, (W * 3) / 4));
	const cx = W / 2;
	const cy = H / 2;
	const a = (p.angle * Math.PI) / 180;
	const base: [number, number][] = [
		[-pw / 2, -ph / 2],
		[pw / 2, -ph / 2],
		[pw / 2, ph / 2],
		[-pw / 2, ph / 2],
	];
	const pull = p.pull;
	const corners = base.map(([x, y], i): [number, number] => {
		const px = x - Math.sign(x) * (pull[2 * i] as number) * pw;
		const py = y - Math.sign(y) * (pull[2 * i + 1] as number) * ph;
		return [
			cx + px * Math.cos(a) - py * Math.sin(a),
			cy + px * Math.sin(a) + py * Math.cos(a),
		];
	});
	const toPage: Homography = homography(corners, [
		[0, 0],
		[pw, 0],
		[pw, ph],
		[0, ph],
	]);
	const rand = prng(p.seed ^ 0x1b873593);
	const cast = [1, 0.95 - 0.04 * rand(), 0.84 - 0.06 * rand()];
	const grain = 6 + 10 * rand();
	const rgba = new Uint8Array(W * H * 4);
	const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = toPage as unknown as number[];
	const data = page.data;
	for (let y = 0; y < H; y++) {
		let nx = (h1 as number) * y + (h2 as number);
		let ny = (h4 as number) * y + (h5 as number);
		let nw = (h7 as number) * y + (h8 as number);
		for (let x = 0; x < W; x++, nx += h0 as number, ny += h3 as number) {
			const sx = nx / nw;
			const sy = ny / nw;
			nw += h6 as number;
			const q = (y * W + x) * 4;
			const noise = (rand() + rand() - 1) * 8;
			if (sx < 0 || sy < 0 || sx >= pw - 1 || sy >= ph - 1) {
				// desk: brown wood, grain along x
				const g = 0.85 + 0.15 * Math.sin(y / grain + Math.sin(x / 180) * 3);
				rgba[q] = clamp(95 * g + noise);
				rgba[q + 1] = clamp(68 * g + noise);
				rgba[q + 2] = clamp(45 * g + noise);
				rgba[q + 3] = 255;
				continue;
			}
			const x0 = sx | 0;
			const y0 = sy | 0;
			const fx = sx - x0;
			const fy = sy - y0;
			const i = y0 * pw + x0;
			const top =
				(data[i] as number) +
				((data[i + 1] as number) - (data[i] as number)) * fx;
			const bottom =
				(data[i + pw] as number) +
				((data[i + pw + 1] as number) - (data[i + pw] as number)) * fx;
			const v = top + (bottom - top) * fy;
			// paper 235, ink 35 under even light; the shadow over one side
			const t = towards(p.edge, sx, sy, pw, ph);
			const shade = 1 - 0.35 * smooth((t - 0.55) / 0.45);
			const lum = (35 + (200 * v) / 255) * shade;
			rgba[q] = clamp(lum * (cast[0] as number) + noise);
			rgba[q + 1] = clamp(lum * (cast[1] as number) + noise);
			rgba[q + 2] = clamp(lum * (cast[2] as number) + noise);
			rgba[q + 3] = 255;
		}
	}
	return { width: W, height: H, rgba, corners };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const smooth = (t: number) => {
	const c = Math.max(0, Math.min(1, t));
	return c * c * (3 - 2 * c);
};
