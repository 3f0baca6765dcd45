/**
 * CLI tests with a fake pipeline (the gold record of the seed), so they exercise arguments,
 * output, exit codes and the store independently of the parsers.
 */
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import { openStore } from "../store/index.ts";
import { SEED_INPUT, seedIngestResult, seedRecord } from "../store/testing.ts";
import { runCli } from "../test/cli.ts";
import { COMMAND_HELP, COMMANDS, MAIN_HELP } from "./help.ts";
import { main } from "./main.ts";

let dir: string;
let db: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-cli-"));
	db = join(dir, "t.db");
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** The seed's gold record for files named input*.md; anything else is not a report. */
async function fakeIngest(file: string): Promise<IngestResult> {
	if (basename(file).startsWith("input-2023")) {
		// Another year: another report (the same identity would be a new version of report 1).
		const result = seedIngestResult(readFileSync(file));
		result.record.report.year = 2023;
		return result;
	}
	if (basename(file).startsWith("input"))
		return seedIngestResult(readFileSync(file));
	throw new DocumentLoadError(
		file,
		"no plan table found",
		"check that the file is a performance report",
	);
}

const run = (...argv: string[]) => runCli(argv, { ingest: fakeIngest });

const seedPath = fileURLToPath(SEED_INPUT);

describe("tailan import", () => {
	it("should import a file, then report the same bytes as a duplicate", async () => {
		const first = await run("import", seedPath, "--db", db);
		expect(first).toEqual({
			code: 0,
			stdout: `imported ${seedPath} → report 1 (44 measures, 2 flags)\n`,
			stderr: "",
		});
		const copy = join(dir, "input-copy.md");
		copyFileSync(seedPath, copy);
		const again = await run("import", copy, "--db", db);
		expect(again).toEqual({
			code: 0,
			stdout: `duplicate ${copy} (already report 1)\n`,
			stderr: "",
		});
	});

	it("should walk directories recursively, continue past bad files and exit 1", async () => {
		const reports = join(dir, "reports");
		mkdirSync(join(reports, "2024", ".hidden"), { recursive: true });
		copyFileSync(seedPath, join(reports, "2024", "input.md"));
		writeFileSync(join(reports, "2024", "notes.txt"), "shopping list");
		writeFileSync(join(reports, "2024", ".hidden", "input.md"), "hidden");
		writeFileSync(join(reports, "2024", "data.json"), "{}");
		writeFileSync(join(reports, "a-input.markdown"), "other bytes");
		const result = await run(
			"import",
			reports,
			join(dir, "missing.md"),
			"--db",
			db,
		);
		expect(result.code).toBe(1);
		// One line per file, then the batch summary (cli/import.test.ts checks it).
		expect(result.stdout.split("\n")[0]).toBe(
			`imported ${join(reports, "2024", "input.md")} → report 1 (44 measures, 2 flags)`,
		);
		expect(result.stderr.split("\n")).toEqual([
			`error ${join(reports, "2024", "notes.txt")}: no plan table found — check that the file is a performance report`,
			`error ${join(reports, "a-input.markdown")}: no plan table found — check that the file is a performance report`,
			`error ${join(dir, "missing.md")}: no such file or directory — check the path`,
			"",
		]);
	});

	it("should report an empty directory as an error", async () => {
		mkdirSync(join(dir, "empty"));
		const result = await run("import", join(dir, "empty"), "--db", db);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^error .*empty: no \.md, \.markdown, \.txt(, \.\w+)* files in this directory — /,
		);
	});

	it("should turn an unexpected pipeline error into one line and store nothing", async () => {
		let stderr = "";
		const code = await main(["import", seedPath, "--db", db], {
			stdout: () => {},
			stderr: (t) => {
				stderr += t;
			},
			ingest: async () => {
				throw new Error("boom\nat line 2");
			},
		});
		expect(code).toBe(1);
		expect(stderr).toBe(
			`error ${seedPath}: boom; at line 2 — nothing was stored for this file; please report it with the file (a bug in tailan)\n`,
		);
		const store = openStore(db);
		expect(store.counts().documents).toBe(0);
		store.close();
	});

	it("should be a usage error without files", async () => {
		const result = await run("import", "--db", db);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^error: import needs at least one file or directory — /,
		);
	});
});

