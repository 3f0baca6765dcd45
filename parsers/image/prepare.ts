/**
 * Page preparation before the layout (grid.ts): what archives' copies need and a clean scan
 * does not. Each step looks first and does nothing to a page that does not need it:
 *
 * 1. A photo (a desk or floor showing all around the page): the page's outline is found and
 *    its perspective undone (4-point homography, bilinear), the resolution taken from its size
 *    (an A4 page).
 * 2. Uneven paper (a copier's toner fading towards one edge, a shadow over one side): the
 *    background is estimated in blocks (a high percentile: the paper between the ink) and divided
 *    out, so one threshold fits the whole page and the OCR gets an even gray.
 * 3. A page fed sideways: letters' centres line up along columns instead of rows; it is turned a
 *    quarter turn (upside down or not is then decided by the OCR, in index.ts).
 * 4. A bilevel page (fax, "black and white" scan): specks of a few pixels are removed. A page
 *    whose strokes are broken pixel by pixel (many pinholes in the ink) is repaired instead
 *    (repairStrokes): its pinholes filled, smoothed at twice its resolution and thresholded
 *    again (smoothBilevel), its specks removed after: still bilevel, its strokes whole. (Softening
 *    a fax's strokes to gray edges for the OCR was measured and not kept: a fax page read two of
 *    its four item numbers instead of all four; smoothing a fax whose strokes are whole, as
 *    ours, lost a row of its page 3 — it is done only to broken strokes.) The page's own pixels
 *    (specks removed, not smoothed) are kept beside it (`Prepared.bilevel`): a smoothed page's
 *    text cells are read from them blurred to gray (index.ts, soft-view.ts) — text only, as
 *    item numbers read from that view were lost again ("4.8" read "58").
 */
import {
	binarize,
	blobs,
	type InkImage,
	otsuThreshold,
	speckArea,
} from "./grid.ts";
import { homography, type Point, warp } from "./perspective.ts";
import type { GrayImage } from "./types.ts";

/** The page turned by `turns` quarter turns clockwise (a copy; the same image for 0). */
export function quarterTurn(image: GrayImage, turns: number): GrayImage {
	const t = ((turns % 4) + 4) % 4;
	const { width: w, height: h, data } = image;
	if (t === 0) return image;
	if (t === 2) return { ...image, data: data.slice().reverse() };
	const out = new Uint8Array(w * h);
	// clockwise: source (x, y) → (h − 1 − y, x); the new width is h
	for (let y = 0; y < h; y++) {
		const row = y * w;
		if (t === 1)
			for (let x = 0; x < w; x++)
				out[x * h + (h - 1 - y)] = data[row + x] as number;
		else
			for (let x = 0; x < w; x++)
				out[(w - 1 - x) * h + y] = data[row + x] as number;
	}
	return { width: h, height: w, data: out, dpi: image.dpi };
}

// ── 1. photos ───────────────────────────────────────────────────────────────────────────────

/** A box-averaged copy, `f` times smaller each way. */
function shrink(img: GrayImage, f: number): GrayImage {
	const w = Math.floor(img.width / f);
	const h = Math.floor(img.height / f);
	const out = new Uint8Array(w * h);
	const acc = new Uint32Array(w);
	const { data, width } = img;
	for (let y = 0; y < h; y++) {
		acc.fill(0);
		for (let dy = 0; dy < f; dy++) {
			const row = (y * f + dy) * width;
			for (let x = 0; x < w; x++) {
				let s = 0;
				const o = row + x * f;
				for (let dx = 0; dx < f; dx++) s += data[o + dx] as number;
				acc[x] = (acc[x] as number) + s;
			}
		}
		for (let x = 0; x < w; x++) out[y * w + x] = (acc[x] as number) / (f * f);
	}
	return { width: w, height: h, data: out, dpi: img.dpi / f };
}

