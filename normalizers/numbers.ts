/**
 * Numbers as written in Mongolian reports: decimal comma or point, thousands grouped by comma,
 * point or space, scale words (мянга(н) 10³, сая 10⁶, тэрбум 10⁹) and a "%" sign.
 * A form that two readings fit ("1,500": 1.5 or 1500?) is reported as ambiguous, never guessed.
 */

/** What {@link parseNumber} read. */
export interface ParsedNumber {
	/** The value, scale applied; null when there is no number or it is ambiguous. */
	value: number | null;
	/** The number was followed by "%". */
	percent: boolean;
	/** A number was found but its separators allow two readings ("1,500", "1.276.0"). */
	ambiguous: boolean;
	/** The input without the number, its scale word and "%", trimmed. */
	rest: string;
	/** The text consumed (sign, number, scale word, "%"), or null when no number was found. */
	token: string | null;
	/** UTF-16 index of `token` in the input, or -1. */
	index: number;
}

/** A formatting style for {@link formatNumber}. */
export interface NumberStyle {
	/** Decimal separator. */
	decimal: "," | ".";
	/** Thousands separator; "" for none. */
	thousands: "," | "." | " " | "";
}

/** Decimal comma, no grouping: "1500,25", the commonest form in the reports. */
export const DEFAULT_NUMBER_STYLE: NumberStyle = {
	decimal: ",",
	thousands: "",
};

const SPACES = " \u00A0\u2009\u202F";
// Digits joined by "." / "," or by a space that is followed by a group of exactly 3 digits.
const NUMBER_RE = new RegExp(
	`\\d+(?:(?:[.,]|[${SPACES}](?=\\d{3}(?!\\d)))\\d+)*`,
	"u",
);
// A scale word right after the number (abbreviations end in "."): "220 сая", "5 тэрб.".
const SCALE_RE = /^\s*(мянган?|мян\.|сая|тэрбум|тэрб\.)(?!\p{L})\.?/iu;
const PERCENT_RE = /^\s*%/u;
const SCALES: Readonly<Record<string, number>> = {
	мянга: 3,
	мянган: 3,
	"мян.": 3,
	сая: 6,
	тэрбум: 9,
	"тэрб.": 9,
};

type Reading = { decimal: string } | "ambiguous" | "split";

const isSpace = (sep: string): boolean => SPACES.includes(sep);

/**
 * Read a separated digit string. Returns the plain decimal ("1500000.5"), "ambiguous", or
 * "split" when a space does not group thousands (then the space separates two numbers).
 */
function readDigits(text: string): Reading {
	const seps = text.match(/[^\d]/gu) ?? [];
	const groups = text.split(/[^\d]/u);
	const lead = groups[0] ?? "";
	const last = groups[groups.length - 1] ?? "";
	const first = seps[0];
	const lastSep = seps[seps.length - 1];
	if (first === undefined || lastSep === undefined) return { decimal: text };
	// A thousands grouping starts with 1–3 digits, not with a 0 ("0,500" is a fraction).
	const leadGroups = /^[1-9]\d{0,2}$/u.test(lead);
	const inner = (from: number, to: number) =>
		groups.slice(from, to).every((g) => g.length === 3);
	const hasSpace = seps.some(isSpace);
	if (seps.every((s) => s === first || (isSpace(s) && isSpace(first)))) {
		if (isSpace(first))
			return leadGroups ? { decimal: groups.join("") } : "split";
		if (seps.length === 1) {
			if (leadGroups && last.length === 3) return "ambiguous";
			return { decimal: `${lead}.${last}` };
		}
		return leadGroups && inner(1, groups.length)
			? { decimal: groups.join("") }
			: "ambiguous";
	}
	// Mixed: every separator but the last groups thousands, the last one is the decimal mark.
	const middle = seps.slice(0, -1);
	const sameMiddle = middle.every(
		(s) => s === first || (isSpace(s) && isSpace(first)),
	);
	if (
		sameMiddle &&
		!isSpace(lastSep) &&
		leadGroups &&
		inner(1, groups.length - 1)
	) {
		return { decimal: `${groups.slice(0, -1).join("")}.${last}` };
	}
	return hasSpace ? "split" : "ambiguous";
}

/** Resolve "split" readings by cutting at the first space, so "2024 100" reads "2024". */
function readNumberText(text: string): {
	text: string;
	reading: Exclude<Reading, "split">;
} {
	const reading = readDigits(text);
	if (reading !== "split") return { text, reading };
	const cut = text.slice(0, text.search(new RegExp(`[${SPACES}]`, "u")));
	return readNumberText(cut);
}

