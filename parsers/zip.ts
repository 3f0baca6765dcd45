/**
 * Zip archives read under a memory budget (Word files here; the corrections sheets' XLSX too).
 *
 * A zip's central directory states each entry's sizes, but nothing makes them true: an entry that
 * says 1 MiB may inflate to gigabytes (a lying-size zip bomb), and JSZip (used by mammoth and
 * exceljs) inflates whatever the data holds. So entries are inflated here by streaming (fflate),
 * counting the bytes that come out against a running limit shared by all entries of the archive,
 * and the inflation stops as soon as the limit is passed: the limit bounds the memory, not the
 * stated sizes. Each inflated entry is checked against its stated size and CRC-32, so a lying
 * entry is refused by name even under the limit.
 *
 * Two uses: `inflateZipEntries` keeps the entries asked for (the DOCX parser hands them to mammoth
 * as a stored zip, `storedZip`, so JSZip never inflates anything); `checkZipInflation` inflates
 * and discards, for a reader that must get the original bytes (bounded by `maxInflatedBytes` of
 * transient chunks of at most ~16 MiB each).
 */
import { crc32 } from "node:zlib";
import { Inflate } from "fflate";
import { DocumentLoadError } from "../pipeline/document.ts";

/** One entry of a zip's central directory, where its data starts and how it is stored. */
export interface ZipDirectoryEntry {
	name: string;
	/** 0 stored, 8 deflated (other methods are refused when inflated). */
	method: number;
	compressedBytes: number;
	/** As stated by the directory: not trusted, checked when the entry is inflated. */
	uncompressedBytes: number;
	crc: number;
	/** Offset of the entry's local header. */
	offset: number;
}

/** The running limit and the words of the errors. */
export interface InflateOptions {
	/** Most bytes inflated from the archive, all entries together (not trusting stated sizes). */
	maxInflatedBytes: number;
	/** What the archive is, for the reasons: "Word file", "sheet". */
	label: string;
	/** The fix given with a refusal. */
	fix: string;
}

const MIB = 1024 * 1024;
const mib = (n: number) => `${(n / MIB).toFixed(n < MIB ? 2 : 0)} MiB`;
/** Compressed bytes given to the inflater at once: at deflate's 1032:1, ≤ 16.1 MiB out per push. */
const CHUNK = 16 * 1024;

/** Why a zip's structure cannot be read: named, never the library's words. */
export class ZipStructureError extends Error {
	override name = "ZipStructureError";
}

/**
 * The central directory of a zip (zip64 sizes and offsets read from their extra field).
 * Throws ZipStructureError when there is none or it runs past the file.
 */
export function readZipDirectory(bytes: Uint8Array): ZipDirectoryEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end record is in the last 22 + 65535 bytes (its comment is at most 64 KiB).
	let end = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
		if (view.getUint32(i, true) === 0x06054b50) {
			end = i;
			break;
		}
	if (end < 0) throw new ZipStructureError("it has no zip end record");
	let count = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	// zip64: the end record's locator points to the zip64 end record.
	if (
		(count === 0xffff || at === 0xffffffff) &&
		end >= 20 &&
		view.getUint32(end - 20, true) === 0x07064b50
	) {
		const z = Number(view.getBigUint64(end - 12, true));
		if (z + 56 > bytes.length || view.getUint32(z, true) !== 0x06064b50)
			throw new ZipStructureError("its zip64 end record is damaged");
		count = Number(view.getBigUint64(z + 32, true));
		at = Number(view.getBigUint64(z + 48, true));
	}
	const entries: ZipDirectoryEntry[] = [];
	for (let k = 0; k < count; k++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50)
			throw new ZipStructureError("its central directory is damaged");
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		const next = at + 46 + nameLength + extraLength + commentLength;
		if (next > bytes.length)
			throw new ZipStructureError("its central directory is cut short");
		const entry: ZipDirectoryEntry = {
			name: new TextDecoder().decode(
				bytes.subarray(at + 46, at + 46 + nameLength),
			),
			method: view.getUint16(at + 10, true),
			crc: view.getUint32(at + 16, true),
			compressedBytes: view.getUint32(at + 20, true),
			uncompressedBytes: view.getUint32(at + 24, true),
			offset: view.getUint32(at + 42, true),
		};
		// zip64 extra field (id 1): the 0xffffffff fields, in this order.
		let x = at + 46 + nameLength;
		const xEnd = x + extraLength;
		while (x + 4 <= xEnd) {
			const id = view.getUint16(x, true);
			const size = view.getUint16(x + 2, true);
			if (id === 1) {
				let p = x + 4;
				const read64 = () => {
					const v = p + 8 <= x + 4 + size ? view.getBigUint64(p, true) : 0n;
					p += 8;
					return Number(v);
				};
				if (entry.uncompressedBytes === 0xffffffff)
					entry.uncompressedBytes = read64();
				if (entry.compressedBytes === 0xffffffff)
					entry.compressedBytes = read64();
				if (entry.offset === 0xffffffff) entry.offset = read64();
			}
			x += 4 + size;
		}
		entries.push(entry);
		at = next;
	}
	return entries;
}

