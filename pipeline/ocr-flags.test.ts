import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flagText } from "../messages/flag-text.ts";
import {
	agreedOfForm,
	budgetDash,
	corroborated,
	keptWordsBelow,
	latinWord,
	lookalikeWords,
	mayNameUnit,
	ocrFlags,
	ofRowForm,
	outlierSettled,
	SURE_ELSEWHERE,
	sameValue,
	secondReadNothing,
	unitWordsMisread,
	WORD_CONFIDENCE,
} from "./ocr-flags.ts";
import type { Measure } from "./records.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

const q = (raw: string) => ({ raw, value: null, unit: null });

function measure(provenance: Measure["provenance"]): Measure {
	return {
		item: "3.2",
		goal: 3,
		activity: "",
		budget: { raw: "", amountMnt: null, source: null },
		indicator: "",
		baseline: q(""),
		targetHalfYear: q(""),
		targetFullYear: q(""),
		achievement: "",
		performancePct: 100,
		provenance,
	};
}

const at = {
	file: "scan.png",
	page: 3,
	bbox: [10, 20, 300, 80] as [number, number, number, number],
};

describe("ocrFlags", () => {
	it("should not doubt a word the report holds read surely elsewhere, and doubt one it does not", () => {
		// Our own fax at 200 dpi: "тоо" read at 69 in 4.3's indicator, read surely in other items'.
		const indicator = (
			item: string,
			lowWords: { text: string; confidence: number }[],
		) => ({
			...measure({
				indicator: [
					{
						...at,
						text: "Сургалтын тоо",
						confidence: lowWords.length ? 78 : 95,
						lowWords,
					},
				],
			}),
			item,
		});
		const low = (of: string, sure: number) =>
			ocrFlags([
				...Array.from({ length: sure }, (_, k) => indicator(`1.${k + 1}`, [])),
				indicator("4.3", [{ text: of, confidence: 69 }]),
			]).filter((f) => f.kind === "ocr-low-confidence");
		expect(low("тоо", 2)).toEqual([]);
		// Read surely once only, or never: still in doubt.
		expect(low("тоо", 1).map((f) => f.item)).toEqual(["4.3"]);
		expect(low("Сургалтын", 0).map((f) => f.item)).toEqual(["4.3"]);
	});

	it("should give the boxes of look-alike and repaired words, kept apart from the doubtful ones", () => {
		const flags = ocrFlags([
			measure({
				achievement: [
					{
						...at,
						text: "Эрдэнэ монгол ЕВР хийв",
						confidence: 96,
						wordBoxes: [
							{ text: "ЕВР", confidence: 95, bbox: [50, 30, 90, 60] },
						],
					},
				],
				activity: [
					{
						...at,
						text: "100% хийв",
						confidence: 95,
						ocrRaw: "10096 хийв",
						repairs: [{ from: "10096", to: "100%", reason: "read again" }],
						wordBoxes: [
							{ text: "100%", confidence: 93, bbox: [12, 22, 60, 50] },
						],
					},
				],
			}),
		]);
		const lookalike = flags.find((f) => f.kind === "ocr-lookalike");
		expect(lookalike?.evidence).toEqual({
			words: ["ЕВР"],
			boxes: [{ text: "ЕВР", confidence: 95, bbox: [50, 30, 90, 60] }],
		});
		const repaired = flags.find((f) => f.kind === "ocr-repaired");
		expect(repaired?.evidence.boxes).toEqual([
			{ text: "100%", confidence: 93, bbox: [12, 22, 60, 50] },
		]);
		// No word list in any flag's own provenance.
		for (const f of flags) {
			expect(f.prov).not.toHaveProperty("wordBoxes");
			expect(f.prov).not.toHaveProperty("lowWords");
		}
	});

	it("should give the exact words' boxes, not only the cell's, so the review step draws the word", () => {
		const word: [number, number, number, number] = [40, 30, 120, 60];
		const flags = ocrFlags([
			measure({
				achievement: [
					{
						...at,
						text: "Ниншя Хүй Ниншя",
						confidence: 88,
						lowWords: [
							{ text: "Ниншя", confidence: 45, bbox: word },
							{ text: "Хүй", confidence: 89, bbox: [130, 30, 170, 60] },
							{ text: "Ниншя", confidence: 50, bbox: [180, 30, 260, 60] },
						],
					},
				],
			}),
		]);
		expect(flags).toHaveLength(1);
		// Both readings of the doubtful word, and not the one read above the threshold.
		expect(flags[0]?.evidence.boxes).toEqual([
			{ text: "Ниншя", confidence: 45, bbox: word },
			{ text: "Ниншя", confidence: 50, bbox: [180, 30, 260, 60] },
		]);
		// The flag's own provenance stays the paragraph's box; no word list leaks into it.
		expect(flags[0]?.prov).toEqual({ ...at, confidence: 88 });
	});

	it("should flag a text field holding a word read with low confidence, with its page and box", () => {
		const flags = ocrFlags([
			measure({
				achievement: [
					{
						...at,
						text: "Ниншя Хүй",
						confidence: 88,
						lowWords: [{ text: "Ниншя", confidence: 45 }],
					},
				],
				activity: [
					{
						...at,
						text: "Сайн",
						confidence: 93,
						lowWords: [{ text: "Сайн", confidence: 85 }],
					},
				],
			}),
		]);
		expect(flags).toHaveLength(1);
		expect(flags[0]).toMatchObject({
			kind: "ocr-low-confidence",
			severity: "warning",
			item: "3.2",
			field: "achievement",
			prov: { page: 3, bbox: [10, 20, 300, 80], confidence: 88 },
			evidence: { words: ["Ниншя"] },
		});
	});

	it("should flag a repaired value with what was read, and a typed value read with low confidence", () => {
		const flags = ocrFlags([
			measure({
				performancePct: [
					{
						...at,
						text: "100%",
						confidence: 91,
						ocrRaw: "10096",
						repairs: [{ from: "10096", to: "100%", reason: "level" }],
					},
				],
				baseline: [{ ...at, text: "45", confidence: 60 }],
				targetFullYear: [{ ...at, text: "60", confidence: 95 }],
			}),
		]);
		expect(flags.map((f) => [f.kind, f.field])).toEqual([
			["ocr-repaired", "performancePct"],
			["ocr-low-confidence", "baseline"],
		]);
		expect(flags[0]?.evidence).toMatchObject({ raw: ["10096"] });
	});

	it("should flag look-alike words in text and nothing in plain Mongolian", () => {
		expect(lookalikeWords("байсан. З.Аймгийн Засаг")).toEqual(["З.Аймгийн"]);
		expect(lookalikeWords("89,94 хувьтай, Ш улирлын 15О 9001")).toEqual([
			"Ш",
			"15О",
		]);
		expect(lookalikeWords("2024 оны I, Il дугаар | ЕВР")).toEqual([
			"I,",
			"Il",
			"|",
			"ЕВР",
		]);
		expect(
			lookalikeWords("Төрийн албан хаагчдын 2-р улирал 2024-2028 оны 45%"),
		).toEqual([]);
		// ь and ъ before a iotated vowel; a small letter opening a sentence (not after "т.м.").
		expect(
			lookalikeWords("дотоод товьёог, авьяас. цахим хуудас т.м. зэрэг Хью"),
		).toEqual(["товьёог,", "авьяас.", "цахим", "Хью"]);
		expect(lookalikeWords("хийв. Цахим хуудас, т.м. бусад")).toEqual([]);
		// A year no report holds is scan-checks' "ocr-year-unlikely", not a look-alike (one flag
		// per question).
		expect(
			lookalikeWords("даргын 2324 оны 07 дугаар сарын 18-ны 2024 оны тушаал"),
		).toEqual([]);
		expect(lookalikeWords("132,32 сая OHXC, ERP")).toEqual(["OHXC,"]);
		// Cyrillic capitals with Latin twins, but "ХХК" (a limited company), which no text writes
		// in Latin letters; in Latin letters it is a look-alike.
		expect(lookalikeWords("“Буянт хөрс наран” ХХК, ЕВР систем, XXK")).toEqual([
			"ЕВР",
			"XXK",
		]);
		const flags = ocrFlags([
			measure({
				achievement: [{ ...at, text: "III улирал: Ш улирлын", confidence: 95 }],
			}),
		]);
		expect(flags.map((f) => f.kind)).toEqual(["ocr-lookalike"]);
	});

	it("should flag a document number's digit read as a Latin letter, and curly quotes among straight ones", () => {
		expect(
			lookalikeWords("Тамгын газрын А/4, A/S албан бичиг, Б/O тушаал"),
		).toEqual(["A/S", "Б/O"]);
		expect(lookalikeWords("А/4, А/5, болон Б/12 тоот")).toEqual([]);
		// the engine gave a straight opening quote as a curly one
		expect(
			lookalikeWords('Байгууллагын “Шинэ ажилтныг дадлагажуулах хөтөлбөр"-ийг'),
		).toEqual(["“Шинэ"]);
		// printed curly throughout, or straight throughout: nothing to ask
		expect(lookalikeWords("“Тэгш хүртээмжтэй” төсөл")).toEqual([]);
		expect(lookalikeWords('"Тэгш хүртээмжтэй" төсөл')).toEqual([]);
	});

	it("should flag a text cell whose ink no reading made anything of", () => {
		// a budget's dash broken beside a fax's speck: ink, read as nothing, stored as "?"
		const flags = ocrFlags([
			measure({ budget: [{ ...at, text: "?", confidence: 0, ocrRaw: "" }] }),
		]);
		expect(flags.map((f) => [f.kind, f.field])).toEqual([
			["ocr-low-confidence", "budget"],
		]);
	});

	it("should flag values stored without a unit under an indicator whose word naming the unit may be misread", () => {
		const n = (raw: string) => ({
			raw,
			value: Number(raw),
			unit: null,
		});
		const flags = ocrFlags([
			{
				...measure({
					indicator: [{ ...at, text: "Баримтын тод", confidence: 93 }],
					baseline: [{ ...at, text: "0", confidence: 95 }],
					targetFullYear: [{ ...at, text: "1032", confidence: 95 }],
				}),
				indicator: "Баримтын тод",
				baseline: n("0"),
				targetFullYear: n("1032"),
			},
		]);
		expect(flags.map((f) => [f.kind, f.field, f.evidence?.words])).toEqual([
			["ocr-lookalike", "indicator", ["тод"]],
			["ocr-lookalike", "baseline", ["тод"]],
			["ocr-lookalike", "targetFullYear", ["тод"]],
		]);
		// a unit word read right, or values with their unit: nothing to ask
		const right = ocrFlags([
			{
				...measure({
					indicator: [{ ...at, text: "Баримтын тоо", confidence: 93 }],
					baseline: [{ ...at, text: "0", confidence: 95 }],
				}),
				indicator: "Баримтын тоо",
				baseline: n("0"),
			},
			{
				...measure({
					indicator: [{ ...at, text: "ил тод байдал", confidence: 93 }],
					baseline: [{ ...at, text: "50%", confidence: 95 }],
				}),
				indicator: "ил тод байдал",
				baseline: { raw: "50%", value: 50, unit: "percent" },
			},
		]);
		expect(right).toEqual([]);
		expect(unitWordsMisread("Баримтын тод")).toEqual(["тод"]);
	});

	it("should take a word as maybe a unit word misread when its letters are two edits or fewer from one, not a lone mark", () => {
		for (const w of [
			"тоu",
			"тод",
			"TOO,",
			"хуьв",
			"хувиа",
			"баримтынтоu",
			"100",
			"т00",
		])
			expect(mayNameUnit(w), w).toBe(true);
		for (const w of [
			"Ї",
			"Р",
			"|",
			"1",
			"!",
			"мэдэгдэх",
			"Иргэний",
			"хариуг",
			"",
		])
			expect(mayNameUnit(w), w).toBe(false);
	});

	it("should flag what a fax's specks make of a word: a quote without its pair, a letter Mongolian does not write, a Latin word of Cyrillic twins", () => {
		// a speck beside a letter read as a closing quote, or as an opening one
		expect(
			lookalikeWords(
				"2024 оны 09 дүгээр” сарын 16-ны “Тэгш хүртээмжтэй” төсөл",
			),
		).toEqual(["дүгээр”"]);
		expect(lookalikeWords("сарын “16-ны өдөр батлав")).toEqual(["“16-ны"]);
		// "Ї" for a speck and a stroke; "epee" for "өрөө"
		expect(
			lookalikeWords("Иргэний Ї гомдлыг албан хаагчдын epee, танхим"),
		).toEqual(["Ї", "epee,"]);
		// a speck between two words read as a point; an abbreviation and an initial are not
		expect(
			lookalikeWords("байнга ил.тод, нээлттэй т.м. Б.Мөнхнасан 2024.01"),
		).toEqual(["ил.тод,"]);
		// Latin words that are not all twins, or Latin text: nothing to ask
		expect(
			lookalikeWords("eoffice.baiahongor.gov.mn цахим хуудас, pdf хэлбэрээр"),
		).toEqual([]);
		expect(lookalikeWords("copy of the report")).toEqual([]);
	});

	it("should flag a Latin word of small letters each drawn like a Cyrillic one (г as r, п as n) in a Cyrillic text", () => {
		// our fax --variant 2's 4.16: "erp" for the page's "егр"
		expect(
			lookalikeWords("байгууллагуудад erp системээр дамжуулан pdf файл"),
		).toEqual(["erp"]);
		expect(lookalikeWords("албан хаагчдын epee, танхимын")).toEqual(["epee,"]);
		// a word with a letter no Cyrillic one is drawn like, or a Latin text
		expect(lookalikeWords("системээр pdf файл eoffice.gov.mn")).toEqual([]);
		expect(lookalikeWords("erp and pay")).toEqual([]);
	});

	it("should flag a word of digits that a reading in Latin capitals gives as its twins", () => {
		const flags = ocrFlags([
			measure({
				activity: [
					{
						...at,
						text: "150 9001 менежментийн тогтолцоог нэвтрүүлэх",
						confidence: 96,
						twins: [{ text: "150", other: "ISO" }],
					},
				],
			}),
		]);
		expect(flags.map((f) => [f.kind, f.field, f.evidence])).toEqual([
			["ocr-lookalike", "activity", { words: ["150"] }],
		]);
		// the same text without that second reading is not in doubt
		expect(
			ocrFlags([
				measure({
					activity: [
						{
							...at,
							text: "150 9001 менежментийн тогтолцоог нэвтрүүлэх",
							confidence: 96,
						},
					],
				}),
			]),
		).toEqual([]);
	});

	it("should flag a budget source read in Latin look-alikes, not the Cyrillic one", () => {
		const budget = (text: string) =>
			ocrFlags([measure({ budget: [{ ...at, text, confidence: 95 }] })]).map(
				(f) => [f.kind, f.field, f.evidence],
			);
		expect(budget("132,32 сая ОНХС")).toEqual([]);
		expect(budget("132,32 сая OHXC")).toEqual([
			["ocr-lookalike", "budget", { words: ["OHXC"] }],
		]);
	});
});

