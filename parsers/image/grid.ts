/**
 * Page layout of a scanned report, from pixels alone: binarize, deskew, find the ruling lines,
 * turn them into cell grids (merged cells at their top-left position with their spans, as the
 * text-PDF parser's lattice does), and find the text outside the tables as blocks of lines.
 * Pure functions on {@link GrayImage}; no OCR here.
 */
import { unionBox } from "../pdf/geometry.ts";
import { type GridCell, latticeGrids } from "../pdf/lattice.ts";
import type { Box, GrayImage } from "./types.ts";

/** A binary raster: 1 = ink, 0 = paper. */
export interface InkImage {
	width: number;
	height: number;
	data: Uint8Array;
}

/** Otsu's threshold of a gray image: pixels at or below it are ink. */
export function otsuThreshold(img: GrayImage): number {
	const hist = new Float64Array(256);
	const d = img.data;
	const step = otsuStep(d.length);
	let n = 0;
	for (let i = 0; i < d.length; i += step) {
		hist[d[i] as number] = (hist[d[i] as number] as number) + 1;
		n++;
	}
	return otsuOf(hist, n);
}

/** Every pixel of a small image, a sample of a large one (the histogram is what matters). */
const otsuStep = (pixels: number) => (pixels > 4_000_000 ? 3 : 1);

/** Otsu's threshold of a histogram of `n` samples. */
function otsuOf(hist: Float64Array, n: number): number {
	let sum = 0;
	for (let t = 0; t < 256; t++) sum += t * (hist[t] as number);
	let sumB = 0;
	let wB = 0;
	let best = -1;
	let threshold = 127;
	for (let t = 0; t < 256; t++) {
		wB += hist[t] as number;
		if (wB === 0) continue;
		const wF = n - wB;
		if (wF === 0) break;
		sumB += t * (hist[t] as number);
		const mB = sumB / wB;
		const mF = (sum - sumB) / wF;
		const between = wB * wF * (mB - mF) * (mB - mF);
		if (between > best) {
			best = between;
			threshold = t;
		}
	}
	return threshold;
}

/** Ink map of a gray image by a global Otsu threshold (scans of printed reports are even). */
export function binarize(
	img: GrayImage,
	threshold = otsuThreshold(img),
): InkImage {
	const out = new Uint8Array(img.width * img.height);
	const d = img.data;
	for (let i = 0; i < d.length; i++)
		out[i] = (d[i] as number) <= threshold ? 1 : 0;
	return { width: img.width, height: img.height, data: out };
}

/**
 * The text's and the rulings' ink maps of a page in one pass: {@link binarize} at `a`, and at
 * `b` (≥ a) with the faint lines added when `faint` (what {@link withFaintLines} adds, tested
 * only where the pixel is not ink already: the union is the same). The rulings' map is written
 * into `linesInto` when given (zeroed, page-sized).
 */
export function inkMaps(
	img: GrayImage,
	a: number,
	b: number,
	dpi: number,
	faint: boolean,
	delta = 16,
	linesInto?: Uint8Array,
): { ink: InkImage; lines: InkImage; level: number } {
	const { width: w, height: h, data: d } = img;
	const n = w * h;
	const outA = new Uint8Array(n);
	const outB = linesInto ?? new Uint8Array(n);
	// the text's darkness on the way: inkLevel's histogram (its sample: every `step`th pixel)
	const hist = new Float64Array(256);
	const step = n > 2_000_000 ? 3 : 1;
	let next = 0;
	const k = Math.max(2, Math.round(dpi / 50));
	const kw = k * w;
	const d3 = delta * 3;
	// a centre of three pixels lighter than this cannot be d3 darker than anything
	const light = 3 * 255 - d3;
	for (let y = 0; y < h; y++) {
		const row = y * w;
		// horizontal lines: compare with the rows k above and below; vertical: the columns
		const hx0 = faint && y >= k && y < h - k ? 1 : w;
		const hx1 = w - 1;
		const vx0 = faint && y >= 1 && y < h - 1 ? k : w;
		const vx1 = w - k;
		for (let x = 0; x < w; x++) {
			const i = row + x;
			const v = d[i] as number;
			const sampled = i === next;
			if (sampled) next += step;
			if (v <= b) {
				outB[i] = 1;
				if (v <= a) {
					outA[i] = 1;
					if (sampled) hist[v] = (hist[v] as number) + 1;
				}
				continue;
			}
			if (x >= hx0 && x < hx1) {
				const c = (d[i - 1] as number) + v + (d[i + 1] as number);
				if (
					c <= light &&
					(d[i - kw - 1] as number) +
						(d[i - kw] as number) +
						(d[i - kw + 1] as number) -
						c >=
						d3 &&
					(d[i + kw - 1] as number) +
						(d[i + kw] as number) +
						(d[i + kw + 1] as number) -
						c >=
						d3
				) {
					outB[i] = 1;
					continue;
				}
			}
			if (x >= vx0 && x < vx1) {
				const c = (d[i - w] as number) + v + (d[i + w] as number);
				if (
					c <= light &&
					(d[i - w - k] as number) +
						(d[i - k] as number) +
						(d[i + w - k] as number) -
						c >=
						d3 &&
					(d[i - w + k] as number) +
						(d[i + k] as number) +
						(d[i + w + k] as number) -
						c >=
						d3
				)
					outB[i] = 1;
			}
		}
	}
	return {
		ink: { width: w, height: h, data: outA },
		lines: { width: w, height: h, data: outB },
		level: levelOf(hist),
	};
}

/**
 * The gray at or below which a pixel may belong to a ruling line: 35% of the way from the text's
 * threshold to the paper (the 90th percentile of a sample of the page).
 */
export function lineThreshold(img: GrayImage, threshold: number): number {
	const hist = new Uint32Array(256);
	const d = img.data;
	let n = 0;
	for (let i = 0; i < d.length; i += 7) {
		hist[d[i] as number] = (hist[d[i] as number] as number) + 1;
		n++;
	}
	let k = 0;
	let paper = 255;
	for (let v = 0; v < 256; v++) {
		k += hist[v] as number;
		if (k >= 0.9 * n) {
			paper = v;
			break;
		}
	}
	return Math.max(
		threshold,
		Math.round(threshold + 0.35 * (paper - threshold)),
	);
}

/** Every how many columns estimateSkew samples the page. */
const SKEW_STEP = 7;

/** The ink rows of every {@link SKEW_STEP}th column, grouped by column. */
interface SkewSamples {
	width: number;
	height: number;
	/** ys[starts[c]..starts[c + 1]) are the ink rows of column c × SKEW_STEP. */
	starts: Int32Array;
	ys: Int32Array;
}

function skewSamples(
	width: number,
	height: number,
	isInk: (index: number) => boolean,
): SkewSamples {
	const cols = Math.ceil(width / SKEW_STEP);
	const starts = new Int32Array(cols + 1);
	for (let y = 0; y < height; y++) {
		const row = y * width;
		for (let c = 0; c < cols; c++)
			if (isInk(row + c * SKEW_STEP))
				starts[c + 1] = (starts[c + 1] as number) + 1;
	}
	for (let c = 0; c < cols; c++)
		starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
	const ys = new Int32Array(starts[cols] as number);
	const fill = starts.slice(0, cols);
	for (let y = 0; y < height; y++) {
		const row = y * width;
		for (let c = 0; c < cols; c++)
			if (isInk(row + c * SKEW_STEP)) {
				ys[fill[c] as number] = y;
				fill[c] = (fill[c] as number) + 1;
			}
	}
	return { width, height, starts, ys };
}

/**
 * The page's skew in degrees (positive: the content is turned clockwise, i.e. a horizontal line
 * goes down to the right), by the projection profile: at the right angle the rows of ink pixels
 * (ruling lines, text lines) are sharpest. Searched within ±maxDegrees.
 * @param ink - the binarized page
 * @param maxDegrees - largest skew considered (default 5)
 */
export function estimateSkew(ink: InkImage, maxDegrees = 5): number {
	const { data } = ink;
	return skewOf(
		skewSamples(ink.width, ink.height, (i) => data[i] === 1),
		maxDegrees,
	);
}

