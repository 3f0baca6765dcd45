/**
 * The bad-input suite: files an attacker or a careless user could hand to `tailan import`, each
 * made here from nothing (a few from the fixtures), with what the import must say about it.
 * Used by test/bad-inputs.test.ts (the reasons, and the batch's peak RSS with `scale: "light"`)
 * and scripts/bench-bad-inputs.ts (the batch's peak RSS on the full-size suite, `npm run bench`).
 *
 * Bombs are written without inflating anything: a deflate stream of fixed-Huffman blocks whose
 * every 8 length-258 matches take exactly 13 bytes, repeated (deflateBomb), so a 1.3 GB entry
 * costs 8 MB of disk and no time.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";
import { zipSync } from "fflate";
import { prng } from "../scripts/prng.ts";

const SEED_MD = fileURLToPath(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
);
const GOLD_PDF = fileURLToPath(
	new URL("../fixtures/pdf/gold/input.pdf", import.meta.url),
);
const SEED_DOCX = fileURLToPath(
	new URL("../fixtures/docx/per-page/input.docx", import.meta.url),
);

const MIB = 1024 * 1024;

/** One bad input and what becomes of it. */
export interface BadInput {
	name: string;
	bytes: Uint8Array;
	/** "imported": read and stored (a friendly decoding); else the reason the refusal must match. */
	expect: "imported" | RegExp;
}

/** LSB-first bit writer of a deflate stream. */
class Bits {
	out: number[] = [];
	private acc = 0;
	private n = 0;
	write(value: number, count: number): void {
		for (let i = 0; i < count; i++) {
			this.acc |= ((value >> i) & 1) << this.n;
			if (++this.n === 8) {
				this.out.push(this.acc);
				this.acc = 0;
				this.n = 0;
			}
		}
	}
	/** A Huffman code: written most significant bit first. */
	code(value: number, count: number): void {
		for (let i = count - 1; i >= 0; i--) this.write((value >> i) & 1, 1);
	}
	get aligned(): boolean {
		return this.n === 0;
	}
	flush(): Uint8Array {
		if (this.n > 0) this.out.push(this.acc);
		this.acc = 0;
		this.n = 0;
		return Uint8Array.from(this.out);
	}
}

const literal = (b: Bits, byte: number) => {
	if (byte < 144) b.code(0x30 + byte, 8);
	else b.code(0x190 + byte - 144, 9);
};
/** Length 258 (code 285), distance 1 (code 0): 13 bits that repeat the last byte 258 times. */
const repeat258 = (b: Bits) => {
	b.code(0xc5, 8);
	b.code(0, 5);
};

/**
 * A raw deflate stream that inflates to `prefix`, then about `size` copies of its last byte, then
 * `suffix`; its length is about size / 159.
 */
export function deflateBomb(
	prefix: Uint8Array,
	size: number,
	suffix: Uint8Array = new Uint8Array(0),
): { deflated: Uint8Array; inflatedBytes: number } {
	const head = new Bits();
	head.write(1, 1); // final block
	head.write(1, 2); // fixed Huffman
	for (const byte of prefix) literal(head, byte);
	let repeats = Math.max(0, Math.floor(size / 258));
	while (!head.aligned && repeats > 0) {
		repeat258(head);
		repeats--;
	}
	const a = head.flush();
	// Eight matches from a byte boundary: 104 bits, 13 bytes, the same every time.
	const unit = new Bits();
	for (let i = 0; i < 8; i++) repeat258(unit);
	const pattern = unit.flush();
	const units = Math.floor(repeats / 8);
	const tail = new Bits();
	for (let i = 0; i < repeats % 8; i++) repeat258(tail);
	for (const byte of suffix) literal(tail, byte);
	tail.code(0, 7); // end of block
	const c = tail.flush();
	const deflated = new Uint8Array(a.length + units * 13 + c.length);
	deflated.set(a, 0);
	for (let i = 0; i < units; i++) deflated.set(pattern, a.length + i * 13);
	deflated.set(c, a.length + units * 13);
	return {
		deflated,
		inflatedBytes: prefix.length + Math.floor(size / 258) * 258 + suffix.length,
	};
}

/** A zip of entries given already deflated, with the sizes and CRC they state. */
export function rawZip(
	entries: {
		name: string;
		deflated: Uint8Array;
		statedSize: number;
		crc: number;
		method?: number;
	}[],
): Uint8Array {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(e.method ?? 8, 8);
		local.writeUInt32LE(e.crc >>> 0, 14);
		local.writeUInt32LE(e.deflated.length, 18);
		local.writeUInt32LE(e.statedSize, 22);
		local.writeUInt16LE(name.length, 26);
		const head = Buffer.alloc(46);
		head.writeUInt32LE(0x02014b50, 0);
		head.writeUInt16LE(20, 4);
		head.writeUInt16LE(20, 6);
		head.writeUInt16LE(e.method ?? 8, 10);
		head.writeUInt32LE(e.crc >>> 0, 16);
		head.writeUInt32LE(e.deflated.length, 20);
		head.writeUInt32LE(e.statedSize, 24);
		head.writeUInt16LE(name.length, 28);
		head.writeUInt32LE(offset, 42);
		parts.push(local, name, Buffer.from(e.deflated));
		central.push(head, name);
		offset += 30 + name.length + e.deflated.length;
	}
	const cd = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, cd, end]);
}