describe("ocrFlags on typed values", () => {
	const kinds = (m: Measure) =>
		ocrFlags([m]).map((f) => `${f.field}:${f.kind}`);

	it("should flag a value read two ways, naming both and the one kept, once", () => {
		const flags = ocrFlags([
			measure({
				baseline: [
					{
						...at,
						text: "17.7%",
						confidence: 91,
						readings: ["17.7%", "17,7%"],
					},
				],
				targetFullYear: [{ ...at, text: "60%", confidence: 95 }],
			}),
		]);
		expect(flags.map((f) => `${f.field}:${f.kind}`)).toEqual([
			"baseline:ocr-readings-differ",
		]);
		expect(flags[0]?.evidence).toEqual({
			readings: ["17.7%", "17,7%"],
			text: "17.7%",
		});
		expect(flags[0]?.message).toBe(
			'OCR read this value two ways: "17.7%", "17,7%"; "17.7%" is kept — check against the scan.',
		);
		expect(flags[0]?.prov).toEqual({ ...at, confidence: 91 });
	});

	it("should not flag a repair the constrained second reading gave as well, and flag one it did not", () => {
		const repaired = (agreed?: string) =>
			kinds(
				measure({
					performancePct: [
						{
							...at,
							text: "100%",
							confidence: 93,
							ocrRaw: "10096",
							repairs: [{ from: "10096", to: "100%", reason: "level" }],
							...(agreed ? { agreed } : {}),
						},
					],
				}),
			);
		expect(repaired("100%")).toEqual([]);
		expect(repaired()).toEqual(["performancePct:ocr-repaired"]);
		expect(repaired("10%")).toEqual(["performancePct:ocr-repaired"]);
	});

	it('should not flag a repair of a value the number normalizer reads the same before and after (a space before its "%")', () => {
		const repaired = (
			field: "baseline" | "performancePct",
			from: string,
			to: string,
		) =>
			kinds(
				measure({
					[field]: [
						{
							...at,
							text: to,
							confidence: 93,
							ocrRaw: from,
							repairs: [{ from, to, reason: "number" }],
						},
					],
				}),
			);
		expect(repaired("baseline", "25 %", "25%")).toEqual([]);
		expect(repaired("performancePct", "100 %", "100%")).toEqual([]);
		// another value, a value read otherwise, an item number (not a number's value)
		expect(repaired("baseline", "1 00%", "100%")).toEqual([
			"baseline:ocr-repaired",
		]);
		expect(repaired("baseline", "12%", "125")).toEqual([
			"baseline:ocr-repaired",
		]);
		expect(repaired("baseline", "4З", "43")).toEqual(["baseline:ocr-repaired"]);
		expect(
			kinds(
				measure({
					item: [
						{
							...at,
							text: "1.1",
							confidence: 93,
							ocrRaw: "1,1",
							repairs: [{ from: "1,1", to: "1.1", reason: "item number" }],
						},
					],
				}),
			),
		).toEqual(["item:ocr-repaired"]);
	});

	it("should ask once of a value repaired from one of its readings to another: the readings differ", () => {
		const value = (readings: string[], from: string, to: string) =>
			kinds(
				measure({
					baseline: [
						{
							...at,
							text: to,
							confidence: 93,
							ocrRaw: from,
							repairs: [{ from, to, reason: "read again" }],
							readings,
						},
					],
				}),
			);
		// our fax's 1.3: "50" read, "60" read again twice; "60" kept
		expect(value(["50", "60", "60"], "50", "60")).toEqual([
			"baseline:ocr-readings-differ",
		]);
		expect(value(["10096", "100%"], "100 96", "100%")).toEqual([
			"baseline:ocr-readings-differ",
		]);
		// a repair to a text no reading gave is a question of its own
		expect(value(["4З", "43"], "4З", "48")).toEqual([
			"baseline:ocr-repaired",
			"baseline:ocr-readings-differ",
		]);
	});

	it("should take two readings as the same value exactly when the normalizer gives one number for each and they are equal (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 100000 }),
				fc.constantFrom("", " "),
				fc.constantFrom("", "%"),
				fc.constantFrom("", " ", "  "),
				fc.integer({ min: 0, max: 100000 }),
				(a, s1, pct, s2, b) => {
					const x = `${a}${pct ? s1 : ""}${pct}`;
					const y = `${b}${pct ? s2 : ""}${pct}`;
					expect(sameValue(x, y)).toBe(a === b);
					// a "%" on one side only is another value
					if (pct) expect(sameValue(`${a}`, `${a}%`)).toBe(false);
				},
			),
			{ seed },
		);
		expect(sameValue("17,7 %", "17,7%")).toBe(true);
		expect(sameValue("1.276.0", "1.276.0")).toBe(false);
		expect(sameValue("8 м", "8")).toBe(false);
	});

	it("should flag a value a stamp or a pen mark was left out of", () => {
		expect(
			kinds(
				measure({
					targetHalfYear: [
						{ ...at, text: "50%", confidence: 96, marks: ["faint"] },
					],
				}),
			),
		).toEqual(["targetHalfYear:ocr-mark-over-value"]);
	});

	it("should flag a baseline or target that is not a number (a misread, marks read as letters), not a dash, a number or words", () => {
		const value = (...texts: string[]) =>
			kinds(
				measure({
					baseline: texts.map((text) => ({ ...at, text, confidence: 95 })),
				}),
			);
		expect(value("Х")).toEqual(["baseline:ocr-not-a-value"]);
		expect(value("90%", "~~")).toEqual(["baseline:ocr-not-a-value"]);
		expect(value("70%", "6")).toEqual(["baseline:ocr-not-a-value"]);
		expect(value("зо»")).toEqual(["baseline:ocr-not-a-value"]);
		// Each is told in Mongolian too, the value quoted as read.
		for (const f of ocrFlags([
			measure({
				baseline: [{ ...at, text: "Х", confidence: 95, marks: ["stroke"] }],
				targetHalfYear: [
					{ ...at, text: "5", confidence: 90, readings: ["2", "5"] },
				],
			}),
		])) {
			const mn = flagText("mn", f);
			expect(mn, f.kind).toMatch(/скантай тулгаж шалгана уу/);
			expect(mn, f.kind).not.toContain("{");
			expect(flagText("en", f)).toBe(f.message);
		}
		for (const fine of [
			["-"],
			["17,7%"],
			["1 000"],
			["56585"],
			["2 удаа"],
			["0"],
		])
			expect(value(...fine), fine.join(" ")).toEqual([]);
	});
});

