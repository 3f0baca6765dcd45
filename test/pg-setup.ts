/**
 * vitest setupFiles for `TAILAN_TEST_ENGINE=postgres` (vitest.config.ts adds it only then):
 * every connection the store opens (connect/openConnection of store/connection.ts, the one way
 * to a database) goes to a fresh PostgreSQL database instead of a SQLite file or ":memory:"
 * (test/pg-harness.ts), so the store, review, M&E and in-process CLI tests run unchanged on
 * PostgreSQL. Production code reads no test variable: the mapping is this mock.
 */
import { afterAll, vi } from "vitest";
import { setFreshDatabase } from "./engine.ts";
import { cleanUp } from "./pg-harness.ts";

vi.mock(import("../store/connection.ts"), async (importOriginal) => {
	const original = await importOriginal();
	const harness = await import("./pg-harness.ts");
	return {
		...original,
		connect: (path, options) =>
			harness.track(
				original.connect(
					harness.databaseFor(path, options.fileMustExist),
					options,
				),
			),
		openConnection: (path, options) =>
			harness.track(
				original.openConnection(
					harness.databaseFor(path, options.fileMustExist),
					options,
				),
			),
	};
});

// A test's own connection to a database file a store made (to check rows with SQL) reaches the
// same PostgreSQL database; any other file stays SQLite's.
vi.mock(import("better-sqlite3"), async (importOriginal) => {
	const original = (await importOriginal()).default;
	const harness = await import("./pg-harness.ts");
	function Database(
		this: unknown,
		path: string,
		options?: ConstructorParameters<typeof original>[1],
	) {
		const url = harness.mappedDatabase(path);
		return url === undefined
			? new original(path, options)
			: harness.connectMapped(url);
	}
	Database.prototype = original.prototype;
	return { default: Database as unknown as typeof original };
});

// Another process holding the write lock of a database file a store made holds PostgreSQL's.
vi.mock(import("../store/testing.ts"), async (importOriginal) => {
	const original = await importOriginal();
	const harness = await import("./pg-harness.ts");
	return {
		...original,
		holdWriteLock: (path, options) =>
			original.holdWriteLock(harness.mappedDatabase(path) ?? path, options),
	};
});

const { freshDatabase } = await import("./pg-harness.ts");
setFreshDatabase(freshDatabase);
// Dropping a file's databases (a property test makes dozens) is one DROP … WITH (FORCE) each,
// a checkpoint and the files removed: on a loaded machine that took over vitest's 60 s default.
afterAll(cleanUp, 300_000);
