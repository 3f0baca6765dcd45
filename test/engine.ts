/**
 * Which engine the test suite runs on: SQLite (the default) or PostgreSQL
 * (`TAILAN_TEST_ENGINE=postgres npx vitest run`, see test/pg-setup.ts). Tests that are about
 * SQLite itself (WAL, the busy timeout of a file, PRAGMA, file locks, a damaged file) skip on
 * PostgreSQL with the reason; CLI tests that start other processes give them `testDb()`.
 */
import { join } from "node:path";

export const TEST_ENGINE: "sqlite" | "postgres" =
	process.env.TAILAN_TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/** The database every test database is a copy of on PostgreSQL (the schema migrated, no rows). */
export const TEMPLATE = "tailan_template";

/** True when the suite runs on PostgreSQL. */
export const onPostgres = TEST_ENGINE === "postgres";

/** The hook test/pg-setup.ts installs on PostgreSQL: a fresh database cloned from the template. */
let freshDatabase: (() => string) | undefined;

export function setFreshDatabase(make: () => string): void {
	freshDatabase = make;
}

/**
 * The --db of a new database for a test: on SQLite the file `name` in `dir`; on PostgreSQL the
 * URL of a fresh database (migrated), for tests whose commands run in other processes.
 */
export function testDb(dir: string, name = "tailan.db"): string {
	if (!onPostgres) return join(dir, name);
	if (freshDatabase === undefined)
		throw new Error(
			"testDb: TAILAN_TEST_ENGINE=postgres but test/pg-setup.ts did not run (vitest.config.ts setupFiles)",
		);
	return freshDatabase();
}
