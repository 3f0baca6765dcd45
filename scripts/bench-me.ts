/**
 * M&E bench (issue 6): a database of 200 departments × 10 years from the corpus generator
 * (≈ 90k measures), then the median and p95 of history, compare, the department × year pivot and
 * search, and the time an import spends linking one new report.
 *
 * How the database is built: the generated ReportRecords are stored directly with
 * store.importResult (one transaction per report, FTS rows and all), not rendered and parsed —
 * the parser is benched by scripts/bench.ts; here only the queries are. Then links are proposed
 * (timed once) and the queries run against a file database in WAL mode, as the CLI would.
 *
 * Both engines side by side (issue 15: history/compare ≤ 20 ms median on both): the same corpus
 * stored in a SQLite file and in PostgreSQL (a throwaway local cluster, test/postgres.ts, or the
 * database of --db postgres://…), the same store functions timed on each. On PostgreSQL the CPU
 * column is this process's only (the server's is not counted).
 *
 *   npx tsx scripts/bench-me.ts [--departments 200] [--years 10] [--runs 50]
 *                               [--engines sqlite,postgres] [--db FILE|postgres://…]
 *                               [--pg-options="-c jit=off"] [--built]
 *
 * --built: the database of --db already holds this corpus (an earlier run): query it only.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { IngestResult } from "../pipeline/ingest.ts";
import { levelsByYear, linkImported, openStore } from "../store/index.ts";
import { openIndicators } from "../store/indicators.ts";
import { createPool } from "../store/pg/connect.ts";
import { postgresBin, startPostgres } from "../test/postgres.ts";
import { makeCorpus } from "./make-corpus.ts";

export type Engine = "sqlite" | "postgres";

export interface MeBenchOptions {
	departments?: number;
	years?: number;
	runs?: number;
	/**
	 * Measure this database only: a SQLite file (kept) or a postgres:// URL of an empty database
	 * (default: a temporary file and a throwaway cluster, deleted after).
	 */
	db?: string;
	/**
	 * The database of --db already holds the bench's corpus (an earlier run with the same
	 * --departments and --years): query it only, do not store it again.
	 */
	built?: boolean;
	/** Engines measured when no --db is given (default both). */
	engines?: readonly Engine[];
	/**
	 * PostgreSQL settings for the bench's connections (libpq `options`, e.g. "-c jit=off"); the
	 * server's defaults are then measured too, after them.
	 */
	pgOptions?: string;
}

type Timing = { median: number; p95: number; cpu: number };

function quantile(samples: number[], q: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return (
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
	);
}

function time(
	runs: number,
	fn: (i: number) => unknown,
): { median: number; p95: number; cpu: number } {
	fn(0); // warm-up: statement caches, page cache
	const samples: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < runs; i++) {
		const used = process.cpuUsage();
		const start = performance.now();
		fn(i);
		samples.push(performance.now() - start);
		const spent = process.cpuUsage(used);
		cpu.push((spent.user + spent.system) / 1000);
	}
	// CPU time too: on a shared machine the wall time also counts the waits for a core.
	return {
		median: quantile(samples, 0.5),
		p95: quantile(samples, 0.95),
		cpu: quantile(cpu, 0.5),
	};
}

type Corpus = ReturnType<typeof makeCorpus>;

/** The queries' timings on one engine, by name (the side-by-side table's rows). */
interface EngineRun {
	engine: string;
	lines: string[];
	timings: Map<string, Timing>;
}

