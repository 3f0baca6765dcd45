import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	alignNarratives,
	endText,
	type NarrativeFragment,
	opensSentence,
} from "./align.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

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

describe("alignNarratives: a list's dash after a lost full stop", () => {
	it("should keep an item's first paragraph opening with a dash in its row when the text before lost its full stop", () => {
		// The fax made the other way, page 12: 4.19's text read "… бүрэн хүлээн авсан" (its "."
		// lost), 5.1's "-Хунан мужид …" (1,200 characters) was moved into 4.19.
		const items = [
			item("4.19", "Хэлтсүүдээс архивын баримтыг хүлээн авах"),
			item("5.1", "Хамтын ажиллагаатай муж, аймагтай хамтран ажиллах"),
		];
		const fragments = [
			fragment(
				"БНШ комиссын шийдвэрийн дагуу 2023 оны байнга хадгалах 1032 баримтыг 11 дүгээр сард албан хаагчдаас бүрэн хүлээн авсан",
				0,
			),
			fragment(
				"-Хунан мужид зохион байгуулагдсан экологийн соёл иргэншил болон аялал жуулчлалын хөгжлийн хуралд оролцсон.",
				1,
			),
		];
		const a = alignNarratives(fragments, items);
		expect(a.assignment).toEqual([0, 1]);
		expect(a.flags.filter((f) => f.kind === "narrative-moved")).toEqual([]);
		// the same text going on in lower case is the rest of the sentence: moved back
		const lower = alignNarratives(
			[
				fragments[0] as NarrativeFragment,
				fragment("болон бусад баримтыг бүртгэж ажилласан.", 1),
			],
			items,
		);
		expect(lower.assignment).toEqual([0, 0]);
	});
});

describe("narrative-cut", () => {
	// A scan's paragraph: read by OCR (its provenance has a confidence).
	const scanned = (text: string, home: number): NarrativeFragment => {
		const f = fragment(text, home);
		return { ...f, prov: { ...f.prov, confidence: 93 } };
	};
	const items = [
		item("4.16", "Баримт бичгийн бүртгэл хөтлөх"),
		item("4.17", "Хөтлөх хэргийн нэрийн жагсаалт батлуулах"),
	];
	const cut = (second: string, read = scanned) =>
		alignNarratives(
			[
				read(
					"Аймгийн Засаг даргын захирамж 679, албан тоот 910, хэлтсүүдээс явуулж байгаа илтгэх хуудас",
					0,
				),
				read(second, 1),
			],
			items,
		)
			.flags.filter((f) => f.kind === "narrative-cut")
			.map((f) => f.item);

	it("should flag only the cut item when the next item's text opens a sentence of its own (the gold's 4.16 and 4.17)", () => {
		expect(
			cut(
				"Сумдын хөтлөх хэргийн нэрийн жагсаалтыг Тамгын газрын даргаар батлуулж ажилласан.",
			),
		).toEqual(["4.16"]);
		// text converted by another tool pushes a tail into the next row whatever its first
		// letter (a name's capital mid-sentence): both are flagged
		expect(
			cut(
				"Сумдын хөтлөх хэргийн нэрийн жагсаалтыг Тамгын газрын даргаар батлуулж ажилласан.",
				fragment,
			),
		).toEqual(["4.16", "4.17"]);
		// the question still names the next item: a move between the two answers it
		const [only] = alignNarratives(
			[
				scanned("Засаг даргын захирамж 679, илтгэх хуудас", 0),
				scanned("Сумдын жагсаалтыг батлуулж ажилласан.", 1),
			],
			items,
		).flags.filter((f) => f.kind === "narrative-cut");
		expect(only?.evidence).toMatchObject({
			item: "4.16",
			next: "4.17",
			nextOpens: true,
		});
		// a text going on in lower case is the rest of the sentence: moved back, nothing cut
		expect(
			cut("болон бусад баримтыг бүртгэж, даргаар батлуулж ажилласан."),
		).toEqual([]);
		// a dash opens a list item that may go on with the cut text's list: both are flagged
		expect(cut("-Сумдын жагсаалтыг батлуулж ажилласан.")).toEqual([
			"4.16",
			"4.17",
		]);
	});

	it("should keep flagging the next item after a title, an initial or a year, which go on in a capital", () => {
		const a = alignNarratives(
			[
				fragment("Хурлыг удирдан явуулсан Засаг дарга Б.", 0),
				fragment("Бат-Эрдэнэ хурлыг хааж үг хэлсэн.", 1),
			],
			items,
		);
		expect(
			a.flags.filter((f) => f.kind === "narrative-cut").map((f) => f.item),
		).toEqual(["4.16", "4.17"]);
	});

	it("should take a text as opening a sentence exactly when its first sign is a capital letter", () => {
		fc.assert(
			fc.property(
				fc.constantFrom(" ", "", "\n"),
				fc.constantFrom("С", "Ө", "A", "с", "ө", "a", "-", "1", '"', "("),
				fc.stringMatching(/^[а-я ]{0,20}$/u),
				(space, first, rest) => {
					expect(opensSentence(`${space}${first}${rest}`)).toBe(
						/^\p{Lu}$/u.test(first),
					);
				},
			),
			{ seed },
		);
	});
});
