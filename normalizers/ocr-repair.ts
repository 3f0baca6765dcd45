/**
 * Column-aware repair of OCR output in the plan table's typed columns. A repair is made only
 * where the column's type decides what a character must be (a letter "О" in an item number is a
 * zero; "10096" in the performance column, whose only values are the levels, is "100%" read by
 * the Mongolian model, which has no "%"). Narrative and other text is never repaired. Every
 * change is returned as {from, to, reason} so the review step can show it.
 */
import { LEVELS } from "../pipeline/records.ts";

/**
 * The type of a plan-table cell, as far as OCR repairs are concerned ("header": a cell of the
 * table's header rows).
 */
export type OcrColumnType = "item" | "number" | "level" | "text" | "header";

/** One change made to an OCR reading. */
export interface Repair {
	from: string;
	to: string;
	reason: string;
}

export interface Repaired {
	text: string;
	repairs: Repair[];
}

// Letters OCR reads in place of digits (Latin and Cyrillic look-alikes).
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
	O: "0",
	o: "0",
	О: "0",
	о: "0",
	D: "0",
	Q: "0",
	З: "3",
	з: "3",
	l: "1",
	I: "1",
	i: "1",
	"|": "1",
	І: "1",
	і: "1",
	"!": "1",
	S: "5",
	s: "5",
	Б: "6",
	б: "6",
	B: "8",
	g: "9",
	q: "9",
	Z: "2",
	z: "2",
	T: "7",
};

const lookalike = (ch: string) => DIGIT_LOOKALIKES[ch];

/** Replace look-alike letters by digits where they stand in a token of digits. */
function digitsOf(token: string): string {
	return [...token].map((ch) => lookalike(ch) ?? ch).join("");
}

const done = (text: string, repairs: Repair[] = []): Repaired => ({
	text,
	repairs,
});

/**
 * An item number ("1.1", "4.16") or a goal number ("1", "6."): look-alike letters become digits,
 * a comma or other mark between the parts becomes a point, stray marks around it go. Left as read
 * unless the result is such a number.
 */
