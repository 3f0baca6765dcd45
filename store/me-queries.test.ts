import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import {
	levelsByYear,
	linkImported,
	meFacets,
	openStore,
	pendingLinks,
	type Store,
	seriesInYear,
} from "./index.ts";
import { type Indicators, openIndicators } from "./indicators.ts";

let dir: string;
let store: Store;
let indicators: Indicators;
const ids: number[] = [];

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-me-queries-"));
	store = openStore(join(dir, "t.db"));
	for (const report of makeCorpus({ departments: 3, years: 3, seed: 11 })
		.reports)
		ids.push(
			store.importResult(
				ingestMarkdown(corpusMarkdown(report), { file: report.file }),
			).reportId,
		);
	indicators = openIndicators(store);
});
afterAll(() => {
	indicators.close();
	store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("linking at import", () => {
	it("should link the imported reports' indicators across years: far fewer series than measures", () => {
		const before = indicators.listIndicators().length;
		const outcome = linkImported(store, ids);
		expect(before).toBe(outcome.measures);
		expect(outcome.used).toBeGreaterThan(0);
		expect(outcome.series).toBe(indicators.listIndicators().length);
		// Three years of three departments: each series spans up to three reports.
		expect(outcome.series).toBeLessThan(outcome.measures / 2);
		const used = indicators.listLinks().filter((l) => l.used);
		expect(used.length).toBe(outcome.used);
		for (const l of used) expect(l.evidence).toMatch(/^indicator \d/);
	});

	it("should keep link ids when the same links are proposed again, and decisions with them", () => {
		const key = (l: {
			aItem: string;
			bItem: string;
			aYear: number | null;
			bYear: number | null;
			department: string | null;
		}) => `${l.department}|${l.aYear}|${l.aItem}|${l.bYear}|${l.bItem}`;
		const first = new Map(indicators.listLinks().map((l) => [key(l), l.id]));
		const [one] = indicators.listLinks();
		if (!one) throw new Error("expected links");
		indicators.rejectLink(one.id, "tester", "not the same");
		linkImported(store, ids.slice(-1));
		indicators.proposeLinks();
		const again = indicators.listLinks();
		for (const l of again) expect(l.id, key(l)).toBe(first.get(key(l)));
		expect(again.find((l) => l.id === one.id)?.status).toBe("rejected");
		indicators.confirmLink(one.id, "tester", "the same after all");
	});

	it("should show the questions for a person (below the threshold) as pending links", () => {
		// A strict threshold leaves many proposals below it.
		indicators.proposeLinks({ threshold: 0.99 });
		const pending = pendingLinks(store);
		expect(pending.map((l) => l.id).sort((a, b) => a - b)).toEqual(
			indicators
				.listLinks({ pending: true })
				.map((l) => l.id)
				.sort((a, b) => a - b),
		);
		expect(pending.length).toBeGreaterThan(0);
		for (const l of pending) {
			expect(l.score).toBeLessThan(l.threshold);
			expect(l.aReportId).not.toBeNull();
		}
		indicators.proposeLinks();
	});
});

describe("levels by department and year", () => {
	it("should give the same completion and level counts as compare() for every year, a correction counted", () => {
		const reportId = ids[0] as number;
		const item = store
			.exportRecords(reportId)[0]
			?.measures.find((m) => m.performancePct === 100 && !m.notDue)?.item;
		if (!item) throw new Error("expected an item at 100");
		store.addCorrection({
			reportId,
			item,
			field: "performancePct",
			newValue: 30,
			reason: "test",
			who: "tester",
		});
		const facets = meFacets(store);
		expect(facets.years).toEqual([2022, 2023, 2024]);
		for (const by of ["department", "organization"] as const)
			for (const year of facets.years) {
				const expected = indicators
					.compare({ year, by })
					.map((r) => ({
						organization: r.organization,
						department: r.department,
						units: r.units,
						items: r.items,
						itemsDue: r.itemsDue,
						planCompletionPct: r.planCompletionPct,
						levels: r.levels,
					}))
					.sort((a, b) =>
						`${a.organization}${a.department}`.localeCompare(
							`${b.organization}${b.department}`,
						),
					);
				const cells = levelsByYear(store, { by, years: [year] })
					.map(({ year: _y, levelSum: _s, ...c }) => c)
					.sort((a, b) =>
						`${a.organization}${a.department}`.localeCompare(
							`${b.organization}${b.department}`,
						),
					);
				expect(cells, `${by} ${year}`).toEqual(expected);
			}
		expect(levelsByYear(store).some((c) => c.levels["30"] > 0)).toBe(true);
	});

	it("should find the series with a measure in a year", () => {
		const in2022 = seriesInYear(store, 2022);
		let found = 0;
		for (const s of indicators.listIndicators()) {
			// The whole series, whatever its wordings: the history of its latest key.
			const years = indicators
				.history(s.key)
				.rows.filter((r) => r.seriesId === s.seriesId)
				.map((r) => r.year);
			expect(in2022.has(s.seriesId), s.indicator).toBe(years.includes(2022));
			if (years.includes(2022)) found++;
		}
		expect(found).toBeGreaterThan(0);
	});
});

describe("report_levels (migration 010)", () => {
	it("should hold each report's level counts of its measures through imports, new versions and deletes", async () => {
		const { databaseOf } = await import("./connection.ts");
		const db = databaseOf(store);
		const check = () => {
			const differ = db
				.prepare<[], { n: number }>(
					`SELECT COUNT(*) AS n FROM (
						SELECT report_id, COUNT(*) AS items,
							SUM(CASE WHEN not_due = 0 AND performance_pct IS NOT NULL THEN performance_pct ELSE 0 END) AS level_sum,
							SUM(CASE WHEN performance_pct = 100 THEN 1 ELSE 0 END) AS level_100,
							SUM(CASE WHEN not_due = 1 THEN 1 ELSE 0 END) AS not_due
						FROM measures GROUP BY report_id
					) m FULL OUTER JOIN (SELECT * FROM report_levels WHERE items > 0) l USING (report_id)
					WHERE m.items IS DISTINCT FROM l.items OR m.level_sum IS DISTINCT FROM l.level_sum
						OR m.level_100 IS DISTINCT FROM l.level_100 OR m.not_due IS DISTINCT FROM l.not_due`,
				)
				.get()?.n;
			expect(differ).toBe(0);
		};
		check();
		// A new version of a stored report (same identity, other levels) replaces its measures.
		const report = makeCorpus({ departments: 3, years: 3, seed: 11 })
			.reports[0];
		if (!report) throw new Error("expected a report");
		const markdown = corpusMarkdown(report).replace(/\| 100 \|/, "| 90 |");
		const outcome = store.importResult(
			ingestMarkdown(markdown, { file: "new-version.md" }),
		);
		expect(outcome.replaced).toBeDefined();
		check();
		db.prepare(
			"UPDATE measures SET performance_pct = 0 WHERE id = (SELECT MIN(id) FROM measures)",
		).run();
		check();
	});
});