function skewOf(samples: SkewSamples, maxDegrees: number): number {
	const { width: w, height: h, starts, ys } = samples;
	const count = ys.length;
	if (count < 100) return 0;
	const cols = starts.length - 1;
	const cx = w / 2;
	// A sample at (x, y) falls in bin y + round(−(x − cx)·tan a) (+ pad): the shift is the same
	// for a whole column, so each angle costs one add per sample.
	const pad =
		Math.ceil((w / 2) * Math.tan((Math.min(maxDegrees, 80) * Math.PI) / 180)) +
		2;
	const bins = new Int32Array(h + 2 * pad + 1);
	const score = (deg: number, every = 1) => {
		const t = Math.tan((deg * Math.PI) / 180);
		bins.fill(0);
		for (let c = 0; c < cols; c += every) {
			const shift = pad + Math.round(-(c * SKEW_STEP - cx) * t);
			const end = starts[c + 1] as number;
			for (let k = starts[c] as number; k < end; k++) {
				const b = (ys[k] as number) + shift;
				bins[b] = (bins[b] as number) + 1;
			}
		}
		let s = 0;
		for (let i = 0; i < bins.length; i++) {
			const v = bins[i] as number;
			s += v * v;
		}
		return s;
	};
	let best = 0;
	let bestScore = 0;
	const search = (from: number, to: number, step: number, every = 1) => {
		for (let a = from; a <= to + 1e-9; a += step) {
			const s = score(a, every);
			if (s > bestScore) {
				bestScore = s;
				best = a;
			}
		}
	};
	// Coarse to fine: 0.2° on every 4th sampled column (the peak is still plain), then 0.04° and
	// 0.01° around the best so far on all of them.
	bestScore = score(0, 4);
	search(-maxDegrees, maxDegrees, 0.2, 4);
	let around = best;
	bestScore = score(around);
	search(around - 0.2, around + 0.2, 0.04);
	around = best;
	search(around - 0.04, around + 0.04, 0.01);
	return Math.round(best * 1000) / 1000;
}

/**
 * Undo a skew of `degrees` (as {@link estimateSkew} reports it): each output pixel samples the
 * source at the point turned by that angle about the centre, bilinear; paper white where nothing
 * maps. With `otsu`, its threshold is set to the result's {@link otsuThreshold}.
 */
export function deskew(
	img: GrayImage,
	degrees: number,
	otsu?: { threshold: number },
): GrayImage {
	const { width: w, height: h, data } = img;
	const out = new Uint8Array(w * h).fill(255);
	// Otsu's histogram of the result, row by row as it is written (while the row is in cache)
	const hist = otsu ? new Float64Array(256) : undefined;
	const step = otsuStep(w * h);
	const a = (degrees * Math.PI) / 180;
	const cos = Math.cos(a);
	const sin = Math.sin(a);
	const cx = (w - 1) / 2;
	const cy = (h - 1) / 2;
	// Fixed point: F fraction bits for the source point (16, fewer for a side over 16,383 px
	// so that it fits 31 bits), the fraction itself the weight (within ±1 of the same sum in
	// floating point).
	const F = Math.max(
		8,
		Math.min(16, 30 - Math.ceil(Math.log2(Math.max(w, h) + 1))),
	);
	const ONE = 2 ** F;
	const dxF = Math.round(cos * ONE);
	const dyF = Math.round(sin * ONE);
	const maxX = w - 1;
	const maxY = h - 1;
	for (let y = 0; y < h; y++) {
		const dy = y - cy;
		// Source point of x = 0 on this row; each step in x moves it by (cos, sin).
		const px0 = Math.round((cx - cx * cos - dy * sin) * ONE);
		const py0 = Math.round((cy - cx * sin + dy * cos) * ONE);
		const row = y * w;
		// The columns whose source point lies inside the image (both coordinates in [0, max)):
		// an interval, as the point moves linearly along the row. One column less at each end,
		// against rounding in the divisions (those stay paper white).
		let from = 0;
		let to = w;
		for (const [p0, d, max] of [
			[px0, dxF, maxX],
			[py0, dyF, maxY],
		] as const) {
			const end = max * ONE;
			if (d === 0) {
				if (p0 < 0 || p0 >= end) to = 0;
				continue;
			}
			const lo = d > 0 ? Math.ceil(-p0 / d) : Math.floor((end - p0) / d) + 1;
			const hi = d > 0 ? Math.ceil((end - p0) / d) : Math.floor(-p0 / d) + 1;
			from = Math.max(from, lo + 1);
			to = Math.min(to, hi - 1);
		}
		let pxF = px0 + from * dxF;
		let pyF = py0 + from * dyF;
		const mask = ONE - 1;
		const norm = 1 / (ONE * ONE);
		for (let x = from; x < to; x++, pxF += dxF, pyF += dyF) {
			const x0 = pxF >> F;
			const y0 = pyF >> F;
			const fx = pxF & mask;
			const fy = pyF & mask;
			const i = y0 * w + x0;
			const a = data[i] as number;
			const b = data[i + 1] as number;
			const c = data[i + w] as number;
			const d = data[i + w + 1] as number;
			// Four paper-white pixels give white (255 exactly, as out already holds): most of a page.
			if ((a & b & c & d) === 255) continue;
			const top = a * (ONE - fx) + b * fx;
			const bottom = c * (ONE - fx) + d * fx;
			out[row + x] = (top * (ONE - fy) + bottom * fy) * norm + 0.5;
		}
		if (hist)
			for (let i = row + ((step - (row % step)) % step); i < row + w; i += step)
				hist[out[i] as number] = (hist[out[i] as number] as number) + 1;
	}
	if (otsu && hist) otsu.threshold = otsuOf(hist, Math.ceil((w * h) / step));
	return { width: w, height: h, data: out, dpi: img.dpi };
}

/**
 * Map a point of the image deskewed by `degrees` (see {@link deskew}) back to the scanned image.
 */
export function unrotatePoint(
	x: number,
	y: number,
	degrees: number,
	width: number,
	height: number,
): [number, number] {
	const a = (degrees * Math.PI) / 180;
	const cx = (width - 1) / 2;
	const cy = (height - 1) / 2;
	const dx = x - cx;
	const dy = y - cy;
	return [
		cx + dx * Math.cos(a) - dy * Math.sin(a),
		cy + dx * Math.sin(a) + dy * Math.cos(a),
	];
}

/** A ruling line found in the raster: its centre line and its thickness (pixels). */
export interface Ruling {
	/** y of a horizontal line, x of a vertical one (centre of its band). */
	pos: number;
	/** Extent along the line. */
	lo: number;
	hi: number;
	/** First and last pixel row (column) of the band across the line. */
	from: number;
	to: number;
	/**
	 * Mean thickness (ink along the band over its length): a line with a stamp's ring or a
	 * letter touching it over a short stretch is still thin, a filled area is not.
	 */
	thickness?: number;
}

export interface RulingOptions {
	/** Shortest run counted as a line, in inches (default 0.3: longer than any letter's stroke). */
	minLength?: number;
	/** Largest break inside a line, in pixels (default dpi / 100: noise, a faint print). */
	maxGap?: number;
}

/** A byte map's pixels four at a time (for skipping paper), when it starts on a word boundary. */
function wordsOf(data: Uint8Array): Uint32Array | undefined {
	return data.byteOffset % 4 === 0
		? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2)
		: undefined;
}

/** Whether pixel i (at column x) starts four pixels of paper that end by `end`: skip them. */
function paperWord(
	words: Uint32Array | undefined,
	i: number,
	x: number,
	end: number,
): boolean {
	return (
		words !== undefined && (i & 3) === 0 && x + 4 <= end && words[i >> 2] === 0
	);
}

