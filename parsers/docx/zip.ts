/**
 * Zip safety for Word files: the zip's central directory is read (fflate, nothing is inflated)
 * and the file is refused before any decompression when it is too large, has too many entries,
 * declares too much uncompressed data or holds an entry compressed suspiciously well.
 */
import { unzipSync } from "fflate";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { inflateZipEntries, readZipDirectory, storedZip } from "../zip.ts";

export {
	checkZipInflation,
	InflateBudget,
	type InflateOptions,
	inflateZipEntries,
	readZipDirectory,
	storedZip,
	type ZipDirectoryEntry,
} from "../zip.ts";

/** Limits of the zip check; each refusal names the limit it broke. */
export interface ZipLimits {
	/** Largest file accepted, in bytes (default 50 MiB). */
	maxCompressedBytes: number;
	/** Most entries accepted (default 2000). */
	maxEntries: number;
	/** Largest total uncompressed size declared by the entries, in bytes (default 200 MiB). */
	maxUncompressedBytes: number;
	/** Highest uncompressed : compressed ratio of one entry (default 200)… */
	maxRatio: number;
	/** …applied to entries larger than this, in bytes (default 10 MiB). */
	ratioMinBytes: number;
	/**
	 * Most bytes really inflated from the parts mammoth reads (the XML parts; pictures and other
	 * media are never inflated), all together, counted as they come out (default 64 MiB: a
	 * 100-page report's word/document.xml is a few MiB). Stated sizes are not trusted.
	 */
	maxInflatedBytes?: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxCompressedBytes: 50 * MIB,
	maxEntries: 2000,
	maxUncompressedBytes: 200 * MIB,
	maxRatio: 200,
	ratioMinBytes: 10 * MIB,
	maxInflatedBytes: 64 * MIB,
};

const BOMB_FIX =
	"this looks like a zip bomb or a damaged file; re-save the report from Word, without embedded media";

/** The parts mammoth reads: XML and relationships (pictures, fonts and embedded files are not). */
export const isDocxXmlPart = (name: string): boolean =>
	/\.(xml|rels)$/i.test(name);

/**
 * The Word file as mammoth should read it: its XML parts inflated here under a running limit
 * (ZipLimits.maxInflatedBytes, not trusting stated sizes; see ../zip.ts), every other entry
 * (pictures, fonts, embedded files) present but empty, all stored uncompressed — so JSZip, inside
 * mammoth, copies and never inflates. Returns that zip and the inflated parts by name.
 * Call inspectDocxZip first. Throws DocumentLoadError past the limit or for a damaged entry.
 */
export function docxParts(
	file: string,
	bytes: Uint8Array,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): { zip: Uint8Array; parts: Map<string, Uint8Array> } {
	const parts = inflateZipEntries(file, bytes, isDocxXmlPart, {
		maxInflatedBytes:
			limits.maxInflatedBytes ??
			DEFAULT_ZIP_LIMITS.maxInflatedBytes ??
			64 * MIB,
		label: "Word file",
		fix: BOMB_FIX,
	});
	const all = new Map<string, Uint8Array>();
	for (const { name } of readZipDirectory(bytes))
		if (!name.endsWith("/"))
			all.set(name, parts.get(name) ?? new Uint8Array(0));
	return { zip: storedZip(all), parts };
}

/** One entry of the zip's central directory. */
export interface ZipEntry {
	name: string;
	compressedBytes: number;
	uncompressedBytes: number;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURES = [
	[0x50, 0x4b, 0x03, 0x04],
	[0x50, 0x4b, 0x05, 0x06],
];

const startsWith = (b: Uint8Array, sig: readonly number[]) =>
	sig.every((x, i) => b[i] === x);

/** True for an OLE compound file: an old binary .doc, or a password-protected .docx. */
export function isOleFile(bytes: Uint8Array): boolean {
	return startsWith(bytes, OLE_SIGNATURE);
}

/** True when the bytes start like a zip archive (a local file header or an empty archive). */
export function isZipFile(bytes: Uint8Array): boolean {
	return ZIP_SIGNATURES.some((sig) => startsWith(bytes, sig));
}

/** The error for an OLE compound file (exported so the registry can say the same). */
export function oleError(file: string): DocumentLoadError {
	return new DocumentLoadError(
		file,
		"password-protected or old .doc: this is an OLE compound file, not a .docx",
		"open it in Word, remove the password if any, and save it as .docx (Word Document)",
	);
}

const mib = (n: number) => `${(n / MIB).toFixed(n < MIB ? 2 : 0)} MiB`;

/**
 * Check a Word file's zip container before it is inflated. Returns the central directory.
 * Throws DocumentLoadError: "password-protected or old .doc", "not a Word document", or a zip
 * limit ("the file is too large", "too many entries", "too much uncompressed data",
 * "suspicious compression ratio").
 * @param file name recorded in the error
 * @param bytes the file's bytes
 * @param limits the limits (default DEFAULT_ZIP_LIMITS)
 */
export function inspectDocxZip(
	file: string,
	bytes: Uint8Array,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
	if (isOleFile(bytes)) throw oleError(file);
	if (bytes.length > limits.maxCompressedBytes)
		throw new DocumentLoadError(
			file,
			`the file is too large for a Word report (${mib(bytes.length)}, limit ${mib(limits.maxCompressedBytes)})`,
			"remove embedded pictures or media from the document, or split the report",
		);
	const notWord = (why: string) =>
		new DocumentLoadError(
			file,
			`not a Word document: ${why}`,
			"check the file: save it from Word as .docx (Word Document)",
		);
	if (!isZipFile(bytes)) throw notWord("it is not a zip archive");
	const entries: ZipEntry[] = [];
	let total = 0;
	try {
		unzipSync(bytes, {
			filter: (info) => {
				const entry: ZipEntry = {
					name: info.name,
					compressedBytes: info.size,
					uncompressedBytes: info.originalSize,
				};
				entries.push(entry);
				total += entry.uncompressedBytes;
				checkEntry(file, entry, entries.length, total, limits);
				// Nothing is inflated here: the directory is all this check needs.
				return false;
			},
		});
	} catch (e) {
		if (e instanceof DocumentLoadError) throw e;
		// The library's words name its internals, not the file's problem: not given.
		throw notWord("its zip structure cannot be read (damaged or cut short)");
	}
	if (!entries.some((e) => e.name === "word/document.xml"))
		throw notWord("the archive has no word/document.xml");
	return entries;
}

function checkEntry(
	file: string,
	entry: ZipEntry,
	count: number,
	total: number,
	limits: ZipLimits,
): void {
	const fix = BOMB_FIX;
	if (count > limits.maxEntries)
		throw new DocumentLoadError(
			file,
			`too many entries in the Word file's zip (more than ${limits.maxEntries})`,
			fix,
		);
	if (total > limits.maxUncompressedBytes)
		throw new DocumentLoadError(
			file,
			`too much uncompressed data in the Word file's zip (more than ${mib(limits.maxUncompressedBytes)})`,
			fix,
		);
	if (
		entry.uncompressedBytes > limits.ratioMinBytes &&
		entry.uncompressedBytes >
			limits.maxRatio * Math.max(1, entry.compressedBytes)
	)
		throw new DocumentLoadError(
			file,
			`suspicious compression ratio in the Word file's zip: ${entry.name} expands ${Math.round(entry.uncompressedBytes / Math.max(1, entry.compressedBytes))}:1 to ${mib(entry.uncompressedBytes)} (limit ${limits.maxRatio}:1 above ${mib(limits.ratioMinBytes)})`,
			fix,
		);
}
