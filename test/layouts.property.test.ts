/**
 * Property tests of the column mapping: the seed's gold record rendered in random layouts
 * (test/render.ts: column order and subset, header wordings, one or two header rows, with or
 * without the numbering row, extra evidence-only columns, goal-row, level and item-number forms,
 * page breaks with row splits) must come back field for field, with no hold; the same layouts
 * with a blank header must come back held ("columns-unconfirmed"), never as confirmed facts.
 *
 * Environment: PROPERTY_RUNS (default 40), PROPERTY_SEED (default fixed).
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { type ReportRecord, ReportRecordSchema } from "../pipeline/records.ts";
import { fieldValue, STRUCTURED_FIELDS } from "./gold.ts";
import {
	emptyPlan,
	type Layout,
	layoutArb,
	recordInLayout,
	renderLayoutMarkdown,
	renderPlanArb,
	SEED_LAYOUT,
} from "./render.ts";

function loadRecord(): ReportRecord {
	const url = new URL(
		"../fixtures/markdown/seed/expected.json",
		import.meta.url,
	);
	const raw = JSON.parse(readFileSync(url, "utf8")) as {
		measures: Record<string, unknown>[];
	};
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
}

const record = loadRecord();
const runs = Number(process.env.PROPERTY_RUNS ?? 40);
const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

/** Structured fields that differ between the expected and the read record. */
function fieldErrors(want: ReportRecord, got: ReportRecord): string[] {
	const errors: string[] = [];
	if (got.measures.length !== want.measures.length)
		errors.push(
			`items: ${got.measures.map((m) => m.item).join(",")} (want ${want.measures.length})`,
		);
	for (const w of want.measures) {
		const g = got.measures.find((m) => m.item === w.item);
		for (const f of STRUCTURED_FIELDS) {
			const a = fieldValue(w, f);
			const b = fieldValue(g, f);
			if (!isDeepStrictEqual(a, b))
				errors.push(
					`${w.item} ${f}: want ${JSON.stringify(a)} got ${JSON.stringify(b)}`,
				);
		}
	}
	if (!isDeepStrictEqual(got.goals, want.goals))
		errors.push(`goals: ${JSON.stringify(got.goals).slice(0, 200)}`);
	return errors;
}

const read = (md: string) => ingestMarkdown(md, { file: "layout.md" });

describe("reports in other layouts (property)", () => {
	it("should read every layout with a header exactly, keep extra columns out of the fields, and hold none", () => {
		fc.assert(
			fc.property(
				layoutArb(),
				renderPlanArb(record, { pushes: false, breakPct: 15 }),
				(layout, plan) => {
					const result = read(renderLayoutMarkdown(record, plan, layout));
					const errors = fieldErrors(
						recordInLayout(record, layout),
						result.record,
					);
					if (errors.length)
						throw new Error(
							`${JSON.stringify(layout)}\n${errors.slice(0, 8).join("\n")}`,
						);
					const held = result.holds.filter(
						(h) => h.kind === "columns-unconfirmed",
					);
					if (held.length)
						throw new Error(
							`${JSON.stringify(layout)}\nheld: ${held[0]?.message}`,
						);
					// Evidence-only columns are in the provenance, never in a field.
					for (const extra of ["responsible", "deadline", "notes"] as const) {
						if (!layout.columns.includes(extra)) continue;
						const kept = result.record.measures.filter(
							(m) => (m.provenance?.[extra]?.length ?? 0) > 0,
						);
						if (extra !== "notes" && kept.length !== record.measures.length)
							throw new Error(`${extra} not kept for every item`);
					}
					const text = JSON.stringify(
						result.record.measures.map(({ provenance, ...m }) => m),
					);
					if (text.includes("Төрийн захиргааны хэлтэс 1.1"))
						throw new Error("an evidence-only column was poured into a field");
				},
			),
			{ numRuns: runs, seed },
		);
	});

	it("should hold every layout whose header is blank, with the proposed roles as evidence", () => {
		fc.assert(
			fc.property(layoutArb({ blankHeader: true }), (layout) => {
				const result = read(
					renderLayoutMarkdown(record, emptyPlan(record), layout),
				);
				const hold = result.holds.find((h) => h.kind === "columns-unconfirmed");
				if (!hold) throw new Error(`${JSON.stringify(layout)}: not held`);
				const columns = hold.evidence.columns as { role: string | null }[];
				if (!Array.isArray(columns) || columns.length < layout.columns.length)
					throw new Error("the hold does not list the columns");
				if (!result.flags.some((f) => f.kind === "header-unreadable"))
					throw new Error("no flag says the roles were inferred");
			}),
			{ numRuns: Math.max(10, Math.round(runs / 2)), seed },
		);
	});
});

