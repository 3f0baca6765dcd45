import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReportRecord } from "../pipeline/records.ts";
import { indicatorUnit, misreadUnitWord, parseQuantity } from "./units.ts";

const q = (raw: string, indicator: string) =>
	parseQuantity(raw, indicator).quantity;

describe("indicatorUnit", () => {
	it("should name a percent for хувь, хувиар and хувийн, in any case", () => {
		expect(indicatorUnit("Хэрэгжилтийн хувь")).toEqual({
			percent: true,
			count: false,
		});
		expect(indicatorUnit("нэмэгдүүлсэн ХУВИАР")).toEqual({
			percent: true,
			count: false,
		});
		expect(indicatorUnit("хамрагдсан иргэдийн хувийн жин")).toEqual({
			percent: true,
			count: false,
		});
	});
	it("should not name a percent for a percent word right after a number", () => {
		expect(indicatorUnit("Мэдлэг чадвар нь 30 хувь дээшилсэн байна.")).toEqual({
			percent: false,
			count: false,
		});
		expect(indicatorUnit("30% хувь дээшилсэн")).toEqual({
			percent: false,
			count: false,
		});
	});
	it("should name a percent when another percent word is not after a number", () => {
		expect(indicatorUnit("30 хувь дээшилсэн, хэрэгжилтийн хувь").percent).toBe(
			true,
		);
	});
	it('should read a unit word OCR gave in Latin look-alike letters (a scan\'s "TOO", "xyвь")', () => {
		expect(indicatorUnit("Хэрэгжүүлсэн арга хэмжээний TOO").count).toBe(true);
		expect(indicatorUnit("Хэрэгжилтийн xyвь").percent).toBe(true);
		expect(indicatorUnit("Хэрэгжүүлсэн арга хэмжээ").count).toBe(false);
	});
	it("should name a count for тоо, тоог and тоогоор", () => {
		expect(indicatorUnit("Хэрэгжүүлсэн төслийн тоо").count).toBe(true);
		expect(indicatorUnit("иргэдийн тоог нэмэгдүүлэх").count).toBe(true);
		expect(indicatorUnit("иргэдийн тоогоор").count).toBe(true);
	});
	it("should match whole words only", () => {
		expect(indicatorUnit("Хэрэгжилт тооцох, тоон мэдээлэл")).toEqual({
			percent: false,
			count: false,
		});
		expect(indicatorUnit("иргэний хувьд")).toEqual({
			percent: false,
			count: false,
		});
	});
	it("should name both when the indicator says both", () => {
		expect(
			indicatorUnit(
				"Үйлчилгээний нэр төрөл, үйлчлүүлсэн иргэдийн тоог нэмэгдүүлсэн хувиар",
			),
		).toEqual({
			percent: true,
			count: true,
		});
	});
});

