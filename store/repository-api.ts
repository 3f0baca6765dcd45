/**
 * What the async repository offers (store/repository.ts opens one, on either engine: the store
 * behind async methods). A module of its own, so its users need not import the store.
 */

import type { IngestResult } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import type { StoredHold } from "./holds.ts";
import type { ImportOutcome, ReportListing, SearchHit } from "./store.ts";

export type Engine = "sqlite" | "postgres";

export interface Repository {
	readonly engine: Engine;
	/** The file path, or the URL without its password. */
	readonly location: string;
	/** Store a report whole in one transaction, or return "duplicate" when its bytes are known. */
	saveReport(result: IngestResult): Promise<ImportOutcome>;
	/** The stored report of a document, by its sha256, if any. */
	findDocument(
		sha256: string,
	): Promise<{ documentId: number; reportId: number } | undefined>;
	/** One listing per report, in import order (v_report_summary). */
	listReports(): Promise<ReportListing[]>;
	/** DESIGN.md §4 records with effective values (see Store.exportRecords). */
	exportRecords(
		reportId?: number,
		options?: { includeHeld?: boolean },
	): Promise<ReportRecord[]>;
	/** The holds of the reports' current versions (one report, or all), with their state. */
	listHolds(reportId?: number): Promise<StoredHold[]>;
	/**
	 * Measures whose activity, indicator or achievement hold every one of the words (whole
	 * words, case folded; held reports left out unless reportId names one), best first.
	 */
	searchWords(
		words: string,
		options?: { reportId?: number; limit?: number },
	): Promise<SearchHit[]>;
	close(): Promise<void>;
}

/** Plain words → an FTS5 query that wants each of them as a word ("a" "b"). */
export function toFts5Words(words: string): string {
	const list = wordsOf(words);
	if (list.length === 0)
		throw new TypeError("store.searchWords: give at least one word");
	return list.map((w) => `"${w.replaceAll('"', '""')}"`).join(" ");
}

/** The words of a search: letters and digits, split on everything else. */
export function wordsOf(text: string): string[] {
	return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
}
