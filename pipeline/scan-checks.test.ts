import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flagText } from "../messages/flag-text.ts";
import { parseBudget } from "../normalizers/budget.ts";
import { parseQuantity } from "../normalizers/units.ts";
import { ocrFlags } from "./ocr-flags.ts";
import type { Flag, Measure } from "./records.ts";
import {
	brokenWords,
	budgetFlags,
	EARLIEST_YEAR,
	endsInNumber,
	latinAsCyrillic,
	scanHolds,
	stopsAsCommas,
	strayLetters,
	strayMarks,
	textFlags,
	UNRELIABLE_SHARE,
	unitFlags,
	unlikelyYears,
	unpairedQuotes,
	unpairedSlashes,
	valueWordFlags,
	YEARS_AHEAD,
} from "./scan-checks.ts";

const at = {
	file: "scan.tif",
	page: 3,
	bbox: [10, 20, 300, 80] as [number, number, number, number],
};

/** An item as the pipeline makes it: values parsed under the indicator as read. */
function measure(
	item: string,
	indicator: string,
	values: [string, string, string],
	indicatorConfidence = 95,
): Measure {
	const [b, h, f] = values.map((v) => parseQuantity(v, indicator).quantity);
	const piece = (text: string) => [{ ...at, text, confidence: 93 }];
	return {
		item,
		goal: 1,
		activity: "Хөтөлбөр батлуулах",
		budget: { raw: "-", amountMnt: null, source: null },
		indicator,
		baseline: b as Measure["baseline"],
		targetHalfYear: h as Measure["targetHalfYear"],
		targetFullYear: f as Measure["targetFullYear"],
		achievement: "",
		performancePct: 100,
		provenance: {
			indicator: [
				{
					...at,
					text: indicator,
					confidence: indicatorConfidence,
					...(indicatorConfidence < 85
						? {
								lowWords: indicator
									.split(" ")
									.map((w) => ({ text: w, confidence: indicatorConfidence })),
							}
						: {}),
				},
			],
			baseline: piece(values[0]),
			targetHalfYear: piece(values[1]),
			targetFullYear: piece(values[2]),
		},
	};
}