const kinds1 = (provenance: Measure["provenance"]) =>
	ocrFlags([measure(provenance)]).map((f) => `${f.field}:${f.kind}`);

describe("ocrFlags on typed values two views agree on", () => {
	/** A row of quantities as stored (raw texts), one of them read with its provenance. */
	const row = (
		field: "baseline" | "targetHalfYear" | "targetFullYear",
		raws: [string, string, string],
		piece: Record<string, unknown>,
	): Measure => ({
		...measure({ [field]: [{ ...at, ...piece }] as never }),
		baseline: q(raws[0]),
		targetHalfYear: q(raws[1]),
		targetFullYear: q(raws[2]),
	});
	const low = (m: Measure) => ocrFlags([m]).map((f) => `${f.field}:${f.kind}`);

	it("should not ask of a value read below 80 that its constrained reading gave too, of its row's form", () => {
		// our fax's 4.2: "60%" at 79.5, a row of percents
		const full = (
			text: string,
			raws: [string, string, string],
			agreed?: string,
		) =>
			low(
				row("targetFullYear", raws, {
					text,
					confidence: 79.5,
					...(agreed !== undefined ? { agreed } : {}),
				}),
			);
		expect(full("60%", ["55%", "58%", "60%"], "60%")).toEqual([]);
		// no second reading recorded as agreeing, or one that gave another text
		expect(full("60%", ["55%", "58%", "60%"])).toEqual([
			"targetFullYear:ocr-low-confidence",
		]);
		expect(full("60%", ["55%", "58%", "60%"], "6%")).toEqual([
			"targetFullYear:ocr-low-confidence",
		]);
		// not of the row's form: a count among percents, a percent over 100, a leading zero
		expect(full("60", ["55%", "58%", "60"], "60")).toEqual([
			"targetFullYear:ocr-low-confidence",
		]);
		expect(full("600%", ["55%", "58%", "600%"], "600%")).toEqual([
			"targetFullYear:ocr-low-confidence",
		]);
		// variant 1's 4.6: "02" for "43%", read so twice at 46.8
		expect(
			low(
				row("baseline", ["02", "60%", "80%"], {
					text: "02",
					confidence: 46.8,
					agreed: "02",
				}),
			),
		).toEqual(["baseline:ocr-low-confidence"]);
		// a count among counts (2.5's "125" among "130", "135")
		expect(
			low(
				row("baseline", ["125", "130", "135"], {
					text: "125",
					confidence: 67,
					agreed: "125",
				}),
			),
		).toEqual([]);
		// a mark over the value is its own question and keeps the doubt
		expect(
			low(
				row("targetFullYear", ["55%", "58%", "60%"], {
					text: "60%",
					confidence: 79.5,
					agreed: "60%",
					marks: ["stroke"],
				}),
			),
		).toEqual([
			"targetFullYear:ocr-low-confidence",
			"targetFullYear:ocr-mark-over-value",
		]);
	});

	it("should not ask of a performance level both readings give as one of the levels, and ask of any other", () => {
		const level = (text: string, agreed?: string) =>
			kinds1({
				performancePct: [
					{
						...at,
						text,
						confidence: 12.5,
						...(agreed !== undefined ? { agreed } : {}),
					},
				],
			});
		expect(level("100%", "100%")).toEqual([]);
		expect(level("100%")).toEqual(["performancePct:ocr-low-confidence"]);
		expect(level("60%", "60%")).toEqual(["performancePct:ocr-low-confidence"]);
	});

	it("should judge a value's form by its row: the other target, or both targets for a baseline (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999 }),
				fc.boolean(),
				fc.array(
					fc.record({ n: fc.integer({ min: 1, max: 999 }), pct: fc.boolean() }),
					{ minLength: 2, maxLength: 2 },
				),
				fc.constantFrom("baseline", "targetHalfYear", "targetFullYear"),
				(n, pct, peers, field) => {
					const raws = peers.map((p) => `${p.n}${p.pct ? "%" : ""}`);
					const m = {
						baseline: q(field === "baseline" ? "" : (raws[0] as string)),
						targetHalfYear: q(
							field === "targetHalfYear"
								? ""
								: (raws[field === "baseline" ? 0 : 1] as string),
						),
						targetFullYear: q(
							field === "targetFullYear" ? "" : (raws[1] as string),
						),
					};
					// a target's peer is the other target (raws[1]); a baseline's, both
					const used =
						field === "baseline" ? peers : [peers[1] as (typeof peers)[0]];
					const text = `${n}${pct ? "%" : ""}`;
					const got = ofRowForm(m, field, text);
					if (used.some((p) => p.pct !== used[0]?.pct))
						expect(got).toBeUndefined();
					else expect(got).toBe(pct === used[0]?.pct);
					// a leading zero is of no form
					expect(ofRowForm(m, field, `0${text}`)).not.toBe(true);
				},
			),
			{ seed },
		);
		expect(
			ofRowForm(
				{ baseline: q(""), targetHalfYear: q(""), targetFullYear: q("") },
				"baseline",
				"12",
			),
		).toBeUndefined();
	});

	it("should not ask of a sure value whose second reading gave nothing, and ask when it is unsure or of another form (property)", () => {
		// our fax v2's 5.1: "6" read, the gray view's constrained reading ""
		const counts = {
			baseline: q("6"),
			targetHalfYear: q("2"),
			targetFullYear: q("6"),
		};
		const six = { text: "6", readings: ["6", ""], confidence: 95.1 };
		expect(secondReadNothing(counts, "baseline", six, 80)).toBe(true);
		expect(ocrFlags([measure({ baseline: [{ ...at, ...six }] })])).toEqual([]);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999 }),
				fc.boolean(),
				fc.double({ min: 0, max: 100, noNaN: true }),
				fc.constantFrom("", " ", "7", "6%"),
				fc.constantFrom("baseline", "targetHalfYear", "activity"),
				(n, pct, confidence, second, field) => {
					const text = `${n}${pct ? "%" : ""}`;
					const m = {
						baseline: q("1"),
						targetHalfYear: q("2"),
						targetFullYear: q("6"),
					};
					const got = secondReadNothing(
						m,
						field,
						{ text, readings: [text, second], confidence },
						80,
					);
					expect(got).toBe(
						second.trim() === "" &&
							confidence >= 80 &&
							field !== "activity" &&
							!pct,
					);
				},
			),
			{ seed },
		);
	});

	it("should not ask of a value whose two later views agree against a first reading not of its row's form", () => {
		const three = (
			readings: string[],
			text: string,
			raws: [string, string, string],
		) =>
			low(
				row("baseline", raws, {
					text,
					confidence: 95.5,
					readings,
					ocrRaw: readings[0],
					repairs: [{ from: readings[0], to: text, reason: "read again" }],
				}),
			);
		// our fax's 2.5: "12%" read, "125" twice, in a row of counts
		expect(three(["12%", "125", "125"], "125", ["125", "130", "135"])).toEqual(
			[],
		);
		// the first of the row's form (1.3: "50", "60", "60"): a question
		expect(three(["50", "60", "60"], "60", ["60", "80", "100"])).toEqual([
			"baseline:ocr-readings-differ",
		]);
		// the two agree on a value not of the row's form (4.7: "17,796" among percents)
		expect(
			three(["17,795", "17,796", "17,796"], "17,796", ["17,796", "30%", "60%"]),
		).toEqual(["baseline:ocr-readings-differ"]);
		// two readings only, or the later two disagreeing (6.2: "8", "5", "8")
		expect(three(["12%", "125"], "125", ["125", "130", "135"])).toEqual([
			"baseline:ocr-readings-differ",
		]);
		expect(three(["8", "5", "8"], "8", ["8", "8", "10"])).toEqual([
			"baseline:ocr-readings-differ",
		]);
		// our fax v2's 4.14: the gray view's "%" read as one digit, the page and the smoothed
		// view agree on the percent
		expect(three(["50%", "509", "50%"], "50%", ["50%", "50%", "100%"])).toEqual(
			[],
		);
		// the same, the odd one of the row's form: a question
		expect(three(["50%", "60%", "50%"], "50%", ["50%", "50%", "100%"])).toEqual(
			["baseline:ocr-readings-differ"],
		);
		expect(
			outlierSettled(
				{
					baseline: q(""),
					targetHalfYear: q("90%"),
					targetFullYear: q("100%"),
				},
				"targetHalfYear",
				{ text: "90%", readings: ["3095", "90%", "90%"] },
			),
		).toBe(true);
		expect(
			agreedOfForm(
				{
					baseline: q(""),
					targetHalfYear: q("90%"),
					targetFullYear: q("100%"),
				},
				"activity",
				{ text: "90%", agreed: "90%" },
			),
		).toBe(false);
	});
});

