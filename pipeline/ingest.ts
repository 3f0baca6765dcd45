/**
 * ingest(file) → {status, document, record, flags, decisions, issues, holds}.
 * The one entry point of the pipeline: parse → stitch → normalize → validate (cross-checks) →
 * holds (is the report whole? are its rows' identities known?).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { type ParseInput, parserFor } from "../parsers/index.ts";
import { completenessHolds } from "./completeness.ts";
import { continuationPageError } from "./continuation.ts";
import {
	DocumentLoadError,
	type Issue,
	type TailanDocument,
} from "./document.ts";
import { itemsToMeasures } from "./measures.ts";
import { ocrFlags } from "./ocr-flags.ts";
import type { Decision, Flag, Hold, ReportRecord } from "./records.ts";
import { resolveRepeatedItems } from "./repeats.ts";
import {
	budgetFlags,
	scanHolds,
	textFlags,
	unitFlags,
	valueWordFlags,
} from "./scan-checks.ts";
import { extractSections } from "./sections.ts";
import type { ColumnAssignment } from "./stitch/columns.ts";
import { type StitchOptions, stitchPlanTable } from "./stitch/index.ts";
import { crossCheck } from "./validate.ts";

export interface IngestResult {
	/** "ok": everything read; "partial": stored with issues the clerk should see. */
	status: "ok" | "partial";
	document: TailanDocument;
	record: ReportRecord;
	flags: Flag[];
	decisions: Decision[];
	issues: Issue[];
	/** Why the report is held out of the queries until a person accepts it (empty: it is not).
	 * A held report is stored whole; see docs/holds.md. */
	holds: Hold[];
	/** The column roles a person assigned (IngestOptions.columns), when they replaced the inferred
	 * mapping: the store then re-derives a report even from bytes it already holds. */
	columns?: ColumnAssignment;
}

export interface IngestOptions {
	/** Name recorded as the document's file (default: the file's base name). */
	name?: string;
	/** Stitching options (alignment weights). */
	stitch?: StitchOptions;
	/** A person's column roles for the plan table, replacing the inferred mapping (the same as
	 * `stitch.columns`; docs/layouts.md "Reassigning the columns"). */
	columns?: ColumnAssignment;
	/** Hears a scan's progress: pages read by OCR so far, of how many (null: not known). */
	onPage?: ParseInput["onPage"];
}

/** Largest input accepted (bytes); bigger files are refused with a DocumentLoadError. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

/** Document model → report record, flags and decisions. Throws DocumentLoadError with no plan table. */
export function documentToRecord(
	document: TailanDocument,
	options: IngestOptions = {},
): IngestResult {
	const table = stitchPlanTable(document, {
		...options.stitch,
		...(options.columns ? { columns: options.columns } : {}),
	});
	if (!table || table.items.length === 0)
		throw new DocumentLoadError(
			document.file,
			"no performance-plan table with item rows (№ 1.1, 1.2, …) was found",
			"check that this is a performance report (гүйцэтгэлийн тайлан)",
		);
	const converted = itemsToMeasures(table.items);
	// An item number may appear once: a row repeated word for word is stored once; a second row
	// with other content is kept, renumbered from the sequence or held (pipeline/repeats.ts).
	const repeats = resolveRepeatedItems(converted.measures);
	const { measures } = repeats;
	const measureFlags = [...converted.flags, ...repeats.flags];
	const sections = extractSections(document, table.fragments);
	const checks = crossCheck(measures, sections.summary, sections.evaluation);
	const record: ReportRecord = {
		source: document.file,
		report: sections.report,
		goals: table.goals,
		measures,
		summary: sections.summary,
		evaluation: sections.evaluation,
	};
	const flags = [...table.flags, ...measureFlags, ...checks];
	if (document.format === "image") {
		flags.push(...ocrFlags(measures));
		flags.push(
			...unitFlags(measures, flags),
			...budgetFlags(measures),
			...valueWordFlags(measures),
			...textFlags(measures, record.report.year),
		);
	}
	const holds = [
		...table.holds,
		...metadataHolds(record),
		...completenessHolds(document, table.fragments, record),
		...repeats.holds,
		...(document.format === "image" ? scanHolds(measures, flags) : []),
	];
	const issues = [...document.issues];
	const status = issues.some((i) => i.severity === "error") ? "partial" : "ok";
	return {
		status,
		document,
		record,
		flags,
		decisions: [...table.decisions, ...repeats.decisions],
		issues,
		holds,
		...(options.columns ? { columns: options.columns } : {}),
	};
}

/** "metadata-missing": a report whose department or year was not found cannot be compared. */
export function metadataHolds(record: ReportRecord): Hold[] {
	const { department, year } = record.report;
	const missing = [
		...(department === null ? ["department"] : []),
		...(year === null ? ["year"] : []),
	];
	if (missing.length === 0) return [];
	return [
		{
			kind: "metadata-missing",
			message: `The report's ${missing.join(" and ")} could not be found; enter ${missing.length > 1 ? "them" : "it"} before the report is counted.`,
			evidence: {
				missing,
				title: record.report.title,
				organization: record.report.organization,
				department,
				year,
			},
		},
	];
}

const sha256 = (bytes: Uint8Array) =>
	createHash("sha256").update(bytes).digest("hex");

/** Parse Markdown text already in memory. Throws DocumentLoadError when it holds no report table. */
export function ingestMarkdown(
	text: string,
	options: { file: string; stitch?: StitchOptions; columns?: ColumnAssignment },
): IngestResult {
	const bytes = new TextEncoder().encode(text);
	const parse = parserFor(options.file, bytes);
	const doc = parse({ file: options.file, bytes, sha256: sha256(bytes) });
	if (doc instanceof Promise)
		throw new TypeError("ingestMarkdown: expected a synchronous parser");
	return documentToRecord(doc, options);
}

/** Read a file, sniff its format, and run the pipeline. Throws DocumentLoadError for unreadable files. */
export async function ingest(
	file: string,
	options: IngestOptions = {},
): Promise<IngestResult> {
	if (typeof file !== "string" || file === "")
		throw new TypeError("ingest(file): file must be a non-empty path");
	const name = options.name ?? basename(file);
	let bytes: Uint8Array;
	try {
		bytes = await readFile(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		const reason =
			code === "ENOENT"
				? "the file does not exist"
				: code === "EACCES"
					? "permission denied"
					: code === "EISDIR"
						? "this is a directory"
						: `cannot be read (${code ?? String(e)})`;
		throw new DocumentLoadError(
			file,
			reason,
			"check the path and its permissions",
		);
	}
	if (bytes.length > MAX_INPUT_BYTES)
		throw new DocumentLoadError(
			file,
			`the file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`,
			"split the report",
		);
	const document = await parserFor(
		name,
		bytes,
	)({
		file: name,
		bytes,
		sha256: sha256(bytes),
		...(options.onPage ? { onPage: options.onPage } : {}),
	});
	// One page of a report scanned page by page, read alone: said so (pipeline/continuation.ts).
	let result: IngestResult;
	try {
		result = documentToRecord(document, options);
	} catch (error) {
		if (error instanceof DocumentLoadError)
			throw continuationPageError(file, document) ?? error;
		throw error;
	}
	const continuation = continuationPageError(file, document, result.record);
	if (continuation) throw continuation;
	return result;
}
