/**
 * npx tsx scripts/make-docx-fixtures.ts: renders the gold report (fixtures/markdown/seed/
 * expected.json) as Word files with the `docx` package, into fixtures/docx/<case>/input.docx
 * beside expected.json (the gold without its "notes"; "source" is the imported file's name):
 *
 *  continuous  one Word table with a merged "Зорилтот түвшин" header (colspan 2 over
 *              "Хагас жил | Бүтэн жил", the other header cells merged down two rows, marked as
 *              Word header rows), goal rows spanning all nine columns;
 *  per-page    one table per page, as a PDF-to-Word converter writes it: a numbering row at the top
 *              of every page, goal rows "N | Зорилт N. …", no Word header marks, and item rows cut
 *              mid-sentence at page breaks whose rest opens the next page in a row with an empty №
 *              (activity, budget "220 сая" + "ОНХС", indicator, narrative, and a performance value
 *              printed only in the continuation).
 *
 * Text outside the plan table (title, signatures, evaluation sheet, summary) is the one
 * test/render.ts writes for the seed, converted paragraph by paragraph and table by table.
 * Narratives are never shifted between items: Word files are typed by people, so the records a
 * correct import returns are exactly the gold. Output is deterministic (fixed zip and document
 * dates), so regenerating changes no byte.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
	Document,
	Packer,
	PageBreak,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
} from "docx";
import { unzipSync, zipSync } from "fflate";
import type { Nodes, PhrasingContent, RootContent } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { Measure, ReportRecord } from "../pipeline/records.ts";
import { ReportRecordSchema } from "../pipeline/records.ts";
import {
	cutAtWord,
	cutParagraphs,
	emptyPlan,
	isMidSentence,
	type PageBreak as PlanBreak,
	paragraphsOf,
	performanceText,
	type TableRow as RecordRow,
	type RowSplit,
	renderReportMarkdown,
	tableRows,
	type WordCut,
	wordCount,
} from "../test/render.ts";

const ROOT = new URL("../", import.meta.url);
const FIXED_DATE = new Date("2025-01-01T00:00:00Z");

/** The gold record without notes, read from the Markdown seed's fixture. */
export function loadGold(): ReportRecord {
	const raw = JSON.parse(
		readFileSync(new URL("fixtures/markdown/seed/expected.json", ROOT), "utf8"),
	) as { measures: Record<string, unknown>[] };
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
}

// ───────────────────────────── cells and rows ─────────────────────────────

const HEADER = [
	"№",
	"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
	"Төсөв",
	"Шалгуур үзүүлэлт",
	"Суурь түвшин",
	"Зорилтот түвшин",
	"Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/",
	"Гүйцэтгэлийн хувь",
];

function para(text: string, bold = false): Paragraph {
	return new Paragraph({ children: [new TextRun({ text, bold })] });
}

function cell(
	paragraphs: readonly string[],
	options: { columnSpan?: number; rowSpan?: number; bold?: boolean } = {},
): TableCell {
	return new TableCell({
		children:
			paragraphs.length > 0
				? paragraphs.map((p) => para(p, options.bold))
				: [new Paragraph({})],
		columnSpan: options.columnSpan,
		rowSpan: options.rowSpan,
	});
}

const row = (cells: TableCell[], tableHeader = false) =>
	new TableRow({ children: cells, tableHeader });

/** The two header rows: "Зорилтот түвшин" over "Хагас жил | Бүтэн жил", the rest merged down. */
function headerRows(markAsHeader: boolean): TableRow[] {
	const down = (text: string) => cell([text], { rowSpan: 2, bold: true });
	const top = [
		...HEADER.slice(0, 5).map(down),
		cell([HEADER[5] as string], { columnSpan: 2, bold: true }),
		...HEADER.slice(6).map(down),
	];
	const sub = [
		cell(["Хагас жил"], { bold: true }),
		cell(["Бүтэн жил"], { bold: true }),
	];
	return [row(top, markAsHeader), row(sub, markAsHeader)];
}

