/**
 * A light stemmer for Mongolian Cyrillic nouns, for full-text search: "гомдол" and "гомдлыг",
 * "өргөдөл" and "өргөдлөөс", "ажил" and "ажлын" get the same stem, so a search for the base form
 * finds the inflected text. Index and query both go through {@link searchStem}.
 *
 * Not the topic stem of text.ts (a 5-letter prefix, used to score links): a prefix does not see
 * the fleeting vowel ("гомдо" ≠ "гомдл") and merges unrelated words that share 5 letters.
 *
 * The rules, applied until nothing changes (so the stem of a stem is the stem):
 * 1. strip one case, plural or reflexive-possessive ending ({@link SUFFIXES}), longest first,
 *    when the rest is still a word (3+ letters with a vowel; 4+ for the reflexive -аа/-ээ/-оо/-өө,
 *    which is also the end of many stems: гэрээ, мэдээ) and the ending fits what precedes it
 *    (-г, -ны, -нд, -гаар… only after a long vowel, a diphthong or н; -т only after в, г, р, с);
 * 2. drop a final soft sign and a final short vowel after a consonant (дарга/даргын → дарг,
 *    хууль/хуулийн → хуул, зорилго/зорилгын → зорилг);
 * 3. fold the fleeting vowel: a short vowel between the last two consonants of a word of two or
 *    more syllables is dropped (гомдол → гомдл, өргөдөл → өргөдл, ажил → ажл, аймаг → аймг).
 * Words with a Latin letter or digit, and words under 4 letters, are only lower-cased.
 */
import { lowerMn } from "./text.ts";

/** Vowels of Mongolian Cyrillic (й ends a diphthong and counts with them). */
const VOWELS = new Set("аэиоуөүыеёюяй");
/** Vowels that can be fleeting or dropped before an ending. */
const SHORT = new Set("аэиоөуү");
const SIGNS = new Set("ьъ");
/** Long vowels and diphthongs: the ending after them is -г, -ны, -нд, -гаар, -гаас… */
const LONG = /(?:аа|ээ|оо|өө|уу|үү|ий|ай|ой|уй|үй|эй|иа|иу|ио|яа|ёо|еэ|юу)$/u;

type Condition = "any" | "long" | "rtgs" | "dative";

interface Suffix {
	ending: string;
	after: Condition;
	/** Letters the rest must keep. */
	min: number;
}

function suffixes(
	after: Condition,
	min: number,
	...endings: string[]
): Suffix[] {
	return endings.map((ending) => ({ ending, after, min }));
}

/**
 * Case endings, plural and reflexive-possessive suffixes stripped by {@link searchStem}, with the
 * letters they may follow.
 */
const SUFFIXES: readonly Suffix[] = [
	// reflexive possessive after a case ending: -ынхаа, -ийгээ, -даа, -тайгаа, -аасаа, -аараа …
	...suffixes("any", 3, "ынхаа", "ийнхээ", "ныхаа", "нийхээ"),
	...suffixes("any", 3, "тайгаа", "тэйгээ", "тойгоо"),
	...suffixes("any", 3, "аасаа", "ээсээ", "оосоо", "өөсөө"),
	...suffixes("any", 3, "аараа", "ээрээ", "оороо", "өөрөө"),
	...suffixes("any", 3, "ыгаа", "ийгээ"),
	...suffixes("dative", 3, "даа", "дээ", "доо", "дөө"),
	...suffixes("long", 3, "гаа", "гээ", "гоо", "гөө"),
	// plural
	...suffixes("long", 3, "нууд", "нүүд"),
	...suffixes("any", 3, "ууд", "үүд"),
	// ablative, instrumental, comitative, directive
	...suffixes("long", 3, "гаас", "гээс", "гоос", "гөөс"),
	...suffixes("any", 3, "иас", "иос", "аас", "ээс", "оос", "өөс"),
	...suffixes("long", 3, "гаар", "гээр", "гоор", "гөөр"),
	...suffixes("any", 3, "иар", "иор", "аар", "ээр", "оор", "өөр"),
	...suffixes("any", 3, "тай", "тэй", "той"),
	...suffixes("any", 3, "руу", "рүү", "луу", "лүү"),
	// genitive, accusative
	...suffixes("long", 3, "гийн", "гийг", "ний", "ны", "н"),
	...suffixes("any", 3, "ийн", "ын", "ий", "ы"),
	...suffixes("any", 3, "ийг", "ыг"),
	...suffixes("long", 3, "г"),
	// dative-locative
	...suffixes("long", 3, "нд"),
	...suffixes("any", 3, "ад", "эд", "од", "өд", "ид"),
	...suffixes("dative", 3, "д"),
	...suffixes("rtgs", 3, "т"),
	// reflexive possessive alone: the rest must be longer (гэрээ, мэдээ, хороо keep their vowel)
	...suffixes("any", 4, "аа", "ээ", "оо", "өө"),
].sort((a, b) => b.ending.length - a.ending.length);

