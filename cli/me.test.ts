import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/index.ts";
import { seedIngestResult, seedRecord } from "../store/testing.ts";
import { main } from "./main.ts";

let dir: string;
let db: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-me-cli-"));
	db = join(dir, "t.db");
	const store = openStore(db);
	store.importResult(seedIngestResult());
	store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
	let out = "";
	let err = "";
	const code = await main([...argv, "--db", db], {
		stdout: (t) => {
			out += t;
		},
		stderr: (t) => {
			err += t;
		},
	});
	return { code, out, err };
}

describe("tailan compare", () => {
	it("should show the seed's department at 99.3% with 43 items at 100 and one (2.1) at 70", async () => {
		const { code, out } = await run("compare", "--year", "2024");
		expect(code).toBe(0);
		const [header, row] = out.trimEnd().split("\n");
		expect(header).toMatch(
			/^department\s+organization\s+year\s+items\s+completion %\s+100\s+90\s+80\s+70/,
		);
		expect(row).toMatch(
			/^Төрийн захиргааны удирдлагын хэлтэс\s+Аймгийн Засаг даргын Тамгын газар\s+2024\s+44\s+99\.3\s+43\s+0\s+0\s+1\s+0\s+0\s+0\s+1\s+2\.1 \(70\)$/,
		);
		const json = JSON.parse(
			(await run("compare", "--year", "2024", "--format", "json")).out,
		);
		expect(json).toEqual([
			expect.objectContaining({
				planCompletionPct: 99.3,
				l100: 43,
				l70: 1,
				below100: 1,
				belowItems: "2.1 (70)",
			}),
		]);
	});

	it("should write CSV with numbers in decimal point notation", async () => {
		const { out } = await run(
			"compare",
			"--year",
			"2024",
			"--by",
			"organization",
			"--format",
			"csv",
		);
		const [header, row] = out.split("\r\n");
		expect(header?.split(",").slice(0, 5)).toEqual([
			"departments",
			"organization",
			"year",
			"items",
			"planCompletionPct",
		]);
		expect(row?.split(",").slice(0, 5)).toEqual([
			"1",
			"Аймгийн Засаг даргын Тамгын газар",
			"2024",
			"44",
			"99.3",
		]);
	});

	it("should write XLSX with numbers as numbers and percents formatted as percents", async () => {
		const file = join(dir, "compare.xlsx");
		const { code, out } = await run(
			"compare",
			"--year",
			"2024",
			"--format",
			"xlsx",
			"--out",
			file,
		);
		expect(code).toBe(0);
		expect(out).toBe(`wrote ${file} (1 row)\n`);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(file);
		const sheet = workbook.getWorksheet("compare");
		if (!sheet) throw new Error("no compare sheet");
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(header.slice(0, 5)).toEqual([
			"department",
			"organization",
			"year",
			"items",
			"completion %",
		]);
		const row = sheet?.getRow(2);
		expect(row?.getCell(3).value).toBe(2024);
		expect(row?.getCell(4).value).toBe(44);
		const completion = row?.getCell(5);
		expect(completion?.value).toBeCloseTo(0.993, 6);
		expect(completion?.numFmt).toBe("0.0%");
		expect(row?.getCell(6).value).toBe(43);
		expect(typeof row?.getCell(1).value).toBe("string");
	});

	it("should refuse a missing year, a bad --by and xlsx without --out (exit 2)", async () => {
		expect((await run("compare")).code).toBe(2);
		expect((await run("compare", "--year", "24")).err).toMatch(
			/--year must be a year/,
		);
		expect((await run("compare", "--year", "2024", "--by", "soum")).code).toBe(
			2,
		);
		expect(
			(await run("compare", "--year", "2024", "--format", "xlsx")).err,
		).toMatch(/needs --out/);
	});
});

