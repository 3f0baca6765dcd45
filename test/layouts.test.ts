/**
 * Generated layouts (test/layout.ts) through the whole import: render as Markdown, Word and PDF,
 * ingest, store, export, compare with the record the layout was made from.
 *
 * A sample of each, kept small for CI: the text outside the table in every arrangement (the
 * seed's table); tables in any column order, subset, wording, header rows and goal, level and item
 * forms; blank headers kept out of the queries. The full ≥ 300-layout × 3-format run is
 * scripts/layout-accuracy.ts. The sample is fixed (one fast-check seed) so CI is repeatable;
 * PROPERTY_SEED=<n> draws another.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parserFor } from "../parsers/index.ts";
import { loadGold } from "../scripts/layout-accuracy.ts";
import {
	blankHeader,
	describeLayout,
	expectedRecord,
	type Layout,
	layoutBlocks,
	layoutRecord,
	levelText,
	randomLayout,
} from "./layout.ts";
import { toDocx, toMarkdown, toPdf } from "./layout-render.ts";
import { LAYOUT_FORMATS, type LayoutFormat, runLayout } from "./layout-run.ts";

const gold = loadGold();
const seeds = fc.integer({ min: 1, max: 1_000_000 });
/** A fixed fast-check seed, so CI runs the same sample each time (PROPERTY_SEED picks another). */
const fcSeed = Number(process.env.PROPERTY_SEED ?? 20261207);
const format = fc.constantFrom<LayoutFormat>(...LAYOUT_FORMATS);

function why(layout: Layout, f: LayoutFormat, wrong: string[]): string {
	return `${f} ${describeLayout(layout)}: ${wrong.slice(0, 6).join("; ")}`;
}

describe("layout generator", () => {
	it("should give the same layout, record and bytes for the same seed", async () => {
		const a = randomLayout(42);
		expect(randomLayout(42)).toEqual(a);
		const r = layoutRecord(gold, 42);
		expect(layoutRecord(gold, 42)).toEqual(r);
		const blocks = layoutBlocks(r, a);
		expect(toMarkdown(blocks, a)).toBe(toMarkdown(layoutBlocks(r, a), a));
		expect(await toDocx(blocks, a)).toEqual(await toDocx(blocks, a));
		expect(toPdf(blocks).length).toBeGreaterThan(1000);
	});

	it("should keep summary and evaluation consistent with the table's levels", () => {
		fc.assert(
			fc.property(seeds, (seed) => {
				const r = layoutRecord(gold, seed);
				const s = r.summary;
				expect(s?.itemsMonitored).toBe(r.measures.length);
				const total = Object.values(s?.levels ?? {}).reduce(
					(a: number, b) => a + (b ?? 0),
					0,
				);
				expect(total).toBe(r.measures.length);
				expect(r.evaluation?.planCompletionPct).toBe(s?.planCompletionPct);
			}),
			{ numRuns: 50, seed: fcSeed },
		);
	});

	it("should number goals and items as a real report does: no gap, no goal without items", () => {
		fc.assert(
			fc.property(seeds, (seed) => {
				const r = layoutRecord(gold, seed);
				expect(r.goals.map((g) => g.number)).toEqual(
					r.goals.map((_, i) => i + 1),
				);
				for (const g of r.goals) {
					const items = r.measures.filter((m) => m.goal === g.number);
					expect(items.length).toBeGreaterThan(0);
					expect(items.map((m) => m.item)).toEqual(
						items.map((_, i) => `${g.number}.${i + 1}`),
					);
				}
				expect(r.measures.map((m) => m.goal)).toEqual(
					[...r.measures.map((m) => m.goal)].sort(
						(a, b) => (a ?? 0) - (b ?? 0),
					),
				);
			}),
			{ numRuns: 50, seed: fcSeed },
		);
	});

	it("should print every item, goal and level of the record in each format's text", async () => {
		const layout = randomLayout(7);
		const record = layoutRecord(gold, 7);
		const md = toMarkdown(layoutBlocks(record, layout), layout);
		for (const m of record.measures) {
			expect(md).toContain(m.item);
			expect(md).toContain(levelText(m, layout.levelForm));
		}
		for (const g of record.goals) expect(md).toContain(g.title);
		const blocks = layoutBlocks(record, layout);
		for (const [file, bytes] of [
			["x.docx", await toDocx(blocks, layout)],
			["x.pdf", toPdf(blocks)],
		] as const) {
			const doc = await parserFor(file, bytes)({ file, bytes, sha256: "" });
			const text = doc.pages
				.flatMap((p) => p.blocks)
				.map((b) =>
					b.kind === "text"
						? b.text
						: b.rows
								.flatMap((r) => r.cells.flatMap((c) => c.paragraphs))
								.map((p) => p.text)
								.join(" "),
				)
				.join(" ")
				.replace(/\s+/g, " ");
			for (const m of record.measures)
				expect(text, file).toContain(m.indicator.replace(/\s+/g, " "));
		}
	});

	it("should blank the header text only", () => {
		const layout = randomLayout(11);
		const record = layoutRecord(gold, 11);
		const [plain, blank] = [layout, blankHeader(layout)].map((l) =>
			layoutBlocks(record, l).find((b) => b.kind === "table" && b.plan),
		);
		if (plain?.kind !== "table" || blank?.kind !== "table")
			throw new Error("no plan table");
		const headerText = (rows: typeof plain.rows) =>
			rows
				.filter((r) => r.header && !r.numbering)
				.flatMap((r) => r.cells.flatMap((c) => c.paras));
		expect(headerText(plain.rows).length).toBeGreaterThan(3);
		expect(headerText(blank.rows)).toEqual([]);
		expect(blank.rows.filter((r) => !r.header)).toEqual(
			plain.rows.filter((r) => !r.header),
		);
	});
});

