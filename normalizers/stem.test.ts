import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryTerms, searchSnippet, searchStem, searchStems } from "./stem.ts";

interface Pair {
	base: string;
	inflected: string;
}
const { pairs } = JSON.parse(
	readFileSync(
		new URL("../fixtures/search/inflections.json", import.meta.url),
		"utf8",
	),
) as { pairs: Pair[] };

const CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү";
const VOWEL = /[аэиоуөүыеёюя]$/u;

/** Endings a noun ending in a consonant takes (any vowel harmony: the stemmer ignores it). */
const CASE_AFTER_CONSONANT = [
	"ын",
	"ийн",
	"ыг",
	"ийг",
	"аас",
	"ээс",
	"оос",
	"өөс",
	"аар",
	"ээр",
	"оор",
	"өөр",
	"тай",
	"тэй",
	"той",
	"руу",
	"рүү",
];
const PLURAL = ["ууд", "үүд"];

describe("searchStem", () => {
	it("should give the base form and the inflected form of every recall pair one stem (≥ 95%)", () => {
		const missed = pairs.filter(
			(p) => searchStem(p.base) !== searchStem(p.inflected),
		);
		expect(pairs.length).toBeGreaterThanOrEqual(60);
		expect(1 - missed.length / pairs.length).toBeGreaterThanOrEqual(0.95);
	});

	it("should fold the fleeting vowel and strip case endings", () => {
		expect(searchStem("гомдол")).toBe(searchStem("гомдлыг"));
		expect(searchStem("ӨРГӨДӨЛ")).toBe(searchStem("өргөдлөөс"));
		expect(searchStem("ажил")).toBe(searchStem("ажлын"));
		// a long vowel is not fleeting, and a short word is kept whole
		expect(searchStem("тоо")).toBe("тоо");
		expect(searchStem("гэрээ")).toBe(searchStem("гэрээг"));
		expect(searchStem("гэрээ")).not.toBe(searchStem("гэр"));
		// Latin and digits: only lower-cased
		expect(searchStem("Office")).toBe("office");
		expect(searchStem("2024")).toBe("2024");
	});

	it("should be idempotent", () => {
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(...CYRILLIC), { minLength: 1, maxLength: 14 }),
				(letters) => {
					const once = searchStem(letters.join(""));
					expect(searchStem(once)).toBe(once);
				},
			),
			{ numRuns: 5000 },
		);
		for (const p of pairs) {
			const once = searchStem(p.inflected);
			expect(searchStem(once)).toBe(once);
		}
	});

	it("should give a word plus any known case ending (after a plural or not) the word's stem", () => {
		const bases = [...new Set(pairs.map((p) => p.base))].filter(
			(b) => !VOWEL.test(b) && !b.endsWith("ь"),
		);
		fc.assert(
			fc.property(
				fc.constantFrom(...bases),
				fc.option(fc.constantFrom(...PLURAL), { nil: "" }),
				fc.constantFrom(...CASE_AFTER_CONSONANT),
				(base, plural, ending) => {
					expect(searchStem(base + plural + ending)).toBe(searchStem(base));
				},
			),
			{ numRuns: 2000 },
		);
	});
});

describe("searchStems and searchSnippet", () => {
	it("should stem every word of a text, digits kept", () => {
		expect(searchStems("Өргөдөл, гомдлыг 2024 онд")).toBe(
			`${searchStem("өргөдөл")} ${searchStem("гомдол")} 2024 онд`,
		);
	});

	it("should bracket the inflected words a base-form query matches, in the best text", () => {
		const terms = queryTerms("өргөдөл гомдол");
		expect(
			searchSnippet(
				[
					"Иргэдээс ирсэн",
					"Иргэдээс ирүүлсэн өргөдлийг хүлээн авч, гомдлыг хугацаанд нь шийдвэрлэсэн.",
				],
				terms,
			),
		).toBe(
			"Иргэдээс ирүүлсэн [өргөдлийг] хүлээн авч, [гомдлыг] хугацаанд нь шийдвэрлэсэн.",
		);
		const long = `${"үг ".repeat(30)}гомдлын шийдвэрлэлт ${"үг ".repeat(30)}`;
		const cut = searchSnippet([long], queryTerms("гомдол"), 6);
		expect(cut.startsWith("…")).toBe(true);
		expect(cut.endsWith("…")).toBe(true);
		expect(cut).toContain("[гомдлын]");
	});
});