export function repairItemNumber(raw: string): Repaired {
	const text = raw.trim();
	if (/^\d{1,2}(\.\d{1,2})?\.?$/.test(text)) return done(text);
	// "Зорилт-6:" and other words stay as they are.
	if (/\p{L}{3}/u.test(text)) return done(text);
	const core = text.replace(/^[^\p{L}\p{N}|!]+|[^\p{L}\p{N}|!]+$/gu, "");
	const m =
		/^([\p{L}\p{N}|!]{1,2})\s*[.,:;·'`\s]\s*([\p{L}\p{N}|!]{1,2})$/u.exec(core);
	let to: string | undefined;
	if (m) {
		const a = digitsOf(m[1] as string);
		const b = digitsOf(m[2] as string);
		if (/^\d{1,2}$/.test(a) && /^\d{1,2}$/.test(b)) to = `${Number(a)}.${b}`;
	} else {
		const d = digitsOf(core);
		if (/^\d{1,2}$/.test(d)) to = d;
		// "11" read for "1.1": the point is lost only when it is tiny; not guessed here.
	}
	if (to === undefined || to === text) return done(text);
	return done(to, [
		{ from: text, to, reason: "item number: look-alikes and stray marks" },
	]);
}

/**
 * A number cell (baseline, target): look-alike letters inside a token of digits become digits,
 * a "%" read as "°/o", "%o" or "96" after a space is not guessed, stray marks around the value
 * go. Decimal comma and point are kept as written (the number normalizer reads both).
 */
export function repairNumber(raw: string): Repaired {
	const text = raw.trim();
	if (text === "" || /^[-–—]$/.test(text)) return done(text);
	if (/^\d+(?:[.,]\d+)*%?$/.test(text)) return done(text);
	// "25 %": the engine's space between a number and its sign (a fax's jagged "%" stands apart).
	const spaced = /^(\d+(?:[.,]\d+)*)\s+%$/.exec(text);
	if (spaced)
		return done(`${spaced[1]}%`, [
			{
				from: text,
				to: `${spaced[1]}%`,
				reason: 'number: a space read between the number and its "%"',
			},
		]);
	// A cell with words ("2 удаа", "Байгууллагын төсөв") is left alone.
	if (/\p{L}{3}/u.test(text)) return done(text);
	let to = text
		.replace(/\s*(?:°\/o|%o|°\/°|о\/о|o\/o|%\.)$/u, "%")
		.replace(/^[^\p{L}\p{N}|!]+(?=\d)|(?<=[\d%])[^\p{L}\p{N}%]+$/gu, "");
	// Letters between or around digits: "1O0" → "100", "4З" → "43".
	to = to.replace(/[\p{L}\p{N}|!]+/gu, (tok) =>
		/\d/.test(tok) ? digitsOf(tok) : tok,
	);
	// Spaces inside a number read from one printed token: "1 00%" is not decided; keep.
	if (!/^\d+(?:[.,]\d+)*\s*%?$/.test(to) || to === text) return done(text);
	return done(to, [
		{ from: text, to, reason: "number: look-alike letters and stray marks" },
	]);
}

const LEVEL_STRINGS = LEVELS.map(String);

/**
 * The performance column takes only the levels 100/90/80/70/30/0 (or words: "not yet due",
 * left to the level normalizer). "10096" → "100%" ("%" read as "96" by the Mongolian model),
 * "1O0%" → "100%", "100 %" → "100%". Anything else is left as read (and flagged downstream).
 */
export function repairLevel(raw: string): Repaired {
	const text = raw.trim();
	if (/^(100|90|80|70|30|0)%$/.test(text)) return done(text);
	// Words (a level written out, "not yet due") are the level normalizer's.
	if (/\p{L}{3}/u.test(digitsOf(text).replace(/[A-Za-z]+\/[A-Za-z]+/g, "")))
		return done(text);
	const compact = digitsOf(text.replace(/\s+/g, "")).replace(
		/^[^\d]+|[^\d%]+$/g,
		"",
	);
	let to: string | undefined;
	let reason = "level: look-alikes and stray marks";
	const pct = /^(\d{1,3})(%|96|9б|°\/o|%o|o\/o)$/.exec(compact);
	if (pct && LEVEL_STRINGS.includes(pct[1] as string)) {
		to = `${pct[1]}%`;
		if (pct[2] !== "%") reason = `level: "%" read as "${pct[2]}"`;
	} else if (LEVEL_STRINGS.includes(compact) && compact !== text) to = compact;
	if (to === undefined || to === text) return done(text);
	return done(to, [{ from: text, to, reason }]);
}

/**
 * A header cell that reads "No", "Мо", "ме" or "N°": the "№" sign, which neither OCR model has (the
 * item column's header; the stitcher maps columns by their header text).
 */
export function repairHeader(raw: string): Repaired {
	const text = raw.trim();
	const m = /^[NМMИм]\s*[oо0º°eе]\.?$/u.exec(text);
	if (!m) return done(raw);
	return done("№", [
		{
			from: text,
			to: "№",
			reason: `header: "№" (in no OCR model) read as "${text}"`,
		},
	]);
}

/**
 * Whether a reading (spaces removed) has the form of a value of its column's type: a number
 * ("12", "17,7%", "1.276.0") or a dash; a level (100%, 90%, 80%, 70%, 30%, 0%); an item or goal
 * number ("4.16", "6."). Any text has the form of a text column's value.
 */
export function typedForm(text: string, type: OcrColumnType): boolean {
	switch (type) {
		case "number":
			return /^(?:\d+(?:[.,]\d+)*%?|[-–—])$/u.test(text);
		case "level":
			return /^(?:100|90|80|70|30|0)%$/u.test(text);
		case "item":
			return /^\d{1,2}(?:\.\d{1,2})?\.?$/u.test(text);
		default:
			return true;
	}
}

/**
 * Repair an OCR reading by its column's type; text columns are returned unchanged.
 * @param text - the text as read
 * @param type - the column's type ("text": activity, indicator, budget, narrative)
 */
export function repairCell(text: string, type: OcrColumnType): Repaired {
	switch (type) {
		case "item":
			return repairItemNumber(text);
		case "number":
			return repairNumber(text);
		case "level":
			return repairLevel(text);
		case "header":
			return repairHeader(text);
		default:
			return done(text);
	}
}

/**
 * A percent that two readings of one typed cell give between them: one reads "%" after a
 * number, the other reads the same number (a point for a comma or the reverse) followed by two
 * or three digits in its place — "40%" / "4095", "17.7%" / "17,796", "90%24" / "90966" (a mark
 * beside the sign read as more). One digit is not the sign's shape but a digit's: "125" / "12%"
 * is a 5 read as "%" as likely as the reverse (our own fax, 2.5's baseline 125). The number must be a plausible percent (at most 100). Its
 * decimal mark is a comma when either reading has one (a comma whose tail fades reads as a
 * point; a point does not grow a tail). Undefined when the readings do not say so.
 */
export function percentOfReadings(a: string, b: string): string | undefined {
	const x = a.replace(/\s+/g, "");
	const y = b.replace(/\s+/g, "");
	for (const [withSign, withDigits] of [
		[x, y],
		[y, x],
	] as const) {
		const m = /^(\d{1,3})(?:([.,])(\d{1,2}))?%/.exec(withSign);
		if (!m) continue;
		const [, whole, mark, frac] = m;
		const n = new RegExp(
			`^${whole}${frac ? `([.,])${frac}` : ""}(\\d{2,3})$`,
		).exec(withDigits);
		if (!n) continue;
		if (Number(`${whole}.${frac ?? 0}`) > 100) return undefined;
		const comma = mark === "," || n[1] === ",";
		return `${whole}${frac ? `${comma ? "," : "."}${frac}` : ""}%`;
	}
	return undefined;
}

/**
 * A typed cell read as several paragraphs where one is a value of the column's form and every
 * other is a mark read as a letter or two (no digit: a stamp's letter or a pen's hook beside the
 * value, "50%" / "У"): the index of the value's paragraph, undefined otherwise.
 */
export function valueBesideMarks(
	texts: readonly string[],
	type: OcrColumnType,
): number | undefined {
	if (texts.length < 2 || (type !== "number" && type !== "level"))
		return undefined;
	const values = texts.flatMap((t, i) =>
		typedForm(repairCell(t, type).text.replace(/\s+/g, ""), type) ? [i] : [],
	);
	const marks = texts.filter((t) => {
		const s = t.replace(/\s+/g, "");
		return (
			!/\d/u.test(s) && s.length <= 3 && (s.match(/\p{L}/gu) ?? []).length <= 2
		);
	});
	return values.length === 1 && values.length + marks.length === texts.length
		? values[0]
		: undefined;
}

/**
 * A word of a text that may be a percent whose "%" the Mongolian model read as digits: "99,396"
 * ("96", always), "10090" / "4095" ("90", "95": only after a number of at most 100, and not a
 * year such as "1990"). Its number, the digits read for the sign and what follows (".", ")").
 */
export function percentMisread(
	word: string,
): { num: string; as: string; tail: string } | undefined {
	const m = /^(\d+(?:[.,]\d+)?)(96|9б|90|95)([.,;:)]*)$/u.exec(word.trim());
	if (!m) return undefined;
	const [, num = "", as = "", tail = ""] = m;
	if (as === "96" || as === "9б") return { num, as, tail };
	if (Number(num.replace(",", ".")) > 100) return undefined;
	if (/^(?:19|20)\d\d$/u.test(`${num}${as}`)) return undefined;
	return { num, as, tail };
}