describe("unitFlags", () => {
	it("should flag a plain number under an indicator read surely that ends in a number where its unit word stands", () => {
		// The other maker's fax, 4.19 read from the gray view: "Баримтын тоо" read "Баримтын 760" at 93.
		const m = measure("4.19", "Баримтын 760", ["0", "544", "1032"]);
		expect(ocrFlags([m])).toEqual([]);
		const flags = unitFlags([m], ocrFlags([m]));
		expect(
			flags.map((f) => [f.field, f.kind, f.evidence.endsInNumber]),
		).toEqual([
			["baseline", "ocr-unit-unread", true],
			["targetHalfYear", "ocr-unit-unread", true],
			["targetFullYear", "ocr-unit-unread", true],
		]);
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
		expect(flagText("mn", flags[0] as Flag)).toContain('"0"');
		expect(flags[0]?.message).toContain("ends in a number");
		// A percent read with its sign keeps its unit: nothing to ask.
		const pct = measure("4.19", "Баримтын 760", ["0%", "50%", "90%"]);
		expect(unitFlags([pct], ocrFlags([pct]))).toEqual([]);
	});

	it("should tell an indicator ending in a misread unit word from one ending in a mark or a lone digit", () => {
		expect(endsInNumber("Баримтын 760")).toBe(true);
		expect(endsInNumber("Үйл ажиллагааны 417")).toBe(true);
		expect(endsInNumber("Уламжилсан иргэдийн 100 !")).toBe(true);
		// A speck read as "1" after a ruling's bar; a number inside the text; words only.
		expect(endsInNumber('чадвар нь 30 хувь "дээшилсэн байна. | 1')).toBe(false);
		expect(endsInNumber("Мэдлэг чадвар нь 30 хувь дээшилсэн байна.")).toBe(
			false,
		);
		expect(endsInNumber("Баримтын тоо")).toBe(false);
		expect(endsInNumber("760")).toBe(false);
	});

	it("should not count an indicator's repair that only cut a ruling's remnant off its end as a doubt of its unit", () => {
		const m = measure("4.14", "Иргэний гомдлыг мэдэгдэх", [
			"162",
			"170",
			"180",
		]);
		const cut: Flag = {
			kind: "ocr-repaired",
			severity: "warning",
			item: "4.14",
			field: "indicator",
			message: "",
			evidence: {
				repairs: [
					{
						from: "Иргэний гомдлыг мэдэгдэх ! |",
						to: "Иргэний гомдлыг мэдэгдэх",
					},
				],
			},
			prov: null,
		};
		expect(unitFlags([m], [cut])).toEqual([]);
		// A repair that changed a word is a doubt of the unit as before.
		const word: Flag = {
			...cut,
			evidence: {
				repairs: [{ from: "Иргэний гомдлыг тод", to: "Иргэний гомдлыг тоо" }],
			},
		};
		expect(unitFlags([m], [word])).toHaveLength(3);
	});

	it("should flag each plain number left without a unit under an indicator read with doubt", () => {
		// "иргэдийн тоо" read "иргэдийн тоu": the count is lost, the values stored without a unit
		const m = measure(
			"2.2",
			"Уламжилсан иргэдийн тоu",
			["415", "150", "300%"],
			60,
		);
		expect(m.baseline.unit).toBeNull();
		const flags = unitFlags([m], ocrFlags([m]));
		expect(flags.map((f) => `${f.field}:${f.kind}`)).toEqual([
			"baseline:ocr-unit-unread",
			"targetHalfYear:ocr-unit-unread",
		]);
		expect(flags[0]?.prov).toEqual(at);
		expect(flagText("mn", flags[0] as Flag)).toContain('"415"');
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
	});

	it("should flag values under an indicator read empty, and none under one read surely", () => {
		const empty = measure("4.6", "", ["43", "60", "80"]);
		expect(unitFlags([empty], ocrFlags([empty]))).toHaveLength(3);
		// read surely: no unit named is the indicator's own wording ("Жагсаалт", 2.5 of the gold)
		const sure = measure("2.5", "Жагсаалт", ["125", "130", "135"]);
		expect(unitFlags([sure], ocrFlags([sure]))).toEqual([]);
		// doubtful, but the unit was found ("тоо"): nothing to flag
		const found = measure("1.1", "Хөтөлбөрийн тоо", ["3", "3", "4"], 60);
		expect(found.baseline.unit).toBe("count");
		expect(unitFlags([found], ocrFlags([found]))).toEqual([]);
	});

	it("should leave the unit as read when the indicator's doubt names only words no unit word is misread as", () => {
		const ocr = (words: string[], field = "indicator"): Flag => ({
			kind: "ocr-low-confidence",
			severity: "warning",
			item: "4.14",
			field,
			message: "",
			evidence: { words },
			prov: null,
		});
		// the fax's 4.14: a speck read "Р" after the indicator, read in doubt; "162" a plain count
		const speck = measure(
			"4.14",
			"Иргэний гомдлыг шийдвэрлэж хариуг мэдэгдэх Р",
			["162", "170", "180"],
		);
		expect(unitFlags([speck], [ocr(["Р"])])).toEqual([]);
		expect(unitFlags([speck], [ocr(["Ї", "|", "мэдэгдэх"])])).toEqual([]);
		// a word that may be "тоо" or "хувь" misread, a doubt naming no word, any other flag
		// on the indicator: the unit stays in question
		for (const doubt of [
			ocr(["тоu"]),
			ocr(["TOO,"]),
			ocr(["хуьв"]),
			ocr(["баримтынтоu"]),
			// the other maker's fax, 2.2: "тоо" read "100"
			ocr(["“Үламжилсан", "100"]),
			ocr([]),
			{ ...ocr([]), kind: "row-joined", evidence: {} },
		])
			expect(
				unitFlags([speck], [doubt]).map((f) => f.field),
				JSON.stringify(doubt.evidence),
			).toEqual(["baseline", "targetHalfYear", "targetFullYear"]);
		// a doubt on another field says nothing of the unit
		expect(unitFlags([speck], [ocr(["тоu"], "activity")])).toEqual([]);
	});
});