/** Least-squares line through points (as y = a + b·t along the side), dropping outliers once. */
function fitLine(ts: number[], vs: number[]): [number, number] | undefined {
	const solve = (keep: boolean[]): [number, number] | undefined => {
		let n = 0;
		let st = 0;
		let sv = 0;
		let stt = 0;
		let stv = 0;
		for (let i = 0; i < ts.length; i++) {
			if (!keep[i]) continue;
			const t = ts[i] as number;
			const v = vs[i] as number;
			n++;
			st += t;
			sv += v;
			stt += t * t;
			stv += t * v;
		}
		const d = n * stt - st * st;
		if (n < 5 || d === 0) return undefined;
		const b = (n * stv - st * sv) / d;
		return [(sv - b * st) / n, b];
	};
	const first = solve(ts.map(() => true));
	if (!first) return undefined;
	const res = ts.map((t, i) =>
		Math.abs((vs[i] as number) - (first[0] + first[1] * t)),
	);
	const sorted = [...res].sort((a, b) => a - b);
	const cut = Math.max(1.5, 2 * (sorted[sorted.length >> 1] as number));
	return solve(res.map((r) => r <= cut));
}

/**
 * The outline of a page photographed on a darker surface (top-left, top-right, bottom-right,
 * bottom-left, in pixels), or undefined when no such surface shows at the image's edges (a
 * scan). The page is the largest bright region of a ≈ 600-pixel copy; each side is a line fitted
 * to its edge, the corners where they meet.
 */
