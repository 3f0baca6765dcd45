/**
 * The one way to a database (store/ internal): open a connection with the settings every tailan
 * connection uses, bring its schema up to date, and reach it again from the object that owns it.
 * openStore opens the connection; reviewStore, openIndicators, openBatchLog, listRenditions and
 * the page-image reads take the Store and find its connection with {@link databaseOf}.
 *
 * Locking (several processes share one database file: a batch import, the review app, a
 * corrections import, the M&E commands). Every connection waits BUSY_TIMEOUT_MS for a lock.
 * Every transaction that writes starts with BEGIN IMMEDIATE (better-sqlite3's
 * `db.transaction(fn).immediate()`): it takes the write lock before its first read, so it waits
 * its turn. A DEFERRED transaction that reads and then writes would instead fail at once with
 * "database is locked" when another process holds the lock — SQLite cannot wait there without
 * risking a deadlock, so the busy timeout does not apply. Single write statements outside a
 * transaction take the lock as they start and wait too. Reads that must be consistent use a
 * plain (deferred) transaction: WAL gives them a snapshot without any lock.
 */
import Database from "better-sqlite3";
import { storeError } from "./errors.ts";
import type { Handle } from "./handle.ts";
import { connectPostgres } from "./pg/sync.ts";
import { isPostgresUrl } from "./pg/url.ts";
import { migrateSearch } from "./search.ts";

/** The connection the store's modules run on (handle.ts): better-sqlite3's, or PostgreSQL's. */
export type {
	Handle,
	RunResult,
	Statement,
	Transaction,
} from "./handle.ts";

/**
 * How long a connection waits for another process's write lock before giving up (SQLITE_BUSY).
 * An import holds the lock for one report at a time (tens of milliseconds), but writers queue:
 * on a loaded machine a clerk's save waited up to 4 s behind an import, other saves and a
 * corrections import (test/review.concurrency.test.ts). Waiting longer beats losing the save.
 */
export const BUSY_TIMEOUT_MS = 15_000;

export interface ConnectOptions {
	/** Refuse to create a new database file. */
	fileMustExist: boolean;
	/** WAL for a file (default true; ignored for ":memory:"). */
	wal?: boolean;
	/** Default BUSY_TIMEOUT_MS. */
	busyTimeoutMs?: number;
}

/**
 * Open a connection with the settings every tailan connection uses: the busy timeout first (so
 * even switching to WAL waits), WAL for files, foreign keys on. No migrations (see
 * openConnection). A postgres:// URL opens a synchronous PostgreSQL connection (pg/sync.ts)
 * whose lock waits end after the same busy timeout.
 */
export function connect(path: string, options: ConnectOptions): Handle {
	const timeout = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
	if (!Number.isSafeInteger(timeout) || timeout < 0)
		throw new TypeError(
			`busyTimeoutMs must be a whole number of milliseconds ≥ 0, got ${timeout}`,
		);
	if (isPostgresUrl(path))
		return connectPostgres(path, { busyTimeoutMs: timeout });
	const db = new Database(path, {
		fileMustExist: options.fileMustExist,
		timeout,
	});
	try {
		db.pragma(`busy_timeout = ${timeout}`);
		// WAL lets readers (a review UI, Datasette) work while an import writes.
		if (path !== ":memory:" && options.wal !== false)
			db.pragma("journal_mode = WAL");
		db.pragma("foreign_keys = ON");
		return db;
	} catch (error) {
		db.close();
		throw storeError(error);
	}
}

/**
 * connect, then bring the schema up to date (store/migrations/, then the search index of
 * measures stored before it existed). The connection is closed again when either fails.
 */
export function openConnection(path: string, options: ConnectOptions): Handle {
	const db = connect(path, options);
	try {
		migrateSearch(db);
		return db;
	} catch (error) {
		db.close();
		throw storeError(error);
	}
}

/**
 * What owns a connection: a Store from openStore. The modules below store.ts take this instead
 * of the Store interface, so they do not import store.ts (which imports them): no cycle.
 */
export interface Connected {
	/** The path given to openStore. */
	readonly path: string;
}

/** The connection behind each object that owns one (a Store), never re-exported. */
const handles = new WeakMap<object, Handle>();

/** Record `db` as the connection of `owner` (openStore, once per store). */
export function lendConnection(owner: Connected, db: Handle): void {
	handles.set(owner, db);
}

/** The connection of a store opened by openStore (store/ internal). */
export function databaseOf(owner: Connected): Handle {
	const db = handles.get(owner);
	if (!db) throw new TypeError("databaseOf(store): not a store from openStore");
	return db;
}
