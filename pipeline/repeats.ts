/**
 * dropRepeatedItems(measures): an item number may appear once in a report. A page printed or
 * scanned twice repeats its rows; an OCR slip can turn one number into another's. The first
 * occurrence is kept; every later one is dropped with a decision and a flag whose evidence holds
 * the dropped row whole, so nothing is lost and the clerk can put it right.
 */
import type { Decision, Flag, Measure } from "./records.ts";

export interface RepeatsResult {
	measures: Measure[];
	flags: Flag[];
	decisions: Decision[];
}

/** A measure's content without where it came from. */
function content(measure: Measure): string {
	const { provenance: _provenance, ...rest } = measure;
	return JSON.stringify(rest);
}

function firstProvenance(measure: Measure) {
	for (const pieces of Object.values(measure.provenance ?? {})) {
		const piece = pieces[0];
		if (piece) {
			const { text: _text, ...prov } = piece;
			return prov;
		}
	}
	return null;
}

/** @param measures in table order */
export function dropRepeatedItems(measures: Measure[]): RepeatsResult {
	const kept = new Map<string, Measure>();
	const out: RepeatsResult = { measures: [], flags: [], decisions: [] };
	for (const measure of measures) {
		const first = kept.get(measure.item);
		if (!first) {
			kept.set(measure.item, measure);
			out.measures.push(measure);
			continue;
		}
		const same = content(first) === content(measure);
		const prov = firstProvenance(measure);
		const { provenance: _provenance, ...dropped } = measure;
		const page = prov ? ` (page ${prov.page})` : "";
		out.decisions.push({
			kind: "drop-row",
			item: measure.item,
			field: null,
			confidence: same ? 0.95 : 0.5,
			evidence: same
				? `item ${measure.item} appears again${page} with the same content: the repeat is dropped`
				: `item ${measure.item} appears again${page} with other content: the first is kept`,
			prov,
		});
		out.flags.push({
			kind: "repeated-item",
			severity: same ? "warning" : "error",
			item: measure.item,
			field: null,
			message: same
				? `item ${measure.item} appears twice with the same content${page} — a page printed or scanned twice? The repeat was dropped.`
				: `item ${measure.item} appears twice with different content${page}: the first is stored, the other is in this flag's evidence — correct the item (or its number) if the other is right.`,
			evidence: { dropped },
			prov,
		});
	}
	return out;
}
