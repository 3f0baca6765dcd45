/**
 * checkPdfStreams: a PDF's compressed streams (not images) are inflated under a limit before
 * pdf.js reads them — pdf.js keeps a stream's whole decoded data and doubles its buffer as it
 * grows, so a 1.3 GB content stream cost 3.7 GB of memory.
 */
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { deflateBomb, pdfBomb, pdfWithStream } from "../../test/bad-inputs.ts";
import { checkPdfStreams, MAX_PDF_STREAM_BYTES } from "./load.ts";

const MIB = 1024 * 1024;
const enc = (s: string) => new TextEncoder().encode(s);

describe("checkPdfStreams", () => {
	it("should pass the gold report's PDF", () => {
		const gold = readFileSync(
			new URL("../../fixtures/pdf/gold/input.pdf", import.meta.url),
		);
		expect(() => checkPdfStreams("gold.pdf", gold)).not.toThrow();
	});

	it("should refuse a content stream that inflates past the limit, by name", () => {
		const bytes = pdfBomb(MAX_PDF_STREAM_BYTES + MIB);
		expect(bytes.length).toBeLessThan(MIB);
		expect(() => checkPdfStreams("bomb.pdf", bytes)).toThrow(DocumentLoadError);
		expect(() => checkPdfStreams("bomb.pdf", bytes)).toThrow(
			/compressed stream that inflates to more than 64 MiB/,
		);
		// Just under the limit: passed.
		expect(() =>
			checkPdfStreams("ok.pdf", pdfBomb(8 * MIB), 9 * MIB),
		).not.toThrow();
	});

	it("should follow a chain of two FlateDecode filters", () => {
		const inner = deflateBomb(enc("BT ET "), 20 * MIB).deflated;
		const zlib = new Uint8Array(inner.length + 6);
		zlib.set([0x78, 0x9c], 0);
		zlib.set(inner, 2);
		const bytes = pdfWithStream(
			"/Filter [/FlateDecode /FlateDecode]",
			deflateSync(zlib),
		);
		expect(() => checkPdfStreams("twice.pdf", bytes, 10 * MIB)).toThrow(
			/inflates to more than 10 MiB/,
		);
		expect(() => checkPdfStreams("twice.pdf", bytes, 30 * MIB)).not.toThrow();
	});

	it("should leave image streams to pdf.js (read only up to their stated size)", () => {
		const bomb = deflateBomb(new Uint8Array([0]), 20 * MIB).deflated;
		const zlib = new Uint8Array(bomb.length + 6);
		zlib.set([0x78, 0x9c], 0);
		zlib.set(bomb, 2);
		const bytes = pdfWithStream(
			"/Type /XObject /Subtype /Image /Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode",
			zlib,
		);
		expect(() => checkPdfStreams("image.pdf", bytes, 10 * MIB)).not.toThrow();
	});
});
