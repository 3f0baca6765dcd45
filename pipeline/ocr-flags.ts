/**
 * Review flags for values read by OCR (scanned reports): a field whose text was read with low
 * confidence, was repaired by its column's rules, or holds a word that reads the same in Latin,
 * Cyrillic and digits (look-alikes no model can tell apart: "З.Аймгийн" / "3.Аймгийн", "Ш" /
 * "III"). Each flag names the item and field and carries the provenance of the piece concerned
 * (page and box in scan pixels), so the review step can show the crop of the image.
 */
import { distance } from "fastest-levenshtein";
import { parseNumber } from "../normalizers/numbers.ts";
import { typedForm } from "../normalizers/ocr-repair.ts";
import {
	LOOKALIKES,
	lookalikeSkeleton,
	words as wordsOf,
} from "../normalizers/text.ts";
import type { Provenance } from "./document.ts";
import type { Flag, Measure } from "./records.ts";

/**
 * The confidence under which a word of a text flags its field, by how the text was read: at its
 * full width (85: on the 300-dpi scan of the gold, words read right score 91–96 almost all, a
 * misread first letter ("оаяжуулалт" for "баяжуулалт") 80; 85 flags 3 more fields of 396 than 75
 * did), or squeezed horizontally (parsers/image reads the narrative column so, for speed). A
 * squeezed word scores higher than its full-width self (up to 30 points), so a squeezed reading
 * has its own threshold, chosen on the gold's renderings so that no fewer of the fields read
 * wrong are flagged than at full width (docs/pipeline.md, "The squeezed narrative"). One rule for
 * both engines.
 */
export const WORD_CONFIDENCE = {
	full: 85,
	squeezed: 92,
	latin: 75,
	gray: 91,
} as const;

/**
 * A word of a text read from the gray view of a smoothed page (`view` "gray": a rough fax's own
 * pixels blurred, parsers/image) is judged by WORD_CONFIDENCE.gray, not the full threshold: that
 * view reads the words it misreads as surely as those it reads right — on the other maker's fax
 * "үсийн" for "үеийн" at 88, "улирдлага" for "удирдлага" 88, "арта" for "арга" 86, "түрсэн" for
 * "түргэн" 89.6 (kept rounded, as 90), each the only doubt of a field otherwise unflagged. So
 * every word it read under 90 is a doubt (91 over the kept, rounded confidences). No other page
 * is read so: no other rendering's flags change.
 */
export const grayWord = (piece: { view?: "gray" }): boolean =>
	piece.view === "gray";

/**
 * A word written in Latin letters (two small ones at least, no Cyrillic letter: a web address,
 * "able", "E-Mongoha") in a text read at full width. The Mongolian model scores such words lower
 * than Cyrillic ones read as well: over our renderings of the gold (clean 300, copier v0–v3, fax
 * v0–v2, phone v0/v1/v3 and the other maker's), such words read right scored 76–90
 * ("eoffice.baiahongor.gov.mn" at 78 and 84, "able" at 76) and those read wrong 72 and under
 * ("Toot" 72, "E-Mongoha" 64, "6ayaHhongog.gov.mn" 56). They are judged by their own threshold,
 * WORD_CONFIDENCE.latin — but only a word with a Latin letter that has no Cyrillic twin (f, i, l,
 * g …: `LOOKALIKES`): a word of twins only may be a Cyrillic word misread in Latin ("Yoo" for
 * "тоо" on the other maker's fax, its field otherwise unflagged) and keeps the full threshold.
 */
export const latinWord = (word: string): boolean =>
	/[a-z].*[a-z]/u.test(word) &&
	!/[\p{Script=Cyrillic}]/u.test(word) &&
	[...word].some((ch) => /[A-Za-z]/u.test(ch) && !LOOKALIKES[ch.toLowerCase()]);

/**
 * The words a text's provenance lists (`lowWords`): those read below this, a margin over the
 * threshold of the reading's mode so the review step can show near misses too.
 */
