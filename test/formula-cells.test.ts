/**
 * Formula injection (issue 13): no CSV or XLSX cell written by any command starts with = + - @
 * tab or CR unless it is a number, on a report whose texts start with formulas; and the flags
 * sheet → corrections import round trip leaves every value unchanged (fast-check over strings).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMULA_START, readCsv, readSheet } from "../output/index.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { valueToInput } from "../review/values.ts";
import { isCorrectableField } from "../store/fields.ts";
import { openStore, reviewStore } from "../store/index.ts";
import { fieldOf } from "../store/review.ts";
import { runCli } from "./cli.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const HYPERLINK =
	'=HYPERLINK("http://example.invalid/?x","Хэрэгжүүлсэн төслийн тоо")';
const CMD = "@SUM(1+1)*cmd /C calc!A0 Аймгийн албан ёсны";

/** The seed with an indicator, an activity and a narrative that start like formulas. */
function hostile(): string {
	const replaced = SEED.replace(
		"| Хэрэгжүүлсэн төслийн тоо |",
		`| ${HYPERLINK} |`,
	)
		.replace("| Төсөл хөтөлбөрүүдийг судалж", "| +Төсөл хөтөлбөрүүдийг судалж")
		.replace("| Аймгийн албан ёсны baauihongo", `| ${CMD} baauihongo`);
	expect(replaced).toContain(HYPERLINK);
	expect(replaced).toContain("+Төсөл");
	expect(replaced).toContain(CMD);
	return replaced;
}

const run = (...argv: string[]) => runCli(argv);

let dir: string;
let db: string;
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), "tailan-formulas-"));
	db = join(dir, "t.db");
	const store = openStore(db);
	const text = hostile();
	store.importResult(ingestMarkdown(text, { file: "2024.md" }));
	store.importResult(
		ingestMarkdown(text.replaceAll("2024", "2023"), { file: "2023.md" }),
	);
	store.close();
	expect((await run("links", "propose", "--db", db)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A number as String(n) writes it: the only cell allowed to start with "-" or "+". */
const NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;
const ESCAPED = /^'[=+\-@\t\r']/;

async function csvCells(file: string): Promise<string[]> {
	const cells: string[] = [];
	for await (const r of readCsv(file)) cells.push(...r.cells);
	return cells;
}

async function xlsxCells(file: string): Promise<string[]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const cells: string[] = [];
	for (const ws of book.worksheets)
		ws.eachRow((row) =>
			row.eachCell((cell) => {
				const v = cell.value;
				if (typeof v === "number") return;
				expect(typeof v, `${file} ${cell.address}: ${JSON.stringify(v)}`).toBe(
					"string",
				);
				cells.push(v as string);
			}),
		);
	return cells;
}

