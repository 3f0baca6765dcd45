import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { onPostgres } from "../test/engine.ts";
import {
	BUSY_TIMEOUT_MS,
	loadMigrations,
	migrate,
	openStore,
	userVersion,
} from "./index.ts";

const dirs: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), "tailan-migrate-"));
	dirs.push(dir);
	return dir;
}
afterEach(() => {
	for (const dir of dirs.splice(0))
		rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
	it("should set user_version to the number of migration files", () => {
		const db = new Database(":memory:");
		expect(migrate(db)).toBe(loadMigrations().length);
		expect(userVersion(db)).toBe(loadMigrations().length);
		db.close();
	});

	it("should number the migration files 1, 2, 3, … without gaps", () => {
		const migrations = loadMigrations();
		expect(migrations.length).toBeGreaterThan(0);
		expect(migrations.map((m) => m.version)).toEqual(
			migrations.map((_, i) => i + 1),
		);
		expect(migrations[0]?.name).toBe("001_init.sql");
	});

	it("should create the documented tables and views", () => {
		const db = new Database(":memory:");
		migrate(db);
		const names = db
			.prepare<[], { name: string }>(
				"SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'measures_fts_%' AND name NOT LIKE 'measures_stems_%' ORDER BY name",
			)
			.all()
			.map((r) => r.name);
		expect(names).toEqual([
			"clerks",
			"corrections",
			"decisions",
			"documents",
			"flag_decisions",
			"flags",
			"goals",
			"hold_acceptances",
			"holds",
			"import_attempts",
			"import_runs",
			"indicator_keys",
			"indicator_links",
			"indicator_series",
			"measures",
			"measures_fts",
			"measures_stems",
			"page_images",
			"provenance",
			"reimports",
			"renditions",
			"report_levels",
			"report_versions",
			"reports",
			"sources",
			"v_department_year",
			"v_holds",
			"v_indicator_history",
			"v_indicator_links",
			"v_measures",
			"v_open_flags",
			"v_report_summary",
		]);
		db.close();
	});

	it("should apply nothing when the database is already up to date", () => {
		const path = join(tempDir(), "t.db");
		openStore(path).close();
		const store = openStore(path, { mustExist: true });
		expect(store.counts().documents).toBe(0);
		store.close();
		const db = new Database(path);
		expect(userVersion(db)).toBe(loadMigrations().length);
		expect(db.pragma("journal_mode", { simple: true })).toBe(
			onPostgres ? "postgresql" : "wal",
		);
		db.close();
	});

	it("should refuse a database from a newer tailan", () => {
		const db = new Database(":memory:");
		db.pragma(`user_version = ${loadMigrations().length + 1}`);
		expect(() => migrate(db)).toThrow(/newer than this tailan knows/);
		db.close();
	});

	it("should refuse migration files with a gap in their numbers", () => {
		const dir = tempDir();
		writeFileSync(join(dir, "001_a.sql"), "CREATE TABLE a (x INTEGER);");
		writeFileSync(join(dir, "003_c.sql"), "CREATE TABLE c (x INTEGER);");
		expect(() => loadMigrations(pathToFileURL(`${dir}/`))).toThrow(
			/003_c\.sql should be numbered 002/,
		);
	});

	it("should leave the database at the previous version when a migration fails", () => {
		const dir = tempDir();
		writeFileSync(join(dir, "001_a.sql"), "CREATE TABLE a (x INTEGER);");
		writeFileSync(
			join(dir, "002_b.sql"),
			"CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);",
		);
		const db = new Database(":memory:");
		expect(() => migrate(db, loadMigrations(pathToFileURL(`${dir}/`)))).toThrow(
			/already exists/,
		);
		expect(userVersion(db)).toBe(1);
		expect(
			db.prepare("SELECT name FROM sqlite_schema WHERE name = 'b'").get(),
		).toBeUndefined();
		db.close();
	});
});

describe("openStore", () => {
	it("should use WAL, foreign keys and the busy timeout on file databases", () => {
		const store = openStore(join(tempDir(), "t.db"));
		expect(store.info()).toMatchObject({
			userVersion: loadMigrations().length,
			journalMode: onPostgres ? "postgresql" : "wal",
			foreignKeys: true,
			busyTimeoutMs: BUSY_TIMEOUT_MS,
		});
		store.close();
	});

	it("should allow :memory: databases, with foreign keys on", () => {
		const store = openStore(":memory:");
		expect(store.info()).toMatchObject({
			userVersion: loadMigrations().length,
			journalMode: onPostgres ? "postgresql" : "memory",
			foreignKeys: true,
		});
		store.close();
	});

	it("should not create a file when mustExist is set", () => {
		const path = join(tempDir(), "missing.db");
		expect(() => openStore(path, { mustExist: true })).toThrow();
	});
});
