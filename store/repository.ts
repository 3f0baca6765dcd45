/**
 * The async repository: what import, export and the queue workers need of a store, on either
 * engine (the interface: store/repository-api.ts). SQLite (the default, a file) delegates to the
 * synchronous store (openStore); PostgreSQL (a postgres:// URL) is store/pg/repository.ts. Both
 * keep the store's rule: a report is saved whole, in one transaction, or not at all.
 */
import { isPostgresUrl } from "./pg/url.ts";
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