const enc = (s: string) => new TextEncoder().encode(s);

const CONTENT_TYPES = enc(
	'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const RELS = enc(
	'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);
const DOC_HEAD =
	'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
const DOC_TAIL = "</w:t></w:r></w:p></w:body></w:document>";

/** A Word file whose word/document.xml inflates to `size` bytes but states `stated`. */
export function lyingDocx(size: number, stated = 170_000): Uint8Array {
	const bomb = deflateBomb(enc(`${DOC_HEAD} `), size, enc(DOC_TAIL));
	const plain = (name: string, data: Uint8Array) => ({
		name,
		deflated: data,
		statedSize: data.length,
		crc: crc32(data),
		method: 0,
	});
	return rawZip([
		plain("[Content_Types].xml", CONTENT_TYPES),
		plain("_rels/.rels", RELS),
		{
			name: "word/document.xml",
			deflated: bomb.deflated,
			statedSize: stated,
			crc: 0x12345678,
		},
	]);
}

/** A Word file whose document nests `depth` tables (a stack-depth attack on the XML readers). */
function nestedDocx(depth: number): Uint8Array {
	const open = "<w:tbl><w:tr><w:tc>".repeat(depth);
	const close = "<w:p/></w:tc></w:tr></w:tbl>".repeat(depth);
	return zipSync({
		"[Content_Types].xml": CONTENT_TYPES,
		"_rels/.rels": RELS,
		"word/document.xml": enc(
			`${DOC_HEAD}x${DOC_TAIL.replace("</w:body>", `${open}${close}</w:body>`)}`,
		),
	});
}

/** A one-page PDF (xref offsets computed) whose page content is the given stream. */
export function pdfWithStream(dict: string, stream: Uint8Array): Uint8Array {
	const objects: (string | [string, Uint8Array])[] = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
		[`<< /Length ${stream.length} ${dict} >>\nstream\n`, stream],
	];
	const parts: Uint8Array[] = [enc("%PDF-1.4\n")];
	let length = parts[0]?.length ?? 0;
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(length);
		const chunk =
			typeof o === "string"
				? [enc(`${i + 1} 0 obj\n${o}\nendobj\n`)]
				: [enc(`${i + 1} 0 obj\n${o[0]}`), o[1], enc("\nendstream\nendobj\n")];
		for (const c of chunk) {
			parts.push(c);
			length += c.length;
		}
	});
	let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) tail += `${String(o).padStart(10, "0")} 00000 n \n`;
	tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
	parts.push(enc(tail));
	return Buffer.concat(parts);
}

/** A PDF whose content stream (FlateDecode, zlib-wrapped) inflates to `size` bytes of spaces. */
export function pdfBomb(size: number): Uint8Array {
	const bomb = deflateBomb(enc("BT /F1 12 Tf 20 150 Td (x) Tj ET "), size);
	const zlib = new Uint8Array(bomb.deflated.length + 6);
	zlib.set([0x78, 0x9c], 0);
	zlib.set(bomb.deflated, 2);
	return pdfWithStream("/Filter /FlateDecode", zlib);
}

function pngChunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, "latin1");
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** A grayscale PNG of width × height white pixels (zlib at level 9: ~1000:1). */
export function blankPng(width: number, height: number): Uint8Array {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // grayscale
	// Each row: filter byte 0, then white pixels.
	const rows = Buffer.alloc((width + 1) * height, 255);
	for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk("IHDR", ihdr),
		pngChunk("IDAT", deflateSync(rows, { level: 9 })),
		pngChunk("IEND", new Uint8Array(0)),
	]);
}

/** A PNG whose header states width × height and whose data is a few bytes. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8;
	ihdr[9] = 0;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk("IHDR", ihdr),
		pngChunk("IDAT", deflateSync(Buffer.alloc(64))),
		pngChunk("IEND", new Uint8Array(0)),
	]);
}

/**
 * A little-endian, uncompressed TIFF of one page: `data` is its strip (rows of `spp` samples of
 * `bps` bits), photometric 1 (gray, black is zero) or 2 (RGB).
 */
