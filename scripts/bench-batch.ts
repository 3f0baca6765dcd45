/**
 * The batch benchmark: `tailan import` of N generated Markdown reports (default 1,000, rendered
 * from the seed with page breaks, splits and pushes by test/render.ts) into a fresh database,
 * with --jobs 1 and --jobs 2, as the user runs it (`node bin/tailan.js`). Prints wall time,
 * reports/s and peak memory (the process's max RSS, worker threads included) next to the
 * parse-only floor (remark-parse + remark-gfm over the same files in one thread).
 *
 *   npx tsx scripts/bench-batch.ts [--count N] [--jobs 1,2]
 *   npm run bench                   (runs it after the single-report benchmark)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { generateReports, writeReports } from "../test/batch-gen.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));

export interface BatchBenchOptions {
	/** Reports to generate (default 1000). */
	count?: number;
	/** The --jobs values to run (default [1, 2]). */
	jobs?: number[];
	/** Where output goes (default stdout). */
	write?: (text: string) => void;
}

interface ImportReport {
	seconds: number;
	counts: { imported: number; failed: number; duplicates: number };
	peakRssBytes: number;
}

/** Run the benchmark; returns the exit code (1 when an import did not store every report). */
export function runBatchBench(options: BatchBenchOptions = {}): number {
	const count = options.count ?? 1000;
	const jobsList = options.jobs ?? [1, 2];
	const write = options.write ?? ((t: string) => process.stdout.write(t));
	const dir = mkdtempSync(join(tmpdir(), "tailan-bench-batch-"));
	try {
		let t = performance.now();
		const reports = generateReports(count);
		const paths = writeReports(join(dir, "reports"), reports);
		const bytes = reports.reduce((n, r) => n + Buffer.byteLength(r.text), 0);
		write(
			`batch    ${count} generated reports, ${(bytes / 1024 / 1024).toFixed(1)} MiB (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
		);

		const processor = unified().use(remarkParse).use(remarkGfm);
		t = performance.now();
		for (const path of paths) processor.parse(readFileSync(path, "utf8"));
		const floor = (performance.now() - t) / 1000;
		write(
			`floor    ${floor.toFixed(1)} s  ${(count / floor).toFixed(1)} reports/s  (remark parse alone, one thread)\n`,
		);

		let code = 0;
		for (const jobs of jobsList) {
			const db = join(dir, `jobs-${jobs}.db`);
			const reportFile = join(dir, `jobs-${jobs}.json`);
			t = performance.now();
			const run = spawnSync(
				process.execPath,
				[
					BIN,
					"import",
					join(dir, "reports"),
					"--db",
					db,
					"--jobs",
					String(jobs),
					"--report",
					reportFile,
				],
				{ encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
			);
			const wall = (performance.now() - t) / 1000;
			const report = JSON.parse(
				readFileSync(reportFile, "utf8"),
			) as ImportReport;
			if (run.status !== 0 || report.counts.imported !== count) {
				code = 1;
				write(
					`error: --jobs ${jobs} exited ${run.status} with ${report.counts.imported} of ${count} imported\n${run.stderr.slice(0, 2000)}`,
				);
			}
			write(
				`jobs ${jobs}   ${wall.toFixed(1)} s  ${(count / wall).toFixed(1)} reports/s  (${(wall / floor).toFixed(1)}× the floor; import loop ${report.seconds.toFixed(1)} s)  peak RSS ${(report.peakRssBytes / 1024 / 1024).toFixed(0)} MiB  ${report.counts.imported} imported, ${report.counts.failed} failed\n`,
			);
		}
		return code;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({
		options: {
			count: { type: "string", default: "1000" },
			jobs: { type: "string", default: "1,2" },
		},
	});
	process.exitCode = runBatchBench({
		count: Number(values.count),
		jobs: values.jobs.split(",").map(Number),
	});
}
