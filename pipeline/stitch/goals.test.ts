import { describe, expect, it } from "vitest";
import { goalHeading, romanValue } from "./goals.ts";

describe("goalHeading", () => {
	it("should read the written forms of a goal heading", () => {
		const cases: [string, number, string][] = [
			["Зорилт 1. Эхний зорилт", 1, "Эхний зорилт"],
			["Зорилт 2.Хоёр", 2, "Хоёр"],
			["Зорилт-6: Дотоод", 6, "Дотоод"],
			["Зорилт-1. Нэг", 1, "Нэг"],
			["ЗОРИЛТ 3: Гурав", 3, "Гурав"],
			["Зорилт №4 Дөрөв", 4, "Дөрөв"],
			["1 дүгээр зорилт: Нэг", 1, "Нэг"],
			["2 дугаар зорилт Хоёр", 2, "Хоёр"],
			["3-р зорилт: Гурав", 3, "Гурав"],
			["“Зорилт 2. Хоёр", 2, "Хоёр"],
			['" Зорилт 5: Тав', 5, "Тав"],
		];
		for (const [text, number, title] of cases)
			expect(goalHeading(text), text).toEqual({ number, title });
	});
	it("should read Roman numerals only when the row holds nothing else", () => {
		expect(goalHeading("IV. Дөрөв дэх зорилт", true)).toEqual({
			number: 4,
			title: "Дөрөв дэх зорилт",
		});
		expect(goalHeading("II) Хоёр", true)?.number).toBe(2);
		expect(goalHeading("I. Жагсаалтын мөр")).toBeUndefined();
		expect(goalHeading("IIII. Буруу", true)).toBeUndefined();
	});
	it("should not read item numbers, narratives or levels as goals", () => {
		for (const t of ["1.1", "100%", "Зорилтот түвшин", "Хэрэгжилт 1 удаа", ""])
			expect(goalHeading(t, true), t).toBeUndefined();
	});
	it("should give the value of canonical Roman numerals", () => {
		expect(
			["I", "II", "III", "IV", "V", "VI", "IX", "XII", "XIX"].map(romanValue),
		).toEqual([1, 2, 3, 4, 5, 6, 9, 12, 19]);
		expect(romanValue("VX")).toBeUndefined();
	});
});
