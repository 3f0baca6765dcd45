/**
 * parsers/markdown: OCR-made Markdown (GFM tables, HTML `<p>` inside cells) → the document model.
 * Each Markdown table is a table fragment; OCR tools restart the table on every page, so a table
 * that follows another one starts a new page. Text outside tables becomes text blocks.
 */
import type { Html, Nodes, Root, RootContent, Table, TableCell } from "mdast";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { toString as mdToString } from "mdast-util-to-string";
import { gfmTable } from "micromark-extension-gfm-table";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type {
	Block,
	Cell,
	Page,
	Paragraph,
	Provenance,
	TableFragment,
	TailanDocument,
} from "../../pipeline/document.ts";

export interface MarkdownOptions {
	/** File name recorded in provenance. */
	file: string;
	/** sha256 of the source bytes (hex). */
	sha256: string;
	/** Size of the source in bytes. */
	bytes: number;
}

const processor = unified().use(remarkParse).use(remarkGfm);
// GFM tables alone (the same extensions remark-gfm adds for tables). remark-gfm also tries
// autolink literals, footnotes, strikethrough and task lists at every Latin letter, digit, "[",
// "]" and "~", and walks the whole tree for autolinks afterwards: a fifth of the parse.
const tablesOnly = unified()
	.use(remarkParse)
	.data("micromarkExtensions", [gfmTable()])
	.data("fromMarkdownExtensions", [gfmTableFromMarkdown()]);

/**
 * Whether `text` may hold a GFM construct other than a table: strikethrough needs "~", an email
 * autolink "@" (so do mailto: and xmpp:), a www or http(s) autolink "www." or "http(s)://", a
 * footnote "[^", a task list check "[ ]" or "[x]". Without any of them remark-gfm and tablesOnly
 * build the same tree (parsers/markdown/index.test.ts compares them).
 */
export function mayHoldOtherGfm(text: string): boolean {
	return (
		text.includes("~") ||
		text.includes("@") ||
		(text.includes("[") && /\[(?:\^|[\s xX]\])/.test(text)) ||
		/www\.|https?:\/\//i.test(text)
	);
}

/** Parse Markdown text as remark + remark-gfm does (exported for the parse-only benchmark floor). */
export function parseMarkdown(text: string): Root {
	return (mayHoldOtherGfm(text) ? processor : tablesOnly).parse(text);
}

/** Markdown text → document model. Never throws on odd input: problems become `issues`. */
export function markdownToDocument(
	text: string,
	options: MarkdownOptions,
): TailanDocument {
	const tree = parseMarkdown(text);
	const pages: Page[] = [];
	let page: Page = { number: 1, blocks: [] };
	pages.push(page);
	let tableIndex = 0;
	let previous: RootContent | undefined;
	for (const node of tree.children) {
		if (node.type === "table") {
			// A table right after another table (or after any table on this page) is a page restart.
			if (
				previous !== undefined &&
				page.blocks.some((b) => b.kind === "table")
			) {
				page = { number: page.number + 1, blocks: [] };
				pages.push(page);
			}
			page.blocks.push(
				tableToFragment(node, tableIndex++, page.number, options.file),
			);
		} else {
			const block = nodeToTextBlock(node, page.number, options.file, text);
			if (block) page.blocks.push(block);
		}
		previous = node;
	}
	return {
		file: options.file,
		format: "markdown",
		sha256: options.sha256,
		bytes: options.bytes,
		sourceText: text,
		pages,
		issues: [],
	};
}

function prov(
	file: string,
	page: number,
	node: { position?: Nodes["position"] } | undefined,
	extra: Partial<Provenance> = {},
): Provenance {
	const p: Provenance = { file, page, ...extra };
	const pos = node?.position;
	if (pos?.start.offset !== undefined) p.start = pos.start.offset;
	if (pos?.end.offset !== undefined) p.end = pos.end.offset;
	return p;
}

function tableToFragment(
	node: Table,
	index: number,
	page: number,
	file: string,
): TableFragment {
	return {
		kind: "table",
		index,
		prov: prov(file, page, node, { table: index }),
		rows: node.children.map((row, r) => ({
			prov: prov(file, page, row, { table: index, row: r }),
			cells: row.children.map((cell, c) =>
				cellToModel(cell, file, page, index, r, c),
			),
		})),
	};
}

const BREAK_TAG = /^<\/?(p|br|div)\b[^>]*\/?>$/i;
const ANY_TAG = /<\/?[a-z][^>]*>/gi;

/** A cell's inline content split into paragraphs at `<p>`, `</p>` and `<br>` tags. */
function cellToModel(
	cell: TableCell,
	file: string,
	page: number,
	table: number,
	row: number,
	index: number,
): Cell {
	const paragraphs: Paragraph[] = [];
	let buffer = "";
	let start: number | undefined;
	let end: number | undefined;
	const flush = () => {
		const text = buffer.replace(/\s+/g, " ").trim();
		if (text) {
			const p: Provenance = { file, page, table, row, cell: index };
			if (start !== undefined) p.start = start;
			if (end !== undefined) p.end = end;
			paragraphs.push({ text, prov: p });
		}
		buffer = "";
		start = undefined;
		end = undefined;
	};
	for (const child of cell.children) {
		if (child.type === "html" && BREAK_TAG.test((child as Html).value.trim())) {
			flush();
			continue;
		}
		const value =
			child.type === "html"
				? (child as Html).value.replace(ANY_TAG, " ")
				: mdToString(child);
		if (value.trim() && start === undefined)
			start = child.position?.start.offset;
		if (value.trim()) end = child.position?.end.offset;
		buffer += value;
	}
	flush();
	return {
		paragraphs,
		colSpan: 1,
		rowSpan: 1,
		prov: prov(file, page, cell, { table, row, cell: index }),
	};
}

function nodeToTextBlock(
	node: RootContent,
	page: number,
	file: string,
	source: string,
): Block | undefined {
	const start = node.position?.start.offset;
	const end = node.position?.end.offset;
	// Keep line breaks of the source (signature blocks are line-oriented), drop Markdown markup.
	let text: string;
	if (node.type === "paragraph" || node.type === "heading") {
		text = inlineText(node as Nodes);
	} else if (start !== undefined && end !== undefined) {
		text = source.slice(start, end);
	} else {
		text = mdToString(node);
	}
	text = text
		.split("\n")
		.map((l) => l.replace(/[ \t]+/g, " ").trim())
		.filter((l) => l !== "")
		.join("\n");
	if (!text) return undefined;
	const strong =
		node.type === "heading" ||
		(node.type === "paragraph" &&
			node.children.length > 0 &&
			node.children.every(
				(c) =>
					c.type === "strong" || (c.type === "text" && c.value.trim() === ""),
			));
	return { kind: "text", text, strong, prov: prov(file, page, node) };
}

/** Text of a paragraph keeping soft line breaks as "\n". */
function inlineText(node: Nodes): string {
	if (node.type === "text" || node.type === "inlineCode") return node.value;
	if (node.type === "break") return "\n";
	if (node.type === "html") return node.value.replace(ANY_TAG, "");
	if ("children" in node)
		return (node.children as Nodes[]).map(inlineText).join("");
	return "";
}
