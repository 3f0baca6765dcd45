/**
 * Every failure of a parser reaches the caller as one DocumentLoadError (file, reason, fix), and a
 * library's own message is never the reason: checked on the engine's errors and on real inputs
 * that make JSZip/mammoth, xmldom and pdf.js fail.
 */
import { deflateRawSync } from "node:zlib";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import { rawZip } from "../test/bad-inputs.ts";
import { asLoadError, parserFor } from "./index.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** The error parsing `bytes` as `file` gives (it must be a DocumentLoadError). */
async function failure(
	file: string,
	bytes: Uint8Array,
): Promise<DocumentLoadError> {
	let error: unknown;
	try {
		await parserFor(file, bytes)({ file, bytes, sha256: "x" });
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(DocumentLoadError);
	const e = error as DocumentLoadError;
	expect(e.file).toBe(file);
	expect(e.fix ?? "").not.toBe("");
	// One line: no stack, no library's multi-line dump.
	expect(e.message).not.toMatch(/\n/);
	return e;
}

/** Words of the libraries' own messages that must not reach a user. */
const LIBRARY_WORDS =
	/jszip|xmldom|pdf\.js|mammoth|invalid string length|maximum call stack|unexpected token|undefined|null|\bat [\w.]+ \(|[A-Z][a-z]+Error\b|Exception/;

describe("asLoadError", () => {
	it("should keep a DocumentLoadError as it is", () => {
		const e = new DocumentLoadError("f", "why", "fix");
		expect(asLoadError("g", e, "PDF")).toBe(e);
	});

	it("should name the engine's limits and not give their words", () => {
		const stack = asLoadError(
			"f.docx",
			new RangeError("Maximum call stack size exceeded"),
			"Word file",
		);
		expect(stack.reason).toBe(
			"the Word file is nested too deeply to read (elements inside elements, thousands of levels)",
		);
		for (const error of [
			new RangeError("Invalid string length"),
			new RangeError("Array buffer allocation failed"),
			Object.assign(new Error("Cannot create a Buffer larger than 4 GiB"), {
				code: "ERR_BUFFER_TOO_LARGE",
			}),
		]) {
			const e = asLoadError("f.md", error, "text");
			expect(e.reason).toBe("the text is too large to read in memory");
			expect(e.reason).not.toMatch(LIBRARY_WORDS);
		}
	});

	it("should not give a library's message as the reason", () => {
		for (const message of [
			"End of data reached (data length = 40, asked index = 42). Corrupted zip ?",
			"[xmldom error]\tunclosed xml attribute\n@#[line:1,col:1]",
			"Invalid PDF structure.",
			"Cannot read properties of undefined (reading 'children')",
		]) {
			const e = asLoadError("f.pdf", new Error(message), "PDF");
			expect(e.reason).not.toContain(message);
			expect(e.reason).toMatch(/^the PDF cannot be read: /);
			expect(e.message).not.toMatch(/\n/);
		}
	});
});

describe("library failures on real inputs", () => {
	const CONTENT_TYPES = enc(
		'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
	);

	it("should give malformed Word XML (xmldom) a reason of its own words", async () => {
		const e = await failure(
			"broken.docx",
			zipSync({
				"[Content_Types].xml": CONTENT_TYPES,
				"word/document.xml": enc("<w:document><w:body><<<&&&"),
			}),
		);
		expect(e.reason).toMatch(/^the Word document cannot be read: /);
		expect(e.reason).not.toMatch(LIBRARY_WORDS);
	});

	it("should give a zip that fflate and JSZip cannot read a reason of its own words", async () => {
		const good = zipSync({ "word/document.xml": enc("<w:document/>") });
		const e = await failure("cut.docx", good.slice(0, good.length - 10));
		expect(e.reason).toMatch(/^not a Word document/);
		expect(e.reason).not.toMatch(LIBRARY_WORDS);
	});

	it("should refuse an entry compressed with a method tailan cannot read", async () => {
		const data = enc("<w:document/>");
		const e = await failure(
			"bzip.docx",
			rawZip([
				{
					name: "word/document.xml",
					deflated: deflateRawSync(data),
					statedSize: data.length,
					crc: 0,
					method: 12,
				},
			]),
		);
		expect(e.reason).toMatch(/compression method tailan cannot read \(12/);
	});

	it("should give a PDF that pdf.js cannot read a reason of its own words", async () => {
		const e = await failure(
			"damaged.pdf",
			enc(
				"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n",
			),
		);
		expect(e.reason).toMatch(/^the PDF (is damaged|cannot be read)/);
		expect(e.reason).not.toMatch(LIBRARY_WORDS);
	});
});