describe("scanHolds", () => {
	const flag = (item: string, field: string): Flag => ({
		kind: "ocr-low-confidence",
		severity: "warning",
		item,
		field,
		message: "",
		evidence: {},
		prov: null,
	});
	const items = Array.from({ length: 10 }, (_, i) =>
		measure(`1.${i + 1}`, "Хөтөлбөрийн тоо", ["1", "2", "3"]),
	);

	it("should hold a scan with 30% of its table's fields flagged, and not one below", () => {
		const fields = ["activity", "indicator", "baseline"];
		// 10 items × 9 fields = 90; 27 distinct fields flagged = 30%
		const flags = items
			.flatMap((m) => fields.map((f) => flag(m.item, f)))
			.slice(0, 27);
		expect(27 / 90).toBe(UNRELIABLE_SHARE);
		const [hold] = scanHolds(items, flags);
		expect(hold?.kind).toBe("scan-unreliable");
		expect(hold?.evidence).toEqual({ flagged: 27, fields: 90, percent: 30 });
		// the same field flagged twice counts once; flags off the table count not at all
		const fewer = [
			...flags.slice(0, 26),
			flag("1.1", "activity"),
			{ ...flag("1.1", "activity"), item: null },
			flag("9.9", "baseline"),
		];
		expect(scanHolds(items, fewer)).toEqual([]);
	});

	it("should render the hold's flag in both languages, saying the report is held", () => {
		const [hold] = scanHolds(
			items,
			items
				.map((m) => flag(m.item, "activity"))
				.concat(
					items.map((m) => flag(m.item, "budget")),
					items.map((m) => flag(m.item, "indicator")),
				),
		);
		const asFlag = {
			kind: "scan-unreliable",
			item: null,
			field: null,
			message: hold?.message ?? "",
			evidence: { ...hold?.evidence, hold: true },
		};
		expect(flagText("mn", asFlag)).toMatch(
			/^Төлөвлөгөөний хүснэгтийн 90 талбарын 30 \(33%\).*Хүн хүлээн/u,
		);
		expect(flagText("en", asFlag)).toBe(hold?.message);
	});
});

describe("budgetFlags", () => {
	it("should flag a budget amount too small for its scale word to have been read, and not a budget read whole", () => {
		const m = (raw: string) => ({
			...measure("2.3", "Хувь", ["0", "50", "60"]),
			budget: parseBudget(raw).budget,
		});
		const [flag] = budgetFlags([m("220 саа ОЧХС")]);
		expect(flag?.kind).toBe("ocr-budget-scale");
		expect(flag?.evidence).toEqual({ text: "220 саа ОЧХС", amountMnt: 220 });
		expect(flagText("mn", flag as Flag)).toContain("220 ₮");
		expect(flagText("en", flag as Flag)).toBe(flag?.message);
		expect(
			budgetFlags([
				m("220 сая ОНХС"),
				m("500 мянга"),
				m("-"),
				m("Байгууллагын төсөв"),
			]),
		).toEqual([]);
	});

	it("should flag a budget read as a mark that is not a dash (a broken dash read as a dot)", () => {
		const dot = {
			...measure("4.1", "Тоо", ["0", "2", "3"]),
			budget: parseBudget(".").budget,
		};
		const [flag] = budgetFlags([dot]);
		expect(flag?.evidence).toEqual({ text: ".", mark: true });
		expect(flagText("mn", flag as Flag)).toContain('"."');
		expect(flagText("en", flag as Flag)).toBe(flag?.message);
	});
});

describe("valueWordFlags", () => {
	it("should flag a value holding a number and words, and not a number or a level written out", () => {
		const m = measure("4.5", "Хувь", [
			"100%",
			"100% Хагас жил",
			"80 Хагас жал 3 1",
		]);
		const flags = valueWordFlags([m]);
		expect(flags.map((f) => f.field)).toEqual([
			"targetHalfYear",
			"targetFullYear",
		]);
		expect(flagText("mn", flags[0] as Flag)).toContain("100% Хагас жил");
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
		const words = measure("4.5", "Хувь", ["100%", "-", "Хугацаа болоогүй"]);
		expect(valueWordFlags([words])).toEqual([]);
	});
});

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);

/** The gold report's text fields (activity, indicator, narrative), as typed from the page. */
function goldTexts(): { item: string; field: string; text: string }[] {
	const gold = JSON.parse(
		readFileSync(
			new URL("../fixtures/pdf/gold/expected.json", import.meta.url),
			"utf8",
		),
	) as { measures: Record<string, unknown>[] };
	return gold.measures.flatMap((m) =>
		(["activity", "indicator", "achievement"] as const).map((field) => ({
			item: String(m.item),
			field,
			text: String(m[field] ?? ""),
		})),
	);
}

