/**
 * A shaded header in a generated PDF (test/layout.ts `shaded`, drawn by test/layout-render.ts as
 * one grey band or as each header cell's own inset fill, cut in two): the fills are background,
 * so the plan table reads with the layout's columns and the import reproduces the records.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parserFor } from "../parsers/index.ts";
import type { Block } from "../pipeline/document.ts";
import { loadGold } from "../scripts/layout-accuracy.ts";
import {
	describeLayout,
	expectedRecord,
	layoutBlocks,
	layoutRecord,
	randomLayout,
} from "./layout.ts";
import { type PdfShading, toPdf } from "./layout-render.ts";
import { importAndScore } from "./layout-run.ts";

const gold = loadGold();
/** A fixed fast-check seed, so CI runs the same sample each time (PROPERTY_SEED picks another). */
const fcSeed = Number(process.env.PROPERTY_SEED ?? 20261207);

/** The widest table's columns (a row lists every grid position, covered ones included). */
function tableColumns(blocks: readonly Block[]): number {
	let most = 0;
	for (const b of blocks)
		if (b.kind === "table")
			for (const r of b.rows) most = Math.max(most, r.cells.length);
	return most;
}

describe("shaded header in a PDF", () => {
	for (const shading of ["band", "cells"] as PdfShading[])
		it(`should read the plan table with the layout's columns, shading drawn as ${shading}`, async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.integer({ min: 1, max: 1_000_000 }),
					async (seed) => {
						const layout = { ...randomLayout(seed), shaded: true };
						const record = layoutRecord(gold, seed);
						const bytes = toPdf(layoutBlocks(record, layout), { shading });
						const file = "shaded.pdf";
						const doc = await parserFor(
							file,
							bytes,
						)({
							file,
							bytes,
							sha256: "",
						});
						const first = doc.pages[0]?.blocks ?? [];
						expect(tableColumns(first), describeLayout(layout)).toBe(
							layout.columns.length,
						);
						const run = await importAndScore(
							bytes,
							"pdf",
							expectedRecord(record, layout),
						);
						const s = run.score;
						expect(
							s.fieldsOk / s.fields,
							`${describeLayout(layout)}: ${s.wrongFields.slice(0, 6).join("; ")}`,
						).toBeGreaterThanOrEqual(0.99);
					},
				),
				{ numRuns: 6, seed: fcSeed },
			);
		}, 120_000);
});