describe("ocrFlags on Latin words in a Cyrillic text", () => {
	const flagsOf = (word: string, confidence: number, squeeze?: number) =>
		ocrFlags([
			measure({
				achievement: [
					{
						...at,
						text: `${word} системээр захирамж`,
						confidence: 90,
						...(squeeze !== undefined ? { squeeze } : {}),
						lowWords: [{ text: word, confidence }],
					},
				],
			}),
		]).filter((f) => f.kind === "ocr-low-confidence");

	it("should judge a Latin word by its own threshold, a Cyrillic one by the full one", () => {
		expect(latinWord("eoffice.baiahongor.gov.mn")).toBe(true);
		expect(latinWord("able")).toBe(true);
		expect(latinWord("E-Mongoha")).toBe(true);
		expect(latinWord("бауанПопдоав.доу.лап")).toBe(false);
		expect(latinWord("TOO")).toBe(false);
		expect(latinWord("Il")).toBe(false);
		// letters that all have Cyrillic twins: maybe a Cyrillic word misread ("Yoo" for "тоо")
		expect(latinWord("Yoo")).toBe(false);
		expect(latinWord("Toot")).toBe(false);
		expect(flagsOf("Yoo", 80)).toHaveLength(1);
		// our fax's 2.6: the address read at 78 and 84, right
		expect(flagsOf("eoffice.baiahongor.gov.mn", 78)).toEqual([]);
		// our fax's 4.12: "E-Mongoha" at 64, wrong
		expect(flagsOf("E-Mongoha", 64).map((f) => f.item)).toEqual(["3.2"]);
		// a Cyrillic word at 78 still asks; a squeezed reading keeps its own threshold
		expect(flagsOf("системээр", 78)).toHaveLength(1);
		expect(flagsOf("eoffice.baiahongor.gov.mn", 90, 0.75)).toHaveLength(1);
		// a piece of that word alone, its mean the word's: not doubted as a whole either
		const alone = ocrFlags([
			measure({
				activity: [
					{
						...at,
						text: "eoffice.baiahongor.gov.mn",
						confidence: 78,
						lowWords: [{ text: "eoffice.baiahongor.gov.mn", confidence: 78 }],
					},
				],
			}),
		]);
		expect(alone).toEqual([]);
	});

	it("should flag a word exactly below its kind's threshold (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 89 }),
				fc.constantFrom("shilen.gov.mn", "able", "шилэн", "Toot", "Yoo"),
				(c, w) => {
					const limit = latinWord(w)
						? WORD_CONFIDENCE.latin
						: WORD_CONFIDENCE.full;
					expect(flagsOf(w, c).length).toBe(c < limit ? 1 : 0);
				},
			),
			{ seed },
		);
	});
});

