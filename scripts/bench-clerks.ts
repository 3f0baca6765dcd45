/**
 * Clerks deciding at once through the review app (issue 15: median decision ≤ 250 ms on
 * PostgreSQL): test/clerks-load.ts's run — reports imported with `tailan import`, clerks made
 * with `tailan clerks add`, `tailan review` in its own process, each clerk signed in and
 * deciding over HTTP (accept, reject, edit, narrative move; questions two clerks decide at the
 * same moment) — on SQLite and on PostgreSQL (a throwaway local cluster, test/postgres.ts),
 * timed per request from the clerk's side: median and 95th percentile, per kind and overall.
 * The run is checked as the test checks it (nothing lost) before its times are printed.
 *
 *   npx tsx scripts/bench-clerks.ts [--clerks 8] [--reports 3] [--engines sqlite,postgres]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { checkRun, percentiles, runClerksLoad } from "../test/clerks-load.ts";
import { postgresBin, startPostgres } from "../test/postgres.ts";

/** Issue 15's budget for the median decision on PostgreSQL. */
export const DECISION_BUDGET_MS = 250;

export type Engine = "sqlite" | "postgres";

export interface ClerksBenchOptions {
	clerks?: number;
	/** Reports each clerk owns (19 questions, 3 edits and 1 move each). */
	reportsPerClerk?: number;
	engines?: readonly Engine[];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** One engine's run, as lines; throws when the run lost anything. */
async function benchEngine(
	engine: Engine,
	options: Required<Omit<ClerksBenchOptions, "engines">>,
): Promise<string[]> {
	const dir = mkdtempSync(join(tmpdir(), "tailan-bench-clerks-"));
	const server = engine === "postgres" ? await startPostgres() : undefined;
	try {
		const db = server ? server.url : join(dir, "review.db");
		const run = await runClerksLoad({
			db,
			dir,
			clerks: options.clerks,
			reportsPerClerk: options.reportsPerClerk,
		});
		const problems = checkRun(run);
		if (problems.length > 0)
			throw new Error(
				`${engine}: ${problems.length} differences between what the clerks were told and what is stored:\n${problems.slice(0, 20).join("\n")}`,
			);
		const decisions = run.sent.filter(
			(s) => s.kind === "accept" || s.kind === "reject",
		);
		const all = percentiles(decisions.map((s) => s.ms));
		const lines = [
			`clerks   ${engine}: ${options.clerks} sessions at once, ${run.sent.length} requests in ${(run.wallMs / 1000).toFixed(1)} s, nothing lost (checked); decision (accept/reject) median ${ms(all.median)}, p95 ${ms(all.p95)}${engine === "postgres" ? ` (budget ${DECISION_BUDGET_MS} ms: ${all.median <= DECISION_BUDGET_MS ? "ok" : "OVER"})` : ""}`,
		];
		for (const kind of ["accept", "reject", "edit", "move"] as const) {
			const of = run.sent.filter((s) => s.kind === kind);
			const p = percentiles(of.map((s) => s.ms));
			const conflicts = of.filter((s) => s.status === 409).length;
			lines.push(
				`         ${kind.padEnd(6)} ${String(of.length).padStart(4)} requests: median ${ms(p.median)}, p95 ${ms(p.p95)}${conflicts ? ` (${conflicts} answered with the conflict page)` : ""}`,
			);
		}
		return lines;
	} finally {
		server?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The bench's lines: each engine in turn; an engine that cannot run says why. */
export async function benchClerks(
	options: ClerksBenchOptions = {},
): Promise<string[]> {
	const clerks = options.clerks ?? 8;
	const reportsPerClerk = options.reportsPerClerk ?? 3;
	const lines: string[] = [];
	for (const engine of options.engines ?? ["sqlite", "postgres"]) {
		if (engine === "postgres" && !postgresBin()) {
			lines.push(
				"clerks   postgres: not measured (PostgreSQL is not installed: apt-get install -y postgresql)",
			);
			continue;
		}
		lines.push(...(await benchEngine(engine, { clerks, reportsPerClerk })));
	}
	return lines;
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({
		options: {
			clerks: { type: "string", default: "8" },
			reports: { type: "string", default: "3" },
			engines: { type: "string", default: "sqlite,postgres" },
		},
	});
	const engines = (values.engines ?? "").split(",").map((e) => {
		if (e !== "sqlite" && e !== "postgres")
			throw new Error(`--engines: "${e}" is not sqlite or postgres`);
		return e as Engine;
	});
	const lines = await benchClerks({
		clerks: Number(values.clerks),
		reportsPerClerk: Number(values.reports),
		engines,
	});
	process.stdout.write(`${lines.join("\n")}\n`);
}
