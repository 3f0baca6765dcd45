/**
 * Writers of the layout generator's neutral blocks (test/layout.ts): Markdown as an OCR tool writes
 * it (one GFM table per page, spans flattened), Word with the `docx` package (merged cells, header
 * rows, shading, tab stops, one table or one per page) and a text PDF drawn with the canvas
 * package's PDF backend (A4 landscape, ruled tables broken across pages with their header
 * repeated or not, a grey header band; no browser, a few milliseconds a report).
 */
import { GlobalFonts, PDFDocument, type SKRSContext2D } from "@napi-rs/canvas";
import {
	AlignmentType,
	Document,
	Packer,
	PageBreak,
	PageOrientation,
	Paragraph,
	ShadingType,
	Tab,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
} from "docx";
import { deterministic } from "../scripts/make-docx-fixtures.ts";
import type { Layout, LBlock, LCell, LPara, LRow, LTable } from "./layout.ts";

// ───────────────────────────── Markdown ─────────────────────────────

const cellSafe = (s: string): string =>
	s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

function mdCell(c: LCell): string {
	if (c.paras.length === 0) return " ";
	if (c.paras.length === 1) return ` ${cellSafe(c.paras[0] as string)} `;
	return ` ${c.paras.map((p) => `<p>${cellSafe(p)}</p>`).join("")} `;
}

/** A row flattened to the table's grid: a spanning cell's text in its first column. Cells covered
 * by a row span above are given as `covered` (grid columns). */
function gridRow(row: LRow, width: number, covered: Set<number>): LCell[] {
	const out: LCell[] = [];
	for (const c of row.cells) {
		while (covered.has(out.length)) out.push({ paras: [] });
		out.push(c);
		for (let k = 1; k < (c.colSpan ?? 1); k++) out.push({ paras: [] });
	}
	while (out.length < width) out.push({ paras: [] });
	return out;
}

/** Grid rows of a table (spans flattened). */
function gridRows(t: LTable): LCell[][] {
	const width = t.widths.length;
	const pending = new Map<number, number>(); // grid column → rows still covered
	return t.rows.map((row) => {
		const covered = new Set(
			[...pending.entries()].filter(([, n]) => n > 0).map(([c]) => c),
		);
		const cells = gridRow(row, width, covered);
		for (const c of covered) pending.set(c, (pending.get(c) ?? 1) - 1);
		// record new row spans
		let col = 0;
		for (const c of row.cells) {
			while (covered.has(col)) col++;
			if ((c.rowSpan ?? 1) > 1) pending.set(col, (c.rowSpan ?? 1) - 1);
			col += c.colSpan ?? 1;
		}
		return cells;
	});
}

const mdRow = (cells: readonly LCell[]): string =>
	`|${cells.map(mdCell).join("|")}|`;
const delimiter = (n: number): string => `|${"---|".repeat(n)}`;

