import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
	FORMULA_START,
	neutraliseCell,
	readCsv,
	readSheet,
	restoreCell,
	type Table,
	toCsv,
} from "./index.ts";
import { toXlsx } from "./xlsx.ts";

const dir = mkdtempSync(join(tmpdir(), "tailan-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strings that lean on the rule's edges: formula starts, quotes, separators, line ends. */
const hostile = fc.oneof(
	fc.string({ unit: "grapheme" }),
	fc
		.tuple(
			fc.constantFrom("=", "+", "-", "@", "\t", "\r", "'", "''", "'=", '"', ""),
			fc.string({
				unit: fc.constantFrom(
					"=",
					"+",
					"-",
					"@",
					"'",
					'"',
					",",
					"\n",
					"\r",
					"a",
					"Ө",
					" ",
				),
			}),
		)
		.map(([a, b]) => a + b),
);

describe("neutraliseCell / restoreCell", () => {
	it("should never leave a formula start and restore exactly what it changed", () => {
		fc.assert(
			fc.property(hostile, (text) => {
				const cell = neutraliseCell(text);
				expect(FORMULA_START.test(cell)).toBe(false);
				expect(restoreCell(cell)).toBe(text);
				// Only a quote is ever added, and only in front.
				expect(cell === text || cell === `'${text}`).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});

	it("should follow the documented rule on examples", () => {
		expect(neutraliseCell('=HYPERLINK("http://x","y")')).toBe(
			`'=HYPERLINK("http://x","y")`,
		);
		expect(neutraliseCell("-")).toBe("'-");
		expect(neutraliseCell("-5")).toBe("'-5");
		expect(neutraliseCell("\tx")).toBe("'\tx");
		expect(neutraliseCell("'=x")).toBe("''=x");
		expect(neutraliseCell("'x")).toBe("'x");
		expect(neutraliseCell("a-b")).toBe("a-b");
		expect(restoreCell("'x")).toBe("'x");
		expect(restoreCell("''")).toBe("'");
	});
});

/** Text XML 1.0 can hold: no control characters but tab, LF and CR. */
function xmlText(s: string): boolean {
	for (const ch of s) {
		const c = ch.codePointAt(0) ?? 0;
		if (
			(c < 0x20 && c !== 9 && c !== 10 && c !== 13) ||
			c === 0xfffe ||
			c === 0xffff
		)
			return false;
	}
	return true;
}

function tableOf(rows: string[][]): Table {
	const width = Math.max(1, ...rows.map((r) => r.length));
	const columns = Array.from({ length: width }, (_, i) => ({
		key: `c${i}`,
		header: `c${i}`,
	}));
	return {
		columns,
		rows: rows.map((r) =>
			Object.fromEntries(columns.map((c, i) => [c.key, r[i] ?? ""])),
		),
	};
}

async function readAll(file: string) {
	const out: string[][] = [];
	for await (const record of readSheet(file)) out.push(record.cells);
	return out;
}

describe("CSV and XLSX round trips", () => {
	it("should read back every text cell of a written CSV unchanged, whatever the chunk size", async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(hostile, { minLength: 1, maxLength: 4 }), {
					minLength: 1,
					maxLength: 6,
				}),
				fc.integer({ min: 1, max: 64 }),
				async (rows, chunkBytes) => {
					const table = tableOf(rows);
					const file = join(dir, `r${n++}.csv`);
					writeFileSync(file, toCsv(table, { bom: n % 2 === 0 }));
					const expected = [
						table.columns.map((c) => c.key),
						...table.rows.map((r) => table.columns.map((c) => r[c.key])),
					];
					expect(await readAll(file)).toEqual(expected);
					const small: string[][] = [];
					for await (const r of readCsv(file, { chunkBytes }))
						small.push(r.cells.map(restoreCell));
					expect(small).toEqual(expected);
				},
			),
			{ numRuns: 300 },
		);
	});

	it("should write numbers as numbers (negative ones too) and neutralise text", () => {
		const csv = toCsv({
			columns: [
				{ key: "n", header: "n", type: "number" },
				{ key: "t", header: "t" },
			],
			rows: [
				{ n: -5, t: "-5" },
				{ n: 0.25, t: "=1+1" },
				{ n: null, t: "@x" },
			],
		});
		expect(csv).toBe("n,t\r\n-5,'-5\r\n0.25,'=1+1\r\n,'@x\r\n");
	});

	it("should read back every text cell of a written XLSX unchanged", async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.array(
						// XML 1.0 cannot hold control characters other than tab, LF and CR.
						hostile.filter(xmlText),
						{ minLength: 1, maxLength: 3 },
					),
					{ minLength: 1, maxLength: 4 },
				),
				async (rows) => {
					const table = tableOf(rows);
					const file = join(dir, `r${n++}.xlsx`);
					writeFileSync(file, await toXlsx(table, "t"));
					const read = await readAll(file);
					// The sheet's header is the column header; empty trailing cells are not stored.
					const pad = (r: string[]) => table.columns.map((_, i) => r[i] ?? "");
					// XLSX keeps line ends as LF (XML reads a raw CR as LF): the writer says so.
					expect(read.slice(1).map(pad)).toEqual(
						table.rows.map((r) =>
							table.columns.map((c) =>
								String(r[c.key]).replace(/\r\n?/g, "\n"),
							),
						),
					);
				},
			),
			{ numRuns: 25 },
		);
	});

	it("should read a large Cyrillic XLSX back whole (no letter split between inflated pieces)", async () => {
		const rows = Array.from({ length: 4000 }, (_, i) => [
			`${i}. Хөрс, цаг уурт тохирсон шингэн бордоог үйлдвэрлэх ${"ө".repeat(i % 97)}`,
			`-${i}`,
			`Өлзийт-ХАА МСҮТ ${i * 7919}`,
		]);
		const file = join(dir, "large.xlsx");
		writeFileSync(file, await toXlsx(tableOf(rows), "t"));
		const read = await readAll(file);
		expect(read.slice(1)).toEqual(rows);
	});
});
