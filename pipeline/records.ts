/**
 * Typed records: the export contract of DESIGN.md §4 plus provenance, flags and decisions.
 * Schema first: types are inferred from these zod schemas.
 */
import { z } from "zod";
import { ProvenanceSchema } from "./document.ts";

export const UnitSchema = z.enum(["percent", "count"]).nullable();
export type Unit = z.infer<typeof UnitSchema>;

export const QuantitySchema = z.object({
	raw: z.string(),
	value: z.number().nullable(),
	unit: UnitSchema,
});
export type Quantity = z.infer<typeof QuantitySchema>;

export const BudgetSchema = z.object({
	raw: z.string(),
	amountMnt: z.number().nullable(),
	source: z.string().nullable(),
});
export type Budget = z.infer<typeof BudgetSchema>;

export const LEVELS = [100, 90, 80, 70, 30, 0] as const;
export const LevelSchema = z.union([
	z.literal(100),
	z.literal(90),
	z.literal(80),
	z.literal(70),
	z.literal(30),
	z.literal(0),
]);

/**
 * An item number "g.n"; "g.n#k" is the k-th row printed with the number g.n whose own number
 * could not be inferred (pipeline/repeats.ts): its identity is unresolved and the report is held.
 */
export const ITEM_RE = /^\d+\.\d+(?:#\d+)?$/;

export const MeasureSchema = z.object({
	item: z.string().regex(ITEM_RE),
	/** The item number as printed, when `item` differs from it (inferred or disambiguated). */
	itemRaw: z.string().optional(),
	goal: z.number().int().nullable(),
	activity: z.string(),
	budget: BudgetSchema,
	indicator: z.string(),
	baseline: QuantitySchema,
	targetHalfYear: QuantitySchema,
	targetFullYear: QuantitySchema,
	achievement: z.string(),
	performancePct: LevelSchema.nullable(),
	notDue: z.literal(true).optional(),
	/** Raw text of column 9 (kept even when it is not a level). */
	performanceRaw: z.string().optional(),
	/** Where each field came from: field name → source pieces. */
	provenance: z
		.record(z.string(), z.array(ProvenanceSchema.extend({ text: z.string() })))
		.optional(),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const GoalSchema = z.object({
	number: z.number().int(),
	title: z.string(),
});
export type Goal = z.infer<typeof GoalSchema>;

export const PeriodSchema = z.enum(["annual", "half-year"]).nullable();

export const ReportInfoSchema = z.object({
	title: z.string(),
	organization: z.string().nullable(),
	department: z.string().nullable(),
	year: z.number().int().nullable(),
	period: PeriodSchema,
	preparedBy: z.string().nullable(),
	reviewedBy: z.string().nullable(),
});
export type ReportInfo = z.infer<typeof ReportInfoSchema>;

export const SummarySchema = z.object({
	date: z.string().nullable(),
	itemsMonitored: z.number().int().nullable(),
	levels: z.object({
		"100": z.number().int().nullable(),
		"90": z.number().int().nullable(),
		"80": z.number().int().nullable(),
		"70": z.number().int().nullable(),
		"30": z.number().int().nullable(),
		"0": z.number().int().nullable(),
		notDue: z.number().int().nullable(),
	}),
	planCompletionPct: z.number().nullable(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const EvaluationSchema = z.object({
	employee: z.string().nullable(),
	position: z.string().nullable(),
	organization: z.string().nullable(),
	unit: z.string().nullable(),
	planCompletionPct: z.number().nullable(),
	planScore: z.number().nullable(),
	planScoreMax: z.number().nullable(),
	skillsScore: z.number().nullable(),
	skillsScoreMax: z.number().nullable(),
	attitudeScore: z.number().nullable(),
	attitudeScoreMax: z.number().nullable(),
	total: z.number().nullable(),
	evaluator: z.string().nullable(),
	date: z.string().nullable(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const ReportRecordSchema = z.object({
	source: z.string(),
	report: ReportInfoSchema,
	goals: z.array(GoalSchema),
	measures: z.array(MeasureSchema),
	summary: SummarySchema.nullable(),
	evaluation: EvaluationSchema.nullable(),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/** Why a report is held out of the queries until a person accepts it (incomplete, columns
 * unconfirmed, metadata missing, pages missing…). */
export const HoldSchema = z.object({
	kind: z.string(),
	message: z.string(),
	evidence: z.record(z.string(), z.unknown()),
});
export type Hold = z.infer<typeof HoldSchema>;

export const SeveritySchema = z.enum(["info", "warning", "error"]);

/** Something the clerk should look at. `kind` names the check, e.g. "level-not-on-scale". */
export const FlagSchema = z.object({
	kind: z.string(),
	severity: SeveritySchema,
	item: z.string().nullable(),
	field: z.string().nullable(),
	message: z.string(),
	evidence: z.record(z.string(), z.unknown()),
	prov: ProvenanceSchema.nullable(),
});
export type Flag = z.infer<typeof FlagSchema>;

/** An automatic decision (merge of a continuation row, move of a narrative fragment, …). */
export const DecisionSchema = z.object({
	kind: z.enum([
		"merge",
		"move",
		"drop-row",
		"drop-mark",
		"goal-row",
		"column-map",
	]),
	item: z.string().nullable(),
	field: z.string().nullable(),
	confidence: z.number().min(0).max(1),
	evidence: z.string(),
	prov: ProvenanceSchema.nullable(),
	/** the text concerned (fragment moved, cell merged). */
	text: z.string().optional(),
	from: z.string().nullable().optional(),
	to: z.string().nullable().optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
