/**
 * The analyst's batch (issue 13): one report in several formats is one report with renditions;
 * lock files are counted, unsupported and hidden files named; a file whose bytes failed to parse
 * is not parsed again until they change or --retry-failed; progress counts a scan's pages and
 * shows every worker's file.
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
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	createWorkerPool,
	type PageProgress,
	type ParseEvent,
	type ParsePool,
	runBatch,
} from "../batch/engine.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import { loadGold } from "../scripts/make-docx-fixtures.ts";
import { scanFixtures } from "../scripts/make-scan-fixtures.ts";
import { openBatchLog } from "../store/batch.ts";
import { listRenditions, openStore } from "../store/index.ts";
import { seedIngestResult } from "../store/testing.ts";
import { emptyPlan, renderReportMarkdown } from "../test/render.ts";
import { type ImportIo, importCommand } from "./import.ts";
import {
	createProgress,
	type ProgressSnapshot,
	progressLine,
} from "./progress.ts";

let dir: string;
let db: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-analyst-"));
	db = join(dir, "t.db");
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

const fixture = (path: string) =>
	fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

async function run(argv: string[], io: Partial<ImportIo> = {}) {
	let stdout = "";
	let stderr = "";
	const code = await importCommand(argv, {
		out: (t) => {
			stdout += t;
		},
		err: (t) => {
			stderr += t;
		},
		...io,
	});
	return { code, stdout, stderr };
}

const readJson = (path: string) =>
	JSON.parse(readFileSync(path, "utf8")) as {
		counts: Record<string, number>;
		files: Record<string, unknown>[];
		skipped: { path: string; kind: string; reason: string; fix: string }[];
	};

describe("one report in four files: Markdown, PDF and two Word layouts", () => {
	it("should import as one report with three renditions, and a re-run parse nothing", async () => {
		// One record, rendered four ways: the Word and PDF fixtures are made from the gold record
		// (scripts/make-docx-fixtures.ts, make-pdf-fixtures.ts); the Markdown is rendered here.
		const gold = loadGold();
		for (const path of [
			"docx/continuous/expected.json",
			"docx/per-page/expected.json",
			"pdf/gold/expected.json",
		]) {
			const { source: _source, ...record } = JSON.parse(
				readFileSync(fixture(path), "utf8"),
			);
			const { source: _gold, ...expected } = gold;
			expect(record, path).toEqual(expected);
		}
		const folder = join(dir, "report");
		mkdirSync(folder);
		writeFileSync(
			join(folder, "a-report.md"),
			renderReportMarkdown(gold, emptyPlan(gold)),
		);
		copyFileSync(fixture("pdf/gold/input.pdf"), join(folder, "b-report.pdf"));
		copyFileSync(
			fixture("docx/continuous/input.docx"),
			join(folder, "c-report.docx"),
		);
		copyFileSync(
			fixture("docx/per-page/input.docx"),
			join(folder, "d-report-converted.docx"),
		);
		const report = join(dir, "run.json");
		const first = await run([
			folder,
			"--db",
			db,
			"--jobs",
			"2",
			"--report",
			report,
		]);
		expect(first.stderr).toBe("");
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(
			/^summary: 4 files in \d+:\d\d \([\d.]+ files\/s\): 1 imported, 3 renditions of report 1, 0 duplicates skipped, 0 failed; \d+ flags raised$/m,
		);
		for (const name of [
			"b-report.pdf",
			"c-report.docx",
			"d-report-converted.docx",
		])
			expect(first.stdout).toContain(
				`rendition ${join(folder, name)} → rendition of report 1 (the same 44 measures as document 1; not a new version)\n`,
			);
		const json = readJson(report);
		expect(json.counts).toMatchObject({
			imported: 1,
			renditions: 3,
			newVersions: 0,
			parsed: 4,
		});
		expect(
			json.files.map((f) => [f.status, f.reportId, f.renditionOf]),
		).toEqual([
			["imported", 1, null],
			["rendition", 1, 1],
			["rendition", 1, 1],
			["rendition", 1, 1],
		]);

		const store = openStore(db);
		expect(store.listReports()).toHaveLength(1);
		expect(store.listReports()[0]?.documentName).toBe("a-report.md");
		expect(
			listRenditions(store, 1).map((r) => [
				r.name,
				r.format,
				r.version,
				r.current,
			]),
		).toEqual([
			["b-report.pdf", "pdf", 1, true],
			["c-report.docx", "docx", 1, true],
			["d-report-converted.docx", "docx", 1, true],
		]);
		expect(store.counts()).toMatchObject({
			documents: 4,
			reports: 1,
			measures: 44,
		});
		store.close();

		// Re-run: every file's bytes are known (renditions included); nothing is parsed.
		const again = await run([folder, "--db", db, "--report", report]);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(
			/: 0 imported, 4 duplicates skipped, 0 failed;/,
		);
		expect(readJson(report).counts).toMatchObject({ parsed: 0, duplicates: 4 });
	}, 120_000);
});

describe("files that are not reports", () => {
	it("should count lock files silently and name unsupported and hidden files with a fix", async () => {
		const folder = join(dir, "share");
		mkdirSync(join(folder, ".drafts"), { recursive: true });
		mkdirSync(join(folder, "node_modules"));
		writeFileSync(
			join(folder, "report.md"),
			readFileSync(fixture("markdown/seed/input.md")),
		);
		// Word's owner file while report.docx is open, LibreOffice's lock, Word's temporary file.
		writeFileSync(
			join(folder, "~$report.docx"),
			Buffer.from([0x0b, 0x50, 0x2e]),
		);
		writeFileSync(join(folder, ".~lock.report.md#"), "user,host");
		writeFileSync(join(folder, "~WRL0001.tmp"), "x");
		writeFileSync(join(folder, "Thumbs.db"), "x");
		writeFileSync(join(folder, "old-report.doc"), "\xd0\xcf\x11\xe0");
		writeFileSync(join(folder, "budget.xlsx"), "PK");
		writeFileSync(join(folder, "notes.odt"), "PK");
		writeFileSync(join(folder, "readme"), "hello");
		writeFileSync(join(folder, ".drafts", "draft.md"), "x");
		writeFileSync(join(folder, ".hidden-report.md"), "x");
		const parsed: string[] = [];
		const report = join(dir, "run.json");
		const result = await run([folder, "--db", db, "--report", report], {
			ingest: async (file) => {
				parsed.push(file);
				return seedIngestResult(readFileSync(file));
			},
		});
		expect(parsed).toEqual([join(folder, "report.md")]);
		// Nothing here failed: the lock file is not "damaged", the rest are not reports.
		expect(result.code).toBe(0);
		expect(result.stderr).toBe("");
		const lines = result.stdout.split("\n");
		const notRead = lines.findIndex((l) => l.startsWith("not read:"));
		expect(lines[notRead]).toBe(
			"not read: 4 lock or temporary files, 3 hidden, 4 files in other formats:",
		);
		const named = lines.slice(notRead + 1).filter((l) => l.startsWith("  "));
		expect(named).toHaveLength(7);
		expect(named.join("\n")).not.toMatch(/~\$|lock|\.tmp|Thumbs/);
		expect(named).toContain(
			`  ${join(folder, "old-report.doc")}: an old Word 97–2003 file (.doc), which tailan does not read — open it in Word or LibreOffice and save it as .docx (File → Save As → Word Document), then import the .docx`,
		);
		for (const [name, reason] of [
			["budget.xlsx", /a spreadsheet \(\.xlsx\), not a report/],
			["notes.odt", /a word-processor file \(\.odt\)/],
			["readme", /not a report file \(no extension;/],
			[".drafts", /a hidden folder, not walked — rename it/],
			[".hidden-report.md", /a hidden file, not read/],
			["node_modules", /a dependencies folder/],
		] as const)
			expect(
				named.find((l) => l.startsWith(`  ${join(folder, name)}: `)),
				name,
			).toMatch(reason);
		const json = readJson(report);
		expect(json.counts).toMatchObject({ skipped: 11, lockFiles: 4 });
		expect(json.skipped.map((s) => s.kind).sort()).toEqual([
			...Array(3).fill("hidden"),
			...Array(4).fill("lock"),
			...Array(4).fill("unsupported"),
		]);

		// Named on the command line (a shell's *.docx), a lock file is skipped all the same.
		const named2 = await run([join(folder, "~$report.docx"), "--db", db]);
		expect(named2.code).toBe(0);
		expect(named2.stdout).toMatch(/^not read: 1 lock or temporary file$/m);
	});
});

describe("a file that failed is not parsed again until its bytes change", () => {
	it("should fail it again unparsed, name it in the summary, and parse it with --retry-failed or new bytes", async () => {
		const folder = join(dir, "f");
		mkdirSync(folder);
		writeFileSync(
			join(folder, "good.md"),
			readFileSync(fixture("markdown/seed/input.md")),
		);
		writeFileSync(join(folder, "scan.md"), "no table in this one");
		let parses = 0;
		const ingest = async (file: string): Promise<IngestResult> => {
			parses++;
			if (file.endsWith("good.md")) return seedIngestResult(readFileSync(file));
			throw new DocumentLoadError(
				file,
				"no performance-plan table with item rows was found",
				"check that this is a performance report",
			);
		};
		const report = join(dir, "run.json");
		const first = await run([folder, "--db", db], { ingest });
		expect(first.code).toBe(1);
		expect(parses).toBe(2);

		parses = 0;
		const second = await run([folder, "--db", db, "--report", report], {
			ingest,
		});
		expect(parses).toBe(0);
		expect(second.code).toBe(1);
		expect(second.stdout).toMatch(
			/^summary: 2 files .*: 0 imported, 1 duplicate skipped, 1 failed;.*\n1 failed before, not retried \(use --retry-failed\)$/m,
		);
		expect(second.stderr).toBe(
			`error ${join(folder, "scan.md")}: no performance-plan table with item rows was found — check that this is a performance report (failed before with these bytes: not parsed again; --retry-failed parses it)\n`,
		);
		expect(readJson(report).counts).toMatchObject({ parsed: 0, notRetried: 1 });
		expect(readJson(report).files[1]).toMatchObject({
			status: "failed",
			stage: "parse",
			notRetried: true,
		});

		// --retry-failed parses it again (and, without paths, finds it in the log).
		parses = 0;
		await run(["--retry-failed", "--db", db], { ingest });
		expect(parses).toBe(1);

		// New bytes are a new file: parsed.
		parses = 0;
		writeFileSync(join(folder, "scan.md"), "still no table, but other bytes");
		await run([folder, "--db", db], { ingest });
		expect(parses).toBe(1);
	});

	it("should skip only bytes that failed while parsing, not while being read or stored", () => {
		const store = openStore(db);
		store.close();
		const log = openBatchLog(db);
		const runId = log.startRun({ args: [], jobs: 1 });
		const attempt = (sha256: string, stage: "read" | "parse" | "store") =>
			log.recordAttempt({
				runId,
				path: `${sha256}.md`,
				sha256,
				bytes: 1,
				status: "failed",
				reason: `failed in ${stage}`,
				fix: "x",
				reportId: null,
				replacedDocumentId: null,
				replacedSha256: null,
				renditionOf: null,
				stage,
				notRetried: false,
				startedAt: "2025-01-01T00:00:00Z",
				finishedAt: "2025-01-01T00:00:01Z",
			});
		attempt("aa", "parse");
		attempt("bb", "store");
		attempt("cc", "read");
		expect(log.failedBefore("aa")).toEqual({
			reason: "failed in parse",
			fix: "x",
			at: "2025-01-01T00:00:01Z",
		});
		expect(log.failedBefore("bb")).toBeUndefined();
		expect(log.failedBefore("cc")).toBeUndefined();
		expect(log.failedBefore("dd")).toBeUndefined();
		log.close();
	});
});

describe("progress during a long OCR", () => {
	it("should count a scan's pages and show every worker's file (a fake slow parser, two at once)", async () => {
		const store = openStore(":memory:");
		// Two "workers": each parse waits until the test lets it go on, page by page.
		const steps: (() => void)[] = [];
		const step = () => new Promise<void>((resolve) => steps.push(resolve));
		const pool: ParsePool = {
			async parse(file, onEvent?: (e: ParseEvent) => void) {
				onEvent?.({ kind: "parsing" });
				if (file.endsWith(".pdf"))
					for (let done = 1; done <= 3; done++) {
						await step();
						onEvent?.({ kind: "page", done, pages: 3 });
					}
				await step();
				throw new DocumentLoadError(file, "a fake", "none");
			},
			close: async () => {},
		};
		const files = [
			"scans/long-scan.pdf",
			"reports/short.md",
			"reports/third.md",
		];
		for (const f of files) {
			mkdirSync(join(dir, f, ".."), { recursive: true });
			writeFileSync(join(dir, f), f);
		}
		const progress = createProgress({ total: 3, tty: false, write: () => {} });
		const seen: ProgressSnapshot[] = [];
		const pageEvents: [number, number | null][] = [];
		const batch = runBatch(
			files.map((f) => join(dir, f)),
			{
				store,
				pool,
				concurrency: 2,
				onStart: (p) => progress.start(p),
				onParse: (p, e) => {
					if (e.kind === "parsing") progress.parsing(p);
					else if (e.kind === "parsed") progress.parsed(p);
					else {
						progress.page(p, e.done, e.pages);
						pageEvents.push([e.done, e.pages]);
					}
					seen.push(progress.snapshot());
				},
				onDone: (o) => progress.done(o.path),
			},
		);
		const settle = async () => {
			for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
		};
		await settle();
		// Both workers busy: the scan and the short report, no page read yet.
		let now = progress.snapshot();
		expect(
			now.parsing.map((p) => [p.file.slice(dir.length + 1), p.done, p.pages]),
		).toEqual([
			["scans/long-scan.pdf", 0, null],
			["reports/short.md", 0, null],
		]);
		// The scan's first page is read: a third of one file of three is done.
		steps.shift()?.();
		await settle();
		now = progress.snapshot();
		expect(now.parsing[0]).toMatchObject({ done: 1, pages: 3 });
		expect(now.work).toBeCloseTo(1 / 3);
		expect(now.done).toBe(0);
		const line = progressLine(now, 10, 160);
		// 1/9 of the work in 10 s: the bar and the ETA move by pages (8/9 left: 80 s).
		expect(line).toMatch(/^\[##-{18}\] 0\/3 11% 0\.0 files\/s ETA 1:20 /);
		expect(line).toMatch(/long-scan\.pdf p\. 1\/3 · .*short\.md$/);
		// The short report's worker is done with it and takes the third file.
		steps.shift()?.();
		await settle();
		expect(
			progress.snapshot().parsing.map((p) => p.file.slice(dir.length + 1)),
		).toEqual(["scans/long-scan.pdf", "reports/third.md"]);
		expect(progress.snapshot()).toMatchObject({ done: 1 });
		// Let everything finish, page by page.
		let finished = false;
		void batch.then(() => {
			finished = true;
		});
		for (let i = 0; i < 50 && !finished; i++) {
			steps.shift()?.();
			await settle();
		}
		const outcomes = await batch;
		// Three files taken by a worker and done with, and three pages.
		expect(seen).toHaveLength(9);
		expect(outcomes).toHaveLength(3);
		expect(progress.snapshot()).toMatchObject({
			done: 3,
			work: 3,
			parsing: [],
		});
		// The scan's pages were counted 1, 2, 3 of 3 as they were read.
		expect(pageEvents).toEqual([
			[1, 3],
			[2, 3],
			[3, 3],
		]);
		store.close();
	});

	it("should hear a scan's pages from a real parse worker thread", async () => {
		const scan = await scanFixtures({ dpis: [300], pages: [1] });
		const pool = createWorkerPool({ jobs: 1 });
		const events: ParseEvent[] = [];
		try {
			const result = await pool.parse(scan.sets[0]?.png[0] ?? "", (e) =>
				events.push(e),
			);
			expect(result.document.format).toBe("image");
		} finally {
			await pool.close();
		}
		const page: PageProgress = { done: 1, pages: 1 };
		expect(events).toEqual([{ kind: "parsing" }, { kind: "page", ...page }]);
	}, 120_000);
});
