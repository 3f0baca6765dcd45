/**
 * Renditions (migration 008): the same report in another format is recorded against the report
 * it renders — which file, format, sha256, when — and is neither a new report nor a new version.
 * store.importResult asks `recordRendition` before it stores an extraction; the content test is
 * pipeline/renditions.ts's.
 */

import type { Measure, ReportRecord } from "../pipeline/records.ts";
import { renditionDifference } from "../pipeline/renditions.ts";
import { type Connected, databaseOf } from "./connection.ts";
import type { Handle } from "./handle.ts";
import { queriesOf } from "./queries.ts";
import {
	type MeasureRow,
	type ReportRow,
	rowToMeasure,
	rowToRecord,
} from "./rows.ts";
import { isKeyed } from "./versions.ts";

/** A rendition of a stored report. */
export interface Rendition {
	reportId: number;
	/** The version of the report it renders (the report's current one when `current`). */
	version: number;
	current: boolean;
	documentId: number;
	/** The file's name as imported. */
	name: string;
	format: string;
	sha256: string;
	bytes: number;
	/** The report's document it was found to be the same as. */
	sameAsDocumentId: number;
	addedAt: string;
}

/** What importResult did with a rendition. */
export interface RenditionOutcome {
	version: number;
	sameAsDocumentId: number;
}

/**
 * Called by store.importResult in its transaction, with the new document's row already
 * inserted: when a stored report has the record's identity (organization, department, year,
 * period) and the same content as its current extraction (pipeline/renditions.ts), the document
 * is recorded as a rendition of that report and the outcome returned; otherwise undefined (a new
 * report, or a new version).
 */
export function recordRendition(
	db: Handle,
	record: ReportRecord,
	documentId: number,
	now: string,
): (RenditionOutcome & { reportId: number }) | undefined {
	if (!isKeyed(record.report)) return undefined;
	const { report } = record;
	const stored = db
		.prepare<
			{
				organization: string | null;
				department: string | null;
				year: number | null;
				period: string | null;
			},
			ReportRow & { version: number }
		>(
			`SELECT * FROM reports
			WHERE organization IS NOT DISTINCT FROM @organization AND department IS NOT DISTINCT FROM @department
				AND year IS NOT DISTINCT FROM @year AND period IS NOT DISTINCT FROM @period
			ORDER BY id DESC LIMIT 1`,
		)
		.get({
			organization: report.organization,
			department: report.department,
			year: report.year,
			period: report.period,
		});
	if (!stored) return undefined;
	if (renditionDifference(extraction(db, stored), record) !== null)
		return undefined;
	db.prepare(
		`INSERT INTO renditions (report_id, version, document_id, same_as_document_id, added_at)
		VALUES (@report_id, @version, @document_id, @same_as, @added_at)`,
	).run({
		report_id: stored.id,
		version: stored.version,
		document_id: documentId,
		same_as: stored.document_id,
		added_at: now,
	});
	return {
		reportId: stored.id,
		version: stored.version,
		sameAsDocumentId: stored.document_id,
	};
}

/** A stored report as it was extracted (corrections are the clerk's, not the file's). */
function extraction(db: Handle, row: ReportRow): ReportRecord {
	const id = { report_id: row.id };
	const measures = db
		.prepare<
			{ report_id: number },
			MeasureRow & { performance_raw: string | null }
		>(
			"SELECT *, 0 AS corrected_fields FROM measures WHERE report_id = @report_id ORDER BY ord",
		)
		.all(id)
		.map((r): Measure => {
			const m = rowToMeasure(r);
			if (r.performance_raw !== null) m.performanceRaw = r.performance_raw;
			return m;
		});
	const goals = queriesOf(db).goalsOfReport.all(id);
	return rowToRecord(row, goals, measures);
}

/**
 * The renditions of a report, oldest first: those of its current version (`current`) and of
 * earlier versions.
 * @param store a store from openStore
 * @param reportId the report
 */
export function listRenditions(
	store: Connected,
	reportId: number,
): Rendition[] {
	return databaseOf(store)
		.prepare<
			{ report_id: number },
			{
				report_id: number;
				version: number;
				current: number;
				document_id: number;
				name: string;
				format: string;
				sha256: string;
				bytes: number;
				same_as_document_id: number;
				added_at: string;
			}
		>(
			`SELECT n.report_id, n.version, n.version = r.version AS current, n.document_id,
				d.name, d.format, d.sha256, d.bytes, n.same_as_document_id, n.added_at
			FROM renditions n JOIN reports r ON r.id = n.report_id JOIN documents d ON d.id = n.document_id
			WHERE n.report_id = @report_id ORDER BY n.id`,
		)
		.all({ report_id: reportId })
		.map((r) => ({
			reportId: r.report_id,
			version: r.version,
			current: r.current === 1,
			documentId: r.document_id,
			name: r.name,
			format: r.format,
			sha256: r.sha256,
			bytes: r.bytes,
			sameAsDocumentId: r.same_as_document_id,
			addedAt: r.added_at,
		}));
}
