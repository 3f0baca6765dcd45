/**
 * Checks of a scanned report read as a whole, after its OCR flags (pipeline/ocr-flags.ts):
 *
 * - "ocr-unit-unread" (flag): a baseline or target read as a plain number (no "%") whose unit
 *   was left unknown while the row's indicator — where the unit of such a number comes from
 *   (normalizers/units.ts: "тоо" a count, "хувь" a percent) — was read with doubt (flagged) or
 *   not at all. The unit stored (none) is then a guess: a "тоо" misread ("тоu") loses it. A
 *   doubt that names only words no unit word is misread as ("Ї", "Р": specks) leaves it. So
 *   is a plain number under an indicator ending in a number (`endsInNumber`: "Баримтын 760",
 *   the unit word read as digits surely).
 * - "ocr-budget-scale" (flag): a budget amount under 1,000 tugrugs — no activity is budgeted so
 *   little: the scale word after the number ("сая", "мянга") was misread ("220 саа ОЧХС" stored
 *   as 220 ₮).
 *   A budget read as a mark that is neither a dash nor words (".", "'") is flagged the same way
 *   (a fax's dash broken to a dot).
 * - "ocr-value-with-words" (flag): a baseline or target holding a number and words ("100% Хагас
 *   жил", "80 Хагас жал 3 1": a header's words read into the cell of the row below, on a page
 *   whose rows ran together).
 * - "ocr-year-unlikely" (flag): a text naming a year ("2324 оны", "2124 онд") no report of its
 *   year can name — before 1900 or more than 30 years after the report's own (a digit misread
 *   with confidence: the engine's "2324" for "2024" scored 90).
 * - "ocr-latin-as-cyrillic" (flag): a short Cyrillic word made only of letters drawn like Latin
 *   ones ("раг", "егр") standing where a Latin name fits — before a word naming a file, a
 *   format, a system, a site, an address or a standard ("раг файл" for "pdf файл"), before a
 *   standard's number ("ІЅО 9001"), or beside a Latin word or a web address. Ordinary words of
 *   the same letters ("арга", "хагас", "сар") stand before Mongolian words and are not flagged.
 * - "ocr-stray-letter" (flag): a word of one small letter ("хангах м": a speck or a pen's dot read
 *   as a letter). Mongolian writes no such word but its particles "ч" and "л" ("нэг ч", "ганц
 *   л"); a list's "а)" and an abbreviation's "м." are not flagged.
 * - "ocr-stop-as-comma" (flag): a verb that ends a sentence ("тайлагнана", "хийлээ", "байгуулав")
 *   followed by a comma and a capital ("тайлагнана, Аймгийн"): the full stop read as a comma.
 * - "ocr-word-broken" (flag): a word beginning with a letter no Mongolian word begins with (й, ь,
 *   ъ, ы): a word read apart ("сист M йн" for "системийн").
 * - "ocr-stray-mark" (flag): a mark where Mongolian writes none — a straight quote opening a word
 *   while one is open ('"Аймгийн "Удирдах …"'), a slash standing as a bracket without its pair
 *   ("тоо/", "системийн /ашиглалтыг"), a comma or a hyphen between a converb and its
 *   auxiliary verb ("ажиллаж, буйд", "үзүүлж-буй"), a number joined to a whole word by a hyphen
 *   ("53-байгууллагын"), a hyphen standing alone between two small words ("арга - хэмжээний"), a
 *   text ending in a comma ("Үйл ажиллагааны тоо,"): a speck or a space read as a mark. A
 *   budget's source is checked for such marks too.
 * - "scan-unreliable" (hold): 30% or more of the plan table's fields are flagged — twice the share
 *   a readable scan may have (issue 14's acceptance: at most 15%); a page
 *   read this badly (a rough fax whose strokes are broken pixel by pixel read 48% of its fields
 *   flagged and half of its values wrong) is not counted until a person has gone through it.
 */
import { mayNameUnit } from "./ocr-flags.ts";
import type { Flag, Hold, Measure } from "./records.ts";