describe("ocrFlags on a text read squeezed", () => {
	const word = (confidence: number, squeeze?: number) =>
		ocrFlags([
			measure({
				achievement: [
					{
						...at,
						text: "Ниншя Хүй",
						confidence: 95,
						lowWords: [{ text: "Ниншя", confidence }],
						...(squeeze !== undefined ? { squeeze } : {}),
					},
				],
			}),
		]).filter((f) => f.kind === "ocr-low-confidence");

	it("should flag a squeezed word read at 91 (its threshold 92), and not the same word read at 91 full width (85)", () => {
		expect(WORD_CONFIDENCE).toEqual({
			full: 85,
			squeezed: 92,
			latin: 75,
			gray: 91,
		});
		expect(word(91, 0.75)).toHaveLength(1);
		expect(word(91, 0.75)[0]?.evidence).toMatchObject({
			words: ["Ниншя"],
			confidence: 91,
		});
		expect(word(91)).toHaveLength(0);
		expect(word(91, 1)).toHaveLength(0);
		expect(word(92, 0.75)).toHaveLength(0);
		expect(word(84.9)).toHaveLength(1);
	});

	it("should flag a word exactly when it is read under its reading's threshold", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1000 }).map((c) => c / 10),
				fc.constantFrom(undefined, 1, 0.5, 0.65, 0.75, 0.9),
				(confidence, squeeze) => {
					const min =
						squeeze !== undefined && squeeze < 1
							? WORD_CONFIDENCE.squeezed
							: WORD_CONFIDENCE.full;
					const flags = word(confidence, squeeze);
					expect(flags).toHaveLength(confidence < min ? 1 : 0);
					if (flags[0])
						expect(flags[0].evidence).toMatchObject({ words: ["Ниншя"] });
				},
			),
			{ seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
		);
	});

	it("should take thresholds given by the caller for either reading", () => {
		const at90 = (squeeze?: number) =>
			ocrFlags(
				[
					measure({
						activity: [
							{
								...at,
								text: "Сайн",
								confidence: 95,
								lowWords: [{ text: "Сайн", confidence: 90 }],
								...(squeeze ? { squeeze } : {}),
							},
						],
					}),
				],
				{ minWordConfidence: 80, minSqueezedWordConfidence: 93 },
			).length;
		expect(at90()).toBe(0);
		expect(at90(0.75)).toBe(1);
	});

	it("should keep in the provenance every word a squeezed reading's threshold can flag", () => {
		expect(keptWordsBelow(undefined)).toBe(90);
		expect(keptWordsBelow(1)).toBe(90);
		expect(keptWordsBelow(0.75)).toBeGreaterThan(WORD_CONFIDENCE.squeezed);
	});
});

