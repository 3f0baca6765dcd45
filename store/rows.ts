/**
 * The rows the store reads, once: their types (as the tables and views of store/migrations/
 * name their columns) and the mappers from a row to the records the store returns. No SQL here
 * (queries.ts has the statements); every module of store/ that reads a row imports its type and
 * mapper from this file.
 */
import type { Provenance } from "../pipeline/document.ts";
import {
	EvaluationSchema,
	type Flag,
	type Measure,
	type Quantity,
	type ReportRecord,
	SummarySchema,
	type Unit,
} from "../pipeline/records.ts";
import {
	type CorrectableField,
	type FieldValue,
	fieldOfMeasure,
	textToFieldValue,
} from "./fields.ts";

export const FLAG_STATUSES = [
	"open",
	"accepted",
	"corrected",
	"rejected",
] as const;
/**
 * A LIMIT that keeps every row, bound as `@limit`: SQLite's -1 is its own (PostgreSQL refuses a
 * negative LIMIT, and SQLite refuses NULL).
 */
export const ALL_ROWS = Number.MAX_SAFE_INTEGER;

export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** A stored review flag. */
export interface StoredFlag extends Flag {
	id: number;
	reportId: number;
	status: FlagStatus;
	createdAt: string;
}

export interface CorrectionInput {
	reportId: number;
	/** The measure's item number, e.g. "2.1". */
	item: string;
	/** An export field name: "achievement", "performancePct", "baseline.value", … (see fields.ts). */
	field: string;
	newValue: FieldValue;
	reason: string;
	who: string;
}

export interface StoredCorrection {
	id: number;
	reportId: number;
	sha256: string;
	item: string;
	field: CorrectableField;
	/** The effective value before this correction. */
	oldValue: FieldValue;
	newValue: FieldValue;
	reason: string;
	who: string;
	createdAt: string;
}

/** A row of v_measures (see 001_init.sql). */
export interface MeasureRow {
	measure_id: number;
	report_id: number;
	document_sha256: string;
	year: number | null;
	period: string | null;
	organization: string | null;
	department: string | null;
	ord: number;
	item: string;
	goal: number | null;
	activity: string;
	budget_raw: string;
	budget_amount_mnt: number | null;
	budget_source: string | null;
	indicator: string;
	baseline_raw: string;
	baseline_value: number | null;
	baseline_unit: string | null;
	target_half_raw: string;
	target_half_value: number | null;
	target_half_unit: string | null;
	target_full_raw: string;
	target_full_value: number | null;
	target_full_unit: string | null;
	achievement: string;
	performance_pct: number | null;
	performance_raw: string | null;
	not_due: number;
	corrected_fields: number;
	/** 1: the report is held (007_holds.sql). Absent when read from the measures table. */
	held?: number;
	/** The item number as printed, when `item` differs (NULL otherwise). */
	item_raw?: string | null;
}

/** A row of the reports table. */
export interface ReportRow {
	id: number;
	document_id: number;
	source: string;
	title: string;
	organization: string | null;
	department: string | null;
	year: number | null;
	period: string | null;
	prepared_by: string | null;
	reviewed_by: string | null;
	status: string;
	summary_json: string | null;
	evaluation_json: string | null;
	issues_json: string;
}

/** A row of v_report_summary (see 001_init.sql). */
export interface ReportSummaryRow {
	report_id: number;
	document_id: number;
	document_name: string;
	document_sha256: string;
	imported_at: string;
	source: string;
	title: string;
	organization: string | null;
	department: string | null;
	year: number | null;
	period: string | null;
	status: string;
	measures: number;
	measures_due: number;
	measures_not_due: number;
	computed_plan_completion_pct: number | null;
	summary_items_monitored: number | null;
	summary_plan_completion_pct: number | null;
	evaluation_total: number | null;
	open_flags: number;
	corrections: number;
	held: number;
	holds: number;
}

/** A row of the flags table. */
export interface FlagRow {
	id: number;
	report_id: number;
	kind: string;
	severity: string;
	item: string | null;
	field: string | null;
	message: string;
	evidence_json: string;
	prov_json: string | null;
	status: string;
	created_at: string;
}

/** A flags row as the store's StoredFlag. */
export function rowToFlag(f: FlagRow): StoredFlag {
	return {
		id: f.id,
		reportId: f.report_id,
		kind: f.kind,
		severity: f.severity as StoredFlag["severity"],
		item: f.item,
		field: f.field,
		message: f.message,
		evidence: JSON.parse(f.evidence_json) as Record<string, unknown>,
		prov: f.prov_json === null ? null : (JSON.parse(f.prov_json) as Provenance),
		status: f.status as FlagStatus,
		createdAt: f.created_at,
	};
}

/** A row of the corrections table. */
export interface CorrectionRow {
	id: number;
	document_sha256: string;
	report_id: number;
	item: string;
	field: string;
	old_value: string | null;
	new_value: string | null;
	reason: string;
	who: string;
	created_at: string;
}

export interface SearchRow {
	measure_id: number;
	report_id: number;
	item: string;
	snippet: string;
}

