/**
 * Truncated reports (issue 13): a report cut anywhere inside its plan table — the seed and
 * generated reports, cut at random points — is refused with a named error or stored held, and
 * never counted by compare or history as a complete report. The same reports whole are counted.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { openStore } from "../store/index.ts";
import { openIndicators } from "../store/indicators.ts";
import { SEED_INPUT } from "../store/testing.ts";
import { cutInsideTable } from "./truncate.ts";

const REPORTS = [
	readFileSync(SEED_INPUT, "utf8"),
	...makeCorpus({ departments: 3, years: 2, seed: 11 })
		.reports.slice(0, 4)
		.map(corpusMarkdown),
];

it("should count each whole report (the baseline the cut ones are measured against)", () => {
	for (const text of REPORTS) {
		const result = ingestMarkdown(text, { file: "whole.md" });
		expect(result.holds).toEqual([]);
		const store = openStore(":memory:");
		store.importResult(result);
		const indicators = openIndicators(store);
		const year = result.record.report.year ?? 0;
		expect(indicators.compare({ year })[0]?.items).toBe(
			result.record.measures.length,
		);
		indicators.close();
		store.close();
	}
});

it("should never count a report cut anywhere inside its table as complete in compare or history", () => {
	let held = 0;
	let refused = 0;
	fc.assert(
		fc.property(
			fc.nat({ max: REPORTS.length - 1 }),
			fc.noBias(fc.integer({ min: 0, max: 1_000_000 })),
			(r, n) => {
				const text = cutInsideTable(REPORTS[r] as string, n / 1_000_000);
				let result: ReturnType<typeof ingestMarkdown>;
				try {
					result = ingestMarkdown(text, { file: "cut.md" });
				} catch (error) {
					expect(error).toBeInstanceOf(DocumentLoadError);
					refused++;
					return;
				}
				expect(result.holds.length).toBeGreaterThan(0);
				held++;
				const store = openStore(":memory:");
				const { reportId } = store.importResult(result);
				expect(store.listReports()[0]?.held).toBe(true);
				expect(store.exportRecords()).toEqual([]);
				const indicators = openIndicators(store);
				indicators.refreshKeys();
				const year = result.record.report.year;
				if (year !== null)
					expect(indicators.compare({ year }), `report ${reportId}`).toEqual(
						[],
					);
				const first = result.record.measures[0];
				if (first) expect(indicators.history(first.indicator).rows).toEqual([]);
				indicators.close();
				store.close();
			},
		),
		{ numRuns: 60, seed: 2026 },
	);
	console.log(`cut inside the table: ${held} held, ${refused} refused`);
	expect(held).toBeGreaterThan(30);
});
