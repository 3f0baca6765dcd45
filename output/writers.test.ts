import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";
import { toJson } from "./json.ts";
import { NUMBER_DIGITS, roundNumber, type Table } from "./table.ts";
import { toText } from "./text.ts";
import { toXlsx } from "./xlsx.ts";

/** A fixed fast-check seed, so CI runs the same sample each time (PROPERTY_SEED picks another). */
const fcSeed = Number(process.env.PROPERTY_SEED ?? 20261207);

/** Significant digits of a number as JavaScript prints it. */
function significantDigits(value: number): number {
	const mantissa = Math.abs(value)
		.toExponential()
		.split("e")[0]
		?.replace(".", "");
	return mantissa?.length ?? 0;
}

const LONG = `${"Гадаад харилцааны яамны Олон улсын хамтын ажиллагааны газарт ".repeat(10)}эцэс.`;

const table: Table = {
	columns: [
		{ key: "level", header: "level %", type: "percent" },
		{ key: "baselineUnit", header: "baseline unit" },
		{ key: "achievement", header: "achievement", excerpt: 100 },
	],
	rows: [
		{ level: 88.1, baselineUnit: "percent", achievement: LONG },
		{ level: 0.1 + 0.2, baselineUnit: "count", achievement: "short" },
	],
};

describe("roundNumber", () => {
	it("should print with no float noise and keep the value within 1e-9 relative", () => {
		fc.assert(
			fc.property(fc.double({ noNaN: true, min: -1e300, max: 1e300 }), (x) => {
				const r = roundNumber(x);
				expect(significantDigits(r)).toBeLessThanOrEqual(NUMBER_DIGITS);
				if (x === 0) expect(r).toBe(0);
				else expect(Math.abs(r - x) / Math.abs(x)).toBeLessThanOrEqual(1e-9);
				// Rounding what is already rounded changes nothing.
				expect(roundNumber(r)).toBe(r);
			}),
			{ seed: fcSeed },
		);
	});

	it("should keep a value next to the largest double (rounding up would overflow)", () => {
		expect(roundNumber(-Number.MAX_VALUE)).toBe(-Number.MAX_VALUE);
		expect(roundNumber(Number.POSITIVE_INFINITY)).toBe(
			Number.POSITIVE_INFINITY,
		);
	});

	it("should write the noise of arithmetic as the number a person wrote", () => {
		expect(roundNumber(88.1 / 100)).toBe(0.881);
		expect(roundNumber(0.1 + 0.2)).toBe(0.3);
		expect(roundNumber(1234567890123)).toBe(1234567890123);
	});
});

describe("the writers", () => {
	it("should cut a long text only in the terminal table", () => {
		expect(LONG.length).toBeGreaterThan(500);
		const text = toText(table);
		expect(text).not.toContain(LONG);
		expect(text.split("\n")[1]).toMatch(/ …$/);
		expect(toCsv(table)).toContain(LONG);
		expect(JSON.parse(toJson(table))[0].achievement).toBe(LONG);
	});

	it("should write numbers rounded as printed in CSV and JSON", () => {
		expect(toCsv(table).split("\r\n")[2]).toBe("0.3,count,short");
		expect(JSON.parse(toJson(table))[1].level).toBe(0.3);
		expect(toJson(table)).not.toMatch(/0000000|9999999/);
	});

	it("should write XLSX with the whole text, 0.881 not 0.8809999999999999, an autofilter and a frozen header", async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(
			(await toXlsx(table, "t")) as unknown as ArrayBuffer,
		);
		const ws = workbook.getWorksheet("t");
		expect(ws?.getRow(2).getCell(1).value).toBe(0.881);
		expect(ws?.getRow(3).getCell(1).value).toBe(0.003);
		expect(ws?.getRow(2).getCell(3).value).toBe(LONG);
		expect(ws?.autoFilter).toBe("A1:C1");
		expect(ws?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
	});
});
