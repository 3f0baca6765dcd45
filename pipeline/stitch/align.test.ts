import { describe, expect, it } from "vitest";
import { alignNarratives, endText, type NarrativeFragment } from "./align.ts";

const fragment = (
	text: string,
	home: number,
	lowWords: { text: string; confidence: number }[] = [],
): NarrativeFragment => ({
	text,
	prov: { file: "t.png", page: 1, lowWords },
	home,
	rowKind: "item",
	layoutPushed: false,
	cellKey: `c${home}`,
	firstInCell: true,
	cellParagraphs: 1,
});

const item = (no: string, activity: string) => ({
	item: no,
	goal: 1,
	fields: {
		activity: [{ text: activity }],
		indicator: [{ text: "Хэрэгжилтийн хувь" }],
		performance: [{ text: "100%" }],
	},
});

describe("endText", () => {
	it("should leave out a trailing mark of no letter read in doubt, and keep one read surely", () => {
		const text = "Төсөл хөтөлбөр хэрэгжиж байна. 227";
		expect(endText(fragment(text, 0, [{ text: "227", confidence: 48 }]))).toBe(
			"Төсөл хөтөлбөр хэрэгжиж байна.",
		);
		expect(endText(fragment(text, 0, [{ text: "227", confidence: 88 }]))).toBe(
			text,
		);
		// Our fax's 4.6: "… байна. й й -", a speck and a stroke read at 0.
		expect(
			endText(
				fragment("хувьтай байна. й й -", 0, [
					{ text: "й", confidence: 0 },
					{ text: "-", confidence: 0 },
				]),
			),
		).toBe("хувьтай байна.");
		// A word of letters read in doubt is text, however unsure.
		expect(
			endText(
				fragment("Төсөл хэрэгжиж байна. хийгээд", 0, [
					{ text: "хийгээд", confidence: 30 },
				]),
			),
		).toBe("Төсөл хэрэгжиж байна. хийгээд");
	});
});

describe("alignNarratives", () => {
	it("should not move the next item's first paragraph back after a mark read in doubt at the end (our fax, variant 1: 1.1 and 1.2)", () => {
		// Our own fax --variant 1, page 1: 1.1's text ends "… хэрэгжиж байна. 227" (a pen's
		// stroke read "227" at confidence 48); 1.2's first paragraph ("-Унгар улсын …") was
		// moved into 1.1, 1,300 characters off.
		const items = [
			item(
				"1.1",
				"Гадаад харилцааны яамтай хамтран олон улсын төсөл хөтөлбөр хэрэгжүүлэх",
			),
			item(
				"1.2",
				"Гадаад орны хот, мужуудтай хамтын ажиллагааг өргөжүүлэх, туршлага судлах",
			),
		];
		const fragments = [
			fragment(
				"Гадаад харилцааны яамны Олон улсын хамтын ажиллагааны газарт хүсэлт хүргүүлж, эрүүл мэнд, боловсролын салбарын 7 төсөл хөтөлбөр Баянхонгор аймагт хэрэгжиж байна. 227",
				0,
				[
					{ text: "байна.", confidence: 23 },
					{ text: "227", confidence: 48 },
				],
			),
			fragment(
				"-Унгар улсын Веспрем хоттой эдийн засгийн хөгжил, хөдөө аж ахуй, боловсрол, аялал жуулчлалын чиглэлээр хамтран ажиллах санамж бичиг байгуулсан.",
				1,
			),
			fragment(
				"-Хунан мужид зохион байгуулагдсан экологийн соёл иргэншил болон ногоон хөгжлийн чуулганд оролцож, туршлага судалсан.",
				1,
			),
		];
		const a = alignNarratives(fragments, items);
		expect(a.assignment).toEqual([0, 1, 1]);
		expect(a.flags.filter((f) => f.kind === "narrative-moved")).toEqual([]);
		expect(a.flags.filter((f) => f.kind === "narrative-cut")).toEqual([]);
	});
});