/** Runs of ink along rows (horizontal) or columns (vertical), at least minLen long. */
function runs(
	ink: InkImage,
	horizontal: boolean,
	minLen: number,
	maxGap: number,
): { at: number; lo: number; hi: number }[] {
	const { width: w, height: h, data } = ink;
	const out: { at: number; lo: number; hi: number }[] = [];
	// Mostly paper: four pixels at a time are skipped while they are all white.
	const words = wordsOf(data);
	if (horizontal) {
		for (let y = 0; y < h; y++) {
			const row = y * w;
			let start = -1;
			let last = -1;
			for (let x = 0; x < w; x++) {
				const i = row + x;
				if (paperWord(words, i, x, w)) {
					x += 3;
					continue;
				}
				if (data[i] === 1) {
					if (start < 0 || x - last - 1 > maxGap) {
						if (start >= 0 && last - start + 1 >= minLen)
							out.push({ at: y, lo: start, hi: last + 1 });
						start = x;
					}
					last = x;
				}
			}
			if (start >= 0 && last - start + 1 >= minLen)
				out.push({ at: y, lo: start, hi: last + 1 });
		}
		return out;
	}
	// Vertical: walk the rows once, keeping a run per column (row-major memory order).
	const start = new Int32Array(w).fill(-1);
	const last = new Int32Array(w).fill(-1);
	for (let y = 0; y <= h; y++) {
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const i = row + x;
			if (y < h && paperWord(words, i, x, w)) {
				x += 3;
				continue;
			}
			const on = y < h && data[row + x] === 1;
			if (!on) continue;
			const s = start[x] as number;
			const l = last[x] as number;
			if (s < 0 || y - l - 1 > maxGap) {
				if (s >= 0 && l - s + 1 >= minLen)
					out.push({ at: x, lo: s, hi: l + 1 });
				start[x] = y;
			}
			last[x] = y;
		}
	}
	for (let x = 0; x < w; x++) {
		const s = start[x] as number;
		const l = last[x] as number;
		if (s >= 0 && l - s + 1 >= minLen) out.push({ at: x, lo: s, hi: l + 1 });
	}
	return out;
}

/** Runs on neighbouring rows (columns) that overlap along the line are one line's band. */
function bands(list: { at: number; lo: number; hi: number }[]): Ruling[] {
	list.sort((a, b) => a.at - b.at || a.lo - b.lo);
	const open: (Ruling & { last: number; weight: number; sum: number })[] = [];
	const done: Ruling[] = [];
	for (const r of list) {
		let target: (typeof open)[number] | undefined;
		for (const b of open) {
			if (r.at - b.last > 1) continue;
			const overlap = Math.min(b.hi, r.hi) - Math.max(b.lo, r.lo);
			if (overlap > 0.5 * Math.min(b.hi - b.lo, r.hi - r.lo)) {
				target = b;
				break;
			}
		}
		if (target) {
			target.lo = Math.min(target.lo, r.lo);
			target.hi = Math.max(target.hi, r.hi);
			target.last = r.at;
			target.to = r.at;
			const len = r.hi - r.lo;
			target.weight += len;
			target.sum += r.at * len;
		} else {
			const len = r.hi - r.lo;
			open.push({
				pos: r.at,
				lo: r.lo,
				hi: r.hi,
				from: r.at,
				to: r.at,
				last: r.at,
				weight: len,
				sum: r.at * len,
			});
		}
		// Close the bands this row can no longer reach.
		for (let i = open.length - 1; i >= 0; i--) {
			const b = open[i] as (typeof open)[number];
			if (r.at - b.last > 1) {
				done.push(finish(b));
				open.splice(i, 1);
			}
		}
	}
	for (const b of open) done.push(finish(b));
	return done.sort((a, b) => a.pos - b.pos || a.lo - b.lo);
}

function finish(b: Ruling & { weight: number; sum: number }): Ruling {
	return {
		pos: b.sum / b.weight,
		lo: b.lo,
		hi: b.hi,
		from: b.from,
		to: b.to,
		thickness: b.weight / Math.max(1, b.hi - b.lo),
	};
}

/**
 * Pieces of one line (the same band across it, within `tol`) with gaps of at most `gap` along
 * it joined (`longGap` between two pieces each at least `long`): a ruling broken by a worn copy,
 * a fax or a faint print.
 */
function joinPieces(
	pieces: Ruling[],
	tol: number,
	gap: number,
	long = Number.POSITIVE_INFINITY,
	longGap = gap,
): Ruling[] {
	const lines: Ruling[] = [];
	const byLo = [...pieces].sort((a, b) => a.lo - b.lo);
	for (const p of byLo) {
		const line = lines.find(
			(l) =>
				Math.abs(l.pos - p.pos) <= tol &&
				p.lo >= l.lo &&
				p.lo - l.hi <=
					(l.hi - l.lo >= long && p.hi - p.lo >= long ? longGap : gap),
		);
		if (!line) {
			lines.push({ ...p });
			continue;
		}
		const a = line.hi - line.lo;
		const b = p.hi - p.lo;
		line.pos = (line.pos * a + p.pos * b) / (a + b);
		line.hi = Math.max(line.hi, p.hi);
		line.from = Math.min(line.from, p.from);
		line.to = Math.max(line.to, p.to);
	}
	return lines.sort((a, b) => a.pos - b.pos || a.lo - b.lo);
}

/**
 * Horizontal and vertical ruling lines of a binarized page: runs of ink of at least 0.1 inch
 * (longer than a letter's stroke), their bands, pieces of one line less than 1/40 inch apart
 * joined, and the lines at least `minLength` long kept.
 */
export function findRulings(
	ink: InkImage,
	dpi: number,
	options: RulingOptions = {},
): { horizontals: Ruling[]; verticals: Ruling[] } {
	const minLen = Math.round((options.minLength ?? 0.3) * dpi);
	const pieceLen = Math.min(minLen, Math.round(0.1 * dpi));
	const maxGap = options.maxGap ?? Math.max(1, Math.round(dpi / 100));
	const thick = Math.max(3, Math.round(dpi / 30));
	// A band thicker than a ruling is a filled area (a shaded cell, a photo), not a line.
	const thin = (r: Ruling) => (r.thickness ?? r.to - r.from + 1) <= thick;
	const lines = (horizontal: boolean) =>
		joinPieces(
			bands(runs(ink, horizontal, pieceLen, maxGap)).filter(thin),
			Math.max(1.5, thick / 2),
			Math.max(2, Math.round(dpi / 40)),
			// two long pieces of one line: a wider break (a fax's dropout, a worn copy)
			minLen,
			Math.round(dpi / 12),
		).filter((r) => r.hi - r.lo >= minLen);
	return { horizontals: lines(true), verticals: lines(false) };
}

/**
 * Faint rulings as ink: a pixel clearly darker (by `delta` gray levels, averaged over three
 * pixels along the line) than the paper a few pixels to either side across the line — a thin
 * line of a phone photo or a worn copy, lighter than any global threshold can take without
 * taking the paper's noise too. Horizontal and vertical lines are looked for separately and
 * the result is their union with `ink`. Letters give only short runs (findRulings drops them).
 */
export function withFaintLines(
	ink: InkImage,
	image: GrayImage,
	dpi: number,
	delta = 16,
): InkImage {
	const { width: w, height: h, data } = image;
	const k = Math.max(2, Math.round(dpi / 50));
	const out = new Uint8Array(ink.data);
	const d3 = delta * 3;
	// A centre of three pixels lighter than 3 × 255 − d3 cannot be d3 darker than anything: the
	// paper (most of a page) is passed over after three reads, and so is a pixel already ink.
	const light = 3 * 255 - d3;
	// horizontal lines: compare with the rows k above and k below
	for (let y = k; y < h - k; y++) {
		const row = y * w;
		const up = row - k * w;
		const dn = row + k * w;
		for (let x = 1; x < w - 1; x++) {
			if (out[row + x] === 1) continue;
			const c =
				(data[row + x - 1] as number) +
				(data[row + x] as number) +
				(data[row + x + 1] as number);
			if (c > light) continue;
			const a =
				(data[up + x - 1] as number) +
				(data[up + x] as number) +
				(data[up + x + 1] as number);
			if (a - c < d3) continue;
			const b =
				(data[dn + x - 1] as number) +
				(data[dn + x] as number) +
				(data[dn + x + 1] as number);
			if (b - c >= d3) out[row + x] = 1;
		}
	}
	// vertical lines: compare with the columns k left and k right
	for (let y = 1; y < h - 1; y++) {
		const row = y * w;
		for (let x = k; x < w - k; x++) {
			const i = row + x;
			if (out[i] === 1) continue;
			const c =
				(data[i - w] as number) + (data[i] as number) + (data[i + w] as number);
			if (c > light) continue;
			const a =
				(data[i - w - k] as number) +
				(data[i - k] as number) +
				(data[i + w - k] as number);
			if (a - c < d3) continue;
			const b =
				(data[i - w + k] as number) +
				(data[i + k] as number) +
				(data[i + w + k] as number);
			if (b - c >= d3) out[i] = 1;
		}
	}
	return { width: w, height: h, data: out };
}