export function pageOutline(img: GrayImage): Point[] | undefined {
	const f = Math.max(1, Math.ceil(Math.max(img.width, img.height) / 600));
	const w = Math.floor(img.width / f);
	const h = Math.floor(img.height / f);
	if (w < 50 || h < 50) return undefined;
	// The shrunk image's pixel (x, y) (as shrink gives it): the ring and the middle are looked at
	// before the whole image is shrunk, so a page with no desk around it (a scan) costs them only.
	const at = (x: number, y: number) => {
		let s = 0;
		for (let dy = 0; dy < f; dy++) {
			const o = (y * f + dy) * img.width + x * f;
			for (let dx = 0; dx < f; dx++) s += img.data[o + dx] as number;
		}
		return Math.floor(s / (f * f));
	};
	// The ring of the image's outermost pixels (a desk, when this is a photo) and the middle
	// half (the paper between the ink).
	const ringValues: number[] = [];
	for (let x = 0; x < w; x++)
		for (const y of [0, 1, h - 2, h - 1]) ringValues.push(at(x, y));
	for (let y = 2; y < h - 2; y++)
		for (const x of [0, 1, w - 2, w - 1]) ringValues.push(at(x, y));
	const middle: number[] = [];
	for (let y = h >> 2; y < h - (h >> 2); y += 2)
		for (let x = w >> 2; x < w - (w >> 2); x += 2) middle.push(at(x, y));
	const median = (v: number[]) =>
		v.sort((a, b) => a - b)[v.length >> 1] as number;
	const desk = median(ringValues);
	const paper = median(middle);
	if (paper - desk < 40) return undefined;
	const small = shrink(img, f);
	const { data } = small;
	const t = otsuThreshold(small);
	// A desk shows: most of the outermost ring is dark, and it is clearly darker than the middle.
	const dark = ringValues.filter((v) => v <= t).length;
	if (dark < 0.6 * ringValues.length) return undefined;
	// Largest 4-connected bright region (the paper; the text inside does not cut it).
	const label = new Int32Array(w * h).fill(-1);
	let best = -1;
	let bestSize = 0;
	const stack: number[] = [];
	for (let s = 0; s < w * h; s++) {
		if (label[s] !== -1 || (data[s] as number) <= t) continue;
		let size = 0;
		label[s] = s;
		stack.push(s);
		while (stack.length > 0) {
			const p = stack.pop() as number;
			size++;
			const x = p % w;
			for (const q of [
				p - w,
				p + w,
				x > 0 ? p - 1 : -1,
				x < w - 1 ? p + 1 : -1,
			])
				if (q >= 0 && q < w * h && label[q] === -1 && (data[q] as number) > t) {
					label[q] = s;
					stack.push(q);
				}
		}
		if (size > bestSize) {
			bestSize = size;
			best = s;
		}
	}
	if (bestSize < 0.25 * w * h) return undefined;
	const inPage = (x: number, y: number) => label[y * w + x] === best;
	// Each side: the first page pixel met coming in from that edge, along the middle 80%.
	let minX = w;
	let maxX = 0;
	let minY = h;
	let maxY = 0;
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++)
			if (inPage(x, y)) {
				if (x < minX) minX = x;
				if (x > maxX) maxX = x;
				if (y < minY) minY = y;
				if (y > maxY) maxY = y;
			}
	const side = (
		from: number,
		to: number,
		probe: (t: number) => number | undefined,
	) => {
		const ts: number[] = [];
		const vs: number[] = [];
		const span = to - from;
		for (let k = from + 0.1 * span; k <= to - 0.1 * span; k++) {
			const v = probe(Math.round(k));
			if (v !== undefined) {
				ts.push(Math.round(k));
				vs.push(v);
			}
		}
		return fitLine(ts, vs);
	};
	// Coming in from an edge, the page's edge is the sharpest rise from the desk to the paper met
	// before the bright region: a shadow over that side darkens the paper below the threshold
	// (the region then ends at the shadow, inside the page), but its edge is soft, and the
	// paper's edge is not.
	const minRise = 0.25 * (paper - desk);
	const scan = (
		n: number,
		get: (i: number) => boolean,
		value: (i: number) => number,
		reverse: boolean,
	): number | undefined => {
		const at = (i: number) => value(reverse ? n - 1 - i : i);
		let first = -1;
		for (let i = 0; i < n; i++)
			if (get(reverse ? n - 1 - i : i)) {
				first = i;
				break;
			}
		if (first < 0) return undefined;
		const last = Math.min(first + 1, n - 3);
		if (last < 2) return reverse ? n - first : first;
		const rises: number[] = [];
		for (let k = 2; k <= last; k++)
			rises.push(at(k + 1) + at(k + 2) - at(k - 1) - at(k - 2));
		const most = Math.max(...rises);
		if (most < 2 * minRise) return reverse ? n - first : first;
		// The outermost strong rise (a ruling line inside the shaded paper rises as sharply as
		// the paper's edge), at its steepest.
		let k = rises.findIndex((r) => r >= Math.max(2 * minRise, 0.5 * most));
		while (
			k + 1 < rises.length &&
			(rises[k + 1] as number) > (rises[k] as number)
		)
			k++;
		// The rise at pixel i spans pixels i − 2 … i + 2, so a step's rise is spread over five
		// pixels: the edge is the centroid of the rise over those around its steepest, and the
		// paper starts half a pixel after it. (Taking the steepest pixel as the paper's first put
		// the outline out on the desk by about half a pixel of this copy: 2.5 pixels of a
		// 200-dpi photo, on every side.)
		let mass = 0;
		let moment = 0;
		for (let i = k - 2; i <= k + 2; i++) {
			const r = Math.max(0, (rises[i] as number | undefined) ?? 0);
			mass += r;
			moment += r * i;
		}
		const centre = 2 + (mass > 0 ? moment / mass : k);
		const edge = centre + 0.5;
		return reverse ? n - edge : edge;
	};
	const px = (x: number, y: number) => data[y * w + x] as number;
	const top = side(minX, maxX, (x) =>
		scan(
			h,
			(y) => inPage(x, y),
			(y) => px(x, y),
			false,
		),
	);
	const bottom = side(minX, maxX, (x) =>
		scan(
			h,
			(y) => inPage(x, y),
			(y) => px(x, y),
			true,
		),
	);
	const left = side(minY, maxY, (y) =>
		scan(
			w,
			(x) => inPage(x, y),
			(x) => px(x, y),
			false,
		),
	);
	const right = side(minY, maxY, (y) =>
		scan(
			w,
			(x) => inPage(x, y),
			(x) => px(x, y),
			true,
		),
	);
	if (!top || !bottom || !left || !right) return undefined;
	// y = a + b·x (top, bottom) meets x = c + d·y (left, right)
	const meet = (hz: [number, number], vt: [number, number]): Point => {
		const [a, b] = hz;
		const [c, d] = vt;
		const y = (a + b * c) / (1 - b * d);
		const x = c + d * y;
		return [x * f, y * f];
	};
	const corners = [
		meet(top, left),
		meet(top, right),
		meet(bottom, right),
		meet(bottom, left),
	];
	// A quadrilateral covering a fair part of the photo, inside it.
	let area = 0;
	for (let i = 0; i < 4; i++) {
		const [x0, y0] = corners[i] as Point;
		const [x1, y1] = corners[(i + 1) % 4] as Point;
		area += x0 * y1 - x1 * y0;
	}
	area = Math.abs(area) / 2;
	if (area < 0.25 * img.width * img.height) return undefined;
	return corners;
}

