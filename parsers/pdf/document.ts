/**
 * Text-layer PDF → the document model. Per page: ruled tables (lattice) become table fragments,
 * one per table on the page, with text assigned to cells by position; a page with no ruled table
 * may hold a table laid out with spaces only (stream); the text outside tables becomes text
 * blocks. A row cut by a page break is simply the first row of the next page's table, with an
 * empty № cell: pipeline/stitch merges it as a continuation row.
 *
 * Spanning cells: each table row has one cell per grid column. A merged cell sits at its top-left
 * grid position with its colSpan / rowSpan; the positions it covers hold empty cells, so a cell's
 * index in its row is always its grid column (as in the Markdown parser's tables).
 */
import type {
	Block,
	Cell,
	Issue,
	Page,
	Paragraph,
	Provenance,
	Row,
	TableFragment,
	TailanDocument,
	TextBlock,
} from "../../pipeline/document.ts";
import { DocumentLoadError } from "../../pipeline/document.ts";
import {
	type Box,
	median,
	type PageContent,
	type TextItem,
	unionBox,
} from "./geometry.ts";
import { fillsAsBackground, type Grid, latticeGrids } from "./lattice.ts";
import { type OpenPdf, openPdf } from "./load.ts";
import { streamRegions, streamTable } from "./stream.ts";
import {
	type Line,
	lineStep,
	splitAt,
	splitLine,
	type TextOrder,
	toLines,
	toParagraphs,
} from "./text.ts";

export interface PdfOptions {
	/** File name recorded in provenance. */
	file: string;
	/** sha256 of the source bytes (hex). */
	sha256: string;
}

/** A table found on a page: its box and its cells' text (paragraphs with their boxes). */
export interface PageTable {
	box: Box;
	mode: "lattice" | "stream";
	grid: Grid;
	/** rows × columns; a covered position of a merged cell is undefined. */
	cells: (
		| {
				paragraphs: { text: string; box: Box }[];
				/** The cell\'s lines as laid out (top to bottom). */
				lines?: string[];
				rowSpan: number;
				colSpan: number;
				box: Box;
		  }
		| undefined
	)[][];
}

/** Read a PDF (bytes) into the document model. Throws DocumentLoadError when it cannot be read. */
/** A PDF none of whose pages has a text layer: a scan, for the OCR parser (parsers/image). */
export class NeedsOcrError extends DocumentLoadError {
	override name = "NeedsOcrError";
	constructor(file: string) {
		super(
			file,
			"scanned PDF: needs OCR (not supported yet)",
			"OCR it to Markdown first, or import the original Word file",
		);
	}
}

export async function pdfToDocument(
	bytes: Uint8Array,
	options: PdfOptions,
): Promise<TailanDocument> {
	const { file } = options;
	const pdf = await openPdf(bytes, file);
	const pages: Page[] = [];
	const issues: Issue[] = [];
	let tableIndex = 0;
	let withText = 0;
	try {
		// The next page is read while this one is laid out (pdf.js waits on inflating streams).
		let next = prefetch(pdf, 1);
		for (let n = 1; n <= pdf.numPages; n++) {
			const content = (await next) as PageContent;
			next = prefetch(pdf, n + 1);
			if (!content.items.some((t) => t.text.trim() !== "")) {
				issues.push({
					severity: "warning",
					message: `page ${n} has no text layer — needs OCR`,
					prov: { file, page: n },
				});
				pages.push({ number: n, blocks: [] });
				continue;
			}
			withText++;
			const { tables, rest } = pageTables(content);
			const blocks: { top: number; block: Block }[] = [];
			for (const t of tables) {
				const index = tableIndex++;
				blocks.push({ top: t.box[1], block: toFragment(t, index, n, file) });
			}
			for (const b of textBlocks(rest, file, n)) blocks.push(b);
			blocks.sort((a, b) => a.top - b.top);
			pages.push({ number: n, blocks: blocks.map((b) => b.block) });
		}
	} finally {
		await pdf.close();
	}
	if (withText === 0) throw new NeedsOcrError(file);
	// Table indices follow reading order (page, then top to bottom).
	let k = 0;
	for (const p of pages)
		for (const b of p.blocks)
			if (b.kind === "table") {
				b.index = k++;
				b.prov.table = b.index;
				for (const r of b.rows) {
					r.prov.table = b.index;
					for (const c of r.cells) {
						c.prov.table = b.index;
						for (const para of c.paragraphs) para.prov.table = b.index;
					}
				}
			}
	return {
		file,
		format: "pdf",
		sha256: options.sha256,
		bytes: bytes.length,
		pages,
		issues,
	};
}

