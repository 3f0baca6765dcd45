import { describe, expect, it } from "vitest";
import type { IngestResult } from "../pipeline/ingest.ts";
import { openStore, type Store } from "./index.ts";
import { seedIngestResult, seedRecord } from "./testing.ts";

const NOW = "2025-01-02T03:04:05.000Z";

function freshStore(): Store {
	return openStore(":memory:", { now: () => NOW });
}

describe("openStore", () => {
	it("should start empty", () => {
		const store = freshStore();
		expect(Object.values(store.counts()).every((n) => n === 0)).toBe(true);
		store.close();
	});

	it("should refuse an empty path with a TypeError naming the call", () => {
		expect(() => openStore("")).toThrow(/openStore\(path\)/);
	});
});

describe("store.importResult", () => {
	it("should export exactly the hand-checked record (expected.json minus notes)", () => {
		const store = freshStore();
		const outcome = store.importResult(seedIngestResult());
		expect(outcome).toEqual({ status: "imported", reportId: 1, documentId: 1 });
		const exported = store.exportRecords();
		expect(exported).toHaveLength(1);
		expect(exported[0]).toEqual(seedRecord());
		// Same key order as the contract, so the JSON text matches too.
		expect(JSON.stringify(exported[0])).toBe(JSON.stringify(seedRecord()));
		expect(store.exportRecords(outcome.reportId)).toEqual(exported);
		expect(store.exportRecords(99)).toEqual([]);
		store.close();
	});

	it("should store flags, decisions and provenance with the report", () => {
		const store = freshStore();
		const result = seedIngestResult();
		const first = result.record.measures[0];
		if (!first) throw new Error("seed has no measures");
		first.provenance = {
			achievement: [
				{
					file: "input.md",
					page: 1,
					table: 0,
					row: 5,
					cell: 7,
					start: 10,
					end: 20,
					text: "Гадаад",
				},
				{
					file: "input.md",
					page: 1,
					table: 0,
					row: 6,
					cell: 7,
					bbox: [1, 2, 3, 4],
					confidence: 91,
					text: "…",
				},
			],
		};
		store.importResult(result);
		expect(store.counts()).toMatchObject({
			documents: 1,
			reports: 1,
			goals: 6,
			measures: 44,
			measures_fts: 44,
			provenance: 2,
			decisions: 1,
			flags: 2,
			corrections: 0,
		});
		const flags = store.listFlags();
		expect(flags.map((f) => [f.item, f.kind, f.status])).toEqual([
			["4.6", "level-not-on-scale", "open"],
			["2.5", "unit-unclear", "open"],
		]);
		expect(flags[0]?.evidence).toEqual({ raw: "9" });
		expect(flags[0]?.createdAt).toBe(NOW);
		store.close();
	});

	it("should return duplicate and store nothing new when the same bytes are imported again", () => {
		const store = freshStore();
		const first = store.importResult(seedIngestResult());
		const before = store.counts();
		const again = store.importResult(seedIngestResult());
		expect(again).toEqual({
			status: "duplicate",
			reportId: first.reportId,
			documentId: first.documentId,
		});
		expect(store.counts()).toEqual(before);
		expect(store.findDocument(seedIngestResult().document.sha256)).toEqual({
			reportId: first.reportId,
			documentId: first.documentId,
		});
		// Other bytes are another document; with the same report identity (organization,
		// department, year, period) and the same content, a rendition (store/renditions.ts); with
		// other content, a new version, which takes the report over (store/review.ts).
		const rendition = store.importResult(
			seedIngestResult(Buffer.from("the same report as a PDF")),
		);
		expect(rendition).toMatchObject({
			status: "rendition",
			reportId: 1,
			documentId: 2,
			rendition: { version: 1, sameAsDocumentId: 1 },
		});
		const edited = seedIngestResult(Buffer.from("another file"));
		const m = edited.record.measures[0] as (typeof edited.record.measures)[0];
		m.achievement = `${m.achievement} Нэмэлт өгүүлбэр.`;
		const other = store.importResult(edited);
		expect(other).toMatchObject({
			status: "imported",
			reportId: 1,
			documentId: 3,
			replaced: { oldDocumentId: 1, reapplied: 0, changed: 0 },
		});
		expect(store.exportRecords()).toHaveLength(1);
		store.close();
	});

	it("should leave no rows behind when a constraint fails mid-import", () => {
		const store = freshStore();
		const broken = seedIngestResult();
		const last = broken.record.measures.at(-1);
		if (!last) throw new Error("seed has no measures");
		// A second "1.1" passes the zod schema but violates UNIQUE (report_id, item) after
		// the document, report, goals and 43 measures have been inserted.
		broken.record.measures.push({ ...last, item: "1.1" });
		expect(() => store.importResult(broken)).toThrow(
			/UNIQUE constraint failed: measures.report_id, measures.item/,
		);
		expect(Object.values(store.counts()).every((n) => n === 0)).toBe(true);
		// The same document imports cleanly afterwards: nothing half-stored blocks it.
		expect(store.importResult(seedIngestResult()).status).toBe("imported");
		store.close();
	});

	it("should roll back when a flag fails its CHECK constraint after the measures are in", () => {
		const store = freshStore();
		const broken = seedIngestResult();
		broken.flags.push({
			...(broken.flags[0] as IngestResult["flags"][number]),
			severity: "fatal" as "error",
		});
		expect(() => store.importResult(broken)).toThrow(/CHECK constraint failed/);
		expect(store.counts()).toMatchObject({
			documents: 0,
			reports: 0,
			measures: 0,
			measures_fts: 0,
			flags: 0,
		});
		store.close();
	});

	it("should refuse a record that does not match the schema with a TypeError naming the call", () => {
		const store = freshStore();
		const broken = seedIngestResult();
		(broken.record.measures[0] as { performancePct: unknown }).performancePct =
			55;
		expect(() => store.importResult(broken)).toThrow(
			/store\.importResult: result\.record is not a ReportRecord/,
		);
		expect(store.counts().documents).toBe(0);
		store.close();
	});

	it("should export notDue: true only for measures that are not due", () => {
		const store = freshStore();
		const result = seedIngestResult();
		const m = result.record.measures[3];
		if (!m) throw new Error("seed has no measure 4");
		m.performancePct = null;
		m.notDue = true;
		store.importResult(result);
		const measures = store.exportRecords()[0]?.measures ?? [];
		expect(measures[3]).toMatchObject({ performancePct: null, notDue: true });
		expect(Object.keys(measures[3] ?? {}).at(-1)).toBe("notDue");
		expect(measures.filter((x) => "notDue" in x)).toHaveLength(1);
		const [listing] = store.listReports();
		expect(listing).toMatchObject({
			measures: 44,
			measuresDue: 43,
			measuresNotDue: 1,
		});
		store.close();
	});
});