/**
 * Find the first number in `raw` and read it.
 *
 * - decimal comma or point: "82,19" → 82.19, "92.5%" → 92.5 (percent);
 * - thousands grouped by comma, point or space: "16,494,354,688", "1.500.000", "1 500 000";
 *   a thousands mark plus a different decimal mark: "1,500.25", "1.500,25";
 * - one "," or "." before exactly 3 digits ("1,500") is ambiguous, unless the integer part is 0
 *   ("0,500" → 0.5); irregular groups ("1.276.0") are ambiguous: value null, `ambiguous` true;
 * - a scale word after the number multiplies: мянга/мянган/мян. 10³, сая 10⁶, тэрбум/тэрб. 10⁹;
 *   the scaled value is computed in decimal, so "132,32 сая" is exactly 132320000;
 * - "-" right before a digit at the start of a word is a minus sign ("-5" → -5); a dash alone,
 *   an empty string or a text without digits gives value null, `ambiguous` false.
 * @param raw - a cell's text
 */
export function parseNumber(raw: string): ParsedNumber {
	const m = NUMBER_RE.exec(raw);
	if (m === null) {
		const rest = raw.trim();
		return {
			value: null,
			percent: false,
			ambiguous: false,
			rest: /^[-–—−]+$/u.test(rest) ? "" : rest,
			token: null,
			index: -1,
		};
	}
	const { text, reading } = readNumberText(m[0]);
	let start = m.index;
	let end = start + text.length;
	// A minus sign, not a hyphen inside a word ("ЕБС-9") nor a list dash ("- 5").
	const negative =
		/[-−]/u.test(raw[start - 1] ?? "") &&
		/^$|[\s(]/u.test(raw[start - 2] ?? "");
	if (negative) start -= 1;
	let exponent = 0;
	const scale = SCALE_RE.exec(raw.slice(end));
	if (scale?.[1] !== undefined) {
		exponent = SCALES[scale[1].toLowerCase()] ?? 0;
		end += scale[0].length;
	}
	const percentMatch = PERCENT_RE.exec(raw.slice(end));
	if (percentMatch !== null) end += percentMatch[0].length;
	const rest =
		`${raw.slice(0, start).trimEnd()} ${raw.slice(end).trimStart()}`.trim();
	const base = {
		percent: percentMatch !== null,
		rest,
		token: raw.slice(start, end),
		index: start,
	};
	if (reading === "ambiguous") return { ...base, value: null, ambiguous: true };
	// Decimal exponent notation is parsed with correct rounding: no float noise from scaling.
	const value = Number(`${negative ? "-" : ""}${reading.decimal}e${exponent}`);
	return { ...base, value: Object.is(value, -0) ? 0 : value, ambiguous: false };
}

/** The plain decimal digits of a finite non-negative number (no exponent notation). */
function plainDecimal(x: number): string {
	const s = String(x);
	const e = s.indexOf("e");
	if (e === -1) return s;
	const mantissa = s.slice(0, e);
	const exp = Number(s.slice(e + 1));
	const dot = mantissa.indexOf(".");
	const digits = mantissa.replace(".", "");
	const point = (dot === -1 ? mantissa.length : dot) + exp;
	if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
	if (point >= digits.length) return digits + "0".repeat(point - digits.length);
	return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Write `value` in the given style so that {@link parseNumber} reads it back exactly.
 * Forms that would read as ambiguous are avoided: a thousands mark equal to the decimal mark, or
 * a lone "," / "." thousands mark ("1,500"), falls back to no grouping; a 3-digit fraction after
 * a 1–3 digit integer gets a trailing zero ("1,125" → "1,1250").
 * @param value - a finite number
 * @param style - separators (default {@link DEFAULT_NUMBER_STYLE}: decimal ",", no grouping)
 * @throws TypeError when `value` is not finite
 */
export function formatNumber(
	value: number,
	style: NumberStyle = DEFAULT_NUMBER_STYLE,
): string {
	if (!Number.isFinite(value)) {
		throw new TypeError(
			`formatNumber: value must be a finite number, got ${value}`,
		);
	}
	const [int = "0", fraction = ""] = plainDecimal(Math.abs(value)).split(".");
	const thousands = style.thousands === style.decimal ? "" : style.thousands;
	let grouped =
		thousands === "" ? int : int.replace(/\B(?=(\d{3})+(?!\d))/gu, thousands);
	const marks = grouped.length - int.length;
	if (fraction === "" && marks === 1 && thousands !== " ") grouped = int;
	let frac = fraction;
	if (frac.length === 3 && /^[1-9]\d{0,2}$/u.test(grouped)) frac += "0";
	const sign = value < 0 ? "-" : "";
	return frac === ""
		? `${sign}${grouped}`
		: `${sign}${grouped}${style.decimal}${frac}`;
}
