/**
 * The async repository: what import, export and the queue workers need of a store, on either
 * engine. SQLite (the default, a file) delegates to the synchronous store (openStore);
 * PostgreSQL (a postgres:// URL) is store/pg/repository.ts. Both keep the store's rule: a report
 * is saved whole, in one transaction, or not at all.
 */
import type { IngestResult } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import type { StoredHold } from "./holds.ts";
import { isPostgresUrl } from "./pg/url.ts";
import {
	type ImportOutcome,
	openStore,
	type ReportListing,
	type SearchHit,
	type Store,
	type StoreOptions,
} from "./store.ts";

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

/** The engine of a --db / TAILAN_DB value: a postgres:// URL, else a SQLite file. */
export function engineOf(db: string): Engine {
	return isPostgresUrl(db) ? "postgres" : "sqlite";
}

/**
 * Open the store named by `db`: a SQLite file path (or ":memory:") or a postgres:// URL. The
 * schema is brought up to date on both.
 */
export async function openRepository(
	db: string,
	options: StoreOptions = {},
): Promise<Repository> {
	if (isPostgresUrl(db)) {
		const { openPgRepository } = await import("./pg/repository.ts");
		return await openPgRepository(db, options);
	}
	return sqliteRepository(openStore(db, options));
}

/** The async face of a SQLite store (the store stays usable; close() closes it). */
export function sqliteRepository(store: Store): Repository {
	return {
		engine: "sqlite",
		location: store.path,
		saveReport: async (result) => store.importResult(result),
		findDocument: async (sha256) => store.findDocument(sha256),
		listReports: async () => store.listReports(),
		exportRecords: async (reportId, options) =>
			store.exportRecords(reportId, options),
		listHolds: async (reportId) => store.listHolds(reportId),
		searchWords: async (words, options) =>
			store.search(toFts5Words(words), options),
		close: async () => store.close(),
	};
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
