import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seedRecord } from "../store/testing.ts";
import type { Measure, ReportRecord } from "./records.ts";
import {
	renditionDifference,
	renditionItem,
	renditionText,
} from "./renditions.ts";

const seed = seedRecord();
const clone = (r: ReportRecord): ReportRecord => structuredClone(r);

// Latin letters that look like Cyrillic ones (what OCR and some PDF fonts produce).
const LATIN_TWIN: Record<string, string> = {
	а: "a",
	е: "e",
	о: "o",
	р: "p",
	с: "c",
	х: "x",
	у: "y",
};

/** The formatting noise a format adds to a text, chosen by `pick`. */
function noisy(text: string, pick: number[]): string {
	let k = 0;
	const next = () => pick[k++ % pick.length] as number;
	return text
		.split(" ")
		.map((word) => {
			const choice = next() % 5;
			if (choice === 0 && /[а-я]/.test(word))
				// One look-alike Latin letter inside a Cyrillic word.
				return word.replace(/[аеорсху]/, (c) => LATIN_TWIN[c] ?? c);
			if (choice === 1) return `${word}\u00ad`.replace(/\u00ad$/, "");
			if (choice === 2) return word.replace(/,$/, " ,");
			return word;
		})
		.join(next() % 2 === 0 ? " " : "\n  ")
		.replace(/ - /g, " – ")
		.replace(/"/g, "«");
}

describe("renditions: the same content in another format", () => {
	it("should find no difference between a record and itself", () => {
		expect(renditionDifference(seed, clone(seed))).toBeNull();
	});

	it("should ignore whitespace, look-alike letters, dashes, quotes, item spelling and order", () => {
		fc.assert(
			fc.property(
				fc.array(fc.nat(100), { minLength: 1, maxLength: 20 }),
				fc.boolean(),
				(pick, reverse) => {
					const other = clone(seed);
					other.source = "other.pdf";
					for (const m of other.measures) {
						m.activity = noisy(m.activity, pick);
						m.indicator = noisy(m.indicator, [...pick].reverse());
						m.achievement = noisy(m.achievement, pick);
						m.item = m.item.replace(/^(\d)\./, "0$1.");
						m.provenance = {};
						// Numbers by their value, not their spelling.
						if (m.baseline.value !== null)
							m.baseline.raw = ` ${m.baseline.raw}`;
					}
					if (reverse) other.measures.reverse();
					for (const g of other.goals) g.title = noisy(g.title, pick);
					expect(renditionDifference(seed, other)).toBeNull();
				},
			),
			{ numRuns: 50 },
		);
	});

	it("should name the first difference of content: a value, a word, a level, an item", () => {
		const changes: [string, (m: Measure[]) => void, RegExp][] = [
			[
				"a target's value",
				(ms) => {
					const m = ms.find((x) => x.targetFullYear.value !== null) as Measure;
					m.targetFullYear = {
						...m.targetFullYear,
						value: (m.targetFullYear.value ?? 0) + 1,
					};
				},
				/^measure \d+\.\d+ targetFullYear$/,
			],
			[
				"a word of a narrative",
				(ms) => {
					(ms[3] as Measure).achievement += " Нэмэлт.";
				},
				/^measure \d+\.\d+ achievement$/,
			],
			[
				"a level",
				(ms) => {
					const m = ms.find((x) => x.performancePct === 100) as Measure;
					m.performancePct = 90;
				},
				/^measure \d+\.\d+ performancePct$/,
			],
			["a measure less", (ms) => void ms.pop(), /^measures \(44 and 43\)$/],
			[
				"an item number",
				(ms) => {
					(ms[0] as Measure).item = "1.9";
				},
				/^measure 1\.\d+$/,
			],
		];
		fc.assert(
			fc.property(fc.constantFrom(...changes), ([, change, expected]) => {
				const other = clone(seed);
				change(other.measures);
				expect(renditionDifference(seed, other)).toMatch(expected);
			}),
		);
		const summary = clone(seed);
		if (summary.summary) summary.summary.planCompletionPct = 12.5;
		expect(renditionDifference(seed, summary)).toBe("summary");
	});

	it("should normalize texts and item numbers as documented", () => {
		expect(renditionText("  Шалгyyр\n үзүүлэлт ,  «тест» — 5 %")).toBe(
			'шалгуур үзүүлэлт,"тест"-5%',
		);
		expect(renditionText(null)).toBe("");
		expect(renditionItem("01.10")).toBe("1.10");
		expect(renditionItem("4.11")).toBe("4.11");
	});
});