/**
 * The rulings that belong to a table: a line kept has both ends on lines across it (within
 * 1/20 inch) and is straight (its band no wider across than its mean thickness and 1/80 inch),
 * or has one end on a line and is at least 3/4 inch long (a table cut by the page's end: its
 * column lines end in the paper). A table's lines end on its border or on each other; the
 * straight-looking stretch of a round stamp's ring (about 0.4 inch), a pen stroke or an
 * underline floats, and would otherwise split a cell into columns or rows. Two passes: a line
 * kept only by a floating one goes too.
 */
export function anchoredRulings(
	rulings: { horizontals: Ruling[]; verticals: Ruling[] },
	dpi: number,
): { horizontals: Ruling[]; verticals: Ruling[] } {
	const tol = Math.max(4, Math.round(dpi / 20));
	// whether `at` (along `line`'s direction: an end of a line across) meets one of `across`
	const meets = (end: number, pos: number, across: readonly Ruling[]) =>
		across.some(
			(a) =>
				Math.abs(a.pos - end) <= tol && a.lo - tol <= pos && pos <= a.hi + tol,
		);
	const long = 0.75 * dpi;
	const straight = Math.max(2, dpi / 80);
	// A column line broken by a row spanning the table (a goal's heading) whose words touch the
	// column's place: the line's piece below takes in those letters' strokes and starts a text
	// line's height above the row's bottom ruling, on no line, and crosses that ruling within
	// 1/6 inch of its end: a line of the table, cut at that crossing.
	const over = dpi / 6;
	const cutAtCrossing = (
		l: Ruling,
		across: readonly Ruling[],
	): Ruling | undefined => {
		const crossed = across
			.filter(
				(a) =>
					a.pos > l.lo &&
					a.pos < l.hi &&
					a.lo - tol <= l.pos &&
					l.pos <= a.hi + tol,
			)
			.map((a) => a.pos);
		if (crossed.length === 0) return undefined;
		const first = Math.min(...crossed);
		const last = Math.max(...crossed);
		const lo = first - l.lo <= over ? Math.round(first) : l.lo;
		const hi = l.hi - last <= over ? Math.round(last) : l.hi;
		return lo === l.lo && hi === l.hi ? undefined : { ...l, lo, hi };
	};
	const keep = (lines: readonly Ruling[], across: readonly Ruling[]) =>
		lines.flatMap((l): Ruling[] => {
			const a = meets(l.lo, l.pos, across);
			const b = meets(l.hi, l.pos, across);
			if (l.hi - l.lo >= long) {
				if (a || b) return [l];
				const cut = cutAtCrossing(l, across);
				return cut ? [cut] : [];
			}
			// short: both ends on lines, and straight (a ring's arc is wider across than thick)
			const wide = l.to - l.from + 1;
			return a && b && wide <= (l.thickness ?? wide) + straight ? [l] : [];
		});
	let { horizontals, verticals } = rulings;
	for (let pass = 0; pass < 2; pass++) {
		const h = keep(horizontals, verticals);
		const v = keep(verticals, horizontals);
		const same =
			h.length === horizontals.length && v.length === verticals.length;
		horizontals = h;
		verticals = v;
		if (same) break;
	}
	// A line running on past the table's top, left or right border by less than 3/4 inch is a
	// stamp's ring or a pen stroke touching it: cut at the border. (A column line running on
	// below the last row is a table cut by the page's end, and stays.)
	const trim = (
		l: Ruling,
		across: readonly Ruling[],
		both: boolean,
	): Ruling => {
		const crossing = across
			.filter(
				(a) =>
					a.pos >= l.lo - tol &&
					a.pos <= l.hi + tol &&
					a.lo - tol <= l.pos &&
					l.pos <= a.hi + tol,
			)
			.map((a) => a.pos);
		if (crossing.length < 2) return l;
		const first = Math.min(...crossing);
		const last = Math.max(...crossing);
		const out = { ...l };
		if (first - l.lo > tol && first - l.lo < long) out.lo = Math.round(first);
		if (both && l.hi - last > tol && l.hi - last < long)
			out.hi = Math.round(last);
		return out;
	};
	return {
		horizontals: horizontals.map((l) => trim(l, verticals, true)),
		verticals: verticals.map((l) => trim(l, horizontals, false)),
	};
}

/**
 * Page-sized buffers for the layout's passes whose results are not kept (the rulings' ink, the
 * fills' erosion): reused page after page, zeroed, instead of three fresh page-sized arrays a
 * page for the collector. The layout runs start to end on one thread; nothing it returns holds
 * one of them.
 */
const scratchPages: Uint8Array[] = [];
function scratchPage(slot: number, length: number): Uint8Array {
	let a = scratchPages[slot];
	if (a?.length !== length) {
		a = new Uint8Array(length);
		scratchPages[slot] = a;
	} else a.fill(0);
	return a;
}

/**
 * One pass of a square's erosion (`all`) or dilation along rows or columns: a pixel is set when
 * every (erosion: the whole window inside the image) or any (dilation) pixel within `r` of it
 * along the line is set. Worked from the runs of set pixels (paper skipped four pixels at a
 * time): an eroded run is the run less r at each end, a dilated one the run grown by r.
 */
export function sweep(
	src: Uint8Array,
	width: number,
	height: number,
	r: number,
	horizontal: boolean,
	all: boolean,
	out: Uint8Array = new Uint8Array(src.length),
): Uint8Array {
	const words = wordsOf(src);
	const span = 2 * r;
	if (horizontal) {
		for (let y = 0; y < height; y++) {
			const row = y * width;
			let x = 0;
			while (x < width) {
				const i = row + x;
				if (paperWord(words, i, x, width)) {
					x += 4;
					continue;
				}
				if (src[i] !== 1) {
					x++;
					continue;
				}
				const s = x;
				while (x < width && src[row + x] === 1) x++;
				// the run [s, x)
				if (all) {
					if (x - s > span) out.fill(1, row + s + r, row + x - r);
				} else
					out.fill(1, row + Math.max(0, s - r), row + Math.min(width, x + r));
			}
		}
		return out;
	}
	// Columns, walked row by row (memory order): per column the row its run started on and the
	// last set row seen (erosion), or the last row written (dilation).
	const start = new Int32Array(width);
	const last = new Int32Array(width).fill(-2);
	for (let y = 0; y < height; y++) {
		const row = y * width;
		for (let x = 0; x < width; x++) {
			const i = row + x;
			if (paperWord(words, i, x, width)) {
				x += 3;
				continue;
			}
			if (src[i] !== 1) continue;
			if (all) {
				if (last[x] !== y - 1) start[x] = y;
				last[x] = y;
				// the window [y − 2r, y] is all set: its centre row is
				if (y - (start[x] as number) >= span) out[i - r * width] = 1;
			} else {
				const from = Math.max(0, y - r, (last[x] as number) + 1);
				const to = Math.min(height - 1, y + r);
				for (let yy = from; yy <= to; yy++) out[yy * width + x] = 1;
				last[x] = to;
			}
		}
	}
	return out;
}

/**
 * A filled area (a shaded header band, a grey cell) is background, not ruling ink: where the
 * line ink holds a solid area thicker than two rulings in both directions (the ink left by an
 * opening with a square), only pixels clearly darker than the area's own gray stay ink there.
 * The rulings crossing the band stay; the band no longer merges with them into one thick shape
 * (which findRulings would drop, column lines and all) and its edges make no line.
 */
