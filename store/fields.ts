/**
 * The measure fields a correction may change, named as in the export (DESIGN.md §4), with the
 * schema a new value must satisfy and how it is written to corrections.new_value (TEXT).
 */
import { z } from "zod";
import { LevelSchema, type Measure, UnitSchema } from "../pipeline/records.ts";

/** A value as it appears in the export. */
export type FieldValue = string | number | boolean | null;

const text = z.string();
const nullableText = z.string().nullable();
const quantityValue = z.number().nullable();

/** Export field name → schema of its value. The keys are the only correctable fields. */
export const CORRECTABLE_FIELDS = {
	goal: z.number().int().nullable(),
	activity: text,
	"budget.raw": text,
	"budget.amountMnt": quantityValue,
	"budget.source": nullableText,
	indicator: text,
	"baseline.raw": text,
	"baseline.value": quantityValue,
	"baseline.unit": UnitSchema,
	"targetHalfYear.raw": text,
	"targetHalfYear.value": quantityValue,
	"targetHalfYear.unit": UnitSchema,
	"targetFullYear.raw": text,
	"targetFullYear.value": quantityValue,
	"targetFullYear.unit": UnitSchema,
	achievement: text,
	performancePct: LevelSchema.nullable(),
	notDue: z.boolean(),
} as const satisfies Record<string, z.ZodType<FieldValue>>;

export type CorrectableField = keyof typeof CORRECTABLE_FIELDS;

/** Fields indexed by full-text search; a correction to one of them rewrites the FTS row. */
export const SEARCHABLE_FIELDS = [
	"activity",
	"indicator",
	"achievement",
] as const;

export function isCorrectableField(field: string): field is CorrectableField {
	return Object.hasOwn(CORRECTABLE_FIELDS, field);
}

/** A value in the TEXT representation of corrections.old_value/new_value (see 001_init.sql). */
export function fieldValueToText(value: FieldValue): string | null {
	if (value === null) return null;
	if (typeof value === "boolean") return value ? "1" : "0";
	return String(value);
}

/** A correctable field's value in a measure ("budget.raw" → measure.budget.raw; notDue → boolean). */
export function fieldOfMeasure(
	measure: Measure,
	field: CorrectableField,
): FieldValue {
	if (field === "notDue") return measure.notDue === true;
	const [head, tail] = field.split(".") as [keyof Measure, string | undefined];
	const value = measure[head];
	if (tail === undefined) return (value ?? null) as FieldValue;
	return (value as unknown as Record<string, FieldValue>)[tail] ?? null;
}

/** A corrections.new_value/old_value text back to the field's value (fieldValueToText's inverse). */
export function textToFieldValue(
	field: CorrectableField,
	text: string | null,
): FieldValue {
	if (text === null) return null;
	if (field === "notDue") return text === "1";
	const schema = CORRECTABLE_FIELDS[field];
	// Numeric fields are stored as decimal text; try the number first, then the text itself.
	const asNumber = schema.safeParse(Number(text));
	if (text.trim() !== "" && asNumber.success) return asNumber.data;
	return text;
}