const numberingRow = () =>
	row(["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((n) => cell([n])));

function table(rows: TableRow[]): Table {
	return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

// ───────────────────────────── the plan table ─────────────────────────────

interface PlanStyle {
	/** goal rows as one cell over the nine columns ("Зорилт N. …"), else "N | Зорилт N. …" */
	spanningGoals: boolean;
	/** the header rows are Word header rows (repeated on each page) */
	markHeader: boolean;
	/** page breaks, sorted by row (empty: one continuous table) */
	breaks: PlanBreak[];
}

const split = (text: string, at: number | null): [string, string] =>
	at === null ? [text, ""] : cutAtWord(text, at);

/** The plan table as Word tables: one, or one per page when the style has page breaks. */
function planTables(record: ReportRecord, style: PlanStyle): Table[] {
	const rows = tableRows(record);
	const breaks = new Map(style.breaks.map((b) => [b.afterRow, b]));
	const tables: Table[] = [];
	let current: TableRow[] = [...headerRows(style.markHeader), numberingRow()];
	rows.forEach((r: RecordRow, index) => {
		const br = breaks.get(index);
		if (r.kind === "goal") {
			const title = `Зорилт ${r.goal.number}. ${r.goal.title}`;
			current.push(
				style.spanningGoals
					? row([cell([title], { columnSpan: 9 })])
					: row([
							cell([String(r.goal.number)]),
							cell([title]),
							...Array.from({ length: 7 }, () => cell([])),
						]),
			);
		} else {
			const [head, tail] = measureRows(r.measure, br?.split ?? null);
			current.push(row(head.map((p) => cell(p))));
			if (tail) {
				tables.push(table(current));
				current = [numberingRow(), row(tail.map((p) => cell(p)))];
				return;
			}
		}
		if (br) {
			tables.push(table(current));
			current = [numberingRow()];
		}
	});
	tables.push(table(current));
	return tables;
}

/** An item row's cells (each a list of paragraphs), and its continuation row when it is split. */
function measureRows(
	m: Measure,
	s: RowSplit | null,
): [string[][], string[][] | null] {
	const [act1, act2] = split(m.activity, s?.activity ?? null);
	const [bud1, bud2] = split(m.budget.raw, s?.budget ?? null);
	const [ind1, ind2] = split(m.indicator, s?.indicator ?? null);
	const ach = paragraphsOf(m.achievement);
	const [ach1, ach2] = s?.achievement
		? cutParagraphs(ach, s.achievement)
		: [ach, []];
	const perf = performanceText(m);
	const late = s?.performanceInContinuation === true;
	const one = (t: string) => (t === "" ? [] : [t]);
	const head = [
		[m.item],
		one(act1),
		one(bud1),
		one(ind1),
		one(m.baseline.raw),
		one(m.targetHalfYear.raw),
		one(m.targetFullYear.raw),
		ach1,
		one(late ? "" : perf),
	];
	if (!s) return [head, null];
	return [
		head,
		[
			[],
			one(act2),
			one(bud2),
			one(ind2),
			[],
			[],
			[],
			ach2,
			one(late ? perf : ""),
		],
	];
}

// ───────────────────────────── text outside the table ─────────────────────────────

/** Inline Markdown → runs: bold for strong, italics for emphasis, soft line breaks as breaks. */
function runs(
	nodes: readonly PhrasingContent[],
	marks: { bold?: boolean; italics?: boolean } = {},
): TextRun[] {
	const out: TextRun[] = [];
	for (const n of nodes) {
		if (n.type === "text") {
			n.value.split("\n").forEach((line, i) => {
				out.push(new TextRun({ text: line, break: i > 0 ? 1 : 0, ...marks }));
			});
		} else if (n.type === "strong") {
			out.push(...runs(n.children, { ...marks, bold: true }));
		} else if (n.type === "emphasis") {
			out.push(...runs(n.children, { ...marks, italics: true }));
		} else if (n.type === "break") {
			out.push(new TextRun({ text: "", break: 1, ...marks }));
		} else if ("children" in n) {
			out.push(...runs(n.children as PhrasingContent[], marks));
		} else if ("value" in n) {
			out.push(new TextRun({ text: String(n.value), ...marks }));
		}
	}
	return out;
}

/** Markdown blocks (paragraphs and GFM tables) → Word paragraphs and tables. */
function wordBlocks(nodes: readonly RootContent[]): (Paragraph | Table)[] {
	const out: (Paragraph | Table)[] = [];
	for (const n of nodes) {
		if (n.type === "paragraph" || n.type === "heading") {
			out.push(new Paragraph({ children: runs(n.children) }));
		} else if (n.type === "table") {
			out.push(
				table(
					n.children.map((r) =>
						row(
							r.children.map(
								(c) =>
									new TableCell({
										children: [new Paragraph({ children: runs(c.children) })],
									}),
							),
						),
					),
				),
			);
		} else if (n.type === "list") {
			// "1. Гүйцэтгэлийн зорилт …" is a numbered heading of the sheet, typed as text.
			n.children.forEach((item, i) => {
				const number = n.ordered ? `${(n.start ?? 1) + i}. ` : "";
				for (const child of item.children)
					if (child.type === "paragraph")
						out.push(
							new Paragraph({
								children: [new TextRun(number), ...runs(child.children)],
							}),
						);
			});
		} else if (n.type !== "html") {
			out.push(new Paragraph({ children: runs([n as Nodes] as never) }));
		}
	}
	return out;
}

/** Front matter (the title) and back matter (signatures, evaluation, summary) as the seed has them. */
function frontAndBack(record: ReportRecord): {
	front: (Paragraph | Table)[];
	back: (Paragraph | Table)[];
} {
	const md = renderReportMarkdown(record, emptyPlan(record));
	const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
	const first = tree.children.findIndex((n) => n.type === "table");
	return {
		front: wordBlocks(tree.children.slice(0, first)),
		back: wordBlocks(tree.children.slice(first + 1)),
	};
}

// ───────────────────────────── the cases ─────────────────────────────

/** The per-page rendition's page breaks: row splits on eight items, and two plain breaks. */
export function perPageBreaks(record: ReportRecord): PlanBreak[] {
	const rows = tableRows(record);
	const at = (item: string) =>
		rows.findIndex((r) => r.kind === "measure" && r.measure.item === item);
	// The first cut at or after `word` of the paragraph that leaves a sentence open.
	const mid = (item: string, paragraph: number, word: number): WordCut => {
		const m = record.measures.find((x) => x.item === item);
		const paras = paragraphsOf(m?.achievement ?? "");
		for (let w = word; w < wordCount(paras[paragraph] ?? ""); w++)
			if (isMidSentence(paras, { paragraph, word: w }))
				return { paragraph, word: w };
		throw new Error(`no mid-sentence cut in ${item} after word ${word}`);
	};
	const none: RowSplit = {
		activity: null,
		budget: null,
		indicator: null,
		achievement: null,
		performanceInContinuation: false,
	};
	const breaks: PlanBreak[] = [
		// the narrative cut mid-sentence inside its third paragraph
		{ afterRow: at("1.2"), split: { ...none, achievement: mid("1.2", 2, 9) } },
		// a plain break before goal 2's heading
		{ afterRow: at("1.4"), split: null },
		// the seed's own case: "220 сая" + "ОНХС", "Тоног" + "төхөөрөмжийн хангалтын хувь", 100% late
		{
			afterRow: at("2.3"),
			split: {
				...none,
				budget: 2,
				indicator: 1,
				performanceInContinuation: true,
			},
		},
		// the activity cut mid-sentence, and the narrative
		{
			afterRow: at("3.2"),
			split: { ...none, activity: 4, achievement: mid("3.2", 0, 40) },
		},
		// the indicator and the narrative
		{
			afterRow: at("4.4"),
			split: { ...none, indicator: 2, achievement: mid("4.4", 0, 25) },
		},
		// a plain break between two items
		{ afterRow: at("4.8"), split: null },
		// only the performance value, printed in the continuation row
		{
			afterRow: at("4.12"),
			split: { ...none, performanceInContinuation: true },
		},
		// the narrative cut at a paragraph boundary, with the activity
		{
			afterRow: at("5.1"),
			split: { ...none, activity: 3, achievement: { paragraph: 2, word: 0 } },
		},
		// the activity and the narrative of 6.3
		{
			afterRow: at("6.3"),
			split: { ...none, activity: 2, achievement: mid("6.3", 0, 30) },
		},
	];
	return breaks.sort((a, b) => a.afterRow - b.afterRow);
}

/** A page break paragraph: what separates the tables of a PDF-to-Word converter's output. */
const pageBreak = () => new Paragraph({ children: [new PageBreak()] });

function interleave(tables: Table[]): (Paragraph | Table)[] {
	return tables.flatMap((t, i) => (i === 0 ? [t] : [pageBreak(), t]));
}

/** Build the Word file for a case; deterministic bytes. */
export async function renderDocx(
	record: ReportRecord,
	kind: "continuous" | "per-page",
): Promise<Uint8Array> {
	const { front, back } = frontAndBack(record);
	const plan = planTables(
		record,
		kind === "continuous"
			? { spanningGoals: true, markHeader: true, breaks: [] }
			: {
					spanningGoals: false,
					markHeader: false,
					breaks: perPageBreaks(record),
				},
	);
	const doc = new Document({
		creator: "tailan scripts/make-docx-fixtures.ts",
		title: record.report.title,
		sections: [
			{
				children: [...front, ...interleave(plan), pageBreak(), ...back],
			},
		],
	});
	return deterministic(await Packer.toBuffer(doc));
}

/** Re-zip with fixed entry dates and fixed document dates, so the bytes depend on the input only. */
export function deterministic(bytes: Uint8Array): Uint8Array {
	const files = unzipSync(bytes);
	const core = files["docProps/core.xml"];
	if (core) {
		const xml = new TextDecoder()
			.decode(core)
			.replace(
				/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g,
				`$1${FIXED_DATE.toISOString().replace(/\.\d+Z$/, "Z")}$2`,
			);
		files["docProps/core.xml"] = new TextEncoder().encode(xml);
	}
	return zipSync(files, { mtime: FIXED_DATE, level: 6 });
}

async function main(): Promise<void> {
	const record = loadGold();
	for (const kind of ["continuous", "per-page"] as const) {
		const dir = new URL(`fixtures/docx/${kind}/`, ROOT);
		mkdirSync(dir, { recursive: true });
		const bytes = await renderDocx(record, kind);
		writeFileSync(new URL("input.docx", dir), bytes);
		const expected = { ...record, source: "input.docx" };
		writeFileSync(
			new URL("expected.json", dir),
			`${JSON.stringify(expected, null, "\t")}\n`,
		);
		process.stdout.write(
			`wrote ${fileURLToPath(new URL("input.docx", dir))} (${(bytes.length / 1024).toFixed(0)} KiB)\n`,
		);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
