/**
 * Stitched items → typed measure records (zod-validated), with provenance and review flags.
 * A value that cannot be typed is kept raw and flagged, never dropped.
 */
import { parseBudget } from "../normalizers/budget.ts";
import { parseLevel } from "../normalizers/levels.ts";
import { parseQuantity } from "../normalizers/units.ts";
import type { Provenance } from "./document.ts";
import { type Flag, type Measure, MeasureSchema } from "./records.ts";
import type { Piece, StitchedItem } from "./stitch/index.ts";

const join = (pieces: Piece[], sep = " ") =>
	pieces
		.map((p) => p.text)
		.join(sep)
		.trim();

// A token mixing Latin and Cyrillic letters is an OCR look-alike artefact ("еoffice…mп").
function mixedScriptTokens(text: string): string[] {
	// Most texts have no Latin letter at all, so no such token.
	if (!/[A-Za-z]/.test(text)) return [];
	const out = new Set<string>();
	for (const [token] of text.matchAll(/[\p{L}.]+/gu))
		if (
			/[A-Za-z]/.test(token) &&
			/\p{Script=Cyrillic}/u.test(token) &&
			/\p{L}{2}/u.test(token)
		)
			out.add(token);
	return [...out];
}

/** Typed measures from the stitched items, and the flags raised while typing them. */
export function itemsToMeasures(items: StitchedItem[]): {
	measures: Measure[];
	flags: Flag[];
} {
	const flags: Flag[] = [];
	const measures: Measure[] = [];
	for (const it of items) {
		const flag = (
			kind: string,
			severity: Flag["severity"],
			field: string | null,
			message: string,
			evidence: Record<string, unknown>,
			prov: Provenance | null,
		) =>
			flags.push({
				kind,
				severity,
				item: it.item,
				field,
				message,
				evidence,
				prov,
			});
		const f = it.fields;
		const first = (pieces: Piece[]) => pieces[0]?.prov ?? null;
		const indicator = join(f.indicator);
		const budget = parseBudget(join(f.budget));
		if (budget.ambiguous)
			flag(
				"ambiguous-number",
				"warning",
				"budget",
				`Budget "${budget.budget.raw}" has an ambiguous number; amount left empty.`,
				{ raw: budget.budget.raw },
				first(f.budget),
			);
		const quantity = (
			field: "baseline" | "targetHalfYear" | "targetFullYear",
		) => {
			const pieces = f[field];
			const q = parseQuantity(join(pieces), indicator);
			if (q.ambiguous)
				flag(
					"ambiguous-number",
					"warning",
					field,
					`"${q.quantity.raw}" has an ambiguous number; value left empty.`,
					{ raw: q.quantity.raw },
					first(pieces),
				);
			if (q.percentOver100)
				flag(
					"percent-over-100",
					"info",
					field,
					`${field} is a percent above 100 (${q.quantity.raw}).`,
					{ raw: q.quantity.raw },
					first(pieces),
				);
			return q.quantity;
		};
		let performancePct: Measure["performancePct"] = null;
		let notDue = false;
		for (const piece of f.performance) {
			const level = parseLevel(piece.text);
			if (level.notDue) notDue = true;
			else if (level.level !== null && performancePct === null)
				performancePct = level.level;
			else if (level.ambiguous)
				flag(
					"level-ambiguous",
					"warning",
					"performancePct",
					`"${piece.text}" names the words of both 90 and 80 without the number; no level is stored.`,
					{ raw: piece.text, candidates: [90, 80] },
					piece.prov,
				);
			else if (level.noise || level.level !== null)
				flag(
					"level-not-on-scale",
					"warning",
					"performancePct",
					`"${piece.text}" in the performance column is not a level (100/90/80/70/30/0); ignored.`,
					{ raw: piece.text },
					piece.prov,
				);
		}
		if (performancePct === null && !notDue)
			flag(
				"level-missing",
				"warning",
				"performancePct",
				"No performance level was found for this item.",
				{ raw: join(f.performance) },
				first(f.performance),
			);
		const achievement = it.achievement.map((p) => p.text).join("\n");
		for (const [field, text] of [
			["activity", join(f.activity)],
			["indicator", indicator],
			["achievement", achievement],
		] as const) {
			const mixed = mixedScriptTokens(text);
			if (mixed.length)
				flag(
					"mixed-script",
					"info",
					field,
					`Latin and Cyrillic letters mixed in ${mixed.map((t) => `"${t}"`).join(", ")} (OCR look-alikes).`,
					{ tokens: mixed },
					null,
				);
		}
		const provenance: NonNullable<Measure["provenance"]> = {};
		const addProv = (field: string, pieces: Piece[]) => {
			if (pieces.length)
				provenance[field] = pieces.map((p) => ({ ...p.prov, text: p.text }));
		};
		addProv("item", f.item);
		addProv("activity", f.activity);
		addProv("budget", f.budget);
		addProv("indicator", f.indicator);
		addProv("baseline", f.baseline);
		addProv("targetHalfYear", f.targetHalfYear);
		addProv("targetFullYear", f.targetFullYear);
		addProv("achievement", it.achievement);
		addProv("performancePct", f.performance);
		// Columns kept as evidence only (responsible unit, deadline, notes): in the provenance.
		for (const [role, pieces] of Object.entries(it.extras))
			addProv(role, pieces ?? []);
		const measure: Measure = {
			item: it.item,
			goal: it.goal,
			activity: join(f.activity),
			budget: budget.budget,
			indicator,
			baseline: quantity("baseline"),
			targetHalfYear: quantity("targetHalfYear"),
			targetFullYear: quantity("targetFullYear"),
			achievement,
			performancePct,
			...(notDue ? { notDue: true as const } : {}),
			performanceRaw: join(f.performance),
			provenance,
		};
		const checked = isValidMeasure(measure)
			? { success: true as const }
			: MeasureSchema.safeParse(measure);
		if (!checked.success)
			flag(
				"invalid-record",
				"error",
				null,
				`Record failed validation: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
				{},
				null,
			);
		measures.push(measure);
	}
	return { measures, flags };
}

const isString = (x: unknown): x is string => typeof x === "string";
const isNumber = (x: unknown): x is number => Number.isFinite(x);
const isInt = (x: unknown, min: number): boolean =>
	Number.isSafeInteger(x) && (x as number) >= min;
const isOptional = (x: unknown, test: (x: unknown) => boolean) =>
	x === undefined || test(x);
const UNITS: readonly unknown[] = ["percent", "count", null];
const LEVEL_VALUES: readonly unknown[] = [100, 90, 80, 70, 30, 0, null];

const isPlainObject = (x: unknown): x is object =>
	typeof x === "object" && x !== null && !Array.isArray(x);

function isQuantity(q: Measure["baseline"]): boolean {
	return (
		isPlainObject(q) &&
		isString(q.raw) &&
		(q.value === null || isNumber(q.value)) &&
		UNITS.includes(q.unit)
	);
}

function isProvenancePiece(p: Provenance & { text: string }): boolean {
	return (
		isPlainObject(p) &&
		isString(p.text) &&
		isString(p.file) &&
		isInt(p.page, 1) &&
		isOptional(p.table, (x) => isInt(x, 0)) &&
		isOptional(p.row, (x) => isInt(x, 0)) &&
		isOptional(p.cell, (x) => isInt(x, 0)) &&
		isOptional(p.start, (x) => isInt(x, 0)) &&
		isOptional(p.end, (x) => isInt(x, 0)) &&
		isOptional(
			p.bbox,
			(x) => Array.isArray(x) && x.length === 4 && x.every(isNumber),
		) &&
		isOptional(p.confidence, (x) => isNumber(x) && x >= 0 && x <= 100)
	);
}

/**
 * A quick check of what MeasureSchema checks, for the measures built above: true only when
 * MeasureSchema accepts the measure (when false, MeasureSchema decides and explains). The zod
 * parse of every provenance piece was a tenth of the time spent after the Markdown parse.
 */
export function isValidMeasure(m: Measure): boolean {
	return (
		isPlainObject(m) &&
		isString(m.item) &&
		/^\d+\.\d+$/.test(m.item) &&
		(m.goal === null || isInt(m.goal, Number.MIN_SAFE_INTEGER)) &&
		isString(m.activity) &&
		isPlainObject(m.budget) &&
		isString(m.budget.raw) &&
		(m.budget.amountMnt === null || isNumber(m.budget.amountMnt)) &&
		(m.budget.source === null || isString(m.budget.source)) &&
		isString(m.indicator) &&
		isQuantity(m.baseline) &&
		isQuantity(m.targetHalfYear) &&
		isQuantity(m.targetFullYear) &&
		isString(m.achievement) &&
		LEVEL_VALUES.includes(m.performancePct) &&
		(m.notDue === undefined || m.notDue === true) &&
		isOptional(m.performanceRaw, isString) &&
		(m.provenance === undefined ||
			(isPlainObject(m.provenance) &&
				Object.values(m.provenance).every(
					(pieces) => Array.isArray(pieces) && pieces.every(isProvenancePiece),
				)))
	);
}