/** Where an entry's data starts (after its local header), checked against the file's length. */
function dataRange(
	bytes: Uint8Array,
	entry: ZipDirectoryEntry,
): [number, number] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const at = entry.offset;
	if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50)
		throw new ZipStructureError(`the local header of ${entry.name} is damaged`);
	const start =
		at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const stop = start + entry.compressedBytes;
	if (stop > bytes.length)
		throw new ZipStructureError(`the data of ${entry.name} is cut short`);
	return [start, stop];
}

/**
 * A running budget of inflated bytes shared by the entries of one archive: each entry is
 * inflated by streaming, and the first byte past the budget stops it with a DocumentLoadError.
 */
export class InflateBudget {
	/** Bytes inflated so far. */
	used = 0;
	constructor(
		readonly file: string,
		readonly options: InflateOptions,
	) {}

	/**
	 * Inflate one entry; `keep` false discards its bytes as they come (returns an empty array).
	 * Throws DocumentLoadError past the budget, for a method other than stored or deflated, and
	 * when the entry does not inflate to its stated size and CRC-32.
	 */
	inflate(
		bytes: Uint8Array,
		entry: ZipDirectoryEntry,
		keep = true,
	): Uint8Array {
		const { file, options } = this;
		const damaged = (why: string) =>
			new DocumentLoadError(
				file,
				`the ${options.label}'s zip is damaged: ${why}`,
				options.fix,
			);
		let range: [number, number];
		try {
			range = dataRange(bytes, entry);
		} catch (e) {
			if (e instanceof ZipStructureError) throw damaged(e.message);
			throw e;
		}
		const data = bytes.subarray(...range);
		const chunks: Uint8Array[] = [];
		let size = 0;
		let crc = 0;
		const take = (chunk: Uint8Array) => {
			size += chunk.length;
			this.used += chunk.length;
			if (this.used > options.maxInflatedBytes)
				throw new DocumentLoadError(
					file,
					`too much data in the ${options.label}'s zip: ${entry.name} inflates past the limit of ${mib(options.maxInflatedBytes)} for the whole file${size > entry.uncompressedBytes ? ` (its stated size is ${mib(entry.uncompressedBytes)}: the zip lies about its sizes)` : ""}`,
					options.fix,
				);
			crc = crc32(chunk, crc);
			if (keep) chunks.push(chunk);
		};
		if (entry.method === 0) {
			// A copy, as a plain Uint8Array: the entry does not keep the archive's buffer alive.
			take(keep ? new Uint8Array(data) : data);
		} else if (entry.method === 8) {
			let ended = false;
			const inflater = new Inflate((chunk, final) => {
				take(chunk);
				if (final) ended = true;
			});
			try {
				for (let i = 0; i < data.length; i += CHUNK)
					inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
				if (data.length === 0) inflater.push(data, true);
			} catch (e) {
				if (e instanceof DocumentLoadError) throw e;
				throw damaged(`${entry.name} cannot be inflated`);
			}
			if (!ended) throw damaged(`${entry.name} is cut short`);
		} else
			throw new DocumentLoadError(
				file,
				`the ${options.label}'s zip uses a compression method tailan cannot read (${entry.method}, in ${entry.name})`,
				options.fix,
			);
		if (size !== entry.uncompressedBytes)
			throw damaged(
				`${entry.name} inflates to ${size} bytes, not the ${entry.uncompressedBytes} its directory states`,
			);
		if (crc >>> 0 !== entry.crc >>> 0)
			throw damaged(`${entry.name} fails its CRC-32 check`);
		if (!keep) return new Uint8Array(0);
		if (chunks.length === 1) return chunks[0] as Uint8Array;
		const out = new Uint8Array(size);
		let at = 0;
		for (const c of chunks) {
			out.set(c, at);
			at += c.length;
		}
		return out;
	}
}

