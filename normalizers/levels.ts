/**
 * The performance column: a level on the fixed scale 100, 90, 80, 70, 30, 0, "not yet due", or
 * noise to flag (DESIGN.md §1). Never repairs a value that is off the scale.
 */
import { LEVELS } from "../pipeline/records.ts";
import { parseNumber } from "./numbers.ts";
import { collapseWhitespace, lowerMn, similarity } from "./text.ts";

/** A level of the performance scale. */
export type Level = (typeof LEVELS)[number];

/** The Mongolian label of each level (90 and 80 share one). */
export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
	100: "Бүрэн хэрэгжсэн",
	90: "Тодорхой үр дүнд хүрсэн",
	80: "Тодорхой үр дүнд хүрсэн",
	70: "Хэрэгжих шатанд",
	30: "Хэрэгжилт хангалтгүй",
	0: "Хэрэгжээгүй",
};

/** The label of items whose implementation is not yet due (excluded from the mean). */
export const NOT_DUE_LABEL = "Хэрэгжилт тооцох хугацаа болоогүй";

/** What {@link parseLevel} read. */
export interface ParsedLevel {
	level: Level | null;
	/** The cell says the item is not yet due. */
	notDue: boolean;
	/** The cell holds something that is not a level (a stray "9", "85%", "Тодорхой үр дүнд хүрсэн"). */
	noise: boolean;
	/** The words of 90 and 80 ("Тодорхой үр дүнд хүрсэн") with no number: one of two levels. */
	ambiguous?: boolean;
}

// Labels for matching; 90/80 share one label, so it names no single level.
const LABELS: ReadonlyArray<{ label: string; level: Level | null }> = (
	[
		[100, 100],
		[90, null],
		[70, 70],
		[30, 30],
		[0, 0],
	] as const
).map(([key, level]) => ({ label: lowerMn(LEVEL_LABELS[key]), level }));

// Close enough to a label to be it with a letter or two damaged, far enough apart from the rest.
const LABEL_SIMILARITY = 0.85;

const NONE: ParsedLevel = { level: null, notDue: false, noise: false };
const NOISE: ParsedLevel = { level: null, notDue: false, noise: true };

function isLevel(value: number): value is Level {
	return (LEVELS as readonly number[]).includes(value);
}

/** Match a level label; undefined when the text is no label, null for the 90/80 label. */
function labelLevel(text: string): Level | null | undefined {
	const t = lowerMn(text)
		.replace(/[^\p{L}\s]/gu, " ")
		.replace(/\s+/gu, " ")
		.trim();
	if (t === "") return undefined;
	let best: { level: Level | null; score: number } | undefined;
	for (const { label, level } of LABELS) {
		const score = similarity(t, label);
		if (
			score >= LABEL_SIMILARITY &&
			(best === undefined || score > best.score)
		) {
			best = { level, score };
		}
	}
	return best?.level;
}

/**
 * Read a performance cell.
 * - "100%", "100", "100 %", "70%", "0%" → that level; a number with a matching label
 *   ("100% Бүрэн хэрэгжсэн") too;
 * - "Хэрэгжилт тооцох хугацаа болоогүй" and variants holding "хугацаа" and "болоогүй" → notDue;
 * - a label alone: "Бүрэн хэрэгжсэн" 100, "Хэрэгжих шатанд" 70, "Хэрэгжилт хангалтгүй" 30,
 *   "Хэрэгжээгүй" 0; "Тодорхой үр дүнд хүрсэн" (90 or 80) → null with noise and `ambiguous`;
 * - "100 хувь" → 100; "90% Тодорхой үр дүнд хүрсэн", "80 Тодорхой үр дүнд хүрсэн" → 90, 80;
 * - "" → null without noise; anything else ("9", "85%", "abc") → null with noise.
 * @param raw - the cell's text
 */
export function parseLevel(raw: string): ParsedLevel {
	const text = collapseWhitespace(raw);
	if (text === "") return NONE;
	const lower = lowerMn(text);
	if (lower.includes("хугацаа") && lower.includes("болоогүй")) {
		return { level: null, notDue: true, noise: false };
	}
	const n = parseNumber(text);
	if (n.token !== null) {
		if (n.value === null || !isLevel(n.value)) return NOISE;
		// "100 хувь", "100 %": the unit word is no label.
		const rest = n.rest.replace(/^\s*(?:%|хувь|хувиар|хувийн)(?!\p{L})/iu, "");
		if (!/\p{L}/u.test(rest)) return { ...NONE, level: n.value };
		const label = labelLevel(rest);
		// "90% Тодорхой үр дүнд хүрсэн": the shared label of 90 and 80 with its number.
		if (
			label === n.value ||
			(label === null && (n.value === 90 || n.value === 80))
		)
			return { ...NONE, level: n.value };
		return NOISE;
	}
	const level = labelLevel(text);
	if (level === null) return { ...NOISE, ambiguous: true };
	return level === undefined ? NOISE : { ...NONE, level };
}
