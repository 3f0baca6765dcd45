/**
 * Stream tables (no ruling lines): columns from the text's x-projection. Each line is cut into
 * chunks at word-size gaps; the x-ranges of the chunks of lines that have several chunks are
 * merged where they overlap, and every gap between merged ranges is a column boundary. Given
 * column positions (as tabula and camelot take them) replace that guess. Rows are lines.
 */
import { type Box, median, type TextItem } from "./geometry.ts";
import {
	type Line,
	makeLine,
	splitLine,
	type TextOrder,
	toLines,
} from "./text.ts";

export interface StreamOptions {
	/** Only text whose centre is inside this box (page space, top-left origin). */
	area?: Box;
	/** Column boundaries (x, page space); default: found from the text. */
	columns?: number[];
	/** Gap (× font size) that separates two chunks of a line (default 1.0). */
	chunkGap?: number;
	/** Order of right-to-left text (default "logical"). */
	textOrder?: TextOrder;
	/**
	 * Rows: text whose bottom lies within this distance (points) of the bottom of a row's first
	 * text joins that row (camelot's row_tol); default: one row per text line.
	 */
	rowTol?: number;
}

export interface StreamTable {
	rows: string[][];
	/** Column boundaries used (x), ascending. */
	columns: number[];
	box: Box;
	lines: Line[];
}

/** Column boundaries from the x-projection of multi-chunk lines. */
export function projectColumns(
	lines: readonly Line[],
	chunkGap: number,
): number[] {
	const ranges: [number, number][] = [];
	for (const line of lines) {
		const chunks = splitLine(line, chunkGap);
		if (chunks.length < 2) continue;
		for (const c of chunks) ranges.push([c.box[0], c.box[2]]);
	}
	if (ranges.length === 0) return [];
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const r of ranges) {
		const last = merged[merged.length - 1];
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else merged.push([r[0], r[1]]);
	}
	const out: number[] = [];
	for (let i = 1; i < merged.length; i++)
		out.push(
			((merged[i - 1] as [number, number])[1] +
				(merged[i] as [number, number])[0]) /
				2,
		);
	return out;
}

/** A table from text positions alone. */
export function streamTable(
	items: readonly TextItem[],
	options: StreamOptions = {},
): StreamTable | undefined {
	const area = options.area;
	const inside = items.filter((t) => {
		if (!area) return true;
		const cx = (t.x0 + t.x1) / 2;
		const cy = (t.y0 + t.y1) / 2;
		return cx >= area[0] && cx <= area[2] && cy >= area[1] && cy <= area[3];
	});
	if (inside.length === 0) return undefined;
	const lines =
		options.rowTol === undefined
			? toLines(inside, options.textOrder)
			: rowsByTolerance(inside, options.rowTol, options.textOrder);
	const gap = options.chunkGap ?? 1.0;
	const columns = [...(options.columns ?? projectColumns(lines, gap))].sort(
		(a, b) => a - b,
	);
	const rows = lines.map((line) => {
		const cells: TextItem[][] = Array.from(
			{ length: columns.length + 1 },
			() => [],
		);
		// A run that crosses a column boundary stays whole, in the column of its centre (as
		// other extractors do by default: the boundary is a guess, the run is the text's own).
		for (const item of line.items) place(cells, columns, item);
		return cells.map((c) =>
			c.length === 0 ? "" : makeLine(c, options.textOrder).text,
		);
	});
	// A column right of the last text (a boundary past the table) holds nothing: drop it.
	let width = columns.length + 1;
	while (width > 1 && rows.every((r) => (r[width - 1] ?? "") === "")) width--;
	if (width < columns.length + 1)
		for (let i = 0; i < rows.length; i++)
			rows[i] = (rows[i] as string[]).slice(0, width);
	const box: Box = [
		Math.min(...inside.map((t) => t.x0)),
		Math.min(...inside.map((t) => t.y0)),
		Math.max(...inside.map((t) => t.x1)),
		Math.max(...inside.map((t) => t.y1)),
	];
	return { rows, columns, box, lines };
}

/** Rows of text whose bottoms are within `tol` of the bottom of the row's first text. */
function rowsByTolerance(
	items: readonly TextItem[],
	tol: number,
	order: TextOrder | undefined,
): Line[] {
	const sorted = [...items].sort((a, b) => a.y1 - b.y1 || a.x0 - b.x0);
	const groups: TextItem[][] = [];
	let anchor = Number.NEGATIVE_INFINITY;
	for (const it of sorted) {
		const g = groups[groups.length - 1];
		if (g && Math.abs(it.y1 - anchor) <= tol) g.push(it);
		else {
			groups.push([it]);
			anchor = it.y1;
		}
	}
	return groups.map((g) => makeLine(g, order));
}

function place(
	cells: TextItem[][],
	columns: readonly number[],
	item: TextItem,
): void {
	const cx = (item.x0 + item.x1) / 2;
	let k = columns.findIndex((x) => cx < x);
	if (k < 0) k = columns.length;
	cells[k]?.push(item);
}

/**
 * Runs of lines that look like a table without rulings: at least `minRows` consecutive lines of
 * which most have two or more chunks. Returns the lines of each run.
 */
export function streamRegions(
	lines: readonly Line[],
	minRows = 3,
	chunkGap = 2,
): Line[][] {
	const runs: Line[][] = [];
	let run: Line[] = [];
	let multi = 0;
	const fs = median(lines.map((l) => l.fontSize)) || 10;
	const flush = () => {
		if (multi >= minRows) runs.push(run);
		run = [];
		multi = 0;
	};
	let prev: Line | undefined;
	for (const line of lines) {
		const chunks = splitLine(line, chunkGap).length;
		const far = prev !== undefined && line.baseline - prev.baseline > 3 * fs;
		if (far) flush();
		if (chunks >= 2) {
			run.push(line);
			multi++;
		} else if (run.length > 0 && multi > 0) run.push(line);
		else flush();
		prev = line;
	}
	flush();
	// Trailing single-chunk lines are text after the table.
	return runs.map((r) => {
		let end = r.length;
		while (end > 0 && splitLine(r[end - 1] as Line, chunkGap).length < 2) end--;
		return r.slice(0, end);
	});
}
