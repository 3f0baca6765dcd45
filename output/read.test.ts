import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { readSheet, SheetError } from "./index.ts";
import { checkSheetZip, SHEET_ZIP_LIMITS } from "./xlsx.ts";

const dir = mkdtempSync(join(tmpdir(), "tailan-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return path;
}

async function reason(path: string): Promise<string> {
	try {
		for await (const _ of readSheet(path)) {
			// read to the end
		}
	} catch (error) {
		if (error instanceof SheetError) return error.reason;
		throw error;
	}
	return "read";
}

describe("readSheet refuses what is not a sheet, naming why", () => {
	it("should refuse empty, UTF-16, binary, zipped, non-UTF-8 and unterminated CSV", async () => {
		expect(await reason(file("empty.csv", ""))).toBe("the file is empty");
		const text = "flag_id,new_value\r\n1,Өөр\r\n";
		expect(
			await reason(
				file(
					"u16.csv",
					Buffer.concat([
						Buffer.from([0xff, 0xfe]),
						Buffer.from(text, "utf16le"),
					]),
				),
			),
		).toMatch(/UTF-16/);
		expect(
			await reason(file("u16-nobom.csv", Buffer.from(text, "utf16le"))),
		).toMatch(/UTF-16 text without a byte order mark/);
		const random = Buffer.alloc(4096);
		for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
		expect(await reason(file("random.csv", random))).toBe(
			"binary data, not CSV text",
		);
		expect(
			await reason(file("zip.csv", zipSync({ a: new Uint8Array(3) }))),
		).toMatch(/zip file/);
		expect(
			await reason(
				file("cp1251.csv", Buffer.from([0x61, 0x2c, 0xc0, 0xe1, 0x0a])),
			),
		).toBe("the text is not UTF-8");
		expect(
			await reason(file("open.csv", 'a,b\r\n1,"never closed\r\n')),
		).toMatch(/row 2 opens a quote that is never closed/);
	});

	it("should number rows as a spreadsheet does, a quoted line end inside one row", async () => {
		const rows: { row: number; cells: string[] }[] = [];
		for await (const r of readSheet(
			file("rows.csv", '\uFEFFa,b\r\n"1\r\n2",x\r\n\r\n\'=y,"\'-3"\n'),
		))
			rows.push({ row: r.row, cells: r.cells });
		expect(rows).toEqual([
			{ row: 1, cells: ["a", "b"] },
			{ row: 2, cells: ["1\r\n2", "x"] },
			{ row: 3, cells: [""] },
			{ row: 4, cells: ["=y", "-3"] },
		]);
	});
});

/** A zip whose entry declares `declared` bytes but inflates to `real`. */
function lyingZip(real: number, declared: number): Uint8Array {
	const zip = zipSync(
		{
			"[Content_Types].xml": new TextEncoder().encode("<Types/>"),
			"xl/worksheets/sheet1.xml": new Uint8Array(real),
		},
		{ level: 9 },
	);
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	for (let i = 0; i + 4 <= zip.length; i++) {
		const sig = view.getUint32(i, true);
		const nameAt = sig === 0x04034b50 ? 30 : sig === 0x02014b50 ? 46 : 0;
		if (nameAt === 0) continue;
		const nameLength = view.getUint16(i + (sig === 0x04034b50 ? 26 : 28), true);
		const name = new TextDecoder().decode(
			zip.subarray(i + nameAt, i + nameAt + nameLength),
		);
		if (name !== "xl/worksheets/sheet1.xml") continue;
		view.setUint32(i + (sig === 0x04034b50 ? 22 : 24), declared, true);
	}
	return zip;
}

describe("checkSheetZip", () => {
	it("should refuse a zip whose entry inflates past the size it declares, before parsing", () => {
		const path = file("lying.xlsx", lyingZip(8 << 20, 1000));
		expect(() => checkSheetZip(path)).toThrow(
			/xl\/worksheets\/sheet1\.xml in the workbook's zip inflates to more than the 0\.00 MiB it declares/,
		);
	});

	it("should refuse a declared bomb by its ratio without inflating it", () => {
		const path = file(
			"bomb.xlsx",
			zipSync(
				{ "xl/worksheets/sheet1.xml": new Uint8Array(24 << 20) },
				{ level: 9 },
			),
		);
		expect(() => checkSheetZip(path)).toThrow(/suspicious compression ratio/);
	});

	it("should refuse more inflated data than the limit even when every entry is honest", () => {
		const path = file("big.xlsx", lyingZip(3 << 20, 3 << 20));
		expect(() =>
			checkSheetZip(path, {
				...SHEET_ZIP_LIMITS,
				maxUncompressedBytes: 1 << 20,
			}),
		).toThrow(/too much uncompressed data/);
	});

	it("should refuse a zip without a worksheet and an old .xls", async () => {
		expect(
			await reason(
				file("nosheet.xlsx", zipSync({ "a.txt": new Uint8Array(4) })),
			),
		).toMatch(/holds no worksheet/);
		const ole = Buffer.alloc(1024);
		Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
		expect(await reason(file("old.xlsx", ole))).toMatch(/old \.xls/);
		expect(await reason(file("empty.xlsx", ""))).toBe("the file is empty");
	});
});
