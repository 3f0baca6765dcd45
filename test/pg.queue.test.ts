/**
 * The import queue across processes: Markdown reports (each its own department and year,
 * test/batch-gen.ts) enqueued with `tailan import … --queue` in batches of 30 (more while the
 * workers run, so the queue never runs dry however fast the machine), imported by two
 * `tailan worker` processes on one PostgreSQL while a worker is SIGKILLed at 10 random (seeded)
 * moments and restarted. Afterwards every file is done exactly once, every report is whole (all
 * its measures, search rows and provenance), and no killed worker left anything behind (no
 * document without its report, no second copy).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanFixtures } from "../scripts/make-scan-fixtures.ts";
import { loadGold } from "../scripts/scan-accuracy.ts";
import { generateReports, writeReports } from "./batch-gen.ts";
import { runCli } from "./cli.ts";
import { onPostgres } from "./engine.ts";
import {
	postgresUnavailable,
	startPostgres,
	type TestPostgres,
} from "./postgres.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
// Both engines already (a cluster of its own): run in the suite's SQLite pass only.
const skip = onPostgres
	? "(runs in the SQLite pass: it compares both engines itself)"
	: postgresUnavailable();
/** Reports per enqueued batch, and how many batches at most. */
const BATCH = 30;
const BATCHES = 10;
const MEASURES = 6;
const KILLS = 10;
/** The scan: the gold report's first pages, 300 dpi, as an image-only PDF. */
const SCAN_PAGES = [1, 2, 3];
/** Gold items on those pages (some may be held as cut short at the last page's end). */
const SCAN_MIN_ITEMS = 8;
/** The workers' lease on the scan, seconds: far shorter than reading three pages. */
const SCAN_LEASE = 2;
const gold = loadGold();

const run = (...argv: string[]) => runCli(argv);

interface Worker {
	child: ChildProcess;
	/** Lines "imported …" printed so far. */
	imported: number;
	stdout: string;
	exited: Promise<number | null>;
	/** True once the process has exited. */
	done: boolean;
	stderr: string;
}

