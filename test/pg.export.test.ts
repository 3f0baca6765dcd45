/**
 * The same reports on both engines: the samples imported through the CLI into a SQLite file and
 * into a real PostgreSQL (test/postgres.ts), then exported — the JSON (and CSV) export is
 * byte-identical. Also: the repository reads back what it saved, and TAILAN_DB picks the engine.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../pipeline/ingest.ts";
import { createPool } from "../store/pg/connect.ts";
import { openRepository } from "../store/repository.ts";
import { runCli } from "./cli.ts";
import { onPostgres } from "./engine.ts";
import {
	postgresUnavailable,
	startPostgres,
	type TestPostgres,
} from "./postgres.ts";

const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));
// Both engines already (a cluster of its own): run in the suite's SQLite pass only.
const skip = onPostgres
	? "(runs in the SQLite pass: it compares both engines itself)"
	: postgresUnavailable();

const run = (...argv: string[]) => runCli(argv);

describe.skipIf(skip !== undefined)(
	`PostgreSQL and SQLite ${skip ?? ""}`,
	() => {
		let server: TestPostgres;
		let dir: string;
		beforeAll(async () => {
			server = await startPostgres();
			dir = mkdtempSync(join(tmpdir(), "tailan-pg-export-"));
		}, 60_000);
		afterAll(() => {
			server?.stop();
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		it("should export the samples byte-identically from SQLite and PostgreSQL", async () => {
			const file = join(dir, "samples.db");
			const url = await server.createDatabase("export_samples");
			const intoSqlite = await run("import", SAMPLES, "--db", file);
			const intoPg = await run("import", SAMPLES, "--db", url);
			expect(intoSqlite.code).toBe(0);
			expect(intoPg.stderr).toBe("");
			expect(intoPg.code).toBe(0);
			// The same files stored as the same reports, in the same order.
			const lines = (text: string) =>
				text.split("\n").filter((l) => l.startsWith("imported "));
			expect(lines(intoPg.stdout)).toEqual(lines(intoSqlite.stdout));
			expect(lines(intoPg.stdout).length).toBeGreaterThanOrEqual(5);

			for (const format of ["json", "csv"]) {
				const a = await run("export", "--format", format, "--db", file);
				const b = await run("export", "--format", format, "--db", url);
				expect(a.code).toBe(0);
				expect(b.stderr).toBe("");
				expect(b.code).toBe(0);
				expect(Buffer.from(b.stdout).equals(Buffer.from(a.stdout))).toBe(true);
			}
			// The reports listing too (its held states included).
			const listA = await run("reports", "--db", file);
			const listB = await run("reports", "--db", url);
			expect(listB).toEqual({ ...listA });
			expect(listA.stdout.split("\n").length).toBeGreaterThan(5);
			const records = JSON.parse(
				(await run("export", "--format", "json", "--db", url)).stdout,
			) as { measures: unknown[] }[];
			expect(records.length).toBeGreaterThanOrEqual(5);
			expect(records.every((r) => r.measures.length > 0)).toBe(true);

			// The views the M&E queries and BI tools read give the same rows on both engines.
			const sqlite = new Database(file, { readonly: true });
			// The store's own pool: bigint and numeric read as numbers, as the repository reads them.
			const client = createPool(url, 1);
			try {
				const views: [string, string[]][] = [
					["v_measures", []],
					["v_report_summary", ["imported_at"]],
					["v_department_year", []],
					["v_open_flags", ["created_at"]],
					["v_indicator_history", ["series_id", "indicator_key"]],
					["v_holds", ["created_at"]],
				];
				for (const [view, clock] of views) {
					const rows = (list: Record<string, unknown>[]) =>
						list
							.map((r) =>
								JSON.stringify(
									Object.fromEntries(
										Object.entries(r).filter(([k]) => !clock.includes(k)),
									),
								),
							)
							.sort();
					const a = rows(
						sqlite.prepare(`SELECT * FROM ${view}`).all() as Record<
							string,
							unknown
						>[],
					);
					const b = rows((await client.query(`SELECT * FROM ${view}`)).rows);
					// The first row that differs (the whole view would drown the message).
					const diff = a.findIndex((row, i) => row !== b[i]);
					expect([view, b.length, b[diff] ?? null]).toEqual([
						view,
						a.length,
						a[diff] ?? null,
					]);
					if (view !== "v_holds") expect(a.length, view).toBeGreaterThan(0);
				}
			} finally {
				sqlite.close();
				await client.end();
			}

			// Word search: the same measures from FTS5 and from tsvector, case folded.
			const lite = await openRepository(file);
			const post = await openRepository(url);
			try {
				for (const words of ["сургалт", "СУРГАЛТ", "Төрийн албан", "төрийн"]) {
					const key = (hits: { reportId: number; item: string }[]) =>
						hits.map((h) => `${h.reportId}/${h.item}`).sort();
					const a = await lite.searchWords(words, { limit: 1000 });
					const b = await post.searchWords(words, { limit: 1000 });
					expect(a.length, words).toBeGreaterThan(0);
					expect(key(b), words).toEqual(key(a));
					expect(b.every((h) => h.snippet.includes("["))).toBe(true);
				}
			} finally {
				await lite.close();
				await post.close();
			}

			// Importing again: every file is a duplicate, nothing new.
			const again = await run("import", SAMPLES, "--db", url);
			expect(again.code).toBe(0);
			expect(again.stdout).not.toMatch(/^imported /m);
			expect(again.stdout).toMatch(/^duplicate /m);
		});

		it("should read back a saved report whole, with its flags counted, through TAILAN_DB", async () => {
			const url = await server.createDatabase("roundtrip");
			const seed = join(SAMPLES, "000_0e8ace6dce33d16c.txt");
			const result = await ingest(seed);
			const repo = await openRepository(url);
			try {
				const outcome = await repo.saveReport(result);
				expect(outcome.status).toBe("imported");
				expect((await repo.saveReport(result)).status).toBe("duplicate");
				const [listing] = await repo.listReports();
				expect(listing?.measures).toBe(result.record.measures.length);
				expect(listing?.openFlags).toBe(
					result.flags.length + result.holds.length,
				);
				expect(await repo.findDocument(result.document.sha256)).toEqual({
					documentId: outcome.documentId,
					reportId: outcome.reportId,
				});
			} finally {
				await repo.close();
			}
			const before = process.env.TAILAN_DB;
			process.env.TAILAN_DB = url;
			try {
				const exported = await run("export", "--format", "json");
				expect(exported.code).toBe(0);
				expect(JSON.parse(exported.stdout).measures).toHaveLength(
					result.record.measures.length,
				);
				// Every command speaks PostgreSQL: the flags, a hold's acceptance, the M&E queries.
				const flags = await run("flags");
				expect(flags.code, flags.stderr).toBe(0);
				expect(flags.stdout.trim().split("\n").length).toBeGreaterThan(1);
				const history = await run("indicators");
				expect(history.code, history.stderr).toBe(0);
				const listing = await run("reports");
				expect(listing.code).toBe(0);
				expect(listing.stdout).toMatch(/^id +year/);
			} finally {
				if (before === undefined) delete process.env.TAILAN_DB;
				else process.env.TAILAN_DB = before;
			}
		});
	},
);
