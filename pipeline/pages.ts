/**
 * One report from many files: a report scanned one image per page (a scanner's or a phone's
 * folder of page-01.jpg, page-02.jpg, …) is read as one report.
 *
 * The rule (groupPageFiles), decided from the names before anything is parsed: two or more image
 * files (PNG, JPEG, TIFF) in the same folder whose names are the same but for one number — the
 * last run of digits of the name, from 0 to 999 ("page-01.jpg", "page-02.jpg"; "scan7.png",
 * "scan8.png") — are the pages of one report, in the order of that number, when each holds a
 * single page (a TIFF of several pages is a report of its own, as is a PDF or a text file). A
 * number above 999 is not a page number ("IMG_20241205.jpg", "report-2024.png"). `oneReport`
 * forces every image file given into one report, in the order given (a folder's files by their
 * page number); `separately` turns the rule off.
 *
 * A group with a gap in its page numbers (page-01, page-02, page-04), or not starting at page 1
 * (or 0), is read as one report and held ("pages-missing", pipeline/completeness.ts's kin): the
 * report is stored whole and kept out of compare until a person accepts it. Items or an end
 * missing are held by pipeline/completeness.ts as for any report.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { sniffImage } from "../parsers/image/sniff.ts";
import type { ParseInput } from "../parsers/index.ts";
import { DocumentLoadError, type Issue } from "./document.ts";
import {
	documentToRecord,
	type IngestOptions,
	type IngestResult,
	MAX_INPUT_BYTES,
} from "./ingest.ts";
import type { Hold } from "./records.ts";

/** Extensions of the image files that can be pages of one report. */
export const PAGE_IMAGE_EXTENSIONS = [
	".png",
	".jpg",
	".jpeg",
	".tif",
	".tiff",
] as const;

/** The largest number read as a page number in a file's name. */
export const MAX_PAGE_NUMBER = 999;

/** A file name as a page: the folder, the name around its page number, the number. */
export interface PageName {
	dir: string;
	/** The name before the number ("page-"). */
	prefix: string;
	/** The number's digits as written ("01"). */
	digits: string;
	number: number;
	/** The name after the number, with the extension, lower-cased (".jpg"). */
	suffix: string;
}

const isPageImage = (path: string) =>
	(PAGE_IMAGE_EXTENSIONS as readonly string[]).includes(
		extname(path).toLowerCase(),
	);

/** The page number in an image file's name (its last run of digits, 0–999), or undefined. */
export function pageName(path: string): PageName | undefined {
	if (!isPageImage(path)) return undefined;
	const name = basename(path);
	const ext = extname(name);
	const stem = name.slice(0, name.length - ext.length);
	const m = /^(.*?)(\d+)(\D*)$/u.exec(stem);
	if (!m) return undefined;
	const number = Number(m[2]);
	if (number > MAX_PAGE_NUMBER) return undefined;
	return {
		dir: dirname(path),
		prefix: m[1] as string,
		digits: m[2] as string,
		number,
		suffix: `${m[3] as string}${ext}`.toLowerCase(),
	};
}

/** What one import reads: a file, or the page files of one report. */
export type ImportUnit = { kind: "file"; path: string } | PageGroup;

export interface PageGroup {
	kind: "pages";
	/** The name the report's document is stored and shown under ("scans/page-{01–17}.jpg"). */
	name: string;
	/** The page files in page order. */
	files: string[];
	/** Each file's page number (as named; 1, 2, … in the order given under `oneReport`). */
	numbers: number[];
	/** Page numbers missing between the first page (1, or 0 when named from 0) and the last. */
	missing: number[];
}

export interface GroupOptions {
	/** Every image file given is a page of one report, in the order given. */
	oneReport?: boolean;
	/** Never group: each file is its own report. */
	separately?: boolean;
	/** How many pages a file holds (TIFFs may hold several); default 1. */
	pagesIn?: (path: string) => number;
}

/**
 * The files given → what to import: single files, and groups of page files (the rule above), in
 * the order of the files (a group where its first page was). Throws DocumentLoadError when
 * `oneReport` is given files that are not page images.
 */