function startWorker(
	url: string,
	options: { lease?: number; tmp?: string } = {},
): Worker {
	const child = spawn(
		process.execPath,
		[
			BIN,
			"worker",
			"--db",
			url,
			"--exit-when-empty",
			"--lease",
			String(options.lease ?? 1.5),
			"--poll",
			"0.2",
			"--max-attempts",
			"50",
		],
		{
			stdio: ["ignore", "pipe", "pipe"],
			...(options.tmp ? { env: { ...process.env, TMPDIR: options.tmp } } : {}),
		},
	);
	const worker: Worker = {
		child,
		imported: 0,
		stdout: "",
		stderr: "",
		done: false,
		exited: new Promise((resolve) =>
			child.on("exit", (code) => {
				worker.done = true;
				resolve(code);
			}),
		),
	};
	child.stdout?.setEncoding("utf8").on("data", (text: string) => {
		worker.stdout += text;
		worker.imported += text.match(/^imported /gm)?.length ?? 0;
	});
	child.stderr?.setEncoding("utf8").on("data", (text: string) => {
		worker.stderr += text;
	});
	return worker;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== undefined)(`import queue ${skip ?? ""}`, () => {
	let server: TestPostgres;
	let dir: string;
	let scanPdf: string;
	beforeAll(async () => {
		server = await startPostgres();
		dir = mkdtempSync(join(tmpdir(), "tailan-pg-queue-"));
		const scans = await scanFixtures({
			dpis: [300],
			formats: ["pdf"],
			pages: SCAN_PAGES,
		});
		if (!scans.pdf) throw new Error("scanFixtures wrote no PDF");
		scanPdf = scans.pdf;
	}, 600_000);
	afterAll(() => {
		server?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it("should import every queued file exactly once and whole while workers are SIGKILLed", async () => {
		const url = await server.createDatabase("queue");
		// Reports in batches: more are enqueued while the workers run whenever the queue runs low,
		// so all the kills land on a busy queue however fast the machine is.
		const reports = generateReports(BATCH * BATCHES, {
			measures: MEASURES,
			defects: false,
		});
		const batches = Array.from({ length: BATCHES }, (_, i) =>
			writeReports(
				join(dir, `batch-${i}`),
				reports.slice(i * BATCH, (i + 1) * BATCH),
			),
		);
		let enqueued = 0;
		const enqueueNext = async () => {
			const folder = join(dir, `batch-${enqueued / BATCH}`);
			const queued = await run("import", folder, "--queue", "--db", url);
			expect(queued.stderr).toBe("");
			expect(queued.code).toBe(0);
			expect(queued.stdout.match(/^queued /gm)).toHaveLength(BATCH);
			enqueued += BATCH;
		};
		await enqueueNext();
		await enqueueNext();
		// Enqueuing again adds nothing.
		const again = await run(
			"import",
			join(dir, "batch-0"),
			"--queue",
			"--db",
			url,
		);
		expect(again.stdout.match(/^known /gm)).toHaveLength(BATCH);

		// Random kill moments, reproducible: [which worker, ms after it imported a file].
		const moments = fc.sample(
			fc.tuple(
				fc.integer({ min: 0, max: 1 }),
				fc.integer({ min: 0, max: 400 }),
			),
			{ numRuns: KILLS, seed: 15 },
		);
		const watch = new pg.Client({ connectionString: url });
		await watch.connect();
		const workers = [startWorker(url), startWorker(url)];
		let kills = 0;
		try {
			for (const [which, delay] of moments) {
				const { rows } = await watch.query<{ n: number }>(
					"SELECT COUNT(*)::int AS n FROM import_queue WHERE state = 'queued'",
				);
				if ((rows[0]?.n ?? 0) < BATCH / 2 && enqueued < BATCH * BATCHES)
					await enqueueNext();
				let w = workers[which] as Worker;
				// Kill it while it works: after it has imported a file since it started.
				const started = Date.now();
				while (w.imported === 0 && Date.now() - started < 30_000) {
					if (w.done) {
						// It found nothing to claim at that moment and exited (--exit-when-empty:
						// the other worker had the rest, or a killed worker's lease had not run
						// out): more work if there is, and a new worker in its place.
						if (enqueued < BATCH * BATCHES) await enqueueNext();
						w = startWorker(url);
						workers[which] = w;
					}
					await sleep(20);
				}
				if (w.imported === 0) break; // the queue ran dry
				await sleep(delay);
				w.child.kill("SIGKILL");
				await w.exited;
				kills++;
				workers[which] = startWorker(url);
			}
		} finally {
			await watch.end();
		}
		const codes = await Promise.all(workers.map((w) => w.exited));
		expect(codes, workers.map((w) => w.stderr).join("\n")).toEqual([0, 0]);
		expect(kills).toBe(KILLS);
		const REPORTS = enqueued;

		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const jobs = await client.query<{
				state: string;
				n: number;
				retried: number;
			}>(
				"SELECT state, COUNT(*)::int AS n, SUM(CASE WHEN attempts > 1 THEN 1 ELSE 0 END)::int AS retried FROM import_queue GROUP BY state",
			);
			expect(jobs.rows.map((r) => [r.state, r.n])).toEqual([["done", REPORTS]]);
			// Some kills landed in the middle of a file: those files were claimed again.
			expect(jobs.rows[0]?.retried).toBeGreaterThanOrEqual(1);
			const count = async (sql: string) =>
				(await client.query<{ n: number }>(sql)).rows[0]?.n;
			expect(await count("SELECT COUNT(*)::int AS n FROM reports")).toBe(
				REPORTS,
			);
			expect(await count("SELECT COUNT(*)::int AS n FROM documents")).toBe(
				REPORTS,
			);
			expect(
				await count(
					"SELECT COUNT(DISTINCT (department, year))::int AS n FROM reports",
				),
			).toBe(REPORTS);
			// Whole: every report has all its measures, their search rows and provenance.
			const perReport = await client.query<{
				measures: number;
				fts: number;
				stems: number;
				prov: number;
			}>(
				`SELECT r.id,
						(SELECT COUNT(*)::int FROM measures m WHERE m.report_id = r.id) AS measures,
						(SELECT COUNT(*)::int FROM measures m JOIN measures_fts f ON f.rowid = m.id WHERE m.report_id = r.id) AS fts,
						(SELECT COUNT(*)::int FROM measures m JOIN measures_stems s ON s.rowid = m.id WHERE m.report_id = r.id) AS stems,
						(SELECT COUNT(DISTINCT p.measure_id)::int FROM measures m JOIN provenance p ON p.measure_id = m.id WHERE m.report_id = r.id) AS prov
					FROM reports r`,
			);
			for (const row of perReport.rows)
				expect(row).toMatchObject({
					measures: MEASURES,
					fts: MEASURES,
					stems: MEASURES,
					prov: MEASURES,
				});
			// Every done job points at its own report.
			expect(
				await count(
					`SELECT COUNT(DISTINCT q.report_id)::int AS n FROM import_queue q
						JOIN reports r ON r.id = q.report_id JOIN documents d ON d.id = r.document_id AND d.sha256 = q.sha256
						WHERE q.outcome = 'imported'`,
				),
			).toBe(REPORTS);
		} finally {
			await client.end();
		}
		expect(batches.flat().length).toBe(BATCH * BATCHES);
	}, 240_000);
	it("should store nothing of a scan whose worker is killed while reading it, then import it once and whole while its lease, shorter than the reading, is renewed", async () => {
		const url = await server.createDatabase("queue_scan");
		// The workers' temporary folder: what a killed worker leaves there is seen.
		const tmp = mkdtempSync(join(dir, "tmp-"));
		const queued = await run("import", scanPdf, "--queue", "--db", url);
		expect(queued.stderr).toBe("");
		expect(queued.stdout).toMatch(/^queued .*\.pdf → job 1$/m);
		const [delay] = fc.sample(fc.integer({ min: 1500, max: 4000 }), {
			numRuns: 1,
			seed: 15,
		});
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		const job = async () =>
			(
				await client.query<{
					state: string;
					attempts: number;
					outcome: string | null;
					report_id: number | null;
					ms: number | null;
				}>(
					`SELECT state, attempts, outcome, report_id,
						(EXTRACT(EPOCH FROM (finished_at::timestamptz - started_at::timestamptz)) * 1000)::float8 AS ms
					FROM import_queue`,
				)
			).rows[0];
		const count = async (table: string) =>
			(
				await client.query<{ n: number }>(
					`SELECT COUNT(*)::int AS n FROM ${table}`,
				)
			).rows[0]?.n;
		try {
			const first = startWorker(url, { lease: SCAN_LEASE, tmp });
			const started = Date.now();
			while ((await job())?.state !== "running") {
				expect(Date.now() - started).toBeLessThan(60_000);
				await sleep(50);
			}
			await sleep(delay ?? 2000);
			// Still reading the scan (rendering, laying out and OCRing its pages) when killed.
			expect(first.done).toBe(false);
			expect(first.imported).toBe(0);
			first.child.kill("SIGKILL");
			await first.exited;
			expect(await job()).toMatchObject({ state: "running", attempts: 1 });
			for (const table of [
				"documents",
				"reports",
				"measures",
				"measures_fts",
				"measures_stems",
				"provenance",
				"flags",
			])
				expect(await count(table), table).toBe(0);
			// The killed worker's copy of the scan is left until the next worker starts.
			expect(readdirSync(tmp).some((n) => n.startsWith("tailan-worker-"))).toBe(
				true,
			);

			// Two workers: one takes the scan once the dead worker's lease has run out; the other
			// asks for work every 0.2 s all the while, and would take the scan again if the reader's
			// lease were not renewed.
			const workers = [
				startWorker(url, { lease: SCAN_LEASE, tmp }),
				startWorker(url, { lease: SCAN_LEASE, tmp }),
			];
			const codes = await Promise.all(workers.map((w) => w.exited));
			const stderr = workers.map((w) => w.stderr).join("\n");
			expect(codes, stderr).toEqual([0, 0]);
			expect(stderr).not.toMatch(/taken over/);
			const done = await job();
			expect(done).toMatchObject({
				state: "done",
				attempts: 2,
				outcome: "imported",
			});
			// The reading outlasted the lease several times over: the renewals kept it.
			expect(done?.ms).toBeGreaterThan(3 * SCAN_LEASE * 1000);
			expect(workers.map((w) => w.imported).sort()).toEqual([0, 1]);

			// One report, whole: its items are the gold's first ones, each with its search rows and
			// provenance, as many as the worker said it imported.
			const said = /^imported .* \((\d+) measures/m.exec(
				workers.map((w) => w.stdout).join(""),
			);
			const n = Number(said?.[1]);
			expect(n).toBeGreaterThanOrEqual(SCAN_MIN_ITEMS);
			expect(await count("documents")).toBe(1);
			expect(await count("reports")).toBe(1);
			const items = (
				await client.query<{ item: string }>(
					"SELECT item FROM measures WHERE report_id = $1 ORDER BY id",
					[done?.report_id],
				)
			).rows.map((r) => r.item);
			expect(items).toEqual(gold.measures.slice(0, n).map((m) => m.item));
			expect(await count("measures_fts")).toBe(n);
			expect(await count("measures_stems")).toBe(n);
			expect(
				(
					await client.query<{ n: number }>(
						"SELECT COUNT(DISTINCT measure_id)::int AS n FROM provenance",
					)
				).rows[0]?.n,
			).toBe(n);
			// Nothing of tailan's left on disk: the new worker swept the killed one's folders (the
			// scan's copy, the OCR's model links), its own are gone. (tsx keeps its cache there.)
			expect(readdirSync(tmp).filter((n) => n.startsWith("tailan-"))).toEqual(
				[],
			);
		} finally {
			await client.end();
		}
	}, 600_000);
});
