/**
 * Truncated reports (issue 13): a report cut anywhere inside its plan table — the seed and
 * generated reports, cut at random points — is refused with a named error or stored held, and
 * never counted by compare or history as a complete report. The same reports whole are counted.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { parserFor, withoutCutCharacter } from "../parsers/index.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { documentToRecord, ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { openStore } from "../store/index.ts";
import { openIndicators } from "../store/indicators.ts";
import { SEED_INPUT } from "../store/testing.ts";
import { cutInsideTable, itemRowSpan } from "./truncate.ts";

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

it("should read a file cut inside a character up to it, and hold it — never call it cp1251", () => {
	const bytes = Buffer.from(REPORTS[0] as string, "utf8");
	const { from, to } = itemRowSpan(REPORTS[0] as string);
	const start = Buffer.byteLength((REPORTS[0] as string).slice(0, from));
	const end = Buffer.byteLength((REPORTS[0] as string).slice(0, to));
	let midCharacter = 0;
	fc.assert(
		fc.property(fc.integer({ min: start + 1, max: end }), (cut) => {
			const part = bytes.subarray(0, cut);
			if (withoutCutCharacter(part) < part.length) midCharacter++;
			const file = "cut.md";
			const sha256 = createHash("sha256").update(part).digest("hex");
			const document = parserFor(file, part)({ file, bytes: part, sha256 });
			if (document instanceof Promise) throw new Error("expected Markdown");
			let result: ReturnType<typeof documentToRecord>;
			try {
				result = documentToRecord(document);
			} catch (error) {
				expect(error).toBeInstanceOf(DocumentLoadError);
				expect((error as DocumentLoadError).reason).not.toMatch(/UTF-8/);
				return;
			}
			expect(result.holds.length).toBeGreaterThan(0);
			if (withoutCutCharacter(part) < part.length)
				expect(result.issues.map((i) => i.message).join()).toMatch(
					/ends in the middle of a character/,
				);
		}),
		{ numRuns: 40, seed: 7 },
	);
	expect(midCharacter).toBeGreaterThan(10);
	// The three ways a character can be cut, and none.
	const mn = Buffer.from("аЁ€😀", "utf8");
	expect(withoutCutCharacter(mn)).toBe(mn.length);
	expect(withoutCutCharacter(mn.subarray(0, mn.length - 1))).toBe(
		mn.length - 4,
	);
	expect(withoutCutCharacter(mn.subarray(0, 3))).toBe(2);
	expect(withoutCutCharacter(Buffer.from([0x41, 0xe2, 0x82]))).toBe(1);
});
