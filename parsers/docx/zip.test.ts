/**
 * Refusals before anything is inflated: zip bombs (one huge entry, a suspicious ratio, many
 * entries, a huge file), files that are not Word documents, and OLE files (old .doc or a
 * password-protected .docx). Each is a named DocumentLoadError from `ingest`, and nothing else.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { unzipSync, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { ingest } from "../../pipeline/ingest.ts";
import { deflateBomb, lyingDocx, rawZip } from "../../test/bad-inputs.ts";
import {
	checkZipInflation,
	docxParts,
	InflateBudget,
	inflateZipEntries,
	inspectDocxZip,
	readZipDirectory,
	storedZip,
} from "./zip.ts";

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "tailan-docx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCUMENT_XML = new TextEncoder().encode(
	'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
);

/** A zip of already deflated entries (node's zlib is fast enough to make a 300 MiB bomb). */
function zipOf(entries: { name: string; data: Uint8Array }[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const { name, data } of entries) {
		const deflated = deflateRawSync(data, { level: 1 });
		const nameBytes = Buffer.from(name, "utf8");
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(deflated.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(deflated.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, deflated);
		centrals.push(central, nameBytes);
		offset += local.length + nameBytes.length + deflated.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

function write(name: string, bytes: Uint8Array): string {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return path;
}

/** ingest(path) must reject with a DocumentLoadError (nothing else) naming the reason and a fix. */
async function expectRefused(path: string, reason: RegExp): Promise<void> {
	const error = await ingest(path).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(DocumentLoadError);
	const e = error as DocumentLoadError;
	expect(e.name).toBe("DocumentLoadError");
	expect(e.reason).toMatch(reason);
	expect(e.fix ?? "").not.toBe("");
	// The store only ever receives an IngestResult, so a refused file stores nothing.
}

describe("DOCX zip safety", () => {
	it("should refuse a 300 MiB entry of zeros (total uncompressed size)", async () => {
		const bytes = zipOf([
			{ name: "word/document.xml", data: DOCUMENT_XML },
			{ name: "word/media/zeros.bin", data: new Uint8Array(300 * MIB) },
		]);
		expect(bytes.length).toBeLessThan(5 * MIB);
		await expectRefused(
			write("bomb-300.docx", bytes),
			/too much uncompressed data/,
		);
	});

	it("should refuse an entry compressed more than 200:1 above 10 MiB", async () => {
		const bytes = zipOf([
			{ name: "word/document.xml", data: DOCUMENT_XML },
			{ name: "word/media/zeros.bin", data: new Uint8Array(20 * MIB) },
		]);
		await expectRefused(
			write("bomb-ratio.docx", bytes),
			/suspicious compression ratio.*word\/media\/zeros\.bin/,
		);
	});

	it("should refuse more than 2000 entries", async () => {
		const files: Record<string, Uint8Array> = {
			"word/document.xml": DOCUMENT_XML,
		};
		for (let i = 0; i < 2001; i++) files[`word/x/${i}.xml`] = new Uint8Array(1);
		await expectRefused(
			write("many.docx", zipSync(files, { level: 0 })),
			/too many entries/,
		);
	});

	it("should refuse a file larger than 50 MiB before reading its zip", async () => {
		const bytes = new Uint8Array(51 * MIB);
		bytes.set([0x50, 0x4b, 0x03, 0x04]);
		await expectRefused(write("huge.docx", bytes), /too large/);
	});

	it("should refuse a non-zip file named .docx as not a Word document", async () => {
		await expectRefused(
			write("renamed.docx", new TextEncoder().encode("just some text\n")),
			/^not a Word document/,
		);
	});

	it("should refuse a zip without word/document.xml as not a Word document", async () => {
		const bytes = zipSync({ "content.xml": DOCUMENT_XML });
		await expectRefused(
			write("other.docx", bytes),
			/^not a Word document.*word\/document\.xml/,
		);
	});

	it("should refuse a damaged zip as not a Word document", async () => {
		const bytes = zipSync({ "word/document.xml": DOCUMENT_XML }).slice(0, 40);
		await expectRefused(write("damaged.docx", bytes), /^not a Word document/);
	});

	it("should refuse an OLE compound file as password-protected or old .doc", async () => {
		const bytes = new Uint8Array(1024);
		bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		await expectRefused(
			write("secret.docx", bytes),
			/password-protected or old \.doc/,
		);
		await expectRefused(
			write("old.doc", bytes),
			/password-protected or old \.doc/,
		);
	});

	it("should list the central directory of a sound file without inflating it", () => {
		const bytes = zipSync({ "word/document.xml": DOCUMENT_XML });
		expect(inspectDocxZip("ok.docx", bytes)).toEqual([
			{
				name: "word/document.xml",
				compressedBytes: expect.any(Number),
				uncompressedBytes: DOCUMENT_XML.length,
			},
		]);
	});
});

describe("DOCX zip inflation under a running limit", () => {
	it("should refuse a Word file whose document.xml states 170 kB but inflates past the limit, naming the lie", async () => {
		// 160 MiB really, 170,000 bytes stated: the central-directory checks all pass.
		const bytes = lyingDocx(160 * MIB);
		expect(bytes.length).toBeLessThan(2 * MIB);
		expect(() => inspectDocxZip("lying.docx", bytes)).not.toThrow();
		await expectRefused(
			write("lying.docx", bytes),
			/^too much data in the Word file's zip: word\/document\.xml inflates past the limit of 64 MiB .*the zip lies about its sizes/,
		);
	});

	it("should stop inflating at the limit (not inflate the whole entry)", () => {
		const bytes = lyingDocx(400 * MIB);
		const budget = new InflateBudget("x.docx", {
			maxInflatedBytes: 8 * MIB,
			label: "Word file",
			fix: "f",
		});
		const entry = readZipDirectory(bytes).find(
			(e) => e.name === "word/document.xml",
		);
		if (!entry) throw new Error("no document.xml");
		expect(() => budget.inflate(bytes, entry, false)).toThrow(
			/inflates past the limit of 8 MiB/,
		);
		// It stopped within one pushed chunk (16 KiB in, at most ~16.5 MiB out) of the limit.
		expect(budget.used).toBeGreaterThan(8 * MIB);
		expect(budget.used).toBeLessThan(8 * MIB + 17 * MIB);
	});

	it("should refuse an entry that inflates to other than its stated size, or fails its CRC", async () => {
		const data = new TextEncoder().encode(
			'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>',
		);
		const deflated = deflateRawSync(data);
		const entry = (statedSize: number, crc: number) =>
			rawZip([{ name: "word/document.xml", deflated, statedSize, crc }]);
		await expectRefused(
			write("short.docx", entry(data.length + 7, crc32(data))),
			/damaged: word\/document\.xml inflates to \d+ bytes, not the \d+ its directory states/,
		);
		await expectRefused(
			write("crc.docx", entry(data.length, crc32(data) ^ 1)),
			/damaged: word\/document\.xml fails its CRC-32 check/,
		);
	});

	it("should never inflate pictures or other media: a lying media entry does not stop the import", async () => {
		const { parts, zip } = docxParts(
			"m.docx",
			rawZip([
				...["[Content_Types].xml", "word/document.xml"].map((name) => ({
					name,
					deflated: deflateRawSync(DOCUMENT_XML),
					statedSize: DOCUMENT_XML.length,
					crc: crc32(DOCUMENT_XML),
				})),
				{
					name: "word/media/image1.png",
					// Would inflate to 400 MiB; states 10 bytes.
					deflated: lyingMedia(400 * MIB),
					statedSize: 10,
					crc: 0,
				},
			]),
		);
		expect([...parts.keys()].sort()).toEqual([
			"[Content_Types].xml",
			"word/document.xml",
		]);
		// mammoth still finds the picture's name, with no bytes.
		const stored = unzipSync(zip);
		expect(stored["word/media/image1.png"]).toEqual(new Uint8Array(0));
		expect(stored["word/document.xml"]).toEqual(DOCUMENT_XML);
	});

	it("should write stored zips that read back as the same entries (any names and bytes)", () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(
					fc.tuple(
						fc
							.string({ minLength: 1, maxLength: 30 })
							// fflate's unzipSync answers an object: "__proto__" would not be a key of it.
							.filter((s) => !s.endsWith("/") && s !== "__proto__"),
						fc.uint8Array({ maxLength: 300 }),
					),
					{ selector: ([name]) => name, maxLength: 8 },
				),
				(entries) => {
					const map = new Map(entries);
					const zip = storedZip(map);
					expect(new Map(Object.entries(unzipSync(zip)))).toEqual(map);
					const again = inflateZipEntries("z.zip", zip, () => true, {
						maxInflatedBytes: MIB,
						label: "test",
						fix: "f",
					});
					expect(again).toEqual(map);
					expect(
						checkZipInflation("z.zip", zip, {
							maxInflatedBytes: MIB,
							label: "t",
							fix: "f",
						}),
					).toBe(entries.reduce((n, [, d]) => n + d.length, 0));
				},
			),
		);
	});
});

