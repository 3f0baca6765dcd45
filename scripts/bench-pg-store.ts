/**
 * The cost of the synchronous PostgreSQL connection (docs/central.md, "Measured"): on a throwaway
 * local cluster (test/postgres.ts), the same work on a SQLite file and on PostgreSQL:
 * - `tailan import samples/` and `tailan export --format json` (the CLI, one process each);
 * - a clerk's decision as the review app makes it (decideAsSeen: the status checked against the
 *   one the clerk saw, the decision row, one write transaction), median and p95 over every flag
 *   of N stored reports, accepted and then reopened;
 * - one statement's round trip (a primary-key read), median.
 *
 *   npx tsx scripts/bench-pg-store.ts [--reports N]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { decideAsSeen, openStore, type Store } from "../store/index.ts";
import { generateReports } from "../test/batch-gen.ts";
import { startPostgres } from "../test/postgres.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));
const { values } = parseArgs({
	options: { reports: { type: "string", default: "20" } },
});
const reports = Number(values.reports);

function tailan(...args: string[]): number {
	const started = performance.now();
	const r = spawnSync(process.execPath, [BIN, ...args], {
		encoding: "utf8",
		maxBuffer: 1 << 30,
	});
	if (r.status !== 0)
		throw new Error(`tailan ${args[0]} exited ${r.status}: ${r.stderr}`);
	return performance.now() - started;
}

const quantile = (xs: number[], q: number) => {
	const sorted = [...xs].sort((a, b) => a - b);
	return (
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
	);
};

function decisions(store: Store): { median: number; p95: number; n: number } {
	for (const report of generateReports(reports))
		store.importResult(ingestMarkdown(report.text, { file: report.name }));
	const times: number[] = [];
	const by = { who: "bench", reason: "bench" };
	for (const [status, seen] of [
		["accepted", "open"],
		["open", "accepted"],
	] as const)
		for (const f of store.listFlags({ status: seen })) {
			const t = performance.now();
			const outcome = decideAsSeen(store, f.id, status, seen, by);
			// A hold's flag is decided with its report (acceptHolds): not a clerk's decision here.
			if (outcome.ok) times.push(performance.now() - t);
		}
	return {
		median: quantile(times, 0.5),
		p95: quantile(times, 0.95),
		n: times.length,
	};
}

function roundTrip(store: Store): number {
	const times: number[] = [];
	for (let i = 0; i < 500; i++) {
		const t = performance.now();
		store.findDocument(`${i}`.padStart(64, "0"));
		times.push(performance.now() - t);
	}
	return quantile(times, 0.5);
}

const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), "tailan-bench-pg-store-"));
try {
	const engines = {
		SQLite: join(dir, "bench.db"),
		PostgreSQL: await server.createDatabase("bench"),
	};
	const rows: string[] = [];
	for (const [engine, db] of Object.entries(engines)) {
		const imported = tailan("import", SAMPLES, "--db", db);
		const exported = tailan("export", "--db", db, "--format", "json");
		const store = openStore(db);
		try {
			const d = decisions(store);
			const rt = roundTrip(store);
			rows.push(
				`| ${engine} | ${(imported / 1000).toFixed(1)} s | ${(exported / 1000).toFixed(1)} s | ${d.median.toFixed(1)} ms (p95 ${d.p95.toFixed(1)}, ${d.n} decisions) | ${rt.toFixed(2)} ms |`,
			);
		} finally {
			store.close();
		}
	}
	console.log(
		"| engine | `tailan import samples/` | `tailan export --format json` | a clerk's decision (decideAsSeen) | one statement (median) |",
	);
	console.log("| --- | --- | --- | --- | --- |");
	for (const row of rows) console.log(row);
} finally {
	rmSync(dir, { recursive: true, force: true });
	server.stop();
}
