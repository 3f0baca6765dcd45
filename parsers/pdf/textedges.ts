/**
 * Tables without rulings, found and cut from text lines alone (Anssi Nurminen's text-edge method,
 * as camelot's stream flavor implements it):
 *
 * 1. Areas: lines whose left ends, right ends or middles line up down the page form text edges; an
 *    edge crossing five or more lines, each within `edgeTol` below the last, is a column edge. The
 *    alignment (left, right or middle) whose valid edges cross the most lines wins; overlapping
 *    edges of it make one area, which then takes in every line lying within its height, and is
 *    padded (10 points around, five line heights above for a header).
 * 2. Rows: lines whose bottoms lie within `rowTol` of the row's first line; row boundaries half way
 *    between rows.
 * 3. Columns: the most common number of lines per row (ignoring rows of one) gives the rows that
 *    define the columns; their lines' extents are merged where they overlap; lines lying between
 *    or outside those columns add columns of their own (the rows of them with the most lines);
 *    boundaries half way between columns.
 * 4. A line goes to the row its middle lies in and to the column it overlaps most (as a share of
 *    the column's width); a cell's lines are joined with line breaks.
 *
 * Coordinates are page space (top-left origin, y down).
 */
import type { Box } from "./geometry.ts";

/** A text line: its box and text. */
export interface LineBox {
	x0: number;
	x1: number;
	top: number;
	bottom: number;
	text: string;
}

interface TextEdge {
	x: number;
	/** The lowest line's bottom so far, and the first line's top. */
	bottom: number;
	top: number;
	crossings: number;
	valid: boolean;
}

/** A text edge must cross more lines than this to count. */
const REQUIRED_ELEMENTS = 4;
/** Padding of a found area (points), and the header room above it (× the average line height). */
const AREA_PADDING = 10;
const HEADER_ROOM = 5;

type Align = "left" | "right" | "middle";
const ALIGNS: Align[] = ["left", "right", "middle"];
const xOf = (l: LineBox, a: Align) =>
	a === "left" ? l.x0 : a === "right" ? l.x1 : (l.x0 + l.x1) / 2;

/** Reading order: by bottom, then left end. */
export const readingOrder = (a: LineBox, b: LineBox) =>
	a.bottom - b.bottom || a.x0 - b.x0;

/** Table areas on a page (or in a region) from its horizontal text lines, top to bottom. */
export function textEdgeAreas(
	lines: readonly LineBox[],
	options: { edgeTol?: number } = {},
): Box[] {
	const edgeTol = options.edgeTol ?? 50;
	const sorted = [...lines].sort(readingOrder);
	const edges: Record<Align, TextEdge[]> = { left: [], right: [], middle: [] };
	for (const l of sorted) {
		if (l.text.trim().length <= 1) continue;
		for (const a of ALIGNS) {
			const x = xOf(l, a);
			const e = edges[a].find((e) => Math.abs(e.x - x) <= 0.5);
			if (!e)
				edges[a].push({
					x,
					bottom: l.bottom,
					top: l.top,
					crossings: 0,
					valid: false,
				});
			else if (Math.abs(e.bottom - l.bottom) <= edgeTol) {
				e.x = (e.crossings * e.x + x) / (e.crossings + 1);
				e.bottom = l.bottom;
				e.crossings++;
				if (e.crossings > REQUIRED_ELEMENTS) e.valid = true;
			}
		}
	}
	const weight = (a: Align) =>
		edges[a].filter((e) => e.valid).reduce((s, e) => s + e.crossings + 1, 0);
	let best: Align = "left";
	for (const a of ALIGNS) if (weight(a) > weight(best)) best = a;
	const relevant = edges[best]
		.filter((e) => e.valid)
		.sort((a, b) => a.bottom - b.bottom || a.x - b.x);
	// Areas as [x0, top, x1, bottom]; a changed area moves to the end (the order they are searched in).
	const areas: Box[] = [];
	const take = (i: number, box: Box) => {
		areas.splice(i, 1);
		areas.push(box);
	};
	for (const e of relevant) {
		const i = areas.findIndex((a) => e.top <= a[3] && e.bottom >= a[1]);
		const a = areas[i];
		if (!a) areas.push([e.x, e.top, e.x, e.bottom]);
		else
			take(i, [
				a[0],
				Math.min(e.top, a[1]),
				Math.max(a[2], e.x),
				Math.max(e.bottom, a[3]),
			]);
	}
	if (areas.length === 0) return [];
	// Lines within an area's height widen it (numbers and words often align differently).
	let heights = 0;
	for (const l of sorted) {
		heights += l.bottom - l.top;
		const i = areas.findIndex((a) => l.bottom <= a[3] && l.top >= a[1]);
		const a = areas[i];
		if (a)
			take(i, [
				Math.min(l.x0, a[0]),
				Math.min(l.top, a[1]),
				Math.max(a[2], l.x1),
				Math.max(l.bottom, a[3]),
			]);
	}
	const lineHeight = heights / sorted.length;
	return areas
		.map(
			(a): Box => [
				a[0] - AREA_PADDING,
				a[1] - lineHeight * HEADER_ROOM,
				a[2] + AREA_PADDING,
				a[3] + AREA_PADDING,
			],
		)
		.sort((a, b) => a[3] - b[3]);
}

