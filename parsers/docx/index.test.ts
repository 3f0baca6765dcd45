/**
 * The DOCX parser: both Word renditions of the gold report (fixtures/docx, made by
 * scripts/make-docx-fixtures.ts) import to the gold records; merged cells are expanded to the
 * grid the stitcher expects; mammoth's messages become issues.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
	Document,
	Packer,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import { similarity } from "../../normalizers/text.ts";
import {
	cellText,
	DocumentSchema,
	type TableFragment,
	type TailanDocument,
} from "../../pipeline/document.ts";
import { ingest } from "../../pipeline/ingest.ts";
import type { Measure, ReportRecord } from "../../pipeline/records.ts";
import { loadGold, renderDocx } from "../../scripts/make-docx-fixtures.ts";
import { fieldValue, STRUCTURED_FIELDS } from "../../test/gold.ts";
import { docxToDocument, htmlToPages, parseHtml } from "./index.ts";

const fixture = (kind: string, name: string) =>
	fileURLToPath(
		new URL(`../../fixtures/docx/${kind}/${name}`, import.meta.url),
	);

const STRUCTURED = [...STRUCTURED_FIELDS, "notDue"] as const;

const field = fieldValue;

const tables = (doc: TailanDocument): TableFragment[] =>
	doc.pages.flatMap((p) =>
		p.blocks.filter((b): b is TableFragment => b.kind === "table"),
	);

describe.each(["continuous", "per-page"])("the %s Word rendition", (kind) => {
	const gold = JSON.parse(
		readFileSync(fixture(kind, "expected.json"), "utf8"),
	) as ReportRecord;

	it("should be what scripts/make-docx-fixtures.ts makes today (byte for byte)", async () => {
		const bytes = await renderDocx(loadGold(), kind as "continuous");
		expect(
			Buffer.compare(
				Buffer.from(bytes),
				readFileSync(fixture(kind, "input.docx")),
			),
		).toBe(0);
	});

	it("should import to the gold records", async () => {
		const result = await ingest(fixture(kind, "input.docx"));
		const ours = result.record;
		expect(result.document.format).toBe("docx");
		expect(DocumentSchema.safeParse(result.document).success).toBe(true);
		expect(ours.goals).toEqual(gold.goals);
		expect(ours.measures.map((m) => m.item)).toEqual(
			gold.measures.map((m) => m.item),
		);
		let ok = 0;
		let all = 0;
		let narratives = 0;
		for (const g of gold.measures) {
			const m = ours.measures.find((x) => x.item === g.item) as Measure;
			for (const f of STRUCTURED) {
				all++;
				if (Object.is(field(m, f), field(g, f))) ok++;
				else expect(field(m, f), `${g.item} ${f}`).toEqual(field(g, f));
			}
			const sim = similarity(g.achievement, m.achievement);
			expect(sim, `narrative of ${g.item}`).toBeGreaterThanOrEqual(0.98);
			if (sim >= 0.98) narratives++;
		}
		expect(ok / all).toBe(1);
		expect(narratives).toBe(44);
		expect(ours.report).toEqual(gold.report);
		expect(ours.summary).toEqual(gold.summary);
		expect(ours.evaluation).toEqual(gold.evaluation);
		expect(
			result.flags.filter((f) => /^(summary|evaluation)-/.test(f.kind)),
		).toEqual([]);
		// Narratives typed by people are never moved between items.
		expect(result.decisions.filter((d) => d.kind === "move")).toEqual([]);
		expect(result.issues).toEqual([]);
	});
});

describe("docxToDocument", () => {
	it("should expand the merged header and the goal rows to the nine-column grid", async () => {
		const bytes = readFileSync(fixture("continuous", "input.docx"));
		const doc = await docxToDocument(bytes, { file: "c.docx", sha256: "x" });
		const [plan] = tables(doc);
		const [top, sub, numbering, goal] = plan?.rows ?? [];
		expect(top?.cells.map((c) => [cellText(c), c.colSpan, c.rowSpan])).toEqual([
			["№", 1, 2],
			[expect.stringMatching(/^Стратеги/), 1, 2],
			["Төсөв", 1, 2],
			["Шалгуур үзүүлэлт", 1, 2],
			["Суурь түвшин", 1, 2],
			["Зорилтот түвшин", 2, 1],
			["", 1, 1],
			[expect.stringMatching(/^Хүрсэн түвшин/), 1, 2],
			["Гүйцэтгэлийн хувь", 1, 2],
		]);
		expect(sub?.cells.map(cellText)).toEqual([
			...["", "", "", "", ""],
			"Хагас жил",
			"Бүтэн жил",
			"",
			"",
		]);
		expect(numbering?.cells.map(cellText)).toEqual(
			["1", "2", "3", "4", "5", "6", "7", "8", "9"].map(String),
		);
		expect(goal?.cells[0]?.colSpan).toBe(9);
		expect(cellText(goal?.cells[0])).toMatch(/^Зорилт 1\. /);
		expect(goal?.cells.map((c) => c.prov.cell)).toEqual([
			0, 1, 2, 3, 4, 5, 6, 7, 8,
		]);
	});

	it("should make each table of a per-page file a fragment on its own page", async () => {
		const bytes = readFileSync(fixture("per-page", "input.docx"));
		const doc = await docxToDocument(bytes, { file: "p.docx", sha256: "x" });
		const plan = tables(doc).filter((t) => t.rows[0]?.cells.length === 9);
		expect(plan.length).toBe(10);
		plan.forEach((t, i) => {
			expect(t.prov.page).toBe(i + 1);
			expect(t.index).toBe(i);
		});
		// Continuation rows (empty №) open the pages after a cut row.
		const continuations = plan
			.slice(1)
			.filter((t) => cellText(t.rows[1]?.cells[0]) === "");
		expect(continuations.length).toBeGreaterThanOrEqual(5);
		const budget = continuations.find(
			(t) => cellText(t.rows[1]?.cells[2]) === "ОНХС",
		);
		expect(budget?.rows[1]?.cells.map(cellText).slice(2, 4)).toEqual([
			"ОНХС",
			"төхөөрөмжийн хангалтын хувь",
		]);
	});

	it("should keep paragraphs inside cells and text outside tables, bold as strong", () => {
		const tree = parseHtml(
			"<p><strong>TITLE<br />SECOND LINE</strong></p>" +
				"<table><thead><tr><th>A</th><th>B</th></tr></thead>" +
				"<tbody><tr><td><p>one</p><p>two</p></td><td>x<br />y</td></tr></tbody></table>" +
				"<p>after <strong>mixed</strong></p><ul><li>item</li></ul>",
		);
		const [page] = htmlToPages(tree, "f.docx");
		const blocks = page?.blocks ?? [];
		expect(blocks[0]).toMatchObject({
			kind: "text",
			text: "TITLE\nSECOND LINE",
			strong: true,
		});
		const table = blocks[1] as TableFragment;
		expect(table.rows.map((r) => r.cells.map(cellText))).toEqual([
			["A", "B"],
			["one\ntwo", "x\ny"],
		]);
		expect(table.rows[1]?.cells[0]?.paragraphs[1]?.prov).toEqual({
			file: "f.docx",
			page: 1,
			table: 0,
			row: 1,
			cell: 0,
		});
		expect(blocks[2]).toMatchObject({ text: "after mixed", strong: false });
		expect(blocks[3]).toMatchObject({ text: "item" });
	});

	it("should place rowspans, colspans and short rows on the grid", () => {
		const tree = parseHtml(
			"<table>" +
				'<tr><td rowspan="2">a</td><td colspan="2">b</td></tr>' +
				"<tr><td>c</td><td>d</td></tr>" +
				"<tr><td>e</td></tr>" +
				'<tr><td>f</td><td>g<table><tr><td>n1</td><td>n2</td></tr></table></td><td rowspan="5">h</td></tr>' +
				"</table>",
		);
		const table = htmlToPages(tree, "f.docx")[0]?.blocks[0] as TableFragment;
		expect(table.rows.map((r) => r.cells.map(cellText))).toEqual([
			["a", "b", ""],
			["", "c", "d"],
			["e", "", ""],
			["f", "g\nn1\nn2", "h"],
		]);
		// A rowspan past the last row is clipped.
		expect(table.rows[3]?.cells[2]?.rowSpan).toBe(1);
	});

	it("should shift rows that start late (w:gridBefore) to their grid columns", () => {
		const tree = parseHtml(
			"<table><tr><td>h0</td><td>h1</td><td>h2</td></tr><tr><td>late</td></tr></table>",
		);
		const table = htmlToPages(tree, "f.docx", {
			rowGaps: [
				{ before: 0, after: 0 },
				{ before: 2, after: 0 },
			],
		})[0]?.blocks[0] as TableFragment;
		expect(table.rows.map((r) => r.cells.map(cellText))).toEqual([
			["h0", "h1", "h2"],
			["", "", "late"],
		]);
	});

	it("should read a one-cell table as the text it frames", () => {
		const tree = parseHtml(
			"<table><tr><td><p><strong>TITLE</strong></p><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>",
		);
		const blocks = htmlToPages(tree, "f.docx")[0]?.blocks ?? [];
		expect(blocks[0]).toMatchObject({
			kind: "text",
			text: "TITLE",
			strong: true,
		});
		expect((blocks[1] as TableFragment).rows[0]?.cells.map(cellText)).toEqual([
			"a",
			"b",
		]);
	});

	it("should make nested tables fragments of their own with nestedTables: fragments", () => {
		const html =
			"<table><tr><td>x</td><td>own<table><tr><td>n1</td><td>n2</td></tr></table></td></tr></table>";
		const pages = htmlToPages(parseHtml(html), "f.docx", {
			nestedTables: "fragments",
		});
		expect(pages).toHaveLength(1);
		const [outer, inner] = (pages[0]?.blocks ?? []) as TableFragment[];
		expect(outer?.rows[0]?.cells.map(cellText)).toEqual(["x", "own"]);
		expect(inner?.index).toBe(1);
		expect(inner?.rows[0]?.cells.map(cellText)).toEqual(["n1", "n2"]);
	});

	it("should turn mammoth's messages into warnings", async () => {
		const doc = new Document({
			styles: {
				paragraphStyles: [
					{ id: "Tailan", name: "Tailan custom style", run: { bold: true } },
				],
			},
			sections: [
				{
					children: [
						new Paragraph({ style: "Tailan", children: [new TextRun("x")] }),
						new Table({
							rows: [
								new TableRow({
									children: [
										new TableCell({ children: [new Paragraph("cell")] }),
									],
								}),
							],
						}),
					],
				},
			],
		});
		const bytes = await Packer.toBuffer(doc);
		const parsed = await docxToDocument(bytes, { file: "s.docx", sha256: "x" });
		expect(parsed.issues).toContainEqual({
			severity: "warning",
			message: expect.stringMatching(
				/^Word conversion: Unrecognised paragraph style: 'Tailan custom style'/,
			),
		});
	});
});
