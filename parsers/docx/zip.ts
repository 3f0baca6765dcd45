/**
 * Zip safety for Word files: the zip's central directory is read (fflate, nothing is inflated)
 * and the file is refused before any decompression when it is too large, has too many entries,
 * declares too much uncompressed data or holds an entry compressed suspiciously well.
 */
import { unzipSync } from "fflate";
import { DocumentLoadError } from "../../pipeline/document.ts";

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
}

const MIB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxCompressedBytes: 50 * MIB,
	maxEntries: 2000,
	maxUncompressedBytes: 200 * MIB,
	maxRatio: 200,
	ratioMinBytes: 10 * MIB,
};

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
		throw notWord(
			`its zip structure cannot be read (${e instanceof Error ? e.message : String(e)})`,
		);
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
	const fix =
		"this looks like a zip bomb or a damaged file; re-save the report from Word, without embedded media";
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