export function withoutFills(
	lineInk: InkImage,
	image: GrayImage,
	threshold: number,
	dpi: number,
): InkImage {
	const { width, height } = lineInk;
	const r = Math.max(3, Math.round(dpi / 30));
	const eroded = sweep(
		sweep(
			lineInk.data,
			width,
			height,
			r,
			true,
			true,
			scratchPage(0, lineInk.data.length),
		),
		width,
		height,
		r,
		false,
		true,
		scratchPage(1, lineInk.data.length),
	);
	if (!eroded.includes(1)) return lineInk;
	const mask = sweep(
		sweep(eroded, width, height, r, true, false),
		width,
		height,
		r,
		false,
		false,
	);
	// The fills' gray: the median of the image under the mask.
	const hist = new Uint32Array(256);
	let n = 0;
	for (let i = 0; i < mask.length; i++)
		if (mask[i] === 1) {
			hist[image.data[i] as number] =
				(hist[image.data[i] as number] as number) + 1;
			n++;
		}
	let fillGray = 0;
	for (let v = 0, k = 0; v < 256; v++) {
		k += hist[v] as number;
		if (k >= n / 2) {
			fillGray = v;
			break;
		}
	}
	const cut = Math.min(threshold, fillGray - 40);
	const out = new Uint8Array(lineInk.data);
	for (let i = 0; i < out.length; i++)
		if (mask[i] === 1) out[i] = (image.data[i] as number) <= cut ? 1 : 0;
	return { width, height, data: out };
}

/** One cell of a table grid (pixels): position, spans, box between the lines' centres. */
export type { GridCell };

/** A ruled table found on the page (pixels). */
export interface TableGrid {
	box: Box;
	/** Column and row edges (centres of the lines), ascending. */
	xs: number[];
	ys: number[];
	/** Cells in reading order, each at its top-left grid position. */
	cells: GridCell[];
	/** Sides with no ruling, closed by the lines' ends: [left, top, right, bottom]. */
	open: [boolean, boolean, boolean, boolean];
}

/**
 * Ruling lines → table grids, top to bottom. Lines that touch form a table; a grid boundary
 * with no line along it joins two grid cells (a merged cell); a table cut by the page's end
 * (no bottom border) is closed by its vertical lines' ends. The geometry is the text-PDF
 * parser's lattice, run in points so its tolerances mean the same on paper.
 */
export function tableGrids(
	rulings: { horizontals: Ruling[]; verticals: Ruling[] },
	dpi: number,
): TableGrid[] {
	const k = 72 / dpi;
	const hs = rulings.horizontals.map((r) => ({
		x0: r.lo * k,
		x1: r.hi * k,
		y0: r.pos * k,
		y1: r.pos * k,
	}));
	const vs = rulings.verticals.map((r) => ({
		x0: r.pos * k,
		x1: r.pos * k,
		y0: r.lo * k,
		y1: r.hi * k,
	}));
	const px = (v: number) => Math.round((v / k) * 10) / 10;
	const pbox = (b: Box): Box => [px(b[0]), px(b[1]), px(b[2]), px(b[3])];
	return latticeGrids(hs, vs, { tolerance: 2.5 })
		.filter((g) => g.cells.length >= 2)
		.map((g) => ({
			box: pbox(g.box),
			xs: g.xs.map(px),
			ys: g.ys.map(px),
			cells: g.cells.map((c) => ({ ...c, box: pbox(c.box) })),
			open: g.open ?? [false, false, false, false],
		}));
}

/**
 * The inside of a cell with no ruling line left in it: the box between the lines' centres,
 * shrunk past each line's band, then while an edge row (column) is still mostly ink.
 * @param ink - the binarized (deskewed) page
 * @param box - the cell's box between line centres
 * @param dpi - resolution, for the margin (default inset: dpi / 60 pixels)
 */
export function innerBox(ink: InkImage, box: Box, dpi: number): Box {
	const m = Math.max(2, Math.round(dpi / 60));
	let x0 = Math.ceil(box[0]) + m;
	let y0 = Math.ceil(box[1]) + m;
	let x1 = Math.floor(box[2]) - m;
	let y1 = Math.floor(box[3]) - m;
	const { width: w, data } = ink;
	const rowInk = (y: number) => {
		let n = 0;
		for (let x = x0; x < x1; x++) n += data[y * w + x] as number;
		return n;
	};
	const colInk = (x: number) => {
		let n = 0;
		for (let y = y0; y < y1; y++) n += data[y * w + x] as number;
		return n;
	};
	const limit = 2 * m;
	for (let i = 0; i < limit && x1 - x0 > 2 && y1 - y0 > 2; i++) {
		let moved = false;
		if (rowInk(y0) > 0.5 * (x1 - x0)) {
			y0++;
			moved = true;
		}
		if (rowInk(y1 - 1) > 0.5 * (x1 - x0)) {
			y1--;
			moved = true;
		}
		if (colInk(x0) > 0.5 * (y1 - y0)) {
			x0++;
			moved = true;
		}
		if (colInk(x1 - 1) > 0.5 * (y1 - y0)) {
			x1--;
			moved = true;
		}
		if (!moved) break;
	}
	return [x0, y0, Math.max(x0, x1), Math.max(y0, y1)];
}

/** A connected blob of ink (8-connected) in a region. */
export interface Blob {
	box: Box;
	area: number;
}

/**
 * The runs of ink of a box's rows, joined where runs of neighbouring rows touch (8-connected,
 * diagonals included) by a union-find: run k is [start[k], end[k]) on row row[k], and root[k]
 * its blob's first run (in row order: the blob's first pixel). Kept between calls and grown
 * as needed (the layout is single-threaded and nothing here calls out): a page's thousands of
 * boxes allocate nothing.
 */
const scratch = {
	start: new Int32Array(4096),
	end: new Int32Array(4096),
	row: new Int32Array(4096),
	root: new Int32Array(4096),
	/** The blob (its index in a call's output) of a root run. */
	slot: new Int32Array(4096),
};

function grow(): void {
	const n = scratch.start.length * 2;
	for (const k of ["start", "end", "row", "root", "slot"] as const) {
		const a = new Int32Array(n);
		a.set(scratch[k]);
		scratch[k] = a;
	}
}

/** The runs of a box and their roots (in `scratch`); their number. */
function joinedRuns(ink: InkImage, box: Box): number {
	const [bx0, by0, bx1, by1] = box;
	const W = ink.width;
	const data = ink.data;
	// Mostly paper: four pixels at a time are skipped while they are all white.
	const words = wordsOf(data);
	let n = 0;
	let prevFrom = 0;
	let prevTo = 0;
	for (let y = by0; y < by1; y++) {
		const from = n;
		const line = y * W;
		let p = prevFrom;
		for (let x = bx0; x < bx1; x++) {
			const i = line + x;
			if (paperWord(words, i, x, bx1)) {
				x += 3;
				continue;
			}
			if (data[i] !== 1) continue;
			const a = x;
			while (x < bx1 && data[line + x] === 1) x++;
			if (n === scratch.start.length) grow();
			const { start, end, row, root } = scratch;
			const k = n++;
			start[k] = a;
			end[k] = x;
			row[k] = y;
			root[k] = k;
			// Runs of the row above touching [a - 1, x + 1).
			while (p < prevTo && (end[p] as number) < a) p++;
			for (let q = p; q < prevTo && (start[q] as number) <= x; q++) {
				const rq = find(root, q);
				const rk = find(root, k);
				// The older root stays (its run comes first in row order).
				if (rq < rk) root[rk] = rq;
				else if (rk < rq) root[rq] = rk;
			}
		}
		prevFrom = from;
		prevTo = n;
	}
	// Every run straight to its root.
	const { root } = scratch;
	for (let k = 0; k < n; k++) root[k] = root[root[k] as number] as number;
	return n;
}

/** The root of run i, the path halved on the way. */
function find(root: Int32Array, i: number): number {
	while (root[i] !== i) {
		const up = root[root[i] as number] as number;
		root[i] = up;
		i = up;
	}
	return i;
}

/**
 * The blobs of ink inside a box (8-connected), ignoring specks below minArea pixels; in the
 * order of their first pixel (row by row). Found from the rows' runs of ink, joined with a
 * union-find where runs of neighbouring rows touch (diagonals included).
 */
export function blobs(ink: InkImage, box: Box, minArea = 1): Blob[] {
	const [bx0, by0, bx1, by1] = box;
	if (bx1 <= bx0 || by1 <= by0) return [];
	const n = joinedRuns(ink, box);
	const { start, end, row, root, slot } = scratch;
	// A run that is its own root opens a blob.
	const found: Blob[] = [];
	for (let k = 0; k < n; k++) {
		const r = root[k] as number;
		const x0 = start[k] as number;
		const x1 = end[k] as number;
		const y = row[k] as number;
		if (r === k) {
			slot[k] = found.length;
			found.push({ box: [x0, y, x1, y + 1], area: x1 - x0 });
			continue;
		}
		const blob = found[slot[r] as number] as Blob;
		const bb = blob.box;
		if (x0 < bb[0]) bb[0] = x0;
		if (x1 > bb[2]) bb[2] = x1;
		if (y + 1 > bb[3]) bb[3] = y + 1;
		blob.area += x1 - x0;
	}
	return minArea <= 1 ? found : found.filter((b) => b.area >= minArea);
}