/** Standard paper's long side, inches (A4). */
const A4_LONG = 11.69;

/**
 * The page inside a photo, flattened to a rectangle (width and height the longer of its
 * opposite sides; the resolution from its long side when the shape is A4's). Undefined when the
 * image is not a photo of a page on a darker surface.
 */
export function unwarpPhoto(
	img: GrayImage,
): { image: GrayImage; corners: Point[] } | undefined {
	const corners = pageOutline(img);
	if (!corners) return undefined;
	const [tl, tr, br, bl] = corners as [Point, Point, Point, Point];
	const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
	const W = Math.round(Math.max(dist(tl, tr), dist(bl, br)));
	const H = Math.round(Math.max(dist(tl, bl), dist(tr, br)));
	const ratio = Math.max(W, H) / Math.min(W, H);
	const dpi =
		ratio > 1.3 && ratio < 1.55
			? Math.round(Math.max(W, H) / A4_LONG)
			: img.dpi;
	const toSource = homography(
		[
			[0, 0],
			[W, 0],
			[W, H],
			[0, H],
		],
		corners,
	);
	const image = warp(img, toSource, W, H, 255, dpi);
	return { image, corners };
}

// ── 2. uneven paper ─────────────────────────────────────────────────────────────────────────

/**
 * The paper's gray at each block of about 1/5 inch: the 90th percentile of the block (a sample
 * of every other pixel), then the brightest of each 3 × 3 neighbourhood (a block full of ink
 * takes its neighbours' paper) and their mean.
 */
function background(img: GrayImage): {
	grid: Float32Array;
	cols: number;
	rows: number;
	size: number;
} {
	const { width: w, height: h, data } = img;
	const size = Math.max(16, Math.round((img.dpi || 300) / 5));
	const cols = Math.ceil(w / size);
	const rows = Math.ceil(h / size);
	const raw = new Float32Array(cols * rows);
	const hist = new Uint32Array(256);
	for (let by = 0; by < rows; by++)
		for (let bx = 0; bx < cols; bx++) {
			hist.fill(0);
			let n = 0;
			const y1 = Math.min(h, (by + 1) * size);
			const x1 = Math.min(w, (bx + 1) * size);
			for (let y = by * size; y < y1; y += 2) {
				const row = y * w;
				for (let x = bx * size; x < x1; x += 2) {
					const v = data[row + x] as number;
					hist[v] = (hist[v] as number) + 1;
					n++;
				}
			}
			let k = 0;
			let v = 255;
			const want = 0.9 * n;
			for (let i = 0; i < 256; i++) {
				k += hist[i] as number;
				if (k >= want) {
					v = i;
					break;
				}
			}
			raw[by * cols + bx] = v;
		}
	const at = (g: Float32Array, x: number, y: number) =>
		g[
			Math.min(rows - 1, Math.max(0, y)) * cols +
				Math.min(cols - 1, Math.max(0, x))
		] as number;
	const maxed = new Float32Array(cols * rows);
	for (let y = 0; y < rows; y++)
		for (let x = 0; x < cols; x++) {
			let m = 0;
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++)
					m = Math.max(m, at(raw, x + dx, y + dy));
			maxed[y * cols + x] = m;
		}
	const grid = new Float32Array(cols * rows);
	for (let y = 0; y < rows; y++)
		for (let x = 0; x < cols; x++) {
			let s = 0;
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++) s += at(maxed, x + dx, y + dy);
			grid[y * cols + x] = s / 9;
		}
	return { grid, cols, rows, size };
}

/**
 * The page with its paper made even: each pixel divided by the paper's gray around it (bilinear
 * between blocks), so paper is white and the ink keeps its contrast. The same image when the
 * paper is already even (a clean scan: its blocks within 12 gray levels, none below 215).
 */