/** Lines whose middle lies in the box (within 2 points). */
export function linesIn<T extends LineBox>(lines: readonly T[], box: Box): T[] {
	return lines.filter((l) => {
		const cx = (l.x0 + l.x1) / 2;
		const cy = (l.top + l.bottom) / 2;
		return (
			cx >= box[0] - 2 &&
			cx <= box[2] + 2 &&
			cy >= box[1] - 2 &&
			cy <= box[3] + 2
		);
	});
}

/**
 * Drop a line drawn twice: one mostly (80%) inside a longer line of the same text (a bold
 * effect printed by overprinting).
 */
export function dropDuplicates<T extends LineBox>(lines: readonly T[]): T[] {
	const area = (l: LineBox) => (l.x1 - l.x0) * (l.bottom - l.top);
	const inter = (a: LineBox, b: LineBox) => {
		const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
		const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
		return w < 0 || h < 0 ? 0 : w * h;
	};
	const gone = new Set<T>();
	for (const a of lines)
		for (const b of lines) {
			if (a === b || gone.has(b)) continue;
			const ia = area(a);
			if (
				(ia === 0 || inter(a, b) / ia > 0.8) &&
				b.x1 - b.x0 >= a.x1 - a.x0 &&
				a.text.trim() === b.text.trim()
			) {
				gone.add(a);
				break;
			}
		}
	return lines.filter((l) => !gone.has(l));
}

export interface LineTableOptions {
	/** Lines whose bottoms are within this of a row's first line's bottom share its row. */
	rowTol?: number;
	/** Column extents closer than this merge (camelot column_tol). */
	columnTol?: number;
	/** Given column boundaries (x): no guessing. */
	columns?: readonly number[];
}

/**
 * A table from the horizontal (and vertical) text lines of an area: rows × columns of cell texts
 * (a cell's lines joined by "\n", in reading order; vertical lines first).
 */
