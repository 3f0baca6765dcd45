/**
 * parserFor(file, bytes): the one registry of parsers, chosen by content sniffing (the extension
 * only breaks ties). Each parser turns bytes into the document model. The Word, PDF and scan
 * parsers are loaded on first use (pdf.js, mammoth, tesseract.js and the canvas cost ≈ 0.4 s of
 * CPU to load): a batch of Markdown reports never loads them.
 */
import {
	DocumentLoadError,
	type TailanDocument,
} from "../pipeline/document.ts";
import { isOleFile, isZipFile } from "./docx/zip.ts";
import { sniffImage } from "./image/sniff.ts";
import { markdownToDocument } from "./markdown/index.ts";

export interface ParseInput {
	file: string;
	bytes: Uint8Array;
	sha256: string;
	/** Scans: called as each page is read (pages done so far, of how many; null: not known). */
	onPage?: (progress: { done: number; pages: number | null }) => void;
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
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return pdfParser;
	// Zip (checked for word/document.xml and zip-bomb limits by the parser), OLE (old .doc or
	// a password-protected .docx), or bytes of another kind named .docx: the DOCX parser says why.
	if (isZipFile(bytes) || isOleFile(bytes) || /\.do[ct][xm]$/i.test(file))
		return docxParser;
	if (sniffImage(bytes) !== null) return imageParser;
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

const docxParser: Parser = async ({ file, bytes, sha256 }) => {
	const { docxToDocument } = await import("./docx/index.ts");
	return docxToDocument(bytes, { file, sha256 });
};

// A PDF without a text layer is a scan: read by OCR.
const pdfParser: Parser = async (input) => {
	const { file, bytes, sha256 } = input;
	const { NeedsOcrError, pdfToDocument } = await import("./pdf/index.ts");
	try {
		return await pdfToDocument(bytes, { file, sha256 });
	} catch (e) {
		if (e instanceof NeedsOcrError) return imageParser(input);
		throw e;
	}
};

const imageParser: Parser = async ({ file, bytes, sha256, onPage }) => {
	const { imageToDocument } = await import("./image/index.ts");
	return imageToDocument(bytes, {
		file,
		sha256,
		...(onPage ? { onPage } : {}),
	});
};
