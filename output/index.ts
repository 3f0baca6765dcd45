/**
 * Every command's tabular output: one table model (output/table.ts) and one writer per format —
 * terminal table, JSON, CSV and XLSX — plus the readers of the sheets clerks send back. CSV and
 * XLSX neutralise formulas in text cells (output/escape.ts); the readers undo exactly that.
 */
import { extname } from "node:path";
import { readCsv, type SheetRecord, toCsv } from "./csv.ts";
import { restoreCell } from "./escape.ts";
import { toJson } from "./json.ts";
import type { Format, Table } from "./table.ts";
import { toText } from "./text.ts";

export {
	csvField,
	readCsv,
	SheetError,
	type SheetRecord,
	toCsv,
} from "./csv.ts";
export {
	FORMULA_START,
	needsNeutralising,
	neutraliseCell,
	restoreCell,
} from "./escape.ts";
export { toJson } from "./json.ts";
export {
	type Cell,
	type Column,
	type ColumnType,
	FORMATS,
	type Format,
	type Row,
	type Table,
	textColumns,
} from "./table.ts";
export { oneLine, toText } from "./text.ts";

/**
 * The table in one format: a string, or the XLSX bytes (exceljs is loaded only then).
 * @param table the table
 * @param format table, json, csv or xlsx
 * @param name the XLSX sheet's name
 * @param options bom: a UTF-8 byte order mark before CSV (for Excel)
 */
export async function render(
	table: Table,
	format: Format,
	name: string,
	options: { bom?: boolean } = {},
): Promise<string | Buffer> {
	switch (format) {
		case "table":
			return toText(table);
		case "json":
			return toJson(table);
		case "csv":
			return toCsv(table, options);
		case "xlsx": {
			const { toXlsx } = await import("./xlsx.ts");
			return toXlsx(table, name);
		}
	}
}

/**
 * Read a sheet (.xlsx, anything else as CSV) record by record; text cells restored (the
 * neutralising quote removed exactly where the writers put one).
 * @throws SheetError when the file cannot be read as a sheet
 */
export async function* readSheet(file: string): AsyncGenerator<SheetRecord> {
	const records =
		extname(file).toLowerCase() === ".xlsx"
			? (await import("./xlsx.ts")).readXlsx(file)
			: readCsv(file);
	for await (const record of records)
		yield { ...record, cells: record.cells.map(restoreCell) };
}