describe("unlikelyYears", () => {
	it("should name a year out of range before он/оны/онд, and no year the report can name", () => {
		expect(
			unlikelyYears("Аймгийн 2324 оны төсвийн тухай 2024 оны шийдвэр", 2024),
		).toEqual(["2324 оны"]);
		expect(unlikelyYears("2024-2124 онд хэрэгжүүлэх", 2024)).toEqual([
			"2024-2124 онд",
		]);
		expect(unlikelyYears("1824 оноос хойш", 2024)).toEqual(["1824 оноос"]);
		// Not a year phrase: a count, a number before another word, "онцгой".
		expect(unlikelyYears("2324 хүн, 9001 стандарт, 3000 онцгой", 2024)).toEqual(
			[],
		);
		// Plans to 2050 ("Алсын хараа 2050") and an old law are named.
		expect(
			unlikelyYears("2050 он хүртэл, 1992 оны Үндсэн хууль", 2024),
		).toEqual([]);
		// No report year known: up to 2100.
		expect(unlikelyYears("2099 он, 2324 он", null)).toEqual(["2324 он"]);
	});

	it("should flag exactly the years outside [1900, year + 30] (property)", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1000, max: 9999 }),
				fc.integer({ min: 2000, max: 2060 }),
				fc.constantFrom("он", "оны", "онд", "оноос", "оныг"),
				(y, year, word) => {
					const found = unlikelyYears(`Тайлан: ${y} ${word} ажил.`, year);
					const out = y < EARLIEST_YEAR || y > year + YEARS_AHEAD;
					expect(found).toEqual(out ? [`${y} ${word}`] : []);
				},
			),
			{ seed, numRuns: 300 },
		);
	});

	it("should find no year out of range in the gold report's text", () => {
		for (const { text } of goldTexts())
			expect(unlikelyYears(text, 2024)).toEqual([]);
	});
});

describe("latinAsCyrillic", () => {
	it("should name a Cyrillic word of Latin twins where a Latin name stands", () => {
		expect(
			latinAsCyrillic("системээр дамжуулан раг файл үүсгэн цахимд шивж"),
		).toEqual(["раг"]);
		expect(latinAsCyrillic("ОСО 9001:2015 стандартын дагуу")).toEqual(["ОСО"]);
		expect(latinAsCyrillic("www.baiahongor.gov.mn сайтад ррр хаягаар")).toEqual(
			["ррр"],
		);
		expect(latinAsCyrillic("мэдээллийг ERP рос системд")).toEqual(["рос"]);
	});

	it("should not name ordinary words of the same letters before Mongolian words", () => {
		expect(
			latinAsCyrillic(
				"хагас жилийн арга хэмжээг сар бүр аар заасан 2 га газарт ХХК шалгарч 2024 оны",
			),
		).toEqual([]);
	});

	it("should flag a twin word before a word naming a file or a system, and none before other words (property)", () => {
		const twin = fc
			.array(fc.constantFrom(..."аеорсухгкп"), { minLength: 2, maxLength: 4 })
			.map((cs) => cs.join(""));
		const mongolian = fc.constantFrom(
			"жилийн",
			"хэмжээг",
			"зүйгээр",
			"бүр",
			"газарт",
			"хүртэл",
			"ажлын",
		);
		const name = fc.constantFrom("файл", "системээр", "хаягаар", "форматаар");
		fc.assert(
			fc.property(twin, mongolian, name, (w, other, n) => {
				expect(latinAsCyrillic(`Тайлан ${w} ${other} хийсэн.`)).toEqual([]);
				expect(latinAsCyrillic(`Тайлан ${w} ${n} хийсэн.`)).toEqual([w]);
			}),
			{ seed, numRuns: 200 },
		);
	});

	it("should name in the gold report's text only its ERP typed in Cyrillic letters", () => {
		const named = goldTexts().flatMap((t) => latinAsCyrillic(t.text));
		expect(named).toEqual(["егр"]);
	});
});

