import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { continuationPageError } from "./continuation.ts";
import type { TailanDocument } from "./document.ts";
import {
	groupName,
	groupPageFiles,
	missingPages,
	pageName,
	pagesMissingHold,
	tiffPageCount,
} from "./pages.ts";
import type { ReportRecord } from "./records.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

describe("page names", () => {
	it("should read the last number of an image file's name as its page (0–999)", () => {
		expect(pageName("scans/page-01.jpg")).toMatchObject({
			dir: "scans",
			prefix: "page-",
			digits: "01",
			number: 1,
			suffix: ".jpg",
		});
		expect(pageName("a/Тайлан 2024 х3.PNG")).toMatchObject({
			prefix: "Тайлан 2024 х",
			number: 3,
			suffix: ".png",
		});
		expect(pageName("scan7b.tif")).toMatchObject({
			number: 7,
			suffix: "b.tif",
		});
		// Not page numbers: a year, a camera's date, no number, not an image.
		expect(pageName("report-2024.png")).toBeUndefined();
		expect(pageName("IMG_20241205.jpg")).toBeUndefined();
		expect(pageName("cover.jpg")).toBeUndefined();
		expect(pageName("page-01.pdf")).toBeUndefined();
		expect(pageName("page-01.md")).toBeUndefined();
	});

	it("should list the page numbers missing from 1 (or 0) to the last", () => {
		expect(missingPages([1, 2, 3])).toEqual([]);
		expect(missingPages([3, 1, 2])).toEqual([]);
		expect(missingPages([1, 2, 4, 7])).toEqual([3, 5, 6]);
		expect(missingPages([2, 3])).toEqual([1]);
		expect(missingPages([0, 1, 2])).toEqual([]);
		expect(missingPages([0, 2])).toEqual([1]);
	});
});

describe("grouping the files given", () => {
	it("should make one report of a folder's numbered pages, in page order, and leave other files alone", () => {
		const units = groupPageFiles([
			"in/a.md",
			"in/r1/page-10.jpg",
			"in/r1/page-2.jpg",
			"in/r1/page-1.jpg",
			"in/r2/page-1.jpg",
			"in/r2/page-2.jpg",
			"in/report.pdf",
			"in/single-3.png",
		]);
		expect(units).toEqual([
			{ kind: "file", path: "in/a.md" },
			{
				kind: "pages",
				name: "in/r1/page-{1–10}.jpg",
				files: ["in/r1/page-1.jpg", "in/r1/page-2.jpg", "in/r1/page-10.jpg"],
				numbers: [1, 2, 10],
				missing: [3, 4, 5, 6, 7, 8, 9],
			},
			{
				kind: "pages",
				name: "in/r2/page-{1–2}.jpg",
				files: ["in/r2/page-1.jpg", "in/r2/page-2.jpg"],
				numbers: [1, 2],
				missing: [],
			},
			{ kind: "file", path: "in/report.pdf" },
			{ kind: "file", path: "in/single-3.png" },
		]);
	});

	it("should not group names that differ by more than the number, repeat a number, or hold several pages", () => {
		const files = ["d/a-1.jpg", "d/b-2.jpg", "d/p1.png", "d/p01.png"];
		expect(groupPageFiles(files).every((u) => u.kind === "file")).toBe(true);
		// Other extensions are other series.
		expect(
			groupPageFiles(["d/p1.png", "d/p2.jpg"]).every((u) => u.kind === "file"),
		).toBe(true);
		// A TIFF of several pages is a report of its own.
		expect(
			groupPageFiles(["d/r1.tif", "d/r2.tif"], {
				pagesIn: (p) => (p === "d/r1.tif" ? 3 : 1),
			}).every((u) => u.kind === "file"),
		).toBe(true);
		// --each-file
		expect(
			groupPageFiles(["d/p1.png", "d/p2.png"], { separately: true }),
		).toHaveLength(2);
	});

	it("should take every image given as one report in the given order with --one-report, and refuse other files", () => {
		const [unit, ...rest] = groupPageFiles(["x/IMG_b.jpg", "y/IMG_a.jpg"], {
			oneReport: true,
		});
		expect(rest).toEqual([]);
		expect(unit).toEqual({
			kind: "pages",
			name: "{IMG_b.jpg … IMG_a.jpg} (2 files)",
			files: ["x/IMG_b.jpg", "y/IMG_a.jpg"],
			numbers: [1, 2],
			missing: [],
		});
		expect(() =>
			groupPageFiles(["x/a.jpg", "x/notes.md"], { oneReport: true }),
		).toThrow(/image files only/);
	});

	it("should read one page file given with --one-report as the report (no continuation refusal), under its own name", () => {
		expect(groupPageFiles(["x/page-14.png"], { oneReport: true })).toEqual([
			{
				kind: "pages",
				name: "x/page-14.png",
				files: ["x/page-14.png"],
				numbers: [1],
				missing: [],
			},
		]);
		expect(groupPageFiles(["x/page-14.png"])).toEqual([
			{ kind: "file", path: "x/page-14.png" },
		]);
	});

	it("should keep every file exactly once, and each group's files in one folder, one series, ascending", () => {
		const name = fc
			.tuple(
				fc.constantFrom("a", "b"),
				fc.constantFrom("page-", "p", "scan_"),
				fc.integer({ min: 0, max: 1200 }),
				fc.constantFrom(".jpg", ".png", ".tif", ".md"),
			)
			.map(([d, p, n, e]) => `${d}/${p}${n}${e}`);
		fc.assert(
			fc.property(fc.uniqueArray(name, { maxLength: 30 }), (paths) => {
				const units = groupPageFiles(paths);
				const out = units.flatMap((u) =>
					u.kind === "file" ? [u.path] : u.files,
				);
				expect([...out].sort()).toEqual([...paths].sort());
				for (const u of units) {
					if (u.kind !== "pages") continue;
					expect(u.files.length).toBeGreaterThanOrEqual(2);
					const names = u.files.map((f) => pageName(f));
					expect(
						new Set(names.map((p) => `${p?.dir}|${p?.prefix}|${p?.suffix}`))
							.size,
					).toBe(1);
					expect(u.numbers).toEqual(names.map((p) => p?.number));
					expect([...u.numbers].sort((a, b) => a - b)).toEqual(u.numbers);
					expect(u.missing).toEqual(missingPages(u.numbers));
				}
			}),
			{ seed, numRuns: 200 },
		);
	});
});