export function evenBackground(img: GrayImage): GrayImage {
	const { grid, cols, rows, size } = background(img);
	const sorted = [...grid].sort((a, b) => a - b);
	const lo = sorted[Math.floor(sorted.length * 0.05)] as number;
	const hi = sorted[Math.floor(sorted.length * 0.95)] as number;
	if (hi - lo <= 12 && lo >= 215) return img;
	const { width: w, height: h, data } = img;
	const out = new Uint8Array(w * h);
	const rowBg = new Float32Array(w);
	// Along x, the paper between the grid rows y0 and y1 (the same for every row of a band of
	// blocks: worked out once a band, not once a row).
	const above = new Float64Array(w);
	const below = new Float64Array(w);
	let band = -1;
	for (let y = 0; y < h; y++) {
		const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / size - 0.5));
		const y0 = Math.floor(gy);
		const y1 = Math.min(rows - 1, y0 + 1);
		const fy = gy - y0;
		if (y0 !== band) {
			band = y0;
			for (let x = 0; x < w; x++) {
				const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / size - 0.5));
				const x0 = Math.floor(gx);
				const x1 = Math.min(cols - 1, x0 + 1);
				const fx = gx - x0;
				above[x] =
					(grid[y0 * cols + x0] as number) * (1 - fx) +
					(grid[y0 * cols + x1] as number) * fx;
				below[x] =
					(grid[y1 * cols + x0] as number) * (1 - fx) +
					(grid[y1 * cols + x1] as number) * fx;
			}
		}
		for (let x = 0; x < w; x++)
			rowBg[x] = (above[x] as number) * (1 - fy) + (below[x] as number) * fy;
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const v =
				((data[row + x] as number) * 255) / Math.max(32, rowBg[x] as number);
			out[row + x] = Math.min(255, v);
		}
	}
	return { width: w, height: h, data: out, dpi: img.dpi };
}

// ── 3. sideways ─────────────────────────────────────────────────────────────────────────────

/**
 * Votes of the page's text for lines running along x (positive) or along y (negative): in each
 * tile of about 3/4 inch holding text and no ruling line, the variance of its ink per row
 * against per column (text lines make rows of ink and rows of paper; across them, letters and
 * spaces are finer and even out). The log of the ratio, summed over the tiles.
 */
export function lineVotes(
	img: GrayImage,
	ink?: InkImage,
	threshold = ink ? 0 : otsuThreshold(img),
): number {
	return votesOf(img, ink, threshold);
}

/**
 * {@link lineVotes}, or with `floor`, stopped as soon as the tiles left (each voting −2 at
 * least) cannot take the sum below it: then a sum at or above `floor`, not the whole.
 */
function votesOf(
	img: GrayImage,
	ink: InkImage | undefined,
	threshold: number,
	floor?: number,
): number {
	// Ink: the binarized page's 1s, or (no ink given) the gray page at or below the threshold
	// (Otsu's), looked up pixel by pixel rather than a binarized copy made first.
	const isInk = new Uint8Array(256);
	if (ink) isInk[1] = 1;
	else isInk.fill(1, 0, threshold + 1);
	const { width: w, height: h } = img;
	const data = ink ? ink.data : img.data;
	const size = Math.max(24, Math.round((img.dpi || 300) * 0.75));
	const rows = new Int32Array(size);
	const cols = new Int32Array(size);
	let votes = 0;
	const variance = (a: Int32Array) => {
		let s = 0;
		let ss = 0;
		for (const v of a) {
			s += v;
			ss += v * v;
		}
		const m = s / a.length;
		return ss / a.length - m * m;
	};
	const line = 0.6 * size;
	let left = Math.floor(h / size) * Math.floor(w / size);
	for (let ty = 0; ty + size <= h; ty += size)
		for (let tx = 0; tx + size <= w; tx += size) {
			// (a margin against the sums' rounding: the answer is never in doubt)
			if (floor !== undefined && votes - 2 * left >= floor + 1e-6) return votes;
			left--;
			cols.fill(0);
			let n = 0;
			for (let y = 0; y < size; y++) {
				const row = (ty + y) * w + tx;
				let r = 0;
				for (let x = 0; x < size; x++) {
					const v = isInk[data[row + x] as number] as number;
					r += v;
					cols[x] = (cols[x] as number) + v;
				}
				rows[y] = r;
				n += r;
			}
			const fill = n / (size * size);
			if (fill < 0.03 || fill > 0.35) continue;
			// a ruling line in the tile: a row or a column mostly ink
			if (rows.some((v) => v > line) || cols.some((v) => v > line)) continue;
			const vr = variance(rows);
			const vc = variance(cols);
			if (vr <= 0 || vc <= 0) continue;
			votes += Math.max(-2, Math.min(2, Math.log(vr / vc)));
		}
	return votes;
}