/** Start reading page n (if there is one); a failure surfaces when it is awaited. */
export function prefetch(
	pdf: OpenPdf,
	n: number,
): Promise<PageContent | undefined> {
	if (n > pdf.numPages) return Promise.resolve(undefined);
	const p = pdf.page(n);
	p.catch(() => {});
	return p;
}

/** The tables of a page (lattice, else stream) and the items outside them. */
export function pageTables(content: PageContent): {
	tables: PageTable[];
	rest: TextItem[];
} {
	// A shaded band or cell is background: its edges are rulings only on the table's borders.
	const ruled = fillsAsBackground(content.horizontals, content.verticals);
	const grids = latticeGrids(ruled.horizontals, ruled.verticals).filter(
		(g) => g.cells.length >= 2,
	);
	let rest = [...content.items];
	const tables: PageTable[] = [];
	for (const grid of grids) {
		const inside = rest.filter((t) => centerIn(t, grid.box));
		if (inside.length === 0) continue;
		rest = rest.filter((t) => !centerIn(t, grid.box));
		tables.push(fillGrid(grid, inside));
	}
	if (tables.length === 0) {
		// No ruled table on this page: look for one laid out with spaces.
		const lines = toLines(rest);
		for (const region of streamRegions(lines)) {
			const items = region.flatMap((l) => l.items);
			const st = streamTable(items);
			if (!st || st.columns.length < 2) continue;
			const set = new Set(items);
			rest = rest.filter((t) => !set.has(t));
			tables.push(streamToTable(st.rows, st.columns, st.box, st.lines));
		}
	}
	return { tables, rest };
}

const centerIn = (t: TextItem, b: Box) => {
	const cx = (t.x0 + t.x1) / 2;
	const cy = (t.y0 + t.y1) / 2;
	return cx >= b[0] && cx <= b[2] && cy >= b[1] && cy <= b[3];
};

/** Assign text items to the cells of a grid and build each cell's paragraphs. */
export function fillGrid(
	grid: Grid,
	items: readonly TextItem[],
	order: TextOrder = "logical",
): PageTable {
	const nr = grid.ys.length - 1;
	const nc = grid.xs.length - 1;
	const inner = grid.xs.slice(1, -1);
	// Split items that cross a column edge (a run pdf.js joined across two cells).
	const pieces: TextItem[] = [];
	for (const item of items) {
		let cur = item;
		for (const x of inner) {
			const parts = splitAt(cur, x);
			if (!parts) continue;
			pieces.push(parts[0]);
			cur = parts[1];
		}
		pieces.push(cur);
	}
	const byCell = new Map<number, TextItem[]>();
	const owner = new Map<string, number>();
	grid.cells.forEach((c, i) => {
		for (let r = c.row; r < c.row + c.rowSpan; r++)
			for (let q = c.col; q < c.col + c.colSpan; q++) owner.set(`${r}:${q}`, i);
	});
	const idx = (edges: number[], v: number) => {
		for (let i = 0; i < edges.length - 1; i++)
			if (v < (edges[i + 1] as number)) return i;
		return edges.length - 2;
	};
	for (const t of pieces) {
		const r = idx(grid.ys, (t.y0 + t.y1) / 2);
		const c = idx(grid.xs, (t.x0 + t.x1) / 2);
		const o = owner.get(`${r}:${c}`);
		if (o === undefined) continue;
		const list = byCell.get(o) ?? [];
		list.push(t);
		byCell.set(o, list);
	}
	const cellLines = grid.cells.map((_, i) =>
		toLines(byCell.get(i) ?? [], order),
	);
	// The usual line step of the page's cells decides where a paragraph break is.
	const step = lineStep(cellLines);
	const cells: PageTable["cells"] = Array.from({ length: nr }, () =>
		Array.from({ length: nc }, () => undefined),
	);
	grid.cells.forEach((c, i) => {
		const row = cells[c.row];
		if (row)
			row[c.col] = {
				paragraphs: toParagraphs(cellLines[i] ?? [], step),
				lines: (cellLines[i] ?? []).map((l) => l.text),
				rowSpan: c.rowSpan,
				colSpan: c.colSpan,
				box: c.box,
			};
	});
	return { box: grid.box, mode: "lattice", grid, cells };
}

