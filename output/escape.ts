/**
 * Formula neutralisation for the cells of CSV and XLSX files (OWASP "CSV injection").
 *
 * The rule, for TEXT cells only:
 * - a text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
 *   single quote in front (`=HYPERLINK(…)` → `'=HYPERLINK(…)`, `- 3 сургалт` → `'- 3 сургалт`,
 *   `-` alone → `'-`): a spreadsheet shows it as text and never runs it;
 * - a text that starts with a quote followed by one of those characters or by another quote
 *   gets a quote too (`'=x` → `''=x`), so that reading back is exact: `restoreCell` removes
 *   one leading quote when the next character is one of them, and nothing else.
 *
 * NUMBER cells (a number in the table model: counts, levels, amounts) are written as numbers,
 * negative ones included (`-5`, `-0.25`): a spreadsheet reads them as numbers, which cannot run.
 * A number that only exists as text (a raw cell such as "-5" or "- 3") is text and is
 * neutralised like any text. So a CSV cell starting with `-` is either a number written by
 * `String(n)` or starts with `'-`.
 */

/** First characters that make a spreadsheet read a cell as a formula (or strip it). */
export const FORMULA_START = /^[=+\-@\t\r]/;
const RESTORABLE = /^'[=+\-@\t\r']/;

/** True when the text must be written with a leading quote. */
export function needsNeutralising(text: string): boolean {
	return FORMULA_START.test(text) || RESTORABLE.test(text);
}

/** The text as written into a CSV or XLSX cell: see the rule above. */
export function neutraliseCell(text: string): string {
	return needsNeutralising(text) ? `'${text}` : text;
}

/** The text as it was before `neutraliseCell`: undoes exactly what it did. */
export function restoreCell(cell: string): string {
	return RESTORABLE.test(cell) ? cell.slice(1) : cell;
}
