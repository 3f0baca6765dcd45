/**
 * Map a table header cell to the column's role by its words, not its position: reports differ in
 * wording and column count, and OCR garbles headers ("Номгон Гүйцэтгэлийн гэлийн хувь").
 */
import { distance } from "fastest-levenshtein";
import { foldLookalikes, lowerMn, words } from "./text.ts";

/** The role of a plan-table column (DESIGN.md §1). */
export type ColumnRole =
	| "item"
	| "activity"
	| "budget"
	| "indicator"
	| "baseline"
	| "target"
	| "targetHalfYear"
	| "targetFullYear"
	| "achievement"
	| "performance"
	// Columns some reports add; kept in the evidence, never poured into a field.
	| "responsible"
	| "deadline"
	| "notes";

/** Roles of columns that are kept as evidence only (no field of the record). */
export const EXTRA_ROLES: ReadonlySet<ColumnRole> = new Set([
	"responsible",
	"deadline",
	"notes",
]);

/** A role and how well the header matched it, 0..1. */
export interface RoleMatch {
	role: ColumnRole;
	score: number;
}

/** A keyword: its accepted forms (word prefixes) and its weight within its pattern. */
interface Keyword {
	forms: readonly string[];
	weight: number;
}

/** Keywords that together name a role; a role may be named several ways. A pattern with a cap
 * is a shortened form of a fuller one ("Шалгуур" for "Шалгуур үзүүлэлт"): it scores at most
 * the cap, so the full wording still reads best. */
type Pattern = readonly Keyword[] & { cap?: number };

const kw = (weight: number, ...forms: string[]): Keyword => ({ forms, weight });
const short = (k: Keyword): Pattern => Object.assign([k], { cap: 0.9 });

/**
 * Role patterns, most specific roles first (ties go to the earlier role). Distinguishing words
 * weigh more than shared ones ("түвшин" is in baseline, target and achievement headers).
 */
const PATTERNS: ReadonlyArray<readonly [ColumnRole, readonly Pattern[]]> = [
	["item", [[kw(1, "дугаар")], [kw(1, "дэс"), kw(1, "дугаар")]]],
	[
		"activity",
		[
			[kw(1, "стратеги"), kw(1, "төлөвлөгөө")],
			[kw(1, "бодлогын", "бодлого"), kw(1, "баримт")],
			[kw(1, "хууль"), kw(1, "тогтоомж")],
			[kw(1, "арга"), kw(1, "хэмжээ")],
			[kw(1, "үйл"), kw(1, "ажиллагаа")],
			[kw(1, "хэрэгжүүлэх"), kw(1, "ажил")],
			[kw(1, "ажлын"), kw(1, "нэр")],
		],
	],
	[
		"budget",
		[
			[kw(1, "төсөв", "төсв")],
			[kw(1, "санхүүж")],
			[kw(1, "хөрөнгө"), kw(1, "эх"), kw(1, "үүсвэр")],
		],
	],
	[
		"indicator",
		[[kw(1, "шалгуур"), kw(1, "үзүүлэлт")], short(kw(1, "шалгуур"))],
	],
	[
		"baseline",
		[
			[kw(2, "суурь"), kw(1, "түвшин")],
			short(kw(3, "суурь")),
			[kw(2, "өмнөх"), kw(1, "он")],
			[kw(2, "эхлэлийн", "эхлэл"), kw(1, "түвшин")],
		],
	],
	["targetHalfYear", [[kw(2, "хагас"), kw(1, "жил")]]],
	[
		"targetFullYear",
		[
			[kw(2, "бүтэн"), kw(1, "жил")],
			[kw(1, "жил"), kw(2, "эцэс", "эцс")],
			[kw(1, "он"), kw(2, "эцэс", "эцс")],
		],
	],
	[
		"target",
		[
			[kw(2, "зорилтот"), kw(1, "түвшин")],
			short(kw(3, "зорилтот")),
			[kw(2, "төлөвлөсөн", "төлөвлөгөөт"), kw(1, "түвшин")],
			[kw(2, "хүрэх"), kw(1, "түвшин")],
		],
	],
	[
		"performance",
		[
			[kw(2, "гүйцэтгэл"), kw(1, "хувь")],
			[kw(2, "хэрэгжилт"), kw(1, "хувь")],
			[kw(2, "биелэлт"), kw(1, "хувь")],
			[kw(2, "үнэлгээ")],
			[kw(1, "хувь")],
		],
	],
	[
		"achievement",
		[
			[kw(2, "хүрсэн"), kw(1, "түвшин")],
			short(kw(2, "хүрсэн")),
			[kw(1, "хэрэгжилт")],
			[kw(2, "хэрэгжилт"), kw(1, "тайлбар")],
			[kw(1, "биелэлт")],
			[kw(1, "гүйцэтгэл")],
			Object.assign([kw(1, "үр"), kw(1, "дүн")], { cap: 0.85 }),
		],
	],
	[
		"responsible",
		[
			[kw(2, "хариуцах", "хариуцагч", "хариуцан")],
			[kw(2, "гүйцэтгэгч")],
			[kw(2, "хамтрагч", "хамтрах")],
		],
	],
	["deadline", [[kw(2, "хугацаа")]]],
	["notes", [[kw(1, "тайлбар")], [kw(1, "тэмдэглэл")]]],
];

