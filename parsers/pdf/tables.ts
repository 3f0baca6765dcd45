/**
 * Table extraction on its own (for measuring against other extractors): the tables of chosen
 * pages as string grids, in lattice (ruling lines) or stream (text positions) mode, optionally
 * inside an area and with given column positions. The importer uses the same stages through
 * ./document.ts.
 */

import { chunkTable, glyphsIn } from "./chunks.ts";
import {
	cellGroups,
	cellText,
	clipRuling,
	collapse,
	crossingCells,
	isHorizontal,
	isVertical,
	packCells,
	type Ruling,
	snapEnds,
	tabulaBox,
} from "./crossings.ts";
import { fillGrid, type PageTable } from "./document.ts";
import {
	type Box,
	cluster,
	type Glyph,
	mergeSegments,
	type PageContent,
	type Segment,
} from "./geometry.ts";
import { type GlyphLine, glyphLines } from "./glyphs.ts";
import {
	fillsAsBackground,
	type Grid,
	type GridCell,
	latticeGrids,
} from "./lattice.ts";
import { openPdf } from "./load.ts";
import { streamTable } from "./stream.ts";
import {
	dropDuplicates,
	linesIn,
	lineTable,
	textEdgeAreas,
} from "./textedges.ts";

export interface ExtractOptions {
	/** 1-based pages (default: all). */
	pages?: number[];
	/** "lattice": cells from ruling lines; "stream": columns from text positions. */
	mode: "lattice" | "stream";
	/** Only this box of each page (page space: points, origin top-left, [x0, y0, x1, y1]). */
	area?: Box;
	/** The same as a fraction of the page: [x0, y0, x1, y1] in 0..1. */
	areaFraction?: Box;
	/**
	 * Column positions (x, points from the left edge). Stream: the column boundaries.
	 * Lattice: added as full-height vertical rulings.
	 */
	columns?: number[];
	/** Stream: use the page's vertical ruling lines as column boundaries. */
	verticalRulingsAsColumns?: boolean;
	/**
	 * Lattice: a line shorter than the page's width (horizontal) or height (vertical) divided by
	 * this is no ruling (camelot's line_scale; default: every line counts).
	 */
	lineScale?: number;
	/** Stream: text within this distance (points) of a row's first text joins it (camelot row_tol). */
	rowTol?: number;
	/**
	 * Lattice: whether the edges of shaded (filled) areas count as rulings. Default (unset), as
	 * in the importer: only where the table has a border there (a drawn line along the edge, or
	 * drawn lines ending on it; ./lattice.ts fillsAsBackground); true: every fill edge (camelot's
	 * process_background); false: drawn lines only (thin filled bars still count as lines).
	 */
	shadedEdges?: boolean;
	/**
	 * Order of right-to-left text: "logical" (reading order, the default) or "visual" (characters
	 * left to right as drawn, as pdfminer-based extractors give it).
	 */
	textOrder?: "logical" | "visual";
	/** Password of an encrypted PDF. */
	password?: string;
	/**
	 * Follow another extractor's conventions, to measure against its test suite. Default:
	 * tailan's own.
	 * - "camelot": text is read as pdfminer lines (./glyphs.ts) and stream tables are found and
	 *   cut from them by text edges (./textedges.ts); a lattice table in a given area is cut at
	 *   the area's sides too (they are row and column boundaries).
	 * - "tabula": in a given area, the area's top and right sides are rulings and its left side
	 *   one that stops 2 points short of both ends (tabula-java adds them as lines, the bottom and
	 *   left ones drawn backwards, which its crossing search misses or shortens); column positions
	 *   are rulings the full height of the page; each row lists the cells that start on it one
	 *   after another (a spanning cell takes one place) from the number of cells left of its
	 *   first cell in the rows below; text is NFKC-normalised. Stream tables are cut from word
	 *   chunks as its "basic" mode cuts them (./chunks.ts).
	 */
	conventions?: "camelot" | "tabula";
	/** Stream, camelot conventions: look for tables only in the text of these boxes (page space). */
	regions?: Box[];
	/** Stream, camelot conventions: how far below the last line a text edge still reaches (default 50). */
	edgeTol?: number;
	/** Camelot conventions: glyphs stacked one under another form vertical lines (default true). */
	detectVertical?: boolean;
	/**
	 * Camelot conventions: a line's text is its glyphs grouped by size, the smallest wrapped in
	 * <s></s> (camelot's flag_size; no inserted word spaces).
	 */
	flagSize?: boolean;
}