describe("tailan export", () => {
	beforeEach(async () => {
		expect((await run("import", seedPath, "--db", db)).code).toBe(0);
	});

	it("should write one JSON object when there is one report", async () => {
		const result = await run("export", "--db", db, "--format", "json");
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual(seedRecord());
		expect(result.stdout).toBe(`${JSON.stringify(seedRecord(), null, 2)}\n`);
	});

	it("should write a list when there are several reports, and one object with --report", async () => {
		const other = join(dir, "input-2023.md");
		writeFileSync(other, "different bytes, the fake record of another year");
		expect((await run("import", other, "--db", db)).stdout).toMatch(
			/→ report 2 /,
		);
		const all = JSON.parse(
			(await run("export", "--db", db, "--format", "json")).stdout,
		);
		expect(all).toHaveLength(2);
		const one = JSON.parse(
			(await run("export", "--db", db, "--format", "json", "--report", "2"))
				.stdout,
		);
		expect(one).toEqual({
			...seedRecord(),
			report: { ...seedRecord().report, year: 2023 },
		});
	});

	it("should write effective values (corrections applied)", async () => {
		const store = openStore(db);
		store.addCorrection({
			reportId: 1,
			item: "2.1",
			field: "performancePct",
			newValue: 90,
			reason: "r",
			who: "me",
		});
		store.close();
		const record = JSON.parse(
			(await run("export", "--db", db, "--format", "json")).stdout,
		);
		expect(record.measures[record.measures.length - 1].item).toBe("6.5");
		expect(
			record.measures.find((m: { item: string }) => m.item === "2.1")
				.performancePct,
		).toBe(90);
	});

	it("should write CSV with one row per measure to --out", async () => {
		const out = join(dir, "out.csv");
		const result = await run(
			"export",
			"--db",
			db,
			"--format",
			"csv",
			"--out",
			out,
		);
		expect(result).toEqual({
			code: 0,
			stdout: `wrote ${out} (1 report, 44 measures)\n`,
			stderr: "",
		});
		const csv = readFileSync(out, "utf8");
		const header = csv.slice(0, csv.indexOf("\r\n"));
		expect(header).toBe(
			"reportId,source,report.title,report.organization,report.department,report.year,report.period,item,goal,activity,budget.raw,budget.amountMnt,budget.source,indicator,baseline.raw,baseline.value,baseline.unit,targetHalfYear.raw,targetHalfYear.value,targetHalfYear.unit,targetFullYear.raw,targetFullYear.value,targetFullYear.unit,achievement,performancePct,notDue",
		);
		const rows = parseCsv(csv);
		expect(rows).toHaveLength(45);
		const item24 = rows.find((r) => r[7] === "2.4");
		const gold = seedRecord().measures.find((m) => m.item === "2.4");
		expect(item24?.[10]).toBe(gold?.budget.raw);
		expect(item24?.[11]).toBe(String(gold?.budget.amountMnt));
		expect(item24?.[23]).toBe(gold?.achievement);
		expect(rows[1]?.slice(0, 8)).toEqual([
			"1",
			"000_0e8ace6dce33d16c.txt",
			seedRecord().report.title,
			"Аймгийн Засаг даргын Тамгын газар",
			"Төрийн захиргааны удирдлагын хэлтэс",
			"2024",
			"annual",
			"1.1",
		]);
	});

	it("should refuse a missing or bad --format, a bad --report and an unknown report", async () => {
		expect(await run("export", "--db", db)).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(/--format/),
		});
		expect(await run("export", "--db", db, "--format", "xml")).toMatchObject({
			code: 2,
		});
		expect(
			await run("export", "--db", db, "--format", "json", "--report", "x"),
		).toMatchObject({ code: 2 });
		expect(
			await run("export", "--db", db, "--format", "json", "--report", "7"),
		).toEqual({
			code: 1,
			stdout: "",
			stderr: `error ${db}: there is no report 7 — run \`tailan reports --db ${db}\` to see the report ids\n`,
		});
	});
});