/**
 * Whether the text runs up or down the page (a page fed or photographed sideways): its
 * {@link lineVotes} below {@link SIDEWAYS}, the tiles counted only until the answer is sure (an
 * upright page's text has outvoted the tiles left). `threshold`: Otsu's, when already known.
 */
export function isSideways(
	img: GrayImage,
	threshold = otsuThreshold(img),
): boolean {
	return votesOf(img, undefined, threshold, SIDEWAYS) < SIDEWAYS;
}

/** Votes below this: the text runs along y (see {@link lineVotes}). */
const SIDEWAYS = -10;

// ── 4. specks ───────────────────────────────────────────────────────────────────────────────

/** Whether every pixel is black or white (a fax, a "black and white" scan). */
export function isBilevel(img: GrayImage): boolean {
	const d = img.data;
	for (let i = 0; i < d.length; i += 97) {
		const v = d[i] as number;
		if (v !== 0 && v !== 255) return false;
	}
	return true;
}

/** Blobs of ink smaller than a speck at this resolution painted white (a copy). */
export function despeckle(img: GrayImage): GrayImage {
	const ink = binarize(img, 127);
	const limit = speckArea(img.dpi || 300);
	const out = img.data.slice();
	for (const b of blobs(ink, [0, 0, img.width, img.height])) {
		if (b.area >= limit) continue;
		for (let y = b.box[1]; y < b.box[3]; y++)
			out.fill(255, y * img.width + b.box[0], y * img.width + b.box[2]);
	}
	return { ...img, data: out };
}

/**
 * Pinholes in a bilevel page's ink: paper pixels with ink on three or four of their four sides,
 * per ink pixel. Strokes printed whole leave few (a clean fax: about 0.013); strokes broken pixel
 * by pixel (a fax whose pixels were spread, a rough "black and white" scan) about 0.18.
 */
export function pinholes(img: GrayImage): number {
	const { width: w, height: h, data } = img;
	let ink = 0;
	let holes = 0;
	for (let y = 1; y < h - 1; y++)
		for (let x = 1; x < w - 1; x++) {
			const i = y * w + x;
			if (data[i] === 0) {
				ink++;
				continue;
			}
			const n =
				(data[i - 1] === 0 ? 1 : 0) +
				(data[i + 1] === 0 ? 1 : 0) +
				(data[i - w] === 0 ? 1 : 0) +
				(data[i + w] === 0 ? 1 : 0);
			if (n >= 3) holes++;
		}
	return ink > 0 ? holes / ink : 0;
}

/** Pinholes filled: paper pixels with ink on three or four of their four sides made ink (a copy). */
export function fillPinholes(img: GrayImage): GrayImage {
	const { width: w, height: h, data } = img;
	const out = data.slice();
	for (let y = 1; y < h - 1; y++)
		for (let x = 1; x < w - 1; x++) {
			const i = y * w + x;
			if (data[i] === 0) continue;
			const n =
				(data[i - 1] === 0 ? 1 : 0) +
				(data[i + 1] === 0 ? 1 : 0) +
				(data[i - w] === 0 ? 1 : 0) +
				(data[i + w] === 0 ? 1 : 0);
			if (n >= 3) out[i] = 0;
		}
	return { ...img, data: out };
}

/** Ink closed by a 3 × 3 square: dilated, then eroded (a copy). */
export function closeInk(img: GrayImage): GrayImage {
	const { width: w, height: h, data } = img;
	const pass = (src: Uint8Array, ink: boolean): Uint8Array => {
		// ink: any ink in the 3 × 3 makes ink (dilate); else any paper makes paper (erode)
		const want = ink ? 0 : 255;
		const tmp = src.slice();
		for (let y = 0; y < h; y++)
			for (let x = 1; x < w - 1; x++) {
				const i = y * w + x;
				if (src[i - 1] === want || src[i + 1] === want) tmp[i] = want;
			}
		const out = tmp.slice();
		for (let y = 1; y < h - 1; y++)
			for (let x = 0; x < w; x++) {
				const i = y * w + x;
				if (tmp[i - w] === want || tmp[i + w] === want) out[i] = want;
			}
		return out;
	};
	return { ...img, data: pass(pass(data, true), false) };
}

