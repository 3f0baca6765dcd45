/**
 * Ruled tables by crossings, the way tabula-java's lattice ("spreadsheet") mode finds them, for
 * measuring against its test suite (tables.ts, conventions "tabula"):
 *
 * - Ruling ends closer than the smallest glyph of the area snap together; collinear rulings that
 *   meet (within a point) merge. A ruling keeps the direction it was given in: tabula-java only
 *   finds crossings with horizontal rulings drawn left to right, and stretches a ruling by 2
 *   points at its start and end, which shortens one drawn backwards.
 * - A cell is a rectangle whose four corners are crossings, its left and top sides along the
 *   same rulings as its top-left corner, its right and bottom sides along those of the corners
 *   beside and below it (the nearest such corners).
 * - Cells that touch make one table; each row lists the cells starting on it one after another
 *   (a spanning cell takes one place), the first at the largest number of cells lying wholly
 *   left of it and below it in any one row.
 * - A cell's text is the glyphs lying wholly inside it, joined into words and lines by tabula's
 *   word rule, NFKC-normalised.
 *
 * Coordinates are page space (top-left origin, y down).
 */
import type { Box, Glyph } from "./geometry.ts";

/** A ruling from (x1, y1) to (x2, y2), in the direction it was drawn. */
export interface Ruling {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

const PERPENDICULAR_EXPAND = 2;
const COLINEAR_EXPAND = 1;
const EPSILON = 0.01;
const feq = (a: number, b: number) => Math.abs(a - b) < EPSILON;

export const isVertical = (r: Ruling) => length(r) > 0 && feq(r.x1, r.x2);
export const isHorizontal = (r: Ruling) => length(r) > 0 && feq(r.y1, r.y2);
const length = (r: Ruling) => Math.hypot(r.x1 - r.x2, r.y1 - r.y2);
const position = (r: Ruling) => (isVertical(r) ? r.x1 : r.y1);
const start = (r: Ruling) => (isVertical(r) ? r.y1 : r.x1);
const end = (r: Ruling) => (isVertical(r) ? r.y2 : r.x2);

/** Stretched by `a` at its start and end (a ruling drawn backwards shrinks). */
function expand(r: Ruling, a: number): Ruling {
	return isVertical(r)
		? { x1: r.x1, y1: r.y1 - a, x2: r.x2, y2: r.y2 + a }
		: { x1: r.x1 - a, y1: r.y1, x2: r.x2 + a, y2: r.y2 };
}

/** Do two segments intersect (touching and collinear overlap included)? */
function segmentsIntersect(a: Ruling, b: Ruling): boolean {
	const ccw = (
		x1: number,
		y1: number,
		x2: number,
		y2: number,
		px: number,
		py: number,
	) => {
		const ax = x2 - x1;
		const ay = y2 - y1;
		let bx = px - x1;
		let by = py - y1;
		let c = bx * ay - by * ax;
		if (c === 0) {
			c = bx * ax + by * ay;
			if (c > 0) {
				bx -= ax;
				by -= ay;
				c = bx * ax + by * ay;
				if (c < 0) c = 0;
			}
		}
		return c < 0 ? -1 : c > 0 ? 1 : 0;
	};
	return (
		ccw(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1) *
			ccw(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2) <=
			0 &&
		ccw(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1) *
			ccw(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2) <=
			0
	);
}

/** Clip a segment to a box (Cohen–Sutherland); undefined when it lies outside. */
export function clipRuling(r: Ruling, box: Box): Ruling | undefined {
	const [xmin, ymin, xmax, ymax] = box;
	const code = (x: number, y: number) =>
		(x < xmin ? 1 : x > xmax ? 2 : 0) | (y < ymin ? 4 : y > ymax ? 8 : 0);
	let { x1, y1, x2, y2 } = r;
	let c1 = code(x1, y1);
	let c2 = code(x2, y2);
	for (let i = 0; i < 8; i++) {
		if (!(c1 | c2)) return { x1, y1, x2, y2 };
		if (c1 & c2) return undefined;
		const c = c1 || c2;
		let x = 0;
		let y = 0;
		if (c & 8) {
			x = x1 + ((x2 - x1) * (ymax - y1)) / (y2 - y1);
			y = ymax;
		} else if (c & 4) {
			x = x1 + ((x2 - x1) * (ymin - y1)) / (y2 - y1);
			y = ymin;
		} else if (c & 2) {
			y = y1 + ((y2 - y1) * (xmax - x1)) / (x2 - x1);
			x = xmax;
		} else {
			y = y1 + ((y2 - y1) * (xmin - x1)) / (x2 - x1);
			x = xmin;
		}
		if (c === c1) {
			x1 = x;
			y1 = y;
			c1 = code(x1, y1);
		} else {
			x2 = x;
			y2 = y;
			c2 = code(x2, y2);
		}
	}
	return undefined;
}

/**
 * Snap ruling ends lying within the thresholds of each other to their mean, x then y (as
 * tabula-java does, whose grouping leaves out the last end in each order).
 */
export function snapEnds(rulings: Ruling[], xt: number, yt: number): void {
	if (rulings.length === 0) return;
	const points = rulings.flatMap((r) => [
		{ r, first: true, x: r.x1, y: r.y1 },
		{ r, first: false, x: r.x2, y: r.y2 },
	]);
	for (const axis of ["x", "y"] as const) {
		const t = axis === "x" ? xt : yt;
		const sorted = [...points].sort((a, b) => a[axis] - b[axis]);
		const groups: (typeof points)[] = [[sorted[0] as (typeof points)[number]]];
		for (const p of sorted.slice(1, -1)) {
			const g = groups[groups.length - 1] as typeof points;
			if (Math.abs(p[axis] - (g[0] as (typeof points)[number])[axis]) < t)
				g.push(p);
			else groups.push([p]);
		}
		// (in single precision, as tabula-java sums them)
		for (const g of groups) {
			let sum = 0;
			for (const p of g) sum = Math.fround(sum + p[axis]);
			const mean = Math.fround(sum / g.length);
			for (const p of g) p[axis] = mean;
		}
	}
	for (const p of points) {
		if (p.first) {
			p.r.x1 = p.x;
			p.r.y1 = p.y;
		} else {
			p.r.x2 = p.x;
			p.r.y2 = p.y;
		}
	}
}

/** Merge collinear rulings that meet within a point (keeping the first one's direction). */
export function collapse(list: Ruling[]): Ruling[] {
	const sorted = [...list].sort((a, b) => {
		const d = position(a) - position(b);
		return d === 0 ? start(a) - start(b) : d;
	});
	const out: Ruling[] = [];
	for (const next of sorted) {
		const last = out[out.length - 1];
		if (
			last &&
			feq(position(next), position(last)) &&
			nearlyIntersects(last, next)
		) {
			const lastFlipped = start(last) > end(last);
			const nextFlipped = start(next) > end(next);
			const different = lastFlipped !== nextFlipped;
			const ns = different ? end(next) : start(next);
			const ne = different ? start(next) : end(next);
			const s = lastFlipped
				? Math.max(ns, start(last))
				: Math.min(ns, start(last));
			const e = lastFlipped ? Math.min(ne, end(last)) : Math.max(ne, end(last));
			if (isVertical(last)) {
				last.y1 = s;
				last.y2 = e;
			} else {
				last.x1 = s;
				last.x2 = e;
			}
		} else if (length(next) > 0) out.push(next);
	}
	return out;
}

function nearlyIntersects(a: Ruling, b: Ruling): boolean {
	if (segmentsIntersect(a, b)) return true;
	return segmentsIntersect(
		expand(a, COLINEAR_EXPAND),
		expand(b, COLINEAR_EXPAND),
	);
}

interface Crossing {
	x: number;
	y: number;
	h: number;
	v: number;
}

/** Crossings of horizontal and vertical rulings (a sweep left to right, as tabula-java does). */
function crossings(hs: readonly Ruling[], vs: readonly Ruling[]): Crossing[] {
	type Ev = { kind: 0 | 1 | 2; pos: number; i: number }; // 0 left end, 1 vertical, 2 right end
	const events: Ev[] = [];
	hs.forEach((h, i) => {
		events.push({ kind: 0, pos: h.x1 - PERPENDICULAR_EXPAND, i });
		events.push({ kind: 2, pos: h.x2 + PERPENDICULAR_EXPAND, i });
	});
	vs.forEach((v, i) => {
		events.push({ kind: 1, pos: v.x1, i });
	});
	events.sort((a, b) =>
		feq(a.pos, b.pos) && a.kind !== b.kind ? a.kind - b.kind : a.pos - b.pos,
	);
	// Active horizontal rulings, one per y (the first one in at that y stands for all).
	const active = new Map<number, number>();
	const found = new Map<string, Crossing>();
	for (const e of events) {
		if (e.kind === 0) {
			const h = hs[e.i] as Ruling;
			if (!active.has(h.y1)) active.set(h.y1, e.i);
		} else if (e.kind === 2) active.delete((hs[e.i] as Ruling).y1);
		else {
			const v = expand(vs[e.i] as Ruling, PERPENDICULAR_EXPAND);
			for (const hi of [...active.values()].sort(
				(a, b) => (hs[a] as Ruling).y1 - (hs[b] as Ruling).y1,
			)) {
				const h = expand(hs[hi] as Ruling, PERPENDICULAR_EXPAND);
				if (!segmentsIntersect(h, v)) continue;
				const p = { x: v.x1, y: h.y1, h: hi, v: e.i };
				found.set(`${p.x},${p.y}`, p);
			}
		}
	}
	return [...found.values()];
}

export interface CrossingCell {
	box: Box;
}

/** Cells from crossings (see the module comment). */
export function crossingCells(
	horizontals: readonly Ruling[],
	verticals: readonly Ruling[],
): Box[] {
	const points = crossings(horizontals, verticals);
	const r2 = (v: number) => Math.round(v * 100) / 100;
	points.sort((a, b) => r2(a.y) - r2(b.y) || r2(a.x) - r2(b.x));
	const at = new Map(points.map((p) => [`${p.x},${p.y}`, p]));
	const cells: Box[] = [];
	for (let i = 0; i < points.length; i++) {
		const tl = points[i] as Crossing;
		const below: Crossing[] = [];
		const right: Crossing[] = [];
		for (let j = i; j < points.length; j++) {
			const p = points[j] as Crossing;
			if (p.x === tl.x && p.y > tl.y) below.push(p);
			if (p.y === tl.y && p.x > tl.x) right.push(p);
		}
		search: for (const b of below) {
			if (b.v !== tl.v) continue;
			for (const r of right) {
				if (r.h !== tl.h) continue;
				const br = at.get(`${r.x},${b.y}`);
				if (br && br.h === b.h && br.v === r.v) {
					cells.push([tl.x, tl.y, br.x, br.y]);
					break search;
				}
			}
		}
	}
	return cells;
}

/** Groups of cells that touch (by a side or a corner), each group's cells in reading order. */
export function cellGroups(cells: readonly Box[]): Box[][] {
	const parent = cells.map((_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) {
			parent[i] = parent[parent[i] as number] as number;
			i = parent[i] as number;
		}
		return i;
	};
	const touch = (a: Box, b: Box) =>
		a[0] <= b[2] + EPSILON &&
		b[0] <= a[2] + EPSILON &&
		a[1] <= b[3] + EPSILON &&
		b[1] <= a[3] + EPSILON;
	for (let i = 0; i < cells.length; i++)
		for (let j = i + 1; j < cells.length; j++)
			if (touch(cells[i] as Box, cells[j] as Box)) parent[find(i)] = find(j);
	const groups = new Map<number, Box[]>();
	cells.forEach((c, i) => {
		const g = groups.get(find(i)) ?? [];
		g.push(c);
		groups.set(find(i), g);
	});
	return [...groups.values()]
		.map((g) => g.sort((a, b) => a[1] - b[1] || a[0] - b[0]))
		.sort(
			(a, b) =>
				(a[0] as Box)[1] - (b[0] as Box)[1] ||
				(a[0] as Box)[0] - (b[0] as Box)[0],
		);
}

/**
 * One table's cells listed row by row (cells with the same top), each row starting at the
 * largest number of cells in any one row lying wholly left of and below its first cell.
 */
export function packCells<T extends { box: Box }>(
	cells: readonly T[],
): (T | undefined)[][] {
	const rows: T[][] = [];
	const sorted = [...cells].sort((a, b) => a.box[1] - b.box[1]);
	for (const c of sorted) {
		const row = rows[rows.length - 1];
		const last = row?.[row.length - 1];
		if (row && last && feq(c.box[1], last.box[1])) row.push(c);
		else rows.push([c]);
	}
	// tabula-java's rectangles are single precision: x, y, width and height each rounded to a
	// float, and "lies wholly inside" compares their sums (it decides ties of shared edges).
	const f = Math.fround;
	const rect = (b: Box) => {
		const x = f(b[0]);
		const y = f(b[1]);
		return { x, y, w: f(f(b[2]) - x), h: f(f(b[3]) - y) };
	};
	const rects = new Map(cells.map((c) => [c, rect(c.box)]));
	const bounds = [...rects.values()];
	const left = Math.min(...bounds.map((r) => r.x));
	const bottom = f(Math.max(...bounds.map((r) => r.y + r.h)));
	return rows.map((row) => {
		const first = rects.get(row[0] as T) as ReturnType<typeof rect>;
		const top = f(first.y + first.h);
		const region = {
			x: left,
			y: top,
			w: f(first.x - left),
			h: f(bottom - top),
		};
		const counts = new Map<number, number>();
		for (const c of cells) {
			const r = rects.get(c) as ReturnType<typeof rect>;
			if (
				r.w > 0 &&
				r.h > 0 &&
				region.w > 0 &&
				region.h > 0 &&
				r.x >= region.x &&
				r.y >= region.y &&
				r.x + r.w <= region.x + region.w &&
				r.y + r.h <= region.y + region.h
			) {
				const key = Math.round(c.box[1] * 100);
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
		}
		const startAt = Math.max(0, ...counts.values());
		return [...Array.from({ length: startAt }, () => undefined), ...row];
	});
}

/** A glyph as tabula-java's text element: its box (tabulaBox), text and width of a space. */
export interface Element {
	text: string;
	left: number;
	top: number;
	right: number;
	bottom: number;
	fontSize: number;
	spaceWidth: number;
}

export const element = (g: Glyph): Element => {
	const [left, top, right, bottom] = tabulaBox(g);
	return {
		text: g.text,
		left,
		top,
		right,
		bottom,
		fontSize: g.fontSize,
		spaceWidth: g.spaceWidth ?? 0.25 * g.fontSize,
	};
};

/** Control characters (a tab drawn as a glyph): tabula-java leaves them out. */
export const isControl = (s: string) =>
	[...s].every((c) => {
		const n = c.charCodeAt(0);
		return n < 0x20 || (n >= 0x7f && n < 0xa0);
	});

/** Reading order of boxes: left to right when they overlap vertically (by 0.4 points), else by bottom. */
export const readingOrder = (
	a: { left: number; top: number; bottom: number },
	b: { left: number; top: number; bottom: number },
) => {
	const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
	return overlap > 0.4 ? a.left - b.left : a.bottom - b.bottom;
};

/**
 * A cell's text from the glyphs lying wholly inside it: tabula-java's word chunks (mergeWords),
 * in reading order, each trimmed, joined without a separator but for a line break where a chunk
 * starts lower than the last; NFKC.
 */
export function cellText(glyphs: readonly Glyph[], box: Box): string {
	const inside = glyphs
		.filter((g) => !isControl(g.text))
		.map(element)
		.filter(
			(e) =>
				e.left >= box[0] &&
				e.right <= box[2] &&
				e.top >= box[1] &&
				e.bottom <= box[3],
		)
		.sort(readingOrder);
	if (inside.length === 0) return "";
	const chunks = mergeWords(inside).sort(readingOrder);
	let out = "";
	let top = (chunks[0] as Chunk).top;
	for (const c of chunks) {
		if (c.top > top) out += "\n";
		out += c.text.normalize("NFKC").trim();
		top = c.top;
	}
	return out.trim();
}

export interface Chunk {
	text: string;
	left: number;
	top: number;
	right: number;
	bottom: number;
	last: Element;
}

const vOverlap = (
	a: { top: number; bottom: number },
	b: { top: number; bottom: number },
) => Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)) > 0;

