/**
 * What the store needs of a database connection: exactly the part of better-sqlite3's Database
 * it uses (a better-sqlite3 connection is one as it is), so a synchronous PostgreSQL connection
 * (store/pg/sync.ts) can stand in for it. No imports: every module of store/ may name these.
 */

/** What a write statement did. */
export interface RunResult {
	/** Rows inserted, updated or deleted. */
	changes: number;
	/** SQLite's rowid of the last insert; PostgreSQL has none (use RETURNING id): reading it throws. */
	lastInsertRowid: number | bigint;
}

/** A prepared statement; the parameters are SQLite's (`@name` bound from an object, `?` in order). */
export interface PreparedStatement<
	BindParameters extends unknown[] = unknown[],
	Result = unknown,
> {
	run(...params: BindParameters): RunResult;
	get(...params: BindParameters): Result | undefined;
	all(...params: BindParameters): Result[];
}

/** A statement by its parameters: an object of named ones, or a list of positional ones. */
export type Statement<
	// biome-ignore lint/complexity/noBannedTypes: better-sqlite3's own signature (an object of named parameters)
	BindParameters extends unknown[] | {} = unknown[],
	Result = unknown,
> = BindParameters extends unknown[]
	? PreparedStatement<BindParameters, Result>
	: PreparedStatement<[BindParameters], Result>;

// biome-ignore lint/suspicious/noExplicitAny: any function may run in a transaction (better-sqlite3's own type)
export type TransactionFunction = (...params: any[]) => unknown;

/**
 * `fn` wrapped in a transaction: called, it is a deferred one (a consistent read; a snapshot);
 * `.immediate()` takes the store's write lock before its first statement. Inside an open
 * transaction either is a savepoint, rolled back alone when `fn` throws.
 */
export interface Transaction<F extends TransactionFunction> {
	(...params: ArgumentTypes<F>): ReturnType<F>;
	deferred(...params: ArgumentTypes<F>): ReturnType<F>;
	immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

/** F's parameters, as better-sqlite3's types infer them. */
export type ArgumentTypes<F extends TransactionFunction> = F extends (
	...args: infer A
) => unknown
	? A
	: never;

/** A connection the store runs its statements on: better-sqlite3's Database, or PostgreSQL's (pg/sync.ts). */
export interface Handle {
	/** True inside a transaction (or a savepoint of one). */
	readonly inTransaction: boolean;
	prepare<
		// biome-ignore lint/complexity/noBannedTypes: better-sqlite3's own signature (an object of named parameters)
		BindParameters extends unknown[] | {} = unknown[],
		Result = unknown,
	>(source: string): Statement<BindParameters, Result>;
	transaction<F extends TransactionFunction>(fn: F): Transaction<F>;
	/** Run one or more statements without parameters or results (schema changes). */
	exec(source: string): unknown;
	/** SQLite's PRAGMA; PostgreSQL answers the few the store reads (see pg/sync.ts). */
	pragma(source: string, options?: { simple?: boolean }): unknown;
	close(): unknown;
	/** "postgres" on a PostgreSQL connection; better-sqlite3's has no such property. */
	readonly engine?: "postgres";
}

/** The engine behind a connection. */
export function engineOfHandle(db: Handle): "sqlite" | "postgres" {
	return db.engine === "postgres" ? "postgres" : "sqlite";
}