describe("ocrFlags on what the report vouches for", () => {
	/** Items whose narratives hold `word` read surely, once each. */
	const surely = (word: string, n: number): Measure[] =>
		Array.from({ length: n }, (_, k) => ({
			...measure({
				achievement: [
					{ ...at, text: `Мөн ${word} албан хаагч`, confidence: 95 },
				],
			}),
			item: `6.${k + 3}`,
		}));
	/** Our fax v0's 6.2: "төрийн" read "терийн", read again from a soft view "төрийн". */
	const repaired = (field: "achievement" | "indicator" = "achievement") => ({
		...measure({
			[field]: [
				{
					...at,
					text: '"Ёс зүйтэй төрийн албан хаагч" захидлын аян',
					confidence: 96,
					ocrRaw: '"Ёс зүйтэй терийн албан хаагч" захидлын аян',
					repairs: [
						{
							from: "терийн",
							to: "төрийн",
							reason:
								"the word read again from a soft view of its own pixels (enlarged twice and blurred)",
						},
					],
				},
			],
		}),
		item: "6.2",
	});
	const flagsOf = (measures: Measure[]) =>
		ocrFlags(measures)
			.filter((f) => f.item === "6.2")
			.map((f) => `${f.field}:${f.kind}`);

	it("should not ask of a narrative's word repaired to one the report reads surely twice elsewhere, from one it never reads surely", () => {
		expect(flagsOf([repaired(), ...surely("төрийн", 2)])).toEqual([]);
		// Read surely once elsewhere, or the word replaced read surely somewhere: still asked.
		expect(flagsOf([repaired(), ...surely("төрийн", 1)])).toEqual([
			"achievement:ocr-repaired",
		]);
		expect(
			flagsOf([repaired(), ...surely("төрийн", 2), ...surely("терийн", 1)]),
		).toEqual(["achievement:ocr-repaired"]);
		// An indicator's words decide its values' unit: its repairs are always asked about.
		expect(flagsOf([repaired("indicator"), ...surely("төрийн", 3)])).toEqual([
			"indicator:ocr-repaired",
		]);
	});

	it("should take a repair as vouched for exactly when its word is read surely twice elsewhere and the word it replaces nowhere (property)", () => {
		fc.assert(
			fc.property(
				fc.nat({ max: 4 }),
				fc.nat({ max: 2 }),
				fc.constantFrom("төрийн", "газрын", "ажиллагааны", "мөн"),
				(elsewhere, fromSure, to) => {
					const from = `${to}ъ`;
					const sure = new Map([
						[to, elsewhere + 1],
						[from, fromSure],
					]);
					expect(
						corroborated({ from, to }, { text: `Мөн ${to} аян` }, sure),
					).toBe(
						elsewhere >= SURE_ELSEWHERE && fromSure === 0 && to.length >= 3,
					);
				},
			),
			{ seed },
		);
		// Several words, or a word without three letters, are never vouched for.
		const sure = new Map([
			["төрийн албан", 5],
			["12", 5],
		]);
		expect(
			corroborated(
				{ from: "терийн албан", to: "төрийн албан" },
				{ text: "" },
				sure,
			),
		).toBe(false);
		expect(corroborated({ from: "1Z", to: "12" }, { text: "" }, sure)).toBe(
			false,
		);
	});

	it("should not ask of a budget read as a dash alone at confidence 0, and ask of any other doubted budget or value", () => {
		// Our fax v0's 4.14, v1's 4.2: a printed dash smaller than printed after faxing.
		const dash = {
			...at,
			text: "-",
			confidence: 0,
			lowWords: [{ text: "-", confidence: 0 }],
		};
		expect(budgetDash([dash], dash)).toBe(true);
		expect(kinds1({ budget: [dash] })).toEqual([]);
		// A dash among other pieces (a row joined to the next) is still asked about.
		expect(kinds1({ budget: [dash, dash] })).toEqual([
			"budget:ocr-low-confidence",
		]);
		// Ink no reading made anything of, and a doubted amount, are asked about.
		expect(
			kinds1({
				budget: [
					{ ...dash, text: "?", lowWords: [{ text: "?", confidence: 0 }] },
				],
			}),
		).toEqual(["budget:ocr-low-confidence"]);
		expect(
			kinds1({
				budget: [
					{
						...at,
						text: "220 сая ОНХС",
						confidence: 88,
						lowWords: [{ text: "ОНХС", confidence: 70 }],
					},
				],
			}),
		).toEqual(["budget:ocr-low-confidence"]);
		// A value's dash at 0 is asked about: a 4 × 1 speck in copier v3's empty 6.5 baseline.
		expect(kinds1({ baseline: [dash] })).toEqual([
			"baseline:ocr-low-confidence",
		]);
	});
});

