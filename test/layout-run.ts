/**
 * Run one generated layout through the import and score it: render (test/layout-render.ts), parse
 * and ingest, store in a private in-memory database, read the stored report back by its id and
 * compare it with the record the layout was made from (test/gold.ts scoreRecord). Whether it is
 * good data is asked of the default export and of compare, which leave held reports out. Shared by the property tests and
 * scripts/layout-accuracy.ts.
 */
import { createHash } from "node:crypto";
import { parserFor } from "../parsers/index.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { documentToRecord, type IngestResult } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import type { ColumnAssignment } from "../pipeline/stitch/columns.ts";
import { openIndicators, openStore } from "../store/index.ts";
import { type RecordScore, scoreRecord } from "./gold.ts";
import {
	expectedRecord,
	type Layout,
	layoutBlocks,
	layoutRecord,
} from "./layout.ts";
import { toDocx, toMarkdown, toPdf } from "./layout-render.ts";

export const LAYOUT_FORMATS = ["md", "docx", "pdf"] as const;
export type LayoutFormat = (typeof LAYOUT_FORMATS)[number];

/** The bytes of `record` printed in `layout` as `format`. */
export async function renderLayout(
	record: ReportRecord,
	layout: Layout,
	format: LayoutFormat,
): Promise<Uint8Array> {
	const blocks = layoutBlocks(record, layout);
	if (format === "md")
		return new TextEncoder().encode(toMarkdown(blocks, layout));
	if (format === "docx") return toDocx(blocks, layout);
	return toPdf(blocks);
}

export interface LayoutRun {
	format: LayoutFormat;
	expected: ReportRecord;
	/** the ingest result (undefined when the file was refused) */
	result?: IngestResult;
	/** the refusal, when the import refused the file */
	refused?: string;
	/** the stored report as asked for by its id — what a person reviewing it sees, held or not
	 * (undefined when refused); this is what is scored */
	stored?: ReportRecord;
	/** the report as the default export gives it: good data only, so undefined when the report is
	 * held (or refused) */
	exported?: ReportRecord;
	/** the kinds of the report's holds (empty when it is not held) */
	holds: string[];
	/** the report is counted by compare (its year and period, by department) */
	compared: boolean;
	score: RecordScore;
}

const EMPTY = {
	report: {},
	goals: [],
	measures: [],
	summary: undefined,
	evaluation: undefined,
};

/** Import `bytes` (named by `format`), store, export and score against `expected`. */
export async function importAndScore(
	bytes: Uint8Array,
	format: LayoutFormat,
	expected: ReportRecord,
	options: { columns?: ColumnAssignment } = {},
): Promise<LayoutRun> {
	const file = `layout.${format}`;
	const sha256 = createHash("sha256").update(bytes).digest("hex");
	let result: IngestResult;
	try {
		const doc = await parserFor(file, bytes)({ file, bytes, sha256 });
		result = documentToRecord(
			doc,
			options.columns ? { columns: options.columns } : {},
		);
	} catch (e) {
		if (!(e instanceof DocumentLoadError)) throw e;
		return {
			format,
			expected,
			refused: e.message,
			holds: [],
			compared: false,
			score: scoreRecord(expected, EMPTY as never),
		};
	}
	const store = openStore(":memory:");
	try {
		const outcome = store.importResult(result);
		// By id the store returns the report held or not (what the review step shows); the default
		// export leaves held reports out: only that one is "exported as good data".
		const [stored] = store.exportRecords(outcome.reportId);
		const exported = store.exportRecords()[0];
		const holds = store.listHolds(outcome.reportId).map((h) => h.kind);
		const indicators = openIndicators(store);
		let compared = false;
		try {
			const { year, period } = expected.report;
			if (year !== null)
				compared =
					indicators
						.compare({ year, period: period ?? "annual" })
						.reduce((n, r) => n + r.items, 0) > 0;
		} finally {
			indicators.close();
		}
		return {
			format,
			expected,
			result,
			stored,
			exported,
			holds,
			compared,
			score: scoreRecord(expected, (stored ?? EMPTY) as never),
		};
	} finally {
		store.close();
	}
}

/**
 * Make the record of layout `layout.seed` from `gold`, render it as `format`, import (with a
 * person's column roles when `options.columns` is given) and score.
 */
export async function runLayout(
	gold: ReportRecord,
	layout: Layout,
	format: LayoutFormat,
	options: { columns?: ColumnAssignment } = {},
): Promise<LayoutRun> {
	const record = layoutRecord(gold, layout.seed);
	const bytes = await renderLayout(record, layout, format);
	return importAndScore(bytes, format, expectedRecord(record, layout), options);
}
