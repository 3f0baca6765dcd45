import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSheet, toCsv } from "../output/index.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	startReviewServer,
	tokenProblem,
	UnsafeHostError,
} from "../review/server.ts";
import { openStore, reviewStore } from "../store/index.ts";
import { holdWriteLock } from "../store/testing.ts";
import { runCli } from "../test/cli.ts";
import { sheetTable } from "./corrections.ts";
import { reviewCommand } from "./review.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);

const run = (argv: string[], busyTimeoutMs?: number) =>
	runCli(argv, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });

/** A sheet's rows by header, read back as `corrections import` reads them. */
async function readRows(file: string): Promise<Record<string, string>[]> {
	const rows: Record<string, string>[] = [];
	let header: string[] | undefined;
	for await (const record of readSheet(file)) {
		if (header === undefined) header = record.cells;
		else
			rows.push(
				Object.fromEntries(header.map((h, i) => [h, record.cells[i] ?? ""])),
			);
	}
	return rows;
}

/** Write the rows back as the flags sheet CSV. */
function writeCsv(file: string, rows: Record<string, string>[]): void {
	writeFileSync(
		file,
		toCsv(sheetTable(rows as Parameters<typeof sheetTable>[0]), { bom: true }),
	);
}

let dir: string;
let db: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-cli-review-"));
	db = join(dir, "t.db");
	const store = openStore(db);
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What the browser test does through the UI, done through the store: the reference. */
function uiExport() {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	const review = reviewStore(store);
	review.correct({
		reportId: 1,
		item: "4.6",
		field: "performancePct",
		newValue: 90,
		reason: "",
		who: "ui",
	});
	const fragment =
		store
			.exportRecords(1)[0]
			?.measures.find((m) => m.item === "3.3")
			?.achievement.split("\n")
			.at(-1) ?? "";
	review.move({
		reportId: 1,
		from: "3.3",
		direction: "next",
		fragment,
		who: "ui",
	});
	review.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.amountMnt",
		newValue: 1276000,
		reason: "",
		who: "ui",
	});
	const [record] = store.exportRecords(1);
	store.close();
	return { record, fragment };
}

describe("tailan review", () => {
	it("should refuse to serve on 0.0.0.0 without a token", async () => {
		const result = await run([
			"review",
			"--db",
			db,
			"--host",
			"0.0.0.0",
			"--no-open",
		]);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^error: refusing to serve on 0\.0\.0\.0 without an access token — pass --token/,
		);
	});

	it("should refuse a token of fewer than 16 characters other than spaces, from --token or TAILAN_TOKEN", async () => {
		for (const token of [
			" ".repeat(16),
			"\t".repeat(20),
			` ${"x".repeat(15)} `,
		]) {
			const result = await run([
				"review",
				"--db",
				db,
				"--host",
				"0.0.0.0",
				"--token",
				token,
				"--no-open",
			]);
			expect(result.code, JSON.stringify(token)).toBe(2);
			expect(result.stderr).toMatch(
				/^error: the access token has \d+ characters other than spaces; it needs at least 16 — pass --token with 16 or more random characters/,
			);
		}
		const fromEnv = reviewCommand(["--db", db, "--host", "0.0.0.0"], {
			out: () => {},
			err: () => {},
			usage: (reason) => new Error(reason),
			failure: (_s, reason) => new Error(reason),
			open: (path) => openStore(path, { mustExist: true }),
			env: { TAILAN_TOKEN: " ".repeat(32) },
		});
		await expect(fromEnv).rejects.toThrow(
			/^the access token has 0 characters other than spaces; it needs at least 16 \(TAILAN_TOKEN\)$/,
		);
		const store = openStore(db, { mustExist: true });
		await expect(
			startReviewServer({ store, host: "0.0.0.0", token: " ".repeat(16) }),
		).rejects.toThrow(UnsafeHostError);
		store.close();
	});

	it("should accept any token of 16 or more characters other than spaces, and no shorter one", () => {
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(" ", "\t", "a", "Z", "7", "-", "ж"), {
					maxLength: 40,
				}),
				(chars) => {
					const token = chars.join("");
					const solid = chars.filter((c) => c.trim() !== "").length;
					expect(tokenProblem(token) === undefined).toBe(solid >= 16);
				},
			),
		);
	});

	it("should serve on 127.0.0.1 and stop when told", async () => {
		const stop = new AbortController();
		let url = "";
		const done = reviewCommand(["--db", db, "--port", "0", "--no-open"], {
			out: () => {},
			err: () => {},
			usage: (r) => new Error(r),
			failure: (_s, r) => new Error(r),
			open: (path) => openStore(path, { mustExist: true }),
			signal: stop.signal,
			onListening: (u) => {
				url = u;
			},
		});
		await expect.poll(() => url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
		const res = await fetch(url);
		expect(res.status).toBe(200);
		// Mongolian by default (--lang en for English pages).
		expect(await res.text()).toContain("Хяналтын дараалал");
		stop.abort();
		expect(await done).toBe(0);
	});
});

