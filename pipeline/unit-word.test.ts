import { describe, expect, it } from "vitest";
import type { Provenance } from "./document.ts";
import { itemsToMeasures } from "./measures.ts";
import { ocrFlags } from "./ocr-flags.ts";
import { unitFlags } from "./scan-checks.ts";
import type { StitchedItem } from "./stitch/index.ts";
import { repairUnitWord } from "./unit-word.ts";

const prov = (extra: Partial<Provenance> = {}): Provenance => ({
	file: "scan.pdf",
	page: 17,
	confidence: 93,
	...extra,
});
const piece = (text: string, extra: Partial<Provenance> = {}) => [
	{ text, prov: prov(extra) },
];
/** Our fax variant 1's 4.19: "Баримтын тоо" read "Баримтын тод" at high confidence. */
const item = (
	indicator: (ReturnType<typeof piece>[number] | string)[],
	values: [string, string, string] = ["0", "544", "1032"],
): StitchedItem => ({
	item: "4.19",
	goal: 4,
	fields: {
		item: piece("4.19"),
		activity: piece("Архивын баримт хүлээн авах"),
		budget: piece("-"),
		indicator: indicator.map((p) =>
			typeof p === "string" ? { text: p, prov: prov() } : p,
		),
		baseline: piece(values[0]),
		targetHalfYear: piece(values[1]),
		targetFullYear: piece(values[2]),
		performance: piece("100%"),
	},
	achievement: [],
	extras: {},
});

describe("repairUnitWord", () => {
	it("should give 4.19's values their count unit as a recorded repair asked once, on the indicator", () => {
		const it419 = item(["Баримтын тод"]);
		repairUnitWord(it419);
		const [p] = it419.fields.indicator;
		expect(p?.text).toBe("Баримтын тоо");
		expect(p?.prov.ocrRaw).toBe("Баримтын тод");
		expect(p?.prov.repairs).toEqual([
			expect.objectContaining({ from: "тод", to: "тоо" }),
		]);
		const { measures } = itemsToMeasures([it419]);
		const [m] = measures;
		expect(m?.indicator).toBe("Баримтын тоо");
		expect(
			[m?.baseline, m?.targetHalfYear, m?.targetFullYear].map((q) => q?.unit),
		).toEqual(["count", "count", "count"]);
		const flags = ocrFlags(measures);
		const all = [...flags, ...unitFlags(measures, flags)];
		// One question: the repair, on the indicator; the values are not asked about.
		expect(all.map((f) => [f.kind, f.field])).toEqual([
			["ocr-repaired", "indicator"],
		]);
		expect(all[0]?.message).toContain('"Баримтын тод"');
	});

	it("should repair the word in the piece that holds it, the word before a bracket too", () => {
		const it = item(["Хүлээлгэн өгсөн", "баримтын тод (ширхэг)"]);
		repairUnitWord(it);
		expect(it.fields.indicator.map((p) => p.text)).toEqual([
			"Хүлээлгэн өгсөн",
			"баримтын тоо (ширхэг)",
		]);
		expect(it.fields.indicator[0]?.prov.repairs).toBeUndefined();
	});

	it("should leave a row of percents, a text not read by OCR, and 'ил тод' as they are", () => {
		const percents = item(["Баримтын тод"], ["10%", "20%", "30%"]);
		repairUnitWord(percents);
		expect(percents.fields.indicator[0]?.text).toBe("Баримтын тод");
		const typed = item([
			{ text: "Баримтын тод", prov: { file: "t.docx", page: 1 } },
		]);
		repairUnitWord(typed);
		expect(typed.fields.indicator[0]?.text).toBe("Баримтын тод");
		expect(typed.fields.indicator[0]?.prov.repairs).toBeUndefined();
		const open = item(["Үйл ажиллагааны ил тод"]);
		repairUnitWord(open);
		expect(open.fields.indicator[0]?.text).toBe("Үйл ажиллагааны ил тод");
		const empty = item(["Баримтын тод"], ["", "", ""]);
		repairUnitWord(empty);
		expect(empty.fields.indicator[0]?.text).toBe("Баримтын тод");
	});
});