/** The directory, or a DocumentLoadError naming the archive as damaged. */
function directory(
	file: string,
	bytes: Uint8Array,
	options: InflateOptions,
): ZipDirectoryEntry[] {
	try {
		return readZipDirectory(bytes);
	} catch (e) {
		if (e instanceof ZipStructureError)
			throw new DocumentLoadError(
				file,
				`the ${options.label}'s zip is damaged: ${e.message}`,
				options.fix,
			);
		throw e;
	}
}

/**
 * Inflate the entries `want` chooses, under one running limit for them all. Returns them by name
 * (the others are not inflated). Throws DocumentLoadError (see InflateBudget.inflate).
 * @param file name recorded in the errors
 * @param bytes the archive
 * @param want which entries to inflate
 * @param options the limit and the words of the errors
 */
export function inflateZipEntries(
	file: string,
	bytes: Uint8Array,
	want: (name: string) => boolean,
	options: InflateOptions,
): Map<string, Uint8Array> {
	const budget = new InflateBudget(file, options);
	const out = new Map<string, Uint8Array>();
	for (const entry of directory(file, bytes, options))
		if (want(entry.name) && !entry.name.endsWith("/"))
			out.set(entry.name, budget.inflate(bytes, entry));
	return out;
}

/**
 * Inflate every entry (or those `want` chooses) and discard the bytes: a check that the archive
 * inflates within the limit, for a reader that must be handed the original bytes afterwards.
 * Returns the bytes inflated. Throws DocumentLoadError (see InflateBudget.inflate).
 */
export function checkZipInflation(
	file: string,
	bytes: Uint8Array,
	options: InflateOptions,
	want: (name: string) => boolean = () => true,
): number {
	const budget = new InflateBudget(file, options);
	for (const entry of directory(file, bytes, options))
		if (want(entry.name) && !entry.name.endsWith("/"))
			budget.inflate(bytes, entry, false);
	return budget.used;
}

/**
 * A zip of these entries stored without compression (CRC-32 computed here): what JSZip reads by
 * copying, never inflating. Names are written as UTF-8.
 */
export function storedZip(
	entries: ReadonlyMap<string, Uint8Array>,
): Uint8Array {
	const parts: Uint8Array[] = [];
	const central: Uint8Array[] = [];
	let offset = 0;
	for (const [name, data] of entries) {
		const nameBytes = new TextEncoder().encode(name);
		const crc = crc32(data) >>> 0;
		const local = new DataView(new ArrayBuffer(30));
		local.setUint32(0, 0x04034b50, true);
		local.setUint16(4, 20, true);
		local.setUint16(6, 0x0800, true); // UTF-8 names
		local.setUint32(14, crc, true);
		local.setUint32(18, data.length, true);
		local.setUint32(22, data.length, true);
		local.setUint16(26, nameBytes.length, true);
		const head = new DataView(new ArrayBuffer(46));
		head.setUint32(0, 0x02014b50, true);
		head.setUint16(4, 20, true);
		head.setUint16(6, 20, true);
		head.setUint16(8, 0x0800, true);
		head.setUint32(16, crc, true);
		head.setUint32(20, data.length, true);
		head.setUint32(24, data.length, true);
		head.setUint16(28, nameBytes.length, true);
		head.setUint32(42, offset, true);
		parts.push(new Uint8Array(local.buffer), nameBytes, data);
		central.push(new Uint8Array(head.buffer), nameBytes);
		offset += 30 + nameBytes.length + data.length;
	}
	const cdSize = central.reduce((n, c) => n + c.length, 0);
	const endRecord = new DataView(new ArrayBuffer(22));
	endRecord.setUint32(0, 0x06054b50, true);
	endRecord.setUint16(8, entries.size, true);
	endRecord.setUint16(10, entries.size, true);
	endRecord.setUint32(12, cdSize, true);
	endRecord.setUint32(16, offset, true);
	const all = [...parts, ...central, new Uint8Array(endRecord.buffer)];
	const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of all) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}