/** Matches below this score name no role. */
export const MIN_ROLE_SCORE = 0.5;

// Keywords shorter than this match by prefix only: edits on short words make other words.
const FUZZY_MIN_LENGTH = 5;
// Edits allowed: 1 on keywords of 5–6 letters, 2 on longer ones.
const maxEdits = (form: string): number => (form.length >= 7 ? 2 : 1);

/** How well one header word matches a keyword form: 1 for a prefix, less per OCR edit, else 0. */
function formMatch(word: string, form: string, abbreviated = false): number {
	if (word.startsWith(form)) return 1;
	// An abbreviation ("Шалг. үзүүлэлт", "Суурь түв."): the word cut short with a dot.
	if (abbreviated && word.length >= 3 && form.startsWith(word)) return 0.9;
	// A form glued to a stray syllable ("йнСуурь", "тШалгуур": a PDF's wrapped word tail put in
	// the next cell): found inside the word.
	if (form.length >= 5 && word.length > form.length && word.includes(form))
		return 0.85;
	if (form.length < FUZZY_MIN_LENGTH || word.length < FUZZY_MIN_LENGTH)
		return 0;
	// Compare the word's head with the form, allowing the head to be one letter off in length.
	let best = Number.POSITIVE_INFINITY;
	for (const len of [form.length - 1, form.length, form.length + 1]) {
		if (len <= word.length)
			best = Math.min(best, distance(word.slice(0, len), form));
	}
	return best <= maxEdits(form) ? 1 - 0.15 * best : 0;
}

function keywordMatch(
	headerWords: readonly string[],
	keyword: Keyword,
	abbreviations: ReadonlySet<string>,
): number {
	let best = 0;
	for (const w of headerWords) {
		for (const form of keyword.forms)
			best = Math.max(best, formMatch(w, form, abbreviations.has(w)));
	}
	return best;
}

/**
 * The role a header cell names, matched by keyword prefixes with a few OCR edits allowed on words
 * of 5 letters or more, and Latin look-alike letters read as Cyrillic. Extra words do not lower
 * the score. Score: the matched share of the best pattern's keyword weight.
 * "№", "Д/д" → item; "Арга хэмжээ" → activity; "Төсөв" → budget; "Шалгуур үзүүлэлт" → indicator;
 * "Суурь түвшин" → baseline; "Зорилтот түвшин" → target; "Хагас жил" → targetHalfYear;
 * "Бүтэн жил" / "Жилийн эцэс" → targetFullYear; "Хүрсэн түвшин буюу хэрэгжилт" → achievement;
 * "Гүйцэтгэлийн хувь" / "Хэрэгжилтийн хувь" / "Үнэлгээ" / "%" → performance; and the columns
 * kept as evidence only: "Хариуцах нэгж" → responsible, "Хугацаа" → deadline, "Тайлбар" → notes.
 * Abbreviations cut with a dot ("Шалг. үзүүлэлт", "Суурь түв.") match with a lower score. The
 * full list of wordings is in docs/layouts.md.
 * @param text - a header cell's text
 * @returns the best role, or null when nothing scores at least {@link MIN_ROLE_SCORE}, for
 *   digits-only (a numbering row) or empty text
 */
export function roleForHeader(text: string): RoleMatch | null {
	const t = lowerMn(foldLookalikes(text)).trim();
	if (/№|^#$|^д\s*[./]\s*д\.?$/u.test(t)) return { role: "item", score: 1 };
	// "Гүйцэтгэл (%)": the sign says "хувь".
	const headerWords = [...words(t), ...(t.includes("%") ? ["хувь"] : [])];
	if (headerWords.length === 0) return null;
	const abbreviations = new Set(
		[...t.matchAll(/(\p{L}+)\./gu)].map((m) => m[1] as string),
	);
	let best: { role: ColumnRole; score: number; weight: number } | null = null;
	for (const [role, patterns] of PATTERNS) {
		for (const pattern of patterns) {
			const total = pattern.reduce((sum, k) => sum + k.weight, 0);
			const matched = pattern.reduce(
				(sum, k) =>
					sum + k.weight * keywordMatch(headerWords, k, abbreviations),
				0,
			);
			const score = Math.min(pattern.cap ?? 1, matched / total);
			// Equal scores: the pattern that matched more evidence wins ("хэрэгжилтийн хувь").
			if (
				best === null ||
				score > best.score ||
				(score === best.score && matched > best.weight)
			) {
				best = { role, score, weight: matched };
			}
		}
	}
	if (best === null || best.score < MIN_ROLE_SCORE) return null;
	return { role: best.role, score: Math.round(best.score * 1000) / 1000 };
}
