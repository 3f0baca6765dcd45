/**
 * Held reports through the CLI, with the real pipeline: a report cut short inside its table is
 * imported and listed as held, left out of export (unless --include-held) and compare, and
 * counted again once a person accepts it with `tailan reports accept`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { openStore } from "../store/index.ts";
import { SEED_INPUT } from "../store/testing.ts";
import { runCli } from "../test/cli.ts";
import { dropLastRows } from "../test/truncate.ts";

let dir: string;
let db: string;

const run = (...argv: string[]) => runCli(argv);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), "tailan-held-"));
	db = join(dir, "t.db");
	// Another department's 2024 report with its last 19 rows (and everything after) missing.
	const other = makeCorpus({ departments: 2, years: 1 }).reports.find(
		(r) => r.department === 1,
	);
	if (!other) throw new Error("no second department");
	const cut = join(dir, "cut.md");
	writeFileSync(cut, dropLastRows(corpusMarkdown(other), 19));
	const imported = await run(
		"import",
		fileURLToPath(SEED_INPUT),
		cut,
		"--db",
		db,
	);
	expect(imported.code).toBe(0);
	expect(imported.stdout).toMatch(
		/→ report 2 \(\d+ measures, \d+ flags\); held: table-cut — left out of the queries until accepted/,
	);
	expect(imported.stdout).toMatch(/2 imported \(1 held\)/);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("should list the cut report as held, with its hold first in its flags", async () => {
	const { stdout } = await run("reports", "--db", db);
	const lines = stdout.trim().split("\n");
	expect(lines[0]).toMatch(/state$/);
	expect(lines[1]).toMatch(/ ok$/);
	expect(lines[2]).toMatch(/held: table-cut$/);
	const store = openStore(db);
	const flags = store.listFlags({ reportId: 2 });
	expect(flags[0]).toMatchObject({ kind: "table-cut", severity: "error" });
	expect(() => store.setFlagStatus(flags[0]?.id ?? 0, "accepted")).toThrow(
		/accept the report with who and why/,
	);
	store.close();
});

it("should leave the held report out of export and compare unless asked", async () => {
	const all = JSON.parse(
		(await run("export", "--db", db, "--format", "json")).stdout,
	);
	expect(all.report.department).not.toBeNull(); // one object: the seed only
	expect(all.measures).toHaveLength(44);
	const one = await run(
		"export",
		"--db",
		db,
		"--format",
		"json",
		"--report",
		"2",
	);
	expect(one.code).toBe(1);
	expect(one.stderr).toMatch(/report 2 is held \(table-cut\).*--include-held/);
	const both = JSON.parse(
		(await run("export", "--db", db, "--format", "json", "--include-held"))
			.stdout,
	);
	expect(both.map((r: { held: boolean }) => r.held)).toEqual([false, true]);
	expect(both[1].holds[0]).toMatchObject({ kind: "table-cut", state: "held" });
	const csv = (
		await run("export", "--db", db, "--format", "csv", "--include-held")
	).stdout.split("\r\n");
	expect(csv[0]).toMatch(/,held$/);
	expect(csv.filter((l) => l.endsWith(",table-cut")).length).toBeGreaterThan(0);
	const compare = await run("compare", "--db", db, "--year", "2024");
	expect(compare.stdout.trim().split("\n")).toHaveLength(2); // header + the seed's department
});

it("should accept a held report only with a reason, record who and why, and count it again", async () => {
	const noReason = await run("reports", "accept", "2", "--db", db);
	expect(noReason.code).toBe(2);
	expect(noReason.stderr).toMatch(/--reason/);
	const notHeld = await run(
		"reports",
		"accept",
		"1",
		"--reason",
		"x",
		"--db",
		db,
	);
	expect(notHeld.code).toBe(1);
	expect(notHeld.stderr).toMatch(/report 1 is not held/);
	const ok = await run(
		"reports",
		"accept",
		"2",
		"--reason",
		"the department sent only these rows",
		"--who",
		"Б.Сараа",
		"--db",
		db,
	);
	expect(ok.code).toBe(0);
	expect(ok.stdout).toMatch(/accepted table-cut of report 2 \(by Б\.Сараа\)/);
	expect((await run("reports", "--db", db)).stdout).toMatch(/ accepted\n$/);
	const store = openStore(db);
	expect(store.listHolds(2)[0]).toMatchObject({
		state: "accepted",
		acceptedBy: "Б.Сараа",
		reason: "the department sent only these rows",
	});
	expect(store.listFlags({ reportId: 2 })[0]?.status).toBe("accepted");
	store.close();
	const all = JSON.parse(
		(await run("export", "--db", db, "--format", "json")).stdout,
	);
	expect(all).toHaveLength(2);
	const compare = await run("compare", "--db", db, "--year", "2024");
	expect(compare.stdout.trim().split("\n")).toHaveLength(3);
});
