/**
 * Indicator identity (issue 6): a canonical key per indicator wording, and a similarity between
 * two wordings for the fuzzy links that join an indicator across years.
 *
 * The same indicator is written a little differently every year: "Хэрэгжүүлсэн төслийн тоо",
 * "хэрэгжүүлсэн төслийн тоогоор", "Хэрэгжүүлсэн  төслийн тоо." — the key folds case, Latin
 * look-alike letters, punctuation, whitespace, OCR-split suffixes ("Хөтөлбөр ийн") and the
 * suffix forms of the unit words (тоо/тоог/тоогоор/тооны → тоо, хувь/хувиар/хувийн → хувь), so
 * those three share one key. What the key cannot fold (word order, abbreviations, typos, a word
 * added) is left to {@link indicatorSimilarity}, whose score proposes links a person confirms.
 */
import { distance } from "fastest-levenshtein";
import { foldLookalikes, lowerMn, STOP_WORDS } from "./text.ts";

/** Unit words and their suffix forms → one canonical token. */
const VARIANTS: ReadonlyMap<string, string> = new Map([
	["тоо", "тоо"],
	["тоог", "тоо"],
	["тоогоор", "тоо"],
	["тооны", "тоо"],
	["тоонд", "тоо"],
	["тоогоо", "тоо"],
	["хувь", "хувь"],
	["хувиар", "хувь"],
	["хувийн", "хувь"],
	["хувьд", "хувь"],
	["хувьтай", "хувь"],
	["хувиад", "хувь"],
	["дундаж", "дундаж"],
	["дунджаар", "дундаж"],
	["дундажаар", "дундаж"],
]);

/** Case suffixes the OCR tool sometimes prints as words of their own ("хөтөлбөр ийн"). */
const DETACHED_SUFFIXES: ReadonlySet<string> = new Set([
	"ийн",
	"ын",
	"ний",
	"ий",
	"ийг",
	"ыг",
	"ууд",
	"үүд",
	"уудын",
	"үүдийн",
]);

/** Abbreviations people write in indicators, expanded to the words they stand for. */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
	["здтг", "засаг даргын тамгын газар"],
	["итх", "иргэдийн төлөөлөгчдийн хурал"],
	["онхс", "орон нутгийн хөгжлийн сан"],
	["тбб", "төрийн бус байгууллага"],
	["хшү", "хяналт шинжилгээ үнэлгээ"],
	["а/х", "арга хэмжээ"],
	["б/б", "байгууллага"],
]);

/**
 * The canonical key of an indicator wording: lower case, look-alike Latin letters folded to
 * Cyrillic, "%" read as "хувь", known abbreviations expanded, punctuation dropped, OCR-split
 * suffixes joined back, unit-word suffix forms unified, one space between words.
 * Idempotent: `indicatorKey(indicatorKey(s)) === indicatorKey(s)`, so a key can be given
 * wherever a wording can.
 * @param text - an indicator as written (column "Шалгуур үзүүлэлт"), or a key
 * @returns the key; "" when the text has no letters or digits
 */
export function indicatorKey(text: string): string {
	if (typeof text !== "string")
		throw new TypeError("indicatorKey(text): text must be a string");
	let t = lowerMn(foldLookalikes(text.normalize("NFC")));
	t = t.replace(/%/g, " хувь ");
	// "а/х" style abbreviations hold a slash: expand them before punctuation goes.
	t = t.replace(/(?<![\p{L}\p{N}])(\p{L})\/(\p{L})(?![\p{L}\p{N}])/gu, (m) =>
		ABBREVIATIONS.has(m) ? ` ${ABBREVIATIONS.get(m)} ` : m,
	);
	const raw = t.match(/[\p{L}\p{N}]+/gu) ?? [];
	const out: string[] = [];
	for (const word of raw) {
		const expanded = ABBREVIATIONS.get(word);
		if (expanded !== undefined) {
			out.push(...expanded.split(" "));
			continue;
		}
		const previous = out[out.length - 1];
		if (
			DETACHED_SUFFIXES.has(word) &&
			previous !== undefined &&
			/\p{L}$/u.test(previous)
		) {
			out[out.length - 1] = canonicalWord(previous + word);
			continue;
		}
		out.push(canonicalWord(word));
	}
	return out.join(" ");
}

function canonicalWord(word: string): string {
	return VARIANTS.get(word) ?? word;
}

/** Words of a key that say little about which indicator it is: unit words and fillers. */
const WEAK_WORDS: ReadonlySet<string> = new Set([
	"тоо",
	"хувь",
	"дундаж",
	"нийт",
	"байх",
	"байна",
	"нь",
	"ба",
	"болон",
	"жилд",
	"жилийн",
	"хэмжээ",
	"хэмжээний",
]);

/** A token of a key for matching: the word and its weight. */
interface Token {
	word: string;
	weight: number;
	/** The word was cut short with a dot ("хэрэгж."): it matches any word it starts. */
	prefix: boolean;
}

