import { describe, expect, it } from "vitest";
import { scanAccuracy } from "./scan-accuracy.ts";

// Whole-document OCR of the 300-dpi scan of the gold takes minutes: opt in with TAILAN_OCR_FULL=1.
describe.runIf(process.env.TAILAN_OCR_FULL === "1")(
	"scan of the gold, 300 dpi (issue 4 acceptance)",
	() => {
		it("should read item numbers and levels exactly, values and budgets ≥ 99%, text CER ≤ 0.5%, flags ≥ 95% recall on ≤ 10% of fields", async () => {
			const { accuracy: a } = await scanAccuracy(300);
			expect(a.items.matched).toBe(a.items.gold);
			expect(a.items.found).toBe(a.items.gold);
			expect(a.levels.correct).toBe(a.levels.total);
			expect(a.values.exact / a.values.total).toBeGreaterThanOrEqual(0.99);
			expect(a.budgets.exact / a.budgets.total).toBeGreaterThanOrEqual(0.99);
			for (const f of ["activity", "indicator", "achievement"] as const)
				expect(a.cer[f].errors / a.cer[f].chars).toBeLessThanOrEqual(0.005);
			expect(a.flags.flagged / a.flags.fields).toBeLessThanOrEqual(0.1);
			expect(
				a.flags.wrongVisibleFlagged / Math.max(1, a.flags.wrongVisible),
			).toBeGreaterThanOrEqual(0.95);
			expect(a.crossChecks).toEqual([]);
		}, 900_000);
	},
);
