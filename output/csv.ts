/**
 * The CSV writer (RFC 4180: comma, CRLF, fields quoted when needed; text cells neutralised,
 * see output/escape.ts) and a streaming CSV reader for the sheets clerks send back.
 */
import { createReadStream } from "node:fs";
import { neutraliseCell } from "./escape.ts";
import { type Cell, roundNumber, type Table } from "./table.ts";

/**
 * One CSV field: numbers as numbers rounded as printed (output/table.ts roundNumber), booleans
 * as true/false, text whole, neutralised and quoted.
 */
export function csvField(value: Cell): string {
	if (value === null) return "";
	if (typeof value === "number") return String(roundNumber(value));
	if (typeof value === "boolean") return String(value);
	const text = neutraliseCell(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The table as CSV: the column keys as header, one line per row.
 * @param options bom: start with a UTF-8 byte order mark, so that Excel reads Cyrillic right
 */
export function toCsv(table: Table, options: { bom?: boolean } = {}): string {
	const lines = [
		table.columns.map((c) => csvField(c.key)).join(","),
		...table.rows.map((row) =>
			table.columns.map((c) => csvField(row[c.key] ?? null)).join(","),
		),
	];
	return `${options.bom ? "\uFEFF" : ""}${lines.join("\r\n")}\r\n`;
}

/** Why a sheet cannot be read, and what to do about it (the caller names the file). */
export class SheetError extends Error {
	constructor(
		readonly reason: string,
		readonly fix: string,
	) {
		super(reason);
	}
}

/** One record of a sheet: its row number as a spreadsheet shows it (the header is row 1). */
export interface SheetRecord {
	row: number;
	cells: string[];
	/** Columns (0-based) whose cell is a formula (XLSX only); its text is the formula. */
	formulas?: number[];
}

/** Limits of the readers: a sheet is text a person filled in, not a data dump. */
export const SHEET_LIMITS = {
	/** Characters in one cell. */
	maxCell: 1_000_000,
	/** Cells in one row. */
	maxColumns: 1000,
	/** Different texts of an XLSX workbook (its shared strings). */
	maxSharedStrings: 4_000_000,
};

const DELIMITER = /[",\r\n]/g;

const SAVE_AS_CSV =
	"save it as CSV UTF-8 (Excel: File → Save As → “CSV UTF-8 (Comma delimited)”), or send the .xlsx";

/** Refuse bytes that are not UTF-8 CSV text, by their first bytes. */
function checkStart(head: Buffer): void {
	if (head.length === 0)
		throw new SheetError(
			"the file is empty",
			"write the sheet with `tailan flags --format csv --out FILE`, fill it in and import that file",
		);
	const b = (i: number) => head[i];
	if (
		(b(0) === 0xff && b(1) === 0xfe) ||
		(b(0) === 0xfe && b(1) === 0xff) ||
		(b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff)
	)
		throw new SheetError(
			"this is UTF-16 or UTF-32 text (Excel's “Unicode text”), not UTF-8 CSV",
			SAVE_AS_CSV,
		);
	if (b(0) === 0x50 && b(1) === 0x4b)
		throw new SheetError(
			"this is a zip file (an .xlsx?), not CSV text",
			"rename it to .xlsx if it is the workbook, or save it as CSV UTF-8",
		);
	const sample = head.subarray(0, 4096);
	const nul = sample.indexOf(0);
	if (nul !== -1) {
		let zeros = 0;
		for (const x of sample) if (x === 0) zeros++;
		throw new SheetError(
			zeros * 3 >= sample.length
				? "this is UTF-16 text without a byte order mark, not UTF-8 CSV"
				: "binary data, not CSV text",
			SAVE_AS_CSV,
		);
	}
}

/**
 * Read a CSV file record by record, without holding it in memory: UTF-8 (a BOM is skipped),
 * comma-separated, quoted fields with doubled quotes, CRLF or LF line ends. Cells are returned as
 * written (see restoreCell for the neutralised ones).
 * @throws SheetError for an empty file, UTF-16/32, binary data, a zip, text that is not UTF-8, an
 * unterminated quote or a cell or row over SHEET_LIMITS
 * @param options chunkBytes: bytes read at a time (default 1 MiB; tests use tiny chunks)
 */
export async function* readCsv(
	file: string,
	options: { chunkBytes?: number } = {},
): AsyncGenerator<SheetRecord> {
	const decoder = new TextDecoder("utf-8", { fatal: true });
	let first = true;
	let quoted = false;
	/** A quoted field just closed: only a comma or a line end may follow (or another quote). */
	let afterQuote = false;
	let field = "";
	let cells: string[] = [];
	let row = 1;
	let pendingCr = false;
	const tooLong = () =>
		new SheetError(
			`row ${row} has a cell longer than ${SHEET_LIMITS.maxCell.toLocaleString("en")} characters`,
			"check that this is a sheet written by `tailan flags` (a quote left open swallows the rest of the file)",
		);
	const push = () => {
		if (field.length > SHEET_LIMITS.maxCell) throw tooLong();
		cells.push(field);
		field = "";
		if (cells.length > SHEET_LIMITS.maxColumns)
			throw new SheetError(
				`row ${row} has more than ${SHEET_LIMITS.maxColumns} cells`,
				"check that this is a sheet written by `tailan flags`",
			);
	};
	const stream = createReadStream(file, {
		highWaterMark: options.chunkBytes ?? 1 << 20,
	});
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		if (first) checkStart(chunk);
		let s: string;
		try {
			s = decoder.decode(chunk, { stream: true });
		} catch {
			throw new SheetError("the text is not UTF-8", SAVE_AS_CSV);
		}
		let i = 0;
		if (first) {
			first = false;
			if (s.charCodeAt(0) === 0xfeff) i = 1;
		}
		const records: SheetRecord[] = [];
		while (i < s.length) {
			if (pendingCr) {
				pendingCr = false;
				if (s[i] === "\n") {
					i++;
					continue;
				}
			}
			if (quoted) {
				const q = s.indexOf('"', i);
				if (q === -1) {
					field += s.slice(i);
					if (field.length > SHEET_LIMITS.maxCell) throw tooLong();
					i = s.length;
					break;
				}
				field += s.slice(i, q);
				if (q + 1 >= s.length) {
					// The quote is the chunk's last character: decide with the next chunk.
					quoted = false;
					afterQuote = true;
					i = q + 1;
					break;
				}
				if (s[q + 1] === '"') {
					field += '"';
					i = q + 2;
				} else {
					quoted = false;
					afterQuote = true;
					i = q + 1;
				}
				continue;
			}
			const ch = s[i];
			if (afterQuote && ch === '"') {
				// A doubled quote split across chunks: still inside the quoted field.
				field += '"';
				quoted = true;
				afterQuote = false;
				i++;
				continue;
			}
			afterQuote = false;
			if (ch === '"' && field === "") {
				quoted = true;
				i++;
				continue;
			}
			if (ch === ",") {
				push();
				i++;
				continue;
			}
			if (ch === "\r" || ch === "\n") {
				push();
				records.push({ row, cells });
				row++;
				cells = [];
				if (ch === "\r") {
					if (i + 1 < s.length) {
						if (s[i + 1] === "\n") i++;
					} else pendingCr = true;
				}
				i++;
				continue;
			}
			if (ch === '"') {
				// A quote inside an unquoted field is kept as text.
				field += ch;
				i++;
				continue;
			}
			DELIMITER.lastIndex = i;
			const end = DELIMITER.exec(s)?.index ?? s.length;
			field += s.slice(i, end);
			if (field.length > SHEET_LIMITS.maxCell) throw tooLong();
			i = end;
		}
		yield* records;
	}
	if (first) checkStart(Buffer.alloc(0));
	try {
		decoder.decode();
	} catch {
		throw new SheetError(
			"the text is not UTF-8 (it ends mid-character)",
			SAVE_AS_CSV,
		);
	}
	if (quoted)
		throw new SheetError(
			`row ${row} opens a quote that is never closed`,
			"close the quote or save the sheet again from the spreadsheet",
		);
	if (field !== "" || cells.length > 0) {
		push();
		yield { row, cells };
	}
}