export function lineTable(
	horizontal: readonly LineBox[],
	vertical: readonly LineBox[],
	options: LineTableOptions = {},
): string[][] {
	const rowTol = options.rowTol ?? 2;
	const hs = [...horizontal].sort(readingOrder);
	const vs = [...vertical].sort((a, b) => a.x0 - b.x0 || a.bottom - b.bottom);
	const all = [...vs, ...hs];
	if (all.length === 0) return [];
	const xmin = Math.min(...all.map((l) => l.x0));
	const xmax = Math.max(...all.map((l) => l.x1));
	const ymin = Math.min(...all.map((l) => l.top));
	const ymax = Math.max(...all.map((l) => l.bottom));
	const grouped = groupRows(hs, rowTol);
	// Row boundaries: from the top of the text, half way between row middles, to its bottom.
	const mids = grouped.map((r) =>
		r.length === 0
			? 0
			: r.reduce((s, l) => s + (l.top + l.bottom) / 2, 0) / r.length,
	);
	const rowEdges = [
		ymin,
		...mids.slice(1).map((m, i) => (m + (mids[i] as number)) / 2),
		ymax,
	];
	let colEdges: number[];
	if (options.columns) colEdges = [xmin, ...options.columns, xmax];
	else {
		let counts = grouped.map((r) => r.length);
		let n = mode(counts);
		if (n === 1) {
			counts = counts.filter((c) => c !== 1);
			if (counts.length > 0) n = mode(counts);
		}
		const cols = mergeExtents(
			grouped.filter((r) => r.length === n).flatMap(extents),
			options.columnTol ?? 0,
		);
		// Lines between the columns or outside them add columns of their own.
		const extra: LineBox[] = [];
		for (let i = 1; i < cols.length; i++) {
			const left = (cols[i - 1] as [number, number])[1];
			const right = (cols[i] as [number, number])[0];
			extra.push(...all.filter((l) => l.x0 > left && l.x1 < right));
		}
		const first = cols[0];
		const last = cols[cols.length - 1];
		if (first && last)
			extra.push(...all.filter((l) => l.x0 > last[1] || l.x1 < first[0]));
		if (extra.length > 0) {
			const rows = groupRows([...extra].sort(readingOrder), rowTol);
			const most = Math.max(...rows.map((r) => r.length));
			cols.push(
				...mergeExtents(rows.filter((r) => r.length === most).flatMap(extents)),
			);
		}
		cols.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		colEdges = [
			xmin,
			...cols
				.slice(1)
				.map((c, i) => (c[0] + (cols[i] as [number, number])[1]) / 2),
			xmax,
		];
	}
	const nr = rowEdges.length - 1;
	const nc = colEdges.length - 1;
	const cells = Array.from({ length: nr }, () =>
		Array.from({ length: nc }, () => [] as string[]),
	);
	for (const l of all) {
		const cy = (l.top + l.bottom) / 2;
		let r = -1;
		for (let i = 0; i < nr; i++)
			if (cy > (rowEdges[i] as number) && cy < (rowEdges[i + 1] as number)) {
				r = i;
				break;
			}
		if (r < 0) continue;
		// The column the line overlaps most, as a share of the column's width.
		let best = 0;
		let share = Number.NEGATIVE_INFINITY;
		for (let c = 0; c < nc; c++) {
			const c0 = colEdges[c] as number;
			const c1 = colEdges[c + 1] as number;
			const s =
				c0 <= l.x1 && c1 >= l.x0
					? Math.abs(Math.min(c1, l.x1) - Math.max(c0, l.x0)) /
						Math.abs(c1 - c0)
					: -1;
			if (s > share) {
				share = s;
				best = c;
			}
		}
		(cells[r] as string[][])[best]?.push(l.text);
	}
	return cells.map((row) => row.map((c) => c.join("\n")));
}

/** Rows of lines (in reading order): a new row where a bottom is more than `tol` from the row's first. */
function groupRows(lines: readonly LineBox[], tol: number): LineBox[][] {
	const rows: LineBox[][] = [];
	let anchor = Number.NaN;
	for (const l of lines) {
		if (l.text.trim() === "") continue;
		const row = rows[rows.length - 1];
		if (row && Math.abs(l.bottom - anchor) <= tol) row.push(l);
		else {
			rows.push([l]);
			anchor = l.bottom;
		}
	}
	for (const r of rows) r.sort((a, b) => a.x0 - b.x0);
	return rows;
}

const extents = (r: readonly LineBox[]): [number, number][] =>
	r.map((l) => [l.x0, l.x1]);

/** Sorted extents merged where they overlap or lie within `tol`. */
function mergeExtents(list: [number, number][], tol = 0): [number, number][] {
	const sorted = [...list].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const out: [number, number][] = [];
	for (const e of sorted) {
		const last = out[out.length - 1];
		if (last && (e[0] <= last[1] || Math.abs(e[0] - last[1]) <= tol)) {
			last[0] = Math.min(last[0], e[0]);
			last[1] = Math.max(last[1], e[1]);
		} else out.push([e[0], e[1]]);
	}
	return out;
}

/** The most common value (the smallest of equally common ones). */
function mode(values: readonly number[]): number {
	const count = new Map<number, number>();
	for (const v of values) count.set(v, (count.get(v) ?? 0) + 1);
	let best = values[0] as number;
	let n = 0;
	for (const [v, c] of [...count].sort((a, b) => a[0] - b[0]))
		if (c > n) {
			best = v;
			n = c;
		}
	return best;
}