describe("corrections import while another process holds the database", () => {
	it("should stop with one line naming the database, the reason and the fix, and apply nothing", async () => {
		const sheet = join(dir, "flags.csv");
		expect(
			(await run(["flags", "--db", db, "--format", "csv", "--out", sheet]))
				.code,
		).toBe(0);
		const rows = await readRows(sheet);
		const row = rows.find(
			(r) => r.item === "4.6" && r.field === "performancePct",
		);
		if (!row) throw new Error("no row for 4.6");
		row.new_value = "90";
		writeCsv(sheet, [row]);
		const holder = await holdWriteLock(db);
		let result: Awaited<ReturnType<typeof run>>;
		try {
			result = await run(["corrections", "import", sheet, "--db", db], 50);
		} finally {
			await holder.release();
		}
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			new RegExp(
				`^error ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the database is busy: another tailan process \\(an import\\?\\) kept it locked for more than \\d+ s, and nothing was changed — run the command again`,
			),
		);
		expect(result.stderr.trim().split("\n")).toHaveLength(1);
		expect(result.stderr).not.toMatch(/SqliteError|\bat \S+ \(/);
		const store = openStore(db);
		expect(store.listCorrections()).toHaveLength(0);
		store.close();
		// Run again once the lock is free: applied.
		const again = await run(["corrections", "import", sheet, "--db", db]);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stdout).toMatch(/applied .*: 1 correction,/);
	});
});