export function groupPageFiles(
	paths: readonly string[],
	options: GroupOptions = {},
): ImportUnit[] {
	if (options.separately || paths.length === 0)
		return paths.map((path) => ({ kind: "file", path }));
	if (options.oneReport) {
		const other = paths.find((p) => !isPageImage(p));
		if (other !== undefined)
			throw new DocumentLoadError(
				other,
				"one report from several files takes image files only (PNG, JPEG, TIFF)",
				"leave this file out, or import it on its own",
			);
		// One page file given with --one-report: it is the report as the user has it, read even
		// when it looks like a continuation page (the completeness checks then hold it).
		const numbers = paths.map((_, i) => i + 1);
		return [
			{
				kind: "pages",
				name: paths.length === 1 ? (paths[0] as string) : groupName(paths),
				files: [...paths],
				numbers,
				missing: [],
			},
		];
	}
	const pagesIn = options.pagesIn ?? (() => 1);
	const series = new Map<string, { path: string; page: PageName }[]>();
	for (const path of paths) {
		const page = pageName(path);
		if (!page) continue;
		const key = JSON.stringify([page.dir, page.prefix, page.suffix]);
		const list = series.get(key) ?? [];
		list.push({ path, page });
		series.set(key, list);
	}
	const groupOf = new Map<string, PageGroup>();
	for (const list of series.values()) {
		if (list.length < 2) continue;
		const numbers = new Set(list.map((e) => e.page.number));
		// The same number twice ("p1.jpg", "p01.jpg"): not one series of pages.
		if (numbers.size !== list.length) continue;
		if (list.some((e) => pagesIn(e.path) !== 1)) continue;
		list.sort((a, b) => a.page.number - b.page.number);
		const nums = list.map((e) => e.page.number);
		const group: PageGroup = {
			kind: "pages",
			name: groupName(list.map((e) => e.path)),
			files: list.map((e) => e.path),
			numbers: nums,
			missing: missingPages(nums),
		};
		for (const e of list) groupOf.set(e.path, group);
	}
	const out: ImportUnit[] = [];
	const placed = new Set<PageGroup>();
	for (const path of paths) {
		const group = groupOf.get(path);
		if (!group) out.push({ kind: "file", path });
		else if (!placed.has(group)) {
			placed.add(group);
			out.push(group);
		}
	}
	return out;
}

/** Page numbers missing from a series: from 1 (0 when it starts at 0) to its last. */
export function missingPages(numbers: readonly number[]): number[] {
	if (numbers.length === 0) return [];
	const have = new Set(numbers);
	const first = have.has(0) ? 0 : 1;
	const last = Math.max(...numbers);
	const missing: number[] = [];
	for (let n = first; n <= last; n++) if (!have.has(n)) missing.push(n);
	return missing;
}

/**
 * The name a group of page files is shown and stored under: "scans/page-{01–17}.jpg" for a
 * numbered series, else "scans/{a.jpg … z.jpg} (N files)".
 */
export function groupName(files: readonly string[]): string {
	const first = files[0] as string;
	const last = files[files.length - 1] as string;
	const dir = dirname(first);
	const at = dir === "." ? "" : `${dir}/`;
	const a = pageName(first);
	const b = pageName(last);
	const sameDir = files.every((f) => dirname(f) === dir);
	if (
		a &&
		b &&
		sameDir &&
		a.prefix === b.prefix &&
		a.suffix === b.suffix &&
		files.every((f) => {
			const p = pageName(f);
			return p?.prefix === a.prefix && p.suffix === a.suffix;
		})
	) {
		const name = basename(first);
		const suffix = name.slice(a.prefix.length + a.digits.length);
		return `${at}${a.prefix}{${a.digits}–${b.digits}}${suffix}`;
	}
	return `${sameDir ? at : ""}{${basename(first)} … ${basename(last)}} (${files.length} files)`;
}

/** The hold of a report whose page files have gaps in their numbers. */
export function pagesMissingHold(group: PageGroup): Hold | undefined {
	if (group.missing.length === 0) return undefined;
	const listed = group.missing.slice(0, 12).join(", ");
	return {
		kind: "pages-missing",
		message: `the page files of this report skip page${group.missing.length > 1 ? "s" : ""} ${listed}${group.missing.length > 12 ? ", …" : ""} (${group.files.length} files, pages ${group.numbers[0]}–${group.numbers[group.numbers.length - 1]}): pages may be missing. The report is kept out of the queries until a person accepts it.`,
		evidence: {
			missing: group.missing,
			pages: group.numbers,
			files: group.files.map((f) => basename(f)),
		},
	};
}

/**
 * How many pages a TIFF's bytes hold, counting its image directories up to `cap`; 1 for other
 * files (PNG and JPEG hold one page). Damaged TIFFs count 1: the parser says what is wrong.
 */
