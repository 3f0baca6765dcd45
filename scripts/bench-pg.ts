/**
 * The PostgreSQL benchmark (docs/central.md): on a throwaway local cluster (test/postgres.ts),
 * N generated Markdown reports (default 200, the seed's 44 measures each, test/batch-gen.ts):
 * - `tailan import DIR` into a SQLite file and into PostgreSQL (one process each, as run);
 * - `tailan import DIR --queue` then two `tailan worker` processes draining the queue, without
 *   and with K SIGKILLs at random moments (killed workers restarted), each file checked done
 *   exactly once and every report whole; with the N files, a 24-page scan (scripts/long-scan.ts:
 *   the gold report and 22 more items, printed and scanned at 300 dpi into an image-only PDF),
 *   queued first, so kills land while a worker OCRs it: its report must hold every item of its
 *   record, in order;
 * - `tailan export --format json` from both, compared byte for byte.
 *
 *   npx tsx scripts/bench-pg.ts [--count N] [--kills K] [--no-scan] [--queue-only]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore } from "../store/index.ts";
import { createPool } from "../store/pg/connect.ts";
import { openRepository } from "../store/repository.ts";
import { generateReports, writeReports } from "../test/batch-gen.ts";
import { startPostgres } from "../test/postgres.ts";
import { longScan } from "./long-scan.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const { values } = parseArgs({
	options: {
		count: { type: "string", default: "200" },
		kills: { type: "string", default: "10" },
		// Leave the 24-page scan out of the queue runs.
		"no-scan": { type: "boolean", default: false },
		// Only the queue runs (no save-only, direct import or export timing).
		"queue-only": { type: "boolean", default: false },
	},
});
const count = Number(values.count);
const kills = Number(values.kills);

function tailan(...args: string[]) {
	const started = performance.now();
	const r = spawnSync(process.execPath, [BIN, ...args], {
		encoding: "utf8",
		maxBuffer: 1 << 30,
	});
	const ms = performance.now() - started;
	if (r.status !== 0)
		throw new Error(`tailan ${args[0]} exited ${r.status}: ${r.stderr}`);
	return { ms, stdout: r.stdout };
}

function worker(url: string): {
	child: ChildProcess;
	exited: Promise<number | null>;
} {
	const child = spawn(
		process.execPath,
		[
			BIN,
			"worker",
			"--db",
			url,
			"--exit-when-empty",
			"--lease",
			"3",
			"--poll",
			"0.2",
			"--max-attempts",
			"50",
			// A scan's page under a heavy load: the default 60 s would fail it, not time it.
			"--timeout",
			"600",
		],
		{ stdio: ["ignore", "ignore", "inherit"] },
	);
	return {
		child,
		exited: new Promise((r) => child.on("exit", (code) => r(code))),
	};
}

/** BENCH_SAVE_ONLY: stop after the store-only timing. */
class SaveOnly extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), "tailan-bench-pg-"));
try {
	const reports = generateReports(count);
	const input = join(dir, "in");
	writeReports(input, reports);
	const measures = reports.reduce((n, r) => n + r.record.measures.length, 0);
	console.log(`${count} reports, ${measures} measures`);

	const scan = values["no-scan"]
		? undefined
		: await longScan({ log: (l) => console.log(l) });
	if (scan)
		console.log(
			`scan: ${scan.pdf} (${scan.pages} pages, ${scan.record.measures.length} items, ${(statSync(scan.pdf).size / 1e6).toFixed(1)} MB)`,
		);
	if (!values["queue-only"]) await directRuns();

	async function directRuns() {
		// The store alone: the parsed reports saved one transaction each, in this process.
		const parsed = reports.map((r) => ingestMarkdown(r.text, { file: r.name }));
		const sqliteStore = openStore(join(dir, "save.db"));
		let started = performance.now();
		for (const r of parsed) sqliteStore.importResult(r);
		const saveSqlite = performance.now() - started;
		sqliteStore.close();
		const repo = await openRepository(await server.createDatabase("save"));
		started = performance.now();
		for (const r of parsed) await repo.saveReport(r);
		const savePg = performance.now() - started;
		await repo.close();
		console.log(
			`save only (${count} reports): SQLite ${(saveSqlite / count).toFixed(1)} ms/report, PostgreSQL ${(savePg / count).toFixed(1)} ms/report`,
		);
		if (process.env.BENCH_SAVE_ONLY) throw new SaveOnly();

		const file = join(dir, "bench.db");
		const a = tailan("import", input, "--db", file);
		console.log(
			`import → SQLite:      ${s(a.ms)} (${(count / (a.ms / 1000)).toFixed(1)} reports/s)`,
		);
		const direct = await server.createDatabase("direct");
		const b = tailan("import", input, "--db", direct);
		console.log(
			`import → PostgreSQL:  ${s(b.ms)} (${(count / (b.ms / 1000)).toFixed(1)} reports/s, one process)`,
		);
		const ea = tailan("export", "--format", "json", "--db", file);
		const eb = tailan("export", "--format", "json", "--db", direct);
		console.log(
			`export json: SQLite ${s(ea.ms)}, PostgreSQL ${s(eb.ms)}; ${ea.stdout.length} characters, byte-identical: ${ea.stdout === eb.stdout}`,
		);
	}

	for (const k of [0, kills]) {
		const url = await server.createDatabase(`queue_${k}`);
		// The scan first: the workers start on it, so kills land while it is OCRed.
		if (scan) tailan("import", scan.pdf, "--queue", "--db", url);
		const q = tailan("import", input, "--queue", "--db", url);
		const files = count + (scan ? 1 : 0);
		console.log(`enqueue ${files} files: ${s(q.ms)}`);
		const started = performance.now();
		const workers = [worker(url), worker(url)];
		// Random moments, 1.5–3 s apart: on a loaded 2-core machine the 24-page scan takes
		// minutes, so the first kills hit the worker reading it about every other time.
		const killed: string[] = [];
		for (let i = 0; i < k; i++) {
			await sleep(1500 + Math.random() * 1500);
			const which = Math.floor(Math.random() * 2);
			const w = workers[which];
			if (!w) continue;
			killed.push(`${((performance.now() - started) / 1000).toFixed(1)} s`);
			w.child.kill("SIGKILL");
			await w.exited;
			workers[which] = worker(url);
		}
		await Promise.all(workers.map((w) => w.exited));
		const ms = performance.now() - started;
		const pool = createPool(url, 1);
		const { rows } = await pool.query<{
			state: string;
			n: number;
			retried: number;
		}>(
			"SELECT state, COUNT(*)::int AS n, SUM(CASE WHEN attempts > 1 THEN 1 ELSE 0 END)::int AS retried FROM import_queue GROUP BY state",
		);
		// Whole: every measure with its two search rows and its provenance.
		const perReport = await pool.query<{
			name: string;
			measures: number;
			fts: number;
			stems: number;
			prov: number;
		}>(
			`SELECT d.name,
				(SELECT COUNT(*)::int FROM measures m WHERE m.report_id = r.id) AS measures,
				(SELECT COUNT(*)::int FROM measures m JOIN measures_fts f ON f.rowid = m.id WHERE m.report_id = r.id) AS fts,
				(SELECT COUNT(*)::int FROM measures m JOIN measures_stems t ON t.rowid = m.id WHERE m.report_id = r.id) AS stems,
				(SELECT COUNT(DISTINCT p.measure_id)::int FROM measures m JOIN provenance p ON p.measure_id = m.id WHERE m.report_id = r.id) AS prov
			FROM reports r JOIN documents d ON d.id = r.document_id`,
		);
		const isScan = (name: string) => name.endsWith(".pdf");
		const whole = perReport.rows.filter(
			(r) =>
				!isScan(r.name) &&
				r.measures === 44 &&
				r.fts === 44 &&
				r.stems === 44 &&
				r.prov === 44,
		).length;
		const docs = await pool.query<{ n: number }>(
			"SELECT COUNT(*)::int AS n FROM documents",
		);
		const once = await pool.query<{ n: number }>(
			`SELECT COUNT(*)::int AS n FROM import_queue q JOIN reports r ON r.id = q.report_id
				JOIN documents d ON d.id = r.document_id AND d.sha256 = q.sha256
			WHERE q.state = 'done' AND q.outcome = 'imported'`,
		);
		let scanLine = "";
		if (scan) {
			const job = await pool.query<{
				attempts: number;
				state: string;
				report_id: number | null;
				ms: number | null;
			}>(
				`SELECT attempts, state, report_id,
					(EXTRACT(EPOCH FROM (finished_at::timestamptz - started_at::timestamptz)) * 1000)::float8 AS ms
				FROM import_queue WHERE name LIKE '%.pdf'`,
			);
			const j = job.rows[0];
			const items = (
				await pool.query<{ item: string }>(
					"SELECT item FROM measures WHERE report_id = $1 ORDER BY id",
					[j?.report_id ?? -1],
				)
			).rows.map((r) => r.item);
			const expected = scan.record.measures.map((m) => m.item);
			const row = perReport.rows.find((r) => isScan(r.name));
			const scanWhole =
				row !== undefined &&
				row.fts === row.measures &&
				row.stems === row.measures &&
				row.prov === row.measures;
			scanLine = `; scan ${j?.state}, attempts ${j?.attempts}, read in ${s(j?.ms ?? 0)} (last attempt), items ${items.length}/${expected.length}${
				items.join() === expected.join()
					? " (the record's, in order)"
					: " (NOT the record's)"
			}, search rows and provenance ${scanWhole ? "whole" : "NOT whole"}`;
		}
		await pool.end();
		console.log(
			`2 workers, ${k} SIGKILLs${killed.length ? ` (at ${killed.join(", ")})` : ""}: ${s(ms)}; queue ${rows
				.map((r) => `${r.state} ${r.n} (retried ${r.retried})`)
				.join(
					", ",
				)}; done once, each its own report: ${once.rows[0]?.n}/${files}; Markdown reports whole ${whole}/${count}; documents ${docs.rows[0]?.n}${scanLine}`,
		);
	}
} catch (error) {
	if (!(error instanceof SaveOnly)) throw error;
} finally {
	server.stop();
	rmSync(dir, { recursive: true, force: true });
}
