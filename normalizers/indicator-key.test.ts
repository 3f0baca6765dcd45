import { describe, expect, it } from "vitest";
import {
	indicatorKey,
	indicatorSimilarity,
	stemOverlap,
	topicStems,
} from "./indicator-key.ts";

describe("indicatorKey", () => {
	it("should fold case, punctuation, whitespace and unit-word suffixes into one key", () => {
		const key = indicatorKey("Хэрэгжүүлсэн төслийн тоо");
		expect(key).toBe("хэрэгжүүлсэн төслийн тоо");
		for (const variant of [
			"хэрэгжүүлсэн төслийн тоогоор.",
			"ХЭРЭГЖҮҮЛСЭН  төслийн тоог",
			"Хэрэгжүүлсэн төслийн тооны",
			"«Хэрэгжүүлсэн төслийн тоо»",
		])
			expect(indicatorKey(variant)).toBe(key);
		expect(indicatorKey("Хэрэгжилтийн хувиар")).toBe(
			indicatorKey("хэрэгжилтийн хувийн"),
		);
		expect(indicatorKey("Хэрэгжилтийн %")).toBe("хэрэгжилтийн хувь");
	});

	it("should join suffixes the OCR tool split off and fold Latin look-alikes", () => {
		expect(indicatorKey("Хөтөлбөр ийн хэрэгжилт ийн хувиар")).toBe(
			"хөтөлбөрийн хэрэгжилтийн хувь",
		);
		// A Latin "X" opening a Cyrillic word.
		expect(indicatorKey("Xэрэгжилтийн хувь")).toBe("хэрэгжилтийн хувь");
		expect(indicatorKey("Сайтын хандалтын тoo")).toBe("сайтын хандалтын тоо");
	});

	it("should keep Ө, Ү and Й as letters of their own", () => {
		expect(indicatorKey("ӨРГӨДӨЛ, ГОМДЛЫН ТОО")).toBe("өргөдөл гомдлын тоо");
		expect(indicatorKey("Үйл ажиллагааны тоо")).toBe("үйл ажиллагааны тоо");
		expect(indicatorKey("сайдын тоо")).not.toBe(indicatorKey("саидын тоо"));
	});

	it("should expand known abbreviations", () => {
		expect(indicatorKey("ЗДТГ-ын ажилтны тоо")).toBe(
			"засаг даргын тамгын газарын ажилтны тоо",
		);
		expect(indicatorKey("Хэрэгжүүлсэн а/х-ний тоо")).toContain("арга хэмжээ");
	});

	it("should be idempotent: a key is its own key", () => {
		for (const text of [
			"Хөтөлбөр ийн хэрэгжилт ийн хувиар",
			"Иргэд олон нийтэд хүрсэн мэдээллийн тоо",
			"4.5 shilen.gov.mn системийн үнэлгээний хувиар",
			"",
		])
			expect(indicatorKey(indicatorKey(text))).toBe(indicatorKey(text));
	});

	it("should refuse a non-string with a TypeError naming the call", () => {
		expect(() => indicatorKey(3 as unknown as string)).toThrow(/indicatorKey/);
	});
});

describe("indicatorSimilarity", () => {
	it("should score rewordings high: word order, typos, dotted abbreviations", () => {
		const base = "Иргэд олон нийтэд хүрсэн мэдээллийн тоо";
		expect(
			indicatorSimilarity(base, "Мэдээллийн тоо, иргэд олон нийтэд хүрсэн"),
		).toBe(1);
		expect(indicatorSimilarity("Захидлын тоо", "Заихдлын тоо")).toBe(1);
		expect(indicatorSimilarity("Хэрэгжилтийн хувь", "Хэрэгж. хувь")).toBe(1);
		expect(
			indicatorSimilarity(
				"Тоног төхөөрөмжийн хангалтын хувь",
				"Тоног төхөөрөмжийн хангалтийн хувиар",
			),
		).toBeGreaterThan(0.9);
	});

	it("should score different indicators low, even when they share the unit word", () => {
		expect(
			indicatorSimilarity(
				"Хэрэгжүүлсэн төслийн тоо",
				"Уламжилсан иргэдийн тоо",
			),
		).toBeLessThan(0.3);
		expect(indicatorSimilarity("Камерын тоо", "Хаягийн тоо")).toBeLessThan(0.3);
	});
});

describe("topicStems and stemOverlap", () => {
	it("should overlap fully for the same activity and little for another", () => {
		const a = topicStems(
			"Төрийн албан хаагчдын ёс зүйн сургалт зохион байгуулах",
		);
		expect(stemOverlap(a, a)).toBe(1);
		expect(
			stemOverlap(a, topicStems("Гадаад харилцааны санамж бичиг байгуулах")),
		).toBeLessThan(0.3);
	});
});