export function tiffPageCount(bytes: Uint8Array, cap = 2): number {
	if (sniffImage(bytes) !== "tiff") return 1;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const le = bytes[0] === 0x49;
	let offset = view.getUint32(4, le);
	let count = 0;
	const seen = new Set<number>();
	while (offset > 0 && offset + 2 <= bytes.length && count < cap) {
		if (seen.has(offset)) break;
		seen.add(offset);
		count++;
		const entries = view.getUint16(offset, le);
		const next = offset + 2 + entries * 12;
		if (next + 4 > bytes.length) break;
		offset = view.getUint32(next, le);
	}
	return Math.max(1, count);
}

/** sha256 of a report's page files: of their bytes one after another, in page order. */
export function pagesSha256(files: readonly Uint8Array[]): string {
	const hash = createHash("sha256");
	for (const b of files) hash.update(b);
	return hash.digest("hex");
}

export interface PagesIngestOptions extends IngestOptions {
	/** Page numbers as named, and the gaps (groupPageFiles); default 1, 2, … and none. */
	group?: Pick<PageGroup, "numbers" | "missing">;
}

/**
 * The page files of one report (in page order) → one report: their pages read as one scanned
 * document (the columns named on page 1 carry on to page 2, …), stored under `options.name`
 * (default groupName). A gap in the page numbers holds the report ("pages-missing").
 * Throws DocumentLoadError naming the file that cannot be read or is not an image.
 */
export async function ingestPageFiles(
	files: readonly string[],
	options: PagesIngestOptions = {},
): Promise<IngestResult> {
	if (files.length === 0)
		throw new TypeError("ingestPageFiles: no files given");
	// Stored under the folder's own name, not its whole path (as a file is under its base name).
	const name =
		options.name ??
		(files.length === 1
			? basename(files[0] as string)
			: groupName(files.map((f) => `${basename(dirname(f))}/${basename(f)}`)));
	const bytes: Uint8Array[] = [];
	let total = 0;
	for (const file of files) {
		let b: Uint8Array;
		try {
			b = new Uint8Array(await readFile(file));
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			throw new DocumentLoadError(
				file,
				code === "ENOENT"
					? "the file does not exist"
					: code === "EACCES"
						? "permission denied"
						: `cannot be read (${code ?? String(e)})`,
				"check the path and its permissions",
			);
		}
		if (sniffImage(b) === null)
			throw new DocumentLoadError(
				file,
				"this page file is not a PNG, JPEG or TIFF image",
				"import the report's page images together, or this file on its own",
			);
		total += b.length;
		if (total > MAX_INPUT_BYTES)
			throw new DocumentLoadError(
				file,
				`the report's page files are larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB together`,
				"scan at 300 dpi or less, or as JPEG",
			);
		bytes.push(b);
	}
	const image = await import("../parsers/image/index.ts");
	const { imagePages } = await import("../parsers/image/raster.ts");
	const counts = bytes.map((b) => tiffPageCount(b, Number.POSITIVE_INFINITY));
	const pages = counts.reduce((a, b) => a + b, 0);
	async function* images() {
		for (const [i, file] of files.entries())
			for await (const p of imagePages(bytes[i] as Uint8Array, file))
				yield p.image;
	}
	const onPage: ParseInput["onPage"] = options.onPage;
	const document = await image.pagesToDocument(images(), {
		file: name,
		ocr: await image.sharedOcr(),
		sha256: pagesSha256(bytes),
		bytes: total,
		...(onPage ? { onPage: (done: number) => onPage({ done, pages }) } : {}),
	});
	const numbers = options.group?.numbers ?? files.map((_, i) => i + 1);
	let page = 0;
	const notes: Issue[] = files.map((file, i) => {
		const from = page + 1;
		page += counts[i] as number;
		return {
			severity: "info",
			message: `page${counts[i] === 1 ? ` ${from}` : `s ${from}–${page}`} of the report ${counts[i] === 1 ? "is" : "are"} ${basename(file)} (page ${numbers[i]} as named)`,
			prov: { file: name, page: from },
		};
	});
	document.issues.unshift(...notes);
	const result = documentToRecord(document, options);
	const hold = pagesMissingHold({
		kind: "pages",
		name,
		files: [...files],
		numbers,
		missing: options.group?.missing ?? [],
	});
	if (hold) result.holds.unshift(hold);
	return result;
}
