/**
 * Bytes → text for the text reports (Markdown, .txt), told apart by their content: a byte order
 * mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE), else the pattern of NUL bytes (UTF-16 or UTF-32 text
 * without a mark: ASCII and Cyrillic letters leave a NUL in the same place of every 2 or 4
 * bytes), else UTF-8. What is none of these is refused with a named reason: binary data ("not a
 * text file") or 8-bit text in another code page (cp1251). UTF-16 and UTF-32 are decoded and read
 * (a report saved as "Unicode" from Notepad or Word is still the report), with an info issue.
 */
import { DocumentLoadError } from "../pipeline/document.ts";

/**
 * Largest text report read (bytes): 50 times the sample report (80 KiB, 17 pages). The Markdown
 * parser needs about 100 bytes of memory per byte of a report's text (4 MiB: 460 MiB peak RSS,
 * within the parse worker's 384 MiB heap): a bigger "report" would exhaust the worker's heap
 * before it could be refused by name.
 */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

export type TextEncodingName =
	| "utf-8"
	| "utf-16le"
	| "utf-16be"
	| "utf-32le"
	| "utf-32be";

export interface DecodedText {
	text: string;
	encoding: TextEncodingName;
	/** How the encoding was known: its byte order mark, or its pattern of NUL bytes. */
	by: "bom" | "nul-pattern" | "default";
	/** UTF-8 bytes left off the end: a file cut short inside a character (0 when whole). */
	cut: number;
}

/**
 * The length of `bytes` without an incomplete UTF-8 sequence at its very end (a file cut short
 * in the middle of a character), or bytes.length when it does not end inside one.
 */
export function withoutCutCharacter(bytes: Uint8Array): number {
	const end = bytes.length;
	for (let i = end - 1; i >= Math.max(0, end - 3); i--) {
		const b = bytes[i] as number;
		if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
		const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		return end - i < length ? i : end;
	}
	return end;
}

const TEXT_FIX =
	"save or export the report as UTF-8 text (.md or .txt), or give the .docx, .pdf or scan";

/** The encoding a byte order mark names, and the mark's length. */
function bom(b: Uint8Array): [TextEncodingName, number] | undefined {
	if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return ["utf-8", 3];
	if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
		return ["utf-32le", 4];
	if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
		return ["utf-32be", 4];
	if (b[0] === 0xff && b[1] === 0xfe) return ["utf-16le", 2];
	if (b[0] === 0xfe && b[1] === 0xff) return ["utf-16be", 2];
	return undefined;
}

/**
 * UTF-16 or UTF-32 by where the NUL bytes fall in the first 64 KiB: text in these encodings has
 * NULs at one position of every unit (spaces, digits and Latin letters in UTF-16; every BMP
 * character in UTF-32), binary data has them anywhere.
 */
export function nulPattern(b: Uint8Array): TextEncodingName | undefined {
	const n = Math.min(b.length, 65_536) & ~3;
	if (n < 8) return undefined;
	const at = [0, 0, 0, 0];
	for (let i = 0; i < n; i++)
		if (b[i] === 0) at[i & 3] = (at[i & 3] as number) + 1;
	const [z0, z1, z2, z3] = at as [number, number, number, number];
	const quads = n / 4;
	// UTF-32: the top two bytes of every BMP character are NUL.
	if (z2 === quads && z3 === quads && z0 < quads) return "utf-32le";
	if (z0 === quads && z1 === quads && z3 < quads) return "utf-32be";
	const even = z0 + z2;
	const odd = z1 + z3;
	const pairs = n / 2;
	// UTF-16: NULs in one byte of the pairs only, and enough of them (a space, a digit).
	if (odd >= pairs * 0.05 && even <= odd / 50) return "utf-16le";
	if (even >= pairs * 0.05 && odd <= even / 50) return "utf-16be";
	return undefined;
}

/** UTF-32 → string; undefined when a code unit is not a Unicode scalar value. */
function decodeUtf32(b: Uint8Array, littleEndian: boolean): string | undefined {
	if (b.length % 4 !== 0) return undefined;
	const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
	const parts: string[] = [];
	const codes: number[] = [];
	for (let i = 0; i < b.length; i += 4) {
		const cp = view.getUint32(i, littleEndian);
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
		codes.push(cp);
		if (codes.length === 8192) {
			parts.push(String.fromCodePoint(...codes));
			codes.length = 0;
		}
	}
	parts.push(String.fromCodePoint(...codes));
	return parts.join("");
}

