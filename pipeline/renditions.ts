/**
 * Renditions: one report saved in several formats (a .md, its .pdf, two .docx) is one report,
 * not several versions. Two extractions are renditions of one report when their content is the
 * same once the differences a format makes are taken out: whitespace and line breaks, Latin
 * letters that look like Cyrillic ones, typographic dashes and quotes, spaces around
 * punctuation, invisible characters, item numbers written "01.1", numbers by their value rather
 * than their spelling. Anything else that differs (a value, a word, an item more or less, another
 * summary) is other content: a new version. Pure functions; the store decides with them.
 */
import {
	collapseWhitespace,
	lookalikeSkeleton,
	lowerMn,
} from "../normalizers/text.ts";
import type { Measure, Quantity, ReportRecord } from "./records.ts";

/**
 * A text as it is compared between renditions: NFC, invisible characters (soft hyphen,
 * zero-width spaces, BOM) dropped, lower case, Latin look-alikes read as their Cyrillic twins
 * (in every word: lookalikeSkeleton),
 * typographic dashes and quotes unified, no space next to punctuation, one space between words.
 * @param s - any text
 */
export function renditionText(s: string | null | undefined): string {
	if (s === null || s === undefined) return "";
	let t = s.normalize("NFC").replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "");
	t = lookalikeSkeleton(lowerMn(t));
	t = t
		.replace(/[\u2010-\u2015\u2212]/g, "-")
		.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
		.replace(/[\u2018\u2019\u201a]/g, "'")
		.replace(/\u2026/g, "...")
		.replace(/№/g, "no");
	t = collapseWhitespace(t);
	// "word ," / "( word" / "a - b": punctuation placed differently by each format's layout.
	return t.replace(/\s*([,.;:!?)\]/%-])\s*/g, "$1").replace(/([([])\s+/g, "$1");
}

/** "01.1" → "1.1": an item number by its numbers. */
export function renditionItem(item: string): string {
	return item
		.split(".")
		.map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part))
		.join(".");
}

const quantity = (q: Quantity) =>
	q.value !== null
		? { value: q.value, unit: q.unit }
		: { raw: renditionText(q.raw) };

function measureContent(m: Measure) {
	return {
		item: renditionItem(m.item),
		goal: m.goal,
		activity: renditionText(m.activity),
		budget:
			m.budget.amountMnt !== null
				? {
						amountMnt: m.budget.amountMnt,
						source: renditionText(m.budget.source),
					}
				: { raw: renditionText(m.budget.raw) },
		indicator: renditionText(m.indicator),
		baseline: quantity(m.baseline),
		targetHalfYear: quantity(m.targetHalfYear),
		targetFullYear: quantity(m.targetFullYear),
		achievement: renditionText(m.achievement),
		performancePct: m.performancePct,
		notDue: m.notDue === true,
		// An unreadable level: its text is the content.
		performanceRaw:
			m.performancePct === null && m.notDue !== true
				? renditionText(m.performanceRaw)
				: "",
	};
}

const texts = <T extends Record<string, unknown>>(o: T) =>
	Object.fromEntries(
		Object.entries(o).map(([k, v]) => [
			k,
			typeof v === "string" ? renditionText(v) : v,
		]),
	);

/**
 * The content of a record as renditions are compared: report details, goals, measures (sorted
 * by item), summary and evaluation, normalized (renditionText, renditionItem); the source file
 * name and provenance are not content.
 * @param record - an extraction
 */
export function renditionContent(record: ReportRecord) {
	return {
		report: texts(record.report),
		goals: record.goals
			.map((g) => ({ number: g.number, title: renditionText(g.title) }))
			.sort((a, b) => a.number - b.number),
		measures: record.measures
			.map(measureContent)
			.sort((a, b) => compareItems(a.item, b.item)),
		summary: record.summary && {
			...record.summary,
			date: renditionText(record.summary.date),
		},
		evaluation: record.evaluation && texts(record.evaluation),
	};
}

function compareItems(a: string, b: string): number {
	const [a1 = 0, a2 = 0] = a.split(".").map(Number);
	const [b1 = 0, b2 = 0] = b.split(".").map(Number);
	return a1 - b1 || a2 - b2 || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Where two extractions differ as renditions, e.g. "measure 2.3 achievement", "summary",
 * "measures (44 and 43)"; null when they are renditions of one report (the same content).
 * @param a - one extraction (e.g. the stored report's)
 * @param b - another (e.g. a new file's)
 */
export function renditionDifference(
	a: ReportRecord,
	b: ReportRecord,
): string | null {
	const x = renditionContent(a);
	const y = renditionContent(b);
	for (const key of ["report", "goals", "summary", "evaluation"] as const)
		if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) return key;
	if (x.measures.length !== y.measures.length)
		return `measures (${x.measures.length} and ${y.measures.length})`;
	for (const [i, m] of x.measures.entries()) {
		const n = y.measures[i] as (typeof y.measures)[number];
		if (m.item !== n.item) return `measure ${m.item}`;
		for (const field of Object.keys(m) as (keyof typeof m)[])
			if (JSON.stringify(m[field]) !== JSON.stringify(n[field]))
				return `measure ${m.item} ${field}`;
	}
	return null;
}
