/**
 * A small, bounded XLSX reader for the sheets clerks send back: the zip is inflated with fflate
 * as a stream (after checkSheetZip), its text decoded with one streaming UTF-8 decoder per entry
 * and read by a minimal XML tokenizer that knows the few SpreadsheetML elements a sheet needs
 * (shared strings, rows, cells, inline strings, formulas). Memory: the file, the shared strings
 * and one row at a time.
 *
 * Why not exceljs's streaming reader: it decodes every inflated chunk on its own, so a Cyrillic
 * letter split across two chunks becomes two U+FFFD — the clerk's text would be changed.
 */
import { Unzip, UnzipInflate } from "fflate";
import { SHEET_LIMITS, SheetError, type SheetRecord } from "./csv.ts";

interface Tag {
	name: string;
	attrs: Record<string, string>;
	close: boolean;
	selfClose: boolean;
}

const ENTITY: Record<string, string> = {
	lt: "<",
	gt: ">",
	amp: "&",
	quot: '"',
	apos: "'",
};

/** XML character references and entities, then OOXML's _xHHHH_ escapes. */
function decodeText(raw: string, ooxml: boolean): string {
	const text = raw.includes("&")
		? raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
				if (e.startsWith("#x"))
					return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
				if (e.startsWith("#"))
					return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
				return ENTITY[e] ?? all;
			})
		: raw;
	return ooxml && text.includes("_x")
		? text.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) =>
				String.fromCharCode(Number.parseInt(h, 16)),
			)
		: text;
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/**
 * A push tokenizer: feed text as it is decoded; complete tags and text runs are passed on, an
 * incomplete one waits for the next piece.
 */
class XmlTokens {
	private buffer = "";
	constructor(
		private readonly onTag: (tag: Tag) => void,
		private readonly onText: (text: string) => void,
	) {}

	push(piece: string, final: boolean): void {
		this.buffer += piece;
		let pos = 0;
		const b = this.buffer;
		for (;;) {
			const lt = b.indexOf("<", pos);
			if (lt === -1) {
				if (final) this.text(b.slice(pos));
				else if (b.length - pos > SHEET_LIMITS.maxCell * 8)
					throw new SheetError(
						"the workbook holds a text run too long for a sheet",
						"open it in the spreadsheet and save it again as .xlsx, or send the CSV",
					);
				pos = final ? b.length : pos;
				break;
			}
			if (lt > pos) this.text(b.slice(pos, lt));
			pos = lt;
			const end = this.tagEnd(b, lt);
			if (end === -1) break;
			this.tag(b.slice(lt, end + 1));
			pos = end + 1;
		}
		this.buffer = b.slice(pos);
	}

	private text(raw: string): void {
		if (raw !== "") this.onText(raw);
	}

	/** The index of the tag's closing ">", or -1 when it is not in the buffer yet. */
	private tagEnd(b: string, lt: number): number {
		if (b.startsWith("<!--", lt)) {
			const e = b.indexOf("-->", lt + 4);
			return e === -1 ? -1 : e + 2;
		}
		if (b.startsWith("<![CDATA[", lt)) {
			const e = b.indexOf("]]>", lt + 9);
			return e === -1 ? -1 : e + 2;
		}
		if (b.startsWith("<?", lt)) {
			const e = b.indexOf("?>", lt + 2);
			return e === -1 ? -1 : e + 1;
		}
		let quote = "";
		for (let i = lt + 1; i < b.length; i++) {
			const ch = b[i];
			if (quote !== "") {
				if (ch === quote) quote = "";
			} else if (ch === '"' || ch === "'") quote = ch;
			else if (ch === ">") return i;
		}
		if (b.length - lt > 1 << 20)
			throw new SheetError(
				"the workbook holds an XML tag longer than 1 MiB",
				"open it in the spreadsheet and save it again as .xlsx, or send the CSV",
			);
		return -1;
	}