export const keptWordsBelow = (squeeze: number | undefined): number =>
	squeeze === undefined || squeeze >= 1
		? 90
		: Math.max(90, WORD_CONFIDENCE.squeezed + 5);

export interface OcrFlagOptions {
	/** A word read (at full width) below this confidence (0..100) flags its field (default WORD_CONFIDENCE.full). */
	minWordConfidence?: number;
	/** A word of a text read squeezed (`squeeze` < 1) below this flags its field (default WORD_CONFIDENCE.squeezed). */
	minSqueezedWordConfidence?: number;
	/** A word of a text read from a smoothed page's gray view below this (default WORD_CONFIDENCE.gray). */
	minGrayWordConfidence?: number;
	/** A Latin word (`latinWord`) of a text read at full width below this (default WORD_CONFIDENCE.latin). */
	minLatinWordConfidence?: number;
	/** A typed value (number, level, item) read below this mean confidence (default 80). */
	minValueConfidence?: number;
}

const TEXT_FIELDS = new Set(["activity", "indicator", "achievement", "budget"]);
const QUANTITY_FIELDS = new Set([
	"baseline",
	"targetHalfYear",
	"targetFullYear",
]);
/** Fields whose values are numbers (read by normalizers/numbers.ts). */
const NUMBER_FIELDS = new Set([...QUANTITY_FIELDS, "performancePct"]);

type Piece = Provenance & { text: string };

/** A word of a flag with its box in scan pixels (the review step draws it). */
export interface WordBox {
	text: string;
	confidence: number;
	bbox: [number, number, number, number];
}

/**
 * The boxes of the named words among the words a piece keeps boxes of (read below 90, read
 * again, or with look-alike letters: parsers/image); a word named twice gets each of its boxes.
 */
function boxesOf(piece: Piece, words: readonly string[]): WordBox[] {
	const out: WordBox[] = [];
	for (const w of [...(piece.lowWords ?? []), ...(piece.wordBoxes ?? [])])
		if (
			w.bbox &&
			w.text !== "" &&
			words.some((x) => x === w.text || x.includes(w.text))
		)
			out.push({ text: w.text, confidence: w.confidence, bbox: w.bbox });
	return out;
}

/**
 * Mongolian abbreviations written in capitals that have Latin twins, which no text writes in Latin
 * letters: read in Cyrillic, they are read right ("ХХК", a limited company; over ten renderings
 * of the gold it was flagged on a right field seven times and never alone on a wrong one).
 */
const CYRILLIC_ABBREVIATIONS: ReadonlySet<string> = new Set(["ХХК"]);

/** Cyrillic letters of other languages (Ukrainian, Serbian, Macedonian, Belarusian). */
const NOT_MONGOLIAN = /[ЂЃЄЅІЇЈЉЊЋЌЎЏђѓєѕіїјљњћќўџҐґ]/u;

/**
 * Words a reader must check in Mongolian text read by OCR: digits glued to letters ("15О",
 * "6ayaH…"), a Cyrillic "З" or "О" where a list number stands ("З.Аймгийн"), Roman numerals and
 * the marks they are misread as ("Ш", "Il", "|", "1!"), capitals that are the same letters in
 * Latin and Cyrillic ("ЕВР" for "ERP", "OHXC" for "ОНХС"), a soft or hard sign before е, ё, ю, я (both are written
 * there — "авьяас", "товъёог" — and differ by a small stroke the engine misreads with high
 * confidence), a small letter opening a sentence (most small Cyrillic letters are their
 * capital made smaller: "хийв. цахим" for "хийв. Цахим"), a document number's digit read as
 * its Latin twin ("A/S" for "А/5"), curly quotes in a text that has straight ones too or without
 * their pair ("дүгээр” сарын"), two words joined by a point ("ил.тод"), Cyrillic letters
 * Mongolian does not write ("Ї"), and a Latin
 * word of small letters each drawn like a Cyrillic one in a Cyrillic text ("epee" for "өрөө",
 * "erp" for "егр": a small г is drawn like r, п like n). A
 * year no report holds ("2324 оны") is its own question (pipeline/scan-checks.ts
 * "ocr-year-unlikely").
 */