/**
 * A percent one reading of a typed cell gives where the value kept has one digit in the sign's
 * place: "589" kept, "58%" read again (the "%" taken for a "9"). One digit alone is as much a
 * digit's shape as the sign's ("125" / "12%": percentOfReadings does not decide it); the caller
 * decides by the row (its other values all percents). The number must be a plausible percent
 * (at most 100). Undefined when the two do not stand so.
 */
export function percentForDigit(
	kept: string,
	reading: string,
): string | undefined {
	const k = kept.replace(/\s+/g, "");
	const m = /^(\d{1,3}(?:[.,]\d{1,2})?)%$/u.exec(reading.replace(/\s+/g, ""));
	if (!m) return undefined;
	const num = m[1] as string;
	if (Number(num.replace(",", ".")) > 100) return undefined;
	return new RegExp(`^${num.replace(/[.,]/u, "[.,]")}\\d$`, "u").test(k)
		? `${num}%`
		: undefined;
}

/**
 * A value of two digits and one more, the last a digit the "%" sign is read as on a rough scan
 * ("554", "605", "909": "4", "5", "9"), as the percent it may be ("55%"). Only a candidate: one
 * digit alone is as much a digit's shape as the sign's, so the caller decides by the row (its
 * other values percents or such readings: pipeline/stitch `percentInPercentRow`). Undefined for
 * any other form (a percent already, two or four digits, "162").
 */
export function percentSignAsDigit(text: string): string | undefined {
	const m = /^([1-9]\d)[459]$/u.exec(text.replace(/\s+/g, ""));
	return m ? `${m[1]}%` : undefined;
}