const QUANTITY_FIELDS = [
	"baseline",
	"targetHalfYear",
	"targetFullYear",
] as const;

/** Fields of an item a clerk checks (the ones flags name). */
export const TABLE_FIELDS = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performancePct",
] as const;

/** The share of a scanned plan table's fields flagged from which the report is held. */
export const UNRELIABLE_SHARE = 0.3;

/**
 * "ocr-unit-unread" flags: values whose unit was left unknown under an indicator read with doubt
 * or read empty. `flags` are the flags raised so far (the indicator's OCR flags among them).
 */
export function unitFlags(
	measures: readonly Measure[],
	flags: readonly Flag[],
): Flag[] {
	// A flag naming words of the indicator none of which may be a unit word misread ("Ї", a
	// speck beside a letter) leaves the unit as read.
	const doubtful = new Set(
		flags
			.filter(
				(f) =>
					f.item !== null &&
					f.field === "indicator" &&
					!marksCut(f) &&
					!(
						Array.isArray(f.evidence.words) &&
						f.evidence.words.length > 0 &&
						f.evidence.words.every(
							(w) => typeof w === "string" && !mayNameUnit(w),
						)
					),
			)
			.map((f) => f.item as string),
	);
	const out: Flag[] = [];
	for (const m of measures) {
		const unread = m.indicator.trim() === "";
		const number = endsInNumber(m.indicator);
		if (!unread && !number && !doubtful.has(m.item)) continue;
		for (const field of QUANTITY_FIELDS) {
			const q = m[field];
			if (q.value === null || q.unit !== null || q.raw.includes("%")) continue;
			const p = m.provenance?.[field]?.[0];
			out.push({
				kind: "ocr-unit-unread",
				severity: "warning",
				item: m.item,
				field,
				message: number
					? `"${q.raw}" is stored without a unit: its indicator ends in a number where the word giving the unit (тоо, хувь) stands; check the unit against the scan.`
					: `"${q.raw}" is stored without a unit: its indicator, which gives the unit (тоо, хувь), was not read with confidence; check the unit against the scan.`,
				evidence: {
					text: q.raw,
					indicator: m.indicator,
					unread,
					...(number ? { endsInNumber: true } : {}),
				},
				prov: p ? where(p) : null,
			});
		}
	}
	return out;
}

/**
 * A repair flag whose every repair only cut marks off the end of the text (a ruling's remnant:
 * "… мэдэгдэх |" → "… мэдэгдэх", pipeline/stitch): no word of the indicator, its unit word
 * among them, was changed.
 */
function marksCut(f: Flag): boolean {
	const repairs = f.evidence.repairs;
	return (
		f.kind === "ocr-repaired" &&
		Array.isArray(repairs) &&
		repairs.length > 0 &&
		repairs.every(
			(r) =>
				typeof r?.from === "string" &&
				typeof r?.to === "string" &&
				r.from.startsWith(r.to) &&
				!/[\p{N}]|[^\P{L}ІЇIil]/u.test(r.from.slice(r.to.length)),
		)
	);
}

/**
 * An indicator whose last word is a number of two digits or more right after a word ("Баримтын
 * 760", "Үйл ажиллагааны 417"), marks after it aside: where an indicator names its values' unit
 * ("тоо", "хувь") a number stands — the unit word read as digits, surely or not (the other
 * maker's fax read "тоо" as "760" at 93). A lone digit after a mark ("байна. | 1": a ruling's
 * remnant and a speck) is not. No indicator of the gold ends so.
 */
export const endsInNumber = (indicator: string): boolean =>
	/\p{L}\s+\p{N}{2,}[^\p{L}\p{N}]*$/u.test(indicator.trim());

/** Below this a budget's amount (tugrugs) is taken for a scale word misread. */
export const LEAST_BUDGET = 1000;

/** A budget's dash (no budget), as the engine gives it. */
const DASH = /^[-–—−]$/u;

