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
import { checkTextShape, decodeText } from "./text.ts";

export { withoutCutCharacter } from "./text.ts";

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

/**
 * The parser for these bytes, or a DocumentLoadError naming why none fits. Whatever the parser
 * throws reaches the caller as a DocumentLoadError (see asLoadError): a library's own message
 * never becomes the reason.
 */
export function parserFor(file: string, bytes: Uint8Array): Parser {
	if (bytes.length === 0)
		throw new DocumentLoadError(file, "the file is empty", "check the export");
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
		return guarded("PDF", pdfParser);
	// Zip (checked for word/document.xml and zip-bomb limits by the parser), OLE (old .doc or
	// a password-protected .docx), or bytes of another kind named .docx: the DOCX parser says why.
	if (isZipFile(bytes) || isOleFile(bytes) || /\.do[ct][xm]$/i.test(file))
		return guarded("Word file", docxParser);
	if (sniffImage(bytes) !== null) return guarded("image", imageParser);
	return guarded("text", markdownParser);
}

/**
 * Any error of reading `file` as a DocumentLoadError: one already is, kept; the engine's limits
 * (a stack or string too deep or long, an allocation refused) named as such; anything else from
 * a library (JSZip, xmldom, pdf.js, mammoth, the canvas…) as "the reader failed", without the
 * library's words, which name its internals and not the file's problem.
 * @param file the name given in the error
 * @param error what was thrown
 * @param kind what the file was read as: "PDF", "Word file", "image", "text"
 */
export function asLoadError(
	file: string,
	error: unknown,
	kind: string,
): DocumentLoadError {
	if (error instanceof DocumentLoadError) return error;
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as { code?: unknown } | null)?.code;
	if (error instanceof RangeError && /call stack/i.test(message))
		return new DocumentLoadError(
			file,
			`the ${kind} is nested too deeply to read (elements inside elements, thousands of levels)`,
			"check that this is the report; open it in the program that made it and save it again",
		);
	if (
		error instanceof RangeError ||
		code === "ERR_BUFFER_TOO_LARGE" ||
		code === "ERR_STRING_TOO_LONG" ||
		/allocation failed|out of memory/i.test(message)
	)
		return new DocumentLoadError(
			file,
			`the ${kind} is too large to read in memory`,
			"check that this is the report; split it if it really is one",
		);
	return new DocumentLoadError(
		file,
		`the ${kind} cannot be read: its content is damaged or of a kind tailan does not know`,
		"open it in the program that made it and save or export it again; if it opens there, report it with the file",
	);
}

/** A parser whose every failure is a DocumentLoadError (asLoadError). */
function guarded(kind: string, parse: Parser): Parser {
	return (input) => {
		let out: ReturnType<Parser>;
		try {
			out = parse(input);
		} catch (e) {
			throw asLoadError(input.file, e, kind);
		}
		// A synchronous parser (text) stays synchronous: ingestMarkdown relies on it.
		return out instanceof Promise
			? out.catch((e: unknown) => {
					throw asLoadError(input.file, e, kind);
				})
			: out;
	};
}

const markdownParser: Parser = ({ file, bytes, sha256 }) => {
	const { text, encoding, by, cut } = decodeText(file, bytes);
	checkTextShape(file, text);
	const document = markdownToDocument(text.replace(/^\uFEFF/, ""), {
		file,
		sha256,
		bytes: bytes.length,
	});
	if (encoding !== "utf-8")
		document.issues.push({
			severity: "info",
			message: `the text is ${encoding.toUpperCase()} (${by === "bom" ? "by its byte order mark" : "by its pattern of NUL bytes"}): read as such`,
		});
	if (cut > 0)
		document.issues.push({
			severity: "warning",
			message: `the file ends in the middle of a character (its last ${cut} byte${cut === 1 ? "" : "s"} begin one that is not there): it looks cut short`,
		});
	return document;
};

const docxParser: Parser = async ({ file, bytes, sha256 }) => {
	const { docxToDocument } = await import("./docx/index.ts");
	return docxToDocument(bytes, { file, sha256 });
};

// A PDF without a text layer is a scan: read by OCR.
const pdfParser: Parser = async (input) => {
	const { file, bytes, sha256 } = input;
	const { NeedsOcrError, pdfToDocument } = await import("./pdf/index.ts");
	let document: TailanDocument;
	try {
		document = await pdfToDocument(bytes, { file, sha256 });
	} catch (e) {
		if (e instanceof NeedsOcrError) return imageParser(input);
		throw e;
	}
	// The pages as the clerk knows them, for the review step's boxes (a page that cannot be drawn
	// costs only its picture: the text was read).
	const { pdfPagePreviews } = await import("./image/pdf-render.ts");
	try {
		document.pageImages = await pdfPagePreviews(bytes, file);
	} catch (e) {
		document.issues.push({
			severity: "info",
			message: `the pages could not be drawn for the review step (${(e as Error).message}): the clerk sees the text only`,
		});
	}
	return document;
};

const imageParser: Parser = async ({ file, bytes, sha256, onPage }) => {
	const { imageToDocument } = await import("./image/index.ts");
	return imageToDocument(bytes, {
		file,
		sha256,
		...(onPage ? { onPage } : {}),
	});
};
