import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	type Corpus,
	corpusMarkdown,
	makeCorpus,
	trueLinks,
} from "../scripts/make-corpus.ts";
import { openStore, type Store } from "./index.ts";
import { ftsQuery, type Indicators, openIndicators } from "./indicators.ts";
import { seedIngestResult } from "./testing.ts";

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDb(): string {
	const dir = mkdtempSync(join(tmpdir(), "tailan-me-"));
	dirs.push(dir);
	return join(dir, "t.db");
}

/** Store a corpus; returns sha256 → corpus file. `viaMarkdown`: render and run the pipeline. */
function importCorpus(
	store: Store,
	corpus: Corpus,
	viaMarkdown: boolean,
): Map<string, string> {
	const files = new Map<string, string>();
	for (const report of corpus.reports) {
		const result = viaMarkdown
			? ingestMarkdown(corpusMarkdown(report), { file: report.file })
			: {
					...seedIngestResult(Buffer.from(report.file)),
					record: report.record,
					flags: [],
					decisions: [],
				};
		store.importResult(result);
		files.set(result.document.sha256, report.file);
	}
	return files;
}

describe("M&E queries on the seed", () => {
	let store: Store;
	let indicators: Indicators;
	beforeAll(() => {
		store = openStore(tempDb());
		store.importResult(seedIngestResult());
		indicators = openIndicators(store);
		indicators.proposeLinks();
	});
	afterAll(() => {
		indicators.close();
		store.close();
	});

	it("should compare 2024 like the report's own summary: 99.3%, 43 at 100, one (2.1) at 70", () => {
		const [row, ...rest] = indicators.compare({ year: 2024 });
		expect(rest).toEqual([]);
		expect(row).toMatchObject({
			department: "Төрийн захиргааны удирдлагын хэлтэс",
			items: 44,
			itemsDue: 44,
			planCompletionPct: 99.3,
			levels: {
				"100": 43,
				"90": 0,
				"80": 0,
				"70": 1,
				"30": 0,
				"0": 0,
				notDue: 0,
			},
			belowHundred: [{ item: "2.1", level: 70 }],
		});
		const [org] = indicators.compare({ year: 2024, by: "organization" });
		expect(org).toMatchObject({
			department: null,
			units: 1,
			planCompletionPct: 99.3,
		});
		expect(indicators.compare({ year: 2023 })).toEqual([]);
	});

	it("should find an indicator's history by any wording of its key", () => {
		const result = indicators.history("хэрэгжүүлсэн төслийн ТООГООР.");
		expect(result).toMatchObject({
			key: "хэрэгжүүлсэн төслийн тоо",
			exact: true,
		});
		expect(result.rows).toHaveLength(1);
		expect(result.rows[0]).toMatchObject({
			year: 2024,
			item: "1.1",
			baseline: { value: 3, unit: "count" },
			targetHalfYear: { value: 3, unit: "count" },
			targetFullYear: { value: 4, unit: "count" },
			performancePct: 100,
		});
		// Eight items share "Хэрэгжилтийн хувь": eight series, one row each.
		expect(indicators.history("Хэрэгжилтийн хувь").rows).toHaveLength(8);
		const fuzzy = indicators.history("Хэрэгжүүлсэн төслийн тоо /жилээр/");
		expect(fuzzy.exact).toBe(false);
		expect(fuzzy.matchedKeys[0]?.key).toBe("хэрэгжүүлсэн төслийн тоо");
		expect(
			indicators.history("Хэрэгжүүлсэн төслийн тоо", { from: 2025 }).rows,
		).toEqual([]);
	});

	it("should list one indicator per measure of a single report, filtered by text", () => {
		expect(indicators.listIndicators()).toHaveLength(44);
		const found = indicators.listIndicators({ search: "ТООГООР" });
		expect(found.length).toBeGreaterThan(10);
		expect(found.every((i) => i.key.includes("тоо"))).toBe(true);
		expect(indicators.listIndicators({ department: "санхүү" })).toEqual([]);
	});

	it("should search narratives with snippets, any case, Ө as a letter", () => {
		const hits = indicators.search("ӨРГӨДӨЛ");
		expect(hits.length).toBeGreaterThan(0);
		expect(hits[0]?.snippet).toMatch(/\[өргөдөл/i);
		expect(indicators.search("өргөдөл", { year: 2023 })).toEqual([]);
		expect(ftsQuery('өргөдөл AND "x" OR')).toBe(
			'({words}: "өргөдөл"* OR {stems}: "өргөдл") AND ({words}: "and"* OR {stems}: "and") AND ({words}: "x"* OR {stems}: "x") AND ({words}: "or"* OR {stems}: "or")',
		);
		expect(() => indicators.search("…")).toThrow(TypeError);
	});
	it("should count corrections in compare and history, like v_department_year and v_measures", () => {
		store.addCorrection({
			reportId: 1,
			item: "2.1",
			field: "performancePct",
			newValue: 100,
			reason: "approved after the deadline",
			who: "Д.Энхжаргал",
		});
		const [row] = indicators.compare({ year: 2024 });
		expect(row).toMatchObject({
			planCompletionPct: 100,
			levels: { "100": 44, "70": 0 },
			belowHundred: [],
		});
		const db = new Database(store.path, { readonly: true });
		const view = db
			.prepare<
				[],
				{
					plan_completion_pct: number;
					level_100: number;
					items_below_100: number;
				}
			>(
				"SELECT plan_completion_pct, level_100, items_below_100 FROM v_department_year WHERE year = 2024",
			)
			.get();
		db.close();
		expect(view).toEqual({
			plan_completion_pct: 100,
			level_100: 44,
			items_below_100: 0,
		});
		const history = indicators.history(
			"Хөтөлбөр батлуулсан байх, хэрэгжилтийн хувь",
		);
		expect(history.rows[0]?.performancePct).toBe(100);
	});
});

describe("history by department and years", () => {
	it("should pick the reports of every department a filter names, in any case and spacing, and its years", () => {
		const corpus = makeCorpus({ departments: 4, years: 4, seed: 11 });
		const store = openStore(tempDb());
		importCorpus(store, corpus, false);
		const indicators = openIndicators(store);
		try {
			indicators.proposeLinks();
			const reports = store.listReports();
			const departments = [
				...new Set(reports.map((r) => r.department as string)),
			];
			expect(departments.length).toBeGreaterThanOrEqual(4);
			const years = reports.map((r) => r.year as number);
			const middle = Math.round((Math.min(...years) + Math.max(...years)) / 2);
			let seen = 0;
			for (const department of departments) {
				const keys = indicators
					.listIndicators({ department })
					.filter((i) => i.reports >= 2)
					.slice(0, 3)
					.map((i) => i.indicator);
				for (const key of keys) {
					const rows = indicators.history(key, { department }).rows;
					expect(rows.length, `${department}: ${key}`).toBeGreaterThan(0);
					expect(rows.every((r) => r.department === department)).toBe(true);
					// The same reports whatever the case and spacing of the filter.
					const typed = ` ${department.toUpperCase().replace(/ /g, "  ")} `;
					expect(indicators.history(key, { department: typed }).rows).toEqual(
						rows,
					);
					// Years narrow the same reports.
					expect(
						indicators
							.history(key, { department, from: middle })
							.rows.map((r) => r.measureId),
					).toEqual(
						indicators
							.history(key, { department })
							.rows.filter((r) => (r.year as number) >= middle)
							.map((r) => r.measureId),
					);
					// A filter naming no department finds nothing; an empty one matches every report.
					expect(
						indicators.history(key, { department: "Байхгүй хэлтэс" }).rows,
					).toEqual([]);
					expect(indicators.history(key, { department: "" }).rows).toEqual(
						indicators.history(key, { from: Math.min(...years) }).rows,
					);
					seen++;
				}
			}
			expect(seen).toBeGreaterThanOrEqual(8);
		} finally {
			indicators.close();
			store.close();
		}
	});
});

describe("indicator links on a generated corpus", () => {
	it("should propose ≥ 95% of the true links above the threshold, ≤ 2% false, through the pipeline", () => {
		const corpus = makeCorpus({ departments: 3, years: 5, seed: 7 });
		const path = tempDb();
		const store = openStore(path);
		const files = importCorpus(store, corpus, true);
		const indicators = openIndicators(store);
		indicators.proposeLinks();
		const reportFile = new Map(
			store.listReports().map((r) => [r.id, files.get(r.sha256) as string]),
		);
		const quality = linkQualityByReports(indicators, corpus, reportFile, path);
		console.log(
			`corpus via Markdown (3 departments × 5 years): ${quality.truth} true links, recall ${(quality.recall * 100).toFixed(1)}%, false ${(quality.falseShare * 100).toFixed(1)}% of ${quality.used} used`,
		);
		expect(quality.recall).toBeGreaterThanOrEqual(0.95);
		expect(quality.falseShare).toBeLessThanOrEqual(0.02);

		// History equals the truth for every series the links rebuilt whole.
		const { whole, total, mismatches } = checkHistories(
			corpus,
			reportFile,
			path,
		);
		console.log(`series rebuilt whole: ${whole}/${total}`);
		expect(mismatches).toEqual([]);
		expect(whole / total).toBeGreaterThanOrEqual(0.95);

		// Compare equals the truth for every department and year.
		for (const report of corpus.reports) {
			const row = indicators
				.compare({ year: report.year })
				.find((r) => r.department === report.record.report.department);
			expect(row?.planCompletionPct).toBe(
				report.record.summary?.planCompletionPct,
			);
			expect(row?.levels).toEqual(report.record.summary?.levels);
			expect(row?.items).toBe(report.record.measures.length);
		}
		indicators.close();
		store.close();
	});

	it("should reach the same figures on a larger corpus stored directly (20 departments × 8 years)", () => {
		const corpus = makeCorpus({ departments: 20, years: 8, seed: 11 });
		const path = tempDb();
		const store = openStore(path);
		const files = importCorpus(store, corpus, false);
		const indicators = openIndicators(store);
		const outcome = indicators.proposeLinks();
		const reportFile = new Map(
			store.listReports().map((r) => [r.id, files.get(r.sha256) as string]),
		);
		const quality = linkQualityByReports(indicators, corpus, reportFile, path);
		console.log(
			`corpus stored directly (20 × 8, ${corpus.reports.reduce((n, r) => n + r.record.measures.length, 0)} measures): ${quality.truth} true links, recall ${(quality.recall * 100).toFixed(2)}%, false ${(quality.falseShare * 100).toFixed(2)}% of ${quality.used} used; ${outcome.belowThreshold} below the threshold`,
		);
		expect(quality.recall).toBeGreaterThanOrEqual(0.95);
		expect(quality.falseShare).toBeLessThanOrEqual(0.02);
		const { whole, total, mismatches } = checkHistories(
			corpus,
			reportFile,
			path,
		);
		console.log(`series rebuilt whole: ${whole}/${total}`);
		expect(mismatches).toEqual([]);
		expect(whole / total).toBeGreaterThanOrEqual(0.95);
		indicators.close();
		store.close();
	});

	it("should never use a link below the threshold until a person confirms it, and keep decisions", () => {
		const corpus = makeCorpus({ departments: 1, years: 2, seed: 3 });
		const store = openStore(tempDb());
		importCorpus(store, corpus, false);
		const indicators = openIndicators(store, {
			now: () => "2025-01-01T00:00:00Z",
		});
		// A threshold of 1: only exact-looking links are used, the rest wait for a person.
		const outcome = indicators.proposeLinks({ threshold: 0.99 });
		expect(outcome.belowThreshold).toBeGreaterThan(0);
		const pending = indicators.listLinks({ pending: true });
		expect(pending.every((l) => !l.used && l.status === "proposed")).toBe(true);
		const [first, second] = pending;
		if (!first || !second) throw new Error("expected two pending links");
		const seriesOf = (measureId: number | null) =>
			indicators
				.history(first.bIndicator ?? "")
				.rows.concat(indicators.history(first.aIndicator ?? "").rows)
				.find((r) => r.measureId === measureId)?.seriesId;
		expect(seriesOf(first.aMeasureId)).not.toBe(seriesOf(first.bMeasureId));

		const confirmed = indicators.confirmLink(
			first.id,
			"Б.Батболд",
			"same project count",
		);
		expect(confirmed).toMatchObject({
			status: "confirmed",
			used: true,
			decidedBy: "Б.Батболд",
		});
		expect(seriesOf(first.aMeasureId)).toBe(seriesOf(first.bMeasureId));
		indicators.rejectLink(second.id, "Б.Батболд");

		// Proposing again keeps both decisions and does not bring the rejected pair back.
		indicators.proposeLinks({ threshold: 0.99 });
		const all = indicators.listLinks();
		expect(all.find((l) => l.id === first.id)?.status).toBe("confirmed");
		expect(all.find((l) => l.id === second.id)).toMatchObject({
			status: "rejected",
			used: false,
		});
		expect(() => indicators.confirmLink(999_999, "x")).toThrow(
			/no link 999999/,
		);
		expect(() => indicators.confirmLink(first.id, " ")).toThrow(/who/);
		indicators.close();
		store.close();
	});
});

interface ViewRow {
	measure_id: number;
	report_id: number;
	series_id: number;
	item: string;
	baseline_value: number | null;
	target_half_value: number | null;
	target_full_value: number | null;
	target_full_unit: string | null;
	performance_pct: number | null;
}

/** v_indicator_history read as any SQLite tool would. */
function historyView(path: string): ViewRow[] {
	const db = new Database(path, { readonly: true });
	try {
		return db
			.prepare<[], ViewRow>(
				"SELECT measure_id, report_id, series_id, item, baseline_value, target_half_value, target_full_value, target_full_unit, performance_pct FROM v_indicator_history",
			)
			.all();
	} finally {
		db.close();
	}
}

function linkQualityByReports(
	indicators: Indicators,
	corpus: Corpus,
	reportFile: Map<number, string>,
	path: string,
) {
	const truth = trueLinks(corpus);
	const used = indicators
		.listLinks({ limit: Number.MAX_SAFE_INTEGER })
		.filter((l) => l.used);
	const fileOfMeasure = new Map(
		historyView(path).map((r) => [
			r.measure_id,
			reportFile.get(r.report_id) as string,
		]),
	);
	let truePositives = 0;
	for (const l of used) {
		const id = `${fileOfMeasure.get(l.aMeasureId ?? 0)}#${l.aItem}>${fileOfMeasure.get(l.bMeasureId ?? 0)}#${l.bItem}`;
		if (truth.has(id)) truePositives++;
	}
	return {
		truth: truth.size,
		used: used.length,
		recall: truePositives / truth.size,
		falseShare:
			used.length === 0 ? 0 : (used.length - truePositives) / used.length,
	};
}

/** Every truth series against the store's series: whole (exactly its measures) and equal values. */
function checkHistories(
	corpus: Corpus,
	reportFile: Map<number, string>,
	path: string,
) {
	const truth = new Map<string, string[]>();
	const expected = new Map<
		string,
		Corpus["reports"][number]["record"]["measures"][number]
	>();
	for (const r of corpus.reports)
		r.record.measures.forEach((m, i) => {
			const s = r.series[i] as string;
			truth.set(s, [...(truth.get(s) ?? []), `${r.file}#${m.item}`]);
			expected.set(`${r.file}#${m.item}`, m);
		});
	const seriesOf = new Map<string, number>();
	const size = new Map<number, number>();
	const mismatches: string[] = [];
	for (const row of historyView(path)) {
		const id = `${reportFile.get(row.report_id)}#${row.item}`;
		seriesOf.set(id, row.series_id);
		size.set(row.series_id, (size.get(row.series_id) ?? 0) + 1);
		const m = expected.get(id);
		if (
			!m ||
			m.baseline.value !== row.baseline_value ||
			m.targetHalfYear.value !== row.target_half_value ||
			m.targetFullYear.value !== row.target_full_value ||
			m.targetFullYear.unit !== row.target_full_unit ||
			m.performancePct !== row.performance_pct
		)
			mismatches.push(id);
	}
	let whole = 0;
	for (const members of truth.values()) {
		const ids = new Set(members.map((x) => seriesOf.get(x)));
		const [id] = ids;
		if (ids.size === 1 && id !== undefined && size.get(id) === members.length)
			whole++;
	}
	return { whole, total: truth.size, mismatches };
}