/** Store the corpus in `path` (a SQLite file or a postgres:// URL), time the queries. */
function measureOn(
	engine: string,
	path: string,
	corpus: Corpus,
	generated: number,
	departments: number,
	years: number,
	runs: number,
	build = true,
): EngineRun {
	const lines: string[] = [];
	{
		let start = performance.now();
		const store = openStore(path);
		const indicators = openIndicators(store);
		if (build) {
			start = performance.now();
			let measures = 0;
			for (const report of corpus.reports) {
				const sha256 = createHash("sha256")
					.update(`bench:${report.file}`)
					.digest("hex");
				const result: IngestResult = {
					status: "ok",
					document: {
						file: report.file,
						format: "markdown",
						sha256,
						bytes: 0,
						pages: [],
						issues: [],
					},
					record: report.record,
					flags: [],
					decisions: [],
					issues: [],
					holds: [],
				};
				store.importResult(result);
				measures += report.record.measures.length;
			}
			const stored = performance.now() - start;
			start = performance.now();
			const outcome = indicators.proposeLinks();
			const proposed = performance.now() - start;
			lines.push(
				`database  ${engine}: ${departments} departments × ${years} years = ${corpus.reports.length} reports, ${measures} measures (generated ${(generated / 1000).toFixed(1)} s, stored directly with store.importResult ${(stored / 1000).toFixed(1)} s)`,
				`links     proposeLinks ${(proposed / 1000).toFixed(1)} s: ${outcome.aboveThreshold} used, ${outcome.belowThreshold} below the threshold, ${outcome.series} series`,
			);
		} else lines.push(`database  ${engine}: the same database, queried again`);

		// Queries as users ask them: every indicator of the seed's department, its history in that
		// department (the M&E question), and the same across all departments (a key shared by
		// 200 departments: ~1,500 rows, up to ~12,000 for "Хэрэгжилтийн хувь").
		const dept = "Төрийн захиргааны удирдлагын хэлтэс";
		const keys = indicators
			.listIndicators({ department: dept })
			.filter((i) => i.reports >= years / 2)
			.map((i) => i.indicator);
		const lastYear = Math.max(...corpus.reports.map((r) => r.year));
		const historyDept = time(runs, (i) =>
			indicators.history(keys[i % keys.length] as string, { department: dept }),
		);
		const historyRange = time(runs, (i) =>
			indicators.history(keys[i % keys.length] as string, {
				department: "Хөгжлийн бодлого",
				from: lastYear - 5,
			}),
		);
		const history = time(runs, (i) =>
			indicators.history(keys[i % keys.length] as string),
		);
		const compare = time(runs, (i) =>
			indicators.compare({ year: lastYear - (i % years) }),
		);
		const compareOrg = time(runs, (i) =>
			indicators.compare({ year: lastYear - (i % years), by: "organization" }),
		);
		// The department × year pivot and the comparison of several years (the M&E pages): levels of
		// every department in every year, one pass.
		const pivot = time(runs, () => levelsByYear(store));
		const pivotOrg = time(runs, () =>
			levelsByYear(store, { by: "organization" }),
		);
		const compareYears = time(runs, (i) =>
			levelsByYear(store, {
				years: [lastYear - 2 - (i % 3), lastYear - 1, lastYear],
			}),
		);
		const terms = [
			"өргөдөл гомдол",
			"сургалт",
			"цахим хуудас",
			"Хью Парсонс",
			"гэрээ байгуулсан",
			"архив",
		];
		const search = time(runs, (i) =>
			indicators.search(terms[i % terms.length] as string),
		);
		// What an import does after storing a report: link its department's reports (linkImported).
		const lastOfDept = corpus.reports.length;
		start = performance.now();
		const linked = build ? linkImported(store, [lastOfDept]) : { used: 0 };
		const linkOne = performance.now() - start;
		const ms = (t: { median: number; p95: number; cpu: number }) =>
			`median ${t.median.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, CPU median ${t.cpu.toFixed(2)} ms`;
		lines.push(
			`history   ${ms(historyDept)}  (one department: --department; ${keys.length} indicators)`,
			`history   ${ms(historyRange)}  (--department, --from)`,
			`history   ${ms(history)}  (every department: the whole key, hundreds to thousands of rows)`,
			`compare   ${ms(compare)}  (--by department, ${departments} rows)`,
			`compare   ${ms(compareOrg)}  (--by organization)`,
			`pivot     ${ms(pivot)}  (levels of every department × year)`,
			`pivot     ${ms(pivotOrg)}  (by organization)`,
			`compare   ${ms(compareYears)}  (several years: 3 years × every department)`,
			`search    ${ms(search)}  (FTS5, best 20 with snippets; ${terms.length} queries)`,
			...(build
				? [
						`linking   ${(linkOne / 1000).toFixed(2)} s after importing one report (its department's reports matched again: ${linked.used} links used)`,
					]
				: []),
			`load      ${loadavg()
				.map((l) => l.toFixed(1))
				.join(" ")} (load average while measuring, 1/5/15 min)`,
			`targets   history (one department), compare and pivot ≤ 20 ms median, search ≤ 50 ms median: ${historyDept.median <= 20 && historyRange.median <= 20 && compare.median <= 20 && compareOrg.median <= 20 && pivot.median <= 20 && compareYears.median <= 20 && search.median <= 50 ? "met" : "NOT met"}`,
		);
		indicators.close();
		store.close();
		const timings = new Map<string, Timing>([
			["history, one department", historyDept],
			["history, --department --from", historyRange],
			["history, every department", history],
			["compare, by department", compare],
			["compare, by organization", compareOrg],
			["pivot (department × year)", pivot],
			["compare, several years", compareYears],
			["search", search],
		]);
		return { engine, lines, timings };
	}
}

const engineOf = (db: string): Engine =>
	/^postgres(ql)?:\/\//i.test(db) ? "postgres" : "sqlite";

