/**
 * The named layout fixtures (fixtures/layouts/<name>/, made by scripts/make-layout-fixtures.ts):
 * each is what the script makes today, byte for byte, and imports to its expected records in
 * Markdown, Word and PDF, or, its header blanked out, is kept out of the queries.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ReportRecord } from "../pipeline/records.ts";
import { loadGold } from "../scripts/layout-accuracy.ts";
import {
	LAYOUT_FIXTURES_DIR,
	layoutFixtures,
} from "../scripts/make-layout-fixtures.ts";
import { layoutRecord } from "./layout.ts";
import { importAndScore, LAYOUT_FORMATS, renderLayout } from "./layout-run.ts";

const gold = loadGold();
const fixtures = layoutFixtures(gold);

describe.each(fixtures)("layout fixture $name", (f) => {
	const dir = `${LAYOUT_FIXTURES_DIR}${f.name}/`;
	const expected = JSON.parse(
		readFileSync(`${dir}expected.json`, "utf8"),
	) as ReportRecord;

	it("should be what scripts/make-layout-fixtures.ts makes today", async () => {
		const record = layoutRecord(gold, f.layout.seed);
		for (const format of LAYOUT_FORMATS) {
			const bytes = new Uint8Array(readFileSync(`${dir}input.${format}`));
			expect(
				Buffer.from(await renderLayout(record, f.layout, format)).equals(bytes),
				format,
			).toBe(true);
		}
	});

	it.skipIf(f.blank).each(LAYOUT_FORMATS)(
		"should import %s to its records and metadata",
		async (format) => {
			const bytes = new Uint8Array(readFileSync(`${dir}input.${format}`));
			const run = await importAndScore(bytes, format, expected);
			const s = run.score;
			expect(
				s.fieldsOk / s.fields,
				s.wrongFields.join("; "),
			).toBeGreaterThanOrEqual(0.99);
			expect(s.wrongMeta).toEqual([]);
			expect(run.holds).toEqual([]);
			expect(run.compared).toBe(true);
			if (f.layout.evaluation === "none")
				expect(run.exported?.evaluation).toBeNull();
		},
		60_000,
	);

	it.skipIf(!f.blank).each(LAYOUT_FORMATS)(
		"should keep %s out of the queries (header blanked out)",
		async (format) => {
			const bytes = new Uint8Array(readFileSync(`${dir}input.${format}`));
			const run = await importAndScore(bytes, format, expected);
			expect(run.exported).toBeUndefined();
			expect(run.compared).toBe(false);
			if (run.refused === undefined)
				expect(run.holds).toContain("columns-unconfirmed");
		},
		60_000,
	);
});