/** Share of control bytes (not tab, line feed, form feed, carriage return) in the first 64 KiB. */
function controlShare(b: Uint8Array): number {
	const n = Math.min(b.length, 65_536);
	let c = 0;
	for (let i = 0; i < n; i++) {
		const x = b[i] as number;
		if ((x < 0x20 && x !== 9 && x !== 10 && x !== 12 && x !== 13) || x === 0x7f)
			c++;
	}
	return n === 0 ? 0 : c / n;
}

/** True when the bytes are UTF-8, a character cut at their end allowed. */
function isUtf8Prefix(b: Uint8Array): boolean {
	try {
		new TextDecoder("utf-8", { fatal: true }).decode(b, { stream: true });
		return true;
	} catch {
		return false;
	}
}

const notText = (file: string, why: string) =>
	new DocumentLoadError(
		file,
		`not a text file: ${why}, and it is no PDF, Word file or image either`,
		TEXT_FIX,
	);

/**
 * Decode a text report. Throws DocumentLoadError: too large, binary data ("not a text file"),
 * or 8-bit text that is not UTF-8 ("perhaps cp1251", with the iconv command).
 * @param file the name given in errors
 * @param bytes the file's bytes (not empty: parsers/index.ts refuses that first)
 */
export function decodeText(file: string, bytes: Uint8Array): DecodedText {
	const mark = bom(bytes);
	const pattern = mark ? undefined : nulPattern(bytes);
	// Binary data is told by its first 64 KiB, whatever its size.
	if (!mark && !pattern) {
		const head = bytes.subarray(0, 65_536);
		if (head.includes(0))
			throw notText(file, "it holds binary data (NUL bytes)");
		if (!isUtf8Prefix(head) && controlShare(head) > 0.01)
			throw notText(file, "it holds binary data (NUL and control bytes)");
	}
	if (bytes.length > MAX_TEXT_BYTES)
		throw new DocumentLoadError(
			file,
			`the file is too large for a text report (${(bytes.length / 1024 / 1024).toFixed(0)} MiB, limit ${MAX_TEXT_BYTES / 1024 / 1024} MiB)`,
			"check that this is the report; split it if it really is one",
		);
	const encoding: TextEncodingName = mark?.[0] ?? pattern ?? "utf-8";
	const by: DecodedText["by"] = mark
		? "bom"
		: pattern
			? "nul-pattern"
			: "default";
	// A UTF-8 file cut short inside a character (a download that stopped) is read up to that
	// character; the parser says so and the completeness checks hold it (docs/holds.md).
	const whole =
		encoding === "utf-8" ? withoutCutCharacter(bytes) : bytes.length;
	const body = bytes.subarray(mark?.[1] ?? 0, whole);
	let text: string | undefined;
	if (encoding === "utf-32le" || encoding === "utf-32be")
		text = decodeUtf32(body, encoding === "utf-32le");
	else
		try {
			text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(
				body,
			);
		} catch {
			text = undefined;
		}
	if (text === undefined) {
		if (encoding !== "utf-8")
			throw notText(
				file,
				`it starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}`,
			);
		if (bytes.includes(0) || controlShare(bytes) > 0.01)
			throw notText(file, "it holds binary data (NUL and control bytes)");
		throw new DocumentLoadError(
			file,
			"the text is not valid UTF-8 (perhaps cp1251)",
			"convert it: iconv -f cp1251 -t utf-8",
		);
	}
	if (text.includes("\u0000"))
		throw notText(file, "it holds binary data (NUL bytes)");
	return { text, encoding, by, cut: bytes.length - whole };
}

/** Deepest nesting of block quotes read (a report has none; the parser's time grows as its square). */
export const MAX_QUOTE_DEPTH = 100;

/**
 * Refuse text whose shape no report has and the Markdown parser pays dearly for: block quotes
 * nested more than MAX_QUOTE_DEPTH deep (200,000 ">" took the parser past a minute).
 */
export function checkTextShape(file: string, text: string): void {
	const deep = new RegExp(`^(?:[ \\t]*>){${MAX_QUOTE_DEPTH + 1}}`, "m");
	if (deep.test(text))
		throw new DocumentLoadError(
			file,
			`the text nests block quotes (">") more than ${MAX_QUOTE_DEPTH} levels deep: not a report`,
			'check that this is the report; remove the ">" marks at the start of its lines',
		);
}
