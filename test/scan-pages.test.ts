/**
 * Reports scanned one file per page, on the clean 300-dpi scans of the gold report
 * (scripts/make-scan-fixtures.ts writes one PNG per page): the page files read as one report,
 * a continuation page alone refused with what to do, a gap in the pages held, and what follows
 * the plan table (signatures, evaluation sheet, summary) read as the gold has it.
 *
 * Always on: pages 1–2 as one report, page 2 alone, and the last three pages (the evaluation
 * sheet, the summary and the signatures). The whole report (17 files) through `tailan import`,
 * once whole and once with a page missing, takes minutes: opt in with TAILAN_OCR_FULL=1.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../cli/main.ts";
import { closeSharedOcr, pagesToDocument } from "../parsers/image/index.ts";
import { createOcrPool } from "../parsers/image/ocr.ts";
import { imagePages } from "../parsers/image/raster.ts";
import type { OcrEngine } from "../parsers/image/types.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { ingest } from "../pipeline/ingest.ts";
import { groupPageFiles, ingestPageFiles } from "../pipeline/pages.ts";
import { extractSections } from "../pipeline/sections.ts";
import { scanFixtures } from "../scripts/make-scan-fixtures.ts";
import { loadGold } from "../scripts/scan-accuracy.ts";
import { openStore } from "../store/index.ts";

const gold = loadGold();
let dir: string;
let pages: string[];
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), "tailan-scan-pages-"));
	const scans = await scanFixtures({ dpis: [300] });
	pages = scans.sets[0]?.png ?? [];
}, 600_000);
afterAll(async () => {
	await closeSharedOcr();
	rmSync(dir, { recursive: true, force: true });
});

/** A folder `name` holding these pages of the scan (links to the page files, named as made). */
function folder(name: string, numbers: readonly number[]): string {
	const d = join(dir, name);
	mkdirSync(d);
	for (const n of numbers) {
		const page = pages[n - 1] as string;
		symlinkSync(page, join(d, basename(page)));
	}
	return d;
}

describe("page files of the clean 300-dpi scan", () => {
	it("should read pages 1 and 2, two files, as one report: the items of both, held as cut short, and held when the names skip a page", async () => {
		const d = join(dir, "first-two");
		mkdirSync(d);
		// The scan's pages 1 and 2, named as if page 2 of the report were missing.
		symlinkSync(pages[0] as string, join(d, "page-01.png"));
		symlinkSync(pages[1] as string, join(d, "page-03.png"));
		const [group, ...rest] = groupPageFiles([
			join(d, "page-01.png"),
			join(d, "page-03.png"),
		]);
		expect(rest).toEqual([]);
		if (group?.kind !== "pages") throw new Error("expected one group");
		const r = await ingestPageFiles(group.files, { group });
		expect(r.document.file).toBe("first-two/page-{01–03}.png");
		expect(r.document.pages.map((p) => p.number)).toEqual([1, 2]);
		const items = r.record.measures.map((m) => m.item);
		// The columns named on page 1 carry on to page 2 (it has no header of its own).
		expect(items).toEqual(
			gold.measures.slice(0, items.length).map((m) => m.item),
		);
		expect(items.length).toBeGreaterThanOrEqual(3);
		expect(r.record.report.title).toBe(gold.report.title);
		expect(r.holds.map((h) => h.kind)).toEqual(["pages-missing", "table-cut"]);
		expect(r.holds[0]?.evidence).toMatchObject({ missing: [2], pages: [1, 3] });
		expect(r.issues[1]?.message).toBe(
			"page 2 of the report is page-03.png (page 3 as named)",
		);
	}, 600_000);

	it("should refuse page 2 alone as a continuation page, naming the page and how to import it", async () => {
		const d = folder("second", [2]);
		const error = await ingest(join(d, "page-02.png")).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(DocumentLoadError);
		const e = error as DocumentLoadError;
		expect(e.reason).toMatch(/^page 2 of a report: its table goes on/);
		expect(e.fix).toMatch(/import it with the other pages/);
	}, 600_000);
});

describe("what follows the plan table in the clean 300-dpi scan", () => {
	let ocr: OcrEngine;
	beforeAll(async () => {
		ocr = await createOcrPool();
	});
	afterAll(async () => {
		await ocr.close();
	});

	it("should read the signatures with their names whole, the evaluation sheet and the summary as the gold has them", async () => {
		const last = [15, 16, 17];
		async function* images() {
			for (const n of last)
				for await (const p of imagePages(
					new Uint8Array(
						await import("node:fs").then((fs) =>
							fs.readFileSync(pages[n - 1] as string),
						),
					),
					"p",
				))
					yield p.image;
		}
		const doc = await pagesToDocument(images(), {
			file: "end",
			ocr,
			sha256: "",
			bytes: 0,
		});
		const s = extractSections(doc, []);
		expect(s.report.preparedBy).toBe(gold.report.preparedBy);
		expect(s.report.reviewedBy).toBe(gold.report.reviewedBy);
		expect(s.evaluation).toEqual(gold.evaluation);
		expect(s.summary).toEqual(gold.summary);
	}, 600_000);
});

// The whole report, 17 page files, twice: minutes of OCR.
describe.runIf(process.env.TAILAN_OCR_FULL === "1")(
	"the whole clean scan as 17 page files, through tailan import",
	() => {
		const importFolder = async (d: string, db: string) => {
			let out = "";
			let err = "";
			const code = await main(
				["import", d, "--db", db, "--jobs", "1", "--timeout", "900"],
				{
					stdout: (t) => {
						out += t;
					},
					stderr: (t) => {
						err += t;
					},
				},
			);
			return { code, out, err };
		};

		it("should import one report with every item, its evaluation sheet and signatures, not held", async () => {
			const numbers = pages.map((_, i) => i + 1);
			const d = folder("whole", numbers);
			const db = join(dir, "whole.db");
			const r = await importFolder(d, db);
			expect(r.err).toBe("");
			expect(r.code).toBe(0);
			expect(r.out).toMatch(
				new RegExp(
					`^imported ${d}/page-\\{01–${numbers.length}\\}\\.png → report 1 \\(${gold.measures.length} measures`,
				),
			);
			expect(r.out).not.toMatch(/held/);
			const store = openStore(db);
			try {
				// Not held: exported among the reports the queries count.
				const [record, ...others] = store.exportRecords();
				expect(others).toEqual([]);
				expect(record?.measures.map((m) => m.item)).toEqual(
					gold.measures.map((m) => m.item),
				);
				expect(record?.report).toEqual(gold.report);
				expect(record?.evaluation).toEqual(gold.evaluation);
				expect(record?.summary).toEqual(gold.summary);
			} finally {
				store.close();
			}
		}, 1_800_000);

		it("should hold the report when a page file is missing (pages-missing, items missing)", async () => {
			const numbers = pages.map((_, i) => i + 1).filter((n) => n !== 9);
			const d = folder("gap", numbers);
			const r = await importFolder(d, join(dir, "gap.db"));
			expect(r.code).toBe(0);
			expect(r.out).toMatch(/; held: pages-missing, .*items-missing/);
			const store = openStore(join(dir, "gap.db"));
			try {
				expect(store.exportRecords()).toEqual([]);
			} finally {
				store.close();
			}
		}, 1_800_000);
	},
);