/** What a cell holds, judged from its pixels. */
export type CellInk =
	| { kind: "empty" }
	| { kind: "dash"; box: Box }
	| { kind: "ink"; box: Box; blobs: number };

/** Specks smaller than this (pixels) are scanner noise, at this resolution. */
export const speckArea = (dpi: number) =>
	Math.max(2, Math.round((dpi * 0.008) ** 2));

/**
 * The blobs without lone specks: a blob under four specks' area and under 1/50 inch each way
 * (a fax's or a worn copy's noise, up to about 3 × 3 pixels at 200 dpi) with no other blob
 * within 1/10 inch. A full stop or the dot of an "і" sits next to its letters and stays; a
 * dash (a flat stroke about 1/35 inch long) is longer.
 */
export function withoutLoneSpecks(found: Blob[], dpi: number): Blob[] {
	const small = 4 * speckArea(dpi);
	const side = dpi / 50;
	const near = Math.round(dpi / 10);
	return found.filter((b) => {
		const w = b.box[2] - b.box[0];
		const h = b.box[3] - b.box[1];
		if (b.area >= small || Math.max(w, h) >= side) return true;
		return found.some(
			(o) =>
				o !== b &&
				o.box[0] - near < b.box[2] &&
				b.box[0] - near < o.box[2] &&
				o.box[1] - near < b.box[3] &&
				b.box[1] - near < o.box[3],
		);
	});
}

/**
 * Empty (only specks), a lone dash (one small flat blob: "-" reads as nothing or noise in OCR),
 * or ink with its bounding box.
 */
export function cellInk(ink: InkImage, inner: Box, dpi: number): CellInk {
	const found = withoutLoneSpecks(blobs(ink, inner, speckArea(dpi)), dpi);
	if (found.length === 0) return { kind: "empty" };
	const box: Box = [
		Math.min(...found.map((b) => b.box[0])),
		Math.min(...found.map((b) => b.box[1])),
		Math.max(...found.map((b) => b.box[2])),
		Math.max(...found.map((b) => b.box[3])),
	];
	// A dash with a fax's specks around it (crumbs: under four specks' area and 1/40 inch) is a
	// dash; a cell of crumbs only is empty; anything larger beside a dash makes the cell ink.
	const crumb = (b: Blob) =>
		b.area < 4 * speckArea(dpi) &&
		Math.max(b.box[2] - b.box[0], b.box[3] - b.box[1]) <= dpi / 40;
	const dashLike = (b: Blob) => {
		const bw = b.box[2] - b.box[0];
		const bh = b.box[3] - b.box[1];
		return (
			bh <= dpi * 0.03 && bw >= 1.5 * bh && bw >= dpi / 50 && bw <= dpi * 0.16
		);
	};
	const solid = found.filter((b) => !crumb(b));
	const dashes = (solid.length === 0 ? found : solid).filter(dashLike);
	if (
		solid.length <= 1 &&
		dashes.length === 1 &&
		found.length - 1 <= 4 &&
		(solid.length === 0 || dashes[0] === solid[0])
	)
		return { kind: "dash", box: (dashes[0] as Blob).box };
	if (solid.length === 0 && dashes.length === 0) return { kind: "empty" };
	return { kind: "ink", box, blobs: found.length };
}

/** A line of text found by the ink profile: its box. */
export interface TextLine {
	box: Box;
}

/** A block of text lines outside the tables (title, signatures, labels), in reading order. */
export interface TextRegion {
	box: Box;
	lines: TextLine[];
	/** Mean stroke width of its ink (pixels): bold text has thicker strokes. */
	stroke: number;
}

/**
 * The text lines inside a region, by the horizontal ink profile (tables masked out), each cut
 * where text stands side by side (a gap wider than `sideGap` × the line's height).
 */
export function textLines(
	ink: InkImage,
	region: Box,
	dpi: number,
	masks: readonly Box[] = [],
	sideGap = 2.5,
): TextLine[] {
	const [rx0, ry0, rx1, ry1] = region.map(Math.round) as Box;
	const W = ink.width;
	// Ink per row outside the masks; specks are removed first by a minimum of ink in the row.
	const maskRows = (y: number) =>
		masks.filter((m) => y >= m[1] - 2 && y < m[3] + 2);
	const rowInk = new Int32Array(ry1 - ry0);
	const data = ink.data;
	const words = wordsOf(data);
	for (let y = ry0; y < ry1; y++) {
		// The row's spans under a mask, left to right; the ink between them is counted.
		const cuts = maskRows(y)
			.map((m) => [m[0] - 2, m[2] + 2] as const)
			.sort((a, b) => a[0] - b[0]);
		let n = 0;
		const row = y * W;
		let x = rx0;
		for (const [a, b] of cuts) {
			n += inkCount(data, words, row + x, row + Math.min(a, rx1));
			x = Math.max(x, b);
		}
		n += inkCount(data, words, row + x, row + rx1);
		rowInk[y - ry0] = n;
	}
	const minRow = 2;
	const minHeight = Math.max(4, Math.round(dpi * 0.03));
	const bandsY: [number, number][] = [];
	let start = -1;
	for (let i = 0; i <= rowInk.length; i++) {
		const on = i < rowInk.length && (rowInk[i] as number) >= minRow;
		if (on && start < 0) start = i;
		if (!on && start >= 0) {
			if (i - start >= minHeight) bandsY.push([start + ry0, i + ry0]);
			start = -1;
		}
	}
	const lines: TextLine[] = [];
	const speck = speckArea(dpi);
	for (const [y0, y1] of bandsY) {
		const ms = masks.filter((m) => y1 > m[1] - 2 && y0 < m[3] + 2);
		const found = blobs(ink, [rx0, y0, rx1, y1], speck).filter(
			(b) =>
				!ms.some(
					(m) =>
						b.box[0] >= m[0] - 2 &&
						b.box[2] <= m[2] + 2 &&
						b.box[1] >= m[1] - 2 &&
						b.box[3] <= m[3] + 2,
				),
		);
		if (found.length === 0) continue;
		found.sort((a, b) => a.box[0] - b.box[0]);
		const h = y1 - y0;
		let cur: Box | undefined;
		for (const b of found) {
			if (cur && b.box[0] - cur[2] <= sideGap * h) {
				cur[2] = Math.max(cur[2], b.box[2]);
				cur[1] = Math.min(cur[1], b.box[1]);
				cur[3] = Math.max(cur[3], b.box[3]);
			} else {
				if (cur) lines.push({ box: cur });
				cur = [...b.box];
			}
		}
		if (cur) lines.push({ box: cur });
	}
	// A "line" of a single tiny blob (a stray mark) is not text.
	return lines.filter(
		(l) =>
			l.box[3] - l.box[1] >= minHeight &&
			l.box[2] - l.box[0] >= Math.round(dpi * 0.03),
	);
}

/**
 * The ink pixels of data[i, end) (an ink map: 0 or 1 a pixel), four at a time where they are
 * aligned: a word's four bytes summed by one multiplication (each at most 1, the sum in its top
 * byte).
 */
function inkCount(
	data: Uint8Array,
	words: Uint32Array | undefined,
	i: number,
	end: number,
): number {
	let n = 0;
	if (words !== undefined) {
		for (; i < end && (i & 3) !== 0; i++) n += data[i] as number;
		for (; i + 4 <= end; i += 4) {
			const v = words[i >> 2] as number;
			if (v !== 0) n += Math.imul(v, 0x01010101) >>> 24;
		}
	}
	for (; i < end; i++) n += data[i] as number;
	return n;
}

/** Mean stroke width of the ink in a box: ink pixels per horizontal run. */
export function strokeWidth(ink: InkImage, box: Box): number {
	const [x0, y0, x1, y1] = box;
	let pixels = 0;
	let runsN = 0;
	for (let y = y0; y < y1; y++) {
		let prev = 0;
		const row = y * ink.width;
		for (let x = x0; x < x1; x++) {
			const v = ink.data[row + x] as number;
			pixels += v;
			if (v && !prev) runsN++;
			prev = v;
		}
	}
	return runsN === 0 ? 0 : pixels / runsN;
}