describe("no command writes a formula", () => {
	it("should neutralise every text cell of every CSV and XLSX, whatever the command", async () => {
		const indicators = JSON.parse(
			(await run("indicators", "--db", db, "--format", "json")).stdout,
		) as { item: string; key: string }[];
		const key = indicators.find((i) => i.item === "1.1")?.key;
		expect(key).toBeDefined();
		const tables: [string, string[], boolean][] = [
			["indicators", ["indicators"], true],
			["history", ["history", key as string], true],
			["compare", ["compare", "--year", "2024"], false],
			["search", ["search", "Хэрэгжүүлсэн"], false],
			["links", ["links", "list"], true],
		];
		const outputs: [string, string[], string, boolean][] = [
			["export", ["export", "--format", "csv"], "csv", true],
			["flags", ["flags", "--format", "csv"], "csv", true],
			["flags", ["flags", "--format", "xlsx"], "xlsx", true],
			...tables.flatMap(([name, argv, hostileText]) =>
				(["csv", "xlsx"] as const).map(
					(format) =>
						[name, [...argv, "--format", format], format, hostileText] as [
							string,
							string[],
							string,
							boolean,
						],
				),
			),
		];
		const escapedAll: string[] = [];
		for (const [
			index,
			[name, argv, format, hostileText],
		] of outputs.entries()) {
			const file = join(dir, `${name}-${index}.${format}`);
			const result = await run(...argv, "--db", db, "--out", file);
			expect(result.code, `${argv.join(" ")}: ${result.stderr}`).toBe(0);
			const cells =
				format === "csv" ? await csvCells(file) : await xlsxCells(file);
			expect(cells.length, argv.join(" ")).toBeGreaterThan(0);
			for (const cell of cells)
				if (FORMULA_START.test(cell))
					expect(cell, `${argv.join(" ")}: a formula cell`).toMatch(NUMBER);
			const escaped = cells.filter((c) => ESCAPED.test(c));
			if (hostileText)
				expect(
					escaped.length,
					`${argv.join(" ")} has the hostile texts`,
				).toBeGreaterThan(0);
			escapedAll.push(...escaped);
		}
		expect(escapedAll).toContain(`'${HYPERLINK}`);
		expect(escapedAll.some((c) => c.startsWith("'+Төсөл"))).toBe(true);
		expect(escapedAll.some((c) => c.startsWith(`'${CMD}`))).toBe(true);
		// The sample's achievements that start with "-" (a list written with dashes).
		expect(escapedAll.some((c) => /^'-\p{L}/u.test(c))).toBe(true);
	});
});

describe("flags sheet → corrections import round trip", () => {
	/** What a spreadsheet would save after the clerk copies current_value into new_value. */
	async function copyCurrentToNew(file: string, item: string) {
		if (file.endsWith(".csv")) {
			const records: string[][] = [];
			for await (const r of readCsv(file)) records.push(r.cells);
			const header = records[0] ?? [];
			const at = (name: string) => header.indexOf(name);
			for (const r of records.slice(1))
				if (r[at("item")] === item && r[at("field")] === "achievement")
					r[at("new_value")] = r[at("current_value")] ?? "";
			// Written back as a spreadsheet would: every cell quoted, the cell text as it was.
			writeFileSync(
				file,
				`${records.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\r\n")}\r\n`,
			);
			return;
		}
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile(file);
		const ws = book.worksheets[0];
		if (!ws) throw new Error("no sheet");
		const header = (ws.getRow(1).values as string[]).slice(1);
		const col = (name: string) => header.indexOf(name) + 1;
		ws.eachRow((row, n) => {
			if (
				n > 1 &&
				row.getCell(col("item")).value === item &&
				row.getCell(col("field")).value === "achievement"
			)
				row.getCell(col("new_value")).value = row.getCell(
					col("current_value"),
				).value;
		});
		await book.xlsx.writeFile(file);
	}

	for (const [format, runs] of [
		["csv", 25],
		["xlsx", 8],
	] as const)
		it(`should read every value back unchanged and apply nothing through ${format}`, async () => {
			const store = openStore(db);
			const review = reviewStore(store);
			const flag = review
				.queue({ status: "open" })
				.find(
					(f) =>
						f.reportId === 1 && f.field === "achievement" && f.item !== null,
				);
			store.close();
			if (!flag?.item) throw new Error("no achievement flag");
			const item = flag.item;
			let n = 0;
			await fc.assert(
				fc.asyncProperty(
					fc
						.tuple(
							fc.constantFrom(
								"=",
								"+",
								"-",
								"@",
								"'",
								"''",
								"'=",
								"'-",
								"",
								"-",
								"=",
							),
							fc.string({ unit: "grapheme", maxLength: 30 }),
						)
						.map(([a, b]) => (a + b).replace(/\r/g, ""))
						// The import trims text and reads "\r\n" as "\n", as the review app does.
						.filter((s) => s.trim() === s && s !== ""),
					async (text) => {
						const store = openStore(db);
						reviewStore(store).correct({
							reportId: 1,
							item,
							field: "achievement",
							newValue: text,
							reason: "property",
							who: "test",
						});
						store.close();
						const sheet = join(dir, `round-${n++}.${format}`);
						expect(
							(
								await run(
									"flags",
									"--db",
									db,
									"--format",
									format,
									"--out",
									sheet,
								)
							).code,
						).toBe(0);
						// Every row's current value reads back as the store holds it.
						const check = openStore(db);
						const checkReview = reviewStore(check);
						let header: string[] = [];
						let compared = 0;
						for await (const r of readSheet(sheet)) {
							if (r.row === 1) {
								header = r.cells;
								continue;
							}
							const cell = (name: string) =>
								r.cells[header.indexOf(name)] ?? "";
							const field = cell("field");
							if (!isCorrectableField(field) || cell("item") === "") continue;
							const detail = checkReview.item(
								Number(cell("report_id")),
								cell("item"),
							);
							if (!detail) continue;
							expect(cell("current_value")).toBe(
								valueToInput(fieldOf(detail.effective, field)),
							);
							compared++;
						}
						check.close();
						expect(compared).toBeGreaterThan(10);
						await copyCurrentToNew(sheet, item);
						const result = await run(
							"corrections",
							"import",
							sheet,
							"--db",
							db,
						);
						expect(result.stderr).toBe("");
						expect(result.stdout).toMatch(
							/: 0 corrections, 0 flag decisions, 1 unchanged/,
						);
						const after = openStore(db);
						const value = after
							.exportRecords(1)[0]
							?.measures.find((m) => m.item === item)?.achievement;
						after.close();
						expect(value).toBe(text);
					},
				),
				{ numRuns: runs },
			);
		});
});
