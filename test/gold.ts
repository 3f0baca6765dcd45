/** Comparing extracted records with a gold record: the fields the acceptance counts. */
import { collapseWhitespace } from "../normalizers/text.ts";
import type { Measure } from "../pipeline/records.ts";

/** The structured fields of a measure (everything but the narrative), as dotted paths. */
export const STRUCTURED_FIELDS = [
	"goal",
	"activity",
	"budget.raw",
	"budget.amountMnt",
	"budget.source",
	"indicator",
	...["baseline", "targetHalfYear", "targetFullYear"].flatMap((f) =>
		["raw", "value", "unit"].map((k) => `${f}.${k}`),
	),
	"performancePct",
] as const;

/** A measure's value at a dotted path, text whitespace-collapsed. */
export function fieldValue(m: Measure | undefined, path: string): unknown {
	let v: unknown = m;
	for (const k of path.split(".")) v = (v as Record<string, unknown>)?.[k];
	return typeof v === "string" ? collapseWhitespace(v) : v;
}

// ───────────────────────────── whole-record scoring ─────────────────────────────

/** The metadata fields a report's export carries outside the table, as dotted paths. */
export const METADATA_FIELDS = [
	"report.title",
	"report.organization",
	"report.department",
	"report.year",
	"report.period",
	"report.preparedBy",
	"report.reviewedBy",
	"summary",
	"evaluation",
] as const;

/** Fields compared without regard to letter case: a name read from a title or a signature typed in
 * capitals cannot give its case back (DESIGN.md's capitals are the document's, not the name's). */
const CASELESS = new Set(["report.organization", "report.department"]);

function at(v: unknown, path: string): unknown {
	for (const k of path.split(".")) v = (v as Record<string, unknown>)?.[k];
	return v;
}

function same(a: unknown, b: unknown, caseless = false): boolean {
	if (typeof a === "string" && typeof b === "string") {
		const x = collapseWhitespace(a);
		const y = collapseWhitespace(b);
		return caseless
			? x.toLocaleLowerCase("mn") === y.toLocaleLowerCase("mn")
			: x === y;
	}
	if (
		a === null ||
		b === null ||
		typeof a !== "object" ||
		typeof b !== "object"
	)
		return Object.is(a, b) || a === b;
	const ka = Object.keys(a as object).filter(
		(k) => (a as Record<string, unknown>)[k] !== undefined,
	);
	const kb = Object.keys(b as object).filter(
		(k) => (b as Record<string, unknown>)[k] !== undefined,
	);
	if (ka.length !== kb.length) return false;
	return ka.every((k) =>
		same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
	);
}

/** Per-measure fields compared by `scoreRecord`: the structured ones, notDue and the narrative. */
export const MEASURE_FIELDS = [
	...STRUCTURED_FIELDS,
	"notDue",
	"achievement",
] as const;

export interface RecordScore {
	/** table fields right / counted (every field of every gold measure, plus each goal) */
	fieldsOk: number;
	fields: number;
	/** the fields that were wrong, "1.2 budget.raw", "goal 3" */
	wrongFields: string[];
	/** metadata fields right / counted, and the wrong ones (METADATA_FIELDS) */
	metaOk: number;
	meta: number;
	wrongMeta: string[];
}

/** Compare an import's record with the record it was made from, field by field. */
export function scoreRecord(
	gold: {
		report: unknown;
		goals: readonly { number: number; title: string }[];
		measures: readonly Measure[];
		summary: unknown;
		evaluation: unknown;
	},
	ours: {
		report: unknown;
		goals: readonly { number: number; title: string }[];
		measures: readonly Measure[];
		summary: unknown;
		evaluation: unknown;
	},
): RecordScore {
	const s: RecordScore = {
		fieldsOk: 0,
		fields: 0,
		wrongFields: [],
		metaOk: 0,
		meta: 0,
		wrongMeta: [],
	};
	for (const g of gold.measures) {
		const m = ours.measures.find((x) => x.item === g.item);
		for (const f of MEASURE_FIELDS) {
			s.fields++;
			const want = f === "notDue" ? g.notDue === true : fieldValue(g, f);
			const got = f === "notDue" ? m?.notDue === true : fieldValue(m, f);
			if (m && same(want, got)) s.fieldsOk++;
			else s.wrongFields.push(`${g.item} ${f}`);
		}
	}
	for (const g of gold.goals) {
		s.fields++;
		const o = ours.goals.find((x) => x.number === g.number);
		if (o && same(g.title, o.title)) s.fieldsOk++;
		else s.wrongFields.push(`goal ${g.number}`);
	}
	// items the import found that the gold does not have are wrong too
	for (const m of ours.measures)
		if (!gold.measures.some((g) => g.item === m.item)) {
			s.fields++;
			s.wrongFields.push(`extra item ${m.item}`);
		}
	// the sheet's organisation and unit are the report's: compared without case the same way
	const sheet = (r: unknown) => {
		const e = at(r, "evaluation") as Record<string, unknown> | null | undefined;
		if (!e) return e;
		const low = (v: unknown) =>
			typeof v === "string" ? v.toLocaleLowerCase("mn") : v;
		return { ...e, organization: low(e.organization), unit: low(e.unit) };
	};
	for (const f of METADATA_FIELDS) {
		s.meta++;
		const [g, o] =
			f === "evaluation"
				? [sheet(gold), sheet(ours)]
				: [at(gold, f), at(ours, f)];
		if (same(g, o, CASELESS.has(f))) s.metaOk++;
		else s.wrongMeta.push(f);
	}
	return s;
}
