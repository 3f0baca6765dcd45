import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, type NumberStyle, parseNumber } from "./numbers.ts";

const value = (raw: string) => parseNumber(raw).value;

describe("parseNumber", () => {
	it("should read a decimal comma or point", () => {
		expect(value("82,19")).toBe(82.19);
		expect(value("132,32")).toBe(132.32);
		expect(value("92.5")).toBe(92.5);
	});
	it("should read a percent sign", () => {
		expect(parseNumber("17,7%")).toMatchObject({
			value: 17.7,
			percent: true,
			rest: "",
		});
		expect(parseNumber("92.5%")).toMatchObject({ value: 92.5, percent: true });
		expect(parseNumber("100 %")).toMatchObject({ value: 100, percent: true });
		expect(parseNumber("100")).toMatchObject({ value: 100, percent: false });
	});
	it("should read thousands separators when groups of 3 digits repeat", () => {
		expect(value("16,494,354,688")).toBe(16494354688);
		expect(value("1 500 000")).toBe(1500000);
		expect(value("1.500.000")).toBe(1500000);
		expect(value("1\u00A0500")).toBe(1500);
	});
	it("should read a thousands mark plus a different decimal mark", () => {
		expect(value("1,500,000.25")).toBe(1500000.25);
		expect(value("1.500,25")).toBe(1500.25);
		expect(value("1 500,5")).toBe(1500.5);
	});
	it("should flag a single separator before exactly 3 digits as ambiguous", () => {
		expect(parseNumber("1,500")).toMatchObject({
			value: null,
			ambiguous: true,
		});
		expect(parseNumber("2.500")).toMatchObject({
			value: null,
			ambiguous: true,
		});
	});
	it("should read a 3-digit fraction after a zero integer part", () => {
		expect(parseNumber("0,500")).toMatchObject({
			value: 0.5,
			ambiguous: false,
		});
	});
	it("should read a separator that cannot group thousands as decimal", () => {
		expect(value("1500,250")).toBe(1500.25);
		expect(value("1,5")).toBe(1.5);
	});
	it("should flag irregular forms as ambiguous", () => {
		expect(parseNumber("1.276.0")).toMatchObject({
			value: null,
			ambiguous: true,
		});
		expect(parseNumber("1,2,3")).toMatchObject({
			value: null,
			ambiguous: true,
		});
		expect(parseNumber("1.500,000.5")).toMatchObject({
			value: null,
			ambiguous: true,
		});
	});
	it("should give no value and no ambiguity for dashes, empty text and text without digits", () => {
		for (const raw of ["-", "–", "—", "", "  ", "Байгууллагын төсөв"]) {
			expect(parseNumber(raw)).toMatchObject({
				value: null,
				ambiguous: false,
				percent: false,
				token: null,
			});
		}
		expect(parseNumber("-").rest).toBe("");
		expect(parseNumber(" ОНХС ").rest).toBe("ОНХС");
	});
	it("should read a minus sign before digits", () => {
		expect(value("-5")).toBe(-5);
		expect(value("(-2,5)")).toBe(-2.5);
	});
	it("should not read a hyphen inside a word or a spaced list dash as a sign", () => {
		expect(value("ЕБС-9")).toBe(9);
		expect(value("- 5")).toBe(5);
	});
	it("should apply scale words, case-insensitively", () => {
		expect(value("220 сая")).toBe(220_000_000);
		expect(value("5 мянга")).toBe(5000);
		expect(value("5 мянган")).toBe(5000);
		expect(value("3 Мянга")).toBe(3000);
		expect(value("5 тэрбум")).toBe(5_000_000_000);
		expect(value("2 САЯ")).toBe(2_000_000);
	});
	it("should apply abbreviated scale words", () => {
		expect(parseNumber("220 сая. ОНХС")).toMatchObject({
			value: 220_000_000,
			rest: "ОНХС",
		});
		expect(value("12 мян.")).toBe(12_000);
		expect(value("1,5 тэрб.")).toBe(1_500_000_000);
	});
	it("should scale without float noise", () => {
		expect(value("132,32 сая")).toBe(132_320_000);
		expect(value("0,1 сая")).toBe(100_000);
		expect(value("16,494354688 тэрбум")).toBe(16_494_354_688);
	});
	it("should not read a word that starts like a scale word as one", () => {
		expect(parseNumber("5 саяхан")).toMatchObject({ value: 5, rest: "саяхан" });
	});
	it("should return the text around the number as rest", () => {
		expect(parseNumber("220 сая ОНХС")).toMatchObject({
			value: 220_000_000,
			rest: "ОНХС",
			token: "220 сая",
		});
		expect(parseNumber("ОНХС 40 сая зардал")).toMatchObject({
			rest: "ОНХС зардал",
			index: 5,
		});
		expect(parseNumber("1.276.0 Байгууллагын төсөв").rest).toBe(
			"Байгууллагын төсөв",
		);
	});
	it("should read only the first number", () => {
		expect(parseNumber("3 төсөл, 4 хөтөлбөр")).toMatchObject({
			value: 3,
			rest: "төсөл, 4 хөтөлбөр",
		});
	});
	it("should split numbers at a space that does not group thousands", () => {
		expect(parseNumber("2024 100")).toMatchObject({ value: 2024, rest: "100" });
		expect(parseNumber("3 4")).toMatchObject({ value: 3, rest: "4" });
	});
});