function streamToTable(
	rows: string[][],
	columns: number[],
	box: Box,
	lines: Line[],
): PageTable {
	const xs = [box[0], ...columns, box[2]];
	const ys = [...lines.map((l) => l.box[1]), box[3]];
	const grid: Grid = { box, xs, ys, cells: [] };
	const cells: PageTable["cells"] = rows.map((r, i) =>
		r.map((text, c) => {
			const cellBox: Box = [
				xs[c] as number,
				ys[i] as number,
				xs[c + 1] as number,
				ys[i + 1] as number,
			];
			grid.cells.push({ row: i, col: c, rowSpan: 1, colSpan: 1, box: cellBox });
			return {
				paragraphs: text ? [{ text, box: cellBox }] : [],
				rowSpan: 1,
				colSpan: 1,
				box: cellBox,
			};
		}),
	);
	return { box, mode: "stream", grid, cells };
}

function toFragment(
	t: PageTable,
	index: number,
	page: number,
	file: string,
): TableFragment {
	const prov = (extra: Partial<Provenance>, bbox: Box): Provenance => ({
		file,
		page,
		table: index,
		...extra,
		bbox: bbox.map((v) => Math.round(v * 100) / 100) as Box,
	});
	const rows: Row[] = t.cells.map((cells, r) => {
		const rowBox: Box = [
			t.box[0],
			t.grid.ys[r] ?? t.box[1],
			t.box[2],
			t.grid.ys[r + 1] ?? t.box[3],
		];
		return {
			prov: prov({ row: r }, rowBox),
			cells: cells.map((c, i): Cell => {
				if (!c)
					return {
						paragraphs: [],
						colSpan: 1,
						rowSpan: 1,
						prov: prov({ row: r, cell: i }, [
							t.grid.xs[i] ?? rowBox[0],
							rowBox[1],
							t.grid.xs[i + 1] ?? rowBox[2],
							rowBox[3],
						]),
					};
				return {
					paragraphs: c.paragraphs.map(
						(p): Paragraph => ({
							text: p.text,
							prov: prov({ row: r, cell: i }, p.box),
						}),
					),
					colSpan: c.colSpan,
					rowSpan: c.rowSpan,
					prov: prov({ row: r, cell: i }, c.box),
				};
			}),
		};
	});
	return { kind: "table", index, rows, prov: prov({}, t.box) };
}

/**
 * Text outside tables → text blocks. Lines are cut where text stands side by side; a line joins
 * the block just above it when it follows at about the usual line step, overlaps it horizontally
 * and has the same weight. Bold or clearly larger text is `strong`.
 */
function textBlocks(
	items: readonly TextItem[],
	file: string,
	page: number,
): { top: number; block: TextBlock }[] {
	if (items.length === 0) return [];
	const lines = toLines(items).flatMap((l) => splitLine(l, 2.5));
	lines.sort((a, b) => a.baseline - b.baseline || a.box[0] - b.box[0]);
	// Many steps between text lines are gaps between paragraphs: the tighter ones are the line step.
	const step = lineStep([lines], 0.25);
	const body = median(items.map((t) => t.fontSize));
	const blocks: Line[][] = [];
	for (const line of lines) {
		let target: Line[] | undefined;
		for (let i = blocks.length - 1; i >= 0; i--) {
			const b = blocks[i] as Line[];
			const last = b[b.length - 1] as Line;
			const d =
				(line.baseline - last.baseline) /
				Math.max(last.fontSize, line.fontSize);
			const overlap =
				Math.min(last.box[2], line.box[2]) - Math.max(last.box[0], line.box[0]);
			if (
				d > 0.5 &&
				d <= Math.max(step, 1.05) * 1.3 &&
				overlap > 0 &&
				last.bold === line.bold
			) {
				target = b;
				break;
			}
		}
		if (target) target.push(line);
		else blocks.push([line]);
	}
	return blocks.map((b) => {
		const box: Box = unionBox(b.map((l) => l.box));
		const strong =
			b.every((l) => l.bold) || median(b.map((l) => l.fontSize)) >= body * 1.25;
		return {
			top: box[1],
			block: {
				kind: "text",
				text: b.map((l) => l.text).join("\n"),
				strong,
				prov: {
					file,
					page,
					bbox: box.map((v) => Math.round(v * 100) / 100) as Box,
				},
			},
		};
	});
}
