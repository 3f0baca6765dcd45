/**
 * The word naming the unit of a scanned row's values, read one letter off ("Баримтын тод" for
 * "Баримтын тоо": our fax variant 1's 4.19, read at high confidence), repaired in the indicator
 * so that its plain numbers get their unit (normalizers/units.ts). The repair is recorded in the
 * indicator's provenance (`ocrRaw`, `repairs`) and so flagged once, on the indicator
 * (`ocr-repaired`, pipeline/ocr-flags.ts): one question, whose answer settles the values' unit.
 */
import { parseNumber } from "../normalizers/numbers.ts";
import { misreadUnitWord } from "../normalizers/units.ts";
import { repairedPiece } from "./document.ts";
import type { StitchedItem } from "./stitch/index.ts";

const QUANTITIES = ["baseline", "targetHalfYear", "targetFullYear"] as const;

/**
 * Repair an item's indicator whose word at the unit's place was read one letter off a word
 * naming a unit (`misreadUnitWord`), when the word was read by OCR and a value of the row is a
 * plain number (no "%": its unit comes from the indicator alone). Changes the item in place.
 */
export function repairUnitWord(it: StitchedItem): void {
	const pieces = it.fields.indicator;
	const joined = pieces.map((p) => p.text).join(" ");
	const plain = QUANTITIES.some((role) => {
		const n = parseNumber(
			it.fields[role]
				.map((p) => p.text)
				.join(" ")
				.trim(),
		);
		return n.value !== null && !n.percent;
	});
	if (!plain) return;
	const misread = misreadUnitWord(joined);
	if (!misread) return;
	let at = 0;
	for (const [k, p] of pieces.entries()) {
		const start = misread.start - at;
		at += p.text.length + 1;
		if (start < 0 || start >= p.text.length) continue;
		if (p.prov.confidence === undefined) return;
		const text =
			p.text.slice(0, start) +
			misread.unitWord +
			p.text.slice(start + misread.word.length);
		pieces[k] = repairedPiece(p, text, {
			from: misread.word,
			to: misread.unitWord,
			reason: `the word where the indicator names its values' unit, read one letter off "${misread.unitWord}"; the row's plain numbers are taken as ${misread.unit === "count" ? "counts" : "percents"}`,
		});

		return;
	}
}
