/**
 * npx tsx scripts/make-layout-fixtures.ts: a handful of generated layouts (test/layout.ts) kept as
 * named fixtures, each in fixtures/layouts/<name>/ as input.md, input.docx and input.pdf (the same
 * report in the three formats) with expected.json, the record a correct import returns ("source"
 * aside). Output is deterministic: regenerating changes no byte (test/layout-fixtures.test.ts
 * checks it).
 *
 *  half-year-text-sheets      seed's table; half-year report, letterhead and approval block, title
 *                             over three paragraphs, signatures as separate paragraphs, summary
 *                             and evaluation sheet typed as lines
 *  approval-tabs-no-sheet     seed's table; organisation in the title, approval block, signatures
 *                             on tab-separated lines, summary as a label | count table, no
 *                             evaluation sheet (evaluation: null)
 *  word-tables                seed's table; signatures in a table, summary and sheet as tables,
 *                             employee on labelled lines, organisation on the sheet
 *  budget-after-targets       the issue's Word report: budget after the targets, an extra
 *                             "Хариуцах нэгж", one header row, goal rows "1 дүгээр зорилт:"
 *  no-budget-worded-levels    the issue's third layout: no budget column, levels "90% Тодорхой үр
 *                             дүнд хүрсэн", a notes column, a shaded two-row header
 *  blank-header               budget-after-targets with its header text blanked out: must be kept
 *                             out of the queries
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ReportRecord } from "../pipeline/records.ts";
import {
	blankHeader,
	expectedRecord,
	type Layout,
	layoutRecord,
	randomLayout,
} from "../test/layout.ts";
import { LAYOUT_FORMATS, renderLayout } from "../test/layout-run.ts";
import { loadGold } from "./layout-accuracy.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
export const LAYOUT_FIXTURES_DIR = `${root}fixtures/layouts/`;

export interface LayoutFixture {
	name: string;
	layout: Layout;
	/** the table varies from the seed's (column order, subset, wording, header rows, goal/level/item forms) */
	tableVaries: boolean;
	/** the header is blanked out: the import must keep the report out of the queries */
	blank: boolean;
}

/** The first seed from `from` whose record has the given period. */
function seedWith(
	gold: ReportRecord,
	period: "annual" | "half-year",
	from: number,
): number {
	let s = from;
	while (layoutRecord(gold, s).report.period !== period) s++;
	return s;
}

export function layoutFixtures(gold: ReportRecord): LayoutFixture[] {
	const half = seedWith(gold, "half-year", 100);
	const issue: Layout = {
		...randomLayout(201),
		columns: [
			"item",
			"activity",
			"indicator",
			"baseline",
			"targetHalfYear",
			"targetFullYear",
			"budget",
			"achievement",
			"performance",
			"responsible",
		],
		headers: [
			"№",
			"Хэрэгжүүлэх арга хэмжээ",
			"Шалгуур үзүүлэлт",
			"Суурь түвшин",
			"Зорилтот түвшин /хагас жил/",
			"Зорилтот түвшин /бүтэн жил/",
			"Төсөв",
			"Хүрсэн түвшин буюу хэрэгжилт",
			"Гүйцэтгэлийн хувь",
			"Хариуцах нэгж",
		],
		headerRows: 1,
		numberingRow: false,
		repeat: "header",
		goalForm: "1 дүгээр зорилт:",
		goalPlace: "span",
		levelForm: "100%",
		itemForm: "1.1",
		docxTables: "one",
	};
	return [
		{
			name: "half-year-text-sheets",
			layout: {
				...randomLayout(half, { seedTable: true }),
				orgPlace: "header",
				approval: true,
				titleForm: "paragraphs",
				signatures: "paragraphs",
				summary: "text",
				evaluation: "text",
				employeeLine: "title",
			},
			tableVaries: false,
			blank: false,
		},
		{
			name: "approval-tabs-no-sheet",
			layout: {
				...randomLayout(seedWith(gold, "annual", 300), { seedTable: true }),
				orgPlace: "title",
				approval: true,
				titleForm: "two-lines",
				signatures: "tabs",
				summary: "table-alt",
				evaluation: "none",
			},
			tableVaries: false,
			blank: false,
		},
		{
			name: "word-tables",
			layout: {
				...randomLayout(seedWith(gold, "annual", 400), { seedTable: true }),
				orgPlace: "sheet",
				approval: false,
				titleForm: "one-line",
				signatures: "table",
				summary: "table",
				evaluation: "tables",
				employeeLine: "labelled",
			},
			tableVaries: false,
			blank: false,
		},
		{
			name: "budget-after-targets",
			layout: issue,
			tableVaries: true,
			blank: false,
		},
		{
			name: "no-budget-worded-levels",
			layout: {
				...randomLayout(seedWith(gold, "annual", 500)),
				columns: [
					"item",
					"activity",
					"indicator",
					"baseline",
					"targetHalfYear",
					"targetFullYear",
					"achievement",
					"performance",
					"notes",
				],
				headers: [
					"Д/д",
					"Зорилт, арга хэмжээ",
					"Шалгуур үзүүлэлт",
					"Суурь түвшин",
					"Хагас жил",
					"Бүтэн жил",
					"Хүрсэн түвшин",
					"Хэрэгжилтийн хувь",
					"Тайлбар",
				],
				headerRows: 2,
				targetGroup: "Зорилтот түвшин",
				numberingRow: true,
				repeat: "numbering",
				shaded: true,
				levelForm: "100% words",
				goalForm: "Зорилт 1.",
				itemForm: "1.1.",
			},
			tableVaries: true,
			blank: false,
		},
		{
			name: "blank-header",
			layout: blankHeader(issue),
			tableVaries: true,
			blank: true,
		},
	];
}

async function main(): Promise<void> {
	const gold = loadGold();
	for (const f of layoutFixtures(gold)) {
		const dir = `${LAYOUT_FIXTURES_DIR}${f.name}/`;
		mkdirSync(dir, { recursive: true });
		const record = layoutRecord(gold, f.layout.seed);
		for (const format of LAYOUT_FORMATS)
			writeFileSync(
				`${dir}input.${format}`,
				await renderLayout(record, f.layout, format),
			);
		writeFileSync(
			`${dir}expected.json`,
			`${JSON.stringify(expectedRecord(record, f.layout), null, "\t")}\n`,
		);
		console.log(`wrote ${dir}`);
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
