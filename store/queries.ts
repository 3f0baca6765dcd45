/**
 * Every SQL statement tailan runs, as named prepared statements. Parameters are always bound
 * (named `@param`), never spliced into the SQL text. The statements are written in SQL that
 * PostgreSQL also accepts (docs/store.md, "SQL both engines accept"); the full-text search, which
 * differs, is store/search.ts's.
 */
import type { Handle as Database } from "./handle.ts";
import {
	type CorrectionRow,
	type FlagRow,
	MEASURE_COLUMNS,
	type MeasureRow,
	type ReportRow,
	type ReportSummaryRow,
} from "./rows.ts";

const prepared = new WeakMap<Database, Queries>();

/** The statements of a connection, prepared on first use and kept with it. */
export function queriesOf(db: Database): Queries {
	let q = prepared.get(db);
	if (q === undefined) {
		q = prepareQueries(db);
		prepared.set(db, q);
	}
	return q;
}

/** Prepare all statements once per connection (see queriesOf). */
export function prepareQueries(db: Database) {
	const s = <P extends unknown[] | object = [], R = unknown>(sql: string) =>
		db.prepare<P, R>(sql);
	return {
		findDocumentBySha: s<
			{ sha256: string },
			{ document_id: number; report_id: number | null }
		>(
			// A report's document, or a rendition of one (migration 008).
			`SELECT d.id AS document_id, COALESCE(
				(SELECT MIN(r.id) FROM reports r WHERE r.document_id = d.id),
				(SELECT n.report_id FROM renditions n WHERE n.document_id = d.id)) AS report_id
			FROM documents d WHERE d.sha256 = @sha256`,
		),
		insertDocument: s<
			{
				sha256: string;
				name: string;
				format: string;
				bytes: number;
				imported_at: string;
			},
			{ id: number }
		>(
			`INSERT INTO documents (sha256, name, format, bytes, imported_at)
			VALUES (@sha256, @name, @format, @bytes, @imported_at) RETURNING id`,
		),
		insertReport: s<Record<string, unknown>, { id: number }>(
			`INSERT INTO reports (document_id, source, title, organization, department, year, period,
				prepared_by, reviewed_by, status, summary_json, evaluation_json, issues_json, summary_date,
				summary_items_monitored, summary_plan_completion_pct, evaluation_plan_score, evaluation_total)
			VALUES (@document_id, @source, @title, @organization, @department, @year, @period,
				@prepared_by, @reviewed_by, @status, @summary_json, @evaluation_json, @issues_json, @summary_date,
				@summary_items_monitored, @summary_plan_completion_pct, @evaluation_plan_score, @evaluation_total)
			RETURNING id`,
		),
		insertGoal: s<{
			report_id: number;
			ord: number;
			number: number;
			title: string;
		}>(
			"INSERT INTO goals (report_id, ord, number, title) VALUES (@report_id, @ord, @number, @title)",
		),
		insertMeasure: s<Record<string, unknown>, { id: number }>(
			`INSERT INTO measures (${MEASURE_COLUMNS.join(", ")})
			VALUES (${MEASURE_COLUMNS.map((c) => `@${c}`).join(", ")})
			RETURNING id`,
		),
		insertMeasureText: s<{
			id: number;
			activity: string;
			indicator: string;
			achievement: string;
		}>(
			`INSERT INTO measures_fts (rowid, activity, indicator, achievement)
			VALUES (@id, @activity, @indicator, @achievement)`,
		),
		updateMeasureText: s<{
			id: number;
			activity: string;
			indicator: string;
			achievement: string;
		}>(
			`UPDATE measures_fts SET activity = @activity, indicator = @indicator, achievement = @achievement
			WHERE rowid = @id`,
		),
		insertProvenance: s<Record<string, unknown>>(
			`INSERT INTO provenance (measure_id, field, ord, file, page, tbl, row, cell, start_offset, end_offset,
				bbox_json, confidence, text)
			VALUES (@measure_id, @field, @ord, @file, @page, @tbl, @row, @cell, @start_offset, @end_offset,
				@bbox_json, @confidence, @text)`,
		),
		insertDecision: s<Record<string, unknown>>(
			`INSERT INTO decisions (report_id, kind, item, field, confidence, evidence, text, from_item, to_item, prov_json)
			VALUES (@report_id, @kind, @item, @field, @confidence, @evidence, @text, @from_item, @to_item, @prov_json)`,
		),
		insertFlag: s<Record<string, unknown>>(
			`INSERT INTO flags (report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at)
			VALUES (@report_id, @kind, @severity, @item, @field, @message, @evidence_json, @prov_json, 'open', @created_at)`,
		),
		reportIds: s<{ include_held: number }, { id: number }>(
			"SELECT id FROM reports WHERE @include_held = 1 OR held = 0 ORDER BY id",
		),
		reportById: s<{ id: number }, ReportRow>(
			`SELECT id, document_id, source, title, organization, department, year, period, prepared_by,
				reviewed_by, status, summary_json, evaluation_json, issues_json
			FROM reports WHERE id = @id`,
		),
		goalsOfReport: s<{ report_id: number }, { number: number; title: string }>(
			"SELECT number, title FROM goals WHERE report_id = @report_id ORDER BY ord",
		),
		measuresOfReport: s<{ report_id: number }, MeasureRow>(
			"SELECT * FROM v_measures WHERE report_id = @report_id ORDER BY ord",
		),
		/** A measure as extracted, without its corrections (the measures table itself). */
		extractedMeasure: s<
			{ report_id: number; item: string },
			MeasureRow & { id: number }
		>(
			"SELECT *, 0 AS corrected_fields FROM measures WHERE report_id = @report_id AND item = @item",
		),
		measureByItem: s<{ report_id: number; item: string }, MeasureRow>(
			"SELECT * FROM v_measures WHERE report_id = @report_id AND item = @item",
		),
		reportSummaries: s<[], ReportSummaryRow>(
			"SELECT * FROM v_report_summary ORDER BY report_id",
		),
		flags: s<{ report_id: number | null; status: string | null }, FlagRow>(
			`SELECT id, report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at
			FROM flags
			WHERE (CAST(@report_id AS INTEGER) IS NULL OR report_id = @report_id) AND (CAST(@status AS TEXT) IS NULL OR status = @status)
			ORDER BY report_id, id`,
		),
		setFlagStatus: s<{ id: number; status: string }>(
			"UPDATE flags SET status = @status WHERE id = @id",
		),
		// Who set a flag's status last, and when (migration 012; the trail has every decision).
		stampFlagStatus: s<{ id: number; who: string; at: string }>(
			"UPDATE flags SET status_by = @who, status_at = @at WHERE id = @id",
		),
		resolveFlagsOfField: s<{
			report_id: number;
			item: string;
			field: string;
			parent: string;
		}>(
			`UPDATE flags SET status = 'corrected'
			WHERE report_id = @report_id AND item = @item AND field IN (@field, @parent) AND status = 'open'`,
		),
		insertCorrection: s<Omit<CorrectionRow, "id">, { id: number }>(
			`INSERT INTO corrections (document_sha256, report_id, item, field, old_value, new_value, reason, who, created_at)
			VALUES (@document_sha256, @report_id, @item, @field, @old_value, @new_value, @reason, @who, @created_at)
			RETURNING id`,
		),
		corrections: s<{ report_id: number | null }, CorrectionRow>(
			`SELECT id, document_sha256, report_id, item, field, old_value, new_value, reason, who, created_at
			FROM corrections WHERE (CAST(@report_id AS INTEGER) IS NULL OR report_id = @report_id) ORDER BY id`,
		),
		countRows: s<[], { table_name: string; n: number }>(
			`SELECT 'documents' AS table_name, COUNT(*) AS n FROM documents
			UNION ALL SELECT 'reports', COUNT(*) FROM reports
			UNION ALL SELECT 'goals', COUNT(*) FROM goals
			UNION ALL SELECT 'measures', COUNT(*) FROM measures
			UNION ALL SELECT 'provenance', COUNT(*) FROM provenance
			UNION ALL SELECT 'decisions', COUNT(*) FROM decisions
			UNION ALL SELECT 'flags', COUNT(*) FROM flags
			UNION ALL SELECT 'corrections', COUNT(*) FROM corrections
			UNION ALL SELECT 'measures_fts', COUNT(*) FROM measures_fts`,
		),
	};
}

export type Queries = ReturnType<typeof prepareQueries>;
