/**
 * Units of baseline and target values (DESIGN.md §2 "Units"): a value written with "%" is a
 * percent; otherwise the indicator's wording decides between percent, count and no unit.
 */
import type { Quantity, Unit } from "../pipeline/records.ts";
import { parseNumber } from "./numbers.ts";
import { lookalikeSkeleton, lowerMn } from "./text.ts";

/** What an indicator's wording says about the unit of its values. */
export interface IndicatorUnit {
	/** It names a percent: хувь / хувиар / хувийн, not right after a number. */
	percent: boolean;
	/** It names a count: тоо / тоог / тоогоор. */
	count: boolean;
}

// Whole words only: Cyrillic has no \b, so letters and digits on either side are excluded.
const PERCENT_WORD =
	/(?<![\p{L}\p{N}])(?:хувь|хувиар|хувийн)(?![\p{L}\p{N}])/gu;
const COUNT_WORD = /(?<![\p{L}\p{N}])(?:тоо|тоог|тоогоор)(?![\p{L}\p{N}])/u;
// "30 хувь дээшилсэн", "30% хувь": a statement about an amount, not the unit of the values.
const AFTER_NUMBER = /\d\s*%?\s*$/u;

/**
 * Read the unit an indicator names (Latin look-alike letters taken for their Cyrillic twins).
 * @param indicator - the indicator text (column "Шалгуур үзүүлэлт")
 */
export function indicatorUnit(indicator: string): IndicatorUnit {
	// Latin letters of a Cyrillic shape read as the Cyrillic ones: a scan's "TOO" is "тоо".
	const text = lowerMn(lookalikeSkeleton(indicator));
	let percent = false;
	for (const m of text.matchAll(PERCENT_WORD)) {
		if (!AFTER_NUMBER.test(text.slice(0, m.index))) {
			percent = true;
			break;
		}
	}
	return { percent, count: COUNT_WORD.test(text) };
}

/** What {@link parseQuantity} read. */
export interface ParsedQuantity {
	quantity: Quantity;
	/** The number's separators allow two readings; value is null. */
	ambiguous: boolean;
	/** The unit is percent and the value exceeds 100: worth a flag. */
	percentOver100: boolean;
}

/**
 * Read a baseline or target cell under its indicator.
 * Unit rule: no value → null; a value written with "%" → percent; otherwise from the indicator:
 * percent only → percent, count only → count, both → count (a plain number under
 * "…иргэдийн тоог нэмэгдүүлсэн хувиар" counts people), neither → null.
 * @param raw - the cell's text; kept trimmed in `quantity.raw`
 * @param indicator - the row's indicator text
 */
export function parseQuantity(raw: string, indicator: string): ParsedQuantity {
	const text = raw.trim();
	const parsed = parseNumber(text);
	const value = parsed.value;
	let unit: Unit = null;
	if (value !== null) {
		if (parsed.percent) unit = "percent";
		else {
			const named = indicatorUnit(indicator);
			if (named.count) unit = "count";
			else if (named.percent) unit = "percent";
		}
	}
	return {
		quantity: { raw: text, value, unit },
		ambiguous: parsed.ambiguous,
		percentOver100: unit === "percent" && value !== null && value > 100,
	};
}

/** The words naming a unit, by the unit they name (PERCENT_WORD, COUNT_WORD). */
const UNIT_WORDS: readonly (readonly [string, "percent" | "count"])[] = [
	["тоо", "count"],
	["тоог", "count"],
	["тоогоор", "count"],
	["хувь", "percent"],
	["хувиар", "percent"],
	["хувийн", "percent"],
];

/** A word at an indicator's unit's place read one letter off a word naming a unit. */
export interface MisreadUnitWord {
	/** The word as read ("тод"), its letters only, and where it stands in the indicator. */
	word: string;
	start: number;
	end: number;
	/** The word naming a unit it is one letter off ("тоо"), in the case it was read in. */
	unitWord: string;
	unit: "percent" | "count";
}

const letterOff = (a: string, b: string): boolean => {
	if (a.length !== b.length) return false;
	let n = 0;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
	return n === 1;
};

/**
 * The word naming the unit of an indicator's values read one letter off ("Баримтын тод" for
 * "Баримтын тоо", "Хэрэгжилтийн хуви" for "…хувь": a fax's stroke lost or added), when the
 * indicator names no unit. Only a word at the unit's place — the indicator's last word, or the
 * word before a bracket ("… тод (ширхэг)") — of the same length as the unit word, one letter
 * substituted (Latin look-alikes taken for their Cyrillic twins). "ил тод" (open, transparent)
 * is a phrase, never a misread "тоо". Undefined when no word fits, or words of both units do.
 * @param indicator - the indicator text as read
 */
export function misreadUnitWord(
	indicator: string,
): MisreadUnitWord | undefined {
	const named = indicatorUnit(indicator);
	if (named.count || named.percent) return undefined;
	const tokens = [...indicator.matchAll(/\S+/gu)];
	const places = new Set<number>();
	if (tokens.length > 0) places.add(tokens.length - 1);
	const bracket = tokens.findIndex((t) => /^[(/]/u.test(t[0]));
	if (bracket > 0) places.add(bracket - 1);
	const found: MisreadUnitWord[] = [];
	for (const k of places) {
		const token = tokens[k];
		if (!token) continue;
		const core = /^[^\p{L}\p{N}]*(\p{L}+)[^\p{L}\p{N}]*$/u.exec(token[0]);
		const letters = core?.[1];
		if (!letters || letters.length < 3) continue;
		const skeleton = lowerMn(lookalikeSkeleton(letters));
		const previous = lowerMn(tokens[k - 1]?.[0] ?? "");
		if (skeleton === "тод" && previous === "ил") continue;
		const match = UNIT_WORDS.find(([w]) => letterOff(skeleton, w));
		if (!match) continue;
		const [unitWord, unit] = match;
		const start = (token.index ?? 0) + token[0].indexOf(letters);
		const upper = letters === letters.toUpperCase();
		// A capital opens the indicator only: inside it a capital is a small letter misread
		// ("Камерын Yoo" for "Камерын тоо": the other maker's fax).
		const capital =
			k === 0 && !upper && letters[0] !== lowerMn(letters[0] ?? "");
		found.push({
			word: letters,
			start,
			end: start + letters.length,
			unitWord: upper
				? unitWord.toUpperCase()
				: capital
					? unitWord[0]?.toUpperCase() + unitWord.slice(1)
					: unitWord,
			unit,
		});
	}
	if (new Set(found.map((f) => f.unit)).size !== 1) return undefined;
	// The last word before the bracket comes first (it is the unit's place when there is one).
	return found.sort((a, b) => a.start - b.start)[0];
}