/** Raw deflate of `size` zero bytes, made without inflating or allocating them. */
function lyingMedia(size: number): Uint8Array {
	return deflateBomb(new Uint8Array([0]), size).deflated;
}

describe("zip inflation fuzz", () => {
	it("should give back honest entries as they are, and refuse any lie by name (never another error)", () => {
		const entryArb = fc.record({
			name: fc.constantFrom(
				"word/document.xml",
				"word/styles.xml",
				"[Content_Types].xml",
				"word/media/a.png",
				"_rels/.rels",
			),
			data: fc.uint8Array({ maxLength: 2000 }),
			stored: fc.boolean(),
			// 0: honest; else the stated size lies by this much (may go negative → clamp).
			sizeLie: fc.oneof(
				fc.constant(0),
				fc.integer({ min: -2000, max: 2_000_000 }),
			),
			crcLie: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 31 })),
		});
		fc.assert(
			fc.property(
				fc.uniqueArray(entryArb, { selector: (e) => e.name, minLength: 1 }),
				fc.integer({ min: 100, max: 10_000 }),
				(entries, limit) => {
					const zip = rawZip(
						entries.map((e) => ({
							name: e.name,
							deflated: e.stored ? e.data : deflateRawSync(e.data),
							method: e.stored ? 0 : 8,
							statedSize: Math.max(0, e.data.length + e.sizeLie),
							crc: (crc32(e.data) ^ e.crcLie) >>> 0,
						})),
					);
					const honest = entries.every(
						(e) =>
							Math.max(0, e.data.length + e.sizeLie) === e.data.length &&
							e.crcLie === 0,
					);
					const total = entries.reduce((n, e) => n + e.data.length, 0);
					const budget = new InflateBudget("f.docx", {
						maxInflatedBytes: limit,
						label: "Word file",
						fix: "f",
					});
					try {
						const out = new Map<string, Uint8Array>();
						for (const entry of readZipDirectory(zip))
							out.set(entry.name, budget.inflate(zip, entry));
						expect(honest && total <= limit).toBe(true);
						for (const e of entries) expect(out.get(e.name)).toEqual(e.data);
					} catch (error) {
						expect(error).toBeInstanceOf(DocumentLoadError);
						expect((error as DocumentLoadError).reason).toMatch(
							/^(the Word file's zip is damaged: .*(inflates to \d+ bytes, not the|fails its CRC-32)|too much data in the Word file's zip)/,
						);
						expect(!honest || total > limit).toBe(true);
					}
					// Never more than the limit plus one pushed chunk's output was inflated.
					expect(budget.used).toBeLessThanOrEqual(limit + 2000);
				},
			),
			{ numRuns: 300 },
		);
	});
});