function mdLine(line: string): string {
	// a line that would open a list or a heading is escaped; tabs stay inside the line
	return line.replace(/^(\d+)\. /, "$1\\. ").replace(/^([-*+#]) /, "\\$1 ");
}

function mdPara(p: LPara): string {
	const lines = p.lines.map(mdLine);
	if (!p.bold) return lines.join("\n");
	return `**${lines.join("\n")}**`;
}

/** The blocks as OCR-style Markdown: the plan table restarts every `rowsPerPage` rows. */
export function toMarkdown(blocks: readonly LBlock[], layout: Layout): string {
	const out: string[] = [];
	for (const b of blocks) {
		if (b.kind === "break") continue;
		if (b.kind === "para") {
			out.push(mdPara(b), "");
			continue;
		}
		const grid = gridRows(b);
		const width = b.widths.length;
		if (!b.plan) {
			const [first, ...rest] = grid;
			out.push(mdRow(first ?? []), delimiter(width), ...rest.map(mdRow), "");
			continue;
		}
		const headerCount = b.rows.filter((r) => r.header).length;
		const head = grid.slice(0, headerCount);
		const numbering = b.rows
			.map((r, i) => (r.numbering ? grid[i] : undefined))
			.filter((r): r is LCell[] => r !== undefined);
		const body = grid.slice(headerCount);
		for (let start = 0; start < body.length; start += layout.rowsPerPage) {
			const page = body.slice(start, start + layout.rowsPerPage);
			const top =
				start === 0 || b.repeat === "header"
					? head
					: b.repeat === "numbering"
						? numbering
						: [];
			const rows = [...top, ...page];
			const [first, ...rest] = rows;
			out.push(mdRow(first ?? []), delimiter(width), ...rest.map(mdRow), "");
		}
	}
	return `${out.join("\n")}\n`;
}

// ───────────────────────────── Word ─────────────────────────────

function runs(line: string, bold: boolean): TextRun[] {
	const parts = line.split("\t");
	return [
		new TextRun({
			bold,
			children: parts.flatMap((p, i) => (i === 0 ? [p] : [new Tab(), p])),
		}),
	];
}

function docxPara(p: LPara): Paragraph {
	return new Paragraph({
		alignment: p.center ? AlignmentType.CENTER : undefined,
		tabStops: [
			{ type: "left", position: 2800 },
			{ type: "left", position: 7000 },
			{ type: "left", position: 11000 },
		],
		children: p.lines.flatMap((line, i) =>
			i === 0
				? runs(line, p.bold === true)
				: [new TextRun({ break: 1 }), ...runs(line, p.bold === true)],
		),
	});
}

function docxCell(c: LCell, header: boolean, shaded: boolean): TableCell {
	return new TableCell({
		children:
			c.paras.length > 0
				? c.paras.map(
						(t) =>
							new Paragraph({
								children: [new TextRun({ text: t, bold: c.bold })],
							}),
					)
				: [new Paragraph({})],
		columnSpan: c.colSpan,
		rowSpan: c.rowSpan,
		shading:
			header && shaded
				? { type: ShadingType.CLEAR, color: "auto", fill: "D9D9D9" }
				: undefined,
	});
}

function docxTable(
	t: LTable,
	rows: readonly LRow[],
	markHeader: boolean,
): Table {
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: rows.map(
			(r) =>
				new TableRow({
					tableHeader: markHeader && r.header === true,
					children: r.cells.map((c) =>
						docxCell(c, r.header === true && !r.numbering, t.shaded),
					),
				}),
		),
	});
}

const pageBreak = () => new Paragraph({ children: [new PageBreak()] });

/** The blocks as a Word file (deterministic bytes). */
export async function toDocx(
	blocks: readonly LBlock[],
	layout: Layout,
): Promise<Uint8Array> {
	const children: (Paragraph | Table)[] = [];
	for (const b of blocks) {
		if (b.kind === "break") children.push(pageBreak());
		else if (b.kind === "para") children.push(docxPara(b));
		else if (!b.plan || layout.docxTables === "one")
			children.push(docxTable(b, b.rows, b.plan && b.repeat === "header"));
		else {
			const head = b.rows.filter((r) => r.header);
			const numbering = b.rows.filter((r) => r.numbering);
			const body = b.rows.filter((r) => !r.header);
			for (let start = 0; start < body.length; start += layout.rowsPerPage) {
				const top =
					start === 0 || b.repeat === "header"
						? head
						: b.repeat === "numbering"
							? numbering
							: [];
				if (start > 0) children.push(pageBreak());
				children.push(
					docxTable(
						b,
						[...top, ...body.slice(start, start + layout.rowsPerPage)],
						false,
					),
				);
			}
		}
	}
	const doc = new Document({
		creator: "tailan test/layout-render.ts",
		sections: [
			{
				properties: {
					page: { size: { orientation: PageOrientation.LANDSCAPE } },
				},
				children,
			},
		],
	});
	return deterministic(await Packer.toBuffer(doc));
}

// ───────────────────────────── PDF ─────────────────────────────

const FONT = "LayoutSans";
let fontsReady = false;
function registerFonts(): void {
	if (fontsReady) return;
	const dir = process.env.TAILAN_FONT_DIR ?? "/usr/share/fonts/truetype/dejavu";
	GlobalFonts.registerFromPath(`${dir}/DejaVuSans.ttf`, FONT);
	GlobalFonts.registerFromPath(`${dir}/DejaVuSans-Bold.ttf`, FONT);
	fontsReady = true;
}

const PAGE_W = 842;
const PAGE_H = 595;
const MARGIN_X = 28;
const MARGIN_Y = 34;
const SIZE = 8;
const LINE = SIZE * 1.25;
const PAD = 2.5;
const PARA_GAP = LINE * 0.6;

interface Laid {
	lines: string[][]; // paragraphs → lines
	height: number;
}

class PdfWriter {
	private doc = new PDFDocument({
		title: "tailan layout",
		creator: "test/layout-render.ts",
		producer: "tailan",
		compressionLevel: 1,
	});
	private ctx!: SKRSContext2D;
	y = MARGIN_Y;
	private open = false;

	constructor(private shading: PdfShading = "band") {
		registerFonts();
		this.newPage();
	}

	newPage(): void {
		if (this.open) this.doc.endPage();
		this.ctx = this.doc.beginPage(PAGE_W, PAGE_H) as unknown as SKRSContext2D;
		this.ctx.fillStyle = "#000";
		this.ctx.strokeStyle = "#000";
		this.ctx.lineWidth = 0.75;
		this.open = true;
		this.y = MARGIN_Y;
	}

	get bottom(): number {
		return PAGE_H - MARGIN_Y;
	}

	font(bold: boolean): void {
		this.ctx.font = `${bold ? "bold " : ""}${SIZE}px ${FONT}`;
	}

	wrap(text: string, width: number, bold: boolean): string[] {
		this.font(bold);
		const words = text.split(/\s+/).filter(Boolean);
		const lines: string[] = [];
		let line = "";
		for (const w of words) {
			const next = line === "" ? w : `${line} ${w}`;
			if (line !== "" && this.ctx.measureText(next).width > width) {
				lines.push(line);
				line = w;
			} else line = next;
		}
		if (line !== "") lines.push(line);
		return lines;
	}

	lay(c: LCell, width: number): Laid {
		const lines = c.paras.map((p) =>
			this.wrap(p, width - 2 * PAD, c.bold === true),
		);
		const n = lines.reduce((s, l) => s + l.length, 0);
		const gaps = Math.max(0, lines.length - 1);
		return { lines, height: n * LINE + gaps * PARA_GAP + 2 * PAD + 1 };
	}

	text(s: string, x: number, baseline: number, bold: boolean): void {
		this.font(bold);
		this.ctx.fillText(s, x, baseline);
	}

	para(p: LPara): void {
		const h = p.lines.length * LINE + LINE * 0.8;
		if (this.y + h > this.bottom) this.newPage();
		for (const line of p.lines) {
			const parts = line.split("\t");
			if (parts.length > 1) {
				// tab stops every 180 pt: each tab moves to the next stop past the text so far
				const STOP = 180;
				let x = MARGIN_X;
				let stop = 0;
				this.font(p.bold === true);
				for (const part of parts) {
					x = Math.max(MARGIN_X + stop * STOP, x);
					if (part !== "") {
						this.text(part, x, this.y + SIZE, p.bold === true);
						x += this.ctx.measureText(part).width + 12;
					}
					stop = Math.max(stop + 1, Math.ceil((x - MARGIN_X) / STOP));
				}
			} else {
				this.font(p.bold === true);
				const w = this.ctx.measureText(line).width;
				const x = p.center ? (PAGE_W - w) / 2 : MARGIN_X;
				this.text(line, x, this.y + SIZE, p.bold === true);
			}
			this.y += LINE;
		}
		this.y += LINE * 0.8;
	}

	/**
	 * A header cell's shading as some word processors export it: the cell filled, and over it a
	 * second fill inset from the left and right borders by the cell's padding, from the top to
	 * the bottom border, cut in two halfway down. None of the inner edges is a border of the
	 * table, but they meet the cell's top and bottom lines.
	 */
	private insetShading(x: number, y: number, w: number, h: number): void {
		this.ctx.fillStyle = "#d9d9d9";
		this.ctx.fillRect(x, y, w, h);
		const inset = 4;
		if (w > 2 * inset) {
			this.ctx.fillRect(x + inset, y, w - 2 * inset, h / 2);
			this.ctx.fillRect(x + inset, y + h / 2, w - 2 * inset, h / 2);
		}
		this.ctx.fillStyle = "#000";
	}

	/** Draw one table row at this.y: cells on the grid, `laid` per cell. */
	private drawRow(
		cells: readonly {
			x: number;
			w: number;
			laid: Laid;
			bold: boolean;
			span: number;
		}[],
		height: number,
		shade: boolean,
	): void {
		for (const c of cells) {
			const h = height * c.span;
			if (shade) {
				this.ctx.fillStyle = "#d9d9d9";
				this.ctx.fillRect(c.x, this.y, c.w, h);
				this.ctx.fillStyle = "#000";
			}
			this.ctx.strokeRect(c.x, this.y, c.w, h);
			let yy = this.y + PAD + SIZE;
			c.laid.lines.forEach((lines, i) => {
				if (i > 0) yy += PARA_GAP;
				for (const l of lines) {
					this.text(l, c.x + PAD, yy, c.bold);
					yy += LINE;
				}
			});
		}
	}

	table(t: LTable): void {
		const total = t.widths.reduce((s, w) => s + w, 0);
		const avail = PAGE_W - 2 * MARGIN_X;
		const fullWidth = t.plan || t.widths.length > 2;
		const scale = (fullWidth ? avail : avail * 0.7) / total;
		// a column is at least as wide as its longest word (as a word processor makes it)
		const widths = t.widths.map((w) => w * scale);
		const need = widths.map(() => 0);
		for (const row of t.rows) {
			let col = 0;
			for (const cell of row.cells) {
				if ((cell.colSpan ?? 1) === 1 && col < need.length) {
					this.font(cell.bold === true);
					for (const word of cell.paras.join(" ").split(/\s+/))
						need[col] = Math.max(
							need[col] as number,
							this.ctx.measureText(word).width + 2 * PAD + 1,
						);
				}
				col += cell.colSpan ?? 1;
			}
		}
		const widest = widths.indexOf(Math.max(...widths));
		widths.forEach((w, i) => {
			const short = (need[i] as number) - w;
			if (short > 0 && i !== widest) {
				widths[i] = w + short;
				widths[widest] = (widths[widest] as number) - short;
			}
		});
		const xs = [MARGIN_X];
		for (const w of widths) xs.push((xs[xs.length - 1] as number) + w);
		// Resolve grid positions of each row's cells (row spans cover the row below).
		const placed: {
			cells: { x: number; w: number; cell: LCell }[];
			row: LRow;
		}[] = [];
		const coveredNext = new Map<number, number>();
		for (const row of t.rows) {
			const covered = new Set(
				[...coveredNext.entries()].filter(([, n]) => n > 0).map(([c]) => c),
			);
			for (const c of covered)
				coveredNext.set(c, (coveredNext.get(c) ?? 1) - 1);
			let col = 0;
			const cells: { x: number; w: number; cell: LCell }[] = [];
			for (const cell of row.cells) {
				while (covered.has(col)) col++;
				const span = cell.colSpan ?? 1;
				const x = xs[col] as number;
				const w = (xs[Math.min(col + span, xs.length - 1)] as number) - x;
				cells.push({ x, w, cell });
				if ((cell.rowSpan ?? 1) > 1)
					coveredNext.set(col, (cell.rowSpan ?? 1) - 1);
				col += span;
			}
			placed.push({ cells, row });
		}
		const heights = placed.map((p) =>
			Math.max(
				LINE + 2 * PAD,
				...p.cells
					.filter((c) => (c.cell.rowSpan ?? 1) === 1)
					.map((c) => this.lay(c.cell, c.w).height),
			),
		);
		// a cell spanning rows must fit in their sum
		placed.forEach((p, i) => {
			for (const c of p.cells) {
				const span = c.cell.rowSpan ?? 1;
				if (span === 1) continue;
				const need = this.lay(c.cell, c.w).height;
				const have = heights.slice(i, i + span).reduce((s, h) => s + h, 0);
				if (need > have)
					heights[i + span - 1] =
						(heights[i + span - 1] as number) + need - have;
			}
		});
		const headerIdx = placed.flatMap((p, i) => (p.row.header ? [i] : []));
		const repeatIdx =
			t.repeat === "header"
				? headerIdx
				: t.repeat === "numbering"
					? placed.flatMap((p, i) => (p.row.numbering ? [i] : []))
					: [];
		const drawIdx = (i: number) => {
			const p = placed[i] as (typeof placed)[number];
			const h = heights[i] as number;
			this.drawRow(
				p.cells.map((c) => ({
					x: c.x,
					w: c.w,
					laid: this.lay(c.cell, c.w),
					bold: c.cell.bold === true,
					span: 1,
				})),
				h,
				false,
			);
		};
		const drawHeader = (idx: readonly number[]) => {
			// header rows with their row spans, and the band behind them
			const top = this.y;
			const hs = idx.map((i) => heights[i] as number);
			const bandRows = idx.filter(
				(i) => !(placed[i] as (typeof placed)[number]).row.numbering,
			);
			if (t.shaded && bandRows.length > 0 && this.shading === "band") {
				const bandH = bandRows.reduce((s, i) => s + (heights[i] as number), 0);
				this.ctx.fillStyle = "#d9d9d9";
				this.ctx.fillRect(
					xs[0] as number,
					top,
					(xs[xs.length - 1] as number) - (xs[0] as number),
					bandH,
				);
				this.ctx.fillStyle = "#000";
			}
			idx.forEach((i, k) => {
				const p = placed[i] as (typeof placed)[number];
				for (const c of p.cells) {
					const span = Math.min(c.cell.rowSpan ?? 1, idx.length - k);
					const h = hs.slice(k, k + span).reduce((s, x) => s + x, 0);
					if (t.shaded && this.shading === "cells" && bandRows.includes(i))
						this.insetShading(c.x, this.y, c.w, h);
					this.ctx.strokeRect(c.x, this.y, c.w, h);
					const laid = this.lay(c.cell, c.w);
					let yy = this.y + PAD + SIZE;
					for (const lines of laid.lines)
						for (const l of lines) {
							this.text(l, c.x + PAD, yy, c.cell.bold === true);
							yy += LINE;
						}
				}
				this.y += hs[k] as number;
			});
		};
		const repeatHeight = repeatIdx.reduce(
			(s, i) => s + (heights[i] as number),
			0,
		);
		const bodyStart =
			headerIdx.length > 0
				? (headerIdx[headerIdx.length - 1] as number) + 1
				: 0;
		// keep small tables whole
		if (!t.plan) {
			const all = heights.reduce((s, h) => s + h, 0);
			if (this.y + all > this.bottom && all < this.bottom - MARGIN_Y)
				this.newPage();
		}
		if (headerIdx.length > 0) {
			const need =
				headerIdx.reduce((s, i) => s + (heights[i] as number), 0) +
				(heights[bodyStart] ?? 0);
			if (this.y + need > this.bottom) this.newPage();
			drawHeader(headerIdx);
		}
		for (let i = bodyStart; i < placed.length; i++) {
			const h = heights[i] as number;
			if (this.y + h > this.bottom) {
				// a row taller than a whole page is split (here, or from the next page when too
				// little is left here); drawn whole it would run off the page and lose its text
				const tooTall = h > this.bottom - MARGIN_Y - repeatHeight - LINE;
				if (tooTall && this.y + LINE * 4 + 2 * PAD < this.bottom) {
					this.splitRow(
						placed[i] as (typeof placed)[number],
						repeatIdx,
						drawHeader,
					);
					continue;
				}
				this.newPage();
				if (repeatIdx.length > 0) drawHeader(repeatIdx);
				if (tooTall) {
					this.splitRow(
						placed[i] as (typeof placed)[number],
						repeatIdx,
						drawHeader,
					);
					continue;
				}
			}
			drawIdx(i);
			this.y += h;
		}
		this.y += LINE;
	}

	/** A row taller than what is left of the page: its lines go on over page breaks, the rest in a
	 * continuation row (empty first cell) at the top of the next page. */
	private splitRow(
		p: { cells: { x: number; w: number; cell: LCell }[] },
		repeatIdx: readonly number[],
		drawHeader: (idx: readonly number[]) => void,
	): void {
		let rest = p.cells.map((c) => ({
			...c,
			lines: this.lay(c.cell, c.w).lines.flatMap((ls, i) =>
				i > 0 ? ["", ...ls] : ls,
			),
		}));
		while (rest.some((c) => c.lines.length > 0)) {
			const room = Math.floor((this.bottom - this.y - 2 * PAD - 1) / LINE);
			if (room < 2) {
				this.newPage();
				if (repeatIdx.length > 0) drawHeader(repeatIdx);
				continue;
			}
			const take = rest.map((c) => c.lines.slice(0, room));
			const n = Math.max(...take.map((l) => l.length));
			const h = n * LINE + 2 * PAD + 1;
			rest.forEach((c, k) => {
				this.ctx.strokeRect(c.x, this.y, c.w, h);
				let yy = this.y + PAD + SIZE;
				for (const l of take[k] as string[]) {
					if (l !== "") this.text(l, c.x + PAD, yy, c.cell.bold === true);
					yy += LINE;
				}
			});
			this.y += h;
			rest = rest.map((c, k) => ({
				...c,
				lines: c.lines.slice((take[k] as string[]).length),
			}));
			// a paragraph gap at the top of the continuation is not text
			rest = rest.map((c) => ({
				...c,
				lines: c.lines[0] === "" ? c.lines.slice(1) : c.lines,
			}));
			if (rest.some((c) => c.lines.length > 0)) {
				this.newPage();
				if (repeatIdx.length > 0) drawHeader(repeatIdx);
			}
		}
	}

	close(): Uint8Array {
		if (this.open) this.doc.endPage();
		this.open = false;
		return new Uint8Array(this.doc.close());
	}
}

/**
 * How a shaded header is drawn in a PDF: one grey band behind the header rows ("band"), or each
 * header cell filled with a second fill inset from its borders and cut in two ("cells").
 */
export type PdfShading = "band" | "cells";

/** The blocks as a text PDF, A4 landscape. */
export function toPdf(
	blocks: readonly LBlock[],
	options: { shading?: PdfShading } = {},
): Uint8Array {
	const w = new PdfWriter(options.shading);
	for (const b of blocks) {
		if (b.kind === "break") {
			if (w.y > MARGIN_Y) w.newPage();
		} else if (b.kind === "para") w.para(b);
		else w.table(b);
	}
	return w.close();
}