describe("textFlags", () => {
	it("should raise one flag per question on the field, each with the piece it was read in", () => {
		const m: Measure = {
			...measure("4.16", "Хувь", ["90%", "90%", "100%"]),
			activity: "системээр дамжуулан раг файл үүсгэн",
			achievement: "2024 оны ажил.\n2324 оны төсөв",
		};
		m.provenance = {
			...m.provenance,
			activity: [{ ...at, text: m.activity, confidence: 96 }],
			achievement: [
				{ ...at, page: 4, text: "2024 оны ажил.", confidence: 96 },
				{ ...at, page: 5, text: "2324 оны төсөв", confidence: 96 },
			],
		};
		const flags = textFlags([m], 2024);
		expect(flags.map((f) => [f.kind, f.field, f.prov?.page])).toEqual([
			["ocr-latin-as-cyrillic", "activity", 3],
			["ocr-year-unlikely", "achievement", 5],
		]);
		for (const f of flags) expect(flagText("en", f)).toBe(f.message);
		expect(flagText("mn", flags[1] as Flag)).toContain('"2324 оны"');
		expect(textFlags([measure("1.1", "Хувь", ["1", "2", "3"])], 2024)).toEqual(
			[],
		);
	});
});

describe("strayLetters", () => {
	it("should name a word of one small letter, not the particles ч and л, a list's letter or an abbreviation", () => {
		expect(strayLetters("удирдлага арга зүйгээр хангах м")).toEqual(["м"]);
		expect(
			strayLetters(
				"нэг ч зөрчил гараагүй, ганц л удаа; а) сургалт, т.м. г.м. Б. Бат",
			),
		).toEqual([]);
	});

	it("should name no word of the gold report's text", () => {
		for (const { text } of goldTexts()) expect(strayLetters(text)).toEqual([]);
	});
});

describe("stopsAsCommas", () => {
	it("should name a finite verb with a comma before a capital, not a participle or a list", () => {
		expect(
			stopsAsCommas(
				"Тайланг хугацаанд нь тайлагнана, Аймгийн Засаг дарга хийв, Төв",
			),
		).toEqual(["тайлагнана,", "хийв,"]);
		expect(
			stopsAsCommas(
				"хуралдаанаар батлагдсан, Эрдэнэ сумын; байна, цаашид хянана, шалгана.",
			),
		).toEqual([]);
	});

	it("should name no word of the gold report's text", () => {
		for (const { text } of goldTexts()) expect(stopsAsCommas(text)).toEqual([]);
	});
});

describe("brokenWords", () => {
	it("should name a word beginning with й, ь, ъ or ы, and no word of the gold report's text", () => {
		expect(brokenWords("shilen.go .mn сист M йн үнэлг эний хувиар")).toEqual([
			"йн",
		]);
		expect(brokenWords("Йн, ьаа «ы")).toEqual(["Йн,", "ьаа", "«ы"]);
		for (const { text } of goldTexts()) expect(brokenWords(text)).toEqual([]);
	});
});