function isCyrillicWord(w: string): boolean {
	return /^[\p{Script=Cyrillic}]+$/u.test(w);
}

function hasVowel(s: string): boolean {
	for (const c of s) if (VOWELS.has(c)) return true;
	return false;
}

function fits(rest: string, after: Condition): boolean {
	const last = rest.at(-1) ?? "";
	switch (after) {
		case "any":
			return true;
		case "long":
			// and after the н of a stem that keeps it hidden (тайлан → тайланг, тайлангийн)
			return LONG.test(rest) || last === "н";
		case "rtgs":
			return "вгрс".includes(last);
		case "dative":
			// -д after a vowel or a sonorant (сард, иргэнд, хуульд, төвд).
			return VOWELS.has(last) || "лмнрвьжшчз".includes(last);
	}
}

function stripOne(w: string): string | null {
	const letters = Array.from(w);
	for (const s of SUFFIXES) {
		if (!w.endsWith(s.ending)) continue;
		const rest = w.slice(0, w.length - s.ending.length);
		const n = letters.length - Array.from(s.ending).length;
		if (n < s.min || !hasVowel(rest) || !fits(rest, s.after)) continue;
		return rest;
	}
	return null;
}

/** Drop a final soft sign, then a final short vowel after a consonant. */
function dropFinal(w: string): string {
	let out = w;
	if (SIGNS.has(out.at(-1) ?? "") && out.length > 3) out = out.slice(0, -1);
	const last = out.at(-1) ?? "";
	const before = out.at(-2) ?? "";
	if (
		SHORT.has(last) &&
		before !== "" &&
		!VOWELS.has(before) &&
		!SIGNS.has(before) &&
		out.length > 3 &&
		hasVowel(out.slice(0, -1))
	)
		out = out.slice(0, -1);
	return out;
}

/** Drop the short vowel between the last two consonants of a word of 2+ syllables. */
function foldFleeting(w: string): string {
	const n = w.length;
	if (n < 4) return w;
	const [c1, v, c2] = [w[n - 3] ?? "", w[n - 2] ?? "", w[n - 1] ?? ""];
	if (
		!SHORT.has(v) ||
		VOWELS.has(c1) ||
		SIGNS.has(c1) ||
		VOWELS.has(c2) ||
		SIGNS.has(c2)
	)
		return w;
	const head = w.slice(0, n - 2);
	return hasVowel(head) ? head + c2 : w;
}

const cache = new Map<string, string>();
const MAX_CACHED = 50_000;

/**
 * The search stem of one word: lower-cased, endings stripped, fleeting vowel folded.
 * Idempotent: searchStem(searchStem(w)) === searchStem(w).
 * @param word - one word (letters only; anything else is only lower-cased)
 */
export function searchStem(word: string): string {
	return stemLower(lowerMn(word));
}

/** searchStem of a word already lower-cased with lowerMn. */
function stemLower(lower: string): string {
	const hit = cache.get(lower);
	if (hit !== undefined) return hit;
	let out = lower;
	if (isCyrillicWord(lower) && Array.from(lower).length >= 4) {
		for (;;) {
			const next = foldFleeting(dropFinal(stripOne(out) ?? out));
			if (next === out) break;
			out = next;
		}
	}
	if (cache.size >= MAX_CACHED) cache.clear();
	cache.set(lower, out);
	return out;
}

/**
 * The words of `text` as FTS5 tokens: runs of letters and digits, lower-cased (what the
 * unicode61 tokenizer reads as one token).
 * @param text - any text
 */
