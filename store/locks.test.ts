/**
 * Every write path takes the write lock before it reads (BEGIN IMMEDIATE) and waits within the
 * busy timeout while another process writes (issue 13). Another process holds the lock — as an
 * import does while it stores a report — and each write path is called meanwhile: it must wait
 * and succeed, not fail with "database is locked". A DEFERRED transaction that reads first
 * fails at once there, whatever the busy timeout (SQLite cannot wait on that upgrade).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { onPostgres } from "../test/engine.ts";
import { openBatchLog } from "./batch.ts";
import { storeError } from "./errors.ts";
import {
	isDatabaseBusy,
	loadMigrations,
	migrate,
	NotADatabaseError,
	openIndicators,
	openStore,
	reviewStore,
	type Store,
	StoreBusyError,
	StoreError,
	userVersion,
} from "./index.ts";
import { holdWriteLock, SEED_INPUT, seedIngestResult } from "./testing.ts";

const dir = mkdtempSync(join(tmpdir(), "tailan-locks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `write` while another process holds the write lock for a moment. */
async function underLock<T>(db: string, write: () => T): Promise<T> {
	const holder = await holdWriteLock(db, { ms: 150 });
	try {
		return write();
	} finally {
		await holder.release();
	}
}

describe("write paths while another process holds the write lock", () => {
	const db = join(dir, "t.db");
	let store: Store;
	let seedId: number;
	beforeAll(() => {
		store = openStore(db);
		// The seed through the pipeline: its narratives, flags and cross-checks.
		seedId = store.importResult(
			ingestMarkdown(readFileSync(SEED_INPUT, "utf8"), { file: "seed.md" }),
		).reportId;
	});
	afterAll(() => store.close());

	it("should wait, not fail, in store.importResult, addCorrection and setFlagStatus", async () => {
		const next = seedIngestResult(Buffer.from("another year"));
		next.record = {
			...next.record,
			report: { ...next.record.report, year: 2023 },
		};
		const outcome = await underLock(db, () => store.importResult(next));
		expect(outcome.status).toBe("imported");
		const stored = await underLock(db, () =>
			store.addCorrection({
				reportId: seedId,
				item: "1.1",
				field: "achievement",
				newValue: "под замком",
				reason: "lock test",
				who: "tester",
			}),
		);
		expect(store.listCorrections(seedId).at(-1)?.id).toBe(stored.id);
		const flag = store.listFlags({ reportId: seedId })[0];
		await underLock(db, () => store.setFlagStatus(flag?.id ?? 0, "accepted"));
		expect(reviewStore(store).flag(flag?.id ?? 0)?.status).toBe("accepted");
	});

	it("should wait, not fail, in the review store's correct, move, undo, recheck and transaction", async () => {
		const review = reviewStore(store);
		const corrected = await underLock(db, () =>
			review.correct({
				reportId: seedId,
				item: "2.1",
				field: "achievement",
				newValue: "засвар под замком",
				reason: "lock test",
				who: "tester",
			}),
		);
		expect(corrected.newValue).toBe("засвар под замком");
		const narrative =
			review.item(seedId, "3.3")?.effective.achievement.split("\n") ?? [];
		expect(narrative.length).toBeGreaterThan(1);
		const [, to] = await underLock(db, () =>
			review.move({
				reportId: seedId,
				from: "3.3",
				direction: "next",
				fragment: narrative.at(-1) ?? "",
				who: "tester",
			}),
		);
		expect(to.item).toBe("3.4");
		const undone = await underLock(db, () =>
			review.undo(corrected.id, "tester"),
		);
		expect(undone.reason).toBe(`undo of correction #${corrected.id}`);
		await underLock(db, () => review.recheck(seedId));
		// Read, then write, in one transaction: what `tailan corrections import` does.
		const flag = review.queue({ reportId: seedId })[0];
		await underLock(db, () =>
			review.transaction(() => {
				if (review.flag(flag?.id ?? 0)?.status === "open")
					review.setFlagStatus(flag?.id ?? 0, "rejected");
			}),
		);
		expect(review.flag(flag?.id ?? 0)?.status).toBe("rejected");
	});

	it("should wait, not fail, in the M&E links: keys, proposals, decisions and series", async () => {
		const indicators = openIndicators(store);
		try {
			const keyed = await underLock(db, () => indicators.refreshKeys());
			expect(keyed).toBeGreaterThan(0);
			const proposed = await underLock(db, () => indicators.proposeLinks());
			expect(proposed.aboveThreshold).toBeGreaterThan(0);
			const link = indicators.listLinks()[0];
			const decided = await underLock(db, () =>
				indicators.rejectLink(link?.id ?? 0, "tester", "lock test"),
			);
			expect(decided.status).toBe("rejected");
			expect(
				await underLock(db, () => indicators.rebuildSeries()),
			).toBeGreaterThan(0);
		} finally {
			indicators.close();
		}
	});

	it("should wait, not fail, in the batch log", async () => {
		const log = openBatchLog(db);
		try {
			const runId = await underLock(db, () =>
				log.startRun({ args: ["x"], jobs: 1 }),
			);
			const at = new Date().toISOString();
			await underLock(db, () =>
				log.recordAttempt({
					runId,
					path: "x.md",
					sha256: null,
					bytes: null,
					status: "failed",
					reason: "test",
					fix: "none",
					reportId: null,
					replacedDocumentId: null,
					replacedSha256: null,
					renditionOf: null,
					stage: null,
					notRetried: false,
					startedAt: at,
					finishedAt: at,
				}),
			);
			await underLock(db, () =>
				log.finishRun(runId, "finished", {
					files: 1,
					imported: 0,
					duplicates: 0,
					renditions: 0,
					failed: 1,
					flags: 0,
				}),
			);
			expect(log.listRuns().at(-1)).toMatchObject({
				id: runId,
				status: "finished",
				failed: 1,
			});
		} finally {
			log.close();
		}
	});
});

