import { describe, expect, it } from "vitest";
import type { Flag, ReportRecord } from "../pipeline/records.ts";
import { formatWhy, loadGold, scoreRecord } from "./scan-accuracy.ts";

const flag = (item: string, field: string, kind: string): Flag => ({
	kind,
	severity: "warning",
	item,
	field,
	message: "",
	evidence: {
		words: ["x"],
		boxes: [{ bbox: [0, 0, 1, 1] }],
		text: "т".repeat(300),
	},
	prov: null,
});

describe("scoreRecord's flagged fields (--why)", () => {
	it("should list each flagged field once with its flags, right or wrong as drawn", () => {
		const gold = loadGold();
		const got: ReportRecord = structuredClone(gold);
		const [first, second] = got.measures;
		if (!first || !second) throw new Error("the gold has items");
		first.indicator = `${first.indicator},`; // wrong
		second.activity = second.activity.replace(/а/u, "a"); // a Latin twin: right as drawn
		const flags = [
			flag(first.item, "indicator", "ocr-stray-mark"),
			flag(second.item, "activity", "ocr-lookalike"),
			flag(second.item, "activity", "ocr-low-confidence"),
			flag(second.item, "baseline", "ocr-low-confidence"),
		];
		const a = scoreRecord(got, flags, gold);
		expect(a.flags.flagged).toBe(3);
		expect(
			a.flags.why.map((w) => [
				w.item,
				w.field,
				w.wrong,
				w.flags.map((f) => f.kind),
			]),
		).toEqual([
			[first.item, "indicator", true, ["ocr-stray-mark"]],
			[second.item, "activity", false, ["ocr-lookalike", "ocr-low-confidence"]],
			[second.item, "baseline", false, ["ocr-low-confidence"]],
		]);
		const lines = formatWhy(a).join("\n");
		expect(lines).toContain("right but flagged   2");
		expect(lines).toContain("by kind: ocr-low-confidence 2, ocr-lookalike 1");
		expect(lines).toContain("wrong and flagged   1");
		// the evidence without boxes, long texts cut
		expect(lines).not.toContain("bbox");
		expect(lines).toContain(`${"т".repeat(100)}…`);
	});
});