describe("store.search", () => {
	it("should find words containing Ө and Ү, in any case", () => {
		const store = freshStore();
		store.importResult(seedIngestResult());
		expect(store.search("нөүтбүүк").map((h) => h.item)).toEqual(["2.4"]);
		expect(store.search("ӨРГӨЖҮҮЛЭХ").map((h) => h.item)).toEqual(["1.2"]);
		expect(
			store
				.search("хөгжүүлэх")
				.map((h) => h.item)
				.sort(),
		).toEqual(["4.4", "5.2"]);
		expect(store.search("нөүтбүүк")[0]?.snippet).toContain("[нөүтбүүк]");
		store.close();
	});

	it("should keep Ө, Ү and Й distinct from О, У and И", () => {
		const store = freshStore();
		store.importResult(seedIngestResult());
		// "өргөжүүлэх" with Ө→О and Ү→У must not match.
		expect(store.search("оргожуулэх")).toEqual([]);
		store.close();
	});
});

describe("store.addCorrection", () => {
	it("should change the exported value while the extracted value stays in measures", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		const correction = store.addCorrection({
			reportId,
			item: "2.1",
			field: "performancePct",
			newValue: 80,
			reason: "the head of department re-rated it",
			who: "clerk",
		});
		expect(correction).toMatchObject({
			oldValue: 70,
			newValue: 80,
			field: "performancePct",
			createdAt: NOW,
		});
		const exported = store.exportRecords(reportId)[0];
		expect(
			exported?.measures.find((m) => m.item === "2.1")?.performancePct,
		).toBe(80);
		// The extraction is untouched: export with no corrections would still say 70.
		const raw = openStore(":memory:");
		raw.importResult(seedIngestResult());
		expect(
			raw.exportRecords()[0]?.measures.find((m) => m.item === "2.1")
				?.performancePct,
		).toBe(70);
		raw.close();
		expect(store.listReports()[0]).toMatchObject({
			corrections: 1,
			computedPlanCompletionPct: 99.5,
		});
		store.close();
	});

	it("should apply the latest correction and keep every earlier one", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		const base = {
			reportId,
			item: "4.13",
			reason: "unit stated in the narrative",
			who: "clerk",
		};
		store.addCorrection({ ...base, field: "baseline.unit", newValue: "count" });
		store.addCorrection({
			...base,
			field: "baseline.unit",
			newValue: "percent",
		});
		store.addCorrection({ ...base, field: "baseline.value", newValue: null });
		store.addCorrection({ ...base, field: "notDue", newValue: true });
		store.addCorrection({
			...base,
			field: "targetFullYear.value",
			newValue: 92.5,
		});
		store.addCorrection({
			...base,
			field: "budget.amountMnt",
			newValue: 16_494_354_688,
		});
		const m = store
			.exportRecords(reportId)[0]
			?.measures.find((x) => x.item === "4.13");
		expect(m?.baseline).toEqual({ raw: "12", value: null, unit: "percent" });
		expect(m?.notDue).toBe(true);
		expect(m?.targetFullYear.value).toBe(92.5);
		expect(m?.budget.amountMnt).toBe(16_494_354_688);
		const history = store.listCorrections(reportId);
		expect(history.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
			["baseline.unit", null, "count"],
			["baseline.unit", "count", "percent"],
			["baseline.value", 12, null],
			["notDue", false, true],
			["targetFullYear.value", 85, 92.5],
			["budget.amountMnt", null, 16_494_354_688],
		]);
		store.close();
	});

	it("should rewrite the search index with the corrected text", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		store.addCorrection({
			reportId,
			item: "6.5",
			field: "achievement",
			newValue: "Үйлчилгээний өрөөг засварласан",
			reason: "OCR lost the text",
			who: "clerk",
		});
		expect(store.search("өрөөг").map((h) => h.item)).toEqual(["6.5"]);
		store.close();
	});

	it("should mark the open flags of the corrected field as corrected", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		const base = { reportId, reason: "checked the scan", who: "clerk" };
		store.addCorrection({
			...base,
			item: "4.6",
			field: "performancePct",
			newValue: 100,
		});
		store.addCorrection({
			...base,
			item: "2.5",
			field: "baseline.unit",
			newValue: "count",
		});
		expect(store.listFlags({ status: "open" })).toEqual([]);
		expect(store.listFlags({ reportId, status: "corrected" })).toHaveLength(2);
		expect(store.listReports()[0]?.openFlags).toBe(0);
		store.close();
	});

	it("should refuse unknown fields, invalid values, unknown items and anonymous corrections", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		const base = { reportId, item: "2.1", reason: "r", who: "clerk" };
		expect(() =>
			store.addCorrection({ ...base, field: "title", newValue: "x" }),
		).toThrow(/cannot be corrected/);
		expect(() =>
			store.addCorrection({ ...base, field: "performancePct", newValue: 55 }),
		).toThrow(/not a valid performancePct/);
		expect(() =>
			store.addCorrection({
				...base,
				field: "baseline.unit",
				newValue: "people",
			}),
		).toThrow(TypeError);
		expect(() =>
			store.addCorrection({
				...base,
				item: "9.9",
				field: "achievement",
				newValue: "x",
			}),
		).toThrow(/has no measure 9\.9/);
		expect(() =>
			store.addCorrection({
				...base,
				who: " ",
				field: "achievement",
				newValue: "x",
			}),
		).toThrow(/who/);
		expect(store.counts().corrections).toBe(0);
		store.close();
	});
});