describe("text outside the table in any arrangement (seed's table)", () => {
	it("should read every layout's records and metadata in Markdown, Word and PDF", async () => {
		await fc.assert(
			fc.asyncProperty(seeds, format, async (seed, f) => {
				const layout = randomLayout(seed, { seedTable: true });
				const run = await runLayout(gold, layout, f);
				const s = run.score;
				expect(
					s.fieldsOk / s.fields,
					why(layout, f, s.wrongFields),
				).toBeGreaterThanOrEqual(0.99);
				expect(s.wrongMeta, why(layout, f, s.wrongMeta)).toEqual([]);
				expect(run.holds, why(layout, f, run.holds)).toEqual([]);
				expect(run.compared, "counted by compare").toBe(true);
			}),
			{ numRuns: 15, seed: fcSeed },
		);
	}, 120_000);

	it("should export evaluation null, not zeros, when the report has no evaluation sheet", async () => {
		const base = randomLayout(3, { seedTable: true });
		const layout: Layout = { ...base, evaluation: "none", orgPlace: "header" };
		const run = await runLayout(gold, layout, "md");
		expect(run.holds).toEqual([]);
		expect(run.exported?.evaluation).toBeNull();
		expect(expectedRecord(layoutRecord(gold, 3), layout).evaluation).toBeNull();
	});
});

describe("tables in any layout", () => {
	it("should reproduce ≥ 99% of the fields of random layouts in every format", async () => {
		await fc.assert(
			fc.asyncProperty(seeds, format, async (seed, f) => {
				const layout = randomLayout(seed);
				const run = await runLayout(gold, layout, f);
				const s = run.score;
				expect(
					s.fieldsOk / s.fields,
					why(layout, f, s.wrongFields),
				).toBeGreaterThanOrEqual(0.99);
				expect(s.wrongMeta, why(layout, f, s.wrongMeta)).toEqual([]);
				expect(run.holds, why(layout, f, run.holds)).toEqual([]);
				expect(run.compared, "counted by compare").toBe(true);
			}),
			{ numRuns: 40, seed: fcSeed },
		);
	}, 300_000);

	it("should never export a layout whose header is blanked out as good data", async () => {
		await fc.assert(
			fc.asyncProperty(seeds, format, async (seed, f) => {
				const layout = blankHeader(randomLayout(seed));
				const run = await runLayout(gold, layout, f);
				const what = `${f} ${describeLayout(layout)}`;
				expect(run.exported, `${what} was exported`).toBeUndefined();
				expect(run.compared, `${what} was counted by compare`).toBe(false);
				// not refused: stored, and held until a person confirms the columns
				if (run.refused === undefined)
					expect(run.holds, `${what}: ${run.holds}`).toContain(
						"columns-unconfirmed",
					);
			}),
			{ numRuns: 30, seed: fcSeed },
		);
	}, 300_000);
});
