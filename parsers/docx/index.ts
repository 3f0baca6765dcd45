/**
 * parsers/docx: Word (.docx) reports → the document model.
 *
 * The zip is checked first (./zip.ts: size, entry count, declared uncompressed size, compression
 * ratio; OLE files and non-Word zips are refused), then mammoth turns the document into HTML,
 * rehype-parse into hast, and this module walks the hast:
 * - each top-level `<table>` is a table fragment; a table that follows another table (a
 *   PDF-to-Word converter's one table per page) starts a new page, as in the Markdown parser, so
 *   `page` is the plan table's fragment count;
 * - header rows are ordinary rows whether Word marks them as headers (`<th>`) or not: the
 *   stitcher recognises headers by their text;
 * - each `<p>`, list item or heading inside a cell is a Paragraph; a `<br>` also starts one;
 *   a table nested in a cell contributes its cells' paragraphs in reading order;
 * - text outside tables becomes text blocks, one per Word paragraph, list item or heading, with
 *   line breaks kept as "\n"; `strong` when all its text is bold (or it is a heading).
 *
 * **Merged cells.** mammoth emits gridSpan as `colspan` and vMerge as `rowspan`. Rows are
 * expanded to the table's full grid: a spanning cell stays one Cell with its colSpan/rowSpan at
 * its top-left grid position, and every position it covers holds an empty placeholder Cell
 * (colSpan = rowSpan = 1, no paragraphs); short rows are padded with empty cells. So a cell's
 * index in `row.cells` — and `prov.cell` — is its grid column, which is what the stitcher's
 * column map (physical cell index → column) and the "| 1 | 2 | … | 9 |" numbering row expect:
 * the plan table's "Зорилтот түвшин" header (colspan 2) keeps "Хагас жил | Бүтэн жил" under
 * columns 6 and 7, and a goal row spanning all nine columns reads as "Зорилт N. …" in column 1.
 * A renderer that honours spans must skip the covered positions (the next colSpan − 1 cells of
 * the row, and the same columns of the next rowSpan − 1 rows).
 *
 * mammoth's messages become warnings in `document.issues`.
 */

import type { Element, ElementContent, Root, RootContent } from "hast";
import mammoth from "mammoth";
import rehypeParse from "rehype-parse";
import { unified } from "unified";
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
} from "../../pipeline/document.ts";
import { DocumentLoadError } from "../../pipeline/document.ts";
import {
	DEFAULT_ZIP_LIMITS,
	docxParts,
	inflateZipEntries,
	inspectDocxZip,
	type ZipLimits,
} from "./zip.ts";

export {
	DEFAULT_ZIP_LIMITS,
	docxParts,
	inspectDocxZip,
	isOleFile,
	isZipFile,
	oleError,
	type ZipLimits,
} from "./zip.ts";

export interface DocxOptions {
	/** File name recorded in provenance and errors. */
	file: string;
	/** sha256 of the source bytes (hex). */
	sha256: string;
	/** Zip limits checked before anything is inflated (default DEFAULT_ZIP_LIMITS). */
	limits?: ZipLimits;
	/** Tables nested in a cell (default "cell-text"): see HtmlOptions. */
	nestedTables?: HtmlOptions["nestedTables"];
}

/** How the hast of a Word document becomes the model. */
export interface HtmlOptions {
	/**
	 * "cell-text" (default): a table nested in a cell is part of the cell, its cells' paragraphs
	 * in reading order — a narrative that holds a small table keeps its text in its item, and the
	 * plan table's run of fragments is not broken. "fragments": a nested table is a table fragment
	 * of its own, right after its outer table on the same page, and its cell keeps only its own
	 * paragraphs (how docling numbers tables; used to compare with it).
	 */
	nestedTables?: "cell-text" | "fragments";
	/**
	 * Empty grid columns before and after each `<w:tr>` of word/document.xml, in document order
	 * (w:gridBefore / w:gridAfter, which mammoth drops): rows that start late are shifted right.
	 */
	rowGaps?: RowGap[];
}

/** w:gridBefore / w:gridAfter of one table row. */
export interface RowGap {
	before: number;
	after: number;
}

const htmlProcessor = unified().use(rehypeParse, { fragment: true });

/** Word HTML (as mammoth writes it) → hast (exported for tests and the corpus script). */
export function parseHtml(html: string): Root {
	return htmlProcessor.parse(html);
}

/**
 * .docx bytes → document model. Throws DocumentLoadError for files that are not Word documents,
 * are encrypted or old .doc files, or break a zip limit; problems inside a readable document
 * become `issues`.
 */
