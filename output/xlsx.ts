/**
 * The XLSX writer (exceljs: real number types, percent formats, bold frozen header; text cells
 * neutralised like CSV, see output/escape.ts) and a bounded XLSX reader for the sheets clerks
 * send back: the zip is checked before anything is parsed (size, entries, declared and real
 * inflated sizes), then the first worksheet is read row by row (output/xlsx-read.ts).
 */
import { readFileSync, statSync } from "node:fs";
import { Unzip, UnzipInflate, unzipSync } from "fflate";
import { isOleFile, isZipFile } from "../parsers/docx/zip.ts";
import { SheetError, type SheetRecord } from "./csv.ts";
import { neutraliseCell } from "./escape.ts";
import { type Cell, roundNumber, type Table } from "./table.ts";
import { xlsxRows } from "./xlsx-read.ts";

/**
 * The table as an XLSX workbook of one sheet. Numbers are numbers; percent columns and percent
 * quantities are stored as fractions with a % number format (99.3 → 0.993 shown "99.3%"), as
 * Excel expects; numbers are rounded as printed (roundNumber: 0.881, not 0.8809999999999999);
 * text is whole, neutralised (output/escape.ts), its line ends written as LF. The header row is
 * frozen and carries an autofilter over every column.
 * @param table the table
 * @param sheet the worksheet name
 */
