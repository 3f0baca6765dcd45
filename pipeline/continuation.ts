/**
 * A continuation page alone: one page of a report scanned one image per page, imported without
 * the others. Its table goes on from an earlier page — no title, no column header of its own,
 * items that do not start at 1.1 — so read alone it is no report: refused with a message that
 * says which page it is and how to import it with the others (pipeline/pages.ts's rule).
 */
import { basename, dirname } from "node:path";
import { DocumentLoadError, type TailanDocument } from "./document.ts";
import type { ReportRecord } from "./records.ts";

/** The page number in a file name ("page-02.jpg" → 2): its last run of digits, 0–999. */
function pageNumberIn(file: string): number | undefined {
	const stem = basename(file).replace(/\.[^.]*$/u, "");
	const m = /(\d+)\D*$/u.exec(stem);
	const n = m ? Number(m[1]) : Number.NaN;
	return Number.isFinite(n) && n <= 999 ? n : undefined;
}

/** A table of the document that looks like a plan table's rows: 3 rows or more of 5 cells or more. */
const hasTableRows = (document: TailanDocument) =>
	document.pages.some((p) =>
		p.blocks.some(
			(b) =>
				b.kind === "table" &&
				b.rows.filter((r) => r.cells.length >= 5).length >= 3,
		),
	);

/**
 * The error for a scanned page that continues a report read alone, or undefined when `document`
 * is not that: an image document of one page, with table rows but no plan table found (`record`
 * undefined), or a plan table whose first item is not 1.1 under no title.
 * @param path the file as the user named it (for the page number and the folder)
 * @param document the parsed document
 * @param record the record read from it, when a plan table was found
 */
export function continuationPageError(
	path: string,
	document: TailanDocument,
	record?: ReportRecord,
): DocumentLoadError | undefined {
	if (document.format !== "image" || document.pages.length !== 1)
		return undefined;
	if (record) {
		const first = record.measures[0]?.item;
		const titled = /тайлан/iu.test(record.report.title ?? "");
		if (titled || first === undefined || first === "1.1") return undefined;
	} else if (!hasTableRows(document)) return undefined;
	const n = pageNumberIn(path);
	const dir = dirname(path);
	const folder = dir === "." ? "./" : `${dir}/`;
	return new DocumentLoadError(
		path,
		`${n === undefined || n < 2 ? "a continuation page" : `page ${n}`} of a report: its table goes on from an earlier page (${record ? `items from ${record.measures[0]?.item}, ` : ""}no title or column header of its own)`,
		`import it with the other pages: \`tailan import ${folder}\` (page files named alike, page-01.jpg, page-02.jpg, …, are one report) or \`tailan import PAGE-FILES… --one-report\``,
	);
}