/**
 * Text elements → word chunks by tabula-java's rules (ported from PDFBox's text stripper): a space
 * goes in where the gap passes the smaller of 0.3 of the average glyph width and half a space; a
 * gap of a whole space or more (or a new line) starts a new chunk.
 */
export function mergeWords(elements: readonly Element[]): Chunk[] {
	const first = elements[0] as Element;
	const chunks: Chunk[] = [{ ...first, text: first.text, last: first }];
	let previousAverage = first.right - first.left;
	let endOfLast = first.right;
	let maxBottom = first.bottom;
	let maxHeight = first.bottom - first.top;
	let lastSpacing = -1;
	for (const chr of elements.slice(1)) {
		const chunk = chunks[chunks.length - 1] as Chunk;
		const prev = chunk.last;
		if (chr.text === prev.text && overlapRatio(prev, chr) > 0.5) continue;
		if (chr.text === " " && feq(prev.left, chr.left) && feq(prev.top, chr.top))
			continue;
		if (!feq(chr.fontSize, prev.fontSize)) previousAverage = -1;
		const spacing = chr.spaceWidth;
		const deltaSpace = !(spacing > 0)
			? Number.MAX_VALUE
			: lastSpacing < 0
				? spacing * 0.5
				: ((spacing + lastSpacing) / 2) * 0.5;
		const width = (chr.right - chr.left) / Math.max(1, chr.text.length);
		const average = previousAverage < 0 ? width : (previousAverage + width) / 2;
		const deltaChar = average * 0.3;
		let expected =
			endOfLast !== -1
				? endOfLast + Math.min(deltaChar, deltaSpace)
				: -Number.MAX_VALUE;
		let sameLine = true;
		const height = chr.bottom - chr.top;
		// overlap(y1, h1, y2, h2): the spans [y - h, y] meet
		if (
			!(maxBottom - maxHeight <= chr.bottom && chr.bottom - height <= maxBottom)
		) {
			endOfLast = -1;
			expected = -Number.MAX_VALUE;
			maxBottom = -Number.MAX_VALUE;
			maxHeight = -1;
			sameLine = false;
		}
		endOfLast = chr.right;
		let spaceRight: number | undefined;
		if (sameLine && expected < chr.left && !prev.text.endsWith(" ")) {
			chunk.text += " ";
			spaceRight = expected;
		}
		maxBottom = Math.max(chr.bottom, maxBottom);
		maxHeight = Math.max(maxHeight, height);
		const dist = chr.left - (spaceRight ?? prev.right);
		if (sameLine && (dist < 0 ? vOverlap(chunk, chr) : dist < spacing)) {
			chunk.text += chr.text;
			chunk.left = Math.min(chunk.left, chr.left);
			chunk.right = Math.max(chunk.right, chr.right);
			chunk.top = Math.min(chunk.top, chr.top);
			chunk.bottom = Math.max(chunk.bottom, chr.bottom);
			chunk.last = chr;
		} else chunks.push({ ...chr, last: chr });
		lastSpacing = spacing;
		previousAverage =
			spaceRight !== undefined
				? (average + (spaceRight - prev.left)) / 2
				: average;
	}
	return chunks;
}

const overlapRatio = (a: Element, b: Element) => {
	const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
	const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
	if (w <= 0 || h <= 0) return 0;
	const inter = w * h;
	const areaA = (a.right - a.left) * (a.bottom - a.top);
	const areaB = (b.right - b.left) * (b.bottom - b.top);
	return inter / (areaA + areaB - inter);
};

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Height of a glyph (em) as PDFBox measures it for tabula-java: half the font's bounding box,
 * but at most its cap height (PDFBox prefers the font descriptor's CapHeight when smaller; pdf.js
 * does not give it, so a usual 0.7 em stands for it).
 */
const glyphHeight = (g: Glyph) => Math.min((g.boxHeight ?? 1) * 0.5, 0.7);

/**
 * A glyph's box as tabula-java takes it: from the baseline up by its height (glyphHeight), each
 * measure rounded to hundredths of a point.
 */
export function tabulaBox(g: Glyph): Box {
	const h = round2(glyphHeight(g) * g.fontSize);
	const top = round2(g.baseline - h);
	const x0 = round2(g.x0);
	return [x0, top, x0 + round2(g.x1 - g.x0), top + h];
}
