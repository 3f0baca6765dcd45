/**
 * `tailan import` as a batch: the real pipeline in worker threads on a mixed folder (valid
 * reports, duplicates, every kind of bad input), the summary and --report, resume and
 * --retry-failed, new versions, usage errors, and the progress display.
 */

import { execFileSync } from "node:child_process";
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateRawSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import { scanFixtures } from "../scripts/make-scan-fixtures.ts";
import { openBatchLog } from "../store/batch.ts";
import { listRenditions, openStore, reviewStore } from "../store/index.ts";
import { SEED_INPUT, seedIngestResult } from "../store/testing.ts";
import { generateReports, writeReports } from "../test/batch-gen.ts";
import { runCli } from "../test/cli.ts";
import { discover, globToRegExp } from "./import.ts";
import { createProgress, formatDuration, progressLine } from "./progress.ts";

let dir: string;
let db: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-import-"));
	db = join(dir, "t.db");
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

const run = (
	argv: string[],
	ingest?: (file: string) => Promise<IngestResult>,
) => runCli(argv, ingest ? { ingest } : {});

const seedPath = fileURLToPath(SEED_INPUT);
const DOCX_INPUT = fileURLToPath(
	new URL("../fixtures/docx/per-page/input.docx", import.meta.url),
);
const PDF_INPUT = fileURLToPath(
	new URL("../fixtures/pdf/gold/input.pdf", import.meta.url),
);

/** A zip with one deflated entry (a .docx-shaped zip bomb when `data` is large and uniform). */
function zipWith(name: string, data: Buffer): Buffer {
	const packed = deflateRawSync(data, { level: 9 });
	const nameBytes = Buffer.from(name);
	const crc = crc32(data);
	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(20, 4);
	local.writeUInt16LE(8, 8);
	local.writeUInt32LE(crc, 14);
	local.writeUInt32LE(packed.length, 18);
	local.writeUInt32LE(data.length, 22);
	local.writeUInt16LE(nameBytes.length, 26);
	const central = Buffer.alloc(46);
	central.writeUInt32LE(0x02014b50, 0);
	central.writeUInt16LE(20, 4);
	central.writeUInt16LE(20, 6);
	central.writeUInt16LE(8, 10);
	central.writeUInt32LE(crc, 16);
	central.writeUInt32LE(packed.length, 20);
	central.writeUInt32LE(data.length, 24);
	central.writeUInt16LE(nameBytes.length, 28);
	const cdOffset = local.length + nameBytes.length + packed.length;
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(1, 8);
	end.writeUInt16LE(1, 10);
	end.writeUInt32LE(central.length + nameBytes.length, 12);
	end.writeUInt32LE(cdOffset, 16);
	return Buffer.concat([local, nameBytes, packed, central, nameBytes, end]);
}

/** A PNG header claiming width × height pixels (no image data: never decoded). */
function pngHeader(width: number, height: number): Buffer {
	const b = Buffer.alloc(33);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
	b.writeUInt32BE(13, 8);
	b.write("IHDR", 12, "latin1");
	b.writeUInt32BE(width, 16);
	b.writeUInt32BE(height, 20);
	return b;
}