describe("named layouts", () => {
	const layout = (over: Partial<Layout>): Layout => ({
		...SEED_LAYOUT,
		...over,
	});

	it("should read the issue's Word-like layout: budget after the targets, a responsible unit, one header row, 'N дүгээр зорилт:'", () => {
		const l = layout({
			columns: [
				"item",
				"activity",
				"indicator",
				"baseline",
				"targetHalfYear",
				"targetFullYear",
				"budget",
				"responsible",
				"achievement",
				"performance",
			],
			headerRows: 1,
			numbering: false,
			goalForm: "ordinal",
		});
		const result = read(renderLayoutMarkdown(record, emptyPlan(record), l));
		expect(fieldErrors(recordInLayout(record, l), result.record)).toEqual([]);
		expect(result.holds).toEqual([]);
		// The 5,5 сая budget is a budget, not the full-year target.
		const m = result.record.measures.find((x) => x.budget.amountMnt === 5.5e6);
		const gold = record.measures.find((x) => x.budget.amountMnt === 5.5e6);
		expect(m?.item).toBe(gold?.item);
	});

	it("should read a third layout: no budget, levels with words, a notes column, Roman goal rows", () => {
		const l = layout({
			columns: [
				"item",
				"activity",
				"indicator",
				"baseline",
				"targetFullYear",
				"achievement",
				"performance",
				"notes",
			],
			headerRows: 1,
			goalForm: "roman",
			levelForm: "pct-label",
			itemForm: "paren",
		});
		const result = read(renderLayoutMarkdown(record, emptyPlan(record), l));
		expect(fieldErrors(recordInLayout(record, l), result.record)).toEqual([]);
		expect(result.holds).toEqual([]);
	});

	it("should hold a table whose header contradicts its content, and say which column", () => {
		// The header says "Төсөв" over the narratives and the narrative's header over the budgets.
		const l = layout({
			headerRows: 1,
			headers: { budget: "Хүрсэн түвшин", achievement: "Төсөв" },
		});
		const result = read(renderLayoutMarkdown(record, emptyPlan(record), l));
		expect(result.holds.map((h) => h.kind)).toContain("columns-unconfirmed");
		expect(
			result.flags.some(
				(f) =>
					f.kind === "column-content-mismatch" && /column 8/.test(f.message),
			),
		).toBe(true);
	});

	it("should drop a header garbled beyond reading, map the seed's columns by content and hold it", () => {
		const url = new URL("../fixtures/markdown/seed/input.md", import.meta.url);
		const lines = readFileSync(url, "utf8").split("\n");
		expect(lines[5]).toMatch(/^\| № \| Стратеги/);
		lines[5] =
			"| Нo | Сттеги твлөгө бл үнддэслэж | Тсв | Шлгр үзүүт | Сууурь твшн | Зртт түв | | | Хүрсн твшн буюу хэржилт | Гйцтгл хуь |";
		lines[7] = "| | | | | | Хгс жл | Бтн жл | 8 | | |";
		const result = read(lines.join("\n"));
		expect(result.holds.map((h) => h.kind)).toContain("columns-unconfirmed");
		// Proposed from the content, the values are still right for the clerk to confirm.
		expect(fieldErrors(record, result.record).length).toBeLessThan(5);
	});

	it("should hold a table with an empty header row, yet propose the roles from the content", () => {
		const l = layout({ headerRows: 0, numbering: false });
		const result = read(renderLayoutMarkdown(record, emptyPlan(record), l));
		const hold = result.holds.find((h) => h.kind === "columns-unconfirmed");
		expect(hold).toBeDefined();
		const columns = (hold?.evidence.columns ?? []) as {
			role: string | null;
		}[];
		const roles = columns.map((c) => c.role);
		expect(roles[0]).toBe("item");
		expect(roles[7]).toBe("achievement");
		expect(roles[8]).toBe("performance");
	});
});