/**
 * Lines → blocks: a line joins the block above when it follows at about the usual line step,
 * overlaps it horizontally and has about the same height, as in the text-PDF parser.
 */
export function textRegions(ink: InkImage, lines: TextLine[]): TextRegion[] {
	const sorted = [...lines].sort(
		(a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0],
	);
	const heights = sorted.map((l) => l.box[3] - l.box[1]).sort((a, b) => a - b);
	const hMed = heights[heights.length >> 1] ?? 1;
	const blocks: TextLine[][] = [];
	for (const line of sorted) {
		let target: TextLine[] | undefined;
		for (let i = blocks.length - 1; i >= 0; i--) {
			const b = blocks[i] as TextLine[];
			const last = b[b.length - 1] as TextLine;
			const gap = line.box[1] - last.box[3];
			const overlap =
				Math.min(last.box[2], line.box[2]) - Math.max(last.box[0], line.box[0]);
			if (gap > -0.3 * hMed && gap <= 0.8 * hMed && overlap > 0) {
				target = b;
				break;
			}
		}
		if (target) target.push(line);
		else blocks.push([line]);
	}
	return blocks.map((b) => {
		const box: Box = unionBox(b.map((l) => l.box));
		return { box, lines: b, stroke: strokeWidth(ink, box) };
	});
}

/** Everything the page reader needs from the pixels of one page. */
export interface PageLayout {
	/** The deskewed page (what cells are cropped from). */
	image: GrayImage;
	ink: InkImage;
	/** Skew found and removed, degrees. */
	skew: number;
	/** The gray level at or below which a pixel is ink (Otsu, on the deskewed page). */
	threshold: number;
	/** The darkness of the page's text: {@link inkLevel} of `image` and `ink`. */
	level: number;
	tables: TableGrid[];
	/** Text outside the tables, top to bottom. */
	regions: TextRegion[];
}

export interface LayoutOptions {
	/** Largest skew corrected, degrees (default 5). */
	maxSkew?: number;
	/** Otsu's threshold of the page, when already known ({@link otsuThreshold}). */
	threshold?: number;
}

/** Binarize, deskew, find the tables and the text around them. */
export function analyzePage(
	page: GrayImage,
	options: LayoutOptions = {},
): PageLayout {
	const dpi = page.dpi || 300;
	let threshold = options.threshold ?? otsuThreshold(page);
	// The skew from every 7th column of the page (binarized on the way); the whole page is
	// binarized once its angle is known (straightened or not).
	const gray = page.data;
	const t0 = threshold;
	const skew = skewOf(
		skewSamples(page.width, page.height, (i) => (gray[i] as number) <= t0),
		options.maxSkew ?? 5,
	);
	let image = page;
	if (Math.abs(skew) >= 0.02) {
		const otsu = { threshold };
		image = deskew(page, skew, otsu);
		threshold = otsu.threshold;
	}
	// Ruling lines are found with a lighter threshold than the text: a faint or thin line (a
	// worn copy, a photo) is lighter than the letters; its pieces are joined (findRulings). Both
	// maps in one pass over the page; the faint lines added to the line map in place.
	const maps = inkMaps(
		image,
		threshold,
		lineThreshold(image, threshold),
		dpi,
		process.env.TAILAN_FAINT !== "0",
		16,
		scratchPage(2, image.width * image.height),
	);
	const { ink, level } = maps;
	const lineInk = withoutFills(maps.lines, image, threshold, dpi);
	const tables = tableGrids(
		anchoredRulings(findRulings(lineInk, dpi), dpi),
		dpi,
	);
	const masks = tables.map((t) => t.box);
	const lines = textLines(ink, [0, 0, ink.width, ink.height], dpi, masks);
	const regions = textRegions(ink, lines);
	return { image, ink, skew, threshold, level, tables, regions };
}

/** A blob of a cell with its pixels: `pixels` are page indices (y × width + x). */
export interface InkComponent extends Blob {
	pixels: Int32Array;
	/** The mean gray of its darkest quarter of pixels: how dark its strokes' cores are. */
	core: number;
}

/**
 * The connected blobs of ink (8-connected) inside a box, each with its pixels and the darkness of
 * its core on the gray page; blobs under `minArea` pixels are left out. For a cell's few hundred
 * thousand pixels at most (a flood fill).
 */
export function inkComponents(
	ink: InkImage,
	gray: GrayImage,
	box: Box,
	minArea = 1,
): InkComponent[] {
	const [bx0, by0, bx1, by1] = box;
	if (bx1 <= bx0 || by1 <= by0) return [];
	const n = joinedRuns(ink, box);
	const { start, end, row, root, slot } = scratch;
	const W = ink.width;
	// The blobs by their first run (roots in row order), then each one's pixels run by run.
	const found: InkComponent[] = [];
	const areas: number[] = [];
	for (let k = 0; k < n; k++) {
		const r = root[k] as number;
		const x0 = start[k] as number;
		const x1 = end[k] as number;
		const y = row[k] as number;
		if (r === k) {
			slot[k] = areas.length;
			areas.push(x1 - x0);
			found.push({
				box: [x0, y, x1, y + 1],
				area: 0,
				pixels: new Int32Array(0),
				core: 0,
			});
			continue;
		}
		const i = slot[r] as number;
		const bb = (found[i] as InkComponent).box;
		if (x0 < bb[0]) bb[0] = x0;
		if (x1 > bb[2]) bb[2] = x1;
		if (y + 1 > bb[3]) bb[3] = y + 1;
		areas[i] = (areas[i] as number) + x1 - x0;
	}
	const keep = areas.map((a) => a >= minArea);
	found.forEach((c, i) => {
		if (!keep[i]) return;
		c.area = areas[i] as number;
		c.pixels = new Int32Array(c.area);
		// the filling point of each blob's pixels, kept in its `core` meanwhile
	});
	for (let k = 0; k < n; k++) {
		const i = slot[root[k] as number] as number;
		if (!keep[i]) continue;
		const c = found[i] as InkComponent;
		const at = row[k] as number;
		let f = c.core;
		for (let x = start[k] as number, e = end[k] as number; x < e; x++)
			c.pixels[f++] = at * W + x;
		c.core = f;
	}
	// The mean of the darkest quarter of a blob's grays, from their histogram (cleared after).
	const out: InkComponent[] = [];
	const g = gray.data;
	found.forEach((c, i) => {
		if (!keep[i]) return;
		const { area, pixels } = c;
		for (let k = 0; k < area; k++) {
			const v = g[pixels[k] as number] as number;
			hist[v] = (hist[v] as number) + 1;
		}
		const quarter = Math.max(1, area >> 2);
		let seen = 0;
		let sum = 0;
		for (let v = 0; seen < quarter; v++) {
			const take = Math.min(hist[v] as number, quarter - seen);
			seen += take;
			sum += take * v;
		}
		for (let k = 0; k < area; k++) hist[g[pixels[k] as number] as number] = 0;
		c.core = sum / quarter;
		out.push(c);
	});
	return out;
}

/** inkComponents' histogram of a blob's grays (all zero between calls). */
const hist = new Int32Array(256);

/** The darkness of the page's text: the mean gray of the darkest quarter of its ink (a sample). */
export function inkLevel(gray: GrayImage, ink: InkImage): number {
	const hist = new Float64Array(256);
	const step = ink.data.length > 2_000_000 ? 3 : 1;
	for (let i = 0; i < ink.data.length; i += step)
		if (ink.data[i] === 1) {
			hist[gray.data[i] as number] =
				(hist[gray.data[i] as number] as number) + 1;
		}
	return levelOf(hist);
}

/** The mean gray of the darkest quarter of a histogram of ink's grays (0 for no ink). */
function levelOf(hist: Float64Array): number {
	let n = 0;
	for (let v = 0; v < 256; v++) n += hist[v] as number;
	const quarter = Math.max(1, n >> 2);
	let seen = 0;
	let sum = 0;
	for (let v = 0; v < 256 && seen < quarter; v++) {
		const k = Math.min(hist[v] as number, quarter - seen);
		seen += k;
		sum += k * v;
	}
	return n === 0 ? 0 : sum / seen;
}