describe("tailan history, indicators, search, links", () => {
	it("should show an indicator's history by any wording, and XLSX percents per unit", async () => {
		const { code, out } = await run(
			"history",
			"Хэрэгжүүлсэн",
			"төслийн",
			"тоогоор",
		);
		expect(code).toBe(0);
		expect(out).toMatch(
			/2024\s+annual\s+1\.1\s+3\s+count\s+3\s+count\s+4\s+count\s+100/,
		);
		const file = join(dir, "history.xlsx");
		await run(
			"history",
			"Хөтөлбөр батлуулсан байх, хэрэгжилтийн хувь",
			"--format",
			"xlsx",
			"--out",
			file,
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(file);
		const row = workbook.getWorksheet("history")?.getRow(2);
		// 2.1: baseline 0%, targets 100%, level 70.
		expect(row?.getCell(6).value).toBe(0);
		expect(row?.getCell(6).numFmt).toBe("0%");
		expect(row?.getCell(10).value).toBe(1);
		expect(row?.getCell(12).value).toBeCloseTo(0.7, 6);
		expect(row?.getCell(12).numFmt).toBe("0%");
		const none = await run("history", "байхгүй үзүүлэлт");
		expect(none.code).toBe(0);
		expect(none.err).toMatch(/no indicator with the key "байхгүй үзүүлэлт"/);
		expect((await run("history")).code).toBe(2);
	});

	it("should keep a 500+ character achievement whole in history and export (JSON, CSV, XLSX), cut only in the terminal", async () => {
		const long = seedRecord().measures.find(
			(m) => m.achievement.length >= 500 && m.notDue !== true,
		);
		if (long === undefined) throw new Error("the seed has no long achievement");
		const history = (format: string, ...more: string[]) =>
			run("history", long.indicator, "--format", format, ...more);
		const table = await history("table");
		expect(table.code).toBe(0);
		expect(table.out).not.toContain(long.achievement);
		expect(table.out).toMatch(/ …\n/);
		const json = JSON.parse((await history("json")).out) as {
			achievement: string;
		}[];
		expect(json.map((r) => r.achievement)).toContain(long.achievement);
		const csv = (await history("csv")).out;
		expect(csv).toContain(`"${long.achievement.replaceAll('"', '""')}"`);
		const [header] = csv.split("\r\n");
		const keys = header?.split(",") ?? [];
		expect(new Set(keys).size).toBe(keys.length);
		const file = join(dir, "history-long.xlsx");
		expect((await history("xlsx", "--out", file)).code).toBe(0);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(file);
		const ws = workbook.getWorksheet("history");
		const headers = ((ws?.getRow(1).values ?? []) as unknown[]).slice(1);
		expect(new Set(headers).size).toBe(headers.length);
		expect(headers).toEqual(
			expect.arrayContaining([
				"baseline unit",
				"half-year target unit",
				"full-year target unit",
			]),
		);
		const column = headers.indexOf("achievement") + 1;
		const cells: unknown[] = [];
		ws?.eachRow((row, n) => {
			if (n > 1) cells.push(row.getCell(column).value);
		});
		expect(cells).toContain(long.achievement.replace(/\r\n?/g, "\n"));
		// Export (JSON and CSV; it has no XLSX): every achievement as long as the stored text.
		const exported = JSON.parse(
			(await run("export", "--format", "json")).out,
		) as { measures: { item: string; achievement: string }[] }[];
		const stored = new Map(
			seedRecord().measures.map((m) => [m.item, m.achievement]),
		);
		const measures = [exported].flat().flatMap((r) => r.measures);
		expect(measures.length).toBe(stored.size);
		for (const m of measures) expect(m.achievement).toBe(stored.get(m.item));
		const exportCsv = (await run("export", "--format", "csv")).out;
		expect(exportCsv).toContain(`"${long.achievement.replaceAll('"', '""')}"`);
	});

	it("should write XLSX with an autofilter over the header and the header frozen", async () => {
		const file = join(dir, "compare-filter.xlsx");
		await run("compare", "--year", "2024", "--format", "xlsx", "--out", file);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(file);
		const ws = workbook.worksheets[0];
		expect(ws?.autoFilter).toBe("A1:N1"); // 14 columns, by department
		expect(ws?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
	});

	it("should list indicators and search narratives as JSON", async () => {
		const list = JSON.parse(
			(await run("indicators", "--search", "камер", "--format", "json")).out,
		);
		expect(list).toEqual([
			expect.objectContaining({ item: "6.4", key: "камерын тоо", first: 2024 }),
		]);
		const hits = JSON.parse(
			(await run("search", "иргэд", "--limit", "2", "--format", "json")).out,
		);
		expect(hits).toHaveLength(2);
		expect(hits[0].snippet).toMatch(/\[/);
		expect((await run("search")).code).toBe(2);
	});

	it("should propose, list, confirm and reject links", async () => {
		const propose = await run("links", "propose");
		expect(propose.out).toMatch(
			/^proposed links for 0 reports: 0 at or above 0.75/,
		);
		const list = await run("links", "list");
		expect(list.err).toMatch(/no links/);
		const missing = await run("links", "confirm", "5", "--who", "x");
		expect(missing.code).toBe(1);
		expect(missing.err).toMatch(/there is no link 5/);
		expect((await run("links", "frobnicate")).code).toBe(2);
		expect((await run("links", "list", "--status", "maybe")).code).toBe(2);
	});

	it("should print each command's help", async () => {
		for (const command of [
			"indicators",
			"history",
			"compare",
			"search",
			"links",
		]) {
			const { code, out } = await run(command, "--help");
			expect(code).toBe(0);
			expect(out).toMatch(new RegExp(`^Usage: tailan ${command}`));
		}
		expect(
			readFileSync(new URL("../README.md", import.meta.url), "utf8"),
		).toContain("tailan compare --help");
	});
});