describe("holds and names", () => {
	it("should hold a report whose page files skip pages, naming them", () => {
		const group = groupPageFiles([
			"s/page-01.jpg",
			"s/page-02.jpg",
			"s/page-04.jpg",
		])[0];
		if (group?.kind !== "pages") throw new Error("expected a group");
		expect(group.name).toBe("s/page-{01–04}.jpg");
		const hold = pagesMissingHold(group);
		expect(hold?.kind).toBe("pages-missing");
		expect(hold?.evidence).toEqual({
			missing: [3],
			pages: [1, 2, 4],
			files: ["page-01.jpg", "page-02.jpg", "page-04.jpg"],
		});
		expect(hold?.message).toMatch(/skip page 3 /);
		const whole = groupPageFiles(["s/page-01.jpg", "s/page-02.jpg"])[0];
		if (whole?.kind !== "pages") throw new Error("expected a group");
		expect(pagesMissingHold(whole)).toBeUndefined();
		expect(groupName(["page-1.png", "page-2.png"])).toBe("page-{1–2}.png");
	});

	it("should count a TIFF's pages from its directories", () => {
		const tiff = (pages: number) => {
			// A little-endian TIFF of `pages` empty directories chained one after another.
			const b = new Uint8Array(8 + pages * 6);
			const v = new DataView(b.buffer);
			b.set([0x49, 0x49, 0x2a, 0x00]);
			v.setUint32(4, 8, true);
			for (let i = 0; i < pages; i++) {
				const at = 8 + i * 6;
				v.setUint16(at, 0, true);
				v.setUint32(at + 2, i === pages - 1 ? 0 : at + 6, true);
			}
			return b;
		};
		expect(tiffPageCount(tiff(1))).toBe(1);
		expect(tiffPageCount(tiff(3))).toBe(2);
		expect(tiffPageCount(tiff(3), 10)).toBe(3);
		expect(tiffPageCount(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(1);
	});
});

describe("a continuation page alone", () => {
	const table = {
		kind: "table" as const,
		index: 0,
		prov: { file: "p", page: 1 },
		rows: Array.from({ length: 4 }, () => ({
			prov: { file: "p", page: 1 },
			cells: Array.from({ length: 9 }, () => ({
				paragraphs: [],
				colSpan: 1,
				rowSpan: 1,
				prov: { file: "p", page: 1 },
			})),
		})),
	};
	const doc = (pages = 1): TailanDocument => ({
		file: "page-02.jpg",
		format: "image",
		sha256: "",
		bytes: 0,
		pages: Array.from({ length: pages }, (_, i) => ({
			number: i + 1,
			blocks: [table],
		})),
		issues: [],
	});
	const record = (title: string, first: string) =>
		({
			report: { title },
			measures: [{ item: first }],
		}) as unknown as ReportRecord;

	it("should say which page it is and how to import it with the others", () => {
		const e = continuationPageError("scans/page-02.jpg", doc());
		expect(e?.reason).toMatch(/^page 2 of a report/);
		expect(e?.fix).toMatch(/tailan import scans\/`/);
		expect(e?.fix).toMatch(/--one-report/);
		const later = continuationPageError(
			"scans/page-05.jpg",
			doc(),
			record("", "2.3"),
		);
		expect(later?.reason).toMatch(/^page 5 of a report: .*items from 2\.3/);
		expect(continuationPageError("x.png", doc())?.reason).toMatch(
			/^a continuation page/,
		);
	});

	it("should leave alone a report's first page, a titled page, a document of several pages and a text document", () => {
		expect(
			continuationPageError("p-1.jpg", doc(), record("", "1.1")),
		).toBeUndefined();
		expect(
			continuationPageError(
				"p-2.jpg",
				doc(),
				record("… ГҮЙЦЭТГЭЛИЙН ТАЙЛАН", "3.1"),
			),
		).toBeUndefined();
		expect(continuationPageError("p-2.tif", doc(2))).toBeUndefined();
		expect(
			continuationPageError("p-2.md", { ...doc(), format: "markdown" }),
		).toBeUndefined();
	});
});
