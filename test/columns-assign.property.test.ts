/**
 * A person's column roles (StitchOptions.columns / IngestOptions.columns) replace the inferred
 * mapping: random layouts (test/render.ts) with their header blanked out are held when read alone,
 * and read with the layout's own column list they reproduce the records field for field, with no
 * columns-unconfirmed hold and a column-map decision that says a person assigned them.
 *
 * Environment: PROPERTY_RUNS (default 40), PROPERTY_SEED (default fixed).
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "../pipeline/document.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { type ReportRecord, ReportRecordSchema } from "../pipeline/records.ts";
import {
	ColumnRolesError,
	parseColumnRoles,
} from "../pipeline/stitch/columns.ts";
import { loadGold } from "../scripts/layout-accuracy.ts";
import { fieldValue, STRUCTURED_FIELDS } from "./gold.ts";
import { blankHeader, describeLayout, randomLayout } from "./layout.ts";
import { LAYOUT_FORMATS, type LayoutFormat, runLayout } from "./layout-run.ts";
import {
	emptyPlan,
	layoutArb,
	recordInLayout,
	renderLayoutMarkdown,
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

/** Share of structured fields equal between the expected and the read record. */
function fieldShare(want: ReportRecord, got: ReportRecord): number {
	let ok = 0;
	let all = 0;
	for (const w of want.measures) {
		const g = got.measures.find((m) => m.item === w.item);
		for (const f of STRUCTURED_FIELDS) {
			all++;
			if (isDeepStrictEqual(fieldValue(w, f), fieldValue(g, f))) ok++;
		}
	}
	return ok / all;
}

describe("a person's column roles (property)", () => {
	it("should reproduce the records of every blank-header layout given its column list, and hold none of them", () => {
		fc.assert(
			fc.property(layoutArb({ blankHeader: true }), (layout) => {
				const md = renderLayoutMarkdown(record, emptyPlan(record), layout);
				const alone = ingestMarkdown(md, { file: "layout.md" });
				if (!alone.holds.some((h) => h.kind === "columns-unconfirmed"))
					throw new Error(`${JSON.stringify(layout)}: not held alone`);
				const roles = parseColumnRoles(layout.columns.join(","));
				const result = ingestMarkdown(md, {
					file: "layout.md",
					columns: { roles, who: "clerk", at: "2026-12-07T00:00:00Z" },
				});
				const share = fieldShare(recordInLayout(record, layout), result.record);
				if (share < 1)
					throw new Error(
						`${JSON.stringify(layout)}: ${(share * 100).toFixed(1)}% of fields`,
					);
				if (result.holds.some((h) => h.kind === "columns-unconfirmed"))
					throw new Error(`${JSON.stringify(layout)}: still held`);
				if (result.flags.some((f) => f.kind === "header-unreadable"))
					throw new Error("header-unreadable raised for a person's mapping");
				const decision = result.decisions.find((d) => d.kind === "column-map");
				if (
					!decision?.evidence.startsWith(
						"columns assigned by a person (clerk, 2026-12-07T00:00:00Z): 1=",
					)
				)
					throw new Error(`decision: ${decision?.evidence}`);
			}),
			{ numRuns: runs, seed },
		);
	});
});

describe("a person's column roles in Markdown, Word and PDF (property)", () => {
	const gold = loadGold();
	it("should read blank-header layouts given their column list at ≥ 99% of fields, with no columns hold", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.constantFrom<LayoutFormat>(...LAYOUT_FORMATS),
				async (n, format) => {
					const layout = blankHeader(randomLayout(n));
					const run = await runLayout(gold, layout, format, {
						columns: { roles: parseColumnRoles(layout.columns) },
					});
					const s = run.score;
					const where = `${format} ${describeLayout(layout)}`;
					expect(run.refused, where).toBeUndefined();
					expect(s.fieldsOk / s.fields, where).toBeGreaterThanOrEqual(0.99);
					expect(
						run.result?.holds.map((h) => h.kind),
						where,
					).not.toContain("columns-unconfirmed");
				},
			),
			{ numRuns: Math.max(6, Math.round(runs / 4)), seed },
		);
	}, 120_000);
});

describe("column roles a person gives", () => {
	const md = renderLayoutMarkdown(record, emptyPlan(record), {
		...SEED_LAYOUT,
		headerRows: 0,
	});
	const expectRefused = (list: string, reason: RegExp) => {
		let error: unknown;
		try {
			parseColumnRoles(list);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ColumnRolesError);
		expect((error as ColumnRolesError).reason).toMatch(reason);
		expect((error as ColumnRolesError).fix).not.toBe("");
	};

	it("should refuse an unknown role, a role given twice and a list without a required role", () => {
		expectRefused(
			"item,activity,budjet,indicator,performance",
			/column 3: "budjet" is not a column role/,
		);
		expectRefused(
			"item,activity,activity,performance",
			/"activity" is given to columns 2 and 3/,
		);
		expectRefused("item,activity,budget,indicator", /"performance"/);
		expectRefused("item,,activity,performance", /column 2 has no role/);
		expect(
			parseColumnRoles("item, ignore,activity,ignore,Performance"),
		).toEqual(["item", "ignore", "activity", "ignore", "performance"]);
	});

	it("should refuse a list that does not fit the table, naming the file", () => {
		const short = parseColumnRoles("item,activity,performance");
		expect(() =>
			ingestMarkdown(md, { file: "blank.md", columns: { roles: short } }),
		).toThrow(DocumentLoadError);
		expect(() =>
			ingestMarkdown(md, { file: "blank.md", columns: { roles: short } }),
		).toThrow(/blank\.md.*9 columns with data but 3 roles/);
		const long = parseColumnRoles(`${SEED_LAYOUT.columns.join(",")},notes`);
		expect(() =>
			ingestMarkdown(md, { file: "blank.md", columns: { roles: long } }),
		).toThrow(/blank\.md.*the plan table has 9 columns but 10 roles/);
	});

	it("should flag a column whose content contradicts the role a person gave, without holding", () => {
		// budget and performance swapped: levels under "budget", funding words under "performance".
		const roles = parseColumnRoles(
			"item,activity,performance,indicator,baseline,targetHalfYear,targetFullYear,achievement,budget",
		);
		const result = ingestMarkdown(md, { file: "blank.md", columns: { roles } });
		expect(result.holds.map((h) => h.kind)).not.toContain(
			"columns-unconfirmed",
		);
		expect(
			result.flags.filter((f) => f.kind === "column-content-mismatch").length,
		).toBeGreaterThan(0);
	});
});