/**
 * A bilevel page's pen stroke broken where it is thinnest (a check mark's turn): its pieces,
 * each under 1/4 inch, pass for glyphs and the value's crop grows to take them in (our fax
 * `--variant 1`'s 4.6 baseline: "43%" and a check mark below it read "02"). Pieces of a trace —
 * each over 1/8 inch across (more than a printed glyph's height) with ink filling under a
 * quarter of its box — whose boxes come within two pixels of each other are joined into one
 * when the group is over 1/4 inch across, either way, and as thin as a pen stroke
 * ({@link penLike}): a wave drawn along a line is as much a stroke as a tick across lines (our
 * fax `--variant 2`'s 4.8 level: a wave broken in two pieces of 46 and 38 pixels, 16 tall, far
 * below "100%", was taken for the value and read "INST"). Glyphs are never joined (none is
 * over 1/8 inch across): a "%" beside a stroke across it stays the value's (variant 1's 4.2
 * "60%", read "60" when it was taken into the stroke).
 */
export function brokenStrokes(
	found: readonly InkComponent[],
	dpi: number,
): InkComponent[] {
	const near = (a: Box, b: Box) =>
		a[0] <= b[2] + 2 &&
		b[0] <= a[2] + 2 &&
		a[1] <= b[3] + 2 &&
		b[1] <= a[3] + 2;
	const group = found.map((_, i) => i);
	const root = (i: number): number => {
		let r = i;
		while (group[r] !== r) r = group[r] as number;
		return r;
	};
	const piece = (c: InkComponent) => {
		const w = c.box[2] - c.box[0];
		const h = c.box[3] - c.box[1];
		return Math.max(w, h) > dpi / 8 && c.area < (w * h) / 4;
	};
	for (let i = 0; i < found.length; i++)
		for (let j = i + 1; j < found.length; j++) {
			const a = found[i] as InkComponent;
			const b = found[j] as InkComponent;
			if (piece(a) && piece(b) && near(a.box, b.box)) group[root(j)] = root(i);
		}
	const groups = new Map<number, InkComponent[]>();
	found.forEach((c, i) => {
		const r = root(i);
		groups.set(r, [...(groups.get(r) ?? []), c]);
	});
	const out: InkComponent[] = [];
	for (const g of groups.values()) {
		const first = g[0] as InkComponent;
		const box: Box = [
			Math.min(...g.map((c) => c.box[0])),
			Math.min(...g.map((c) => c.box[1])),
			Math.max(...g.map((c) => c.box[2])),
			Math.max(...g.map((c) => c.box[3])),
		];
		const area = g.reduce((n, c) => n + c.area, 0);
		if (g.length === 1 || !penLike(box, area, dpi)) out.push(...g);
		else
			out.push({
				...first,
				box,
				area,
				core: g.reduce((n, c) => n + c.core * c.area, 0) / area,
				pixels: Int32Array.from(g.flatMap((c) => [...c.pixels])),
			});
	}
	return out;
}

/**
 * A pen stroke's trace: over 1/4 inch across, its ink filling under a seventh of its box (or a
 * line under 1/50 inch thick) — no printed glyph is so large and so empty.
 */
function penLike(box: Box, area: number, dpi: number): boolean {
	const w = box[2] - box[0];
	const h = box[3] - box[1];
	return (
		Math.max(w, h) >= dpi / 4 &&
		(area < (w * h) / 7 || area <= (Math.max(w, h) * dpi) / 50)
	);
}

/** Why a blob in a typed cell is no part of the value. */
export type MarkKind = "faint" | "ruling" | "stroke";

/**
 * What of a typed cell's ink (a number, a level, an item number: short glyphs on a line) is not
 * the value: a stamp's faint ink (its strokes' cores lighter than two thirds of the way from the
 * page's text to the threshold), a remnant of a ruling along the cell's edge (a bar under 1/40
 * inch thick along a side, over a third of the side long), a pen stroke (a thin dark trace over
 * 1/4 inch across whose ink fills under a seventh of its box — no printed glyph is so large and
 * so empty). The others are the value's.
 * @param inner - the cell's inner box (clear of its rulings)
 * @param level - the page's text darkness ({@link inkLevel}); threshold: the page's ink threshold
 * @param text - a text cell: only a stamp's faint ink (its cores four fifths of the way to the
 *   threshold) and pen strokes are marks (a text's lines may run along a side)
 * @param broken - a page whose thin strokes are broken (a bilevel scan at its own resolution):
 *   a typed cell's pieces whose boxes come within two pixels of each other are judged as one
 *   mark when together they are taller than a line of print ({@link brokenStrokes}); not a text
 *   cell's (there letters of two lines come that close: 1.2's "их сургуулийн" was erased)
 */
export function typedCellMarks(
	ink: InkImage,
	gray: GrayImage,
	inner: Box,
	dpi: number,
	threshold: number,
	level: number,
	text = false,
	broken = false,
): { keep: InkComponent[]; marks: (InkComponent & { why: MarkKind })[] } {
	const all = inkComponents(ink, gray, inner, speckArea(dpi));
	// Not in a text cell: its lines' letters come within two pixels of the next line's.
	const found = broken && !text ? brokenStrokes(all, dpi) : all;
	const keep: InkComponent[] = [];
	const marks: (InkComponent & { why: MarkKind })[] = [];
	// Text's strokes thin out more (a comma, a worn copy's light patch): a stricter line there.
	const faint = level + (text ? 0.8 : 2 / 3) * (threshold - level);
	const thin = dpi / 40;
	const edge = 2;
	for (const c of found) {
		const [x0, y0, x1, y1] = c.box;
		const w = x1 - x0;
		const h = y1 - y0;
		let why: MarkKind | undefined;
		if (c.core > faint) why = "faint";
		else if (
			!text &&
			w <= thin &&
			h >= (inner[3] - inner[1]) / 3 &&
			(x0 - inner[0] <= edge || inner[2] - x1 <= edge)
		)
			why = "ruling";
		else if (
			!text &&
			h <= thin &&
			w >= (inner[2] - inner[0]) / 3 &&
			(y0 - inner[1] <= edge || inner[3] - y1 <= edge)
		)
			why = "ruling";
		else if (penLike(c.box, c.area, dpi)) why = "stroke";
		if (why) marks.push({ ...c, why });
		else keep.push(c);
	}
	// A pen stroke broken in pieces (thinner in its turns, or cut by the cell's edge), or one
	// coming in from the next cell: a line of the cell's other ink with under a third of the ink
	// of the cell's main line, beside a stroke or running into the cell's side.
	const strokes = marks.filter((m) => m.why === "stroke");
	if (keep.length < 2 || text) return { keep, marks };
	const lines: InkComponent[][] = [];
	for (const c of [...keep].sort((a, b) => a.box[1] - b.box[1])) {
		const line = lines.find((l) =>
			l.some(
				(o) =>
					Math.min(o.box[3], c.box[3]) - Math.max(o.box[1], c.box[1]) >
					0.5 * Math.min(o.box[3] - o.box[1], c.box[3] - c.box[1]),
			),
		);
		if (line) line.push(c);
		else lines.push([c]);
	}
	const area = (l: InkComponent[]) => l.reduce((n, c) => n + c.area, 0);
	const most = Math.max(...lines.map(area));
	const gap = dpi / 25;
	const beside = (c: InkComponent) =>
		strokes.some(
			(m) =>
				c.box[0] - m.box[2] <= gap &&
				m.box[0] - c.box[2] <= gap &&
				Math.min(m.box[3], c.box[3]) - Math.max(m.box[1], c.box[1]) >
					0.5 * (c.box[3] - c.box[1]),
		);
	const side = (c: InkComponent) =>
		c.box[0] - inner[0] <= 1 || inner[2] - c.box[2] <= 1;
	const pieces = new Set(
		lines
			.filter((l) => area(l) < most / 3 && l.some((c) => beside(c) || side(c)))
			.flat(),
	);
	if (pieces.size === 0) return { keep, marks };
	return {
		keep: keep.filter((c) => !pieces.has(c)),
		marks: [
			...marks,
			...[...pieces].map((c) => ({ ...c, why: "stroke" as const })),
		],
	};
}
