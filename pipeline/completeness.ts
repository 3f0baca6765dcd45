/**
 * completenessHolds(document, fragments, record): is this the whole report, or a file cut short?
 *
 * A performance report is its plan table followed by what closes it: the signatures
 * ("ХЯНАСАН", "ТАЙЛАН ГАРГАСАН"), the summary ("БИЕЛЭЛТИЙН ТОВЧОО": how many items were monitored)
 * and often an evaluation sheet. A truncated file (a download cut short, missing pages, a copy
 * that stopped) loses the end first. Three signs, each one hold (pipeline/records.ts Hold), so the
 * report is stored whole but kept out of the queries until a person accepts it:
 *
 * - "incomplete-items": the summary states more items than the table holds;
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
