import { describe, expect, it } from "vitest";
import { fundingSourceKind, parseBudget } from "./budget.ts";

const b = (raw: string) => parseBudget(raw).budget;

describe("parseBudget", () => {
	it("should read an amount with a scale word and a source", () => {
		expect(b("220 сая ОНХС")).toEqual({
			raw: "220 сая ОНХС",
			amountMnt: 220_000_000,
			source: "ОНХС",
		});
		expect(b("132,32 сая ОНХС")).toEqual({
			raw: "132,32 сая ОНХС",
			amountMnt: 132_320_000,
			source: "ОНХС",
		});
	});
	it("should read a source without an amount", () => {
		expect(b("Засаг даргын нөөц хөрөнгөөс")).toEqual({
			raw: "Засаг даргын нөөц хөрөнгөөс",
			amountMnt: null,
			source: "Засаг даргын нөөц хөрөнгөөс",
		});
		expect(b("Орон нутгийн хөгжлийн сан")).toEqual({
			raw: "Орон нутгийн хөгжлийн сан",
			amountMnt: null,
			source: "Орон нутгийн хөгжлийн сан",
		});
	});
	it("should keep a long source after the amount", () => {
		expect(
			b("40 сая Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга хэмжээний зардал"),
		).toMatchObject({
			amountMnt: 40_000_000,
			source: "Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга хэмжээний зардал",
		});
	});
	it("should flag an ambiguous amount and drop its text from the source", () => {
		expect(parseBudget("1.276.0 Байгууллагын төсөв")).toEqual({
			budget: {
				raw: "1.276.0 Байгууллагын төсөв",
				amountMnt: null,
				source: "Байгууллагын төсөв",
			},
			ambiguous: true,
		});
	});
	it("should drop currency words from the source", () => {
		expect(b("16,494,354,688 төгрөг")).toEqual({
			raw: "16,494,354,688 төгрөг",
			amountMnt: 16_494_354_688,
			source: null,
		});
		expect(b("5 тэрбум ₮")).toEqual({
			raw: "5 тэрбум ₮",
			amountMnt: 5_000_000_000,
			source: null,
		});
		expect(b("3 сая төг. ОНХС")).toMatchObject({
			amountMnt: 3_000_000,
			source: "ОНХС",
		});
		expect(b("500000 төгрөгөөр")).toMatchObject({
			amountMnt: 500_000,
			source: null,
		});
	});
	it("should give no amount and no source for a dash or an empty cell", () => {
		expect(parseBudget("-")).toEqual({
			budget: { raw: "-", amountMnt: null, source: null },
			ambiguous: false,
		});
		expect(parseBudget("")).toEqual({
			budget: { raw: "", amountMnt: null, source: null },
			ambiguous: false,
		});
		expect(b(" — ")).toEqual({ raw: "—", amountMnt: null, source: null });
	});
	it("should collapse whitespace in raw and trim separators off the source", () => {
		expect(b(" 220 сая,\n ОНХС ")).toEqual({
			raw: "220 сая, ОНХС",
			amountMnt: 220_000_000,
			source: "ОНХС",
		});
		expect(b("220 сая (ОНХС)")).toMatchObject({ source: "ОНХС" });
	});
	it("should read a source written before the amount", () => {
		expect(b("ОНХС - 220 сая")).toMatchObject({
			amountMnt: 220_000_000,
			source: "ОНХС",
		});
	});
	it("should not read a year before оны as an amount", () => {
		expect(b("2024 оны төсөв")).toEqual({
			raw: "2024 оны төсөв",
			amountMnt: null,
			source: "2024 оны төсөв",
		});
	});
});

describe("fundingSourceKind", () => {
	it("should recognize the local development fund", () => {
		expect(fundingSourceKind("ОНХС")).toBe("local-development-fund");
		expect(fundingSourceKind("ОНХС-ийн хөрөнгөөр")).toBe(
			"local-development-fund",
		);
		expect(fundingSourceKind("Орон нутгийн хөгжлийн сан")).toBe(
			"local-development-fund",
		);
		expect(fundingSourceKind("орон нутгийн хөгжлийн сангаас")).toBe(
			"local-development-fund",
		);
	});
	it("should recognize the organization's budget", () => {
		expect(fundingSourceKind("Байгууллагын төсөв")).toBe("organization-budget");
		expect(fundingSourceKind("Байгууллагийн төсвөөс")).toBe(
			"organization-budget",
		);
	});
	it("should recognize the governor's reserve", () => {
		expect(fundingSourceKind("Засаг даргын нөөц хөрөнгө")).toBe(
			"governor-reserve",
		);
		expect(fundingSourceKind("Засаг даргын нөөц хөрөнгөөс")).toBe(
			"governor-reserve",
		);
	});
	it("should call any other source other", () => {
		expect(
			fundingSourceKind(
				"Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга хэмжээний зардал",
			),
		).toBe("other");
	});
	it("should give null for no source", () => {
		expect(fundingSourceKind(null)).toBeNull();
		expect(fundingSourceKind("  ")).toBeNull();
	});
});
