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
	// Every pixel of a small image, a sample of a large one (the histogram is what matters).
	const step = d.length > 4_000_000 ? 3 : 1;
	let n = 0;
	for (let i = 0; i < d.length; i += step) {
		hist[d[i] as number] = (hist[d[i] as number] as number) + 1;
		n++;
	}
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
 * The page's skew in degrees (positive: the content is turned clockwise, i.e. a horizontal line
 * goes down to the right), by the projection profile: at the right angle the rows of ink pixels
 * (ruling lines, text lines) are sharpest. Searched within ±maxDegrees.
 * @param ink - the binarized page
 * @param maxDegrees - largest skew considered (default 5)
 */
export function estimateSkew(ink: InkImage, maxDegrees = 5): number {
	const { width: w, height: h, data } = ink;
	// Sample ink pixels in every 7th column (every row: skipping rows would favour 0°, where
	// the sampled rows all fall into every other bin).
	let count = 0;
	for (let y = 0; y < h; y++) {
		const row = y * w;
		for (let x = 0; x < w; x += 7) count += data[row + x] as number;
	}
	if (count < 100) return 0;
	const cx = w / 2;
	// Each sample as its x from the centre and its y; typed arrays (the scoring loop runs ~80×).
	const xs = new Float64Array(count);
	const ys = new Float64Array(count);
	let k = 0;
	for (let y = 0; y < h; y++) {
		const row = y * w;
		for (let x = 0; x < w; x += 7)
			if (data[row + x]) {
				xs[k] = x - cx;
				ys[k++] = y;
			}
	}
	const bins = new Float64Array(h + 2 * Math.ceil(w * 0.1) + 4);
	const offset = Math.ceil(w * 0.1) + 2;
	const score = (deg: number) => {
		const t = Math.tan((deg * Math.PI) / 180);
		bins.fill(0);
		for (let i = 0; i < count; i++) {
			const y = Math.round((ys[i] as number) - (xs[i] as number) * t + offset);
			if (y >= 0 && y < bins.length) bins[y] = (bins[y] as number) + 1;
		}
		let s = 0;
		for (let i = 0; i < bins.length; i++) s += (bins[i] as number) ** 2;
		return s;
	};
	let best = 0;
	let bestScore = score(0);
	const search = (from: number, to: number, step: number) => {
		for (let a = from; a <= to + 1e-9; a += step) {
			const s = score(a);
			if (s > bestScore) {
				bestScore = s;
				best = a;
			}
		}
	};
	// Coarse to fine: 0.2°, then 0.04°, then 0.01° around the best so far.
	search(-maxDegrees, maxDegrees, 0.2);
	let around = best;
	search(around - 0.2, around + 0.2, 0.04);
	around = best;
	search(around - 0.04, around + 0.04, 0.01);
	return Math.round(best * 1000) / 1000;
}

/**
 * Undo a skew of `degrees` (as {@link estimateSkew} reports it): each output pixel samples the
 * source at the point turned by that angle about the centre, bilinear; paper white where nothing
 * maps.
 */
export function deskew(img: GrayImage, degrees: number): GrayImage {
	const { width: w, height: h, data } = img;
	const out = new Uint8Array(w * h).fill(255);
	const a = (degrees * Math.PI) / 180;
	const cos = Math.cos(a);
	const sin = Math.sin(a);
	const cx = (w - 1) / 2;
	const cy = (h - 1) / 2;
	for (let y = 0; y < h; y++) {
		const dy = y - cy;
		// Source point of x = 0 on this row; each step in x moves it by (cos, sin).
		const bx = cx - cx * cos - dy * sin;
		const by = cy - cx * sin + dy * cos;
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const px = bx + x * cos;
			const py = by + x * sin;
			if (px < 0 || py < 0 || px >= w - 1 || py >= h - 1) continue;
			// Both are ≥ 0 here: truncation is the floor.
			const x0 = px | 0;
			const y0 = py | 0;
			const fx = px - x0;
			const fy = py - y0;
			const i = y0 * w + x0;
			const p00 = data[i] as number;
			const p01 = data[i + 1] as number;
			const top = p00 + (p01 - p00) * fx;
			const p10 = data[i + w] as number;
			const bottom = p10 + ((data[i + w + 1] as number) - p10) * fx;
			out[row + x] = (top + (bottom - top) * fy + 0.5) | 0;
		}
	}
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
}

