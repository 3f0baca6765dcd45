/**
 * Truncated reports for the tests: a report's Markdown cut short inside its plan table, as a
 * download that stopped or a copy with its last pages missing looks.
 */

/** Offsets [from, to] of the plan table's item rows: from the first item row to the end of the last. */
export function itemRowSpan(markdown: string): { from: number; to: number } {
	const row = /^\|\s*\d{1,2}\.\d{1,2}\s*\|.*$/gm;
	let from = -1;
	let to = -1;
	for (const m of markdown.matchAll(row)) {
		if (from < 0) from = m.index;
		to = m.index + m[0].length;
	}
	if (from < 0) throw new Error("itemRowSpan: no item rows in this Markdown");
	return { from, to };
}

/**
 * The Markdown cut at a point inside its plan table.
 * @param at 0..1: where between the first character of the first item row (exclusive) and the end
 *   of the last item row (inclusive) to cut
 */
export function cutInsideTable(markdown: string, at: number): string {
	const { from, to } = itemRowSpan(markdown);
	const cut =
		from + 1 + Math.floor(Math.min(Math.max(at, 0), 1) * (to - from - 1));
	return markdown.slice(0, cut);
}

/** The Markdown without its last `rows` item rows (and everything after them). */
export function dropLastRows(markdown: string, rows: number): string {
	const starts = [...markdown.matchAll(/^\|\s*\d{1,2}\.\d{1,2}\s*\|/gm)].map(
		(m) => m.index,
	);
	const cut = starts[starts.length - rows];
	if (cut === undefined) throw new Error("dropLastRows: not that many rows");
	return markdown.slice(0, cut);
}
