/**
 * The PostgreSQL benchmark (docs/central.md): on a throwaway local cluster (test/postgres.ts),
 * N generated Markdown reports (default 200, the seed's 44 measures each, test/batch-gen.ts):
 * - `tailan import DIR` into a SQLite file and into PostgreSQL (one process each, as run);
 * - `tailan import DIR --queue` then two `tailan worker` processes draining the queue, without
 *   and with K SIGKILLs at random moments (killed workers restarted), each file checked done
 *   exactly once and every report whole;
 * - `tailan export --format json` from both, compared byte for byte.
 *
 *   npx tsx scripts/bench-pg.ts [--count N] [--kills K]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const { values } = parseArgs({
	options: {
		count: { type: "string", default: "200" },
		kills: { type: "string", default: "10" },
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

	for (const k of [0, kills]) {
		const url = await server.createDatabase(`queue_${k}`);
		const q = tailan("import", input, "--queue", "--db", url);
		console.log(`enqueue ${count} files: ${s(q.ms)}`);
		const started = performance.now();
		const workers = [worker(url), worker(url)];
		// Random moments, spread over the expected run (about count × 40 ms per worker pair).
		for (let i = 0; i < k; i++) {
			await sleep(1500 + Math.random() * 1500);
			const which = Math.floor(Math.random() * 2);
			const w = workers[which];
			if (!w) continue;
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
			"SELECT state, COUNT(*) AS n, SUM(CASE WHEN attempts > 1 THEN 1 ELSE 0 END) AS retried FROM import_queue GROUP BY state",
		);
		const whole = await pool.query<{ n: number }>(
			`SELECT COUNT(*) AS n FROM reports r WHERE (SELECT COUNT(*) FROM measures m WHERE m.report_id = r.id) = 44`,
		);
		const docs = await pool.query<{ n: number }>(
			"SELECT COUNT(*) AS n FROM documents",
		);
		await pool.end();
		console.log(
			`2 workers, ${k} SIGKILLs: ${s(ms)} (${(count / (ms / 1000)).toFixed(1)} reports/s); queue ${rows
				.map((r) => `${r.state} ${r.n} (retried ${r.retried})`)
				.join(
					", ",
				)}; reports whole ${whole.rows[0]?.n}/${count}; documents ${docs.rows[0]?.n}`,
		);
	}
} catch (error) {
	if (!(error instanceof SaveOnly)) throw error;
} finally {
	server.stop();
	rmSync(dir, { recursive: true, force: true });
}
