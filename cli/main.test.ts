/**
 * End to end: the real pipeline and a real database file, through main() as the bin calls it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SEED_INPUT } from "../store/testing.ts";
import { main } from "./main.ts";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-e2e-"));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
	let stdout = "";
	let stderr = "";
	const code = await main(argv, {
		stdout: (t) => {
			stdout += t;
		},
		stderr: (t) => {
			stderr += t;
		},
	});
	return { code, stdout, stderr };
}

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