export function searchWords(text: string): string[] {
	const lower = lowerMn(text);
	const out: string[] = [];
	let start = -1;
	for (let i = 0; i <= lower.length; i++) {
		const width = i < lower.length ? wordCharWidth(lower, i) : 0;
		if (width > 0) {
			if (start < 0) start = i;
			i += width - 1;
		} else if (start >= 0) {
			out.push(lower.slice(start, i));
			start = -1;
		}
	}
	return out;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** For each UTF-16 unit outside surrogates: 0 unknown, 1 a letter or digit, 2 not. */
const wordChars = new Uint8Array(0x10000);

/**
 * The UTF-16 length of the letter or digit at `i` (2 for one outside the BMP), 0 when it is
 * none: a hand-written loop, as a /[\p{L}\p{N}]+/u split cost 3× as much on 90k measures.
 */
function wordCharWidth(s: string, i: number): number {
	const c = s.charCodeAt(i);
	if (c < 128)
		return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)
			? 1
			: 0;
	if (c >= 0xd800 && c <= 0xdfff) {
		const cp = s.codePointAt(i) ?? c;
		if (cp <= 0xffff) return 0;
		return WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
	}
	let k = wordChars[c];
	if (k === 0) {
		k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
		wordChars[c] = k;
	}
	return k === 1 ? 1 : 0;
}

/**
 * The stems of every word of `text`, space-separated: the text of a stems index column.
 * @param text - any text
 */
export function searchStems(text: string): string {
	return searchWords(text).map(stemLower).join(" ");
}

/** A word of a query: as typed (matched as a word start) and its stem (matched whole). */
export interface QueryTerm {
	word: string;
	stem: string;
}

/**
 * The terms of a typed query.
 * @param text - what the user typed
 */
export function queryTerms(text: string): QueryTerm[] {
	return searchWords(text).map((word) => ({ word, stem: searchStem(word) }));
}

/**
 * Whether a word of the text matches a query term: it starts with the typed word, or it has the
 * same stem.
 * @param word - a lower-cased word of the text
 * @param term - a query term
 */
export function matchesTerm(word: string, term: QueryTerm): boolean {
	return word.startsWith(term.word) || searchStem(word) === term.stem;
}

/**
 * A snippet of the best of `texts` around the words that match `terms`: up to `size` words, the
 * matches in [brackets], "…" where the text is cut — like FTS5's snippet(), for an index that
 * holds stems and not the text.
 * @param texts - the searched texts (activity, indicator, achievement)
 * @param terms - the query terms
 * @param size - the number of words to show
 */
export function searchSnippet(
	texts: readonly string[],
	terms: readonly QueryTerm[],
	size = 12,
): string {
	let best: { text: string; spans: [number, number, boolean][] } | null = null;
	let bestScore = -1;
	for (const text of texts) {
		const spans: [number, number, boolean][] = [];
		const found = new Set<number>();
		for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
			const w = lowerMn(m[0]);
			let hit = false;
			terms.forEach((t, i) => {
				if (matchesTerm(w, t)) {
					hit = true;
					found.add(i);
				}
			});
			spans.push([m.index, m.index + m[0].length, hit]);
		}
		const score = found.size * 1000 + spans.filter((s) => s[2]).length;
		if (score > bestScore) {
			bestScore = score;
			best = { text, spans };
		}
	}
	if (best === null || best.spans.length === 0) return "";
	const { text, spans } = best;
	// The window of `size` words with the most matches; the earliest of equals.
	let start = 0;
	let most = -1;
	for (let i = 0; i <= Math.max(0, spans.length - size); i++) {
		const n = spans.slice(i, i + size).filter((s) => s[2]).length;
		if (n > most) {
			most = n;
			start = i;
		}
	}
	const shown = spans.slice(start, start + size);
	let out = start > 0 ? "…" : "";
	let at = shown[0]?.[0] ?? 0;
	for (const [from, to, hit] of shown) {
		out += text.slice(at, from);
		out += hit ? `[${text.slice(from, to)}]` : text.slice(from, to);
		at = to;
	}
	if (start + size < spans.length) out += "…";
	else out += text.slice(at);
	return out;
}
