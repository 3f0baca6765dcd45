/**
 * The memory benchmark of the bad-input suite (test/bad-inputs.ts, full scale: a Word file whose
 * entry inflates to 1.3 GB while stating 170 kB, a 1.3 GB PDF stream, a 190 MiB one-line text, a
 * 56-megapixel blank page, two Markdown files that drive the parser to its worker's heap limit at
 * once, …): `tailan import` of the whole folder as the user runs it (bin/tailan.js, its launcher's
 * flags, default --jobs), its wall time and peak RSS (the process's, every thread included)
 * against the budget of 1.5 GiB. Exit code 1 over the budget or when a file's outcome is not the
 * one the suite expects.
 *
 *   npx tsx scripts/bench-bad-inputs.ts [--jobs N]
 *   npm run bench                (runs it; --bad 0 skips it)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeBadInputs } from "../test/bad-inputs.ts";
import { BIN, launcherNodeFlags } from "./launcher.ts";

/** Issue 13's budget for the whole batch. */
export const BAD_INPUT_BUDGET_BYTES = 1.5 * 1024 ** 3;

export interface BadInputBenchOptions {
	/** --jobs given to the import (default: the import's own default). */
	jobs?: number;
	write?: (text: string) => void;
}

/** Run the benchmark; returns the exit code. */
export function runBadInputBench(options: BadInputBenchOptions = {}): number {
	const write = options.write ?? ((t: string) => process.stdout.write(t));
	const dir = mkdtempSync(join(tmpdir(), "tailan-bench-bad-"));
	try {
		const inputs = writeBadInputs(join(dir, "in"), { scale: "full" });
		const bytes = inputs.reduce((n, i) => n + i.bytes.length, 0);
		const report = join(dir, "report.json");
		const t = performance.now();
		const run = spawnSync(
			process.execPath,
			[
				...launcherNodeFlags(),
				BIN,
				"import",
				join(dir, "in"),
				"--db",
				join(dir, "x.db"),
				"--report",
				report,
				...(options.jobs ? ["--jobs", String(options.jobs)] : []),
			],
			{ encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
		);
		const wall = (performance.now() - t) / 1000;
		const json = JSON.parse(readFileSync(report, "utf8")) as {
			peakRssBytes: number;
			files: { path: string; status: string; reason: string | null }[];
		};
		let code = 0;
		const unexpected: string[] = [];
		for (const input of inputs) {
			const o = json.files.find((f) => f.path === input.path);
			const ok =
				o !== undefined &&
				(input.expect === "imported"
					? o.status === "imported"
					: o.status === "failed" && input.expect.test(o.reason ?? ""));
			if (!ok)
				unexpected.push(
					`  ${input.name}: ${o?.status ?? "missing"} ${o?.reason ?? ""}`,
				);
		}
		const peak = json.peakRssBytes;
		if (peak > BAD_INPUT_BUDGET_BYTES || unexpected.length > 0) code = 1;
		write(
			[
				`bad input ${inputs.length} files, ${(bytes / 1024 / 1024).toFixed(0)} MiB (full scale: 1.3 GB bombs), exit ${run.status}`,
				`          ${wall.toFixed(1)} s  peak RSS ${(peak / 1024 ** 3).toFixed(2)} GiB (budget ${(BAD_INPUT_BUDGET_BYTES / 1024 ** 3).toFixed(1)} GiB)  ${json.files.filter((f) => f.status === "imported").length} read (UTF-16/32), ${json.files.filter((f) => f.status === "failed").length} refused by name`,
				...(unexpected.length > 0
					? ["error: outcomes not as the suite expects:", ...unexpected]
					: []),
				"",
			].join("\n"),
		);
		return code;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({ options: { jobs: { type: "string" } } });
	process.exitCode = runBadInputBench({
		...(values.jobs ? { jobs: Number(values.jobs) } : {}),
	});
}
