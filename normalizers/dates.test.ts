import { describe, expect, it } from "vitest";
import { findDates, parseMongolianDate } from "./dates.ts";

describe("parseMongolianDate", () => {
	it("should read the long Mongolian form", () => {
		expect(parseMongolianDate("2024 оны 07 дугаар сарын 18-ны өдөр")).toBe(
			"2024-07-18",
		);
		expect(parseMongolianDate("2024 оны 12 дугаар сарын 05")).toBe(
			"2024-12-05",
		);
	});
	it("should read short ordinals, upper case and no ordinal", () => {
		expect(parseMongolianDate("2024 ОНЫ 4-Р САРЫН 1-НИЙ ӨДӨР")).toBe(
			"2024-04-01",
		);
		expect(parseMongolianDate("2024 оны 4 дүгээр сарын 01-ний өдрөөс")).toBe(
			"2024-04-01",
		);
		expect(parseMongolianDate("2025 оны 1 сарын 9")).toBe("2025-01-09");
	});
	it("should read numeric forms", () => {
		expect(parseMongolianDate("2024.12.18")).toBe("2024-12-18");
		expect(parseMongolianDate("2024-12-18")).toBe("2024-12-18");
		expect(parseMongolianDate("2024/12/18")).toBe("2024-12-18");
		expect(parseMongolianDate("2024.1.5")).toBe("2024-01-05");
	});
	it("should reject impossible dates", () => {
		expect(parseMongolianDate("2024.13.18")).toBeNull();
		expect(parseMongolianDate("2024 оны 13 дугаар сарын 01")).toBeNull();
		expect(parseMongolianDate("2023.02.29")).toBeNull();
		expect(parseMongolianDate("2024.02.29")).toBe("2024-02-29");
		expect(parseMongolianDate("2024.04.31")).toBeNull();
		expect(parseMongolianDate("2024.00.10")).toBeNull();
	});
	it("should not read mixed separators, ranges or bare years as dates", () => {
		expect(parseMongolianDate("2024.12-18")).toBeNull();
		expect(parseMongolianDate("2024-2028 оны")).toBeNull();
		expect(parseMongolianDate("2024 оны")).toBeNull();
		expect(parseMongolianDate("")).toBeNull();
	});
});

describe("findDates", () => {
	it("should find every date with its index and raw text, in reading order", () => {
		const text =
			"Батлав 2024.12.18. Хүлээн авсан: 2024 оны 07 дугаар сарын 18-ны өдөр, 2025/01/05";
		expect(findDates(text)).toEqual([
			{ iso: "2024-12-18", index: 7, raw: "2024.12.18" },
			{
				iso: "2024-07-18",
				index: 33,
				raw: "2024 оны 07 дугаар сарын 18-ны өдөр",
			},
			{ iso: "2025-01-05", index: 70, raw: "2025/01/05" },
		]);
	});
	it("should skip invalid dates among valid ones", () => {
		expect(findDates("2024.13.01 ба 2024.12.01").map((d) => d.iso)).toEqual([
			"2024-12-01",
		]);
	});
	it("should find nothing in text without dates", () => {
		expect(findDates("44 арга хэмжээ, 99,3%")).toEqual([]);
	});
});
