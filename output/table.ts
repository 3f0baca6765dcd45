/**
 * The one table model every command's output goes through: named, typed columns and rows of
 * plain values. The writers (output/text.ts, json.ts, csv.ts, xlsx.ts) turn it into a terminal
 * table, JSON, CSV or XLSX; none of them knows which command made it.
 */

export type Cell = string | number | boolean | null;

/**
 * How a column is typed in CSV/XLSX: text; int and number as numbers; percent a number 0–100
 * (XLSX: a fraction with a % format); quantity a number whose unit is in the column named by
 * `unitKey` (XLSX: % format when the unit is percent).
 */
export type ColumnType = "text" | "int" | "number" | "percent" | "quantity";

export interface Column {
	/** The row key; also the CSV header and the JSON key. */
	key: string;
	/** The terminal table's and the XLSX sheet's header. */
	header: string;
	type?: ColumnType;
	unitKey?: string;
	/** XLSX column width in characters (default: from the header, 8–60). */
	width?: number;
	/** XLSX fill colour of the column (ARGB), e.g. for the columns a clerk fills in. */
	fill?: string;
	/**
	 * The terminal table shows at most this many characters of the cell, on one line, ending
	 * "…"; JSON, CSV and XLSX always hold the whole text.
	 */
	excerpt?: number;
}

export type Row = Record<string, Cell>;

export interface Table {
	columns: Column[];
	rows: Row[];
}

/** The formats a table is written in. */
export const FORMATS = ["table", "json", "csv", "xlsx"] as const;
export type Format = (typeof FORMATS)[number];

/** Columns from bare keys (header = key, text). */
export function textColumns(keys: readonly string[]): Column[] {
	return keys.map((key) => ({ key, header: key }));
}

/** Significant digits a double carries exactly (DBL_DIG): beyond them is float noise. */
export const NUMBER_DIGITS = 15;

/**
 * A number as printed: rounded to NUMBER_DIGITS significant digits, so float noise
 * (88.1 / 100 = 0.8809999999999999) is written 0.881 in JSON, CSV and XLSX. Integers below
 * 10^15 (exact) and non-finite values are returned as they are.
 */
export function roundNumber(value: number): number {
	if (!Number.isFinite(value)) return value;
	if (Number.isInteger(value) && Math.abs(value) < 1e15) return value;
	const rounded = Number(value.toPrecision(NUMBER_DIGITS));
	// Within 10^-15 of the largest double, rounding up would overflow: keep the value.
	return Number.isFinite(rounded) ? rounded : value;
}

/** A cell with its number rounded as printed (roundNumber); other cells as they are. */
export function printedCell(value: Cell): Cell {
	return typeof value === "number" ? roundNumber(value) : value;
}

/** The first ~max characters of a text, on one line, cut at a space where one is near. */
export function excerpt(text: string, max = 100): string {
	const flat = text.replace(/\s+/g, " ").trim();
	if (flat.length <= max) return flat;
	const space = flat.lastIndexOf(" ", max);
	return `${flat.slice(0, space > max / 2 ? space : max)} …`;
}