export interface ExtractedTable {
	page: number;
	mode: "lattice" | "stream";
	box: Box;
	rows: string[][];
}

/** Tables of the chosen pages, top to bottom on each page. */
export async function extractTables(
	bytes: Uint8Array,
	options: ExtractOptions,
	file = "input.pdf",
): Promise<ExtractedTable[]> {
	const pdf = await openPdf(bytes, file, {
		password: options.password,
		glyphs: options.conventions !== undefined,
	});
	const out: ExtractedTable[] = [];
	try {
		const pages =
			options.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
		const read = (i: number) => {
			const n = pages[i];
			if (n === undefined) return Promise.resolve(undefined);
			const p = pdf.page(n);
			p.catch(() => {});
			return p;
		};
		// The next page is read while this one is laid out.
		let next = read(0);
		for (let i = 0; i < pages.length; i++) {
			const page = await next;
			next = read(i + 1);
			if (page) out.push(...pageTablesFor(page, options));
		}
	} finally {
		await pdf.close();
	}
	return out;
}

/** One page's tables under the given options. */
export function pageTablesFor(
	page: PageContent,
	options: ExtractOptions,
): ExtractedTable[] {
	const f = options.areaFraction;
	const area: Box | undefined =
		options.area ??
		(f
			? [
					f[0] * page.width,
					f[1] * page.height,
					f[2] * page.width,
					f[3] * page.height,
				]
			: undefined);
	const order = options.textOrder ?? "logical";
	const items = area
		? page.items.filter((t) => {
				const cx = (t.x0 + t.x1) / 2;
				const cy = (t.y0 + t.y1) / 2;
				return cx >= area[0] && cx <= area[2] && cy >= area[1] && cy <= area[3];
			})
		: page.items;
	if (options.mode === "stream" && options.conventions === "camelot")
		return lineStreamTables(page, options, area);
	if (options.mode === "stream") {
		let columns = options.columns;
		if (options.verticalRulingsAsColumns) {
			const xs = page.verticals
				.filter(
					(v) =>
						!area ||
						(v.x0 > area[0] &&
							v.x0 < area[2] &&
							Math.min(v.y1, area[3]) - Math.max(v.y0, area[1]) > 0),
				)
				.map((v) => v.x0);
			// The two edges of a thick line (or a line drawn twice) are one boundary.
			columns = cluster(xs, 1);
		}
		if (options.conventions === "tabula") {
			const rows = chunkTable(glyphsIn(page.glyphs ?? [], area), columns);
			const box: Box = area ?? [0, 0, page.width, page.height];
			return [{ page: page.number, mode: "stream", box, rows }];
		}
		const st = streamTable(items, {
			area,
			columns,
			textOrder: order,
			rowTol: options.rowTol,
		});
		return st
			? [{ page: page.number, mode: "stream", box: st.box, rows: st.rows }]
			: [];
	}
	if (options.conventions === "tabula")
		return crossingTables(page, options.columns, area);
	const scale = options.lineScale;
	const long = (min: number) => (s: Segment) =>
		Math.max(s.x1 - s.x0, s.y1 - s.y0) >= min;
	// Which fill edges are rulings: none (false), all (true), or those on a table's borders
	// (the default, as in the importer: ./lattice.ts fillsAsBackground).
	const ruled =
		options.shadedEdges === undefined
			? fillsAsBackground(page.horizontals, page.verticals)
			: options.shadedEdges
				? { horizontals: page.horizontals, verticals: page.verticals }
				: {
						horizontals: page.horizontals.filter((s) => !s.shade),
						verticals: page.verticals.filter((s) => !s.shade),
					};
	const horizontals = scale
		? mergeSegments(ruled.horizontals, true).filter(long(page.width / scale))
		: [...ruled.horizontals];
	const verticals: Segment[] = scale
		? mergeSegments(ruled.verticals, false).filter(long(page.height / scale))
		: [...ruled.verticals];
	if (area && options.conventions === "camelot") {
		horizontals.push(
			{ x0: area[0], y0: area[1], x1: area[2], y1: area[1] },
			{ x0: area[0], y0: area[3], x1: area[2], y1: area[3] },
		);
		verticals.push(
			{ x0: area[0], y0: area[1], x1: area[0], y1: area[3] },
			{ x0: area[2], y0: area[1], x1: area[2], y1: area[3] },
		);
	}
	// Given column positions become vertical rulings from the top to the bottom horizontal
	// ruling they cross (within the area): like a drawn line, they make no cells above or below
	// the ruled part.
	for (const x of options.columns ?? []) {
		const top = area?.[1] ?? 0;
		const bottom = area?.[3] ?? page.height;
		const crossed = horizontals.filter(
			(h) => h.x0 <= x + 2 && h.x1 >= x - 2 && h.y0 >= top && h.y0 <= bottom,
		);
		if (crossed.length < 2) continue;
		verticals.push({
			x0: x,
			y0: Math.min(...crossed.map((h) => h.y0)),
			x1: x,
			y1: Math.max(...crossed.map((h) => h.y0)),
		});
	}
	const grids = latticeGrids(horizontals, verticals, { area }).filter(
		(g) => g.cells.length >= 2,
	);
	const camelotLines =
		options.conventions === "camelot"
			? glyphLines(page.glyphs ?? [], {
					detectVertical: options.detectVertical ?? true,
				})
			: undefined;
	return grids.map((g) => {
		if (camelotLines)
			return {
				page: page.number,
				mode: "lattice" as const,
				box: g.box,
				rows: trimOpenEdges(linesInGrid(g, camelotLines), g.open),
			};
		const inside = items.filter((t) => {
			const cx = (t.x0 + t.x1) / 2;
			const cy = (t.y0 + t.y1) / 2;
			return (
				cx >= g.box[0] && cx <= g.box[2] && cy >= g.box[1] && cy <= g.box[3]
			);
		});
		const filled = fillGrid(g, inside, order);
		return {
			page: page.number,
			mode: "lattice",
			box: g.box,
			rows: trimOpenEdges(gridRows(filled), g.open),
		};
	});
}

