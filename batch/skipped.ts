/**
 * Files and folders a folder walk does not read, and why: an office program's lock or temporary
 * files (counted, never reports), hidden folders and files, and files in formats tailan does not
 * read (.doc, .xlsx, .odt, …) — those are named in the summary with what to do, so nothing in a
 * folder vanishes without a word.
 */

export type SkipKind = "lock" | "hidden" | "unsupported";

export interface Skip {
	kind: SkipKind;
	reason: string;
	fix: string;
}

/**
 * Lock and temporary files of office programs and file managers: Word's owner file `~$name.docx`,
 * LibreOffice's `.~lock.name#`, `~name.tmp` and `name.tmp`, `Thumbs.db`, `desktop.ini`,
 * `.DS_Store`.
 * @param name a file's base name
 */
export function isLockFile(name: string): boolean {
	return (
		name.startsWith("~$") ||
		/^\.~lock\..*#$/.test(name) ||
		/\.tmp$/i.test(name) ||
		/^(thumbs\.db|desktop\.ini|\.ds_store)$/i.test(name)
	);
}

const WORD_PROCESSOR = new Set([".odt", ".rtf", ".wps", ".wpd", ".pages"]);
const SPREADSHEET = new Set([".xls", ".xlsx", ".xlsm", ".ods", ".csv"]);
const PRESENTATION = new Set([".ppt", ".pptx", ".odp", ".key"]);
const ARCHIVE = new Set([".zip", ".rar", ".7z", ".tar", ".gz", ".tgz"]);
const IMAGE = new Set([
	".bmp",
	".gif",
	".webp",
	".heic",
	".heif",
	".svg",
	".jp2",
]);

/**
 * Why a file found in a folder is not read, and what to do, from its name: a format tailan does
 * not read. `readable` lists what it reads (for the message).
 * @param name the file's base name
 * @param extension its extension, lower case ("" for none)
 * @param readable the extensions a folder walk reads
 */
export function unsupportedFile(
	name: string,
	extension: string,
	readable: readonly string[],
): Skip {
	const unsupported = (reason: string, fix: string): Skip => ({
		kind: "unsupported",
		reason,
		fix,
	});
	if (extension === ".doc" || extension === ".dot")
		return unsupported(
			"an old Word 97–2003 file (.doc), which tailan does not read",
			"open it in Word or LibreOffice and save it as .docx (File → Save As → Word Document), then import the .docx",
		);
	if (WORD_PROCESSOR.has(extension))
		return unsupported(
			`a word-processor file (${extension}), which tailan does not read`,
			"save it as .docx or PDF, then import that",
		);
	if (SPREADSHEET.has(extension))
		return unsupported(
			`a spreadsheet (${extension}), not a report`,
			"if it holds a report, save it as PDF and import that",
		);
	if (PRESENTATION.has(extension))
		return unsupported(
			`a presentation (${extension}), not a report`,
			"if it holds a report, save it as PDF and import that",
		);
	if (ARCHIVE.has(extension))
		return unsupported(
			`an archive (${extension}): tailan does not open archives`,
			"unpack it and import the folder",
		);
	if (IMAGE.has(extension))
		return unsupported(
			`an image format tailan does not read (${extension})`,
			"scan or save the pages as PDF, PNG, JPEG or TIFF",
		);
	return unsupported(
		extension === ""
			? `not a report file (no extension; tailan reads ${readable.join(", ")})`
			: `not a report file (${extension}; tailan reads ${readable.join(", ")})`,
		`if it is a report, pass it by name (tailan import "${name}"): its content decides`,
	);
}

/** A hidden folder or file (its name starts with "."), or a dependencies folder. */
export function hiddenEntry(name: string, isDirectory: boolean): Skip {
	if (name === "node_modules")
		return {
			kind: "hidden",
			reason: "a dependencies folder (node_modules), not walked",
			fix: "pass the folder itself if it holds reports",
		};
	return isDirectory
		? {
				kind: "hidden",
				reason: "a hidden folder, not walked",
				fix: "rename it without the leading dot, or pass it by name",
			}
		: {
				kind: "hidden",
				reason: "a hidden file, not read",
				fix: "rename it without the leading dot, or pass it by name",
			};
}