/** A one-page PDF with a line of text and no table. */
function textPdf(text: string): Buffer {
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		`<< /Length ${`BT /F1 12 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 72 760 Td (${text}) Tj ET\nendstream`,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	];
	let out = "%PDF-1.4\n";
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out);
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, "latin1");
}

/** A PDF whose trailer says it is encrypted with a password (standard handler, RC4). */
function encryptedPdf(): Buffer {
	const plain = textPdf("secret").toString("latin1");
	return Buffer.from(
		plain
			.replace(
				"5 0 obj",
				"6 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <" +
					"a".repeat(64) +
					"> /U <" +
					"b".repeat(64) +
					"> /P -4 >>\nendobj\n5 0 obj",
			)
			.replace(
				"/Root 1 0 R >>",
				"/Root 1 0 R /Encrypt 6 0 R /ID [<01> <01>] >>",
			),
		"latin1",
	);
}

describe("tailan import: a mixed folder with the real pipeline in worker threads", () => {
	it("should import every valid report once and name every bad file's reason", async () => {
		const folder = join(dir, "mixed");
		const sub = join(folder, "2024", "deep");
		mkdirSync(sub, { recursive: true });
		const reports = generateReports(3, { measures: 4, seed: 5 });
		writeReports(join(folder, "2024"), reports);
		// A duplicate under another name, and a valid Markdown report named .txt.
		copyFileSync(
			join(folder, "2024", reports[0]?.name ?? ""),
			join(sub, "copy.md"),
		);
		copyFileSync(seedPath, join(sub, "seed-report.txt"));
		// The gold report in every other supported format: Word, a text PDF, a scanned page.
		// (The same department, year and content as the seed: the Word and PDF files are
		// renditions of the seed's report.)
		copyFileSync(DOCX_INPUT, join(folder, "word-report.docx"));
		copyFileSync(PDF_INPUT, join(folder, "printed-report.pdf"));
		const scan = await scanFixtures({ dpis: [300], pages: [1] });
		copyFileSync(scan.sets[0]?.png[0] ?? "", join(folder, "scan-page-01.png"));
		const bad: Record<string, Buffer | string> = {
			"empty.md": "",
			"cp1251.md": Buffer.from([0xd2, 0xe0, 0xe9, 0xeb, 0xe0, 0xed, 0x0a]),
			"no-table.md": "# Тэмдэглэл\n\nЭнэ бол тайлан биш.\n",
			"truncated.pdf": "%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
			"encrypted.pdf": encryptedPdf(),
			"letter.pdf": textPdf("Dear colleague, this is not a report."),
			"pdf-named.txt": textPdf("Hello"),
			"not-a-zip.docx": "this is not a zip file at all",
			"bomb.docx": zipWith("word/document.xml", Buffer.alloc(60 * 1024 * 1024)),
			"junk.md": Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]),
		};
		for (const [name, data] of Object.entries(bad))
			writeFileSync(join(sub, name), data);
		// A huge image, a FIFO, a broken link and a folder link back up (a loop).
		writeFileSync(join(dir, "huge.png"), pngHeader(30_000, 30_000));
		execFileSync("mkfifo", [join(sub, "pipe.md")]);
		symlinkSync(join(dir, "nowhere.md"), join(sub, "dangling.md"));
		symlinkSync(folder, join(sub, "loop"));
		const reportFile = join(dir, "report.json");

		const result = await run([
			"import",
			folder,
			join(dir, "huge.png"),
			"--db",
			db,
			"--jobs",
			"2",
			"--report",
			reportFile,
		]);
		expect(result.code).toBe(1);
		const json = JSON.parse(readFileSync(reportFile, "utf8")) as {
			counts: Record<string, number>;
			files: { path: string; status: string; reason: string | null }[];
		};
		const byName = new Map(
			json.files.map((f) => [f.path.split("/").at(-1), f]),
		);
		const reasonOf = (name: string) => {
			const f = byName.get(name);
			expect(f?.status, `${name} should fail`).toBe("failed");
			return f?.reason ?? "";
		};
		expect(reasonOf("empty.md")).toMatch(/empty/);
		expect(reasonOf("cp1251.md")).toMatch(/not valid UTF-8.*cp1251/);
		expect(reasonOf("no-table.md")).toMatch(/no performance-plan table/);
		expect(reasonOf("junk.md")).toMatch(/binary|UTF-8/);
		expect(reasonOf("truncated.pdf")).toMatch(/PDF|pdf/);
		expect(reasonOf("encrypted.pdf")).toMatch(/password|encrypt|PDF/i);
		expect(reasonOf("letter.pdf")).toMatch(/table|PDF/i);
		// Named .txt, read as a PDF: the reason is a PDF's, not a text file's.
		expect(reasonOf("pdf-named.txt")).not.toMatch(/UTF-8|binary/);
		expect(reasonOf("not-a-zip.docx")).toMatch(/zip|Word|docx/i);
		expect(reasonOf("bomb.docx")).toMatch(
			/zip bomb|compression|uncompressed|Word/i,
		);
		expect(reasonOf("huge.png")).toMatch(
			/30000×30000 pixels, more than the 100 megapixel limit/,
		);
		expect(reasonOf("pipe.md")).toMatch(/not a regular file: a named pipe/);
		expect(reasonOf("dangling.md")).toMatch(/broken symbolic link/);
		expect(reasonOf("loop")).toMatch(/directory symlink loop/);
		// 3 generated reports, the seed named .txt and the scan of its first page imported; its
		// Word and PDF files are renditions of it; the copy is a duplicate.
		expect(byName.get("scan-page-01.png")?.status).toBe("imported");
		const seedReport = byName.get("seed-report.txt") as { reportId?: number };
		for (const name of ["word-report.docx", "printed-report.pdf"])
			expect(byName.get(name), name).toMatchObject({
				status: "rendition",
				reportId: seedReport.reportId,
				renditionOf: seedReport.reportId,
			});
		expect(json.counts.imported).toBe(5);
		expect(json.counts.renditions).toBe(2);
		expect(json.counts.duplicates).toBe(1);
		expect(json.counts.failed).toBe(14);
		// The copy and its original: one imported, the other a duplicate (whichever came first).
		expect(
			[
				byName.get("copy.md")?.status,
				byName.get(reports[0]?.name)?.status,
			].sort(),
		).toEqual(["duplicate", "imported"]);
		expect(byName.get("seed-report.txt")?.status).toBe("imported");

		// Page 1 of a 24-page scan alone: the document ends inside the table — held, not counted.
		expect(result.stdout).toMatch(
			/scan-page-01\.png → report \d+ \(\d+ measures, \d+ flags\); held: table-cut/,
		);
		expect(result.stdout).toMatch(
			new RegExp(
				`^summary: 22 files in \\d+:\\d\\d \\([\\d.]+ files/s\\): 5 imported \\(1 held\\), 2 renditions of report ${seedReport.reportId}, 1 duplicate skipped, 14 failed; \\d+ flags raised$`,
				"m",
			),
		);
		expect(result.stdout).toMatch(
			/^rendition \S+word-report\.docx → rendition of report \d+ \(the same 44 measures as document \d+; not a new version\)$/m,
		);
		expect(result.stdout).toMatch(/^failed:\n {2}/m);
		for (const name of ["empty.md", "bomb.docx", "huge.png", "loop"])
			expect(result.stderr).toMatch(
				new RegExp(`^error \\S*${name.replace(".", "\\.")}: .+ — .+$`, "m"),
			);

		const store = openStore(db);
		// The seed and its Word and PDF renditions are one report (one version, two renditions);
		// the scanned first page alone is another (no summary, no identity to match).
		expect(store.listReports()).toHaveLength(5);
		expect(
			listRenditions(store, seedReport.reportId ?? 0).map((r) => [
				r.name,
				r.format,
				r.version,
				r.current,
			]),
		).toEqual([
			["printed-report.pdf", "pdf", 1, true],
			["word-report.docx", "docx", 1, true],
		]);
		expect(reviewStore(store).versions(seedReport.reportId ?? 0)).toHaveLength(
			1,
		);
		store.close();
		// The log: one finished run, one attempt per file.
		const log = openBatchLog(db);
		const [runRow] = log.listRuns();
		expect(runRow).toMatchObject({
			status: "finished",
			files: 22,
			imported: 5,
			renditions: 2,
			failed: 14,
		});
		expect(log.attemptsOf(runRow?.id ?? 0)).toHaveLength(22);
		log.close();

		// A re-run imports nothing new and parses nothing: every stored file (renditions
		// included) is a duplicate; the files whose bytes failed to parse fail again unparsed,
		// the rest (a pipe, a broken link, a loop) fail again in their checks.
		const againReport = join(dir, "again.json");
		const again = await run([
			"import",
			folder,
			"--db",
			db,
			"--jobs",
			"2",
			"--report",
			againReport,
		]);
		expect(again.stdout).toMatch(
			/: 0 imported, 8 duplicates skipped, 13 failed;/,
		);
		expect(again.stdout).toMatch(
			/^10 failed before, not retried \(use --retry-failed\)$/m,
		);
		const againJson = JSON.parse(readFileSync(againReport, "utf8")) as {
			counts: Record<string, number>;
		};
		expect(againJson.counts).toMatchObject({ parsed: 0, notRetried: 10 });
	}, 60_000);

	it("should store a file with a stored report's identity and other bytes as a new version", async () => {
		expect(
			(await run(["import", seedPath, "--db", db, "--jobs", "1"])).code,
		).toBe(0);
		const edited = join(dir, "edited.md");
		writeFileSync(
			edited,
			readFileSync(seedPath, "utf8").replace("Доктор", "Доктор,"),
		);
		const second = await run(["import", edited, "--db", db, "--jobs", "1"]);
		expect(second.code).toBe(0);
		expect(second.stdout).toMatch(
			/^imported .*edited\.md → report 1 \(44 measures, \d+ flags\), a new version: replaces document 1\n$/,
		);
		const store = openStore(db);
		expect(store.listReports()).toHaveLength(1);
		expect(store.counts().documents).toBe(2);
		store.close();
	}, 60_000);
});

describe("tailan import: resume, --retry-failed, errors as data (fake pipeline)", () => {
	/** The seed's record for input*.md; a "no plan table" error for anything else. */
	async function fakeIngest(file: string): Promise<IngestResult> {
		if (file.includes("input")) return seedIngestResult(readFileSync(file));
		throw new DocumentLoadError(file, "no plan table found", "check the file");
	}

	it("should retry the files whose last attempt failed, without paths", async () => {
		const bad = join(dir, "input-later.md");
		writeFileSync(bad, "not yet");
		const first = await run(["import", bad, "--db", db], async (file) => {
			throw new DocumentLoadError(file, "not a report yet", "wait");
		});
		expect(first.code).toBe(1);
		// The file is fixed in place; --retry-failed finds it in the log.
		copyFileSync(seedPath, bad);
		const retried = await run(
			["import", "--retry-failed", "--db", db],
			fakeIngest,
		);
		expect(retried).toMatchObject({ code: 0, stderr: "" });
		expect(retried.stdout).toMatch(/^imported .*input-later\.md → report 1 /);
		const nothing = await run(
			["import", "--retry-failed", "--db", db],
			fakeIngest,
		);
		expect(nothing.code).toBe(0);
		expect(nothing.stderr).toBe("no failed files to retry\n");
	});

	it("should name an unreadable file (EACCES) and go on with the batch", async () => {
		const folder = join(dir, "f");
		mkdirSync(folder);
		copyFileSync(seedPath, join(folder, "input-a.md"));
		writeFileSync(join(folder, "input-b.md"), "locked");
		let stdout = "";
		let stderr = "";
		const { importCommand } = await import("./import.ts");
		const code = await importCommand([folder, "--db", db], {
			out: (t) => {
				stdout += t;
			},
			err: (t) => {
				stderr += t;
			},
			ingest: fakeIngest,
			readFile: (path) => {
				if (path.endsWith("input-b.md"))
					throw Object.assign(
						new Error(`EACCES: permission denied, open '${path}'`),
						{ code: "EACCES" },
					);
				return readFileSync(path);
			},
		});
		expect(code).toBe(1);
		expect(stdout).toMatch(/^imported .*input-a\.md → report 1/);
		expect(stderr).toBe(
			`error ${join(folder, "input-b.md")}: permission denied — check the file's permissions\n`,
		);
	});

	it("should keep a partial store impossible: a failing store write leaves nothing", async () => {
		const result = await run(["import", seedPath, "--db", db], async (file) => {
			const r = seedIngestResult(readFileSync(file));
			// Two measures with one item: the store would abort half-way; refused before it.
			r.record.measures.push({
				...(r.record.measures[0] as (typeof r.record.measures)[number]),
			});
			return r;
		});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/lists item 1\.1 twice/);
		const store = openStore(db);
		expect(store.counts().documents).toBe(0);
		expect(store.counts().measures).toBe(0);
		store.close();
	});

	it("should be a usage error with a bad --jobs or --timeout, or no paths", async () => {
		for (const argv of [
			["import", seedPath, "--jobs", "0"],
			["import", seedPath, "--jobs", "two"],
			["import", seedPath, "--timeout", "-1"],
			["import", "--db", db],
			["import", seedPath, "--bogus"],
		]) {
			const result = await run([...argv, "--db", db]);
			expect(result.code, argv.join(" ")).toBe(2);
			expect(result.stderr).toMatch(/^error: .+ — .+\n$/);
		}
	});
});

