/**
 * Test support (not re-exported): an IngestResult built from the hand-checked seed export, so
 * store and CLI tests do not depend on the pipeline.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IngestResult } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";

export const SEED_INPUT = new URL(
	"../fixtures/markdown/seed/input.md",
	import.meta.url,
);
export const SEED_EXPECTED = new URL(
	"../fixtures/markdown/seed/expected.json",
	import.meta.url,
);

/** expected.json without its "notes" fields: exactly the DESIGN.md §4 record. */
export function seedRecord(): ReportRecord {
	const gold = JSON.parse(
		readFileSync(SEED_EXPECTED, "utf8"),
	) as ReportRecord & { notes?: unknown };
	const { notes: _notes, ...record } = gold;
	return {
		...record,
		measures: record.measures.map((measure) => {
			const { notes: _measureNotes, ...rest } = measure as typeof measure & {
				notes?: unknown;
			};
			return rest;
		}),
	};
}

/**
 * A minimal IngestResult for the seed: a fake document (no pages) whose sha256 and size are those
 * of the input bytes, the gold record, two flags and one decision.
 * @param bytes the document bytes (default: the seed input); other bytes give another sha256
 */
export function seedIngestResult(
	bytes: Buffer = readFileSync(SEED_INPUT),
): IngestResult {
	const file = "fixtures/markdown/seed/input.md";
	return {
		status: "partial",
		document: {
			file,
			format: "markdown",
			sha256: createHash("sha256").update(bytes).digest("hex"),
			bytes: bytes.length,
			pages: [],
			issues: [],
		},
		record: seedRecord(),
		flags: [
			{
				kind: "level-not-on-scale",
				severity: "warning",
				item: "4.6",
				field: "performancePct",
				message:
					'column 9 of a continuation row says "9", which is not a level',
				evidence: { raw: "9" },
				prov: { file, page: 5, table: 4, row: 3, cell: 9 },
			},
			{
				kind: "unit-unclear",
				severity: "info",
				item: "2.5",
				field: "baseline",
				message: "the indicator names neither a count nor a percent",
				evidence: {},
				prov: null,
			},
		],
		decisions: [
			{
				kind: "move",
				item: "1.2",
				field: "achievement",
				confidence: 0.8,
				evidence: 'dangling end "Доктор" continues in the next cell',
				prov: {
					file,
					page: 1,
					table: 0,
					row: 6,
					cell: 7,
					start: 100,
					end: 180,
				},
				text: "Хью Парсонсоор …",
				from: "1.3",
				to: "1.2",
			},
		],
		issues: [{ severity: "warning", message: "page 3: header word garbled" }],
		holds: [],
	};
}
