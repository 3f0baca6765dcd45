/**
 * Units of baseline and target values (DESIGN.md §2 "Units"): a value written with "%" is a
 * percent; otherwise the indicator's wording decides between percent, count and no unit.
 */
import type { Quantity, Unit } from "../pipeline/records.ts";
import { parseNumber } from "./numbers.ts";
import { lookalikeSkeleton, lowerMn } from "./text.ts";

/** What an indicator's wording says about the unit of its values. */
export interface IndicatorUnit {
	/** It names a percent: хувь / хувиар / хувийн, not right after a number. */
	percent: boolean;
	/** It names a count: тоо / тоог / тоогоор. */
	count: boolean;
}

// Whole words only: Cyrillic has no \b, so letters and digits on either side are excluded.
const PERCENT_WORD =
	/(?<![\p{L}\p{N}])(?:хувь|хувиар|хувийн)(?![\p{L}\p{N}])/gu;
const COUNT_WORD = /(?<![\p{L}\p{N}])(?:тоо|тоог|тоогоор)(?![\p{L}\p{N}])/u;
// "30 хувь дээшилсэн", "30% хувь": a statement about an amount, not the unit of the values.
const AFTER_NUMBER = /\d\s*%?\s*$/u;

/**
 * Read the unit an indicator names (Latin look-alike letters taken for their Cyrillic twins).
 * @param indicator - the indicator text (column "Шалгуур үзүүлэлт")
 */
export function indicatorUnit(indicator: string): IndicatorUnit {
	// Latin letters of a Cyrillic shape read as the Cyrillic ones: a scan's "TOO" is "тоо".
	const text = lowerMn(lookalikeSkeleton(indicator));
	let percent = false;
	for (const m of text.matchAll(PERCENT_WORD)) {
		if (!AFTER_NUMBER.test(text.slice(0, m.index))) {
			percent = true;
			break;
		}
	}
	return { percent, count: COUNT_WORD.test(text) };
}

/** What {@link parseQuantity} read. */
export interface ParsedQuantity {
	quantity: Quantity;
	/** The number's separators allow two readings; value is null. */
	ambiguous: boolean;
	/** The unit is percent and the value exceeds 100: worth a flag. */
	percentOver100: boolean;
}

/**
 * Read a baseline or target cell under its indicator.
 * Unit rule: no value → null; a value written with "%" → percent; otherwise from the indicator:
 * percent only → percent, count only → count, both → count (a plain number under
 * "…иргэдийн тоог нэмэгдүүлсэн хувиар" counts people), neither → null.
 * @param raw - the cell's text; kept trimmed in `quantity.raw`
 * @param indicator - the row's indicator text
 */
export function parseQuantity(raw: string, indicator: string): ParsedQuantity {
	const text = raw.trim();
	const parsed = parseNumber(text);
	const value = parsed.value;
	let unit: Unit = null;
	if (value !== null) {
		if (parsed.percent) unit = "percent";
		else {
			const named = indicatorUnit(indicator);
			if (named.count) unit = "count";
			else if (named.percent) unit = "percent";
		}
	}
	return {
		quantity: { raw: text, value, unit },
		ambiguous: parsed.ambiguous,
		percentOver100: unit === "percent" && value !== null && value > 100,
	};
}