describe("parseQuantity", () => {
	it("should read a count from a count indicator", () => {
		expect(q("3", "Хэрэгжүүлсэн төслийн тоо")).toEqual({
			raw: "3",
			value: 3,
			unit: "count",
		});
	});
	it("should read a percent from a percent indicator", () => {
		expect(q("60", "Хэрэгжилтийн хувь")).toEqual({
			raw: "60",
			value: 60,
			unit: "percent",
		});
	});
	it("should read a value written with % as a percent", () => {
		expect(q("0%", "Хөтөлбөр батлуулсан байх, хэрэгжилтийн хувь")).toEqual({
			raw: "0%",
			value: 0,
			unit: "percent",
		});
		expect(q("92.5%", "Сургалтад хамрагдсан албан хаагчид")).toEqual({
			raw: "92.5%",
			value: 92.5,
			unit: "percent",
		});
	});
	it("should give no unit when the percent word is a statement after a number", () => {
		expect(q("125", "Мэдлэг чадвар нь 30 хувь дээшилсэн байна.")).toEqual({
			raw: "125",
			value: 125,
			unit: null,
		});
	});
	it("should read a plain number as a count when the indicator names both", () => {
		const indicator =
			"Үйлчилгээний нэр төрөл, үйлчлүүлсэн иргэдийн тоог нэмэгдүүлсэн хувиар";
		expect(q("56585", indicator)).toEqual({
			raw: "56585",
			value: 56585,
			unit: "count",
		});
		expect(q("30%", indicator)).toEqual({
			raw: "30%",
			value: 30,
			unit: "percent",
		});
	});
	it("should give no unit when the indicator names none", () => {
		const indicator =
			"Иргэний гомдлыг түргэн шуурхай шийдвэрлэж иргэнд тухай бүр хариуг мэдэгдэх";
		expect(q("12", indicator)).toEqual({ raw: "12", value: 12, unit: null });
	});
	it("should give no value and no unit for a dash or an empty cell", () => {
		expect(q("-", "Гэрээ байгуулсан сайдын тоо")).toEqual({
			raw: "-",
			value: null,
			unit: null,
		});
		expect(q("", "Хэрэгжилтийн хувь")).toEqual({
			raw: "",
			value: null,
			unit: null,
		});
	});
	it("should read an OCR-split indicator word by word", () => {
		expect(q("1", "Хөтөлбөр ийн хэрэгжилт ийн хувиар")).toEqual({
			raw: "1",
			value: 1,
			unit: "percent",
		});
	});
	it("should keep % targets as percents under a count indicator", () => {
		expect(
			q("25%", "Цахим системийг хэрэглэж буй иргэдийн тоо нэмэгдсэн хувь"),
		).toEqual({
			raw: "25%",
			value: 25,
			unit: "percent",
		});
	});
	it("should keep raw trimmed but otherwise as given", () => {
		expect(q("  1 500 иргэн ", "иргэдийн тоо")).toEqual({
			raw: "1 500 иргэн",
			value: 1500,
			unit: "count",
		});
	});
	it("should flag a percent above 100", () => {
		expect(parseQuantity("125%", "x").percentOver100).toBe(true);
		expect(parseQuantity("125", "Хэрэгжилтийн хувь").percentOver100).toBe(true);
		expect(parseQuantity("100%", "x").percentOver100).toBe(false);
		expect(parseQuantity("125", "төслийн тоо").percentOver100).toBe(false);
	});
	it("should report an ambiguous number with no value and no unit", () => {
		expect(parseQuantity("1,500", "иргэдийн тоо")).toEqual({
			quantity: { raw: "1,500", value: null, unit: null },
			ambiguous: true,
			percentOver100: false,
		});
	});
	it("should never throw and always keep raw trimmed for arbitrary strings", () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.string({ unit: "grapheme" }),
					fc.string({ unit: "binary" }),
				),
				fc.string(),
				(raw, indicator) => {
					const result = parseQuantity(raw, indicator);
					expect(result.quantity.raw).toBe(raw.trim());
					if (result.quantity.value === null)
						expect(result.quantity.unit).toBeNull();
				},
			),
			{ numRuns: 1000 },
		);
	});
	it("should never throw on strings built from number-like pieces", () => {
		const piece = fc.constantFrom(
			"1",
			"500",
			",",
			".",
			" ",
			"-",
			"%",
			"сая",
			"тэрбум",
			"хувь",
			"тоо",
			"0",
			"\u00A0",
		);
		fc.assert(
			fc.property(
				fc.array(piece, { maxLength: 12 }).map((p) => p.join("")),
				(raw) => {
					const result = parseQuantity(raw, "иргэдийн тоо");
					expect(result.quantity.raw).toBe(raw.trim());
					expect(result.ambiguous && result.quantity.value !== null).toBe(
						false,
					);
				},
			),
			{ numRuns: 1000 },
		);
	});
});

