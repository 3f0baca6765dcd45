import { describe, expect, it } from "vitest";
import { roleForHeader } from "./columns.ts";

const role = (text: string) => roleForHeader(text)?.role ?? null;

describe("roleForHeader", () => {
	it("should map item number headers", () => {
		for (const h of ["№", "Д/д", "д/д", "№ д/д", "Дэс дугаар"])
			expect(role(h)).toBe("item");
	});
	it("should map activity headers", () => {
		expect(
			role(
				"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
			),
		).toBe("activity");
		expect(role("Арга хэмжээ")).toBe("activity");
	});
	it("should map the other plan columns", () => {
		expect(role("Төсөв")).toBe("budget");
		expect(role("Төсвийн эх үүсвэр")).toBe("budget");
		expect(role("Шалгуур үзүүлэлт")).toBe("indicator");
		expect(role("Суурь түвшин")).toBe("baseline");
		expect(role("Зорилтот түвшин")).toBe("target");
		expect(role("Хагас жил")).toBe("targetHalfYear");
		expect(role("Бүтэн жил")).toBe("targetFullYear");
		expect(role("Жилийн эцэс")).toBe("targetFullYear");
		expect(role("Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/")).toBe(
			"achievement",
		);
		expect(role("Гүйцэтгэлийн хувь")).toBe("performance");
		expect(role("Хэрэгжилтийн хувь")).toBe("performance");
	});
	it("should score a clean header 1", () => {
		expect(roleForHeader("Шалгуур үзүүлэлт")).toEqual({
			role: "indicator",
			score: 1,
		});
	});
	it("should ignore extra garbage words", () => {
		expect(roleForHeader("Номгон Гүйцэтгэлийн гэлийн хувь")).toEqual({
			role: "performance",
			score: 1,
		});
	});
	it("should prefer the half or full year to the target when a merged header names both", () => {
		expect(role("Зорилтот түвшин / Хагас жил")).toBe("targetHalfYear");
		expect(role("Зорилтот түвшин Бүтэн жил")).toBe("targetFullYear");
	});
	it("should map headers with mild OCR damage, with a lower score", () => {
		const damaged = roleForHeader("Шалгyyр үзүүлэлг");
		expect(damaged?.role).toBe("indicator");
		expect(damaged?.score).toBeGreaterThanOrEqual(0.5);
		expect(damaged?.score).toBeLessThan(1);
		expect(role("Суурь тувшин")).toBe("baseline");
		expect(role("Зорилтот тувшин")).toBe("target");
		expect(role("Гуйцэтгэлийн хувь")).toBe("performance");
	});
	it("should be case-insensitive", () => {
		expect(role("ШАЛГУУР ҮЗҮҮЛЭЛТ")).toBe("indicator");
	});
	it("should give null for digits-only, empty and unrelated text", () => {
		for (const h of ["", "  ", "1", "9", "12", "abc", "Огноо"])
			expect(roleForHeader(h)).toBeNull();
	});
	it("should name the columns kept as evidence only", () => {
		expect(role("Тайлбар")).toBe("notes");
		expect(role("Хариуцах эзэн")).toBe("responsible");
		expect(role("Хариуцах нэгж")).toBe("responsible");
		expect(role("Хэрэгжүүлэх хугацаа")).toBe("deadline");
		expect(role("Хугацаа")).toBe("deadline");
		// The seed's achievement header mentions "тайлбар" but names the achievement.
		expect(role("Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/")).toBe(
			"achievement",
		);
	});
	it("should read other wordings, abbreviations and a year in brackets", () => {
		const cases: [string, string][] = [
			["Д.д", "item"],
			["Хэрэгжүүлэх арга хэмжээ", "activity"],
			["Үйл ажиллагаа", "activity"],
			["Санхүүжилтийн эх үүсвэр", "budget"],
			["Төсөв (сая ₮)", "budget"],
			["Шалг. үзүүлэлт", "indicator"],
			["Шалгуур", "indicator"],
			["Суурь түв.", "baseline"],
			["Суурь түвшин (2023)", "baseline"],
			["Суурь үзүүлэлт", "baseline"],
			["Өмнөх оны түвшин", "baseline"],
			["Зорилтот түвшин 2024", "target"],
			["Хагас жилийн зорилт", "targetHalfYear"],
			["Жилийн эцсийн зорилт", "targetFullYear"],
			["Хүрсэн үр дүн", "achievement"],
			["Биелэлт", "achievement"],
			["Хэрэгжилтийн явц", "achievement"],
			["Гүйцэтгэл (%)", "performance"],
			["Биелэлтийн хувь", "performance"],
			["Үнэлгээ", "performance"],
			["ГҮЙЦЭТГЭЛИЙН ХУВЬ", "performance"],
		];
		for (const [text, want] of cases) expect(role(text), text).toBe(want);
	});
	it("should keep scores within 0..1", () => {
		for (const h of ["Төсөв", "Суурь", "Хэрэгжилт", "Шалгуур"]) {
			const m = roleForHeader(h);
			expect(m?.score).toBeGreaterThanOrEqual(0.5);
			expect(m?.score).toBeLessThanOrEqual(1);
		}
	});
});