/** "ocr-budget-scale" flags: budget amounts so small that their scale word must be misread. */
export function budgetFlags(measures: readonly Measure[]): Flag[] {
	const out: Flag[] = [];
	for (const m of measures) {
		const { raw, amountMnt } = m.budget;
		const p = m.provenance?.budget?.[0];
		const prov = p ? where(p) : null;
		if (amountMnt !== null && amountMnt < LEAST_BUDGET)
			out.push({
				kind: "ocr-budget-scale",
				severity: "warning",
				item: m.item,
				field: "budget",
				message: `The budget "${raw}" gives ${amountMnt} ₮: no scale word (мянга, сая, тэрбум) was read after the number; check against the scan.`,
				evidence: { text: raw, amountMnt },
				prov,
			});
		else if (/^[^\p{L}\p{N}]+$/u.test(raw) && !DASH.test(raw))
			out.push({
				kind: "ocr-budget-scale",
				severity: "warning",
				item: m.item,
				field: "budget",
				message: `The budget was read as "${raw}", neither a dash nor words nor an amount; check against the scan.`,
				evidence: { text: raw, mark: true },
				prov,
			});
	}
	return out;
}

/** "ocr-value-with-words" flags: baselines and targets read as a number with words. */
export function valueWordFlags(measures: readonly Measure[]): Flag[] {
	const out: Flag[] = [];
	for (const m of measures)
		for (const field of QUANTITY_FIELDS) {
			const { raw, value } = m[field];
			if (value === null || !/\p{L}{3}/u.test(raw)) continue;
			const p = m.provenance?.[field]?.[0];
			out.push({
				kind: "ocr-value-with-words",
				severity: "warning",
				item: m.item,
				field,
				message: `"${raw}" holds a number and words: a heading's or another cell's words may have been read into the value; check against the scan.`,
				evidence: { text: raw },
				prov: p ? where(p) : null,
			});
		}
	return out;
}

const TEXT_FIELDS = ["activity", "indicator", "achievement"] as const;

/** The earliest year a report's text is taken to name. */
export const EARLIEST_YEAR = 1900;
/** How many years after the report's own its text may name (plans to 2050: "Алсын хараа 2050"). */
export const YEARS_AHEAD = 30;

// A year (or a span of years) and the word "он" in one of its forms: "2024 оны", "2024-2025 онд".
const YEAR_PHRASE =
	/(?<![\p{L}\p{N}.,])(\d{4})(?:\s*[-–]\s*(\d{4}))?\s*(?:-?\s*)(он(?:ы|д|оос|ыг|той|ых\p{L}*|ууд\p{L}*)?)(?![\p{L}])/gu;

/**
 * The year phrases of a text naming a year outside [EARLIEST_YEAR, year + YEARS_AHEAD] (without
 * the report's year, up to 2100): "2324 оны" in a report of 2024.
 */
export function unlikelyYears(text: string, year: number | null): string[] {
	const last = year === null ? 2100 : year + YEARS_AHEAD;
	const out: string[] = [];
	for (const m of text.matchAll(YEAR_PHRASE)) {
		const years = [m[1], m[2]].filter((y) => y !== undefined).map(Number);
		if (years.some((y) => y < EARLIEST_YEAR || y > last)) out.push(m[0]);
	}
	return out;
}

// Small Cyrillic letters drawn like a Latin one (а a, е e, о o, р p, с c, у y, х x; г r, к k,
// п n in most faces), and the capitals.
const TWIN_WORD = /^(?:[аеорсухгкп]{2,4}|[АВЕКМНОРСТХУ]{2,4})$/u;
// The words after which a Latin name stands: a file, a format, a system, a site, an address, a
// standard, a program, a version, a code, a platform.
const LATIN_NAMES_A =
	/^(?:файл|формат|хэлбэр|систем|сайт|вэб|веб|хаяг|стандарт|сертификат|программ|програм|хувилбар|код|платформ|апп)/iu;