export function tiff(
	width: number,
	height: number,
	spp: number,
	bps: number,
	data: Uint8Array,
): Uint8Array {
	const entries: [number, number, number, number][] = [
		[256, 4, 1, width], // ImageWidth
		[257, 4, 1, height], // ImageLength
		[258, 3, 1, bps], // BitsPerSample (one value: the readers take the first)
		[259, 3, 1, 1], // Compression: none
		[262, 3, 1, spp >= 3 ? 2 : 1], // Photometric
		[273, 4, 1, 8 + 2 + 10 * 12 + 4], // StripOffsets
		[277, 3, 1, spp], // SamplesPerPixel
		[278, 4, 1, height], // RowsPerStrip
		[279, 4, 1, data.length], // StripByteCounts
		[284, 3, 1, 1], // PlanarConfiguration: chunky
	];
	const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + data.length);
	b.write("II", 0, "latin1");
	b.writeUInt16LE(42, 2);
	b.writeUInt32LE(8, 4);
	b.writeUInt16LE(entries.length, 8);
	entries.forEach(([tag, type, count, value], i) => {
		const at = 10 + i * 12;
		b.writeUInt16LE(tag, at);
		b.writeUInt16LE(type, at + 2);
		b.writeUInt32LE(count, at + 4);
		if (type === 3) b.writeUInt16LE(value, at + 8);
		else b.writeUInt32LE(value, at + 8);
	});
	b.set(data, 8 + 2 + entries.length * 12 + 4);
	return b;
}

/** A TIFF whose one page states width × height (8-bit gray unless told) and holds 16 bytes. */
function tiffHeaderOnly(
	width: number,
	height: number,
	spp = 1,
	bps = 8,
): Uint8Array {
	return tiff(width, height, spp, bps, new Uint8Array(16));
}

function utf32(text: string, littleEndian: boolean): Uint8Array {
	const cps = Array.from(text, (c) => c.codePointAt(0) ?? 0);
	const b = Buffer.alloc(4 * (cps.length + 1));
	const w = (v: number, at: number) =>
		littleEndian ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at);
	w(0xfeff, 0);
	cps.forEach((cp, i) => {
		w(cp, 4 * (i + 1));
	});
	return b;
}

function utf16be(text: string): Uint8Array {
	const le = Buffer.from(text, "utf16le");
	for (let i = 0; i + 1 < le.length; i += 2) {
		const t = le[i] as number;
		le[i] = le[i + 1] as number;
		le[i + 1] = t;
	}
	return le;
}

/** cp1251 of Cyrillic and ASCII text (the letters a report uses). */
function cp1251(text: string): Uint8Array {
	return Uint8Array.from(text, (c) => {
		const cp = c.codePointAt(0) ?? 63;
		if (cp < 128) return cp;
		if (cp >= 0x410 && cp <= 0x44f) return cp - 0x410 + 0xc0;
		if (cp === 0x401) return 0xa8;
		if (cp === 0x451) return 0xb8;
		if (cp === 0x4e8 || cp === 0x4e9 || cp === 0x4ae || cp === 0x4af)
			return 0x3f;
		return 0x3f;
	});
}

export interface SuiteOptions {
	/**
	 * "full": the bombs at the sizes of the issue (a Word file whose entry inflates to 1.3 GB, a
	 * PDF stream of 1.3 GB, a 190 MiB single-line text, two 39-megapixel pages); "light": the same
	 * kinds a few times over their limits, for the tests.
	 */
	scale: "full" | "light";
}

