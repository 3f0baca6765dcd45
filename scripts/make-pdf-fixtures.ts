/**
 * Generates the PDF fixtures (run by hand; the outputs are committed, tests never need chromium):
 *
 *  fixtures/pdf/gold/input.pdf       the gold report (fixtures/markdown/seed/expected.json) printed
 *                                    from HTML by headless Chromium, A4 landscape: a 9-column ruled
 *                                    plan table (merged "Зорилтот түвшин" over "Хагас жил / Бүтэн
 *                                    жил", goal rows spanning the row, header and numbering row
 *                                    repeated on every page), rows breaking across pages mid-cell,
 *                                    then signatures, the evaluation sheet and the summary;
 *  fixtures/pdf/gold/expected.json   the gold without "notes" (source: input.pdf).
 *
 * The PDFs that must be refused (encrypted, truncated, damaged, no table, no text layer) are
 * small and made by parsers/pdf/index.test.ts itself.
 *
 * Needs /usr/bin/chromium (Debian `chromium`; override with CHROMIUM=…).
 *
 *   npx tsx scripts/make-pdf-fixtures.ts
 */
import { execFileSync } from "node:child_process";
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { markdownToDocument } from "../parsers/markdown/index.ts";
import type { Block } from "../pipeline/document.ts";
import { cellText } from "../pipeline/document.ts";
import { type ReportRecord, ReportRecordSchema } from "../pipeline/records.ts";
import {
	emptyPlan,
	paragraphsOf,
	performanceText,
	renderReportMarkdown,
	tableRows,
} from "../test/render.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The gold record without the hand-checker's notes. */
export function loadGold(): ReportRecord {
	const raw = JSON.parse(
		readFileSync(join(root, "fixtures/markdown/seed/expected.json"), "utf8"),
	) as { measures: Record<string, unknown>[] };
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
}

const esc = (s: string): string =>
	s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A cell's paragraphs, each its own <p> (a gap larger than a line separates them). */
const paras = (texts: readonly string[]): string =>
	texts
		.filter((t) => t !== "")
		.map((t) => `<p>${esc(t)}</p>`)
		.join("");

const CSS = `
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8pt; line-height: 1.2; margin: 0; }
p { margin: 0; }
td p + p, th p + p { margin-top: 0.6em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10pt 0; }
td, th { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; }
th { font-weight: bold; text-align: center; vertical-align: middle; }
tr { break-inside: auto; page-break-inside: auto; }
thead { display: table-header-group; }
.title { font-weight: bold; font-size: 11pt; text-align: center; margin: 0 0 10pt 0; }
.block { margin: 0 0 10pt 0; break-inside: avoid; }
.strong { font-weight: bold; }
.back table { width: auto; max-width: 100%; break-inside: avoid; }
`;

const HEADER = `<thead>
<tr><th rowspan="2" style="width:3.5%">№</th><th rowspan="2" style="width:14%">Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж</th><th rowspan="2" style="width:7%">Төсөв</th><th rowspan="2" style="width:10%">Шалгуур үзүүлэлт</th><th rowspan="2" style="width:6%">Суурь түвшин</th><th colspan="2">Зорилтот түвшин</th><th rowspan="2" style="width:40%">Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/</th><th rowspan="2" style="width:7%">Гүйцэтгэлийн хувь</th></tr>
<tr><th style="width:6%">Хагас жил</th><th style="width:6%">Бүтэн жил</th></tr>
<tr>${Array.from({ length: 9 }, (_, i) => `<th>${i + 1}</th>`).join("")}</tr>
</thead>`;

/** The plan table: goal rows span the row (the last goal in the "Зорилт-6:" form over all nine). */
function planTable(record: ReportRecord): string {
	const rows: string[] = [];
	const lastGoal = record.goals[record.goals.length - 1]?.number;
	for (const row of tableRows(record)) {
		if (row.kind === "goal") {
			const g = row.goal;
			rows.push(
				g.number === lastGoal
					? `<tr><td colspan="9">${esc(`Зорилт-${g.number}: ${g.title}`)}</td></tr>`
					: `<tr><td>${g.number}</td><td colspan="8">${esc(`Зорилт ${g.number}. ${g.title}`)}</td></tr>`,
			);
			continue;
		}
		const m = row.measure;
		const perf = performanceText(m);
		rows.push(
			`<tr>${[
				m.item,
				m.activity,
				m.budget.raw,
				m.indicator,
				m.baseline.raw,
				m.targetHalfYear.raw,
				m.targetFullYear.raw,
			]
				.map((t) => `<td>${paras([t])}</td>`)
				.join(
					"",
				)}<td>${paras(paragraphsOf(m.achievement))}</td><td>${paras([perf])}</td></tr>`,
		);
	}
	return `<table class="plan">${HEADER}<tbody>${rows.join("\n")}</tbody></table>`;
}

function blockHtml(b: Block): string {
	if (b.kind === "text") {
		const lines = b.text.split("\n").map(esc).join("<br>");
		return `<div class="block${b.strong ? " strong" : ""}">${lines}</div>`;
	}
	const rows = b.rows
		.map(
			(r) =>
				`<tr>${r.cells.map((c) => `<td>${paras(cellText(c).split("\n"))}</td>`).join("")}</tr>`,
		)
		.join("\n");
	return `<table>${rows}</table>`;
}

/** The whole report as HTML: title, plan table, then the text after the table as test/render.ts writes it. */
export function reportHtml(record: ReportRecord): string {
	const md = renderReportMarkdown(record, emptyPlan(record));
	const doc = markdownToDocument(md, { file: "gold.md", sha256: "", bytes: 0 });
	const blocks = doc.pages.flatMap((p) => p.blocks);
	const plan = blocks.findIndex((b) => b.kind === "table");
	const before = blocks.slice(0, plan);
	const after = blocks.slice(plan + 1);
	const title = before
		.map(
			(b) =>
				`<div class="title">${(b.kind === "text" ? b.text : "").split("\n").map(esc).join("<br>")}</div>`,
		)
		.join("");
	return `<!doctype html><html lang="mn"><head><meta charset="utf-8"><style>${CSS}</style></head>
<body>${title}${planTable(record)}<div class="back">${after
		.filter((b) => !(b.kind === "text" && /^\d+$/.test(b.text)))
		.map(blockHtml)
		.join("\n")}</div></body></html>`;
}

/** Print an HTML file to PDF with headless Chromium (nothing from the network). */
export function printPdf(html: string, out: string): void {
	const dir = mkdtempSync(join(tmpdir(), "tailan-pdf-"));
	try {
		const file = join(dir, "report.html");
		writeFileSync(file, html);
		execFileSync(
			CHROMIUM,
			[
				"--headless",
				"--no-sandbox",
				"--disable-gpu",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
				`--user-data-dir=${join(dir, "profile")}`,
				`--print-to-pdf=${out}`,
				"--no-pdf-header-footer",
				`file://${file}`,
			],
			{ stdio: ["ignore", "ignore", "pipe"] },
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function main(): void {
	const record = loadGold();
	const gold = join(root, "fixtures/pdf/gold");
	mkdirSync(gold, { recursive: true });
	printPdf(reportHtml(record), join(gold, "input.pdf"));
	writeFileSync(
		join(gold, "expected.json"),
		`${JSON.stringify({ ...record, source: "input.pdf" }, null, "\t")}\n`,
	);
	console.log(`wrote ${gold}/input.pdf and expected.json`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	main();
