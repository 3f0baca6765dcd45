/**
 * Schema migrations: store/migrations/NNN_name.sql, applied in order. PRAGMA user_version holds
 * the number of the last migration applied, so opening a database applies only the newer files.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Handle as Database } from "./handle.ts";
import { isPostgresHandle, migratePostgres } from "./pg/sync.ts";

/** Where the migration files live (next to this module). */
export const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

export interface Migration {
	/** 1-based; equals the file's NNN prefix and the user_version after it is applied. */
	version: number;
	name: string;
	sql: string;
}

/** Read the migration files, checking that they are numbered 1, 2, 3, … without gaps. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
	const files = readdirSync(dir)
		.filter((name) => name.endsWith(".sql"))
		.sort();
	return files.map((name, index) => {
		const match = /^(\d+)_[\w-]+\.sql$/.exec(name);
		const version = match ? Number(match[1]) : Number.NaN;
		if (version !== index + 1) {
			throw new Error(
				`store migrations: ${name} should be numbered ${String(index + 1).padStart(3, "0")}_<name>.sql (migrations are applied in order, without gaps)`,
			);
		}
		return { version, name, sql: readFileSync(new URL(name, dir), "utf8") };
	});
}

/**
 * Bring `db` up to the latest schema. Each migration runs in its own transaction together with
 * its user_version bump, so a failed migration leaves the database at the previous version.
 * @param db an open better-sqlite3 database
 * @param migrations the migrations to apply (default: the files in store/migrations/)
 * @returns the user_version after migrating
 */
export function migrate(
	db: Database,
	migrations: Migration[] = loadMigrations(),
): number {
	// PostgreSQL: the same files translated (store/dialect.ts), the version in tailan_schema.
	if (isPostgresHandle(db)) return migratePostgres(db, migrations);
	const current = userVersion(db);
	const latest = migrations.length;
	if (current > latest) {
		throw new Error(
			`database schema version ${current} is newer than this tailan knows (${latest}) — upgrade tailan or use another --db file`,
		);
	}
	// Two processes may open an old database at once: each migration takes the write lock first
	// (IMMEDIATE, waiting within the busy timeout) and reads the version again under it, so the
	// second process finds the migration applied instead of applying it twice.
	const applyNext = db.transaction((): boolean => {
		const migration = migrations[userVersion(db)];
		if (migration === undefined) return false;
		db.exec(migration.sql);
		// PRAGMA takes no bound parameters; the version is an integer we computed.
		db.pragma(`user_version = ${migration.version}`);
		return true;
	});
	if (current < latest) while (applyNext.immediate());
	return userVersion(db);
}

/** PRAGMA user_version: the number of migrations applied. */
export function userVersion(db: Database): number {
	return db.pragma("user_version", { simple: true }) as number;
}
