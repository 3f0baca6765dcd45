/**
 * parserFor(file, bytes): the one registry of parsers, chosen by content sniffing (the extension
 * only breaks ties). Each parser turns bytes into the document model.
 */
import {
	DocumentLoadError,
	type TailanDocument,
} from "../pipeline/document.ts";
import { markdownToDocument } from "./markdown/index.ts";

export interface ParseInput {
	file: string;
	bytes: Uint8Array;
	sha256: string;
}

export type Parser = (
	input: ParseInput,
) => TailanDocument | Promise<TailanDocument>;

const startsWith = (b: Uint8Array, sig: number[]) =>
	sig.every((x, i) => b[i] === x);

/** The parser for these bytes, or a DocumentLoadError naming why none fits. */
export function parserFor(file: string, bytes: Uint8Array): Parser {
	if (bytes.length === 0)
		throw new DocumentLoadError(file, "the file is empty", "check the export");
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
		throw new DocumentLoadError(
			file,
			"PDF reports are not supported yet",
			"convert it to Markdown",
		);
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
		throw new DocumentLoadError(
			file,
			"Word (.docx) reports are not supported yet",
			"convert it to Markdown",
		);
	if (
		startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
		startsWith(bytes, [0xff, 0xd8, 0xff])
	)
		throw new DocumentLoadError(
			file,
			"scanned images are not supported yet",
			"OCR it to Markdown first",
		);
	return markdownParser;
}

const markdownParser: Parser = ({ file, bytes, sha256 }) => {
	let text: string;
	try {
		text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
	} catch {
		throw new DocumentLoadError(
			file,
			"the text is not valid UTF-8 (perhaps cp1251)",
			"convert it: iconv -f cp1251 -t utf-8",
		);
	}
	if (text.includes("\u0000"))
		throw new DocumentLoadError(
			file,
			"this is a binary file, not a text report",
			"check the file type",
		);
	return markdownToDocument(text.replace(/^\uFEFF/, ""), {
		file,
		sha256,
		bytes: bytes.length,
	});
};