export async function toXlsx(table: Table, sheet: string): Promise<Buffer> {
	const { default: ExcelJS } = await import("exceljs");
	const workbook = new ExcelJS.Workbook();
	workbook.creator = "tailan";
	const ws = workbook.addWorksheet(sheet, {
		views: [{ state: "frozen", ySplit: 1 }],
	});
	ws.columns = table.columns.map((c) => ({
		header: neutraliseCell(c.header),
		key: c.key,
		width: c.width ?? Math.min(60, Math.max(8, c.header.length + 2)),
	}));
	for (const row of table.rows) {
		const added = ws.addRow(
			Object.fromEntries(
				table.columns.map((c) => [c.key, xlsxValue(row[c.key] ?? null)]),
			),
		);
		table.columns.forEach((c, i) => {
			const value = row[c.key];
			if (typeof value !== "number") return;
			const cell = added.getCell(i + 1);
			cell.value = roundNumber(value);
			const percent =
				c.type === "percent" ||
				(c.type === "quantity" &&
					c.unitKey !== undefined &&
					row[c.unitKey] === "percent");
			if (percent) {
				cell.value = roundNumber(value / 100);
				cell.numFmt = Number.isInteger(value) ? "0%" : "0.0%";
			} else if (c.type === "int") {
				cell.numFmt = "0";
			}
		});
	}
	ws.getRow(1).font = { bold: true };
	if (table.columns.length > 0)
		ws.autoFilter = {
			from: { row: 1, column: 1 },
			to: { row: 1, column: table.columns.length },
		};
	for (const c of table.columns)
		if (c.fill !== undefined)
			ws.getColumn(c.key).fill = {
				type: "pattern",
				pattern: "solid",
				fgColor: { argb: c.fill },
			};
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text cells with LF line ends (XML reads a raw CR as LF anyway), then neutralised. */
function xlsxValue(value: Cell): Cell {
	return typeof value === "string"
		? neutraliseCell(value.replace(/\r\n?/g, "\n"))
		: value;
}

const MIB = 1024 * 1024;

/** Limits of the XLSX reader; a sheet over one is refused before it is parsed. */
export interface SheetZipLimits {
	/** Largest file, in bytes (default 100 MiB). */
	maxCompressedBytes: number;
	/** Most zip entries (default 1000). */
	maxEntries: number;
	/** Most uncompressed bytes, declared or really inflated (default 400 MiB). */
	maxUncompressedBytes: number;
	/** Highest uncompressed : compressed ratio of an entry larger than ratioMinBytes (default 200). */
	maxRatio: number;
	ratioMinBytes: number;
}

export const SHEET_ZIP_LIMITS: SheetZipLimits = {
	maxCompressedBytes: 100 * MIB,
	maxEntries: 1000,
	maxUncompressedBytes: 400 * MIB,
	maxRatio: 200,
	ratioMinBytes: 10 * MIB,
};

/** Compressed bytes handed to the inflater at a time: at most ~4 MiB come out of one. */
export const INFLATE_STEP = 4 * 1024;

const mib = (n: number) => `${(n / MIB).toFixed(n < MIB ? 2 : 0)} MiB`;
const BOMB_FIX =
	"this looks like a zip bomb or a damaged file: open it in the spreadsheet and save it again as .xlsx, or send the CSV";

/**
 * Check an XLSX file's zip before anything is parsed: its size; then its central directory
 * (entries, declared sizes and ratios; nothing inflated); then every entry inflated as a stream
 * whose bytes are counted and dropped, stopped as soon as an entry passes the size it declared or
 * the total passes the limit (stated sizes are not trusted). Memory: the file plus one chunk.
 * @throws SheetError naming the limit it broke
 */
export function checkSheetZip(
	file: string,
	limits: SheetZipLimits = SHEET_ZIP_LIMITS,
): { bytes: Uint8Array; names: string[] } {
	const size = statSync(file).size;
	if (size === 0)
		throw new SheetError(
			"the file is empty",
			"write the sheet with `tailan flags --format xlsx --out FILE`, fill it in and import that file",
		);
	if (size > limits.maxCompressedBytes)
		throw new SheetError(
			`the workbook is too large (${mib(size)}, limit ${mib(limits.maxCompressedBytes)})`,
			"import the sheet in parts, or as CSV",
		);
	const bytes = readFileSync(file);
	if (isOleFile(bytes))
		throw new SheetError(
			"this is an old .xls or a password-protected workbook, not an .xlsx",
			"open it in the spreadsheet, remove the password if any, and save it as .xlsx (Excel Workbook)",
		);
	if (!isZipFile(bytes))
		throw new SheetError(
			"not an XLSX workbook (it is not a zip archive)",
			"pass the .xlsx written by `tailan flags --format xlsx`, or a CSV named .csv",
		);
	const declared = new Map<string, number>();
	let total = 0;
	try {
		unzipSync(bytes, {
			filter: (info) => {
				declared.set(info.name, info.originalSize);
				total += info.originalSize;
				if (declared.size > limits.maxEntries)
					throw new SheetError(
						`too many entries in the workbook's zip (more than ${limits.maxEntries})`,
						BOMB_FIX,
					);
				if (total > limits.maxUncompressedBytes)
					throw new SheetError(
						`too much uncompressed data in the workbook's zip (more than ${mib(limits.maxUncompressedBytes)})`,
						BOMB_FIX,
					);
				if (
					info.originalSize > limits.ratioMinBytes &&
					info.originalSize > limits.maxRatio * Math.max(1, info.size)
				)
					throw new SheetError(
						`suspicious compression ratio in the workbook's zip: ${info.name} expands ${Math.round(info.originalSize / Math.max(1, info.size))}:1 to ${mib(info.originalSize)} (limit ${limits.maxRatio}:1 above ${mib(limits.ratioMinBytes)})`,
						BOMB_FIX,
					);
				return false;
			},
		});
	} catch (error) {
		if (error instanceof SheetError) throw error;
		throw new SheetError(
			"not an XLSX workbook: its zip structure cannot be read",
			"open it in the spreadsheet and save it again as .xlsx",
		);
	}
	if (![...declared.keys()].some((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)))
		throw new SheetError(
			"not an XLSX workbook: the zip holds no worksheet",
			"pass the .xlsx written by `tailan flags --format xlsx`",
		);
	let inflated = 0;
	let failure: SheetError | undefined;
	const unzip = new Unzip((entry) => {
		const limit = declared.get(entry.name) ?? 0;
		let seen = 0;
		entry.ondata = (error, chunk) => {
			if (failure) return;
			if (error) {
				failure = new SheetError(
					`the workbook's zip is damaged (${entry.name} cannot be inflated)`,
					"open it in the spreadsheet and save it again as .xlsx",
				);
				return;
			}
			seen += chunk.length;
			inflated += chunk.length;
			if (seen > limit)
				failure = new SheetError(
					`${entry.name} in the workbook's zip inflates to more than the ${mib(limit)} it declares`,
					BOMB_FIX,
				);
			else if (inflated > limits.maxUncompressedBytes)
				failure = new SheetError(
					`too much uncompressed data in the workbook's zip (more than ${mib(limits.maxUncompressedBytes)})`,
					BOMB_FIX,
				);
			if (failure) entry.terminate();
		};
		entry.start();
	});
	unzip.register(UnzipInflate);
	try {
		// Small pieces: one push inflates at most ~1000× its size (deflate's limit) before the
		// count can stop it.
		for (let at = 0; at < bytes.length && !failure; at += INFLATE_STEP)
			unzip.push(
				bytes.subarray(at, at + INFLATE_STEP),
				at + INFLATE_STEP >= bytes.length,
			);
	} catch {
		failure ??= new SheetError(
			"not an XLSX workbook: its zip structure cannot be read",
			"open it in the spreadsheet and save it again as .xlsx",
		);
	}
	if (failure) throw failure;
	return { bytes, names: [...declared.keys()] };
}

/**
 * Read the first worksheet of an XLSX file row by row (output/xlsx-read.ts), after checkSheetZip.
 * @throws SheetError from checkSheetZip, or when the workbook cannot be parsed
 */
export async function* readXlsx(
	file: string,
	limits: SheetZipLimits = SHEET_ZIP_LIMITS,
): AsyncGenerator<SheetRecord> {
	const { bytes, names } = checkSheetZip(file, limits);
	yield* xlsxRows(bytes, names);
}
