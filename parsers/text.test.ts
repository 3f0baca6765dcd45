/**
 * Text reports told apart by their content: UTF-8 (with or without its mark), UTF-16 and UTF-32
 * (by their mark, or UTF-16 by its NUL pattern) decoded and read; binary data, 8-bit code pages
 * and oversized files refused by name.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { parserFor } from "./index.ts";
import { decodeText, MAX_TEXT_BYTES, nulPattern } from "./text.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);

const utf16be = (s: string) => {
	const b = Buffer.from(s, "utf16le");
	for (let i = 0; i + 1 < b.length; i += 2) {
		const t = b[i] as number;
		b[i] = b[i + 1] as number;
		b[i + 1] = t;
	}
	return b;
};
const utf32 = (s: string, le: boolean) => {
	const cps = Array.from(s, (c) => c.codePointAt(0) ?? 0);
	const b = Buffer.alloc(4 * cps.length);
	cps.forEach((cp, i) => {
		if (le) b.writeUInt32LE(cp, 4 * i);
		else b.writeUInt32BE(cp, 4 * i);
	});
	return b;
};
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** The refusal decodeText gives, or undefined. */
function refusal(bytes: Uint8Array): DocumentLoadError | undefined {
	try {
		decodeText("f.md", bytes);
		return undefined;
	} catch (e) {
		expect(e).toBeInstanceOf(DocumentLoadError);
		return e as DocumentLoadError;
	}
}

// Text a report may hold: Cyrillic (with Mongolian Ө and Ү), digits, punctuation, line ends, and
// now and then a character outside the BMP.
const reportText = fc
	.array(
		fc.oneof(
			fc.constantFrom(..."абвгдеёжзийклмноөпрстуүфхцчшщъыьэюяАБӨҮ"),
			fc.constantFrom(..." 0123456789.,;:-|()%\n"),
			fc.constantFrom(..."abcXYZ"),
			fc.constantFrom("😀", "𝔸"),
		),
		{ minLength: 40, maxLength: 400 },
	)
	.map((cs) => `Тайлан ${cs.join("")}`);

describe("decodeText", () => {
	it("should read UTF-8, UTF-16 and UTF-32 text with a byte order mark as the same text", () => {
		fc.assert(
			fc.property(reportText, (text) => {
				const forms: [Uint8Array, string][] = [
					[Buffer.from(text), "utf-8"],
					[cat(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)), "utf-8"],
					[
						cat(Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")),
						"utf-16le",
					],
					[cat(Buffer.from([0xfe, 0xff]), utf16be(text)), "utf-16be"],
					[cat(Buffer.from([0xff, 0xfe, 0, 0]), utf32(text, true)), "utf-32le"],
					[
						cat(Buffer.from([0, 0, 0xfe, 0xff]), utf32(text, false)),
						"utf-32be",
					],
				];
				for (const [bytes, encoding] of forms) {
					const decoded = decodeText("t.md", bytes);
					expect(decoded.text).toBe(text);
					expect(decoded.encoding).toBe(encoding);
				}
			}),
		);
	});

	it("should recognise the sample report in UTF-16 without a byte order mark by its NUL bytes", () => {
		expect(nulPattern(Buffer.from(SEED, "utf16le"))).toBe("utf-16le");
		expect(nulPattern(utf16be(SEED))).toBe("utf-16be");
		expect(nulPattern(utf32(SEED, true))).toBe("utf-32le");
		expect(nulPattern(Buffer.from(SEED))).toBeUndefined();
		const le = decodeText("t.md", Buffer.from(SEED, "utf16le"));
		expect(le).toEqual({
			text: SEED,
			encoding: "utf-16le",
			by: "nul-pattern",
			cut: 0,
		});
		expect(decodeText("t.md", utf16be(SEED)).text).toBe(SEED);
	});

	it("should refuse random bytes as not a text file (never as cp1251)", () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 512, maxLength: 4096 }),
				(bytes) => {
					// Random bytes of this length are never valid UTF-8 by chance (fast-check's
					// arrays are biased to small values: keep only those that are not).
					fc.pre(bytes.filter((b) => b >= 0x80).length > 32);
					const e = refusal(bytes);
					if (!e) return; // valid by chance: nothing to say
					expect(e.reason).toMatch(/^not a text file/);
					expect(e.reason).not.toMatch(/cp1251/);
					expect(e.fix).toMatch(/UTF-8/);
				},
			),
		);
		const random = new Uint8Array(65_536);
		for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
		expect(refusal(random)?.reason).toMatch(/^not a text file/);
	});

	it("should refuse 8-bit Cyrillic text as perhaps cp1251, with the iconv command", () => {
		const cp1251 = Uint8Array.from(
			"Тайлан 2024 он\nЗорилт 1.1\n".repeat(20),
			(c) => {
				const cp = c.codePointAt(0) ?? 0;
				return cp < 128 ? cp : cp - 0x410 + 0xc0;
			},
		);
		const e = refusal(cp1251);
		expect(e?.reason).toBe("the text is not valid UTF-8 (perhaps cp1251)");
		expect(e?.fix).toMatch(/iconv -f cp1251 -t utf-8/);
	});

	it("should refuse valid UTF-8 holding NUL bytes as binary", () => {
		expect(
			refusal(
				Buffer.from(`${SEED.slice(0, 500)}\u0000\u0000${SEED.slice(500, 900)}`),
			)?.reason,
		).toMatch(/^not a text file.*binary/);
	});

	it("should refuse a UTF-16 mark followed by bytes that are not UTF-16 as not a text file", () => {
		// An unpaired high surrogate: not UTF-16.
		const e = refusal(Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]));
		expect(e?.reason).toMatch(/^not a text file: it starts like UTF-16LE/);
	});

	it("should call a large binary file not a text file (not too large a text)", () => {
		const big = new Uint8Array(MAX_TEXT_BYTES + 1024);
		for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
		expect(refusal(big)?.reason).toMatch(/^not a text file/);
	});

	it(`should refuse a text over ${MAX_TEXT_BYTES / 1024 / 1024} MiB before decoding it`, () => {
		const e = refusal(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x78));
		expect(e?.reason).toMatch(/too large for a text report/);
	});
});

describe("a text report in UTF-16 or UTF-32", () => {
	it("should import with the same measures as in UTF-8, and say how it was read", async () => {
		const utf8 = ingestMarkdown(SEED, { file: "seed.md" });
		for (const bytes of [
			cat(Buffer.from([0xff, 0xfe]), Buffer.from(SEED, "utf16le")),
			utf16be(SEED),
			cat(Buffer.from([0xff, 0xfe, 0, 0]), utf32(SEED, true)),
		]) {
			const document = await parserFor(
				"seed.md",
				bytes,
			)({
				file: "seed.md",
				bytes,
				sha256: "x",
			});
			expect(document.sourceText).toBe(SEED);
			expect(document.issues).toEqual([
				{
					severity: "info",
					message: expect.stringMatching(
						/^the text is UTF-(16|32)(LE|BE) \(by its (byte order mark|pattern of NUL bytes)\): read as such$/,
					),
				},
			]);
			const { documentToRecord } = await import("../pipeline/ingest.ts");
			expect(documentToRecord(document).record.measures).toEqual(
				utf8.record.measures,
			);
		}
	});
});
