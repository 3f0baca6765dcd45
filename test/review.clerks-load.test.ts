/**
 * Eight clerks deciding at once through the review app (issue 15): each made with
 * `tailan clerks add`, signed in with its own token to `tailan review` (its own process, on
 * 127.0.0.1), deciding over HTTP with its session and the page's CSRF token — accepts, rejects,
 * edits and narrative moves on its own reports, and questions two clerks decide at the same
 * moment (test/clerks-load.ts). Nothing may be lost: every answered decision is in the trail
 * (flag_decisions) with its clerk, every edited or moved value is the one sent, and of two clerks
 * on one question exactly one wins while the other gets the conflict page naming the winner.
 *
 * Per engine: a SQLite file, and PostgreSQL (a throwaway cluster, test/postgres.ts; skipped with
 * the reason where it is not installed). On PostgreSQL the clerks are made with the store's
 * addClerk and the app is started on the store (test/review-server.ts) until `tailan clerks` and
 * `tailan review` open a postgres:// URL. The timing (median and p95 per decision) is
 * scripts/bench-clerks.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkRun, runClerksLoad } from "./clerks-load.ts";
import { onPostgres, testDb } from "./engine.ts";
import {
	postgresUnavailable,
	startPostgres,
	type TestPostgres,
} from "./postgres.ts";

const CLERKS = 8;

let cluster: TestPostgres | undefined;
const engines: {
	name: string;
	skip: string | undefined;
	db: (dir: string) => Promise<string>;
}[] = [
	// The suite's engine (a SQLite file; with TAILAN_TEST_ENGINE=postgres a fresh database)…
	{
		name: onPostgres ? "PostgreSQL (the suite's engine)" : "SQLite",
		skip: undefined,
		db: async (dir) => testDb(dir, "review.db"),
	},
	// …and PostgreSQL on a SQLite run, so both are tested in every run.
	...(onPostgres
		? []
		: [
				{
					name: "PostgreSQL",
					skip: postgresUnavailable(),
					db: async () => {
						cluster ??= await startPostgres();
						return await cluster.createDatabase("clerks_load");
					},
				},
			]),
];

const dirs: string[] = [];
afterAll(() => {
	cluster?.stop();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(engines)("8 clerks at once on $name", (engine) => {
	it.skipIf(engine.skip !== undefined)(
		"should keep every decision, edit and move with its clerk, and settle each contested question once with a conflict page for the other",
		async () => {
			const dir = mkdtempSync(join(tmpdir(), "tailan-clerks-load-"));
			dirs.push(dir);
			const run = await runClerksLoad({
				db: await engine.db(dir),
				dir,
				clerks: CLERKS,
			});
			const count = (kind: string, status?: number) =>
				run.sent.filter(
					(s) =>
						s.kind === kind && (status === undefined || s.status === status),
				).length;
			// Every kind of decision was made by every clerk.
			for (const clerk of run.clerks)
				for (const kind of ["accept", "reject", "edit", "move"])
					expect(
						run.sent.some(
							(s) => s.clerk === clerk && s.kind === kind && s.status === 303,
						),
						`${clerk} ${kind}`,
					).toBe(true);
			// Contested: each question twice at once, one 303 and one 409.
			const contested = run.sent.filter((s) => s.contested);
			expect(contested.length).toBe(CLERKS * 3 * 2);
			expect(contested.filter((s) => s.status === 409)).toHaveLength(
				CLERKS * 3,
			);
			expect(checkRun(run)).toEqual([]);
			// The check sees what it is for: a value other than the one sent, a decision the store
			// gave to another clerk, a contested question saved twice.
			const edit = run.sent.findIndex((s) => s.kind === "edit");
			const won = run.sent.findIndex((s) => s.contested && s.status === 303);
			const lost = run.sent.findIndex((s) => s.contested && s.status === 409);
			const tamper = (at: number, change: Partial<(typeof run.sent)[number]>) =>
				checkRun({
					...run,
					sent: run.sent.map((s, i) => (i === at ? { ...s, ...change } : s)),
				});
			expect(tamper(edit, { value: "другое" })).not.toEqual([]);
			expect(tamper(won, { clerk: "someone else" })).not.toEqual([]);
			expect(tamper(lost, { status: 303 })).not.toEqual([]);
			console.log(
				`8 clerks on ${engine.name}: ${run.sent.length} requests in ${(run.wallMs / 1000).toFixed(1)} s (${count("accept", 303)} accepts, ${count("reject", 303)} rejects, ${count("edit", 303)} edits, ${count("move", 303)} moves, ${contested.filter((s) => s.status === 409).length} conflicts)`,
			);
		},
		300_000,
	);
});