/**
 * A grid's cells from whole text lines, as camelot fills them: a line goes to the grid row its
 * middle lies strictly inside and to the column it overlaps most (as a share of the column's
 * width), and so to the cell covering that position (a merged cell's top-left); vertical lines
 * first, then horizontal ones in reading order, joined by line breaks.
 */
function linesInGrid(g: Grid, lines: readonly GlyphLine[]): string[][] {
	const nr = g.ys.length - 1;
	const nc = g.xs.length - 1;
	const owner = new Map<string, GridCell>();
	for (const c of g.cells)
		for (let r = c.row; r < c.row + c.rowSpan; r++)
			for (let k = c.col; k < c.col + c.colSpan; k++) owner.set(`${r}:${k}`, c);
	const texts = new Map<GridCell, string[]>();
	const ordered = [
		...lines
			.filter((l) => l.vertical)
			.sort((a, b) => a.x0 - b.x0 || a.bottom - b.bottom),
		...lines
			.filter((l) => !l.vertical)
			.sort((a, b) => a.bottom - b.bottom || a.x0 - b.x0),
	];
	for (const l of ordered) {
		const cy = (l.top + l.bottom) / 2;
		let r = -1;
		for (let i = 0; i < nr; i++)
			if (cy > (g.ys[i] as number) && cy < (g.ys[i + 1] as number)) r = i;
		if (r < 0) continue;
		let best = -1;
		let share = 0;
		for (let k = 0; k < nc; k++) {
			const x0 = g.xs[k] as number;
			const x1 = g.xs[k + 1] as number;
			if (x0 > l.x1 || x1 < l.x0) continue;
			const s = (Math.min(x1, l.x1) - Math.max(x0, l.x0)) / (x1 - x0);
			if (best < 0 || s > share) {
				best = k;
				share = s;
			}
		}
		const cell = owner.get(`${r}:${best}`);
		if (!cell) continue;
		const list = texts.get(cell) ?? [];
		list.push(l.text);
		texts.set(cell, list);
	}
	const rows = Array.from({ length: nr }, () =>
		Array.from({ length: nc }, () => ""),
	);
	for (const [c, list] of texts) {
		const row = rows[c.row];
		if (row) row[c.col] = list.join("\n");
	}
	return rows;
}

