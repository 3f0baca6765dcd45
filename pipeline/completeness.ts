/**
 * completenessHolds(document, fragments, record): is this the whole report, or a file cut short?
 *
 * A performance report is its plan table followed by what closes it: the signatures
 * ("ХЯНАСАН", "ТАЙЛАН ГАРГАСАН"), the summary ("БИЕЛЭЛТИЙН ТОВЧОО": how many items were monitored)
 * and often an evaluation sheet. A truncated file (a download cut short, missing pages, a copy
 * that stopped) loses the end first; missing pages lose rows in the middle. Four signs, each one hold (pipeline/records.ts Hold), so the
 * report is stored whole but kept out of the queries until a person accepts it:
 *
 * - "incomplete-items": the summary states more items than the table holds;
 * - "items-missing": the numbering has a gap — a goal heading without items, a goal whose first
 *   item is not g.1, a jump inside a goal (2.3 → 2.6) or over a goal (1.x → 3.1): rows or pages
 *   lost in the middle (a table that stops mid-goal and goes on elsewhere);
 * - "table-cut": nothing with words follows the plan table — the document ends inside it (a
 *   complete report always closes with at least its signatures);
 * - "end-missing": something follows the table, but neither a summary, an evaluation sheet nor a
 *   signature was found after it.
 *
 * A complete report without an evaluation sheet (or without a summary) is not held: it still
 * has its signatures; the cross-checks flag what is missing (pipeline/validate.ts).
 */
import type { Block, TailanDocument } from "./document.ts";
import type { Hold, ReportRecord } from "./records.ts";

/** A text block counts as content after the table when it holds a word (two letters in a row). */
const WORD = /\p{L}{2}/u;

/**
 * @param document the parsed document
 * @param fragments indices of the plan table's fragments (stitch output)
 * @param record the report record read from it
 */
export function completenessHolds(
	document: TailanDocument,
	fragments: number[],
	record: ReportRecord,
): Hold[] {
	const holds: Hold[] = [];
	const items = record.measures.length;
	const stated = record.summary?.itemsMonitored ?? null;
	if (stated !== null && items < stated) {
		holds.push({
			kind: "incomplete-items",
			message: `the summary states ${stated} items but the table holds ${items}: rows or pages may be missing. The report is kept out of the queries until a person accepts it.`,
			evidence: { stated, found: items, lastItem: lastItem(record) },
		});
	}
	const missing = numberingGaps(record);
	if (missing.length > 0) {
		holds.push({
			kind: "items-missing",
			message: `the item numbering has gaps (${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""}): rows or pages may be missing. The report is kept out of the queries until a person accepts it.`,
			evidence: { missing },
		});
	}
	const after = blocksAfterTable(document, fragments);
	if (after === undefined) return holds;
	const content = after.filter(
		(b) =>
			b.kind === "table" ||
			(b.kind === "text" && WORD.test(b.text.replace(/\s+/g, " "))),
	);
	if (content.length === 0) {
		holds.push({
			kind: "table-cut",
			message: `the document ends inside the plan table (last item ${lastItem(record) ?? "none"}): no signatures, summary or evaluation follow it — the file may be cut short. The report is kept out of the queries until a person accepts it.`,
			evidence: { lastItem: lastItem(record), items },
		});
		return holds;
	}
	const { summary, evaluation, report } = record;
	if (
		summary === null &&
		evaluation === null &&
		report.preparedBy === null &&
		report.reviewedBy === null
	) {
		holds.push({
			kind: "end-missing",
			message: `no summary, evaluation sheet or signatures follow the plan table (last item ${lastItem(record) ?? "none"}): the end of the document may be missing. The report is kept out of the queries until a person accepts it.`,
			evidence: {
				lastItem: lastItem(record),
				items,
				textAfter: content
					.filter((b) => b.kind === "text")
					.map((b) => (b.kind === "text" ? b.text : ""))
					.join(" ")
					.slice(0, 200),
			},
		});
	}
	return holds;
}

/**
 * The gaps in the item numbering, in table order: "2.4–2.5" for items missing inside goal 2,
 * "3.1" when goal 3 starts at 3.2, "goal 3" for a goal with no item. Rows kept under a
 * disambiguated key ("4.11#2") are not numbers and are skipped.
 */
export function numberingGaps(record: ReportRecord): string[] {
	const gaps: string[] = [];
	const range = (g: number, from: number, to: number) =>
		gaps.push(from === to ? `${g}.${from}` : `${g}.${from}–${g}.${to}`);
	let prev: [number, number] | undefined;
	const goalsWithItems = new Set<number>();
	for (const m of record.measures) {
		const match = /^(\d+)\.(\d+)$/.exec(m.item);
		if (!match) continue;
		const g = Number(match[1]);
		const n = Number(match[2]);
		goalsWithItems.add(g);
		if (prev && prev[0] === g) {
			if (n > prev[1] + 1) range(g, prev[1] + 1, n - 1);
		} else {
			if (prev && g > prev[0] + 1)
				for (let missing = prev[0] + 1; missing < g; missing++)
					gaps.push(`goal ${missing}`);
			if (n > 1) range(g, 1, n - 1);
		}
		// Out of order (a later number before an earlier one) is left to the other checks.
		if (!prev || g !== prev[0] || n > prev[1]) prev = [g, n];
	}
	for (const goal of record.goals)
		if (
			!goalsWithItems.has(goal.number) &&
			!gaps.includes(`goal ${goal.number}`)
		)
			gaps.push(`goal ${goal.number}`);
	return gaps;
}

function lastItem(record: ReportRecord): string | null {
	return record.measures.at(-1)?.item ?? null;
}

/** The blocks after the last plan-table fragment, in document order; undefined without one. */
function blocksAfterTable(
	document: TailanDocument,
	fragments: number[],
): Block[] | undefined {
	const plan = new Set(fragments);
	const blocks = document.pages.flatMap((p) => p.blocks);
	let last = -1;
	blocks.forEach((b, i) => {
		if (b.kind === "table" && plan.has(b.index)) last = i;
	});
	return last < 0 ? undefined : blocks.slice(last + 1);
}
