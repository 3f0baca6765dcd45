/**
 * normalizers: strings → typed values (numbers, units, budgets, levels, dates, column roles).
 * Re-exports only.
 */
export type { FundingSourceKind, ParsedBudget } from "./budget.ts";
export { fundingSourceKind, parseBudget } from "./budget.ts";
export type { ColumnRole, RoleMatch } from "./columns.ts";
export { MIN_ROLE_SCORE, roleForHeader } from "./columns.ts";
export type { FoundDate } from "./dates.ts";
export { findDates, parseMongolianDate } from "./dates.ts";
export type { Level, ParsedLevel } from "./levels.ts";
export { LEVEL_LABELS, NOT_DUE_LABEL, parseLevel } from "./levels.ts";
export type { NumberStyle, ParsedNumber } from "./numbers.ts";
export { DEFAULT_NUMBER_STYLE, formatNumber, parseNumber } from "./numbers.ts";
export { searchStem, searchStems } from "./stem.ts";
export type { DanglingReason } from "./text.ts";
export {
	collapseWhitespace,
	danglingEnd,
	endsDangling,
	firstLetter,
	foldLookalikes,
	lowerMn,
	STEM_LENGTH,
	STOP_WORDS,
	similarity,
	startsLowercase,
	stem,
	stems,
	TITLE_ABBREVIATIONS,
	TITLE_WORDS,
	words,
} from "./text.ts";
export type { IndicatorUnit, ParsedQuantity } from "./units.ts";
export { indicatorUnit, parseQuantity } from "./units.ts";
