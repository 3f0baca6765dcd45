import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CI_RUN = fileURLToPath(new URL("../.ci/run", import.meta.url));

it("should keep .ci/run an executable bash script that stops on the first error", () => {
	expect(statSync(CI_RUN).mode & 0o111).not.toBe(0);
	const script = readFileSync(CI_RUN, "utf8");
	expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
	expect(script).toContain("set -euo pipefail");
	const steps = ["npm ci", "npx tsc --noEmit", "npx biome check .", "npm test"];
	const positions = steps.map((step) => script.indexOf(`\n${step}\n`));
	expect(positions.every((p) => p > 0)).toBe(true);
	expect(positions).toEqual([...positions].sort((a, b) => a - b));
});

it("should refuse to run .ci/run with UPDATE set, before installing anything", () => {
	const result = spawnSync("bash", [CI_RUN], {
		env: { ...process.env, CI: "true", UPDATE: "1" },
		encoding: "utf8",
	});
	expect(result.status).toBe(1);
	expect(result.stderr).toMatch(/^error \.ci\/run: UPDATE is set/);
	expect(result.stdout).toBe("");
});

it("should install PostgreSQL when missing and make its tests fail instead of skip in CI", () => {
	const script = readFileSync(CI_RUN, "utf8");
	const install = script.indexOf("apt-get install -y postgresql");
	const strict = script.indexOf("\nexport TAILAN_TEST_PG=1\n");
	const test = script.indexOf("\nnpm test\n");
	expect(install).toBeGreaterThan(0);
	expect(strict).toBeGreaterThan(install);
	expect(test).toBeGreaterThan(strict);
});

it("should run the whole suite on SQLite, then on PostgreSQL", () => {
	const script = readFileSync(CI_RUN, "utf8");
	const sqlite = script.indexOf("\nnpm test\n");
	const postgres = script.indexOf("\nTAILAN_TEST_ENGINE=postgres npm test\n");
	expect(sqlite).toBeGreaterThan(0);
	expect(postgres).toBeGreaterThan(sqlite);
});
