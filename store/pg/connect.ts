/**
 * PostgreSQL connections and migrations (store/ internal). One pg Pool per repository; numbers
 * come back as JS numbers (COUNT's bigint and ROUND's numeric included) so rows read the same as
 * from SQLite. The schema is store/migrations/*.sql translated by store/dialect.ts; the version
 * applied is kept in `tailan_schema` (one row per component: "store" for the shared migrations,
 * "queue" for the PostgreSQL-only import queue) instead of PRAGMA user_version.
 */
import pg from "pg";
import { numberParameters, toPostgres } from "../dialect.ts";
import { loadMigrations, type Migration } from "../migrate.ts";
import {
	IDLE_IN_TRANSACTION_MS,
	LOCK_STATEMENT,
	MIGRATION_LOCK,
	SCHEMA_BUMP,
	SCHEMA_TABLE,
	SCHEMA_VERSION,
} from "./sync.ts";

const INT8 = 20;
const NUMERIC = 1700;

const types = {
	getTypeParser(oid: number, format?: "text" | "binary") {
		if (oid === INT8)
			return (value: string) => {
				const n = Number(value);
				if (!Number.isSafeInteger(n))
					throw new RangeError(`a bigint out of JS range: ${value}`);
				return n;
			};
		if (oid === NUMERIC) return (value: string) => Number(value);
		// biome-ignore lint/suspicious/noExplicitAny: pg's overloads differ by format only
		return pg.types.getTypeParser(oid, format as any);
	},
};

export function createPool(url: string, max = 4): pg.Pool {
	const pool = new pg.Pool({
		connectionString: url,
		max,
		types: types as pg.CustomTypesConfig,
		application_name: "tailan",
		// JIT off: the store's statements are short, and compiling them costs seconds (a history
		// call on a fresh database: 3.6 s of JIT for a 2–18 ms execution). A URL's `options` wins.
		options: "-c jit=off",
		// A client that vanishes mid-transaction (a worker's machine lost, not just killed: a killed
		// process's socket closes and the server rolls back at once) must not hold its locks for
		// hours: the server ends a transaction left idle this long, and TCP keepalives notice a
		// dead peer.
		idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
		keepAlive: true,
	});
	// An idle client's error (the server restarted) must not crash the process.
	pool.on("error", () => {});
	return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** Run `fn` in one transaction on one client; rolled back when it throws. */
export async function inTransaction<T>(
	pool: pg.Pool,
	fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query("BEGIN");
		const result = await fn(client);
		await client.query("COMMIT");
		return result;
	} catch (error) {
		await client.query("ROLLBACK").catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

/** A component's migrations, as PostgreSQL SQL. */
export interface PgMigration {
	version: number;
	name: string;
	sql: string;
}

/** store/migrations/*.sql translated to PostgreSQL (throws DialectError on a construct it cannot). */
export function storeMigrations(
	migrations: Migration[] = loadMigrations(),
): PgMigration[] {
	return migrations.map((m) => ({
		version: m.version,
		name: m.name,
		sql: toPostgres(m.sql, m.name),
	}));
}

/**
 * Bring one component's schema up to date; each migration in its own transaction with its
 * version bump, under an advisory lock, so two processes starting at once apply it once.
 * @returns the version after migrating
 */
export async function migratePg(
	pool: pg.Pool,
	component: string,
	migrations: PgMigration[],
): Promise<number> {
	const latest = migrations.length;
	for (;;) {
		const applied = await inTransaction(pool, async (client) => {
			await client.query(numberParameters(LOCK_STATEMENT).text, [
				MIGRATION_LOCK,
			]);
			await client.query(SCHEMA_TABLE);
			const current = await schemaVersion(client, component);
			if (current > latest)
				throw new Error(
					`database schema version ${current} (${component}) is newer than this tailan knows (${latest}) — upgrade tailan or use another --db`,
				);
			const next = migrations[current];
			if (next === undefined) return false;
			await client.query(next.sql);
			// The statements of the synchronous connection's migrations (pg/sync.ts), numbered here.
			await client.query(numberParameters(SCHEMA_BUMP).text, [
				component,
				next.version,
				new Date().toISOString(),
			]);
			return true;
		});
		if (!applied) break;
	}
	return await schemaVersion(pool, component);
}

export async function schemaVersion(
	db: Queryable,
	component: string,
): Promise<number> {
	const { rows } = await db.query<{ version: number }>(
		numberParameters(SCHEMA_VERSION).text,
		[component],
	);
	return rows[0]?.version ?? 0;
}
