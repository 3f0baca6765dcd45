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
 *   npx tsx scripts/bench-me.ts [--departments 200] [--years 10] [--runs 50] [--db FILE]
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
import { makeCorpus } from "./make-corpus.ts";

export interface MeBenchOptions {
	departments?: number;
	years?: number;
	runs?: number;
	/** Keep the database here (default: a temporary file, deleted after). */
	db?: string;
}

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

/** Build the database, time the queries, return the report lines. */
export function benchMe(options: MeBenchOptions = {}): string[] {
	const departments = options.departments ?? 200;
	const years = options.years ?? 10;
	const runs = options.runs ?? 50;
	const dir =
		options.db === undefined
			? mkdtempSync(join(tmpdir(), "tailan-bench-me-"))
			: undefined;
	const path = options.db ?? join(dir as string, "bench.db");
	const lines: string[] = [];
	try {
		let start = performance.now();
		// Every department keeps all the gold's items (≈ 45 per report with the extras): ≈ 90k measures.
		// addPct 1: fewer items missing in early years, so the database holds ≈ 90k measures as the issue asks.
		const corpus = makeCorpus({ departments, years, basePct: 100, addPct: 1 });
		const generated = performance.now() - start;
		const store = openStore(path);
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
		const indicators = openIndicators(store);
		start = performance.now();
		const outcome = indicators.proposeLinks();
		const proposed = performance.now() - start;
		lines.push(
			`database  ${departments} departments × ${years} years = ${corpus.reports.length} reports, ${measures} measures (generated ${(generated / 1000).toFixed(1)} s, stored directly with store.importResult ${(stored / 1000).toFixed(1)} s)`,
			`links     proposeLinks ${(proposed / 1000).toFixed(1)} s: ${outcome.aboveThreshold} used, ${outcome.belowThreshold} below the threshold, ${outcome.series} series`,
		);

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
		const linked = linkImported(store, [lastOfDept]);
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
			`linking   ${(linkOne / 1000).toFixed(2)} s after importing one report (its department's reports matched again: ${linked.used} links used)`,
			`load      ${loadavg()
				.map((l) => l.toFixed(1))
				.join(" ")} (load average while measuring, 1/5/15 min)`,
			`targets   history (one department), compare and pivot ≤ 20 ms median, search ≤ 50 ms median: ${historyDept.median <= 20 && historyRange.median <= 20 && compare.median <= 20 && compareOrg.median <= 20 && pivot.median <= 20 && compareYears.median <= 20 && search.median <= 50 ? "met" : "NOT met"}`,
		);
		indicators.close();
		store.close();
		return lines;
	} finally {
		if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
	}
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
		},
	});
	const lines = benchMe({
		departments: Number(values.departments),
		years: Number(values.years),
		runs: Number(values.runs),
		...(values.db === undefined ? {} : { db: values.db }),
	});
	process.stdout.write(`${lines.join("\n")}\n`);
}
