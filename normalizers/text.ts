/**
 * Text helpers for Mongolian Cyrillic: whitespace, case, sentence continuity, crude stems and
 * string similarity. Mongolian adds Ө ө Ү ү to the Russian alphabet; every helper here works on
 * Unicode letter classes (\p{L}), so those letters are letters like any other.
 */
import { distance } from "fastest-levenshtein";

/**
 * Replace every run of whitespace (incl. no-break and thin spaces, newlines) with one space and trim.
 * @param s - any text
 */
export function collapseWhitespace(s: string): string {
	return s.replace(/\s+/gu, " ").trim();
}

/**
 * Lower-case Mongolian Cyrillic and Latin text (Ө → ө, Ү → ү included), locale-independent.
 * The text is NFC-normalized first so that a decomposed "й" or "ё" stays one letter.
 * @param s - any text
 */
export function lowerMn(s: string): string {
	return s.normalize("NFC").toLowerCase();
}

/**
 * The first Unicode letter of `s`, skipping leading quotes, dashes, digits and punctuation.
 * @param s - any text
 * @returns the letter, or null when `s` has no letter
 */
export function firstLetter(s: string): string | null {
	const m = /\p{L}/u.exec(s.normalize("NFC"));
	return m ? m[0] : null;
}

function isLower(letter: string): boolean {
	return letter === letter.toLowerCase() && letter !== letter.toUpperCase();
}

/**
 * Whether `s` reads as the continuation of a sentence: its first letter is lower case.
 * False when `s` opens with a digit ("1." item), a list dash or bullet ("-", "–", "—", "•", "*"),
 * or a letter item marker ("а)"), all of which start a new paragraph.
 * @param s - a text fragment
 */
export function startsLowercase(s: string): boolean {
	const t = s.normalize("NFC").trimStart();
	if (t === "" || /^[\d\-–—−•·*▪●]/u.test(t) || /^\p{L}\)/u.test(t))
		return false;
	const letter = firstLetter(t);
	return letter !== null && isLower(letter);
}

/**
 * Words that announce a following name ("… профессор, Доктор" | "Хью Парсонс …"): a fragment
 * ending in one of them continues in the next fragment.
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
	"доктор",
	"профессор",
	"академич",
	"ерөнхийлөгч",
	"дарга",
	"сайд",
	"захирал",
	"гишүүн",
	"төлөөлөгч",
	"ноён",
	"хатагтай",
]);

/** Abbreviated titles, written with a final dot that does not end the sentence ("Др. Батаа"). */
export const TITLE_ABBREVIATIONS: ReadonlySet<string> = new Set([
	"др",
	"доц",
	"проф",
	"акад",
]);

/** Why a fragment ends mid-sentence; see {@link danglingEnd}. */
export type DanglingReason =
	| "title"
	| "initial"
	| "year"
	| "no-final-punctuation";

