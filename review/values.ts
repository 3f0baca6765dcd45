/**
 * What a clerk types (in the review app or a spreadsheet cell) → a field value, checked with the
 * field's zod schema (store/fields.ts). Shared by the web app and `tailan corrections import`.
 */
import { z } from "zod";
import { type Lang, t } from "../messages/index.ts";
import {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	type FieldValue,
} from "../store/index.ts";

export type ParsedInput =
	| { ok: true; value: FieldValue }
	| { ok: false; error: string };

const NUMBER_FIELDS = new Set<CorrectableField>([
	"budget.amountMnt",
	"baseline.value",
	"targetHalfYear.value",
	"targetFullYear.value",
]);
const UNIT_FIELDS = new Set<CorrectableField>([
	"baseline.unit",
	"targetHalfYear.unit",
	"targetFullYear.unit",
]);
const NULLABLE_TEXT = new Set<CorrectableField>(["budget.source"]);

/** Words that mean "no value" in a nullable field. */
const NONE = new Set(["", "-", "null", "none", "—"]);

/** Decimal text: "1276000", "12.5", "12,5", "1 276 000", "1,276,000". */
export function parseNumberText(text: string): number | undefined {
	const t = text.replace(/[\s\u00a0\u202f]/g, "");
	if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
	if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t))
		return Number(t.replace(/,/g, ""));
	if (/^-?\d+,\d+$/.test(t)) return Number(t.replace(",", "."));
	return undefined;
}

/** Units and yes/no as a Mongolian clerk may type them. */
const UNIT_WORDS: Record<string, string> = { хувь: "percent", тоо: "count" };
const YES = ["1", "true", "yes", "on", "тийм"];
const NO = ["0", "false", "no", "off", "", "үгүй"];

/**
 * Parse a typed value for a correctable field.
 * @param field an export field name (store/fields.ts CORRECTABLE_FIELDS)
 * @param input the text as typed; line ends are normalised to "\n"
 * @param lang the language of the error message (default English: the CLI's)
 */
export function parseFieldInput(
	field: CorrectableField,
	input: string,
	lang: Lang = "en",
): ParsedInput {
	const text = input.replace(/\r\n?/g, "\n");
	const trimmed = text.trim();
	const none = NONE.has(trimmed.toLowerCase());
	let value: unknown = text;
	if (NUMBER_FIELDS.has(field)) {
		if (none) value = null;
		else {
			const n = parseNumberText(trimmed);
			if (n === undefined)
				return {
					ok: false,
					error: t(lang, "review.value.notNumber", { text: short(trimmed) }),
				};
			value = n;
		}
	} else if (UNIT_FIELDS.has(field)) {
		const unit = trimmed.toLowerCase();
		value = none
			? null
			: trimmed === "%"
				? "percent"
				: (UNIT_WORDS[unit] ?? unit);
	} else if (field === "performancePct") {
		if (none) value = null;
		else {
			const n = parseNumberText(trimmed.replace(/%$/, ""));
			value = n ?? trimmed;
		}
	} else if (field === "goal") {
		value = none ? null : (parseNumberText(trimmed) ?? trimmed);
	} else if (field === "notDue") {
		const word = trimmed.toLowerCase();
		if (YES.includes(word)) value = true;
		else if (NO.includes(word)) value = false;
	} else if (NULLABLE_TEXT.has(field)) {
		value = none ? null : trimmed;
	} else {
		value = trimmed;
	}
	const checked = CORRECTABLE_FIELDS[field].safeParse(value);
	if (checked.success) return { ok: true, value: checked.data };
	return { ok: false, error: explain(lang, field, trimmed, checked.error) };
}

function explain(
	lang: Lang,
	field: CorrectableField,
	text: string,
	error: z.ZodError,
): string {
	const vars = { text: short(text) };
	if (field === "performancePct") return t(lang, "review.value.notLevel", vars);
	if (UNIT_FIELDS.has(field)) return t(lang, "review.value.notUnit", vars);
	if (field === "notDue") return t(lang, "review.value.notYesNo", vars);
	if (field === "goal") return t(lang, "review.value.notGoal", vars);
	const detail = z.prettifyError(error);
	return lang === "en"
		? detail
		: t(lang, "review.value.invalid", { ...vars, detail });
}

function short(text: string): string {
	return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A field value as the review app and spreadsheets show it ("" for null). */
export function valueToInput(value: FieldValue): string {
	if (value === null) return "";
	if (typeof value === "boolean") return value ? "yes" : "no";
	return String(value);
}

/** The correctable field a flag on `field` most likely asks to fix ("budget" → its amount). */
export function fieldToCorrect(field: string | null): CorrectableField | null {
	if (field === null) return null;
	if (Object.hasOwn(CORRECTABLE_FIELDS, field))
		return field as CorrectableField;
	if (field === "budget") return "budget.amountMnt";
	if (
		field === "baseline" ||
		field === "targetHalfYear" ||
		field === "targetFullYear"
	)
		return `${field}.value` as CorrectableField;
	return null;
}