/** The suite, in memory. */
export function badInputs(options: SuiteOptions): BadInput[] {
	const full = options.scale === "full";
	const seed = readFileSync(SEED_MD, "utf8");
	const random = prng(13);
	const noise = (n: number) =>
		Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	const bombBytes = full ? 1_300_000_000 : 160 * MIB;
	const gold = readFileSync(GOLD_PDF);
	const docx = readFileSync(SEED_DOCX);
	const hugeLine = Buffer.alloc(full ? 190 * MIB : 40 * MIB, "x".charCodeAt(0));
	return [
		{
			name: "lying-sizes.docx",
			bytes: lyingDocx(bombBytes),
			expect: /inflates past the limit.*lies about its sizes/,
		},
		{
			name: "honest-bomb.docx",
			bytes: rawZip([
				{
					name: "word/document.xml",
					...(() => {
						const b = deflateBomb(
							enc(`${DOC_HEAD} `),
							bombBytes,
							enc(DOC_TAIL),
						);
						return { deflated: b.deflated, statedSize: b.inflatedBytes };
					})(),
					crc: 0,
				},
			]),
			// Full: the stated size passes no check; light: it does, and the running limit stops it.
			expect: /too much (uncompressed )?data|suspicious compression ratio/,
		},
		{
			name: "nested-tables.docx",
			bytes: nestedDocx(full ? 50_000 : 20_000),
			expect: /Word document cannot be read|no performance-plan table/,
		},
		{
			name: "truncated.docx",
			bytes: docx.subarray(0, Math.floor(docx.length / 2)),
			expect: /^not a Word document/,
		},
		{
			name: "garbage-in-zip.docx",
			bytes: zipSync({
				"[Content_Types].xml": CONTENT_TYPES,
				"_rels/.rels": RELS,
				"word/document.xml": enc("<w:document><w:body><<<&&&"),
			}),
			expect: /Word document cannot be read|no performance-plan table/,
		},
		{
			name: "pdf-stream-bomb.pdf",
			bytes: pdfBomb(bombBytes),
			expect: /PDF/,
		},
		{
			name: "truncated.pdf",
			bytes: gold.subarray(0, Math.floor(gold.length * 0.6)),
			expect: /truncated/,
		},
		{
			name: "encrypted.pdf",
			bytes: encryptedPdf(),
			expect: /encrypted with a password/,
		},
		{
			name: "giant-header.png",
			bytes: pngHeaderOnly(100_000, 100_000),
			expect: /pixels/,
		},
		{
			name: "giant-header.tiff",
			bytes: tiffHeaderOnly(100_000, 100_000),
			expect: /pixels/,
		},
		{
			// 35 megapixels (within the pixel limit) of 16-bit RGB: 200 MiB of samples.
			name: "rgb16-header.tiff",
			bytes: tiffHeaderOnly(5000, 7000, 3, 16),
			expect: /MiB decoded .* more than 120 MiB/,
		},
		// Two blank 39-megapixel pages (just within the limit), so that both workers read one at once.
		...(full
			? [1, 2].map(
					(n): BadInput => ({
						name: `blank-39mp-${n}.png`,
						bytes: blankPng(6000, 6500),
						expect: /no performance-plan table/,
					}),
				)
			: []),
		{
			name: "huge-line.md",
			bytes: hugeLine,
			expect: /too large for a text report/,
		},
		{
			name: "random.txt",
			bytes: noise(full ? 8 * MIB : 256 * 1024),
			expect: /not a text file/,
		},
		{
			name: "random-named.md",
			bytes: noise(64 * 1024),
			expect: /not a text file/,
		},
		{ name: "empty.md", bytes: new Uint8Array(0), expect: /empty/ },
		{ name: "cp1251.md", bytes: cp1251(seed), expect: /cp1251/ },
		{
			name: "utf16le-bom.md",
			bytes: Buffer.concat([
				Buffer.from([0xff, 0xfe]),
				Buffer.from(seed.replace("2024", "2019"), "utf16le"),
			]),
			expect: "imported",
		},
		{
			name: "utf16be-nobom.md",
			bytes: utf16be(seed.replace("2024", "2018")),
			expect: "imported",
		},
		{
			name: "utf32le-bom.md",
			bytes: utf32(seed.replace("2024", "2017"), true),
			expect: "imported",
		},
		// Unmatched "[" cost the Markdown parser ~3 KiB each (1 MiB of them: 1.6 GB, 25 s): what
		// no limit before parsing catches, so the parse worker's heap limit must. Two at once, so
		// that both workers reach it together.
		...[1, 2].map(
			(n): BadInput => ({
				name: `brackets-${n}.md`,
				// Light: few enough to parse in a second or two (300,000 took 30 s).
				bytes: enc("[ ".repeat(full ? 500_000 : 20_000)),
				expect: full ? /memory|longer than/ : /no performance-plan table/,
			}),
		),
		{
			name: "deep-quotes.md",
			bytes: enc(`${">".repeat(full ? 200_000 : 50_000)} x\n`),
			expect: /nests block quotes .* deep/,
		},
	];
}

/** A PDF with a standard security handler whose user password is not empty. */
function encryptedPdf(): Uint8Array {
	const hex = (n: number, seed: number) =>
		Array.from({ length: n }, (_, i) =>
			((i * 37 + seed) % 256).toString(16).padStart(2, "0"),
		).join("");
	const pdf = Buffer.from(pdfWithStream("", enc("BT ET"))).toString("latin1");
	return Buffer.from(
		pdf.replace(
			"/Root 1 0 R",
			`/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(32, 11)}> /U <${hex(32, 99)}> >> /ID [<${hex(16, 5)}> <${hex(16, 5)}>]`,
		),
		"latin1",
	);
}

/** Write the suite into `dir`; returns the inputs with their paths. */
export function writeBadInputs(
	dir: string,
	options: SuiteOptions,
): (BadInput & { path: string })[] {
	mkdirSync(dir, { recursive: true });
	return badInputs(options).map((input) => {
		const path = join(dir, input.name);
		writeFileSync(path, input.bytes);
		return { ...input, path };
	});
}