describe("tailan reports and flags", () => {
	it("should list the reports as a table", async () => {
		await run("import", seedPath, "--db", db);
		const result = await run("reports", "--db", db);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(
			[
				"id  year  department                           period  measures  open flags  state",
				" 1  2024  Төрийн захиргааны удирдлагын хэлтэс  annual        44           2  ok",
				"",
			].join("\n"),
		);
	});

	it("should list open flags, and all of them with --status all", async () => {
		await run("import", seedPath, "--db", db);
		const store = openStore(db);
		const [first] = store.listFlags();
		if (first) store.setFlagStatus(first.id, "accepted");
		store.close();
		const open = await run("flags", "--db", db, "--report", "1");
		expect(open.stdout.split("\n")).toEqual([
			"report  kind          severity  item  field     message",
			"     1  unit-unclear  info      2.5   baseline  the indicator names neither a count nor a percent",
			"",
		]);
		const all = await run("flags", "--db", db, "--status", "all");
		expect(all.stdout.split("\n")).toHaveLength(4);
		expect(await run("flags", "--db", db, "--status", "done")).toMatchObject({
			code: 2,
		});
		expect(await run("flags", "--db", db, "--report", "3")).toMatchObject({
			code: 1,
		});
	});

	it("should say so when the database does not exist, without creating it", async () => {
		const missing = join(dir, "nope.db");
		for (const argv of [
			["reports"],
			["flags"],
			["export", "--format", "json"],
		]) {
			const result = await run(...argv, "--db", missing);
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(
				`error ${missing}: no such database — import reports first (\`tailan import <files> --db ${missing}\`) or pass --db\n`,
			);
		}
		expect(() => readFileSync(missing)).toThrow();
	});

	it("should say so when the file is not a database", async () => {
		writeFileSync(
			db,
			"this is not sqlite, just text long enough to have a header.......................",
		);
		const result = await run("reports", "--db", db);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error .*t\.db: .* — /);
	});
});

describe("tailan --help", () => {
	it("should print the main help with the exit codes", async () => {
		const result = await run("--help");
		expect(result).toEqual({ code: 0, stdout: MAIN_HELP, stderr: "" });
		expect(MAIN_HELP).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
	});

	it("should print each command's help, which documents its exit codes", async () => {
		for (const command of COMMANDS) {
			const result = await run(command, "--help");
			expect(result).toEqual({
				code: 0,
				stdout: COMMAND_HELP[command],
				stderr: "",
			});
			expect(COMMAND_HELP[command]).toMatch(/Exit codes:/);
			expect(COMMAND_HELP[command]).toContain(`Usage: tailan ${command}`);
		}
	});

	it("should be a usage error with no command, an unknown command or an unknown option", async () => {
		expect(await run()).toMatchObject({ code: 2, stderr: MAIN_HELP });
		expect(await run("frobnicate")).toEqual({
			code: 2,
			stdout: "",
			stderr:
				'error: unknown command "frobnicate" — run `tailan --help` to see the commands\n',
		});
		const unknown = await run("reports", "--colour");
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(
			/^error: Unknown option '--colour' — see `tailan reports --help`\n$/,
		);
	});

	it("should print the version", async () => {
		const pkg = JSON.parse(
			readFileSync(new URL("../package.json", import.meta.url), "utf8"),
		);
		expect(await run("--version")).toEqual({
			code: 0,
			stdout: `${pkg.version}\n`,
			stderr: "",
		});
	});
});

/** A small RFC 4180 reader, enough to check our own output. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = "";
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ",") {
			row.push(cell);
			cell = "";
		} else if (c === "\r" && text[i + 1] === "\n") {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = "";
			i++;
		} else cell += c;
	}
	return rows;
}
