/**
 * Concurrency: an import (`node bin/tailan.js import`, worker threads, one writing connection)
 * runs while this process writes corrections through store.addCorrection on another connection,
 * as the review app does. WAL and the busy timeout let both finish: every report is imported,
 * every correction is stored, no SQLITE_BUSY escapes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { openStore } from "../store/index.ts";
import { seedIngestResult } from "../store/testing.ts";
import { generateReports, writeReports } from "./batch-gen.ts";
import { testDb } from "./engine.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tailan-concurrency-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("should import a batch while another connection writes corrections", async () => {
	const db = testDb(dir, "t.db");
	const folder = join(dir, "reports");
	writeReports(folder, generateReports(10, { measures: 8, seed: 9 }));
	const store = openStore(db);
	const { reportId } = store.importResult(seedIngestResult());

	let output = "";
	const child = spawn(
		process.execPath,
		[BIN, "import", folder, "--db", db, "--jobs", "2"],
		{ stdio: ["ignore", "pipe", "pipe"] },
	);
	child.stdout.on("data", (d) => {
		output += d;
	});
	child.stderr.on("data", (d) => {
		output += d;
	});
	const exited = new Promise<number | null>((resolve) =>
		child.on("exit", (code) => resolve(code)),
	);
	let running = true;
	void exited.then(() => {
		running = false;
	});

	let corrections = 0;
	let duringImport = 0;
	const items = ["1.1", "1.2", "2.1", "3.1", "4.1"];
	while (running || corrections < 20) {
		const before = store.counts().reports ?? 0;
		store.addCorrection({
			reportId,
			item: items[corrections % items.length] as string,
			field: "achievement",
			newValue: `засвар ${corrections}`,
			reason: "concurrency test",
			who: "reviewer",
		});
		corrections++;
		if (running && before > 1) duringImport++;
		await sleep(5);
	}
	expect(await exited, output).toBe(0);
	expect(output).toMatch(/: 10 imported, 0 duplicates skipped, 0 failed;/);
	expect(store.listReports()).toHaveLength(11);
	expect(store.listCorrections(reportId)).toHaveLength(corrections);
	// Some corrections were written while the import was storing reports.
	expect(duringImport).toBeGreaterThan(0);
	console.log(
		`concurrency: 10 reports imported by a child process while ${corrections} corrections were written (${duringImport} of them between stored reports)`,
	);
	store.close();
}, 60_000);