export function lookalikeWords(text: string): string[] {
	const out = new Set<string>();
	const cyrillic = /[а-яёөү]{3}/iu.test(text);
	let sentenceEnd = false;
	for (const [raw] of text.matchAll(/\S+/gu)) {
		const afterStop = sentenceEnd;
		// A word of three letters or more and a full stop ends a sentence ("т.м." does not).
		sentenceEnd = /\p{L}{3,}[.!?]$/u.test(raw);
		if (/[ьъ][еёюя]/iu.test(raw)) out.add(raw);
		// Cyrillic letters Mongolian does not write (a fax's speck beside a stroke: "Ї" for "|").
		if (NOT_MONGOLIAN.test(raw)) out.add(raw);
		// Two Cyrillic words joined by a point or a comma without a space ("ил.тод"): a speck
		// between them read as one ("т.м.", "Б.Мөнх" have one letter or a capital after it).
		if (/[а-яёөү][.,][а-яёөү]{2,}/iu.test(raw) && /[.,][а-яёөү]{2}/u.test(raw))
			out.add(raw);
		// A Latin word of small letters each drawn like a Cyrillic one ("epee" for "өрөө", "erp"
		// for "егр") in a Cyrillic text.
		if (
			cyrillic &&
			/^[aceopxyrn]{3,}$/u.test(raw.replace(/[.,;:!?"»”)]+$/u, ""))
		)
			out.add(raw);
		if (afterStop && /^[«"“(]?[а-яёөү]/u.test(raw)) out.add(raw);
		const token = raw.replace(/^[("«“„']+|[)"»”.,;:!?']+$/gu, "");
		if (token === "") {
			if (/[|!]/.test(raw)) out.add(raw);
			continue;
		}
		if (/[|!]/.test(raw) && !/^[!?]+$/.test(raw)) out.add(raw);
		else if (/\p{N}\p{L}|\p{L}\p{N}/u.test(token) && !/^\d+-?р$/u.test(token))
			out.add(raw);
		else if (/^[ЗО]\.+\p{Lu}/u.test(token)) out.add(raw);
		else if (/^(?:[IlVX]{1,4}|[ШПХ])$/u.test(token)) out.add(raw);
		else if (
			/^[АВЕКМНОРСТХ]{3,}$/u.test(token) &&
			!CYRILLIC_ABBREVIATIONS.has(token)
		)
			out.add(raw);
		else if (/^[ABEHKMOPCTXY]{3,}$/u.test(token)) out.add(raw);
		// a document number's digit read as its Latin twin ("A/S" for "А/5", "Б/O" for "Б/0")
		else if (
			/^[\p{L}\d]{1,3}\/[OISBZl]$|^[OISBZl]\/[\p{L}\d]{1,3}$/u.test(token)
		)
			out.add(raw);
	}
	// Straight and curly quotes in one text: the engine gave some of the straight quotes as
	// curly ones ("Шинэ … хөтөлбөр\" read “Шинэ … хөтөлбөр\"); a text printed with curly quotes
	// reads them curly throughout.
	if (/"/.test(text))
		for (const [raw] of text.matchAll(/\S*[“”]\S*/gu)) out.add(raw);
	// A curly quote without its pair (a closing one with none open, an opening one never closed):
	// a speck beside a letter read as a quote ("дүгээр” сарын").
	let open: string | undefined;
	for (const [raw] of text.matchAll(/\S*[“”]\S*/gu))
		for (const q of raw.replace(/[^“”]/gu, "")) {
			if (q === "“") {
				if (open) out.add(open);
				open = raw;
			} else if (open) open = undefined;
			else out.add(raw);
		}
	if (open) out.add(open);
	return [...out];
}

/** The words of an indicator that name its values' unit (normalizers/units.ts). */
export const UNIT_WORDS = [
	"тоо",
	"тоог",
	"тоогоор",
	"хувь",
	"хувиар",
	"хувийн",
];

/**
 * Whether a word read in doubt may be a word naming a unit misread: its letters (small, Latin
 * look-alikes as their Cyrillic twins) two edits or fewer from a unit word, or ending in one
 * letter off one ("баримтынтоu": words run together); or a word of two signs or more with a
 * digit, which may be letters read as digits ("100" for "тоо": the other maker's fax). A lone
 * mark or letter ("Ї", "Р", "|") is not.
 */
export function mayNameUnit(word: string): boolean {
	if (/\p{N}/u.test(word) && word.replace(/[^\p{L}\p{N}]/gu, "").length >= 2)
		return true;
	const w = lookalikeSkeleton(word.toLowerCase()).replace(/[^\p{L}]/gu, "");
	if (w.length < 2) return false;
	return UNIT_WORDS.some(
		(u) =>
			distance(w, u) <= 2 ||
			(w.length > u.length && distance(w.slice(-u.length), u) <= 1),
	);
}

/**
 * An indicator's words one letter off a word naming a unit ("тод" for "тоо"), when none names
 * one: the unit of its values (read from those words) may have been lost to a misread letter.
 */
export function unitWordsMisread(indicator: string): string[] {
	const ws = wordsOf(indicator);
	if (ws.some((w) => UNIT_WORDS.includes(w))) return [];
	return ws.filter((w) => UNIT_WORDS.some((u) => distance(w, u) === 1));
}

/**
 * The words of a scanned report's text fields read surely (not among their piece's words read
 * below 90), with how often: a word read in doubt that the report holds read surely elsewhere
 * (from other pixels) is that word — the engine's doubt was of its strokes, not of the word.
 */
export function sureWords(measures: readonly Measure[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const m of measures)
		for (const [field, pieces] of Object.entries(m.provenance ?? {}) as [
			string,
			Piece[],
		][]) {
			if (!TEXT_FIELDS.has(field)) continue;
			for (const p of pieces) {
				if (p.confidence === undefined) continue;
				const low = new Map<string, number>();
				for (const w of p.lowWords ?? [])
					low.set(w.text, (low.get(w.text) ?? 0) + 1);
				for (const [w] of p.text.matchAll(/\S+/gu)) {
					const n = low.get(w) ?? 0;
					if (n > 0) low.set(w, n - 1);
					else out.set(w, (out.get(w) ?? 0) + 1);
				}
			}
		}
	return out;
}

/**
 * Whether the number normalizer reads two texts of a value as the same value: each wholly one
 * number, not ambiguous, equal, both percents or neither ("25 %" and "25%"; not "1 00%" and
 * "100%", whose first reads as 1). A repair between two such readings changes nothing stored.
 */
export function sameValue(a: string, b: string): boolean {
	const x = parseNumber(a);
	const y = parseNumber(b);
	const whole = (p: typeof x, raw: string) =>
		p.value !== null && !p.ambiguous && p.token === raw.trim();
	return (
		whole(x, a) && whole(y, b) && x.value === y.value && x.percent === y.percent
	);
}

/** The quantity fields of a row a value's form is judged against: the other target, or both. */
const ROW_PEERS: Readonly<Record<string, readonly QuantityField[]>> = {
	baseline: ["targetHalfYear", "targetFullYear"],
	targetHalfYear: ["targetFullYear"],
	targetFullYear: ["targetHalfYear"],
};
type QuantityField = "baseline" | "targetHalfYear" | "targetFullYear";

/**
 * Whether a quantity's text is of its row's form: its peers (the other target; for a baseline,
 * both targets) written with a "%" and it too, or all without one and it too. Undefined when the
 * peers are empty or disagree (no form to judge by). A value with a leading zero ("02") is of no
 * form: a percent sign or a digit lost.
 */
export function ofRowForm(
	m: Pick<Measure, QuantityField>,
	field: string,
	text: string,
): boolean | undefined {
	const peers = (ROW_PEERS[field] ?? [])
		.map((f) => m[f].raw.replace(/\s+/g, ""))
		.filter((r) => r !== "" && typedForm(r, "number") && !/^[-–—]$/u.test(r));
	if (peers.length === 0) return undefined;
	const pct = peers.map((r) => r.endsWith("%"));
	if (pct.some((x) => x !== pct[0])) return undefined;
	const t = text.replace(/\s+/g, "");
	if (!typedForm(t, "number") || /^0\d/u.test(t) || /^[-–—]$/u.test(t))
		return false;
	return t.endsWith("%") === pct[0];
}

/**
 * A typed value read below the value threshold that is nonetheless settled: its second,
 * constrained reading (the gray view, its column's characters only: parsers/image) gave the
 * same text (`agreed`), and the text is of its column's form — a performance level one of the
 * levels, a quantity of its row's form (`ofRowForm`), a percent at most 100. Two readings of two
 * views that agree on a value of the form expected are not a question a clerk can answer better
 * than the scan already did; a value read so that is not of that form ("02" where the row's
 * targets are percents: our fax variant 1's 4.6, read twice at 46.8) still is.
 */
export function agreedOfForm(
	m: Pick<Measure, QuantityField>,
	field: string,
	piece: Pick<Piece, "text" | "agreed" | "readings" | "marks">,
): boolean {
	const t = piece.text.replace(/\s+/g, "");
	if (piece.agreed !== t || (piece.readings?.length ?? 0) > 1) return false;
	if (piece.marks?.length) return false;
	if (field === "performancePct") return typedForm(t, "level");
	if (!QUANTITY_FIELDS.has(field)) return false;
	if (ofRowForm(m, field, t) !== true) return false;
	const n = Number(t.replace("%", "").replace(",", "."));
	return !t.endsWith("%") || n <= 100;
}

/**
 * A value read three ways (the page, the gray view, a smoothed view: parsers/image) two of which
 * agree on the text kept, where the odd reading is not of its row's form and the kept one is
 * ("12%" in a row of counts, read "125" twice: our fax's 2.5; "3095" among percents, read "90%"
 * twice: variant 1's 4.16; "50%", "509", "50%" among percents: variant 2's 4.14, the gray view's
 * "%" read as one digit). The odd reading is then the one misread; the field is not asked
 * about. Two views that agree on a value not of the row's form ("17,796" twice where the row
 * holds percents) or an odd reading of the form ("50" / "60" / "60", "8" / "5" / "8") still ask.
 */
export function outlierSettled(
	m: Pick<Measure, QuantityField>,
	field: string,
	piece: Pick<Piece, "text" | "readings">,
): boolean {
	const r = piece.readings ?? [];
	if (r.length !== 3 || !QUANTITY_FIELDS.has(field)) return false;
	const compact = (x: string) => x.replace(/\s+/g, "");
	const kept = compact(piece.text);
	const odd = r.map(compact).filter((x) => x !== kept);
	return (
		odd.length === 1 &&
		ofRowForm(m, field, kept) === true &&
		ofRowForm(m, field, odd[0] as string) === false
	);
}

/**
 * A value whose second, constrained reading gave nothing (a one-digit crop the engine reads as no
 * line: "1", "2", "6" read "" on the gray view) — no second opinion, not one that differs: the
 * value stands as read once when that reading is sure (at least `minValue`) and of its row's
 * form. Over every kept rendering, 20 such fields were all right; the wrong ones so read ("0" and
 * "4" where the unit was lost, "1" at 46) are asked by their other flags.
 */
export function secondReadNothing(
	m: Pick<Measure, QuantityField>,
	field: string,
	piece: Pick<Piece, "text" | "readings" | "confidence">,
	minValue: number,
): boolean {
	const r = (piece.readings ?? []).map((x) => x.replace(/\s+/g, ""));
	const kept = piece.text.replace(/\s+/g, "");
	return (
		r.length === 2 &&
		r[1] === "" &&
		r[0] === kept &&
		(piece.confidence ?? 0) >= minValue &&
		QUANTITY_FIELDS.has(field) &&
		ofRowForm(m, field, kept) !== false
	);
}

/** A word read in doubt is excused when the report holds it read surely this many times. */
export const SURE_ELSEWHERE = 2;

/** Text fields whose words decide nothing typed (an indicator's words decide its values' unit). */
const NARRATIVE_FIELDS = new Set(["activity", "achievement"]);

/**
 * A word of an activity or a narrative repaired by a second reading ("терийн" → "төрийн": the word
 * read again from a soft view, or from two views: parsers/image), where the report's own words
 * vouch for the repair: the word it gives is one the report holds read surely
 * {@link SURE_ELSEWHERE} times or more elsewhere, and the word it replaces one the report never
 * reads surely (no word: "терийн", "ажиляагааны"; a capital inside a sentence: "Газрын"). The
 * second reading and the rest of the report agree on the word: no question is left. Over our
 * renderings of the gold, all eight such repairs (our fax v0 and v1) gave the gold's word.
 * A repair of several words, of a word with fewer than three letters, or into a word read
 * surely only here is still asked about.
 */
export function corroborated(
	repair: { from: string; to: string },
	piece: Pick<Piece, "text">,
	sure: ReadonlyMap<string, number>,
): boolean {
	const { from, to } = repair;
	if (!/^\S+$/u.test(from) || !/^\S*\p{L}{3}\S*$/u.test(to)) return false;
	if ((sure.get(from) ?? 0) > 0) return false;
	// The repaired word is read surely in its own piece too: those are not elsewhere.
	const here = [...piece.text.matchAll(/\S+/gu)].filter(
		(w) => w[0] === to,
	).length;
	return (sure.get(to) ?? 0) - here >= SURE_ELSEWHERE;
}

/**
 * A budget read as a dash alone, doubted (a dash smaller than a printed one, or a mark found in
 * ink that is no dash: parsers/image gives it confidence 0): whether a dash or a speck in an
 * empty cell, the budget stored is none — no amount, no source — so the doubt asks nothing a
 * clerk's answer would change. Over our renderings of the gold such budgets (our fax v0 4.14,
 * v1 4.2; the other maker's fax 4.7, 4.9, 4.10, 4.15) were all printed dashes. A dash among other
 * pieces (a row joined to the next) is still asked about.
 */
export function budgetDash(
	pieces: readonly Piece[],
	piece: Pick<Piece, "text">,
): boolean {
	return pieces.length === 1 && /^[-–—]$/u.test(piece.text.trim());
}

/**
 * OCR flags of the measures of a scanned report, from each field's provenance: low confidence
 * ("ocr-low-confidence"), a repair ("ocr-repaired"), look-alike words ("ocr-lookalike"). One flag
 * per kind, item and field, severity warning.
 */
export function ocrFlags(
	measures: readonly Measure[],
	options: OcrFlagOptions = {},
): Flag[] {
	const minFull = options.minWordConfidence ?? WORD_CONFIDENCE.full;
	const minSqueezed =
		options.minSqueezedWordConfidence ?? WORD_CONFIDENCE.squeezed;
	const minGray = options.minGrayWordConfidence ?? WORD_CONFIDENCE.gray;
	const minValue = options.minValueConfidence ?? 80;
	const minLatin = Math.min(
		options.minLatinWordConfidence ?? WORD_CONFIDENCE.latin,
		minFull,
	);
	const flags: Flag[] = [];
	const sure = sureWords(measures);
	// A word of letters read in doubt, read surely elsewhere in the report.
	const excused = (w: { text: string }) =>
		/\p{L}{3}/u.test(w.text) && (sure.get(w.text) ?? 0) >= SURE_ELSEWHERE;
	for (const m of measures) {
		for (const [field, pieces] of Object.entries(m.provenance ?? {}) as [
			string,
			Piece[],
		][]) {
			const text = TEXT_FIELDS.has(field);
			const flag = (
				kind: string,
				piece: Piece,
				message: string,
				evidence: Record<string, unknown>,
			) => {
				const {
					text: _t,
					lowWords: _w,
					wordBoxes: _b,
					marks: _m,
					readings: _r,
					agreed: _a,
					twins: _tw,
					...prov
				} = piece;
				flags.push({
					kind,
					severity: "warning",
					item: m.item,
					field,
					message,
					evidence,
					prov,
				});
			};
			// Low confidence: a doubtful word in text, a doubtful reading of a typed value.
			let low:
				| {
						piece: Piece;
						words: string[];
						confidence: number;
						boxes: WordBox[];
				  }
				| undefined;
			for (const p of pieces) {
				if (p.confidence === undefined) continue;
				const squeezed = p.squeeze !== undefined && p.squeeze < 1;
				const minWord = squeezed
					? minSqueezed
					: grayWord(p)
						? minGray
						: minFull;
				const under = (p.lowWords ?? []).filter((w) => w.confidence < minWord);
				// A Latin word is judged by its own threshold (`latinWord`).
				const below = under.filter(
					(w) =>
						squeezed || !text || !latinWord(w.text) || w.confidence < minLatin,
				);
				const words = text ? below.filter((w) => !excused(w)) : below;
				// A text's piece is doubtful by its words — or as a whole when no word was read in
				// its ink ("?" at confidence 0: parsers/image), unless every word it doubted is
				// one the report holds read surely.
				const doubtful = text
					? (words.length > 0 ||
							(p.confidence < (grayWord(p) ? minFull : minWord) &&
								under.length === 0)) &&
						!(field === "budget" && budgetDash(pieces, p))
					: p.confidence < minValue && !agreedOfForm(m, field, p);
				const c = text
					? Math.min(...words.map((w) => w.confidence), p.confidence)
					: p.confidence;
				if (doubtful && (!low || c < low.confidence))
					low = {
						piece: p,
						words: words.map((w) => w.text),
						confidence: c,
						boxes: boxesOf(
							p,
							words.map((w) => w.text),
						),
					};
			}
			if (low)
				flag(
					"ocr-low-confidence",
					low.piece,
					low.words.length
						? `OCR is unsure of ${low.words.map((w) => `"${w}"`).join(", ")} (confidence ${Math.round(low.confidence)}); check against the scan.`
						: `OCR read "${low.piece.text}" with confidence ${Math.round(low.confidence)}; check against the scan.`,
					{
						confidence: low.confidence,
						words: low.words,
						text: low.piece.text,
						...(low.boxes.length ? { boxes: low.boxes } : {}),
					},
				);
			// A repair a second, constrained reading gave as well is not in doubt, nor one of a value
			// the number normalizer reads the same before and after ("25 %" → "25%").
			// Nor one between two of a value's readings: that is the question of the readings
			// that differ (ocr-readings-differ, below) — one flag for it.
			const compact = (t: string) => t.replace(/\s+/g, "");
			const repaired = pieces.filter(
				(p) =>
					p.repairs?.some(
						(r) =>
							!(NUMBER_FIELDS.has(field) && sameValue(r.from, r.to)) &&
							!(NARRATIVE_FIELDS.has(field) && corroborated(r, p, sure)) &&
							!(
								(p.readings?.length ?? 0) > 1 &&
								p.readings?.some((x) => compact(x) === compact(r.from)) &&
								p.readings?.some((x) => compact(x) === compact(r.to))
							),
					) && p.agreed !== compact(p.text),
			);
			const first = repaired[0];
			if (first)
				flag(
					"ocr-repaired",
					first,
					`OCR read ${repaired.map((p) => `"${p.ocrRaw}"`).join(", ")}; repaired to ${repaired.map((p) => `"${p.text}"`).join(", ")} (${repaired
						.flatMap((p) => p.repairs ?? [])
						.map((r) => r.reason)
						.join("; ")}).`,
					{
						raw: repaired.map((p) => p.ocrRaw),
						repairs: repaired.flatMap((p) => p.repairs ?? []),
						...(() => {
							const boxes = boxesOf(
								first,
								(first.repairs ?? []).map((r) => r.to),
							);
							return boxes.length ? { boxes } : {};
						})(),
					},
				);
			// A typed value whose reading is not self-consistent: two readings that differ, a mark
			// over it left out of its reading, a value not of its column's form.
			const twice = pieces.find(
				(p) =>
					p.readings &&
					p.readings.length > 1 &&
					!(pieces.length === 1 && outlierSettled(m, field, p)) &&
					!(pieces.length === 1 && secondReadNothing(m, field, p, minValue)),
			);
			if (twice)
				flag(
					"ocr-readings-differ",
					twice,
					`OCR read this value two ways: ${(twice.readings ?? []).map((r) => `"${r}"`).join(", ")}; "${twice.text}" is kept — check against the scan.`,
					{ readings: twice.readings, text: twice.text },
				);
			const marked = pieces.find((p) => p.marks?.length);
			if (marked)
				flag(
					"ocr-mark-over-value",
					marked,
					`A stamp or a pen mark over "${marked.text}" was left out of its reading; check against the scan.`,
					{ text: marked.text, marks: marked.marks },
				);
			if (QUANTITY_FIELDS.has(field) && pieces[0]) {
				const raw = pieces.map((p) => p.text).join(" ");
				const compact = raw.replace(/\s+/g, "");
				if (
					compact !== "" &&
					!/\p{L}{3}/u.test(raw) &&
					!typedForm(compact, "number")
				)
					flag(
						"ocr-not-a-value",
						pieces[0],
						`OCR read "${raw}", which is not a number; check against the scan.`,
						{ text: raw },
					);
			}
			// A value stored without a unit under an indicator whose word naming it may be misread
			// ("544" under "Баримтын тод": "тоо", a count), and that indicator.
			const q = QUANTITY_FIELDS.has(field)
				? m[field as "baseline" | "targetHalfYear" | "targetFullYear"]
				: undefined;
			const unitless = (x: Measure["baseline"]) =>
				x.value !== null && x.unit === null;
			const unitWords = (
				q
					? unitless(q)
					: field === "indicator" &&
						[m.baseline, m.targetHalfYear, m.targetFullYear].some(unitless)
			)
				? unitWordsMisread(m.indicator)
				: [];
			if (q && pieces[0] && unitWords.length)
				flag(
					"ocr-lookalike",
					pieces[0],
					`${unitWords.map((w) => `"${w}"`).join(", ")} in the indicator may be a misread word naming the value's unit (тоо, хувь); check against the scan.`,
					{ words: unitWords },
				);
			if (
				field === "activity" ||
				field === "indicator" ||
				field === "achievement" ||
				field === "budget"
			) {
				for (const p of pieces) {
					// Budget sources are Cyrillic capitals ("ОНХС"): there only Latin ones are doubtful.
					const words = [
						...new Set([
							...lookalikeWords(p.text).filter(
								(w) => field !== "budget" || /[A-Za-z]/.test(w),
							),
							...(p.twins ?? []).map((t) => t.text),
							...(p === pieces[0] ? unitWords : []),
						]),
					];
					if (words.length === 0) continue;
					flag(
						"ocr-lookalike",
						p,
						`${words.map((w) => `"${w}"`).join(", ")} may be read with look-alike letters or digits (Latin, Cyrillic, Roman numerals, ь/ъ, a capital's small twin); check against the scan.`,
						{
							words,
							...(boxesOf(p, words).length ? { boxes: boxesOf(p, words) } : {}),
						},
					);
					break;
				}
			}
		}
	}
	return flags;
}