/** Tokens of an indicator wording for {@link indicatorSimilarity}. */
export function indicatorTokens(text: string): Token[] {
	// Dotted abbreviations ("хэрэгж.") are prefixes; find them before the key drops the dots.
	const prefixes = new Set(
		(
			lowerMn(foldLookalikes(text)).match(/\p{L}{3,}(?=\.\s*\p{L})/gu) ?? []
		).map(canonicalWord),
	);
	return indicatorKey(text)
		.split(" ")
		.filter((w) => w !== "")
		.map((word) => ({
			word,
			weight: WEAK_WORDS.has(word) ? 0.35 : /^\d+$/.test(word) ? 0.5 : 1,
			prefix: prefixes.has(word),
		}));
}

/** Whether two words are the same word written differently (suffix, typo, abbreviation). */
function sameWord(a: Token, b: Token): boolean {
	const x = a.word;
	const y = b.word;
	if (x === y) return true;
	if (/\d/.test(x) || /\d/.test(y)) return false;
	const lx = x.length;
	const ly = y.length;
	// A word cut short with a dot, or a stem with another suffix: a shared start of 5 letters.
	if ((a.prefix && y.startsWith(x)) || (b.prefix && x.startsWith(y)))
		return true;
	if (lx >= 5 && ly >= 5 && x.slice(0, 5) === y.slice(0, 5)) return true;
	// Typos: one edit in a word of 4+ letters, two in a word of 9+.
	const longest = Math.max(lx, ly);
	if (longest < 4) return false;
	if (Math.abs(lx - ly) > 2) return false;
	return distance(x, y) <= (longest >= 9 ? 2 : 1) || isTransposition(x, y);
}

/** Two adjacent letters swapped ("заихдлын" for "захидлын"): one typo, two Levenshtein edits. */
function isTransposition(x: string, y: string): boolean {
	if (x.length !== y.length) return false;
	let i = 0;
	while (i < x.length && x[i] === y[i]) i++;
	return (
		i < x.length - 1 &&
		x[i] === y[i + 1] &&
		x[i + 1] === y[i] &&
		x.slice(i + 2) === y.slice(i + 2)
	);
}

/**
 * Prepared tokens, so that one wording compared with many others is tokenised once.
 * @param text - an indicator as written
 */
export function prepareIndicator(text: string): Token[] {
	return indicatorTokens(text);
}

/**
 * Similarity of two indicator wordings, 0..1: a weighted soft Dice over their words, where two
 * words count as the same when they share their first five letters (suffixes), one is a dotted
 * abbreviation of the other, or they are one or two edits apart (typos). Word order does not
 * count; unit words (тоо, хувь) weigh less than content words.
 * @param a - a wording, or tokens from {@link prepareIndicator}
 * @param b - a wording, or tokens from {@link prepareIndicator}
 */
export function indicatorSimilarity(
	a: string | readonly Token[],
	b: string | readonly Token[],
): number {
	const x = typeof a === "string" ? indicatorTokens(a) : a;
	const y = typeof b === "string" ? indicatorTokens(b) : b;
	const total =
		x.reduce((s, t) => s + t.weight, 0) + y.reduce((s, t) => s + t.weight, 0);
	if (total === 0) return x.length === 0 && y.length === 0 ? 1 : 0;
	const usedY = new Array<boolean>(y.length).fill(false);
	const usedX = new Array<boolean>(x.length).fill(false);
	let matched = 0;
	// Exact matches first, so a fuzzy match cannot take a word another one equals.
	for (const exact of [true, false]) {
		x.forEach((tx, i) => {
			if (usedX[i]) return;
			for (let j = 0; j < y.length; j++) {
				const ty = y[j] as Token;
				if (usedY[j]) continue;
				if (exact ? tx.word === ty.word : sameWord(tx, ty)) {
					usedX[i] = true;
					usedY[j] = true;
					matched += tx.weight + ty.weight;
					return;
				}
			}
		});
	}
	return matched / total;
}

/**
 * Topic words of a text (an activity) for link scoring: words of 4+ letters that are not stop
 * words, cut to their first 5 letters.
 * @param text - any text
 */
export function topicStems(text: string): Set<string> {
	const out = new Set<string>();
	for (const w of lowerMn(foldLookalikes(text)).match(/\p{L}+/gu) ?? []) {
		if (w.length >= 4 && !STOP_WORDS.has(w)) out.add(w.slice(0, 5));
	}
	return out;
}

/**
 * Dice overlap of two stem sets, 0..1 (1 for two empty sets).
 * @param a - stems from {@link topicStems}
 * @param b - stems from {@link topicStems}
 */
export function stemOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>) {
	if (a.size === 0 && b.size === 0) return 1;
	let shared = 0;
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	for (const s of small) if (large.has(s)) shared++;
	return (2 * shared) / (a.size + b.size);
}