describe("migrations while another process holds the write lock", () => {
	it("should apply each migration once when another process migrates meanwhile", async () => {
		const db = join(dir, "old.db");
		const all = loadMigrations();
		const old = new Database(db);
		old.pragma("journal_mode = WAL");
		migrate(old, all.slice(0, 2));
		// This connection reads version 2, then waits for the lock while another process applies
		// the newer migrations: it must find them applied, not apply them again.
		expect(userVersion(old)).toBe(2);
		const holder = await holdWriteLock(db, {
			ms: 150,
			sql: `${all
				.slice(2)
				.map((m) => m.sql)
				.join("\n;\n")};\nPRAGMA user_version = ${all.length};`,
		});
		try {
			expect(migrate(old, all)).toBe(all.length);
		} finally {
			await holder.release();
			old.close();
		}
	});
});

describe("a write that waited longer than the busy timeout", () => {
	it("should fail as 'busy', write nothing, and succeed once the lock is free", async () => {
		const db = join(dir, "busy.db");
		openStore(db).close();
		const store = openStore(db, { busyTimeoutMs: 50 });
		try {
			store.importResult(seedIngestResult());
			const holder = await holdWriteLock(db);
			const correction = {
				reportId: 1,
				item: "1.1",
				field: "achievement",
				newValue: "ждёт",
				reason: "busy test",
				who: "tester",
			};
			let thrown: unknown;
			try {
				reviewStore(store).correct(correction);
			} catch (error) {
				thrown = error;
			} finally {
				await holder.release();
			}
			expect(isDatabaseBusy(thrown), String(thrown)).toBe(true);
			// The store's own error, not the engine's: callers catch the class (errors.ts).
			expect(thrown).toBeInstanceOf(StoreBusyError);
			expect((thrown as StoreBusyError).cause).toMatchObject({
				code: onPostgres ? "55P03" : expect.stringMatching(/^SQLITE_BUSY/),
			});
			expect(store.listCorrections()).toHaveLength(0);
			reviewStore(store).correct(correction);
			expect(store.listCorrections()).toHaveLength(1);
		} finally {
			store.close();
		}
	});

	it("should tell busy errors from other errors", () => {
		expect(
			isDatabaseBusy(
				Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }),
			),
		).toBe(true);
		expect(
			isDatabaseBusy(
				Object.assign(new Error("x"), { code: "SQLITE_BUSY_SNAPSHOT" }),
			),
		).toBe(true);
		expect(
			isDatabaseBusy(Object.assign(new Error("x"), { code: "SQLITE_CORRUPT" })),
		).toBe(false);
		expect(isDatabaseBusy(new TypeError("database is locked"))).toBe(false);
		expect(isDatabaseBusy(undefined)).toBe(false);
	});
});

describe("the store's errors", () => {
	it("should be the store's classes, the engine's error kept as the cause", () => {
		const busy = storeError(
			Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }),
		);
		expect(busy).toBeInstanceOf(StoreBusyError);
		expect(busy).toMatchObject({
			code: "SQLITE_BUSY",
			message: "database is locked",
		});
		const notDb = storeError(
			Object.assign(new Error("file is not a database"), {
				code: "SQLITE_NOTADB",
			}),
		);
		expect(notDb).toBeInstanceOf(NotADatabaseError);
		expect(notDb).toBeInstanceOf(StoreError);
		const corrupt = storeError(
			Object.assign(new Error("x"), { code: "SQLITE_CORRUPT" }),
		);
		expect(corrupt).toBeInstanceOf(StoreError);
		expect(corrupt).not.toBeInstanceOf(StoreBusyError);
		// Anything else passes through unchanged: a bad argument, the caller's own error.
		const own = new TypeError("bad id");
		expect(storeError(own)).toBe(own);
	});

	it("should be thrown by openStore for a file that is not a database", () => {
		const path = join(dir, "not-a-database.db");
		writeFileSync(path, "this is a text file, not SQLite ".repeat(100));
		expect(() => openStore(path)).toThrow(NotADatabaseError);
	});

	it("should be thrown by a store's methods, which stay the same object", () => {
		const path = join(dir, "broken-view.db");
		const store = openStore(path);
		try {
			store.importResult(seedIngestResult());
			const review = reviewStore(store);
			expect(reviewStore(store)).toBe(review);
			// Another program breaks the schema: the statements fail inside the methods.
			const raw = new Database(path);
			raw.exec("DROP VIEW v_report_summary; DROP VIEW v_open_flags");
			raw.close();
			let thrown: unknown;
			try {
				store.listReports();
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(StoreError);
			expect(thrown).not.toBeInstanceOf(StoreBusyError);
			expect(thrown).toMatchObject({
				code: onPostgres ? "PG_42P01" : "SQLITE_ERROR",
				message: expect.stringContaining("v_report_summary"),
			});
			// A bad argument is still the TypeError it was.
			expect(() => store.listFlags({ reportId: 0 })).toThrow(TypeError);
		} finally {
			store.close();
		}
	});
});
