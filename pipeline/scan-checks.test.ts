import { describe, expect, it } from "vitest";
import { flagText } from "../messages/flag-text.ts";
import { parseBudget } from "../normalizers/budget.ts";
import { parseQuantity } from "../normalizers/units.ts";
import { ocrFlags } from "./ocr-flags.ts";
import type { Flag, Measure } from "./records.ts";
import {
	budgetFlags,
	scanHolds,
	UNRELIABLE_SHARE,
	unitFlags,
	valueWordFlags,
} from "./scan-checks.ts";

const at = {
	file: "scan.tif",
	page: 3,
	bbox: [10, 20, 300, 80] as [number, number, number, number],
};

/** An item as the pipeline makes it: values parsed under the indicator as read. */
function measure(
	item: string,
	indicator: string,
	values: [string, string, string],
	indicatorConfidence = 95,
): Measure {
	const [b, h, f] = values.map((v) => parseQuantity(v, indicator).quantity);
	const piece = (text: string) => [{ ...at, text, confidence: 93 }];
	return {
		item,
		goal: 1,
		activity: "Хөтөлбөр батлуулах",
		budget: { raw: "-", amountMnt: null, source: null },
		indicator,
		baseline: b as Measure["baseline"],
		targetHalfYear: h as Measure["targetHalfYear"],
		targetFullYear: f as Measure["targetFullYear"],
		achievement: "",
		performancePct: 100,
		provenance: {
			indicator: [
				{
					...at,
					text: indicator,
					confidence: indicatorConfidence,
					...(indicatorConfidence < 85
						? {
								lowWords: indicator
									.split(" ")
									.map((w) => ({ text: w, confidence: indicatorConfidence })),
							}
						: {}),
				},
			],
			baseline: piece(values[0]),
			targetHalfYear: piece(values[1]),
			targetFullYear: piece(values[2]),
		},
	};
}

describe("unitFlags", () => {
	it("should flag each plain number left without a unit under an indicator read with doubt", () => {
		// "иргэдийн тоо" read "иргэдийн тоu": the count is lost, the values stored without a unit
		const m = measure(
			"2.2",
			"Уламжилсан иргэдийн тоu",
			["415", "150", "300%"],
			60,
		);
		expect(m.baseline.unit).toBeNull();
		const flags = unitFlags([m], ocrFlags([m]));
		expect(flags.map((f) => `${f.field}:${f.kind}`)).toEqual([
			"baseline:ocr-unit-unread",
			"targetHalfYear:ocr-unit-unread",
		]);
		expect(flags[0]?.prov).toEqual(at);
		expect(flagText("mn", flags[0] as Flag)).toContain('"415"');
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
	});

	it("should flag values under an indicator read empty, and none under one read surely", () => {
		const empty = measure("4.6", "", ["43", "60", "80"]);
		expect(unitFlags([empty], ocrFlags([empty]))).toHaveLength(3);
		// read surely: no unit named is the indicator's own wording ("Жагсаалт", 2.5 of the gold)
		const sure = measure("2.5", "Жагсаалт", ["125", "130", "135"]);
		expect(unitFlags([sure], ocrFlags([sure]))).toEqual([]);
		// doubtful, but the unit was found ("тоо"): nothing to flag
		const found = measure("1.1", "Хөтөлбөрийн тоо", ["3", "3", "4"], 60);
		expect(found.baseline.unit).toBe("count");
		expect(unitFlags([found], ocrFlags([found]))).toEqual([]);
	});
});

describe("scanHolds", () => {
	const flag = (item: string, field: string): Flag => ({
		kind: "ocr-low-confidence",
		severity: "warning",
		item,
		field,
		message: "",
		evidence: {},
		prov: null,
	});
	const items = Array.from({ length: 10 }, (_, i) =>
		measure(`1.${i + 1}`, "Хөтөлбөрийн тоо", ["1", "2", "3"]),
	);

	it("should hold a scan with 30% of its table's fields flagged, and not one below", () => {
		const fields = ["activity", "indicator", "baseline"];
		// 10 items × 9 fields = 90; 27 distinct fields flagged = 30%
		const flags = items
			.flatMap((m) => fields.map((f) => flag(m.item, f)))
			.slice(0, 27);
		expect(27 / 90).toBe(UNRELIABLE_SHARE);
		const [hold] = scanHolds(items, flags);
		expect(hold?.kind).toBe("scan-unreliable");
		expect(hold?.evidence).toEqual({ flagged: 27, fields: 90, percent: 30 });
		// the same field flagged twice counts once; flags off the table count not at all
		const fewer = [
			...flags.slice(0, 26),
			flag("1.1", "activity"),
			{ ...flag("1.1", "activity"), item: null },
			flag("9.9", "baseline"),
		];
		expect(scanHolds(items, fewer)).toEqual([]);
	});

	it("should render the hold's flag in both languages, saying the report is held", () => {
		const [hold] = scanHolds(
			items,
			items
				.map((m) => flag(m.item, "activity"))
				.concat(
					items.map((m) => flag(m.item, "budget")),
					items.map((m) => flag(m.item, "indicator")),
				),
		);
		const asFlag = {
			kind: "scan-unreliable",
			item: null,
			field: null,
			message: hold?.message ?? "",
			evidence: { ...hold?.evidence, hold: true },
		};
		expect(flagText("mn", asFlag)).toMatch(
			/^Төлөвлөгөөний хүснэгтийн 90 талбарын 30 \(33%\).*Хүн хүлээн/u,
		);
		expect(flagText("en", asFlag)).toBe(hold?.message);
	});
});

describe("budgetFlags", () => {
	it("should flag a budget amount too small for its scale word to have been read, and not a budget read whole", () => {
		const m = (raw: string) => ({
			...measure("2.3", "Хувь", ["0", "50", "60"]),
			budget: parseBudget(raw).budget,
		});
		const [flag] = budgetFlags([m("220 саа ОЧХС")]);
		expect(flag?.kind).toBe("ocr-budget-scale");
		expect(flag?.evidence).toEqual({ text: "220 саа ОЧХС", amountMnt: 220 });
		expect(flagText("mn", flag as Flag)).toContain("220 ₮");
		expect(flagText("en", flag as Flag)).toBe(flag?.message);
		expect(
			budgetFlags([
				m("220 сая ОНХС"),
				m("500 мянга"),
				m("-"),
				m("Байгууллагын төсөв"),
			]),
		).toEqual([]);
	});

	it("should flag a budget read as a mark that is not a dash (a broken dash read as a dot)", () => {
		const dot = {
			...measure("4.1", "Тоо", ["0", "2", "3"]),
			budget: parseBudget(".").budget,
		};
		const [flag] = budgetFlags([dot]);
		expect(flag?.evidence).toEqual({ text: ".", mark: true });
		expect(flagText("mn", flag as Flag)).toContain('"."');
		expect(flagText("en", flag as Flag)).toBe(flag?.message);
	});
});

describe("valueWordFlags", () => {
	it("should flag a value holding a number and words, and not a number or a level written out", () => {
		const m = measure("4.5", "Хувь", [
			"100%",
			"100% Хагас жил",
			"80 Хагас жал 3 1",
		]);
		const flags = valueWordFlags([m]);
		expect(flags.map((f) => f.field)).toEqual([
			"targetHalfYear",
			"targetFullYear",
		]);
		expect(flagText("mn", flags[0] as Flag)).toContain("100% Хагас жил");
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
		const words = measure("4.5", "Хувь", ["100%", "-", "Хугацаа болоогүй"]);
		expect(valueWordFlags([words])).toEqual([]);
	});
});