/**
 * Ruled tables by crossings (./crossings.ts): the page's rulings and given column positions (the
 * page's height), in an area clipped to it and closed by its sides as tabula-java draws them (top
 * left to right, right downwards, bottom right to left, left upwards).
 */
function crossingTables(
	page: PageContent,
	columns: readonly number[] | undefined,
	area: Box | undefined,
): ExtractedTable[] {
	// A thin filled bar is its four sides, as tabula-java reads a filled rectangle.
	const sides = (s: Segment, horizontal: boolean): Ruling[] => {
		const t = (s.thickness ?? 0) / 2;
		if (t === 0) return [{ x1: s.x0, y1: s.y0, x2: s.x1, y2: s.y1 }];
		return horizontal
			? [
					{ x1: s.x0, y1: s.y0 - t, x2: s.x1, y2: s.y0 - t },
					{ x1: s.x0, y1: s.y0 + t, x2: s.x1, y2: s.y0 + t },
					{ x1: s.x0, y1: s.y0 - t, x2: s.x0, y2: s.y0 + t },
					{ x1: s.x1, y1: s.y0 - t, x2: s.x1, y2: s.y0 + t },
				]
			: [
					{ x1: s.x0 - t, y1: s.y0, x2: s.x0 - t, y2: s.y1 },
					{ x1: s.x0 + t, y1: s.y0, x2: s.x0 + t, y2: s.y1 },
					{ x1: s.x0 - t, y1: s.y0, x2: s.x0 + t, y2: s.y0 },
					{ x1: s.x0 - t, y1: s.y1, x2: s.x0 + t, y2: s.y1 },
				];
	};
	let rulings: Ruling[] = [
		...page.horizontals.flatMap((s) => sides(s, true)),
		...page.verticals.flatMap((s) => sides(s, false)),
		...(columns ?? []).map((x) => ({ x1: x, y1: 0, x2: x, y2: page.height })),
	];
	let glyphs = page.glyphs ?? [];
	// The page's rulings are snapped and merged first (with its smallest glyph), then again in
	// the area.
	const snapMerge = (list: Ruling[], text: readonly Glyph[]) => {
		const boxes = text.map(tabulaBox);
		const minW = boxes.length ? Math.min(...boxes.map((b) => b[2] - b[0])) : 7;
		const minH = boxes.length ? Math.min(...boxes.map((b) => b[3] - b[1])) : 7;
		snapEnds(list, minW, minH);
		return [
			...collapse(list.filter(isVertical)),
			...collapse(list.filter(isHorizontal)),
		];
	};
	if (area) {
		rulings = snapMerge(rulings, glyphs);
		const [x0, y0, x1, y1] = area;
		rulings = rulings.flatMap((r) => clipRuling(r, area) ?? []);
		rulings.push(
			{ x1: x0, y1: y0, x2: x1, y2: y0 },
			{ x1: x1, y1: y0, x2: x1, y2: y1 },
			{ x1: x1, y1: y1, x2: x0, y2: y1 },
			{ x1: x0, y1: y1, x2: x0, y2: y0 },
		);
		glyphs = glyphs.filter((g) => {
			const b = tabulaBox(g);
			return b[0] >= x0 && b[2] <= x1 && b[1] >= y0 && b[3] <= y1;
		});
	}
	// Ends snap within the smallest glyph's width and height (7 points without text).
	rulings = snapMerge(rulings, glyphs);
	const horizontal = rulings.filter(isHorizontal);
	const vertical = rulings.filter(isVertical);
	const tables: ExtractedTable[] = [];
	for (const group of cellGroups(crossingCells(horizontal, vertical))) {
		const rows = packCells(group.map((box) => ({ box }))).map((r) =>
			r.map((c) => (c ? cellText(glyphs, c.box) : "")),
		);
		const width = Math.max(0, ...rows.map((r) => r.length));
		tables.push({
			page: page.number,
			mode: "lattice",
			box: [
				Math.min(...group.map((b) => b[0])),
				Math.min(...group.map((b) => b[1])),
				Math.max(...group.map((b) => b[2])),
				Math.max(...group.map((b) => b[3])),
			],
			rows: rows.map((r) => [
				...r,
				...Array.from({ length: width - r.length }, () => ""),
			]),
		});
	}
	return tables;
}