describe("flags sheet round trip", () => {
	for (const format of ["csv", "xlsx"] as const) {
		it(`should apply the same corrections as the UI through ${format}`, async () => {
			const sheet = join(dir, `flags.${format}`);
			const wrote = await run([
				"flags",
				"--db",
				db,
				"--format",
				format,
				"--out",
				sheet,
			]);
			expect(wrote.code, wrote.stderr).toBe(0);
			expect(wrote.stdout).toMatch(/^wrote .* \(35 flags;/);
			const { record: expected, fragment } = uiExport();
			const fill = (rows: Record<string, string>[]) => {
				const row = (item: string, field: string) => {
					const found = rows.find((r) => r.item === item && r.field === field);
					if (!found) throw new Error(`no row for ${item} ${field}`);
					return found;
				};
				row("4.6", "performancePct").new_value = "90";
				row("6.5", "budget.amountMnt").new_value = "1 276 000";
				const m33 = rows.find(
					(r) =>
						r.item === "3.3" && (r.message ?? "").includes("from 3.4 to 3.3"),
				);
				const m34 = rows.find(
					(r) =>
						r.item === "3.4" && (r.message ?? "").includes("from 3.4 to 3.3"),
				);
				if (!m33 || !m34) throw new Error("no narrative rows");
				m33.new_value = (m33.current_value ?? "")
					.slice(0, -fragment.length)
					.trimEnd();
				m34.new_value = `${fragment}\n${m34.current_value}`;
				const mixed = rows.find((r) => r.kind === "mixed-script");
				if (mixed) mixed.decision = "accept";
				return rows;
			};
			if (format === "csv") {
				const rows = fill(await readRows(sheet));
				writeCsv(sheet, rows);
			} else {
				const { default: ExcelJS } = await import("exceljs");
				const book = new ExcelJS.Workbook();
				await book.xlsx.readFile(sheet);
				const ws = book.worksheets[0];
				if (!ws) throw new Error("no sheet");
				const header = (ws.getRow(1).values as string[]).slice(1);
				const rows: Record<string, string>[] = [];
				ws.eachRow((r, n) => {
					if (n > 1)
						rows.push(
							Object.fromEntries(
								header.map((h, i) => [h, r.getCell(i + 1).text]),
							),
						);
				});
				fill(rows).forEach((row, i) => {
					for (const c of ["new_value", "decision"])
						ws.getRow(i + 2).getCell(header.indexOf(c) + 1).value =
							row[c] ?? "";
				});
				await book.xlsx.writeFile(sheet);
			}
			const applied = await run([
				"corrections",
				"import",
				sheet,
				"--db",
				db,
				"--who",
				"sheet",
			]);
			expect(applied.code, applied.stderr).toBe(0);
			expect(applied.stdout).toMatch(/4 corrections, 1 flag decision/);
			const store = openStore(db);
			const [record] = store.exportRecords(1);
			store.close();
			expect(record?.measures).toEqual(expected?.measures);
			const again = await run(["corrections", "import", sheet, "--db", db]);
			expect(again.stdout).toMatch(
				/0 corrections, 1 flag decision, 4 unchanged/,
			);
			const listed = await run(["corrections", "list", "--db", db]);
			expect(listed.stdout.split("\n")[0]).toMatch(
				/^id\s+report\s+item\s+field\s+old\s+new\s+who\s+when\s+reason$/,
			);
			expect(listed.stdout).toContain("sheet");
		});
	}

	it("should apply nothing when one row is invalid", async () => {
		const sheet = join(dir, "flags.csv");
		await run(["flags", "--db", db, "--format", "csv", "--out", sheet]);
		const rows = await readRows(sheet);
		const a = rows.find((r) => r.item === "4.6");
		const b = rows.find((r) => r.item === "6.5");
		if (!a || !b) throw new Error("rows missing");
		a.new_value = "90";
		b.new_value = "lots";
		writeCsv(sheet, rows);
		const result = await run(["corrections", "import", sheet, "--db", db]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/flags\.csv:\d+: budget\.amountMnt of 6\.5: "lots" is not a number/,
		);
		expect(result.stderr).toContain("nothing applied");
		const store = openStore(db);
		expect(store.listCorrections()).toHaveLength(0);
		store.close();
	});
});

describe("tailan flags --lang", () => {
	it("should list the stored English by default and the Mongolian messages with --lang mn", async () => {
		const english = await run(["flags", "--db", db]);
		expect(english.code).toBe(0);
		expect(english.stdout).toContain(
			"A narrative paragraph was moved from 1.3 to 1.2",
		);
		const mongolian = await run(["flags", "--db", db, "--lang", "mn"]);
		expect(mongolian.code).toBe(0);
		expect(mongolian.stdout).toContain(
			"Тайлбарын догол мөрийг 1.3 дугаараас 1.2 дугаарт шилжүүлэв",
		);
		expect(mongolian.stdout).not.toContain("A narrative paragraph");
		// One line per flag either way (the sheet and the listing stay per flag).
		expect(mongolian.stdout.split("\n").length).toBe(
			english.stdout.split("\n").length,
		);
		const wrong = await run(["flags", "--db", db, "--lang", "fr"]);
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain("--lang must be en or mn");
	});
});