describe("words read from a smoothed page's gray view", () => {
	const text = (words: { text: string; confidence: number }[], view?: "gray") =>
		measure({
			activity: [
				{
					...at,
					text: words.map((w) => w.text).join(" "),
					confidence: 93,
					lowWords: words.filter((w) => w.confidence < 90),
					...(view ? { view } : {}),
				},
			],
		});
	it("should flag a word the gray view read at 86–90 that the full threshold lets pass", () => {
		// The other maker's fax: 4.1's "үсийн" for "үеийн" at 88, its only doubt.
		const words = [
			{ text: "Цаг", confidence: 95 },
			{ text: "үсийн", confidence: 88 },
			{ text: "шинж", confidence: 96 },
		];
		const gray = ocrFlags([text(words, "gray")]);
		expect(gray.map((f) => [f.kind, f.evidence.words])).toEqual([
			["ocr-low-confidence", ["үсийн"]],
		]);
		// The same words read from any other view keep the full threshold (85).
		expect(ocrFlags([text(words)])).toEqual([]);
	});
	it("should judge a gray view's word by WORD_CONFIDENCE.gray and any other by the full threshold (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 89 }),
				fc.boolean(),
				(confidence, gray) => {
					const flags = ocrFlags([
						text(
							[
								{ text: "Сургалтын", confidence: 96 },
								{ text: "зохион", confidence },
							],
							gray ? "gray" : undefined,
						),
					]);
					const min = gray ? WORD_CONFIDENCE.gray : WORD_CONFIDENCE.full;
					expect(flags.length).toBe(confidence < min ? 1 : 0);
				},
			),
			{ seed, numRuns: 200 },
		);
	});
	it("should not doubt a gray view's piece as a whole for a mean under the gray threshold when no word is doubtful", () => {
		const m = measure({
			activity: [
				{ ...at, text: "Сургалтын зохион", confidence: 90.5, view: "gray" },
			],
		});
		expect(ocrFlags([m])).toEqual([]);
	});
});
