/**
 * Goal headings of the plan table in their written forms: "Зорилт 1.", "Зорилт-6:", "ЗОРИЛТ 1:",
 * "Зорилт №1", "1 дүгээр зорилт:", "1-р зорилт", and Roman numerals "I. …" / "II) …".
 */

/** A goal heading read: its number and the title after the number. */
export interface GoalHeading {
	number: number;
	title: string;
}

const WORD_FIRST = /^зорилт\s*[-–—№]?\s*(\d{1,2})\s*[.:)-]?\s*(.*)$/isu;
const ORDINAL_FIRST =
	/^(\d{1,2})\s*[-–—]?\s*(?:дүгээр|дугаар|р)\s+зорилт\S*\s*[.:)-]?\s*(.*)$/isu;
// Roman numerals (Latin letters, or the Cyrillic/Ukrainian look-alike І for I).
const ROMAN = /^([IVXІ]{1,5})\s*[.)]\s*(\S.*)$/su;

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10 };

/** "IV" → 4; undefined for a malformed numeral. */
export function romanValue(numeral: string): number | undefined {
	const s = numeral.replace(/І/gu, "I");
	let total = 0;
	for (let i = 0; i < s.length; i++) {
		const v = ROMAN_VALUES[s[i] as string] ?? 0;
		const next = ROMAN_VALUES[s[i + 1] as string] ?? 0;
		total += v < next ? -v : v;
	}
	// Only canonical forms (IIII, VX… are not numerals).
	const canonical = [
		"",
		"I",
		"II",
		"III",
		"IV",
		"V",
		"VI",
		"VII",
		"VIII",
		"IX",
	];
	const tens = ["", "X", "XX"];
	const back = `${tens[Math.floor(total / 10)] ?? ""}${canonical[total % 10] ?? ""}`;
	return total >= 1 && total <= 29 && back === s ? total : undefined;
}

/**
 * Read a goal heading from a cell's text.
 * @param text - the cell's text (whitespace collapsed)
 * @param rowIsHeading - the row holds nothing but this text (and a title): only then is a Roman
 *   numeral ("I. …") taken as a goal, as list items in a narrative start the same way
 */
export function goalHeading(
	text: string,
	rowIsHeading = false,
): GoalHeading | undefined {
	const t = text.trim();
	// A mark read before the word ("“Зорилт 2."): a speck or a quote, no part of the heading.
	const word =
		WORD_FIRST.exec(t.replace(/^[^\p{L}\p{N}]{1,2}(?=зорилт)/iu, "")) ??
		ORDINAL_FIRST.exec(t);
	if (word) return { number: Number(word[1]), title: (word[2] ?? "").trim() };
	if (!rowIsHeading) return undefined;
	const roman = ROMAN.exec(t);
	if (roman) {
		const n = romanValue(roman[1] as string);
		if (n !== undefined) return { number: n, title: (roman[2] ?? "").trim() };
	}
	return undefined;
}
