/**
 * The PostgreSQL side of the test harness (test/pg-setup.ts installs it when
 * TAILAN_TEST_ENGINE=postgres): every database a test opens becomes a fresh PostgreSQL database
 * cloned from the run's template (test/pg-global.ts). ":memory:" is a new database each time; a
 * new database file is one database for as long as the file is there (the file is written as a
 * placeholder naming it, so `existsSync` and a second open find it); a file that already exists
 * and was not made here (a damaged file, a copy) stays SQLite's, as do paths that must exist
 * but do not — so the errors about files stay SQLite's own.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { inject } from "vitest";
import type { Handle } from "../store/handle.ts";
import { connectPostgres, type PostgresHandle } from "../store/pg/sync.ts";
import { isPostgresUrl } from "../store/pg/url.ts";
import { TEMPLATE } from "./engine.ts";

let admin: PostgresHandle | undefined;
const created: string[] = [];
const files = new Map<string, string>();
const handles: Handle[] = [];

function base(): string {
	const url = inject("tailanPostgres");
	if (!url)
		throw new Error(
			"TAILAN_TEST_ENGINE=postgres but no cluster was started (vitest.config.ts globalSetup test/pg-global.ts)",
		);
	return url;
}

/** A new database cloned from the template; returns its URL. */
export function freshDatabase(): string {
	admin ??= connectPostgres(`${base()}/postgres`, { busyTimeoutMs: 60_000 });
	const name = `t${process.pid}_${created.length}_${Math.random().toString(36).slice(2, 8)}`;
	admin.prepare(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`).run();
	created.push(name);
	return `${base()}/${name}`;
}

/** The database a path given to the store stands for (see the module comment). */
export function databaseFor(path: string, mustExist: boolean): string {
	if (path === "" || isPostgresUrl(path)) return path;
	if (path === ":memory:") return freshDatabase();
	const file = resolve(path);
	const known = files.get(file);
	if (known !== undefined && existsSync(file)) return known;
	if (existsSync(file) || mustExist || !existsSync(dirname(file))) return path;
	const url = freshDatabase();
	files.set(file, url);
	writeFileSync(
		file,
		`tailan test: this file stands for the PostgreSQL database ${url}\n`,
	);
	return url;
}

/** The database of a file a store opened before (undefined: none, the file stays SQLite's). */
export function mappedDatabase(path: string): string | undefined {
	if (path === "" || path === ":memory:") return undefined;
	if (isPostgresUrl(path)) return path;
	const file = resolve(path);
	return existsSync(file) ? files.get(file) : undefined;
}

/** A connection to the database a file stands for (a test's own `new Database(file)`). */
export function connectMapped(url: string): PostgresHandle {
	return track(connectPostgres(url, { busyTimeoutMs: 15_000 }));
}

/** Remember a connection, closed after the test file if the test left it open. */
export function track<T extends Handle>(db: T): T {
	handles.push(db);
	return db;
}

/** Close what the test file left open and drop its databases. */
export function cleanUp(): void {
	for (const db of handles.splice(0))
		try {
			db.close();
		} catch {
			// already closed, or its connection is gone: nothing to do
		}
	if (admin === undefined) return;
	for (const name of created.splice(0))
		admin.prepare(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).run();
	admin.close();
	admin = undefined;
	files.clear();
}