describe("strayMarks", () => {
	it("should name a quote opening a word while one is open, and one closing with none open", () => {
		expect(
			unpairedQuotes('"Аймгийн "Удирдах ажилтны зөвлөгөөн"-д аймгийн'),
		).toEqual(['"Аймгийн']);
		expect(unpairedQuotes('тухай" хуулийн "Шинэ хөтөлбөр"-ийг')).toEqual([
			'тухай"',
		]);
		// paired quotes; one left open at the end (the gold's "Ламын …"); curly quotes are
		// the look-alike check's
		expect(
			unpairedQuotes(
				'"Алдарт эхийн одон гардуулах", "Хөдөлмөрийн аварга", ("Шинэ") "Ламын Гэгээнд',
			),
		).toEqual([]);
		expect(unpairedQuotes('“Шинэ "Удирдах')).toEqual([]);
	});

	it("should name a slash standing as a bracket without its pair, not a pair or a document's number", () => {
		// our phone photos --variant 3: "тоо/" (4.4), "системийн /ашиглалтыг" (2.6)
		expect(unpairedSlashes("Сайтын хандалтын тоо/")).toEqual(["тоо/"]);
		expect(
			unpairedSlashes("системийн /ашиглалтыг сайжруулах, хяналт тавих"),
		).toEqual(["/ашиглалтыг"]);
		expect(unpairedSlashes("/ЗДТГ, ИТХ /аудит, хяналт/")).toEqual(["/ЗДТГ,"]);
		expect(unpairedSlashes("хүлээгдэж байна. /")).toEqual(["/"]);
		expect(
			unpairedSlashes(
				"хангах /ЗДТГ, ИТХ, Санхүүгийн хяналт дотоод аудит/ А/4, А/5, 3/698. /Засаг/",
			),
		).toEqual([]);
	});

	it("should name a comma or a hyphen between a converb and its auxiliary verb, not a comma before other words", () => {
		expect(
			strayMarks(
				"ханган ажиллаж, буйд хяналт тавих, үйлчилгээ үзүүлж-буй баг, хийж , байна",
			),
		).toEqual(["ажиллаж, буйд", "үзүүлж-буй", "хийж , байна"]);
		expect(
			strayMarks(
				"боловсруулж, байгууллагын сум, байгууллагуудаас ажиллаж буй, ажиллаж байгаа",
			),
		).toEqual([]);
	});

	it("should name a number joined to a whole word by a hyphen, not a case ending or an ordinal", () => {
		expect(strayMarks("нийт 53-байгууллагын 12-хүүхдийн")).toEqual([
			"53-байгууллагын",
			"12-хүүхдийн",
		]);
		expect(
			strayMarks("09-ний 15-наас 5846-аар 3-дугаар 1-дүгээр 2024-2025 ИТХ-ын"),
		).toEqual([]);
	});

	it("should name a hyphen standing alone between two words of small letters, not a range or an aside", () => {
		// our fax --variant 2's 5.1 budget: "арга - хэмжээний" for "арга хэмжээний"
		expect(
			strayMarks(
				"40 сая Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга - хэмжээний зардал",
			),
		).toEqual(["арга - хэмжээний"]);
		expect(strayMarks("ажлын – байр")).toEqual(["ажлын – байр"]);
		expect(
			strayMarks("2024 - 2025 он, Засаг дарга - Б.Бат, ИТХ - ын, арга-хэмжээ"),
		).toEqual([]);
	});

	it("should name the last word of a text ending in a comma", () => {
		expect(strayMarks("Үйл ажиллагааны тоо,")).toEqual(["тоо,"]);
		expect(strayMarks("Үйл ажиллагааны тоо, хувь")).toEqual([]);
	});

	it("should name no word of the gold report's text", () => {
		for (const { item, field, text } of goldTexts())
			expect(strayMarks(text), `${item} ${field}`).toEqual([]);
	});

	it("should never name a text with no quote, slash, hyphen or comma, whatever its words", () => {
		const word = fc.stringMatching(/^[а-яөүА-ЯӨҮ0-9.]{1,12}$/u);
		fc.assert(
			fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (ws) => {
				expect(strayMarks(ws.join(" "))).toEqual([]);
			}),
			{ seed },
		);
	});

	it("should flag each field once, and say so in both languages", () => {
		const m = measure("4.1", "Үйл ажиллагааны тоо,", ["3", "3", "4"]);
		const flags = textFlags(
			[{ ...m, achievement: '"Аймгийн "Удирдах ажилтны зөвлөгөөн"-д' }],
			2024,
		);
		expect(flags.map((f) => `${f.field}:${f.kind}`)).toEqual([
			"indicator:ocr-stray-mark",
			"achievement:ocr-stray-mark",
		]);
		expect(flags[0]?.evidence).toEqual({ words: ["тоо,"] });
		expect(flagText("en", flags[0] as Flag)).toBe(flags[0]?.message);
		expect(flagText("mn", flags[0] as Flag)).toContain('"тоо,"');
	});

	it("should flag a budget's source holding a stray mark, not a dash, an amount or a source as printed", () => {
		const budget = (raw: string) =>
			textFlags(
				[
					{
						...measure("5.1", "Хувь", ["1", "2", "3"]),
						budget: { raw, amountMnt: null, source: null },
					},
				],
				2024,
			).map((f) => `${f.field}:${f.kind}`);
		expect(
			budget("40 сая Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга - хэмжээний зардал"),
		).toEqual(["budget:ocr-stray-mark"]);
		expect(budget("-")).toEqual([]);
		expect(budget("132,32 сая ОНХС")).toEqual([]);
		expect(
			budget("40 сая Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга хэмжээний зардал"),
		).toEqual([]);
	});

	it("should name no stray mark in the gold report's budgets", () => {
		const gold = JSON.parse(
			readFileSync(
				new URL("../fixtures/pdf/gold/expected.json", import.meta.url),
				"utf8",
			),
		) as { measures: { item: string; budget: { raw: string } }[] };
		for (const m of gold.measures)
			expect(strayMarks(m.budget.raw), m.item).toEqual([]);
	});
});