/** The majority of each 3 × 3 neighbourhood of a bilevel page (a copy). */
export function median3(img: GrayImage): GrayImage {
	const { width: w, height: h, data } = img;
	const out = data.slice();
	for (let y = 1; y < h - 1; y++)
		for (let x = 1; x < w - 1; x++) {
			let n = 0;
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++)
					if (data[(y + dy) * w + x + dx] === 0) n++;
			out[y * w + x] = n >= 5 ? 0 : 255;
		}
	return { ...img, data: out };
}

/** Pinholes per ink pixel from which a bilevel page's strokes count as broken (smoothed). */
export const RAGGED = 0.06;

/**
 * A bilevel page's jagged strokes made smooth, at twice the resolution: each pixel doubled each
 * way (bilinear), a Gaussian blur of `sigma` output pixels, and a threshold at `cut` (past the
 * middle, so a stroke broken by a pixel of paper is joined; 1.8 and 180 read most of a rough
 * fax page's values and keep its column lines whole, where 1.5 and 150 broke a line apart),
 * or the blurred gray when `cut` is negative. A fax's strokes, spread
 * and broken pixel by pixel, come out whole; the OCR reads the letters' shapes, not their
 * ragged edges, and the grid finder's lines are straight. The page stays bilevel.
 */
export function smoothBilevel(
	img: GrayImage,
	sigma = 1.8,
	cut = 180,
): GrayImage {
	const { width: w, height: h, data } = img;
	const W = w * 2;
	const H = h * 2;
	// Gaussian taps
	const r = Math.ceil(sigma * 2.5);
	const taps = new Float32Array(2 * r + 1);
	let sum = 0;
	for (let i = -r; i <= r; i++) {
		const v = Math.exp(-(i * i) / (2 * sigma * sigma));
		taps[i + r] = v;
		sum += v;
	}
	for (let i = 0; i < taps.length; i++) taps[i] = (taps[i] as number) / sum;
	// Doubled along x (bilinear: output pixel X samples x = (X + 0.5) / 2 − 0.5), then blurred
	// along x, row by row.
	const rowUp = new Float32Array(W);
	const horiz = new Float32Array(W * h);
	for (let y = 0; y < h; y++) {
		const row = y * w;
		for (let X = 0; X < W; X++) {
			const sx = Math.min(w - 1, Math.max(0, (X + 0.5) / 2 - 0.5));
			const ix = Math.min(w - 2, Math.floor(sx));
			const f = sx - ix;
			rowUp[X] =
				(data[row + ix] as number) * (1 - f) +
				(data[row + ix + 1] as number) * f;
		}
		const o = y * W;
		for (let X = 0; X < W; X++) {
			let s = 0;
			for (let i = -r; i <= r; i++) {
				const xx = X + i < 0 ? 0 : X + i >= W ? W - 1 : X + i;
				s += (rowUp[xx] as number) * (taps[i + r] as number);
			}
			horiz[o + X] = s;
		}
	}
	// Doubled along y, blurred along y, thresholded.
	const out = new Uint8Array(W * H);
	const colUp = new Float32Array(H);
	for (let X = 0; X < W; X++) {
		for (let Y = 0; Y < H; Y++) {
			const sy = Math.min(h - 1, Math.max(0, (Y + 0.5) / 2 - 0.5));
			const iy = Math.min(h - 2, Math.floor(sy));
			const f = sy - iy;
			colUp[Y] =
				(horiz[iy * W + X] as number) * (1 - f) +
				(horiz[(iy + 1) * W + X] as number) * f;
		}
		for (let Y = 0; Y < H; Y++) {
			let s = 0;
			for (let i = -r; i <= r; i++) {
				const yy = Y + i < 0 ? 0 : Y + i >= H ? H - 1 : Y + i;
				s += (colUp[yy] as number) * (taps[i + r] as number);
			}
			out[Y * W + X] = cut < 0 ? Math.round(s) : s <= cut ? 0 : 255;
		}
	}
	return { width: W, height: H, data: out, dpi: (img.dpi || 300) * 2 };
}

/**
 * A bilevel page's strokes broken pixel by pixel, repaired: its pinholes filled, smoothed at
 * twice its resolution (smoothBilevel), and its specks removed after, at that resolution (one
 * pixel of noise does not survive the smoothing; removing specks first took a dash broken pixel
 * by pixel with them, its pieces a speck's size — a budget's "-" read as an empty cell).
 */