const bare = (w: string) => w.replace(/^[("«“„'[]+|[)"»”.,;:!?'\]]+$/gu, "");

/**
 * Cyrillic words of a text made only of letters drawn like Latin ones, standing where a Latin
 * name fits: before a word naming a file, a format, a system, a site, an address or a standard
 * ("раг файл"), before a standard's number that is not a year ("ОСО 9001"), or beside a word
 * written in Latin letters or a web address ("www", "gov.mn").
 */
export function latinAsCyrillic(text: string): string[] {
	const ws = text.split(/\s+/u).filter((w) => w !== "");
	const out: string[] = [];
	ws.forEach((raw, i) => {
		const w = bare(raw);
		if (!TWIN_WORD.test(w)) return;
		const next = bare(ws[i + 1] ?? "");
		const after = bare(ws[i + 2] ?? "");
		const prev = bare(ws[i - 1] ?? "");
		const latin = (x: string) => /[A-Za-z]{2}/u.test(x);
		if (
			LATIN_NAMES_A.test(next) ||
			(/^\d{4,5}(?::\d{4})?$/u.test(next) && !/^он/u.test(after)) ||
			latin(next) ||
			latin(prev)
		)
			out.push(raw);
	});
	return out;
}

/** Words of one small letter, but the particles "ч" and "л": a speck read as a letter. */
export function strayLetters(text: string): string[] {
	return text
		.split(/\s+/u)
		.filter((w) => /^[а-яёөүa-z][,;:]?$/u.test(w) && !/^[чл]/u.test(w));
}

// A finite verb's ending (present-future, past): such a verb ends a Mongolian sentence.
const FINITE = /\p{L}{2}(?:на|нэ|но|нө|лаа|лээ|лоо|лөө|жээ|чээ|[аэоөиуйы]в),$/u;

/**
 * A finite verb ending a sentence, followed by a comma and a capital ("тайлагнана, Аймгийн"):
 * the verb with its comma, where a full stop was read as a comma. A participle ("батлагдсан,
 * Эрдэнэ") goes on in the sentence and is not named.
 */
export function stopsAsCommas(text: string): string[] {
	const ws = text.split(/\s+/u);
	return ws.filter(
		(w, i) => FINITE.test(w) && /^[«"“(]?\p{Lu}/u.test(ws[i + 1] ?? ""),
	);
}

/** Words beginning with a letter no Mongolian word begins with (й, ь, ъ, ы): a word read apart. */
export function brokenWords(text: string): string[] {
	return text.split(/\s+/u).filter((w) => /^[("«“„']?[йьъыЙЬЪЫ]/u.test(w));
}

/**
 * Straight quotes without their pair, where the text has no curly ones (those are
 * pipeline/ocr-flags.ts lookalikeWords'): a quote opening a word while one is open (the earlier
 * is named) and one closing with none open. A speck before a word read as a quote ('"Аймгийн
 * "Удирдах …"-д': the first is named). One left open at the text's end is not named: reports
 * leave quotes open (the gold's '"Ламын Гэгээнд … Баяр наадам, …').
 */
export function unpairedQuotes(text: string): string[] {
	if (!text.includes('"') || /[“”„]/u.test(text)) return [];
	const out: string[] = [];
	let open: string | undefined;
	for (const [word] of text.matchAll(/\S+/gu)) {
		for (const m of word.matchAll(/"/gu)) {
			const i = m.index ?? 0;
			const before = word[i - 1];
			const after = word[i + 1];
			// A quote at a word's start (or after a bracket) opens; one after a letter, a digit or
			// a mark closes ("зөвлөгөөн\"-д", "гардуулах\",").
			const opens =
				before === undefined || /[(«[]/u.test(before)
					? after !== undefined && !/[\s,.;:!?)»\]-]/u.test(after)
					: false;
			if (opens) {
				if (open !== undefined) out.push(open);
				open = word;
			} else if (open !== undefined) open = undefined;
			else out.push(word);
		}
	}
	return [...new Set(out)];
}

/**
 * Slashes standing as brackets without their pair ("/ЗДТГ, … аудит/" is a pair): a word opening
 * with "/" while one is open (the earlier is named) or never closed, a word closing with "/"
 * with none open ("тоо/"), a "/" standing alone. A document's number ("А/105", "3/698") has its
 * slash between letters or digits and is no bracket.
 */
export function unpairedSlashes(text: string): string[] {
	const out: string[] = [];
	let open: string | undefined;
	for (const [word] of text.matchAll(/\S+/gu)) {
		if (/^[/\\]+[,.;:]*$/u.test(word)) {
			out.push(word);
			continue;
		}
		const opens = /^[(«"]?\/[\p{L}\p{N}]/u.test(word);
		const closes = /[\p{L}\p{N}.)"»]\/[,.;:)]*$/u.test(word);
		if (opens && closes) continue;
		if (opens) {
			if (open !== undefined) out.push(open);
			open = word;
		} else if (closes) {
			if (open !== undefined) open = undefined;
			else out.push(word);
		}
	}
	if (open !== undefined) out.push(open);
	return out;
}

// A converb (-ж, -ч) and the auxiliary verb after it ("ажиллаж буй", "хийж байна"): one phrase,
// written with a space only.
// (From a word's start only: a long run of letters is tried once, not from each of its letters.)
const AUXILIARY =
	/(?<!\p{L})(\p{L}+[жч])(\s*,\s*|\s*[-–]\s*)(буй\p{L}*|бай(?:на|гаа|сан|в|лаа|даг|х|ж)\p{L}*)/gu;
// A number and a word of six letters or more joined by a hyphen ("53-байгууллагын"): case endings
// after a number are short ("09-ний", "15-наас", "5846-аар"); "3-дугаар" is written so.
const NUMBER_JOINED = /(?<![\p{L}\p{N}])\d+-(?!дугаар|дүгээр)\p{L}{6,}/gu;
// A hyphen standing alone between two words of small letters ("арга - хэмжээний"): Mongolian
// writes a dash between words only as a range or an aside, never inside a phrase of small words
// (the gold's texts and budgets hold none) — a speck between two words read as a hyphen.
const LONE_HYPHEN = /(?<!\p{L})[а-яёөү]+ [-–] [а-яёөү]+/gu;

/**
 * Marks no Mongolian text has where they stand, a speck read as a mark or a space read as one: a
 * quote without its pair (unpairedQuotes), a slash standing as a bracket without its pair
 * (unpairedSlashes: "системийн /ашиглалтыг", "тоо/"), a comma or a hyphen between a converb and its
 * auxiliary verb ("ажиллаж, буйд", "үзүүлж-буй"), a number joined to a whole word by a hyphen
 * ("53-байгууллагын"), a hyphen standing alone between two words of small letters ("арга -
 * хэмжээний"), a text ending in a comma ("Үйл ажиллагааны тоо,").
 */
export function strayMarks(text: string): string[] {
	const out = [
		...unpairedQuotes(text),
		...unpairedSlashes(text),
		...[...text.matchAll(AUXILIARY)].map((m) => m[0]),
		...[...text.matchAll(NUMBER_JOINED)].map((m) => m[0]),
		...[...text.matchAll(LONE_HYPHEN)].map((m) => m[0]),
	];
	const end = text.trimEnd();
	if (end.endsWith(",") && end.length > 1) {
		let i = end.length - 1;
		while (i > 0 && !/\s/u.test(end[i - 1] as string)) i--;
		out.push(end.slice(i));
	}
	return out;
}

/**
 * The text checks of a scanned report: each names the words of a text that raise its question,
 * and says what the question is (the flag's message, after the quoted words; the catalogue's
 * English, messages/flags.ts).
 */
const TEXT_CHECKS: readonly {
	kind: Flag["kind"];
	find: (text: string, year: number | null) => string[];
	says: string;
}[] = [
	{
		kind: "ocr-year-unlikely",
		find: unlikelyYears,
		says: "names a year no report of its year names: a digit may be misread",
	},
	{
		kind: "ocr-latin-as-cyrillic",
		find: latinAsCyrillic,
		says: "is read in Cyrillic letters where a Latin name (a file format, a system, a standard, an address) stands; it may be a Latin word misread",
	},
	{
		kind: "ocr-stray-letter",
		find: strayLetters,
		says: "is a word of one letter: a speck or a pen's mark may have been read as a letter",
	},
	{
		kind: "ocr-stop-as-comma",
		find: stopsAsCommas,
		says: "ends a sentence with a comma before a capital: a full stop may have been read as a comma",
	},
	{
		kind: "ocr-word-broken",
		find: brokenWords,
		says: "begins with a letter no Mongolian word begins with: a word may have been read apart",
	},
	{
		kind: "ocr-stray-mark",
		find: strayMarks,
		says: "holds a mark where Mongolian writes none (a quote or a slash without its pair, a comma or a hyphen inside a phrase, a comma ending the text): a speck or a space may have been read as a mark",
	},
];

/**
 * The TEXT_CHECKS' flags of the text fields (activity, indicator, narrative) of a scanned report
 * of `year`: one flag per check and field, naming every word that raised it.
 */
export function textFlags(
	measures: readonly Measure[],
	year: number | null,
): Flag[] {
	const out: Flag[] = [];
	for (const m of measures)
		for (const field of TEXT_FIELDS)
			for (const check of TEXT_CHECKS) {
				const words = check.find(m[field], year);
				if (words.length === 0) continue;
				// The piece a word was read in (a narrative's paragraph), as the flag's provenance.
				const pieces = m.provenance?.[field] ?? [];
				const piece =
					pieces.find((x) => words.some((w) => x.text.includes(w))) ??
					pieces[0];
				out.push({
					kind: check.kind,
					severity: "warning",
					item: m.item,
					field,
					message: `${words.map((w) => `"${w}"`).join(", ")} ${check.says}; check against the scan.`,
					evidence:
						check.kind === "ocr-year-unlikely" ? { words, year } : { words },
					prov: piece ? where(piece) : null,
				});
			}
	// A budget's words (its source: "Хөгжлийн төлөвлөгөө хэрэгжүүлэх арга хэмжээний зардал") hold
	// no stray mark either.
	const stray = TEXT_CHECKS.find((c) => c.kind === "ocr-stray-mark");
	for (const m of measures) {
		const words = stray ? strayMarks(m.budget.raw) : [];
		if (!stray || words.length === 0) continue;
		const piece = m.provenance?.budget?.[0];
		out.push({
			kind: stray.kind,
			severity: "warning",
			item: m.item,
			field: "budget",
			message: `${words.map((w) => `"${w}"`).join(", ")} ${stray.says}; check against the scan.`,
			evidence: { words },
			prov: piece ? where(piece) : null,
		});
	}
	return out;
}

/** Where a piece was read, as a flag's provenance. */
function where(p: NonNullable<Measure["provenance"]>[string][number]) {
	return {
		file: p.file,
		page: p.page,
		...(p.table !== undefined ? { table: p.table } : {}),
		...(p.row !== undefined ? { row: p.row } : {}),
		...(p.cell !== undefined ? { cell: p.cell } : {}),
		...(p.bbox ? { bbox: p.bbox } : {}),
	};
}

/**
 * A "scan-unreliable" hold when 30% or more of the plan table's fields (nine per item)
 * carry a flag.
 */
export function scanHolds(
	measures: readonly Measure[],
	flags: readonly Flag[],
): Hold[] {
	const fields = measures.length * TABLE_FIELDS.length;
	if (fields === 0) return [];
	const items = new Set(measures.map((m) => m.item));
	const names = new Set<string>(TABLE_FIELDS);
	const flagged = new Set(
		flags
			.filter(
				(f) =>
					f.item !== null &&
					items.has(f.item) &&
					f.field !== null &&
					names.has(f.field),
			)
			.map((f) => `${f.item}\u0000${f.field}`),
	);
	const share = flagged.size / fields;
	if (share < UNRELIABLE_SHARE) return [];
	const pct = Math.round(share * 100);
	return [
		{
			kind: "scan-unreliable",
			message: `${flagged.size} of the plan table's ${fields} fields (${pct}%) are flagged: the scan was read too poorly to count it as it is. The report is kept out of the queries until a person accepts it.`,
			evidence: { flagged: flagged.size, fields, percent: pct },
		},
	];
}