describe("formatNumber", () => {
	it("should group thousands and use the decimal mark", () => {
		expect(formatNumber(1500000.25, { decimal: ".", thousands: "," })).toBe(
			"1,500,000.25",
		);
		expect(formatNumber(1500000.25, { decimal: ",", thousands: " " })).toBe(
			"1 500 000,25",
		);
	});
	it("should default to a decimal comma without grouping", () => {
		expect(formatNumber(82.19)).toBe("82,19");
		expect(formatNumber(16494354688)).toBe("16494354688");
	});
	it("should drop grouping that would read as ambiguous", () => {
		expect(formatNumber(1500, { decimal: ".", thousands: "," })).toBe("1500");
		expect(formatNumber(1500000, { decimal: ",", thousands: "," })).toBe(
			"1500000",
		);
		expect(formatNumber(1500, { decimal: ",", thousands: " " })).toBe("1 500");
	});
	it("should pad a 3-digit fraction after a short integer", () => {
		expect(formatNumber(1.125)).toBe("1,1250");
		expect(formatNumber(0.125)).toBe("0,125");
	});
	it("should write very large and very small numbers without exponent", () => {
		expect(formatNumber(1e21, { decimal: ".", thousands: "" })).toBe(
			"1000000000000000000000",
		);
		expect(formatNumber(1e-7, { decimal: ".", thousands: "" })).toBe(
			"0.0000001",
		);
	});
	it("should write negative numbers with a minus sign", () => {
		expect(formatNumber(-2.5)).toBe("-2,5");
		expect(
			parseNumber(formatNumber(-1500.5, { decimal: ".", thousands: " " }))
				.value,
		).toBe(-1500.5);
	});
	it("should throw a TypeError for non-finite values", () => {
		expect(() => formatNumber(Number.NaN)).toThrow(TypeError);
		expect(() => formatNumber(Number.POSITIVE_INFINITY)).toThrow(
			/formatNumber/,
		);
	});
});

const STYLES: NumberStyle[] = ["," as const, "." as const].flatMap((decimal) =>
	["," as const, "." as const, " " as const, "" as const].map((thousands) => ({
		decimal,
		thousands,
	})),
);
const style = fc.constantFrom(...STYLES);
const integers = fc.bigInt({ min: 0n, max: 10n ** 12n }).map(Number);
const cents = fc
	.bigInt({ min: 0n, max: 10n ** 14n })
	.map((n) => Number(n) / 100);
const amounts = fc.oneof(integers, cents);
// The float rule of parseNumber's scaling: at most 15 significant digits.
const settle = (x: number) => Number(x.toPrecision(15));

describe("parseNumber ∘ formatNumber", () => {
	it("should read back every integer and 2-decimal number in every style", () => {
		fc.assert(
			fc.property(amounts, style, (x, s) => {
				const parsed = parseNumber(formatNumber(x, s));
				expect(parsed.value).toBe(x);
				expect(parsed.ambiguous).toBe(false);
			}),
			{ numRuns: 1000 },
		);
	});
	it("should read back numbers followed by a scale word", () => {
		fc.assert(
			fc.property(
				amounts,
				style,
				fc.constantFrom(["сая", 1e6], ["мянга", 1e3], ["тэрбум", 1e9]),
				(x, s, [word, k]) => {
					const parsed = parseNumber(`${formatNumber(x, s)} ${word}`);
					expect(parsed.value).not.toBeNull();
					expect(settle(parsed.value ?? Number.NaN)).toBe(settle(x * k));
					expect(parsed.rest).toBe("");
				},
			),
			{ numRuns: 1000 },
		);
	});
	it("should scale by сая exactly when the product is an integer", () => {
		fc.assert(
			fc.property(cents, (x) => {
				expect(parseNumber(`${formatNumber(x)} сая`).value).toBe(
					settle(x * 1e6),
				);
			}),
			{ numRuns: 500 },
		);
	});
	it("should set percent for a % suffix", () => {
		fc.assert(
			fc.property(
				amounts,
				style,
				fc.constantFrom("%", " %"),
				(x, s, suffix) => {
					const parsed = parseNumber(`${formatNumber(x, s)}${suffix}`);
					expect(parsed).toMatchObject({ value: x, percent: true, rest: "" });
				},
			),
			{ numRuns: 500 },
		);
	});
});
