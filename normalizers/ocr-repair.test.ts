import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEVELS } from "../pipeline/records.ts";
import { parseLevel } from "./levels.ts";
import {
	percentForDigit,
	percentMisread,
	percentOfReadings,
	percentSignAsDigit,
	repairCell,
	repairHeader,
	repairItemNumber,
	repairLevel,
	repairNumber,
	valueBesideMarks,
} from "./ocr-repair.ts";

const level = fc.constantFrom(...LEVELS);
const itemNumber = fc
	.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 25 }))
	.map(([g, n]) => `${g}.${n}`);

// Look-alikes OCR prints for digits.
const LOOK: Record<string, string[]> = {
	"0": ["O", "О", "o"],
	"1": ["l", "I", "|"],
	"3": ["З"],
};
const garble = (s: string, pick: number) =>
	[...s]
		.map((ch, i) => {
			const alts = LOOK[ch];
			return alts && (pick >> i) & 1 ? alts[(pick + i) % alts.length] : ch;
		})
		.join("");

describe("repairLevel", () => {
	it("should turn a level whose % the Mongolian model read as 96 back into the level", () => {
		fc.assert(
			fc.property(level, (l) => {
				const r = repairLevel(`${l}96`);
				expect(r.text).toBe(`${l}%`);
				expect(parseLevel(r.text).level).toBe(l);
				expect(r.repairs).toEqual([
					{
						from: `${l}96`,
						to: `${l}%`,
						reason: expect.stringContaining("96"),
					},
				]);
			}),
		);
	});

	it("should repair look-alike letters and spaces in a level, and leave a correct level alone", () => {
		fc.assert(
			fc.property(level, fc.nat(7), (l, pick) => {
				expect(repairLevel(`${l}%`)).toEqual({ text: `${l}%`, repairs: [] });
				const read = `${garble(String(l), pick)} %`;
				expect(repairLevel(read).text).toBe(`${l}%`);
			}),
		);
	});

	it("should never make a level of a value off the scale or of words", () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 0, max: 999 })
					.filter((n) => !(LEVELS as readonly number[]).includes(n)),
				(n) => {
					expect(repairLevel(`${n}%`).text).toBe(`${n}%`);
					expect(repairLevel(`${n}96`).repairs).toEqual([]);
				},
			),
		);
		expect(repairLevel("Хэрэгжилт тооцох хугацаа болоогүй").repairs).toEqual(
			[],
		);
	});
});

describe("repairItemNumber", () => {
	it("should read look-alike letters and a comma in an item number as digits and a point", () => {
		fc.assert(
			fc.property(itemNumber, fc.nat(15), fc.boolean(), (item, pick, comma) => {
				const read = garble(item, pick).replace(".", comma ? "," : ".");
				const r = repairItemNumber(read);
				expect(r.text).toBe(item);
				if (read !== item)
					expect(r.repairs[0]).toMatchObject({ from: read, to: item });
				else expect(r.repairs).toEqual([]);
			}),
		);
	});

	it("should leave goal labels and unreadable cells as read", () => {
		for (const text of ["Зорилт-6:", "Зорилт 1.", "abc", "1.2.3"])
			expect(repairItemNumber(text)).toEqual({ text, repairs: [] });
	});
});

describe("repairNumber", () => {
	it("should keep decimal commas and points, and repair look-alikes inside digits", () => {
		expect(repairNumber("17,7%")).toEqual({ text: "17,7%", repairs: [] });
		expect(repairNumber("92.5%")).toEqual({ text: "92.5%", repairs: [] });
		expect(repairNumber("1O0%").text).toBe("100%");
		expect(repairNumber("25OO").text).toBe("2500");
		expect(repairNumber("Байгууллагын төсөв").repairs).toEqual([]);
	});
	it('should join a "%" read apart from its number, as a recorded repair', () => {
		expect(repairNumber("25 %")).toEqual({
			text: "25%",
			repairs: [
				{
					from: "25 %",
					to: "25%",
					reason: 'number: a space read between the number and its "%"',
				},
			],
		});
		expect(repairNumber("1 000").repairs).toEqual([]);
	});
});

describe("repairCell", () => {
	it("should never change text columns", () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				expect(repairCell(s, "text")).toEqual({ text: s, repairs: [] });
			}),
		);
	});

	it("should read the item column's header No / Мо as №", () => {
		expect(repairHeader("Мо").text).toBe("№");
		expect(repairHeader("No").text).toBe("№");
		expect(repairHeader("ме").text).toBe("№");
		expect(repairHeader("Төсөв")).toEqual({ text: "Төсөв", repairs: [] });
	});

	it("should be idempotent: a repaired value needs no further repair", () => {
		fc.assert(
			fc.property(
				fc.oneof(
					level.map((l) => `${l}96`),
					itemNumber.map((i) => garble(i, 5)),
				),
				fc.constantFrom("item", "level", "number") as fc.Arbitrary<
					"item" | "level" | "number"
				>,
				(text, type) => {
					const once = repairCell(text, type);
					expect(repairCell(once.text, type).repairs).toEqual([]);
				},
			),
		);
	});
});