describe("store.listReports and listFlags", () => {
	it("should summarise each report with the plan-completion cross-check", () => {
		const store = freshStore();
		store.importResult(seedIngestResult());
		expect(store.listReports()).toEqual([
			expect.objectContaining({
				id: 1,
				year: 2024,
				period: "annual",
				department: "Төрийн захиргааны удирдлагын хэлтэс",
				status: "partial",
				measures: 44,
				measuresDue: 44,
				computedPlanCompletionPct: 99.3,
				summaryPlanCompletionPct: 99.3,
				summaryItemsMonitored: 44,
				evaluationTotal: 99.5,
				openFlags: 2,
				importedAt: NOW,
			}),
		]);
		store.close();
	});

	it("should filter flags by status and change their status", () => {
		const store = freshStore();
		const { reportId } = store.importResult(seedIngestResult());
		const [first] = store.listFlags({ reportId });
		if (!first) throw new Error("no flags");
		store.setFlagStatus(first.id, "rejected");
		expect(store.listFlags({ status: "rejected" }).map((f) => f.id)).toEqual([
			first.id,
		]);
		expect(store.listFlags({ status: "open" })).toHaveLength(1);
		expect(() => store.setFlagStatus(999, "accepted")).toThrow(/no flag 999/);
		expect(() => store.listFlags({ status: "done" as "open" })).toThrow(
			TypeError,
		);
		store.close();
	});
});
