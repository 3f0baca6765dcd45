/**
 * The budget column: an amount in tugrugs (with scale words) and a funding source, in one cell:
 * "220 сая ОНХС", "Байгууллагын төсөв", "16,494,354,688 төгрөг", "-".
 */
import type { Budget } from "../pipeline/records.ts";
import { parseNumber } from "./numbers.ts";
import { collapseWhitespace, lowerMn, words } from "./text.ts";

/** What {@link parseBudget} read. */
export interface ParsedBudget {
	budget: Budget;
	/** The amount's separators allow two readings ("1.276.0"); amount is null. */
	ambiguous: boolean;
}

// Currency words carry no source: төгрөг and its case forms, "төг." and "₮".
const CURRENCY = /(?<!\p{L})(?:төгрөг\p{L}*|төг\.?(?!\p{L}))|₮/giu;
// Separators left at either end once the amount is cut out.
const EDGE = /^[\s\-–—−,.;:/|]+|[\s\-–—−,.;:/|]+$/gu;
// A year before "он/оны/онд…" is a date, not an amount: "2024 оны төсөв".
const YEAR_BEFORE_ON = /^\s*о(?:н|ны|нд|ноос)(?!\p{L})/iu;

function cleanSource(text: string): string | null {
	let s = collapseWhitespace(text.replace(CURRENCY, " ")).replace(EDGE, "");
	if (/^\([^()]*\)$/u.test(s)) s = s.slice(1, -1).trim();
	return s === "" ? null : s;
}

/**
 * Read a budget cell. The amount is the first number (scale words applied, "сая" 10⁶ …), the
 * source is the text that remains without currency words, trimmed of separators, or null.
 * "-" or "" give no amount and no source; an ambiguous number gives amount null, `ambiguous`
 * true, and its text is dropped from the source. A cell with several amounts keeps the first as
 * the amount and the rest in the source.
 * @param raw - the cell's text; kept with whitespace collapsed in `budget.raw`
 */
export function parseBudget(raw: string): ParsedBudget {
	const text = collapseWhitespace(raw);
	const parsed = parseNumber(text);
	const isYear =
		parsed.value !== null &&
		parsed.token !== null &&
		/^\d{4}$/u.test(parsed.token) &&
		YEAR_BEFORE_ON.test(text.slice(parsed.index + parsed.token.length));
	if (parsed.token === null || isYear) {
		return {
			budget: { raw: text, amountMnt: null, source: cleanSource(text) },
			ambiguous: false,
		};
	}
	return {
		budget: {
			raw: text,
			amountMnt: parsed.value,
			source: cleanSource(parsed.rest),
		},
		ambiguous: parsed.ambiguous,
	};
}

/** The funding sources the reports name; see {@link fundingSourceKind}. */
export type FundingSourceKind =
	| "local-development-fund"
	| "organization-budget"
	| "governor-reserve"
	| "other";

/**
 * Classify a funding source by lower-cased word prefixes, so case endings and mild OCR damage
 * do not matter: ОНХС / Орон нутгийн хөгжлийн сан → "local-development-fund";
 * Засаг даргын нөөц хөрөнгө(өс) → "governor-reserve"; Байгууллагын/Байгууллагийн төсөв →
 * "organization-budget"; any other text → "other".
 * @param source - a funding source as returned by {@link parseBudget}
 * @returns the kind, or null for a null or blank source
 */
export function fundingSourceKind(
	source: string | null,
): FundingSourceKind | null {
	if (source === null || collapseWhitespace(source) === "") return null;
	const ws = words(source);
	const has = (...prefixes: string[]) =>
		ws.some((w) => prefixes.some((p) => w.startsWith(p)));
	if (lowerMn(source).includes("онхс")) return "local-development-fund";
	if (has("нутг") && has("хөгж") && has("сан")) return "local-development-fund";
	if (has("нөөц") && has("засаг", "дарг", "хөрөнг")) return "governor-reserve";
	if (has("байгуулл", "байгууллаг") && has("төсөв", "төсв"))
		return "organization-budget";
	return "other";
}
