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
