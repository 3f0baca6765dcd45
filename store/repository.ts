/**
 * The async repository: what import, export and the queue workers need of a store, on either
 * engine (the interface: store/repository-api.ts). Both engines are the one synchronous store
 * (openStore: a SQLite file, or a postgres:// URL through store/pg/sync.ts) behind async
 * methods, with the store's rule: a report is saved whole, in one transaction, or not at all.
 */
import { isPostgresUrl, redactUrl } from "./pg/url.ts";
import { type Repository, toFts5Words } from "./repository-api.ts";
import { openStore, type Store, type StoreOptions } from "./store.ts";

export {
	type Engine,
	type Repository,
	toFts5Words,
	wordsOf,
} from "./repository-api.ts";

/** The engine of a --db / TAILAN_DB value: a postgres:// URL, else a SQLite file. */
export function engineOf(db: string): "sqlite" | "postgres" {
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
	return sqliteRepository(openStore(db, options));
}

/** The async face of a store, on either engine (the store stays usable; close() closes it). */
export function sqliteRepository(store: Store): Repository {
	const postgres = isPostgresUrl(store.path);
	return {
		engine: postgres ? "postgres" : "sqlite",
		location: postgres ? redactUrl(store.path) : store.path,
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