// Closing quotes and brackets that may follow a sentence's final mark: `… гэв."`.
const CLOSERS = /["”“’'`)\]]+$/u;
const FINAL_PUNCTUATION = /[.!?…;:»]$/u;

/**
 * Why `s` ends mid-sentence, or null when it ends a sentence (or is empty). Most specific first:
 * - "title": the last word is a title needing a name ({@link TITLE_WORDS}, or an abbreviated one
 *   with its dot, {@link TITLE_ABBREVIATIONS}: "Др.");
 * - "initial": it ends with a single capital initial and a dot ("Ерөнхийлөгч У.");
 * - "year": it ends with a 4-digit number (a year before "оны" continues: "… 2024" | "оны …");
 * - "no-final-punctuation": it ends without . ! ? … ; : or ».
 * @param s - a text fragment
 */
export function danglingEnd(s: string): DanglingReason | null {
	// Only the end matters; anchored-at-end regexes over a long narrative are slow, so look at
	// the last words only (cut at a space so "^" still means a word start).
	const tail =
		s.length > 120 ? s.slice(s.lastIndexOf(" ", s.length - 80) + 1) : s;
	const t = collapseWhitespace(tail.normalize("NFC"));
	if (t === "") return null;
	const lastWord = /(\p{L}+)(\.?)$/u.exec(t);
	if (lastWord?.[1] !== undefined) {
		// "… дарга." ends a sentence; a bare title or an abbreviated one ("Др.") does not.
		const word = lowerMn(lastWord[1]);
		const titles = lastWord[2] === "." ? TITLE_ABBREVIATIONS : TITLE_WORDS;
		if (titles.has(word)) return "title";
	}
	if (/(?:^|[^\p{L}])\p{Lu}\.$/u.test(t)) return "initial";
	if (/(?:^|\D)\d{4}$/u.test(t)) return "year";
	const core = t.replace(CLOSERS, "");
	if (core === "" || !FINAL_PUNCTUATION.test(core))
		return "no-final-punctuation";
	return null;
}

/**
 * Whether `s` ends mid-sentence: no final punctuation, a trailing 4-digit year, a trailing title
 * word, or a trailing initial ("У."). See {@link danglingEnd} for the reason.
 * @param s - a text fragment
 */
export function endsDangling(s: string): boolean {
	return danglingEnd(s) !== null;
}

/**
 * The words of `s`: runs of letters (digits and punctuation split words), lower-cased.
 * @param s - any text
 */
export function words(s: string): string[] {
	return lowerMn(s).match(/\p{L}+/gu) ?? [];
}

/** Letters kept by {@link stem}. */
export const STEM_LENGTH = 5;

/**
 * A crude stem for topic overlap: the word lower-cased, cut to its first 5 letters.
 * Mongolian is agglutinative: case, plural and verb suffixes pile up at the end of a stem
 * ("төсөл", "төслийн", "төслүүдийг"), so a fixed-length prefix groups most forms of a word
 * without a dictionary. Words shorter than 5 letters are kept whole.
 * @param word - one word
 */
export function stem(word: string): string {
	return Array.from(lowerMn(word)).slice(0, STEM_LENGTH).join("");
}

/** Frequent function words and report boilerplate that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
	"болон",
	"байна",
	"байгаа",
	"байсан",
	"байх",
	"бөгөөд",
	"ажиллах",
	"ажилласан",
	"хүрээнд",
	"зорилгоор",
	"тухай",
	"оны",
	"онд",
	"сарын",
	"дугаар",
	"дүгээр",
	"өдөр",
	"өдрийн",
	"зэрэг",
	"бусад",
	"нийт",
	"чиглэлээр",
	"талаар",
	"холбогдуулан",
	"хийх",
	"хийсэн",
	"өгөх",
	"өгсөн",
	"бүрэн",
	"мөн",
	"энэ",
	"тэр",
	"нэг",
]);

/**
 * The topic stems of `s`: {@link stem} of every word of at least 4 letters not in {@link STOP_WORDS}.
 * @param s - any text
 */
export function stems(s: string): Set<string> {
	const out = new Set<string>();
	for (const w of words(s)) {
		const st = topicStem(w);
		if (st !== null) out.add(st);
	}
	return out;
}

// Words repeat within a report and across reports: stems() looks each word up once.
const topicStems = new Map<string, string | null>();
const MAX_CACHED_STEMS = 50_000;

/** stem(w) when w (a lower-cased word from words()) counts as topic, else null; cached. */
function topicStem(w: string): string | null {
	let st = topicStems.get(w);
	if (st === undefined) {
		st = codePoints(w) >= 4 && !STOP_WORDS.has(w) ? stem(w) : null;
		if (topicStems.size >= MAX_CACHED_STEMS) topicStems.clear();
		topicStems.set(w, st);
	}
	return st;
}

/** The number of code points of `s` (Array.from(s).length, without the array). */
function codePoints(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		// A high surrogate followed by a low one is one code point; a lone surrogate is one too.
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) i++;
		}
		n++;
	}
	return n;
}

/**
 * Normalized edit similarity: 1 − Levenshtein(a, b) / max(|a|, |b|), both with whitespace
 * collapsed. 1 for equal texts (two empty texts included), 0 for wholly different ones.
 * Case-sensitive: lower-case with {@link lowerMn} first when case should not count.
 * @param a - first text
 * @param b - second text
 */
export function similarity(a: string, b: string): number {
	const x = collapseWhitespace(a);
	const y = collapseWhitespace(b);
	const longest = Math.max(x.length, y.length);
	if (longest === 0) return 1;
	return 1 - distance(x, y) / longest;
}

/** Latin letters that OCR emits in place of Cyrillic ones of the same shape (lower case). */
export const LOOKALIKES: Readonly<Record<string, string>> = {
	a: "а",
	b: "в",
	c: "с",
	e: "е",
	h: "н",
	k: "к",
	m: "м",
	n: "п",
	o: "о",
	p: "р",
	t: "т",
	x: "х",
	y: "у",
};

/**
 * Replace Latin look-alike letters (a, c, e, o, p, x, y …) with their Cyrillic twins in every word
 * that also holds a Cyrillic letter ("Шалгyyр" → "Шалгуур"); pure-Latin words are kept, so
 * "e-mail" or "ХХК Eco" survive. Meant for matching; keep the raw text for display.
 * @param s - any text
 */
export function foldLookalikes(s: string): string {
	return s.replace(/[\p{L}]+/gu, (word) => {
		if (!/\p{Script=Cyrillic}/u.test(word) || !/[A-Za-z]/.test(word))
			return word;
		return word.replace(/[A-Za-z]/g, (ch) => {
			const lower = ch.toLowerCase();
			const twin = LOOKALIKES[lower];
			if (twin === undefined) return ch;
			return ch === lower ? twin : twin.toUpperCase();
		});
	});
}

/**
 * Every Latin look-alike letter replaced with its Cyrillic twin, in every word (unlike
 * {@link foldLookalikes}, which keeps pure-Latin words): the shape of a text, for deciding
 * whether two extractions of one document say the same thing ("eoffice" and "еоffiсе" have one
 * skeleton). Lossy — never for display or storage.
 * @param s - any text
 */
export function lookalikeSkeleton(s: string): string {
	return s.replace(/[A-Za-z]/g, (ch) => {
		const lower = ch.toLowerCase();
		const twin = LOOKALIKES[lower];
		if (twin === undefined) return ch;
		return ch === lower ? twin : twin.toUpperCase();
	});
}