export async function docxToDocument(
	bytes: Uint8Array,
	options: DocxOptions,
): Promise<TailanDocument> {
	const { file } = options;
	const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
	inspectDocxZip(file, bytes, limits);
	// The XML parts inflated under a running limit (stated sizes are not trusted), handed to
	// mammoth as a stored zip: JSZip never inflates anything.
	const { zip, parts } = docxParts(file, bytes, limits);
	const rowGaps = rowGapsOf(parts.get("word/document.xml"));
	let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
	try {
		result = await mammoth.convertToHtml(
			{ buffer: Buffer.from(zip.buffer, zip.byteOffset, zip.length) },
			// Pictures are not part of a report's records: keep no image data in memory.
			{ convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
		);
	} catch (e) {
		throw new DocumentLoadError(
			file,
			`the Word document cannot be read: ${wordFailure(e)}`,
			"open it in Word and save it again as .docx (Word Document)",
		);
	}
	const issues: Issue[] = result.messages.map((m) => ({
		severity: "warning",
		message: `Word conversion: ${m.message}`,
	}));
	const pages = htmlToPages(parseHtml(result.value), file, {
		nestedTables: options.nestedTables,
		rowGaps,
	});
	return {
		file,
		format: "docx",
		sha256: options.sha256,
		bytes: bytes.length,
		pages,
		issues,
	};
}

/** hast of a Word document → pages of table fragments and text blocks. */
export function htmlToPages(
	tree: Root,
	file: string,
	options: HtmlOptions = {},
): Page[] {
	const nested = options.nestedTables ?? "cell-text";
	const gaps = rowGapsByElement(tree, options.rowGaps ?? []);
	let page: Page = { number: 1, blocks: [] };
	const pages: Page[] = [page];
	let tableIndex = 0;
	const emitTable = (table: Element, isNested: boolean) => {
		// A one-cell table is a frame around text (a title box, a signature block, a whole
		// report pasted into a cell), not a table: its content is read as if it were outside.
		const only = singleCell(table);
		if (only) {
			visit(only.children);
			return;
		}
		// A table after any table on this page is a page restart (one table per page).
		if (!isNested && page.blocks.some((b) => b.kind === "table")) {
			page = { number: page.number + 1, blocks: [] };
			pages.push(page);
		}
		const inner: Element[] = [];
		page.blocks.push(
			tableToFragment(table, tableIndex++, page.number, file, {
				gaps,
				nested: nested === "fragments" ? inner : undefined,
			}),
		);
		for (const t of inner) emitTable(t, true);
	};
	const visit = (nodes: readonly (RootContent | ElementContent)[]) => {
		for (const node of nodes) {
			if (node.type !== "element") {
				if (node.type === "text" && node.value.trim() !== "")
					page.blocks.push(textBlock(node.value, false, page.number, file));
				continue;
			}
			if (node.tagName === "table") {
				emitTable(node, false);
			} else if (node.tagName === "ul" || node.tagName === "ol") {
				for (const li of node.children)
					if (li.type === "element" && li.tagName === "li") visitItem(li);
			} else if (CONTAINERS.has(node.tagName)) {
				visit(node.children);
			} else {
				const text = lines(inlineText(node));
				if (text)
					page.blocks.push(
						textBlock(
							text,
							HEADINGS.has(node.tagName) || isBold(node),
							page.number,
							file,
						),
					);
			}
		}
	};
	// A list item: its own text is a block; nested lists and tables follow it.
	const visitItem = (li: Element) => {
		const own = li.children.filter(
			(c) => !(c.type === "element" && BLOCK_CHILDREN.has(c.tagName)),
		);
		const text = lines(own.map(inlineText).join(""));
		if (text)
			page.blocks.push(
				textBlock(text, isBold({ ...li, children: own }), page.number, file),
			);
		visit(
			li.children.filter(
				(c) => c.type === "element" && BLOCK_CHILDREN.has(c.tagName),
			),
		);
	};
	visit(tree.children);
	return pages;
}

/** The only cell of a one-row, one-cell table, else undefined. */
function singleCell(table: Element): Element | undefined {
	const rows = tableRows(table);
	if (rows.length !== 1) return undefined;
	const cells = (rows[0]?.children ?? []).filter(isCell);
	const [only] = cells;
	return cells.length === 1 && only && spanOf(only, "colSpan") === 1
		? only
		: undefined;
}

const isCell = (n: ElementContent): n is Element =>
	n.type === "element" && (n.tagName === "td" || n.tagName === "th");

/**
 * w:gridBefore / w:gridAfter of every `<w:tr>` of word/document.xml, in document order.
 * mammoth reads only the fallback of `mc:AlternateContent`, so the choices are skipped here too.
 */
export function readRowGaps(bytes: Uint8Array): RowGap[] {
	try {
		const parts = inflateZipEntries(
			"",
			bytes,
			(name) => name === "word/document.xml",
			{
				maxInflatedBytes: DEFAULT_ZIP_LIMITS.maxInflatedBytes ?? 0,
				label: "Word file",
				fix: "",
			},
		);
		return rowGapsOf(parts.get("word/document.xml"));
	} catch {
		return [];
	}
}

/** What went wrong inside mammoth, in words about the file (the library's own text is not given). */
function wordFailure(e: unknown): string {
	if (e instanceof RangeError)
		return /call stack/i.test(e.message)
			? "it is nested too deeply (elements inside elements, thousands of levels)"
			: "it is too large to convert in memory";
	const message = e instanceof Error ? e.message : String(e);
	if (/could not find|not find file|main document/i.test(message))
		return "a part of the document is missing";
	if (/xml|parse|unexpected|tag|attribute|entity/i.test(message))
		return "its XML is malformed";
	return "its content is damaged";
}

/** Row gaps of an inflated word/document.xml (see readRowGaps). */
function rowGapsOf(data: Uint8Array | undefined): RowGap[] {
	if (!data) return [];
	let xml = new TextDecoder().decode(data);
	xml = xml.replace(/<mc:Choice\b[\s\S]*?<\/mc:Choice>/g, "");
	const gaps: RowGap[] = [];
	for (const m of xml.matchAll(/<w:tr[\s>/]/g)) {
		// The row's own properties come before its first cell (and before any nested row).
		const rest = xml.slice(m.index, m.index + 2000);
		const head = rest.slice(0, rest.search(/<w:tc[\s>]|<\/w:tr>/) >>> 0);
		const val = (name: string) =>
			Number(
				new RegExp(`<w:${name}\\b[^>]*w:val="(\\d+)"`).exec(head)?.[1] ?? 0,
			);
		gaps.push({ before: val("gridBefore"), after: val("gridAfter") });
	}
	return gaps;
}

/** Row gaps keyed by `<tr>` element: the i-th `<tr>` of the hast (pre-order) is the i-th `<w:tr>`. */
function rowGapsByElement(
	tree: Root,
	gaps: readonly RowGap[],
): Map<Element, RowGap> {
	const map = new Map<Element, RowGap>();
	if (!gaps.some((g) => g.before > 0 || g.after > 0)) return map;
	const trs: Element[] = [];
	const walk = (n: Root | ElementContent) => {
		if (n.type === "element" && n.tagName === "tr") trs.push(n);
		if ("children" in n) for (const c of n.children) walk(c as ElementContent);
	};
	walk(tree);
	// mammoth drops no row, so the counts agree; when they do not, shifting rows would be a guess.
	if (trs.length < gaps.length) return map;
	gaps.forEach((g, i) => {
		const tr = trs[i];
		if (tr && (g.before > 0 || g.after > 0)) map.set(tr, g);
	});
	return map;
}

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const CONTAINERS = new Set([
	"div",
	"section",
	"article",
	"blockquote",
	"thead",
	"tbody",
	"body",
]);
const BLOCK_CHILDREN = new Set(["ul", "ol", "table", "p", "div"]);
const ROW_GROUPS = new Set(["thead", "tbody", "tfoot"]);

function textBlock(
	text: string,
	strong: boolean,
	page: number,
	file: string,
): Block {
	return { kind: "text", text, strong, prov: { file, page } };
}

/** Lines of a block: whitespace collapsed inside each line, empty lines dropped. */
function lines(text: string): string {
	return text
		.split("\n")
		.map((l) => l.replace(/\s+/g, " ").trim())
		.filter((l) => l !== "")
		.join("\n");
}

/** Text of inline content, `<br>` as "\n". */
function inlineText(node: RootContent | ElementContent): string {
	if (node.type === "text") return node.value;
	if (node.type !== "element") return "";
	if (node.tagName === "br") return "\n";
	return node.children.map(inlineText).join("");
}

/** True when every non-blank text of the node is inside `<strong>` or `<b>`. */
function isBold(node: Element): boolean {
	let any = false;
	let plain = false;
	const walk = (n: ElementContent, bold: boolean) => {
		if (n.type === "text") {
			if (n.value.trim() === "") return;
			any = true;
			if (!bold) plain = true;
		} else if (n.type === "element") {
			const b = bold || n.tagName === "strong" || n.tagName === "b";
			for (const c of n.children) walk(c, b);
		}
	};
	for (const c of node.children) walk(c, false);
	return any && !plain;
}

/** The `<tr>` elements of a table, through `<thead>`/`<tbody>`/`<tfoot>`, not nested tables. */
function tableRows(table: Element): Element[] {
	const rows: Element[] = [];
	for (const c of table.children) {
		if (c.type !== "element") continue;
		if (c.tagName === "tr") rows.push(c);
		else if (ROW_GROUPS.has(c.tagName))
			for (const r of c.children)
				if (r.type === "element" && r.tagName === "tr") rows.push(r);
	}
	return rows;
}

const spanOf = (cell: Element, name: "colSpan" | "rowSpan"): number => {
	const v = Number(cell.properties?.[name] ?? 1);
	return Number.isInteger(v) && v >= 1 ? Math.min(v, 1000) : 1;
};

/** A table element → a fragment whose rows are expanded to the full grid (see the module doc). */
function tableToFragment(
	table: Element,
	index: number,
	page: number,
	file: string,
	context: {
		gaps: Map<Element, RowGap>;
		/** When set, nested tables are collected here instead of read as cell text. */
		nested: Element[] | undefined;
	},
): TableFragment {
	const trs = tableRows(table);
	// grid[r][c]: the Cell whose top-left is (r, c), "covered" for a position under a span.
	const grid: (Cell | "covered" | undefined)[][] = trs.map(() => []);
	trs.forEach((tr, r) => {
		const line = grid[r] ?? [];
		const gap = context.gaps.get(tr);
		let col = 0;
		// A row that starts late (w:gridBefore) leaves its first grid columns empty.
		for (let skip = gap?.before ?? 0; skip > 0; col++)
			if (line[col] === undefined) {
				line[col] = "covered";
				skip--;
			}
		for (const td of tr.children) {
			if (!isCell(td)) continue;
			while (line[col] !== undefined) col++;
			const colSpan = spanOf(td, "colSpan");
			// A rowspan never reaches past the table's last row.
			const rowSpan = Math.min(spanOf(td, "rowSpan"), trs.length - r);
			const prov: Provenance = { file, page, table: index, row: r, cell: col };
			line[col] = {
				paragraphs: cellParagraphs(td, prov, context.nested),
				colSpan,
				rowSpan,
				prov,
			};
			for (let dr = 0; dr < rowSpan; dr++) {
				const target = grid[r + dr];
				if (!target) continue;
				for (let dc = 0; dc < colSpan; dc++)
					if (dr > 0 || dc > 0) target[col + dc] = "covered";
			}
			col += colSpan;
		}
		// w:gridAfter: the row ends early; the padding below fills its last columns.
	});
	const width = Math.max(0, ...grid.map((line) => line.length));
	const rows: Row[] = grid.map((line, r) => {
		const cells: Cell[] = [];
		for (let c = 0; c < width; c++) {
			const cell = line[c];
			cells.push(
				cell === undefined || cell === "covered"
					? {
							paragraphs: [],
							colSpan: 1,
							rowSpan: 1,
							prov: { file, page, table: index, row: r, cell: c },
						}
					: cell,
			);
		}
		return { cells, prov: { file, page, table: index, row: r } };
	});
	return { kind: "table", index, rows, prov: { file, page, table: index } };
}

/**
 * A cell's paragraphs: one per `<p>`, heading, list item or `<br>`-separated line. A nested table
 * adds its cells' paragraphs, or is pushed on `nested` (and left out) when that is given.
 */
function cellParagraphs(
	td: Element,
	prov: Provenance,
	nested: Element[] | undefined,
): Paragraph[] {
	const out: Paragraph[] = [];
	let buffer = "";
	const flush = () => {
		const text = buffer.replace(/\s+/g, " ").trim();
		if (text) out.push({ text, prov: { ...prov } });
		buffer = "";
	};
	const walk = (nodes: readonly ElementContent[]) => {
		for (const n of nodes) {
			if (n.type === "text") {
				buffer += n.value;
				continue;
			}
			if (n.type !== "element") continue;
			if (n.tagName === "br") {
				flush();
			} else if (n.tagName === "table") {
				flush();
				if (nested) {
					nested.push(n);
					continue;
				}
				// A nested table: its cells' paragraphs in reading order.
				for (const tr of tableRows(n))
					for (const c of tr.children)
						if (isCell(c)) {
							walk(c.children);
							flush();
						}
			} else if (
				n.tagName === "p" ||
				n.tagName === "li" ||
				n.tagName === "div" ||
				HEADINGS.has(n.tagName)
			) {
				flush();
				walk(n.children);
				flush();
			} else {
				walk(n.children);
			}
		}
	};
	walk(td.children);
	flush();
	return out;
}
