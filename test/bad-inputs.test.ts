/**
 * The bad-input suite (test/bad-inputs.ts, light scale) through `tailan import` as the user runs
 * it (a child process, two parse workers): each file is refused with its named reason — never a
 * library's words — or, for UTF-16/UTF-32 text, imported; and the whole batch stays within the
 * memory budget. The full-scale suite (1.3 GB bombs) is measured by `npm run bench`
 * (scripts/bench-bad-inputs.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { BIN, launcherNodeFlags } from "../scripts/launcher.ts";
import { writeBadInputs } from "./bad-inputs.ts";
import { testDb } from "./engine.ts";

/** The budget of issue 13: the whole batch's peak RSS. */
const BUDGET_BYTES = 1.5 * 1024 ** 3;

const dir = mkdtempSync(join(tmpdir(), "tailan-bad-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
	path: string;
	status: string;
	reason: string | null;
	fix: string | null;
}

it("should refuse every bad input by name (or read UTF-16/32 text), within the memory budget", () => {
	const inputs = writeBadInputs(join(dir, "in"), { scale: "light" });
	const report = join(dir, "report.json");
	const run = spawnSync(
		process.execPath,
		[
			...launcherNodeFlags(),
			BIN,
			"import",
			join(dir, "in"),
			"--db",
			testDb(dir, "x.db"),
			"--jobs",
			"2",
			"--report",
			report,
		],
		{ encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
	);
	// Some files failed: exit 1, with a JSON report of every file.
	expect(run.status, run.stderr.slice(0, 2000)).toBe(1);
	const json = JSON.parse(readFileSync(report, "utf8")) as {
		peakRssBytes: number;
		files: Outcome[];
	};
	for (const input of inputs) {
		const outcome = json.files.find((f) => f.path === input.path);
		expect(outcome, input.name).toBeDefined();
		if (!outcome) continue;
		if (input.expect === "imported") {
			expect(outcome.status, `${input.name}: ${outcome.reason}`).toBe(
				"imported",
			);
			continue;
		}
		expect(outcome.status, input.name).toBe("failed");
		expect(outcome.reason, input.name).toMatch(input.expect);
		expect(outcome.fix ?? "", input.name).not.toBe("");
		// The reason is tailan's, in one line: no library's message or stack.
		expect(outcome.reason, input.name).not.toMatch(
			/\n|jszip|xmldom|invalid string length|call stack|Error\b|Exception|\bat \S+ \(/i,
		);
	}
	expect(json.peakRssBytes).toBeGreaterThan(0);
	expect(json.peakRssBytes).toBeLessThan(BUDGET_BYTES);
}, 300_000);