describe("percentOfReadings", () => {
	it('should give the percent two readings agree on when one took the "%" for digits', () => {
		expect(percentOfReadings("4095", "40%")).toBe("40%");
		expect(percentOfReadings("40%", "4095")).toBe("40%");
		expect(percentOfReadings("17.7%", "17,796")).toBe("17,7%");
		expect(percentOfReadings("17,790", "17.7%")).toBe("17,7%");
		expect(percentOfReadings("90966", "90%24")).toBe("90%");
		expect(percentOfReadings("100%", "10096")).toBe("100%");
	});
	it("should say nothing where the readings do not show a percent", () => {
		for (const [a, b] of [
			["86585", "56585"], // two numbers
			["4095", "41%"], // another number
			["4095", "4095"],
			["45%", "45%"], // nothing read as digits
			["4095", "409%"], // 409 is no percent
			["1.276.0", "1276%"],
			["125", "12%"], // one digit: a digit read as "%" as likely as the reverse
		] as const)
			expect(percentOfReadings(a, b), `${a} ${b}`).toBeUndefined();
	});
	it("should hold for any percent up to 100 and any digits read for its sign", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 100 }),
				fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
				fc.constantFrom(",", "."),
				fc.stringMatching(/^[0-9]{2,3}$/),
				(whole, frac, mark, sign) => {
					if (whole === 100 && frac) return;
					const n = frac ? `${whole}${mark}${frac}` : `${whole}`;
					const other = frac ? `${whole}${mark === "," ? "." : ","}${frac}` : n;
					const want = frac ? `${whole},${frac}%` : `${whole}%`;
					expect(percentOfReadings(`${n}%`, `${other}${sign}`)).toBe(want);
					expect(percentOfReadings(`${other}${sign}`, `${n}%`)).toBe(want);
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});

describe("valueBesideMarks", () => {
	it("should find the value among a typed cell's paragraphs when the rest are a letter or two", () => {
		expect(valueBesideMarks(["50%", "У"], "number")).toBe(0);
		expect(valueBesideMarks(["Ё", "70%"], "number")).toBe(1);
		expect(valueBesideMarks(["100%", "Ёс"], "level")).toBe(0);
	});
	it("should not choose between two values, keep words, or touch text columns", () => {
		expect(valueBesideMarks(["18", "52"], "number")).toBeUndefined();
		expect(valueBesideMarks(["2", "удаа"], "number")).toBeUndefined();
		expect(valueBesideMarks(["50%", "У"], "text")).toBeUndefined();
		expect(valueBesideMarks(["50%"], "number")).toBeUndefined();
		expect(valueBesideMarks(["У", "Ё"], "number")).toBeUndefined();
	});
});

describe("percentMisread", () => {
	it('should take a word ending in "96" for a percent, and "90" or "95" only after a percent', () => {
		expect(percentMisread("99,396")).toEqual({
			num: "99,3",
			as: "96",
			tail: "",
		});
		expect(percentMisread("10090")).toEqual({ num: "100", as: "90", tail: "" });
		expect(percentMisread("4095.")).toEqual({ num: "40", as: "95", tail: "." });
		for (const word of ["1990", "2095", "12090", "1095,5", "100", "9095x"])
			expect(percentMisread(word), word).toBeUndefined();
	});
});

describe("percentForDigit", () => {
	it('should give the percent a reading has where the value kept has one digit for its "%"', () => {
		expect(percentForDigit("589", "58%")).toBe("58%");
		expect(percentForDigit("34,39", "34,3%")).toBe("34,3%");
		expect(percentForDigit("34.39", "34,3%")).toBe("34,3%");
		expect(percentForDigit("1009", "100%")).toBe("100%");
	});
	it("should say nothing where the two do not stand so", () => {
		for (const [kept, reading] of [
			["58", "58%"], // no digit in the sign's place
			["5899", "58%"], // two: percentOfReadings' case
			["579", "58%"], // another number
			["1019", "101%"], // no percent
			["589", "589"],
		] as const)
			expect(
				percentForDigit(kept, reading),
				`${kept} ${reading}`,
			).toBeUndefined();
	});
	it("should hold for any percent up to 100 and any digit read for its sign (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 100 }),
				fc.integer({ min: 0, max: 9 }),
				fc.integer({ min: 0, max: 9 }),
				(n, digit, other) => {
					expect(percentForDigit(`${n}${digit}`, `${n}%`)).toBe(`${n}%`);
					if (other !== n % 10)
						expect(
							percentForDigit(`${Math.floor(n / 10)}${other}${digit}`, `${n}%`),
						).toBeUndefined();
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});

describe("percentSignAsDigit", () => {
	it('should give the percent a value of two digits and a "%"-like digit may be', () => {
		expect(percentSignAsDigit("554")).toBe("55%");
		expect(percentSignAsDigit("605")).toBe("60%");
		expect(percentSignAsDigit("909")).toBe("90%");
		for (const t of ["162", "55%", "54", "1032", "056", "4385", "5 54", "a54"])
			expect(percentSignAsDigit(t), t).toBe(t === "5 54" ? "55%" : undefined);
	});
	it("should hold for any two digits and any last digit, exactly for the sign's look-alikes", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 10, max: 99 }),
				fc.integer({ min: 0, max: 9 }),
				(n, d) => {
					const got = percentSignAsDigit(`${n}${d}`);
					expect(got).toBe([4, 5, 9].includes(d) ? `${n}%` : undefined);
					// a percent already, or a number of four digits, is never taken
					expect(percentSignAsDigit(`${n}${d}%`)).toBeUndefined();
					expect(percentSignAsDigit(`${n}${d}${d}`)).toBeUndefined();
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});
});
