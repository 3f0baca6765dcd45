/**
 * The batch benchmark: `tailan import` of N generated Markdown reports (default 1,000, rendered
 * from the seed with page breaks, splits and pushes by test/render.ts) into a fresh database,
 * with --jobs 1 and --jobs 2, as the user runs it (bin/tailan.js with its launcher's Node flags,
 * scripts/launcher.ts). Prints wall time,
 * reports/s, CPU time and peak memory (the process's, worker threads and V8's GC and compiler
 * threads included) next to two parse-only floors, each reading the same files and parsing them
 * in one thread, with no document model, pipeline or store:
 * - floor: remark-parse + remark-gfm in this process (V8's default heap: a small young
 *   generation, a full GC every few reports);
 * - floor': parsers/markdown's parseMarkdown (GFM tables alone when the text allows it: the parse
 *   the import runs) in a child process with the parse workers' heap settings (batch/engine.ts).
 * On a busy machine compare CPU times, and ratios to the floors measured in the same run.
 *
 *   npx tsx scripts/bench-batch.ts [--count N] [--jobs 1,2]
 *   npm run bench                   (runs it after the single-report benchmark)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import {
	DEFAULT_WORKER_INITIAL_OLD_MB,
	DEFAULT_WORKER_YOUNG_MB,
} from "../batch/engine.ts";
import { parseMarkdown } from "../parsers/markdown/index.ts";
import { generateReports, writeReports } from "../test/batch-gen.ts";
import { BIN, launcherNodeFlags } from "./launcher.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

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
	cpuSeconds: number;
	counts: { imported: number; failed: number; duplicates: number };
	peakRssBytes: number;
}

/** Wall and CPU seconds (this process, all threads) of `run`. */
function timed(run: () => void): { wall: number; cpu: number } {
	const t = performance.now();
	const c = process.cpuUsage();
	run();
	const { user, system } = process.cpuUsage(c);
	return { wall: (performance.now() - t) / 1000, cpu: (user + system) / 1e6 };
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
		const gfm = timed(() => {
			for (const path of paths) processor.parse(readFileSync(path, "utf8"));
		});
		const floor = gfm.wall;
		write(
			`floor    ${floor.toFixed(1)} s  ${(count / floor).toFixed(1)} reports/s  CPU ${gfm.cpu.toFixed(1)} s  (remark-parse + remark-gfm alone, one thread)\n`,
		);
		const used = floorInChild(join(dir, "reports"));
		write(
			`floor'   ${used.wall.toFixed(1)} s  ${(count / used.wall).toFixed(1)} reports/s  CPU ${used.cpu.toFixed(1)} s  (parseMarkdown alone, one thread, the parse workers' heap)\n`,
		);

		let code = 0;
		for (const jobs of jobsList) {
			const db = join(dir, `jobs-${jobs}.db`);
			const reportFile = join(dir, `jobs-${jobs}.json`);
			t = performance.now();
			const run = spawnSync(
				process.execPath,
				[
					...launcherNodeFlags(),
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
				`jobs ${jobs}   ${wall.toFixed(1)} s  ${(count / wall).toFixed(1)} reports/s  (${(wall / floor).toFixed(2)}× floor, ${(wall / used.wall).toFixed(2)}× floor'; import loop ${report.seconds.toFixed(1)} s)  CPU ${report.cpuSeconds.toFixed(1)} s  peak RSS ${(report.peakRssBytes / 1024 / 1024).toFixed(0)} MiB  ${report.counts.imported} imported, ${report.counts.failed} failed\n`,
			);
		}
		return code;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** parseMarkdown over every file of `dir`, in a child process with the parse workers' heap. */
function floorInChild(dir: string): { wall: number; cpu: number } {
	const run = spawnSync(
		process.execPath,
		[
			...launcherNodeFlags(),
			// A worker's young generation is three semi-spaces (V8), its old space set by batch/engine.ts.
			`--max-semi-space-size=${Math.floor(DEFAULT_WORKER_YOUNG_MB / 3)}`,
			`--initial-old-space-size=${DEFAULT_WORKER_INITIAL_OLD_MB}`,
			"--import",
			"tsx",
			fileURLToPath(import.meta.url),
			"--floor",
			dir,
		],
		{ cwd: ROOT, encoding: "utf8" },
	);
	if (run.status !== 0)
		throw new Error(`the floor's child process failed: ${run.stderr}`);
	return JSON.parse(run.stdout) as { wall: number; cpu: number };
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({
		options: {
			count: { type: "string", default: "1000" },
			jobs: { type: "string", default: "1,2" },
			floor: { type: "string" },
		},
	});
	if (values.floor !== undefined) {
		const dir = values.floor;
		const paths = readdirSync(dir).map((name) => join(dir, name));
		const result = timed(() => {
			for (const path of paths) parseMarkdown(readFileSync(path, "utf8"));
		});
		process.stdout.write(JSON.stringify(result));
		process.exit(0);
	}
	process.exitCode = runBatchBench({
		count: Number(values.count),
		jobs: values.jobs.split(",").map(Number),
	});
}