/** Build the database on each engine, time the queries, return the report lines. */
export async function benchMe(options: MeBenchOptions = {}): Promise<string[]> {
	const departments = options.departments ?? 200;
	const years = options.years ?? 10;
	const runs = options.runs ?? 50;
	const start = performance.now();
	// Every department keeps all the gold's items (≈ 45 per report with the extras): ≈ 90k measures.
	// addPct 1: fewer items missing in early years, so the database holds ≈ 90k measures as the issue asks.
	const corpus = makeCorpus({ departments, years, basePct: 100, addPct: 1 });
	const generated = performance.now() - start;
	const engines: Engine[] = options.db
		? [engineOf(options.db)]
		: [...(options.engines ?? ["sqlite", "postgres"])];
	const lines: string[] = [];
	const done: EngineRun[] = [];
	for (const engine of engines) {
		const name = engine === "sqlite" ? "SQLite" : "PostgreSQL";
		if (engine === "postgres" && !options.db && !postgresBin()) {
			lines.push(
				`database  ${name}: not measured (PostgreSQL is not installed: apt-get install -y postgresql)`,
			);
			continue;
		}
		const dir = options.db
			? undefined
			: mkdtempSync(join(tmpdir(), "tailan-bench-me-"));
		const server =
			engine === "postgres" && !options.db ? await startPostgres() : undefined;
		try {
			const plain =
				options.db ?? (server ? server.url : join(dir as string, "bench.db"));
			// --pg-options: server settings for this connection (libpq's `options`, e.g. "-c jit=off").
			const path =
				engine === "postgres" && options.pgOptions
					? `${plain}${plain.includes("?") ? "&" : "?"}options=${encodeURIComponent(options.pgOptions)}`
					: plain;
			const label =
				engine === "postgres" && options.pgOptions
					? `${name} (${options.pgOptions})`
					: name;
			const run = measureOn(
				label,
				path,
				corpus,
				generated,
				departments,
				years,
				runs,
				!options.built,
			);
			lines.push(...run.lines);
			done.push(run);
			if (engine === "postgres") {
				// The same queries once the planner has statistics (autovacuum gathers them after a
				// bulk load, when it gets round to it; ANALYZE does it at once).
				const pool = createPool(path, 1);
				const analyzing = performance.now();
				try {
					await pool.query("ANALYZE");
				} finally {
					await pool.end();
				}
				lines.push(
					`analyze   ${((performance.now() - analyzing) / 1000).toFixed(2)} s (ANALYZE of the whole database, ${corpus.reports.length} reports)`,
				);
				const again = measureOn(
					`${label} after ANALYZE`,
					path,
					corpus,
					generated,
					departments,
					years,
					runs,
					false,
				);
				lines.push(...again.lines);
				done.push(again);
				if (options.pgOptions) {
					// The server's own settings too (a few runs: with JIT on, a history takes seconds).
					const defaults = measureOn(
						`${name} after ANALYZE, server defaults`,
						plain,
						corpus,
						generated,
						departments,
						years,
						Math.min(runs, 3),
						false,
					);
					lines.push(...defaults.lines);
					done.push(defaults);
				}
			}
		} catch (error) {
			// An engine the store cannot open yet is a line of the report, not a crash.
			if (engine !== "postgres") throw error;
			lines.push(
				`database  ${name}: not measured: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
			);
		} finally {
			server?.stop();
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	}
	if (done.length > 1) {
		// Side by side: the medians of each query on each engine.
		const names = [...(done[0]?.timings.keys() ?? [])];
		const width = Math.max(...names.map((n) => n.length));
		lines.push(
			`side by side, median (p95) ms: ${done.map((r) => r.engine).join(" | ")}`,
			...names.map(
				(n) =>
					`  ${n.padEnd(width)}  ${done
						.map((r) => {
							const t = r.timings.get(n);
							return t
								? `${t.median.toFixed(2).padStart(8)} (${t.p95.toFixed(2)})`
								: "—";
						})
						.join("  |  ")}`,
			),
		);
	}
	return lines;
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({
		options: {
			departments: { type: "string", default: "200" },
			years: { type: "string", default: "10" },
			runs: { type: "string", default: "50" },
			db: { type: "string" },
			engines: { type: "string", default: "sqlite,postgres" },
			"pg-options": { type: "string" },
			built: { type: "boolean", default: false },
		},
	});
	const engines = (values.engines ?? "").split(",").map((e) => {
		if (e !== "sqlite" && e !== "postgres")
			throw new Error(`--engines: "${e}" is not sqlite or postgres`);
		return e as Engine;
	});
	const lines = await benchMe({
		departments: Number(values.departments),
		years: Number(values.years),
		runs: Number(values.runs),
		engines,
		built: values.built === true && values.db !== undefined,
		...(values.db === undefined ? {} : { db: values.db }),
		...(values["pg-options"] === undefined
			? {}
			: { pgOptions: values["pg-options"] }),
	});
	process.stdout.write(`${lines.join("\n")}\n`);
}
