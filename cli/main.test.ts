/**
 * End to end: the real pipeline and a real database file, through main() as the bin calls it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SEED_INPUT } from "../store/testing.ts";
import { runCli } from "../test/cli.ts";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-e2e-"));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCli(argv);

it("should import the seed report and export its 44 measures", async () => {
	const seedPath = fileURLToPath(SEED_INPUT);
	const db = join(dir, "tailan.db");
	const imported = await run("import", seedPath, "--db", db);
	expect(imported.stderr).toBe("");
	expect(imported.code).toBe(0);
	expect(imported.stdout).toMatch(
		new RegExp(
			`^imported ${seedPath} → report 1 \\(44 measures, \\d+ flags?\\)\\n$`,
		),
	);

	const out = join(dir, "seed.json");
	expect(
		(await run("export", "--db", db, "--format", "json", "--out", out)).code,
	).toBe(0);
	const record = JSON.parse(readFileSync(out, "utf8"));
	expect(record.measures).toHaveLength(44);
	expect(
		record.measures.map((m: { item: string }) => m.item).slice(0, 3),
	).toEqual(["1.1", "1.2", "1.3"]);
	expect(record.report.year).toBe(2024);

	expect(await run("import", seedPath, "--db", db)).toEqual({
		code: 0,
		stdout: `duplicate ${seedPath} (already report 1)\n`,
		stderr: "",
	});
});

it("should export exactly the gold records of the seed through the CLI", async () => {
	const db = join(dir, "tailan.db");
	await run("import", fileURLToPath(SEED_INPUT), "--db", db);
	const out = join(dir, "seed.json");
	await run("export", "--db", db, "--format", "json", "--out", out);
	const exported = JSON.parse(readFileSync(out, "utf8"));
	const gold = JSON.parse(
		readFileSync(
			new URL("../fixtures/markdown/seed/expected.json", import.meta.url),
			"utf8",
		),
	);
	for (const m of gold.measures) delete m.notes;
	// Narratives are checked by similarity in test/seed.e2e.test.ts; here every other field.
	const strip = (r: { measures: { achievement: string }[] }) => ({
		...r,
		source: undefined,
		measures: r.measures.map((m) => ({ ...m, achievement: undefined })),
	});
	expect(strip(exported)).toEqual(strip(gold));
});

it("should reject a Markdown file without a report table and store nothing", async () => {
	const db = join(dir, "tailan.db");
	await run("import", fileURLToPath(SEED_INPUT), "--db", db);
	const note = join(dir, "note.md");
	writeFileSync(note, "# Тэмдэглэл\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
	const result = await run("import", note, "--db", db);
	expect(result.code).toBe(1);
	expect(result.stderr).toBe(
		`error ${note}: no performance-plan table with item rows (№ 1.1, 1.2, …) was found — check that this is a performance report (гүйцэтгэлийн тайлан)\n`,
	);
	const reports = await run("reports", "--db", db);
	expect(reports.stdout.trim().split("\n")).toHaveLength(2); // header + the seed only
});

it("should import every bundled sample report, as the README's quick start does", async () => {
	const samples = fileURLToPath(new URL("../samples/", import.meta.url));
	const result = await run("import", samples, "--db", join(dir, "tailan.db"));
	expect(result.stderr).toBe("");
	expect(result.code).toBe(0);
	expect(result.stdout).toMatch(/5 imported.*0 failed/);
});

it("should import a folder in name order, so report ids are the same on every machine", async () => {
	const samples = fileURLToPath(new URL("../samples/", import.meta.url));
	const result = await run("import", samples, "--db", join(dir, "tailan.db"));
	const files = [
		...result.stdout.matchAll(/^imported (\S+) → report (\d+)/gm),
	].map((m) => [m[1]?.slice(samples.length), m[2]]);
	expect(files).toEqual([
		["000_0e8ace6dce33d16c.txt", "1"],
		["generated/d000/2022.md", "2"],
		["generated/d000/2023.md", "3"],
		["generated/d001/2023.md", "4"],
		["generated/d001/2024.md", "5"],
	]);
});
