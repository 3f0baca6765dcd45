import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { seedRecord } from "../store/testing.ts";
import { numberingGaps } from "./completeness.ts";
import { ingestMarkdown } from "./ingest.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const LINES = SEED.split("\n");
const lineOf = (re: RegExp) => {
	const i = LINES.findIndex((l) => re.test(l));
	if (i < 0) throw new Error(`no line ${re}`);
	return i;
};
/** The seed without the rows of these items (whole table lines). */
const withoutRows = (items: string[]) =>
	LINES.filter((l) => !items.some((item) => l.startsWith(`| ${item} |`))).join(
		"\n",
	);
const kinds = (text: string) =>
	ingestMarkdown(text, { file: "t.md" }).holds.map((h) => h.kind);

it("should hold nothing in the seed, and nothing in the seed without its evaluation sheet or summary", () => {
	expect(kinds(SEED)).toEqual([]);
	// The evaluation sheet (its title to the summary's title): a complete report without one.
	const sheet = lineOf(/ПҮРЭВИЙН ОТГОНБАЯРЫН/) - 1;
	const summary = lineOf(/БИЕЛЭЛТИЙН ТОВЧОО/) - 2;
	const noSheet = [...LINES.slice(0, sheet), ...LINES.slice(summary)].join(
		"\n",
	);
	expect(
		ingestMarkdown(noSheet, { file: "t.md" }).record.evaluation,
	).toBeNull();
	expect(kinds(noSheet)).toEqual([]);
	// Everything after the first signatures: no summary, no sheet, signatures kept.
	const signed = LINES.slice(0, lineOf(/^ТАЙЛАН ГАРГАСАН/) + 3).join("\n");
	expect(kinds(signed)).toEqual([]);
});

it("should hold a report whose end is missing: cut inside the table, or nothing closing it", () => {
	expect(kinds(LINES.slice(0, lineOf(/^\| 4\.7 \|/) + 1).join("\n"))).toEqual([
		"table-cut",
	]);
	// Text follows the table, but no summary, evaluation or signature.
	const unsigned = [
		...LINES.slice(0, lineOf(/^ХЯНАСАН/)),
		"Тайлбар: хуудас 24",
	].join("\n");
	expect(kinds(unsigned)).toEqual(["end-missing"]);
});

it("should hold a report whose summary states more items than the table holds, or whose numbering has gaps", () => {
	const result = ingestMarkdown(withoutRows(["2.4", "2.5"]), { file: "t.md" });
	expect(result.holds.map((h) => [h.kind, h.evidence])).toEqual([
		["incomplete-items", { stated: 44, found: 42, lastItem: "6.5" }],
		["items-missing", { missing: ["2.4–2.5"] }],
	]);
	// A goal whose items are all gone (the table stops mid-goal and goes on with the next).
	expect(
		ingestMarkdown(withoutRows(["3.1", "3.2", "3.3", "3.4", "3.5"]), {
			file: "t.md",
		}).holds.find((h) => h.kind === "items-missing")?.evidence,
	).toEqual({ missing: ["goal 3"] });
});

it("should name the gaps of a numbering", () => {
	const record = seedRecord();
	const only = (items: string[], goals = [1, 2, 3]) =>
		numberingGaps({
			...record,
			goals: goals.map((number) => ({ number, title: "" })),
			measures: items.map((item) => ({
				...(record.measures[0] as (typeof record.measures)[number]),
				item,
			})),
		});
	expect(only(["1.1", "1.2", "2.1", "3.1"])).toEqual([]);
	expect(only(["1.1", "1.3", "2.2", "3.1"])).toEqual(["1.2", "2.1"]);
	expect(only(["1.1", "3.1"])).toEqual(["goal 2"]);
	expect(only(["1.1", "1.2"])).toEqual(["goal 2", "goal 3"]);
	expect(only(["1.1", "1.2", "1.2#2", "1.3", "2.1", "3.1"])).toEqual([]);
});

it("should hold every generated report that lost a run of rows in the middle of its table (its summary's count, and its numbering where it shows)", () => {
	const reports = makeCorpus({ departments: 2, years: 2, seed: 3 }).reports;
	fc.assert(
		fc.property(
			fc.nat({ max: reports.length - 1 }),
			fc.nat(),
			fc.integer({ min: 1, max: 4 }),
			(r, at, count) => {
				const report = reports[r];
				if (!report) return;
				const items = report.record.measures.map((m) => m.item);
				// Not the last rows: the table goes on after the gap.
				const from = at % Math.max(1, items.length - count - 1);
				const lost = items.slice(from, from + count);
				const text = corpusMarkdown(report)
					.split("\n")
					.filter((l) => !lost.some((item) => l.startsWith(`| ${item} |`)))
					.join("\n");
				const result = ingestMarkdown(text, { file: "t.md" });
				expect(result.record.measures).toHaveLength(items.length - count);
				const held = result.holds.map((h) => h.kind);
				// The summary's count always tells; the numbering tells when the gap is not at the
				// end of a goal (then the next goal's 1 hides it).
				expect(held).toContain("incomplete-items");
				const next = items[from + count];
				const goalOf = (item: string | undefined) => item?.split(".")[0];
				if (goalOf(next) === goalOf(lost[0]) || !next?.endsWith(".1"))
					expect(held).toContain("items-missing");
			},
		),
		{ numRuns: 20, seed: 99 },
	);
});
