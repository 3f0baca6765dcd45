import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { openStore } from "../store/index.ts";
import { openIndicators } from "../store/indicators.ts";
import { ingestMarkdown } from "./ingest.ts";
import type { Measure } from "./records.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const plain = (measures: Measure[]) =>
	measures.map(({ provenance: _p, itemRaw: _r, ...m }) => m);

const rowRe = (item: string) =>
	new RegExp(`^\\|\\s*${item.replace(".", "\\.")}\\s*\\|`);

/** The seed with the table row of `item` given again right after it (edited by `edit`). */
function withRepeat(text: string, item: string, edit = (row: string) => row) {
	const lines = text.split("\n");
	const i = lines.findIndex((l) => rowRe(item).test(l));
	if (i < 0) throw new Error(`no row for ${item}`);
	lines.splice(i + 1, 0, edit(lines[i] as string));
	return lines.join("\n");
}

/** The Markdown with the row of `item` printed under the number `printed`. */
function renumber(text: string, item: string, printed: string): string {
	const lines = text.split("\n");
	const i = lines.findIndex((l) => rowRe(item).test(l));
	if (i < 0) throw new Error(`no row for ${item}`);
	lines[i] = (lines[i] as string).replace(rowRe(item), `| ${printed} |`);
	return lines.join("\n");
}

it("should store a row repeated word for word once, with a decision and a warning, and not hold the report", () => {
	const original = ingestMarkdown(SEED, { file: "a.md" });
	const result = ingestMarkdown(withRepeat(SEED, "2.1"), { file: "b.md" });
	expect(plain(result.record.measures)).toEqual(
		plain(original.record.measures),
	);
	const flags = result.flags.filter((f) => f.kind === "repeated-item");
	expect(flags.map((f) => [f.item, f.severity])).toEqual([["2.1", "warning"]]);
	expect(
		result.decisions.filter((d) => d.kind === "drop-row" && d.item === "2.1"),
	).toHaveLength(1);
	expect(result.holds).toEqual([]);
	const store = openStore(":memory:");
	expect(store.importResult(result).status).toBe("imported");
	expect(store.listReports()[0]?.held).toBe(false);
	store.close();
});

it("should keep both rows of a number printed twice, inferring the second's number from the sequence (3.1, 3.2, 3.2, 3.4 → 3.3)", () => {
	const original = ingestMarkdown(SEED, { file: "a.md" });
	const result = ingestMarkdown(renumber(SEED, "3.3", "3.2"), {
		file: "c.md",
	});
	expect(result.record.measures).toHaveLength(44);
	expect(plain(result.record.measures)).toEqual(
		plain(original.record.measures),
	);
	const inferred = result.record.measures.find((m) => m.item === "3.3");
	expect(inferred?.itemRaw).toBe("3.2");
	const flags = result.flags.filter((f) => f.kind === "item-number-inferred");
	expect(flags.map((f) => [f.item, f.field, f.evidence])).toEqual([
		["3.3", "item", { printed: "3.2", inferred: "3.3", occurrence: 2 }],
	]);
	expect(flags[0]?.message).toContain("item number inferred");
	expect(result.holds).toEqual([]);
	// Stored: the raw number is kept with the measure and exported.
	const store = openStore(":memory:");
	const { reportId } = store.importResult(result);
	const [record] = store.exportRecords(reportId);
	expect(record?.measures.find((m) => m.item === "3.3")?.itemRaw).toBe("3.2");
	expect(store.listReports()[0]?.held).toBe(false);
	store.close();
});

it("should keep a second row whose number cannot be inferred under a distinct key, flag it and hold the report", () => {
	const text = withRepeat(SEED, "3.2", (row) =>
		row.replace(/^\|\s*3\.2\s*\|[^|]*/, "| 3.2 | Өөр ажил"),
	);
	const result = ingestMarkdown(text, { file: "d.md" });
	const items = result.record.measures.map((m) => m.item);
	expect(items).toHaveLength(45);
	expect(new Set(items).size).toBe(45);
	const second = result.record.measures.find((m) => m.item === "3.2#2");
	expect(second?.activity).toContain("Өөр ажил");
	expect(second?.itemRaw).toBe("3.2");
	expect(
		result.record.measures.find((m) => m.item === "3.2")?.activity,
	).not.toContain("Өөр ажил");
	expect(
		result.flags
			.filter((f) => f.kind === "item-identity-unresolved")
			.map((f) => [f.item, f.severity]),
	).toEqual([["3.2#2", "error"]]);
	expect(result.holds.map((h) => h.kind)).toEqual(["item-identity"]);
	// Stored whole, held: not in compare until a person accepts it.
	const store = openStore(":memory:");
	const { reportId } = store.importResult(result);
	expect(store.listReports()[0]).toMatchObject({ held: true, measures: 45 });
	const indicators = openIndicators(store);
	expect(indicators.compare({ year: 2024 })).toEqual([]);
	store.acceptHolds(reportId, {
		who: "Б.Сараа",
		reason: "both rows are real: the second is an extra activity",
	});
	expect(indicators.compare({ year: 2024 })[0]?.items).toBe(45);
	indicators.close();
	store.close();
});

it("should infer the true number of any row printed with its predecessor's number, in generated reports", () => {
	const corpus = makeCorpus({ departments: 3, years: 2, seed: 5 });
	fc.assert(
		fc.property(
			fc.integer({ min: 0, max: corpus.reports.length - 1 }),
			fc.nat(),
			(r, pick) => {
				const report = corpus.reports[r];
				if (!report) return;
				const measures = report.record.measures;
				// A row whose predecessor and successor are in its goal, numbered in sequence.
				const candidates = measures.filter((m, i) => {
					const [g, n] = m.item.split(".").map(Number);
					const prev = measures[i - 1]?.item;
					const next = measures[i + 1]?.item;
					return (
						prev === `${g}.${(n ?? 0) - 1}` && next === `${g}.${(n ?? 0) + 1}`
					);
				});
				fc.pre(candidates.length > 0);
				const target = candidates[pick % candidates.length] as Measure;
				const [g, n] = target.item.split(".").map(Number);
				const printed = `${g}.${(n ?? 0) - 1}`;
				const markdown = corpusMarkdown(report);
				const original = ingestMarkdown(markdown, { file: "o.md" });
				const result = ingestMarkdown(
					renumber(markdown, target.item, printed),
					{ file: "r.md" },
				);
				expect(plain(result.record.measures)).toEqual(
					plain(original.record.measures),
				);
				expect(
					result.record.measures.find((m) => m.item === target.item)?.itemRaw,
				).toBe(printed);
				expect(
					result.flags.filter((f) => f.kind === "item-number-inferred"),
				).toHaveLength(1);
				expect(result.holds).toEqual([]);
			},
		),
		{ numRuns: 12, seed: 13 },
	);
});