describe("misreadUnitWord", () => {
	const gold = JSON.parse(
		readFileSync(
			new URL("../fixtures/pdf/gold/expected.json", import.meta.url),
			"utf8",
		),
	) as ReportRecord;
	const indicators = gold.measures.map((m) => m.indicator);

	it("should take the unit's word read one letter off for its unit word (our fax's 4.19, the other maker's 3.4, 4.10, 6.4)", () => {
		expect(misreadUnitWord("Баримтын тод")).toEqual({
			word: "тод",
			start: 9,
			end: 12,
			unitWord: "тоо",
			unit: "count",
		});
		expect(misreadUnitWord("Гэрээ байгуулган сайдын зоо")?.unitWord).toBe(
			"тоо",
		);
		expect(
			misreadUnitWord("Иргэд олон нийтэд хүрсэн мэдээллийн тос")?.unit,
		).toBe("count");
		// A capital inside the indicator is a small letter misread; Latin twins are Cyrillic.
		expect(misreadUnitWord("Камерын Yoo")?.unitWord).toBe("тоо");
		expect(misreadUnitWord("Хэрэгжилтийн хуви.")).toMatchObject({
			word: "хуви",
			unitWord: "хувь",
			unit: "percent",
		});
		expect(misreadUnitWord("ХЭРЭГЖИЛТИЙН ХУВИ")?.unitWord).toBe("ХУВЬ");
		expect(misreadUnitWord("Хэрэгжүүлсэн төслийн тоu")?.unitWord).toBe("тоо");
		// The word before a bracket is the unit's place too.
		expect(misreadUnitWord("Баримтын тод (ширхэг)")?.word).toBe("тод");
	});

	it("should take no word that is not at the unit's place, nor 'ил тод', nor one when a unit is named", () => {
		expect(misreadUnitWord("Байгууллагын ил тод байдал")).toBeUndefined();
		expect(
			misreadUnitWord("Байгууллагын үйл ажиллагааны ил тод"),
		).toBeUndefined();
		expect(misreadUnitWord("Баримтын тод хэмжээ")).toBeUndefined();
		expect(misreadUnitWord("Иргэдийн тоо тод")).toBeUndefined();
		// a letter lost is no substitution: "то" is left to the review flags
		expect(misreadUnitWord("Баримтын то")).toBeUndefined();
		expect(misreadUnitWord("Баримтын тоооо")).toBeUndefined();
		expect(misreadUnitWord("Баримтын 100")).toBeUndefined();
		expect(misreadUnitWord("")).toBeUndefined();
	});

	it("should find no misread unit word in the gold report's indicators", () => {
		expect(indicators.length).toBeGreaterThan(40);
		for (const indicator of indicators)
			expect(misreadUnitWord(indicator)).toBeUndefined();
	});

	it("should give back the gold's unit when one letter of its unit word at the unit's place is misread", () => {
		// Every gold indicator whose last word names its unit, that word's letters each replaced
		// by a letter no unit word has there: the unit read is the gold's unit.
		const named = indicators.filter((t) => {
			const u = indicatorUnit(t);
			const last = t.trim().split(/\s+/u).at(-1) ?? "";
			return u.count !== u.percent && indicatorUnit(last).count === u.count;
		});
		expect(named.length).toBeGreaterThan(25);
		fc.assert(
			fc.property(
				fc.constantFrom(...named),
				fc.nat(),
				fc.constantFrom("д", "с", "з", "й", "и", "ы", "л"),
				(indicator, at, letter) => {
					const words = indicator.trim().split(/\s+/u);
					const last = words.at(-1) ?? "";
					const k = at % last.length;
					fc.pre(last[k] !== letter);
					const misread = [
						...words.slice(0, -1),
						last.slice(0, k) + letter + last.slice(k + 1),
					].join(" ");
					fc.pre(
						!indicatorUnit(misread).count && !indicatorUnit(misread).percent,
					);
					const found = misreadUnitWord(misread);
					const unit = indicatorUnit(indicator).count ? "count" : "percent";
					expect(found?.unit).toBe(unit);
					expect(
						misread.slice(0, found?.start) +
							found?.unitWord +
							misread.slice(found?.end),
					).toBe(indicator.trim());
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207), numRuns: 500 },
		);
	});

	it("should take no unit from 'ил тод' wherever it stands in the gold's indicators and narratives", () => {
		// "ил тод" (open) is a phrase of the gold's texts: at the end of an indicator it is
		// still no unit word.
		const phrases = gold.measures
			.flatMap((m) => [m.activity, m.achievement])
			.filter((t) => /ил тод/u.test(t));
		expect(phrases.length).toBeGreaterThan(0);
		for (const t of phrases) {
			const cut = t.slice(0, t.indexOf("ил тод") + "ил тод".length);
			expect(misreadUnitWord(cut)).toBeUndefined();
		}
	});
});
