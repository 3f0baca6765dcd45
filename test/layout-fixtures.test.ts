/**
 * The named layout fixtures (fixtures/layouts/<name>/, made by scripts/make-layout-fixtures.ts):
 * each is what the script makes today, byte for byte, and imports to its expected records in
 * Markdown, Word and PDF. The fixtures whose table differs from the seed's need the
 * header-driven column mapping: they run with TAILAN_LAYOUTS=1.
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

	const opt = f.tableVaries && !process.env.TAILAN_LAYOUTS;
	it.skipIf(opt || f.blank).each(LAYOUT_FORMATS)(
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
			if (f.layout.evaluation === "none")
				expect(run.exported?.evaluation).toBeNull();
		},
		60_000,
	);

	it.skipIf(opt || !f.blank).each(LAYOUT_FORMATS)(
		"should keep %s out of the queries (header blanked out)",
		async (format) => {
			const bytes = new Uint8Array(readFileSync(`${dir}input.${format}`));
			const run = await importAndScore(bytes, format, expected);
			expect(
				run.refused !== undefined ||
					(run.exported === undefined && !run.compared),
			).toBe(true);
		},
		60_000,
	);
});