/**
 * Stream tables from pdfminer-style text lines: in the given area, else in the areas text edges
 * mark out (in the given regions, else on the whole page; the whole page when none).
 */
function lineStreamTables(
	page: PageContent,
	options: ExtractOptions,
	area: Box | undefined,
): ExtractedTable[] {
	const lines = glyphLines(page.glyphs ?? [], {
		detectVertical: options.detectVertical ?? true,
	});
	const boxes = lines.map((l) => ({
		x0: l.x0,
		x1: l.x1,
		top: l.top,
		bottom: l.bottom,
		text: options.flagSize ? bySize(l) : l.text,
		vertical: l.vertical,
	}));
	const horizontal = boxes.filter((b) => !b.vertical);
	const vertical = boxes.filter((b) => b.vertical);
	let areas: Box[];
	if (area) areas = [area];
	else {
		const pool = options.regions
			? options.regions.flatMap((r) => linesIn(horizontal, r))
			: horizontal;
		areas = textEdgeAreas(pool, { edgeTol: options.edgeTol });
		if (areas.length === 0) areas = [[0, 0, page.width, page.height]];
	}
	return areas.map((box) => ({
		page: page.number,
		mode: "stream" as const,
		box,
		rows: lineTable(
			dropDuplicates(linesIn(horizontal, box)),
			dropDuplicates(linesIn(vertical, box)),
			{ rowTol: options.rowTol, columns: options.columns },
		),
	}));
}

/** A line's glyphs grouped by size (in order of first appearance), the smallest in <s></s>. */
function bySize(line: GlyphLine): string {
	const groups = new Map<number, string[]>();
	for (const g of line.glyphs) {
		const size = Math.round(g.fontSize * 1e6) / 1e6;
		const list = groups.get(size) ?? [];
		list.push(g.text);
		groups.set(size, list);
	}
	if (groups.size === 1) return line.glyphs.map((g) => g.text).join("");
	const min = Math.min(...groups.keys());
	return [...groups]
		.map(([size, chars]) => {
			const t = chars.join("").trim();
			return t === "" ? "" : size === min ? `<s>${t}</s>` : t;
		})
		.join("");
}

/**
 * Drop an empty outermost row or column on a side with no ruling (bounded only by where lines
 * end, e.g. a line drawn a little past the table): other extractors make cells only between
 * rulings.
 */
function trimOpenEdges(
	rows: string[][],
	open: [boolean, boolean, boolean, boolean] | undefined,
): string[][] {
	if (!open) return rows;
	let out = rows;
	const emptyCol = (k: number) => out.every((r) => (r[k] ?? "") === "");
	const emptyRow = (r: string[] | undefined) => !r || r.every((c) => c === "");
	if (open[0] && out.length > 0 && (out[0]?.length ?? 0) > 1 && emptyCol(0))
		out = out.map((r) => r.slice(1));
	const last = (out[0]?.length ?? 0) - 1;
	if (open[2] && last > 0 && emptyCol(last))
		out = out.map((r) => r.slice(0, last));
	if (open[1] && out.length > 1 && emptyRow(out[0])) out = out.slice(1);
	if (open[3] && out.length > 1 && emptyRow(out[out.length - 1]))
		out = out.slice(0, -1);
	return out;
}

/**
 * A table's cells as strings: a cell's lines as laid out, joined by "\n" (as other extractors
 * give them; the importer joins them into paragraphs instead); covered cells of a span are empty.
 */
export function gridRows(t: PageTable): string[][] {
	return t.cells.map((row) =>
		row.map((c) =>
			c ? (c.lines ?? c.paragraphs.map((p) => p.text)).join("\n") : "",
		),
	);
}
