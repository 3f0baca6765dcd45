/**
 * Page geometry shared by the PDF parser's stages. Every coordinate is in page space with the
 * origin at the top left and y growing downwards (PDF points), the way a reader sees the page.
 */

/** [x0, y0, x1, y1], x0 ≤ x1 and y0 ≤ y1. */
export type Box = [number, number, number, number];

/** An affine matrix [a, b, c, d, e, f] as in PDF and pdf.js. */
export type Matrix = [number, number, number, number, number, number];

/** A run of text on one baseline, as pdf.js reports it (one font, one direction). */
export interface TextItem {
	text: string;
	/** left, right edges. */
	x0: number;
	x1: number;
	/** top and bottom of the glyph box (baseline − ascent, baseline + descent). */
	y0: number;
	y1: number;
	baseline: number;
	fontSize: number;
	bold: boolean;
	/** Right-to-left run (Arabic, Hebrew): its text is in logical (reading) order. */
	rtl?: boolean;
	/** A run with right-to-left text: its characters as drawn, left to right. */
	visual?: string;
	/**
	 * Left-to-right runs: the x where each UTF-16 unit of `text` starts, and where the last one
	 * ends (text.length + 1 values, ascending).
	 */
	edges?: number[];
}

/** A horizontal (y0 = y1) or vertical (x0 = x1) ruling line. */
export interface Segment {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
	/** An edge of a shaded (filled) area rather than a drawn line. */
	shade?: boolean;
	/** Of a shaded area's edge: which filled area (the four edges of one area share it). */
	fill?: number;
	/** A thin filled bar drawn as the line: its thickness (the segment runs along its middle). */
	thickness?: number;
}

/** One glyph of upright text as drawn (spaces included), when a page is read with its glyphs. */
export interface Glyph {
	text: string;
	/** The pen position before and after the glyph (its advance). */
	x0: number;
	x1: number;
	baseline: number;
	fontSize: number;
	/** The font's ascent and descent below the baseline (em, both ≥ 0). */
	ascent: number;
	descent: number;
	space: boolean;
	/** Height of the font's bounding box (em), when known. */
	boxHeight?: number;
	/** Width of a space in this font at this size (points). */
	spaceWidth?: number;
}

/** What the parser reads from one page. */
export interface PageContent {
	number: number;
	width: number;
	height: number;
	items: TextItem[];
	horizontals: Segment[];
	verticals: Segment[];
	/** Every glyph in drawing order (only when asked for: openPdf's `glyphs`). */
	glyphs?: Glyph[];
}

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in pdf.js' convention: a point goes through m2 first, then m1. */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
	return [
		m1[0] * m2[0] + m1[2] * m2[1],
		m1[1] * m2[0] + m1[3] * m2[1],
		m1[0] * m2[2] + m1[2] * m2[3],
		m1[1] * m2[2] + m1[3] * m2[3],
		m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
		m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
	];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
	return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export const boxCenter = (b: Box): [number, number] => [
	(b[0] + b[2]) / 2,
	(b[1] + b[3]) / 2,
];

export const contains = (b: Box, x: number, y: number, tol = 0): boolean =>
	x >= b[0] - tol && x <= b[2] + tol && y >= b[1] - tol && y <= b[3] + tol;

export const itemBox = (t: TextItem): Box => [t.x0, t.y0, t.x1, t.y1];

/** The smallest box holding every given box. */
export function unionBox(boxes: readonly Box[]): Box {
	return [
		Math.min(...boxes.map((b) => b[0])),
		Math.min(...boxes.map((b) => b[1])),
		Math.max(...boxes.map((b) => b[2])),
		Math.max(...boxes.map((b) => b[3])),
	];
}

/** Median of a list (0 when empty). */
export function median(xs: readonly number[]): number {
	if (xs.length === 0) return 0;
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2
		? (s[mid] as number)
		: ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Values closer than `tol` become one (their mean), sorted ascending. Used to snap ruling
 * positions that differ by a rounding error or a line's width.
 */
export function cluster(values: readonly number[], tol: number): number[] {
	const s = [...values].sort((a, b) => a - b);
	const out: number[] = [];
	let group: number[] = [];
	for (const v of s) {
		if (group.length > 0 && v - (group[group.length - 1] as number) > tol) {
			out.push(group.reduce((a, b) => a + b, 0) / group.length);
			group = [];
		}
		group.push(v);
	}
	if (group.length > 0)
		out.push(group.reduce((a, b) => a + b, 0) / group.length);
	return out;
}

/**
 * Merge collinear segments that overlap or nearly touch (a border is often drawn cell by cell).
 * `horizontal`: segments are horizontal (y0 = y1), else vertical.
 */
export function mergeSegments(
	segments: readonly Segment[],
	horizontal: boolean,
	tol = 1,
	gap = 2,
): Segment[] {
	const pos = (s: Segment) => (horizontal ? s.y0 : s.x0);
	const lo = (s: Segment) => (horizontal ? s.x0 : s.y0);
	const hi = (s: Segment) => (horizontal ? s.x1 : s.y1);
	const sorted = [...segments].sort((a, b) => pos(a) - pos(b) || lo(a) - lo(b));
	// Group by position (within tol), then merge intervals inside a group.
	const out: Segment[] = [];
	let i = 0;
	while (i < sorted.length) {
		const first = sorted[i] as Segment;
		const group: Segment[] = [first];
		let j = i + 1;
		while (j < sorted.length && pos(sorted[j] as Segment) - pos(first) <= tol) {
			group.push(sorted[j] as Segment);
			j++;
		}
		const p = group.reduce((a, s) => a + pos(s), 0) / group.length;
		group.sort((a, b) => lo(a) - lo(b));
		let start = lo(group[0] as Segment);
		let end = hi(group[0] as Segment);
		const emit = () =>
			out.push(
				horizontal
					? { x0: start, y0: p, x1: end, y1: p }
					: { x0: p, y0: start, x1: p, y1: end },
			);
		for (const s of group.slice(1)) {
			if (lo(s) <= end + gap) end = Math.max(end, hi(s));
			else {
				emit();
				start = lo(s);
				end = hi(s);
			}
		}
		emit();
		i = j;
	}
	return out;
}