export function repairStrokes(img: GrayImage): GrayImage {
	return despeckle(smoothBilevel(fillPinholes(img)));
}

/** A Gaussian blur of `sigma` pixels (a copy): a bilevel crop read as gray. */
export function blurGray(img: GrayImage, sigma: number): GrayImage {
	const { width: w, height: h, data } = img;
	const r = Math.max(1, Math.ceil(sigma * 2.5));
	const taps = new Float32Array(2 * r + 1);
	let sum = 0;
	for (let i = -r; i <= r; i++) {
		taps[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
		sum += taps[i + r] as number;
	}
	for (let i = 0; i < taps.length; i++) taps[i] = (taps[i] as number) / sum;
	const tmp = new Float32Array(w * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			let s = 0;
			for (let i = -r; i <= r; i++) {
				const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
				s += (data[y * w + xx] as number) * (taps[i + r] as number);
			}
			tmp[y * w + x] = s;
		}
	const out = new Uint8Array(w * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			let s = 0;
			for (let i = -r; i <= r; i++) {
				const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
				s += (tmp[yy * w + x] as number) * (taps[i + r] as number);
			}
			out[y * w + x] = Math.round(s);
		}
	return { ...img, data: out };
}

/** A margin of 1/10 inch painted white, in place (what is left of a desk along a photo's cut). */
function whiteMargin(image: GrayImage): void {
	const { width: W, height: H, data: d } = image;
	const m = Math.max(2, Math.round((image.dpi || 300) / 10));
	for (let y = 0; y < H; y++) {
		const row = y * W;
		if (y < m || y >= H - m) d.fill(255, row, row + W);
		else {
			d.fill(255, row, row + m);
			d.fill(255, row + W - m, row + W);
		}
	}
}

/** What preparation did to a page (for the reader's notes). */
export interface Prepared {
	image: GrayImage;
	/** Corners of the page in the photo, when it was one. */
	outline?: Point[];
	/** The paper was evened out. */
	evened: boolean;
	/** Quarter turns clockwise applied (1 or 3 here: sideways; index.ts may add 2). */
	turns: number;
	despeckled: boolean;
	/** A bilevel page's broken strokes repaired at twice its resolution (repairStrokes). */
	smoothed?: boolean;
	/**
	 * A bilevel page's own pixels, turned as `image`: specks removed, or on a smoothed page as
	 * scanned, at half `image`'s resolution (the OCR reads its text cells from a gray view of
	 * them: soft-view.ts).
	 */
	bilevel?: GrayImage;
	/** Otsu's threshold of `image`, when found here (for the layout: analyzePage's option). */
	threshold?: number;
}

/** Steps 1–4 on one page. */
export function preparePage(page: GrayImage): Prepared {
	let image = page;
	const photo = unwarpPhoto(image);
	if (photo) image = photo.image;
	const even = evenBackground(image);
	const evened = even !== image;
	image = even;
	if (photo) {
		if (!evened) image = { ...image, data: image.data.slice() };
		whiteMargin(image);
	}
	let despeckled = false;
	let smoothed = false;
	let bilevel: GrayImage | undefined;
	if (isBilevel(image)) {
		const clean = despeckle(image);
		despeckled = true;
		bilevel = clean;
		if (pinholes(clean) >= RAGGED) {
			// Its own pixels kept as scanned, specks and all: its strokes broken pixel by pixel,
			// despeckling takes pieces of the letters with the specks, where blurred to gray a
			// lone pixel of ink stays light, under any reading's threshold (soft-view.ts).
			bilevel = image;
			image = repairStrokes(image);
			smoothed = true;
		} else image = clean;
	}
	let turns = 0;
	// Otsu's threshold of the page as it stands: the sideways votes' and, unless it is turned,
	// the layout's (a quarter turn samples other pixels).
	const threshold = otsuThreshold(image);
	if (isSideways(image, threshold)) {
		image = quarterTurn(image, 1);
		if (bilevel) bilevel = quarterTurn(bilevel, 1);
		turns = 1;
	}
	return {
		image,
		...(turns === 0 ? { threshold } : {}),
		...(photo ? { outline: photo.corners } : {}),
		evened,
		turns,
		despeckled,
		...(smoothed ? { smoothed } : {}),
		...(bilevel ? { bilevel } : {}),
	};
}