describe("finding the files", () => {
	it("should expand globs, walk folders through links once and report loops", () => {
		const root = join(dir, "g");
		mkdirSync(join(root, "a", "b"), { recursive: true });
		writeFileSync(join(root, "a", "x.md"), "");
		writeFileSync(join(root, "a", "b", "y.md"), "");
		writeFileSync(join(root, "a", "b", "z.json"), "");
		symlinkSync(join(root, "a"), join(root, "a", "b", "up"));
		symlinkSync(join(root, "a", "b"), join(root, "b-link"));
		const targets = discover([root]);
		expect(targets).toEqual([
			{
				kind: "error",
				path: join(root, "a", "b", "up"),
				reason: `a directory symlink loop (it leads back to ${join(root, "a")})`,
				fix: "remove the link, or pass the folder it points to",
			},
			{ kind: "file", path: join(root, "a", "b", "y.md") },
			{
				kind: "skipped",
				path: join(root, "a", "b", "z.json"),
				what: "unsupported",
				reason: expect.stringMatching(
					/^not a report file \(\.json; tailan reads \.md, /,
				),
				fix: 'if it is a report, pass it by name (tailan import "z.json"): its content decides',
			},
			{ kind: "file", path: join(root, "a", "x.md") },
		]);
		expect(
			discover([`${root}/**/*.md`]).filter((t) => t.kind === "file"),
		).toHaveLength(2);
		expect(discover([`${root}/a/*.md`])).toEqual([
			{ kind: "file", path: join(root, "a", "x.md") },
		]);
		expect(discover([`${root}/*.pdf`])[0]).toMatchObject({
			kind: "error",
			reason: "no files match this pattern",
		});
		expect(globToRegExp("**/*.md").test("2024/q1/a.md")).toBe(true);
		expect(globToRegExp("**/*.md").test("a.md")).toBe(true);
		expect(globToRegExp("r[0-9].md").test("r7.md")).toBe(true);
	});
});

describe("progress", () => {
	it("should draw a bar with files done, rate, ETA and the current file on a terminal", () => {
		const at = (done: number, total: number, current: string) => ({
			done,
			total,
			work: done,
			parsing: [],
			current,
		});
		expect(progressLine(at(25, 100, "reports/2024/a.md"), 5, 100)).toBe(
			"[#####---------------] 25/100 25% 5.0 files/s ETA 0:15 reports/2024/a.md",
		);
		expect(progressLine(at(0, 10, ""), 0, 80)).toBe(
			"[--------------------] 0/10 0% 0.0 files/s ETA --:--",
		);
		expect(progressLine(at(1, 2, "x".repeat(200)), 1, 70)).toHaveLength(70);
		expect(formatDuration(3725)).toBe("1:02:05");
		let t = 0;
		let written = "";
		const p = createProgress({
			total: 2,
			tty: true,
			write: (s) => {
				written += s;
			},
			now: () => t,
			columns: 100,
		});
		p.start("a.md");
		t = 1000;
		p.done("a.md");
		t = 2000;
		p.log("error a.md: bad — fix");
		p.finish();
		expect(written).toContain("error a.md: bad — fix\n");
		expect(written).toContain("1/2 50%");
		expect(written.endsWith("\r\x1b[K")).toBe(true);
	});

	it("should print only the lines when not on a terminal", () => {
		let written = "";
		const p = createProgress({
			total: 1,
			tty: false,
			write: (s) => {
				written += s;
			},
		});
		p.start("a.md");
		p.log("error a.md: bad — fix");
		p.done("a.md");
		p.finish();
		expect(written).toBe("error a.md: bad — fix\n");
	});
});
