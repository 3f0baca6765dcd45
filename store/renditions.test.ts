import { describe, expect, it } from "vitest";
import { listRenditions, openStore, reviewStore } from "./index.ts";
import { seedIngestResult } from "./testing.ts";

const asPdf = () => {
	const r = seedIngestResult(Buffer.from("the seed report printed to PDF"));
	r.document.file = "report.pdf";
	r.document.format = "pdf";
	return r;
};

describe("store: renditions (one report in several formats)", () => {
	it("should record a file with the identity and content of a stored report as its rendition", () => {
		const store = openStore(":memory:", { now: () => "2025-01-02T00:00:00Z" });
		const first = store.importResult(seedIngestResult());
		const before = store.counts();
		const pdf = asPdf();
		const outcome = store.importResult(pdf);
		expect(outcome).toEqual({
			status: "rendition",
			reportId: first.reportId,
			documentId: 2,
			rendition: { version: 1, sameAsDocumentId: first.documentId },
		});
		// Nothing of the report changed: one more document, one rendition, no measures or flags.
		expect(store.counts()).toEqual({
			...before,
			documents: (before.documents ?? 0) + 1,
		});
		expect(store.listReports()).toHaveLength(1);
		expect(store.listReports()[0]?.documentId).toBe(first.documentId);
		expect(listRenditions(store, first.reportId)).toEqual([
			{
				reportId: first.reportId,
				version: 1,
				current: true,
				documentId: 2,
				name: "report.pdf",
				format: "pdf",
				sha256: pdf.document.sha256,
				bytes: pdf.document.bytes,
				sameAsDocumentId: first.documentId,
				addedAt: "2025-01-02T00:00:00Z",
			},
		]);
		// Its bytes are known: a duplicate of that report.
		expect(store.findDocument(pdf.document.sha256)).toEqual({
			documentId: 2,
			reportId: first.reportId,
		});
		expect(store.importResult(asPdf()).status).toBe("duplicate");
		store.close();
	});

	it("should compare with the extraction, not the clerk's corrections, and keep renditions with their version", () => {
		const store = openStore(":memory:");
		store.importResult(seedIngestResult());
		reviewStore(store).correct({
			reportId: 1,
			item: "1.1",
			field: "achievement",
			newValue: "Засварласан текст.",
			reason: "typo",
			who: "clerk",
		});
		expect(store.importResult(asPdf()).status).toBe("rendition");
		// Other content is a new version; the rendition stays with version 1.
		const v2 = seedIngestResult(Buffer.from("a corrected file"));
		const m = v2.record.measures[1];
		if (m) m.performancePct = m.performancePct === 100 ? 90 : 100;
		expect(store.importResult(v2)).toMatchObject({
			status: "imported",
			reportId: 1,
			replaced: { oldDocumentId: 1 },
		});
		expect(listRenditions(store, 1).map((r) => [r.version, r.current])).toEqual(
			[[1, false]],
		);
		// A rendition of version 2 now: the same content as the current extraction.
		const v2pdf = seedIngestResult(Buffer.from("the corrected file as PDF"));
		v2pdf.record = structuredClone(v2.record);
		expect(store.importResult(v2pdf)).toMatchObject({
			status: "rendition",
			rendition: { version: 2 },
		});
		store.close();
	});

	it("should not take a report without identity (no year, no organization) as a rendition", () => {
		const store = openStore(":memory:");
		const anonymous = () => {
			const r = seedIngestResult(Buffer.from(String(Math.random())));
			r.record.report = { ...r.record.report, year: null };
			return r;
		};
		store.importResult(anonymous());
		expect(store.importResult(anonymous()).status).toBe("imported");
		expect(store.listReports()).toHaveLength(2);
		store.close();
	});
});