/**
 * How each column of the measures table is written from a §4 measure: the one list the INSERT's
 * columns, its parameters and measureParams come from (adding a field adds a line here).
 */
const MEASURE_VALUES = {
	item: (m) => m.item,
	goal: (m) => m.goal,
	activity: (m) => m.activity,
	budget_raw: (m) => m.budget.raw,
	budget_amount_mnt: (m) => m.budget.amountMnt,
	budget_source: (m) => m.budget.source,
	indicator: (m) => m.indicator,
	baseline_raw: (m) => m.baseline.raw,
	baseline_value: (m) => m.baseline.value,
	baseline_unit: (m) => m.baseline.unit,
	target_half_raw: (m) => m.targetHalfYear.raw,
	target_half_value: (m) => m.targetHalfYear.value,
	target_half_unit: (m) => m.targetHalfYear.unit,
	target_full_raw: (m) => m.targetFullYear.raw,
	target_full_value: (m) => m.targetFullYear.value,
	target_full_unit: (m) => m.targetFullYear.unit,
	achievement: (m) => m.achievement,
	performance_pct: (m) => m.performancePct,
	performance_raw: (m) => m.performanceRaw ?? null,
	not_due: (m) => (m.notDue ? 1 : 0),
	item_raw: (m) => m.itemRaw ?? null,
} satisfies Record<string, (m: Measure) => string | number | null>;

/** The columns an import writes to the measures table, in order. */
export const MEASURE_COLUMNS: readonly string[] = [
	"report_id",
	"ord",
	...Object.keys(MEASURE_VALUES),
];

/** The INSERT parameters of one measure of a report (named after MEASURE_COLUMNS). */
export function measureParams(
	reportId: number,
	ord: number,
	m: Measure,
): Record<string, string | number | null> {
	const params: Record<string, string | number | null> = {
		report_id: reportId,
		ord,
	};
	for (const [column, value] of Object.entries(MEASURE_VALUES))
		params[column] = value(m);
	return params;
}

export function quantity(
	raw: string,
	value: number | null,
	unit: string | null,
): Quantity {
	return { raw, value, unit: unit as Unit };
}

/** A v_measures row → the §4 measure, keys in contract order; notDue only when true. */
export function rowToMeasure(r: MeasureRow): Measure {
	const measure: Measure = {
		item: r.item,
		goal: r.goal,
		activity: r.activity,
		budget: {
			raw: r.budget_raw,
			amountMnt: r.budget_amount_mnt,
			source: r.budget_source,
		},
		indicator: r.indicator,
		baseline: quantity(r.baseline_raw, r.baseline_value, r.baseline_unit),
		targetHalfYear: quantity(
			r.target_half_raw,
			r.target_half_value,
			r.target_half_unit,
		),
		targetFullYear: quantity(
			r.target_full_raw,
			r.target_full_value,
			r.target_full_unit,
		),
		achievement: r.achievement,
		performancePct: r.performance_pct as Measure["performancePct"],
	};
	if (r.not_due === 1) measure.notDue = true;
	if (r.item_raw !== null && r.item_raw !== undefined)
		measure.itemRaw = r.item_raw;
	return measure;
}

/** The effective value of an export field, read from a v_measures row. */
export function fieldOfRow(
	row: MeasureRow,
	field: CorrectableField,
): FieldValue {
	return fieldOfMeasure(rowToMeasure(row), field);
}

/** A corrections row as the store's StoredCorrection (values parsed back from their text). */
export function rowToCorrection(c: CorrectionRow): StoredCorrection {
	const field = c.field as CorrectableField;
	return {
		id: c.id,
		reportId: c.report_id,
		sha256: c.document_sha256,
		item: c.item,
		field,
		oldValue: textToFieldValue(field, c.old_value),
		newValue: textToFieldValue(field, c.new_value),
		reason: c.reason,
		who: c.who,
		createdAt: c.created_at,
	};
}

/**
 * A reports row with its goals and measures as the §4 record (export, renditions). The summary
 * and evaluation are parsed through their schemas so the keys come out in the contract's order.
 */
export function rowToRecord(
	row: Pick<
		ReportRow,
		| "source"
		| "title"
		| "organization"
		| "department"
		| "year"
		| "period"
		| "prepared_by"
		| "reviewed_by"
		| "summary_json"
		| "evaluation_json"
	>,
	goals: ReportRecord["goals"],
	measures: Measure[],
): ReportRecord {
	return {
		source: row.source,
		report: {
			title: row.title,
			organization: row.organization,
			department: row.department,
			year: row.year,
			period: row.period as ReportRecord["report"]["period"],
			preparedBy: row.prepared_by,
			reviewedBy: row.reviewed_by,
		},
		goals,
		measures,
		summary:
			row.summary_json === null
				? null
				: SummarySchema.parse(JSON.parse(row.summary_json)),
		evaluation:
			row.evaluation_json === null
				? null
				: EvaluationSchema.parse(JSON.parse(row.evaluation_json)),
	};
}
