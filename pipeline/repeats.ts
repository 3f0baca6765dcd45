/**
 * resolveRepeatedItems(measures): an item number may appear once in a report, but a table can
 * print one twice — a misprint ("4.10, 4.11, 4.11, 4.13": the second is really 4.12), an OCR slip,
 * or a page printed or scanned twice. No row is dropped for carrying a number already seen:
 *
 * - a row repeated word for word (every field equal: a page printed or scanned twice) is the same
 *   row, not a second one: it is stored once, with a decision and a warning whose evidence holds
 *   the repeat;
 * - a row with other content is kept as a measure of its own. Where the sequence shows which
 *   number it should have (the missing number between its neighbours: the previous row is g.(n-1)
 *   and the next is g.(n+1), and g.n is not used elsewhere), it gets that number, keeps the printed
 *   one in `itemRaw`, and an "item-number-inferred" flag asks the clerk to confirm;
 * - otherwise it is stored under a distinct key "g.n#k" (the k-th row printed as g.n), with
 *   `itemRaw` = the printed number, an "item-identity-unresolved" flag, and a hold
 *   ("item-identity"): a value under an unresolved identity is not compared as a fact until a
 *   person accepts the report.
 */
import type { Decision, Flag, Hold, Measure } from "./records.ts";

export interface RepeatsResult {
	measures: Measure[];
	flags: Flag[];
	decisions: Decision[];
	holds: Hold[];
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

const parse = (item: string): [number, number] | undefined => {
	const m = /^(\d+)\.(\d+)$/.exec(item);
	return m ? [Number(m[1]), Number(m[2])] : undefined;
};

/**
 * The number a repeated row should carry, judged from its neighbours in table order: the gap
 * g.(n±1) it sits in, when that number is not used anywhere else. undefined when nothing fits.
 */
function inferredNumber(
	rows: Measure[],
	index: number,
	used: Set<string>,
): string | undefined {
	const printed = parse((rows[index] as Measure).item);
	if (!printed) return undefined;
	const [goal, n] = printed;
	const before = rows[index - 1] && parse((rows[index - 1] as Measure).item);
	const after = rows[index + 1] && parse((rows[index + 1] as Measure).item);
	const fits: string[] = [];
	for (const candidate of [n + 1, n - 1]) {
		if (candidate < 1) continue;
		const item = `${goal}.${candidate}`;
		if (used.has(item)) continue;
		const prevOk =
			before !== undefined && before[0] === goal && before[1] === candidate - 1;
		const nextOk =
			after !== undefined && after[0] === goal && after[1] === candidate + 1;
		if (prevOk && nextOk) fits.push(item);
	}
	return fits.length === 1 ? fits[0] : undefined;
}

/** @param measures in table order */
export function resolveRepeatedItems(measures: Measure[]): RepeatsResult {
	const out: RepeatsResult = {
		measures: [],
		flags: [],
		decisions: [],
		holds: [],
	};
	// Word-for-word repeats first: the same row twice is one row.
	const seen = new Map<string, Measure[]>();
	const rows: Measure[] = [];
	const repeats: { measure: Measure; same: Measure }[] = [];
	for (const measure of measures) {
		const earlier = seen.get(measure.item) ?? [];
		const same = earlier.find((e) => content(e) === content(measure));
		if (same) {
			repeats.push({ measure, same });
			continue;
		}
		seen.set(measure.item, [...earlier, measure]);
		rows.push(measure);
	}
	// The key each kept row is stored under (its own number, or the one given below).
	const stored = new Map<Measure, string>();
	// Rows that share a number with other content: the first keeps it, the later ones get the
	// number the sequence shows, or a distinct key and a hold.
	const used = new Set(rows.map((m) => m.item));
	const count = new Map<string, number>();
	const unresolved: { item: string; key: string }[] = [];
	rows.forEach((measure, index) => {
		const k = (count.get(measure.item) ?? 0) + 1;
		count.set(measure.item, k);
		if (k === 1) {
			stored.set(measure, measure.item);
			out.measures.push(measure);
			return;
		}
		const printed = measure.item;
		const prov = firstProvenance(measure);
		const page = prov ? ` (page ${prov.page})` : "";
		const inferred = inferredNumber(rows, index, used);
		if (inferred) {
			used.add(inferred);
			stored.set(measure, inferred);
			out.measures.push({ ...measure, item: inferred, itemRaw: printed });
			out.flags.push({
				kind: "item-number-inferred",
				severity: "warning",
				item: inferred,
				field: "item",
				message: `item number inferred: this row is printed as ${printed}${page}, a number an earlier row already has; it sits between ${inferredNeighbours(inferred)}, so it is stored as ${inferred} — check the number.`,
				evidence: { printed, inferred, occurrence: k },
				prov,
			});
			return;
		}
		let key = `${printed}#${k}`;
		for (let j = k; used.has(key); j++) key = `${printed}#${j + 1}`;
		used.add(key);
		stored.set(measure, key);
		unresolved.push({ item: printed, key });
		out.measures.push({ ...measure, item: key, itemRaw: printed });
		out.flags.push({
			kind: "item-identity-unresolved",
			severity: "error",
			item: key,
			field: "item",
			message: `item ${printed} is printed again${page} with other content, and its place in the numbering cannot be told: both rows are stored, this one as ${key}. Say which item it is (correct the other fields, or accept the report as it is).`,
			evidence: { printed, key, occurrence: k },
			prov,
		});
	});
	for (const { measure, same } of repeats) {
		const item = stored.get(same) ?? same.item;
		const prov = firstProvenance(measure);
		const page = prov ? ` (page ${prov.page})` : "";
		const { provenance: _provenance, ...dropped } = measure;
		const as = item === measure.item ? "" : ` (stored as ${item})`;
		out.decisions.push({
			kind: "drop-row",
			item,
			field: null,
			confidence: 0.95,
			evidence: `item ${measure.item} appears again${page} with the same content: the repeat is dropped${as}`,
			prov,
		});
		out.flags.push({
			kind: "repeated-item",
			severity: "warning",
			item,
			field: null,
			message: `item ${measure.item} appears twice with the same content${page} — a page printed or scanned twice? It is stored once${as}; the repeat is in this flag's evidence.`,
			evidence: { dropped },
			prov,
		});
	}
	if (unresolved.length > 0)
		out.holds.push({
			kind: "item-identity",
			message: `${unresolved.length === 1 ? "a row's item number is" : `${unresolved.length} rows' item numbers are`} printed twice and cannot be inferred (${unresolved.map((u) => `${u.item} → ${u.key}`).join(", ")}): the report is kept out of the queries until a person accepts it.`,
			evidence: { rows: unresolved },
		});
	return out;
}

function inferredNeighbours(item: string): string {
	const [goal, n] = parse(item) as [number, number];
	return `${goal}.${n - 1} and ${goal}.${n + 1}`;
}
