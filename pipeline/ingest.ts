/**
 * ingest(file) → {status, document, record, flags, decisions, issues}.
 * The one entry point of the pipeline: parse → stitch → normalize → validate (cross-checks).
 */
import type { Issue, TailanDocument } from "./document.ts";
import type { Decision, Flag, ReportRecord } from "./records.ts";

export interface IngestResult {
	/** "ok": everything read; "partial": stored with issues the clerk should see. */
	status: "ok" | "partial";
	document: TailanDocument;
	record: ReportRecord;
	flags: Flag[];
	decisions: Decision[];
	issues: Issue[];
}

export interface IngestOptions {
	/** Name recorded as the document's file (default: the path given). */
	name?: string;
}

/** Parse Markdown text already in memory. Throws DocumentLoadError when it holds no report table. */
export function ingestMarkdown(_text: string, _options: { file: string }): IngestResult {
	throw new Error("not implemented yet");
}

/** Read a file, sniff its format, and run the pipeline. Throws DocumentLoadError for unreadable files. */
export async function ingest(_file: string, _options: IngestOptions = {}): Promise<IngestResult> {
	throw new Error("not implemented yet");
}