export interface RulingOptions {
	/** Shortest run counted as a line, in inches (default 0.3: longer than any letter's stroke). */
	minLength?: number;
	/** Largest break inside a line, in pixels (default dpi / 100: noise, a faint print). */
	maxGap?: number;
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
	if (horizontal) {
		for (let y = 0; y < h; y++) {
			const row = y * w;
			let start = -1;
			let last = -1;
			for (let x = 0; x <= w; x++) {
				const on = x < w && data[row + x] === 1;
				if (on) {
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
	return { pos: b.sum / b.weight, lo: b.lo, hi: b.hi, from: b.from, to: b.to };
}

/** Horizontal and vertical ruling lines of a binarized page. */
export function findRulings(
	ink: InkImage,
	dpi: number,
	options: RulingOptions = {},
): { horizontals: Ruling[]; verticals: Ruling[] } {
	const minLen = Math.round((options.minLength ?? 0.3) * dpi);
	const maxGap = options.maxGap ?? Math.max(1, Math.round(dpi / 100));
	const thick = Math.max(3, Math.round(dpi / 30));
	// A band thicker than a ruling is a filled area (a shaded cell, a photo), not a line.
	const thin = (r: Ruling) => r.to - r.from + 1 <= thick;
	return {
		horizontals: bands(runs(ink, true, minLen, maxGap)).filter(thin),
		verticals: bands(runs(ink, false, minLen, maxGap)).filter(thin),
	};
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

/** The blobs of ink inside a box (8-connected), ignoring specks below minArea pixels. */
export function blobs(ink: InkImage, box: Box, minArea = 1): Blob[] {
	const [bx0, by0, bx1, by1] = box;
	const w = bx1 - bx0;
	const h = by1 - by0;
	if (w <= 0 || h <= 0) return [];
	const seen = new Uint8Array(w * h);
	const out: Blob[] = [];
	const stack: number[] = [];
	const W = ink.width;
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const i = y * w + x;
			if (seen[i] || !ink.data[(y + by0) * W + x + bx0]) continue;
			seen[i] = 1;
			stack.push(i);
			let area = 0;
			let minX = x;
			let maxX = x;
			let minY = y;
			let maxY = y;
			while (stack.length) {
				const j = stack.pop() as number;
				const jx = j % w;
				const jy = (j - jx) / w;
				area++;
				if (jx < minX) minX = jx;
				if (jx > maxX) maxX = jx;
				if (jy < minY) minY = jy;
				if (jy > maxY) maxY = jy;
				for (let dy = -1; dy <= 1; dy++) {
					const ny = jy + dy;
					if (ny < 0 || ny >= h) continue;
					for (let dx = -1; dx <= 1; dx++) {
						const nx = jx + dx;
						if (nx < 0 || nx >= w) continue;
						const k = ny * w + nx;
						if (seen[k] || !ink.data[(ny + by0) * W + nx + bx0]) continue;
						seen[k] = 1;
						stack.push(k);
					}
				}
			}
			if (area >= minArea)
				out.push({
					box: [minX + bx0, minY + by0, maxX + bx0 + 1, maxY + by0 + 1],
					area,
				});
		}
	return out;
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
 * Empty (only specks), a lone dash (one small flat blob: "-" reads as nothing or noise in OCR),
 * or ink with its bounding box.
 */
export function cellInk(ink: InkImage, inner: Box, dpi: number): CellInk {
	const found = blobs(ink, inner, speckArea(dpi));
	if (found.length === 0) return { kind: "empty" };
	const box: Box = [
		Math.min(...found.map((b) => b.box[0])),
		Math.min(...found.map((b) => b.box[1])),
		Math.max(...found.map((b) => b.box[2])),
		Math.max(...found.map((b) => b.box[3])),
	];
	if (found.length === 1) {
		const [x0, y0, x1, y1] = box;
		const bw = x1 - x0;
		const bh = y1 - y0;
		if (bh <= dpi * 0.03 && bw >= 2 * bh && bw <= dpi * 0.16)
			return { kind: "dash", box };
	}
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
	for (let y = ry0; y < ry1; y++) {
		// The row's spans under a mask, left to right; the ink between them is counted.
		const cuts = maskRows(y)
			.map((m) => [m[0] - 2, m[2] + 2] as const)
			.sort((a, b) => a[0] - b[0]);
		let n = 0;
		const row = y * W;
		let x = rx0;
		for (const [a, b] of cuts) {
			for (const end = Math.min(a, rx1); x < end; x++)
				n += data[row + x] as number;
			x = Math.max(x, b);
		}
		for (; x < rx1; x++) n += data[row + x] as number;
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
	tables: TableGrid[];
	/** Text outside the tables, top to bottom. */
	regions: TextRegion[];
}

export interface LayoutOptions {
	/** Largest skew corrected, degrees (default 5). */
	maxSkew?: number;
}

/** Binarize, deskew, find the tables and the text around them. */
export function analyzePage(
	page: GrayImage,
	options: LayoutOptions = {},
): PageLayout {
	const dpi = page.dpi || 300;
	let threshold = otsuThreshold(page);
	// estimateSkew reads every 7th column only: binarize those, and the whole page once its
	// angle is known (straightened or not).
	const sampled = new Uint8Array(page.width * page.height);
	for (let i = 0; i < sampled.length; i += page.width)
		for (let x = 0; x < page.width; x += 7)
			sampled[i + x] = (page.data[i + x] as number) <= threshold ? 1 : 0;
	const skew = estimateSkew(
		{ width: page.width, height: page.height, data: sampled },
		options.maxSkew ?? 5,
	);
	let image = page;
	if (Math.abs(skew) >= 0.02) {
		image = deskew(page, skew);
		threshold = otsuThreshold(image);
	}
	const ink = binarize(image, threshold);
	const tables = tableGrids(findRulings(ink, dpi), dpi);
	const masks = tables.map((t) => t.box);
	const lines = textLines(ink, [0, 0, ink.width, ink.height], dpi, masks);
	const regions = textRegions(ink, lines);
	return { image, ink, skew, threshold, tables, regions };
}