	private tag(raw: string): void {
		if (raw.startsWith("<![CDATA[")) {
			// CDATA is text as it is: mark it so that it is not entity-decoded.
			this.onText(`\u0000${raw.slice(9, -3)}`);
			return;
		}
		if (raw.startsWith("<?") || raw.startsWith("<!")) return;
		const close = raw[1] === "/";
		const selfClose = raw.endsWith("/>");
		const body = raw.slice(close ? 2 : 1, selfClose ? -2 : -1);
		const space = body.search(/\s/);
		const name = localName(space === -1 ? body : body.slice(0, space));
		const attrs: Record<string, string> = {};
		if (space !== -1)
			for (const m of body
				.slice(space)
				.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
				attrs[localName(m[1] as string)] = decodeText(
					m[2] ?? m[3] ?? "",
					false,
				);
		this.onTag({ name, attrs, close, selfClose });
	}
}

/**
 * Inflate one entry of the zip as a stream and pass its text on, decoded piece by piece with one
 * streaming decoder (a character split across pieces stays whole). A generator: it pauses after
 * every 16 KiB of compressed input (at most ~16 MiB of text), so that the caller can hand on
 * what was read so far.
 * Returns whether the entry exists.
 */
function* inflateEntry(
	bytes: Uint8Array,
	name: string,
	onText: (text: string, final: boolean) => void,
): Generator<void, boolean> {
	let found = false;
	let failure: unknown;
	const decoder = new TextDecoder("utf-8", { fatal: true });
	const unzip = new Unzip((entry) => {
		if (entry.name !== name || found) return;
		found = true;
		entry.ondata = (error, chunk, final) => {
			if (failure) return;
			try {
				if (error) throw error;
				onText(decoder.decode(chunk, { stream: !final }), final);
			} catch (e) {
				failure = e;
				entry.terminate();
			}
		};
		entry.start();
	});
	unzip.register(UnzipInflate);
	const step = 16 * 1024;
	for (let at = 0; at < bytes.length && !failure; at += step) {
		unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
		if (!failure) yield;
	}
	if (failure instanceof SheetError) throw failure;
	if (failure)
		throw new SheetError(
			`the workbook's ${name} cannot be read (${failure instanceof TypeError ? "not UTF-8 text" : "damaged"})`,
			"open it in the spreadsheet and save it again as .xlsx, or send the CSV",
		);
	return found;
}

/** Run inflateEntry to its end. */
function inflateAll(
	bytes: Uint8Array,
	name: string,
	onText: (text: string, final: boolean) => void,
): boolean {
	const steps = inflateEntry(bytes, name, onText);
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

function entryText(bytes: Uint8Array, name: string): string | undefined {
	let text = "";
	const found = inflateAll(bytes, name, (t) => {
		text += t;
		if (text.length > 16 << 20)
			throw new SheetError(
				`the workbook's ${name} is larger than 16 MiB`,
				"open it in the spreadsheet and save it again as .xlsx, or send the CSV",
			);
	});
	return found ? text : undefined;
}

/** The zip path of the workbook's first worksheet (workbook.xml order, through its rels). */
function firstSheet(bytes: Uint8Array, names: string[]): string {
	const workbook = entryText(bytes, "xl/workbook.xml");
	const rels = entryText(bytes, "xl/_rels/workbook.xml.rels");
	let firstId: string | undefined;
	const targets = new Map<string, string>();
	if (workbook !== undefined)
		new XmlTokens(
			(tag) => {
				if (!tag.close && tag.name === "sheet" && firstId === undefined)
					firstId = tag.attrs.id;
			},
			() => {},
		).push(workbook, true);
	if (rels !== undefined)
		new XmlTokens(
			(tag) => {
				if (!tag.close && tag.name === "Relationship" && tag.attrs.Id)
					targets.set(tag.attrs.Id, tag.attrs.Target ?? "");
			},
			() => {},
		).push(rels, true);
	const target = firstId === undefined ? undefined : targets.get(firstId);
	if (target) {
		const path = target.startsWith("/")
			? target.slice(1)
			: `xl/${target}`.replace(/\/\.\//g, "/");
		if (names.includes(path)) return path;
	}
	const sheets = names
		.filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))
		.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
	const first = sheets[0];
	if (first === undefined)
		throw new SheetError(
			"not an XLSX workbook: the zip holds no worksheet",
			"pass the .xlsx written by `tailan flags --format xlsx`",
		);
	return first;
}

function sharedStrings(bytes: Uint8Array): string[] {
	const strings: string[] = [];
	let current: string | null = null;
	let inText = false;
	let phonetic = 0;
	const tokens = new XmlTokens(
		(tag) => {
			if (tag.name === "si") {
				if (!tag.close) current = "";
				if (tag.close || tag.selfClose) {
					strings.push(current ?? "");
					current = null;
					if (strings.length > SHEET_LIMITS.maxSharedStrings)
						throw new SheetError(
							`the workbook holds more than ${SHEET_LIMITS.maxSharedStrings.toLocaleString("en")} different texts`,
							"import the sheet in parts, or as CSV",
						);
				}
			} else if (tag.name === "rPh") {
				if (!tag.selfClose) phonetic += tag.close ? -1 : 1;
			} else if (tag.name === "t") inText = !tag.close && !tag.selfClose;
		},
		(raw) => {
			if (inText && phonetic === 0 && current !== null)
				current += cdata(raw, true);
		},
	);
	inflateAll(bytes, "xl/sharedStrings.xml", (t, final) =>
		tokens.push(t, final),
	);
	return strings;
}

function cdata(raw: string, ooxml: boolean): string {
	return raw.startsWith("\u0000") ? raw.slice(1) : decodeText(raw, ooxml);
}

/** "B12" → 1 (0-based column). */
function columnOf(ref: string | undefined): number | undefined {
	const letters = ref?.match(/^[A-Z]+/)?.[0];
	if (!letters) return undefined;
	let n = 0;
	for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n - 1;
}

/**
 * Read the first worksheet row by row. Cells come back as text: numbers in JavaScript's notation,
 * booleans as true/false, shared and inline strings as written, formulas as "=" + their formula
 * (marked in `formulas`; nothing is evaluated).
 * @param bytes the workbook (checked with checkSheetZip first)
 */
export function* xlsxRows(
	bytes: Uint8Array,
	names: string[],
): Generator<SheetRecord> {
	const strings = names.includes("xl/sharedStrings.xml")
		? sharedStrings(bytes)
		: [];
	const sheet = firstSheet(bytes, names);
	let rows: SheetRecord[] = [];
	let rowNumber = 0;
	let cells: string[] = [];
	let formulas: number[] = [];
	let column = 0;
	let type = "n";
	let value = "";
	let formula: string | null = null;
	let inline = "";
	let collecting: "v" | "f" | "t" | null = null;
	let phonetic = 0;
	const tokens = new XmlTokens(
		(tag) => {
			switch (tag.name) {
				case "row":
					if (!tag.close) {
						rowNumber = Number(tag.attrs.r) || rowNumber + 1;
						cells = [];
						formulas = [];
						column = 0;
					}
					if (tag.close || tag.selfClose) {
						for (let i = 0; i < cells.length; i++) cells[i] ??= "";
						rows.push({
							row: rowNumber,
							cells,
							...(formulas.length > 0 ? { formulas } : {}),
						});
					}
					return;
				case "c":
					if (!tag.close) {
						column = columnOf(tag.attrs.r) ?? column;
						type = tag.attrs.t ?? "n";
						value = "";
						formula = null;
						inline = "";
					}
					if (tag.close || tag.selfClose) {
						if (column >= SHEET_LIMITS.maxColumns)
							throw new SheetError(
								`row ${rowNumber} has more than ${SHEET_LIMITS.maxColumns} cells`,
								"check that this is a sheet written by `tailan flags`",
							);
						let text: string;
						if (formula !== null) {
							text = `=${formula}`;
							formulas.push(column);
						} else if (type === "s") text = strings[Number(value)] ?? "";
						else if (type === "inlineStr") text = inline;
						else if (type === "b") text = value === "1" ? "true" : "false";
						else if (type === "n" && value.trim() !== "")
							text = String(Number(value));
						else text = value;
						cells[column] = text;
						column++;
					}
					return;
				case "v":
				case "f":
					if (tag.name === "f" && !tag.close) formula ??= "";
					collecting = tag.close || tag.selfClose ? null : tag.name;
					return;
				case "rPh":
					if (!tag.selfClose) phonetic += tag.close ? -1 : 1;
					return;
				case "t":
					collecting = tag.close || tag.selfClose ? null : "t";
					return;
			}
		},
		(raw) => {
			if (collecting === "v") value += cdata(raw, false);
			else if (collecting === "f") formula += cdata(raw, false);
			else if (collecting === "t" && phonetic === 0) inline += cdata(raw, true);
			if (
				value.length > SHEET_LIMITS.maxCell ||
				inline.length > SHEET_LIMITS.maxCell
			)
				throw new SheetError(
					`row ${rowNumber} has a cell longer than ${SHEET_LIMITS.maxCell.toLocaleString("en")} characters`,
					"check that this is a sheet written by `tailan flags`",
				);
		},
	);
	// Rows are handed on after each inflated piece: only the rows of one piece are held.
	for (const _ of inflateEntry(bytes, sheet, (t, final) =>
		tokens.push(t, final),
	)) {
		yield* rows;
		rows = [];
	}
	yield* rows;
}
