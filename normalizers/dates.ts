/**
 * Dates as written in the reports: "2024 оны 07 дугаар сарын 18-ны өдөр", "2024.12.18",
 * "2024-12-18", "2024/12/18". Mongolian writes year, month, day in that order.
 */

/** A date found in a text. */
export interface FoundDate {
	/** ISO 8601 calendar date, "YYYY-MM-DD". */
	iso: string;
	/** UTF-16 index of `raw` in the text. */
	index: number;
	/** The text that was read, as written. */
	raw: string;
}

// "2024 оны 07 дугаар сарын 18-ны өдөр", "2024 оны 4-р сарын 1-ний өдрөөс", "2024 оны 12 сарын 05".
const LONG_DATE =
	/(?<!\d)(\d{4})\s*(?:оны|он)\s+(\d{1,2})\s*(?:-?\s*(?:дугаар|дүгээр|р))?\s*сар(?:ын)?\s+(\d{1,2})(?!\d)(?:\s*-\s*\p{L}+)?(?:\s+өд(?:өр|р)\p{L}*)?/giu;
// "2024.12.18", "2024-12-18", "2024/12/18": one separator used twice.
const NUMERIC_DATE =
	/(?<![\d.\-/])(\d{4})([.\-/])(\d{1,2})\2(\d{1,2})(?![\d])/gu;

/** Years accepted as report dates; anything else is more likely a number than a year. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

function isoDate(year: number, month: number, day: number): string | null {
	if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1)
		return null;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > daysInMonth) return null;
	return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * All valid dates in `text`, in reading order; impossible dates (month 13, 30 February) are skipped.
 * @param text - any text
 */
export function findDates(text: string): FoundDate[] {
	const found: FoundDate[] = [];
	for (const m of text.matchAll(LONG_DATE)) {
		const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
		if (iso !== null) found.push({ iso, index: m.index, raw: m[0] });
	}
	for (const m of text.matchAll(NUMERIC_DATE)) {
		const iso = isoDate(Number(m[1]), Number(m[3]), Number(m[4]));
		const overlaps = found.some(
			(f) =>
				m.index < f.index + f.raw.length && f.index < m.index + m[0].length,
		);
		if (iso !== null && !overlaps)
			found.push({ iso, index: m.index, raw: m[0] });
	}
	return found.sort((a, b) => a.index - b.index);
}

/**
 * The first valid date in `raw` as ISO "YYYY-MM-DD":
 * "2024 оны 07 дугаар сарын 18-ны өдөр" → "2024-07-18", "2024.12.18" → "2024-12-18".
 * @param raw - a text holding a date
 * @returns the date, or null when there is no valid one
 */
export function parseMongolianDate(raw: string): string | null {
	return findDates(raw)[0]?.iso ?? null;
}
