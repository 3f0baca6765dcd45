import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestMarkdown } from "./ingest.ts";
import { isValidMeasure } from "./measures.ts";
import { type Measure, MeasureSchema } from "./records.ts";

const seed = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);

// Values a field may hold, right or wrong: zod and the quick check must agree on all of them.
const anyValue = fc.constantFrom<unknown>(
	undefined,
	null,
	"",
	"1.2",
	"1.2.3",
	"percent",
	"count",
	"metre",
	0,
	-0,
	1,
	-1,
	1.5,
	30,
	50,
	100,
	2 ** 53,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	true,
	false,
	[],
	[1, 2, 3, 4],
	[1, 2, 3],
	[1, 2, 3, 4, 5],
	[1, 2, 3, Number.NaN],
	{},
);

// Mostly a valid value, sometimes any value: most fields of a measure valid, some not.
const mostly = (valid: unknown) =>
	fc.oneof(
		{ weight: 12, arbitrary: fc.constant(valid) },
		{ weight: 1, arbitrary: anyValue },
	);

const piece = fc.record({
	file: mostly("a.md"),
	page: mostly(1),
	table: mostly(0),
	row: mostly(2),
	cell: mostly(undefined),
	start: mostly(10),
	end: mostly(undefined),
	bbox: mostly(undefined),
	confidence: mostly(99.5),
	text: mostly("Нэг"),
});

const quantity = (raw: string, value: number | null, unit: string | null) =>
	fc.oneof(
		{
			weight: 12,
			arbitrary: fc.record({
				raw: mostly(raw),
				value: mostly(value),
				unit: mostly(unit),
			}),
		},
		{ weight: 1, arbitrary: anyValue },
	);

const measure = fc.record({
	item: mostly("1.2"),
	goal: mostly(1),
	activity: mostly("Ажил"),
	budget: fc.oneof(
		{
			weight: 12,
			arbitrary: fc.record({
				raw: mostly("5 сая"),
				amountMnt: mostly(5_000_000),
				source: mostly(null),
			}),
		},
		{ weight: 1, arbitrary: anyValue },
	),
	indicator: mostly("Хувь"),
	baseline: quantity("10%", 10, "percent"),
	targetHalfYear: quantity("", null, null),
	targetFullYear: quantity("3", 3, "count"),
	achievement: mostly(""),
	performancePct: mostly(90),
	notDue: mostly(undefined),
	performanceRaw: mostly("90"),
	provenance: fc.oneof(
		{
			weight: 12,
			arbitrary: fc.dictionary(
				fc.constantFrom("activity", "baseline"),
				fc.oneof(
					{ weight: 12, arbitrary: fc.array(piece, { maxLength: 3 }) },
					{ weight: 1, arbitrary: anyValue },
				),
			),
		},
		{ weight: 1, arbitrary: anyValue },
	),
});

describe("isValidMeasure", () => {
	it("should accept every measure of the seed report, as MeasureSchema does", () => {
		const { record } = ingestMarkdown(seed, { file: "seed.md" });
		expect(record.measures.length).toBeGreaterThan(40);
		for (const m of record.measures) {
			expect(MeasureSchema.safeParse(m).success).toBe(true);
			expect(isValidMeasure(m)).toBe(true);
		}
	});

	it("should accept a measure only when MeasureSchema accepts it", () => {
		let accepted = 0;
		let rejected = 0;
		fc.assert(
			fc.property(measure, (m) => {
				const zod = MeasureSchema.safeParse(m).success;
				const quick = isValidMeasure(m as Measure);
				if (quick) accepted++;
				else rejected++;
				expect(quick && !zod).toBe(false);
			}),
			{ numRuns: 5000, seed: 11 },
		);
		// Both answers must come up, or the property says nothing.
		expect(accepted).toBeGreaterThan(100);
		expect(rejected).toBeGreaterThan(100);
	});

	it("should accept what MeasureSchema accepts when one field of a real measure changes", () => {
		const { record } = ingestMarkdown(seed, { file: "seed.md" });
		const base = record.measures[3] as Measure;
		const fields = Object.keys(base) as (keyof Measure)[];
		fc.assert(
			fc.property(fc.constantFrom(...fields), anyValue, (field, value) => {
				const m = { ...base, [field]: value } as Measure;
				expect(isValidMeasure(m)).toBe(MeasureSchema.safeParse(m).success);
			}),
			{ numRuns: 1000, seed: 3 },
		);
	});

	it("should accept what MeasureSchema accepts when one field of a provenance piece changes", () => {
		const { record } = ingestMarkdown(seed, { file: "seed.md" });
		const base = record.measures[3] as Measure;
		const pieces = base.provenance?.activity ?? [];
		expect(pieces.length).toBeGreaterThan(0);
		const fields = [
			"file",
			"page",
			"table",
			"row",
			"cell",
			"start",
			"end",
			"bbox",
			"confidence",
			"text",
		];
		fc.assert(
			fc.property(fc.constantFrom(...fields), anyValue, (field, value) => {
				const m = {
					...base,
					provenance: {
						...base.provenance,
						activity: [{ ...pieces[0], [field]: value }, ...pieces.slice(1)],
					},
				} as Measure;
				expect(isValidMeasure(m)).toBe(MeasureSchema.safeParse(m).success);
			}),
			{ numRuns: 1000, seed: 5 },
		);
	});
});
