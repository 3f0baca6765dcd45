/**
 * The repository on PostgreSQL (store/repository.ts): the same tables and views as SQLite (the
 * migrations translated by store/dialect.ts), the same row mappers. A report is saved in one
 * transaction under an advisory lock (the PostgreSQL counterpart of SQLite's BEGIN IMMEDIATE):
 * two workers saving at once are serialised for the few milliseconds of the writes, never for
 * the parsing or OCR before them.
 *
 * Not yet on PostgreSQL (refused with a clear error, nothing stored): a new version of a stored
 * report (same organization, department, year and period, other bytes), a rendition of one (the
 * same report in another format), and re-deriving a report with a person's column roles. Import
 * those into a SQLite store, or wait for the next slice.
 */
import type pg from "pg";
import { z } from "zod";
import { searchStems } from "../../normalizers/stem.ts";
import type { IngestResult } from "../../pipeline/ingest.ts";
import {
	type Measure,
	type ReportRecord,
	ReportRecordSchema,
} from "../../pipeline/records.ts";
import { canonicalJson, type StoredHold } from "../holds.ts";
import { type Repository, wordsOf } from "../repository-api.ts";
import {
	type MeasureRow,
	type ReportRow,
	type ReportSummaryRow,
	rowToMeasure,
	rowToRecord,
} from "../rows.ts";
import type {
	ImportOutcome,
	ReportListing,
	SearchHit,
	StoreOptions,
} from "../store.ts";
import {
	createPool,
	inTransaction,
	migratePg,
	type Queryable,
	storeMigrations,
} from "./connect.ts";
import { redactUrl } from "./url.ts";

/** The advisory lock every report save takes (any fixed number, distinct from the migrations'). */
export const SAVE_LOCK = 7_315_002;

/** A report PostgreSQL cannot store yet (see the module comment); nothing was stored. */
export class PgUnsupportedError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

export async function openPgRepository(
	url: string,
	options: StoreOptions = {},
): Promise<PgRepository> {
	const pool = createPool(url);
	try {
		await migratePg(pool, "store", storeMigrations());
	} catch (error) {
		await pool.end();
		throw error;
	}
	return new PgRepository(
		pool,
		redactUrl(url),
		options.now ?? (() => new Date().toISOString()),
	);
}

const keyed = (r: ReportRecord["report"]) =>
	r.year !== null && (r.organization !== null || r.department !== null);

export class PgRepository implements Repository {
	readonly engine = "postgres" as const;

	constructor(
		readonly pool: pg.Pool,
		readonly location: string,
		readonly now: () => string,
	) {}

	async saveReport(result: IngestResult): Promise<ImportOutcome> {
		return await inTransaction(this.pool, (client) =>
			this.saveReportIn(client, result),
		);
	}

	/**
	 * Save a report inside the caller's transaction (the queue marks its job done in the same
	 * one, so a report is stored exactly once).
	 */
	async saveReportIn(
		client: pg.PoolClient,
		result: IngestResult,
	): Promise<ImportOutcome> {
		const parsed = ReportRecordSchema.safeParse(result?.record);
		if (!parsed.success)
			throw new TypeError(
				`store.saveReport: result.record is not a ReportRecord: ${z.prettifyError(parsed.error)}`,
			);
		const record = parsed.data;
		const { document } = result;
		const importedAt = this.now();
		await client.query("SELECT pg_advisory_xact_lock($1)", [SAVE_LOCK]);
		const known = await findDocumentBySha(client, document.sha256);
		if (result.columns !== undefined)
			throw new PgUnsupportedError(
				"re-deriving a report with a person's column roles is not supported on PostgreSQL yet",
				"import the file with --columns into a SQLite store (--db FILE)",
			);
		if (known && known.report_id !== null)
			return {
				status: "duplicate",
				documentId: known.document_id,
				reportId: known.report_id,
			};
		if (known) {
			const kept = await one<{ report_id: number }>(
				client,
				"SELECT report_id FROM report_versions WHERE document_id = $1 ORDER BY version DESC LIMIT 1",
				[known.document_id],
			);
			if (kept)
				return {
					status: "duplicate",
					documentId: known.document_id,
					reportId: kept.report_id,
				};
		}
		if (keyed(record.report)) {
			const { organization, department, year, period } = record.report;
			const same = await one<{ id: number }>(
				client,
				`SELECT id FROM reports WHERE organization IS NOT DISTINCT FROM $1
				AND department IS NOT DISTINCT FROM $2 AND year IS NOT DISTINCT FROM $3
				AND period IS NOT DISTINCT FROM $4 ORDER BY id DESC LIMIT 1`,
				[organization, department, year, period],
			);
			if (same)
				throw new PgUnsupportedError(
					`this file is a new version or another format of stored report ${same.id} (same organization, department, year and period); new versions and renditions are not supported on PostgreSQL yet, and nothing was stored`,
					"import it into a SQLite store (--db FILE), or correct the report's values in the review app",
				);
		}
		const documentId =
			known?.document_id ??
			(
				await must<{ id: number }>(
					client,
					`INSERT INTO documents (sha256, name, format, bytes, imported_at)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`,
					[
						document.sha256,
						document.file,
						document.format,
						document.bytes,
						importedAt,
					],
				)
			).id;
		if (document.sourceText !== undefined) {
			await client.query("DELETE FROM sources WHERE document_id = $1", [
				documentId,
			]);
			await client.query(
				"INSERT INTO sources (document_id, text) VALUES ($1, $2)",
				[documentId, document.sourceText],
			);
		}
		for (const image of document.pageImages ?? [])
			await client.query(
				`INSERT INTO page_images (document_id, page, source_width, source_height, source_dpi, width, height, mime, bytes)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (document_id, page) DO UPDATE SET source_width = EXCLUDED.source_width,
					source_height = EXCLUDED.source_height, source_dpi = EXCLUDED.source_dpi,
					width = EXCLUDED.width, height = EXCLUDED.height, mime = EXCLUDED.mime, bytes = EXCLUDED.bytes`,
				[
					documentId,
					image.page,
					image.sourceWidth,
					image.sourceHeight,
					image.sourceDpi,
					image.width,
					image.height,
					image.mime,
					Buffer.from(
						image.bytes.buffer,
						image.bytes.byteOffset,
						image.bytes.byteLength,
					),
				],
			);
		const { report, summary, evaluation } = record;
		const reportId = (
			await must<{ id: number }>(
				client,
				`INSERT INTO reports (document_id, source, title, organization, department, year, period,
				prepared_by, reviewed_by, status, summary_json, evaluation_json, issues_json, summary_date,
				summary_items_monitored, summary_plan_completion_pct, evaluation_plan_score, evaluation_total)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
			RETURNING id`,
				[
					documentId,
					record.source,
					report.title,
					report.organization,
					report.department,
					report.year,
					report.period,
					report.preparedBy,
					report.reviewedBy,
					result.status,
					jsonOrNull(summary),
					jsonOrNull(evaluation),
					JSON.stringify(result.issues ?? []),
					summary?.date ?? null,
					summary?.itemsMonitored ?? null,
					summary?.planCompletionPct ?? null,
					evaluation?.planScore ?? null,
					evaluation?.total ?? null,
				],
			)
		).id;
		for (const [ord, goal] of record.goals.entries())
			await client.query(
				"INSERT INTO goals (report_id, ord, number, title) VALUES ($1, $2, $3, $4)",
				[reportId, ord, goal.number, goal.title],
			);
		await insertMeasures(client, reportId, record.measures);
		// The holds first: their flags open the report's review queue.
		for (const hold of result.holds ?? []) {
			const flag = await must<{ id: number }>(
				client,
				`INSERT INTO flags (report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at)
				VALUES ($1, $2, 'error', NULL, NULL, $3, $4, NULL, 'open', $5) RETURNING id`,
				[
					reportId,
					hold.kind,
					hold.message,
					JSON.stringify({ ...hold.evidence, hold: true }),
					importedAt,
				],
			);
			await client.query(
				`INSERT INTO holds (report_id, kind, message, evidence_json, flag_id, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)`,
				[
					reportId,
					hold.kind,
					hold.message,
					canonicalJson(hold.evidence ?? {}),
					flag.id,
					importedAt,
				],
			);
		}
		await client.query(
			`UPDATE reports SET held = CASE WHEN EXISTS (SELECT 1 FROM v_holds v
				WHERE v.report_id = reports.id AND v.state = 'held') THEN 1 ELSE 0 END
			WHERE id = $1`,
			[reportId],
		);
		const { decisions, flags } = result;
		if (decisions.length > 0)
			await client.query(
				`INSERT INTO decisions (report_id, kind, item, field, confidence, evidence, text, from_item, to_item, prov_json)
				SELECT $1, u.kind, u.item, u.field, u.confidence, u.evidence, u.text, u.from_item, u.to_item, u.prov_json
				FROM unnest($2::text[], $3::text[], $4::text[], $5::double precision[], $6::text[], $7::text[],
					$8::text[], $9::text[], $10::text[]) WITH ORDINALITY
					AS u (kind, item, field, confidence, evidence, text, from_item, to_item, prov_json, n)
				ORDER BY u.n`,
				[
					reportId,
					decisions.map((d) => d.kind),
					decisions.map((d) => d.item),
					decisions.map((d) => d.field),
					decisions.map((d) => d.confidence),
					decisions.map((d) => d.evidence),
					decisions.map((d) => d.text ?? null),
					decisions.map((d) => d.from ?? null),
					decisions.map((d) => d.to ?? null),
					decisions.map((d) => jsonOrNull(d.prov)),
				],
			);
		if (flags.length > 0)
			await client.query(
				`INSERT INTO flags (report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at)
				SELECT $1, u.kind, u.severity, u.item, u.field, u.message, u.evidence_json, u.prov_json, 'open', $9
				FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
					WITH ORDINALITY AS u (kind, severity, item, field, message, evidence_json, prov_json, n)
				ORDER BY u.n`,
				[
					reportId,
					flags.map((f) => f.kind),
					flags.map((f) => f.severity),
					flags.map((f) => f.item),
					flags.map((f) => f.field),
					flags.map((f) => f.message),
					flags.map((f) => JSON.stringify(f.evidence ?? {})),
					flags.map((f) => jsonOrNull(f.prov)),
					importedAt,
				],
			);
		return { status: "imported", documentId, reportId };
	}

	async findDocument(
		sha256: string,
	): Promise<{ documentId: number; reportId: number } | undefined> {
		const row = await findDocumentBySha(this.pool, sha256);
		if (!row || row.report_id === null) return undefined;
		return { documentId: row.document_id, reportId: row.report_id };
	}

	async listReports(): Promise<ReportListing[]> {
		const { rows } = await this.pool.query<ReportSummaryRow>(
			"SELECT * FROM v_report_summary ORDER BY report_id",
		);
		return rows.map((r) => ({
			id: r.report_id,
			documentId: r.document_id,
			documentName: r.document_name,
			sha256: r.document_sha256,
			importedAt: r.imported_at,
			source: r.source,
			title: r.title,
			organization: r.organization,
			department: r.department,
			year: r.year,
			period: r.period as ReportListing["period"],
			status: r.status as ReportListing["status"],
			measures: r.measures,
			measuresDue: r.measures_due,
			measuresNotDue: r.measures_not_due,
			computedPlanCompletionPct: r.computed_plan_completion_pct,
			summaryItemsMonitored: r.summary_items_monitored,
			summaryPlanCompletionPct: r.summary_plan_completion_pct,
			evaluationTotal: r.evaluation_total,
			openFlags: r.open_flags,
			corrections: r.corrections,
			held: r.held === 1,
			holds: r.holds,
		}));
	}

	async exportRecords(
		reportId?: number,
		options: { includeHeld?: boolean } = {},
	): Promise<ReportRecord[]> {
		const client = await this.pool.connect();
		try {
			// One snapshot, so a concurrent import or correction cannot tear the export.
			await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
			const ids =
				reportId === undefined
					? (
							await client.query<{ id: number }>(
								"SELECT id FROM reports WHERE $1 = 1 OR held = 0 ORDER BY id",
								[options.includeHeld ? 1 : 0],
							)
						).rows.map((r) => r.id)
					: [checkId("exportRecords", reportId)];
			const records: ReportRecord[] = [];
			for (const id of ids) {
				const record = await exportRecord(client, id);
				if (record) records.push(record);
			}
			await client.query("COMMIT");
			return records;
		} catch (error) {
			await client.query("ROLLBACK").catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	async listHolds(reportId?: number): Promise<StoredHold[]> {
		const { rows } = await this.pool.query<HoldRow>(
			`SELECT * FROM v_holds WHERE ($1::integer IS NULL OR report_id = $1)
			ORDER BY report_id, hold_id`,
			[reportId ?? null],
		);
		return rows.map((r) => ({
			id: r.hold_id,
			reportId: r.report_id,
			kind: r.kind,
			message: r.message,
			evidence: JSON.parse(r.evidence_json) as Record<string, unknown>,
			flagId: r.flag_id,
			createdAt: r.created_at,
			state: r.state === "accepted" ? "accepted" : "held",
			acceptedBy: r.accepted_by,
			acceptedAt: r.accepted_at,
			reason: r.reason,
		}));
	}

	async searchWords(
		words: string,
		options: { reportId?: number; limit?: number } = {},
	): Promise<SearchHit[]> {
		const list = wordsOf(words);
		if (list.length === 0)
			throw new TypeError("store.searchWords: give at least one word");
		// Each word as a whole-word lexeme, ICU lower case as the tsv column (store/dialect.ts).
		const { rows } = await this.pool.query<{
			measure_id: number;
			report_id: number;
			item: string;
			snippet: string;
		}>(
			`WITH q AS (SELECT to_tsquery('simple', string_agg(quote_literal(lower(w COLLATE "und-x-icu")), ' & ')) AS query
				FROM unnest($1::text[]) AS w)
			SELECT m.id AS measure_id, m.report_id, m.item,
				f.activity || ' ' || f.indicator || ' ' || f.achievement AS snippet
			FROM q, measures_fts f JOIN measures m ON m.id = f.rowid JOIN reports r ON r.id = m.report_id
			WHERE f.tsv @@ q.query AND ($2::integer IS NULL OR m.report_id = $2)
				AND (r.held = 0 OR $2::integer IS NOT NULL)
			ORDER BY ts_rank(f.tsv, q.query) DESC, m.report_id, m.ord
			LIMIT $3`,
			[list, options.reportId ?? null, options.limit ?? 50],
		);
		return rows.map((r) => ({
			measureId: r.measure_id,
			reportId: r.report_id,
			item: r.item,
			snippet: snippetOf(r.snippet, list),
		}));
	}

	/** Row counts of the main tables (tests, diagnostics). */
	async counts(): Promise<Record<string, number>> {
		const { rows } = await this.pool.query<{ table_name: string; n: number }>(
			`SELECT 'documents' AS table_name, COUNT(*) AS n FROM documents
			UNION ALL SELECT 'reports', COUNT(*) FROM reports
			UNION ALL SELECT 'goals', COUNT(*) FROM goals
			UNION ALL SELECT 'measures', COUNT(*) FROM measures
			UNION ALL SELECT 'provenance', COUNT(*) FROM provenance
			UNION ALL SELECT 'decisions', COUNT(*) FROM decisions
			UNION ALL SELECT 'flags', COUNT(*) FROM flags
			UNION ALL SELECT 'measures_fts', COUNT(*) FROM measures_fts
			UNION ALL SELECT 'measures_stems', COUNT(*) FROM measures_stems`,
		);
		return Object.fromEntries(rows.map((r) => [r.table_name, r.n]));
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}

interface HoldRow {
	hold_id: number;
	report_id: number;
	kind: string;
	message: string;
	evidence_json: string;
	flag_id: number | null;
	created_at: string;
	state: string;
	accepted_by: string | null;
	accepted_at: string | null;
	reason: string | null;
}

/**
 * The passage around the first match, matched words in [brackets] (as SQLite's snippet): words
 * are runs of letters and digits, compared case folded, as the search compares them.
 */
export function snippetOf(text: string, words: readonly string[]): string {
	const wanted = new Set(words.map((w) => w.toLocaleLowerCase("mn")));
	const parts = text.split(/([\p{L}\p{N}]+)/u);
	const first = parts.findIndex((p) => wanted.has(p.toLocaleLowerCase("mn")));
	// parts alternate separator, word, separator, …: 12 words ≈ 24 parts around the match.
	const from = Math.max(0, first - 8);
	const to = Math.min(parts.length, from + 24);
	const body = parts
		.slice(from, to)
		.map((p) => (wanted.has(p.toLocaleLowerCase("mn")) ? `[${p}]` : p))
		.join("")
		.replace(/\s+/g, " ")
		.trim();
	return `${from > 0 ? "…" : ""}${body}${to < parts.length ? "…" : ""}`;
}

async function exportRecord(
	client: pg.PoolClient,
	reportId: number,
): Promise<ReportRecord | undefined> {
	const report = await one<ReportRow>(
		client,
		`SELECT id, document_id, source, title, organization, department, year, period, prepared_by,
			reviewed_by, status, summary_json, evaluation_json, issues_json
		FROM reports WHERE id = $1`,
		[reportId],
	);
	if (!report) return undefined;
	const goals = await client.query<{ number: number; title: string }>(
		"SELECT number, title FROM goals WHERE report_id = $1 ORDER BY ord",
		[reportId],
	);
	const measures = await client.query<MeasureRow>(
		"SELECT * FROM v_measures WHERE report_id = $1 ORDER BY ord",
		[reportId],
	);
	return rowToRecord(
		report,
		goals.rows.map((g) => ({ number: g.number, title: g.title })),
		measures.rows.map(rowToMeasure),
	);
}

/**
 * A report's measures with their search rows and provenance: one statement per table (unnest
 * of parallel arrays), not one per row — a 44-item report is a handful of round trips.
 */
async function insertMeasures(
	client: pg.PoolClient,
	reportId: number,
	measures: readonly Measure[],
): Promise<void> {
	if (measures.length === 0) return;
	const col = <T>(f: (m: Measure) => T) => measures.map(f);
	const { rows } = await client.query<{ id: number; ord: number }>(
		`INSERT INTO measures (report_id, ord, item, goal, activity, budget_raw, budget_amount_mnt, budget_source,
			indicator, baseline_raw, baseline_value, baseline_unit, target_half_raw, target_half_value,
			target_half_unit, target_full_raw, target_full_value, target_full_unit, achievement,
			performance_pct, performance_raw, not_due, item_raw)
		SELECT $1, u.ord - 1, u.item, u.goal, u.activity, u.budget_raw, u.budget_amount_mnt, u.budget_source,
			u.indicator, u.baseline_raw, u.baseline_value, u.baseline_unit, u.target_half_raw, u.target_half_value,
			u.target_half_unit, u.target_full_raw, u.target_full_value, u.target_full_unit, u.achievement,
			u.performance_pct, u.performance_raw, u.not_due, u.item_raw
		FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[], $6::double precision[], $7::text[],
			$8::text[], $9::text[], $10::double precision[], $11::text[], $12::text[], $13::double precision[],
			$14::text[], $15::text[], $16::double precision[], $17::text[], $18::text[], $19::integer[],
			$20::text[], $21::integer[], $22::text[])
			WITH ORDINALITY AS u (item, goal, activity, budget_raw, budget_amount_mnt, budget_source,
				indicator, baseline_raw, baseline_value, baseline_unit, target_half_raw, target_half_value,
				target_half_unit, target_full_raw, target_full_value, target_full_unit, achievement,
				performance_pct, performance_raw, not_due, item_raw, ord)
		ORDER BY u.ord
		RETURNING id, ord`,
		[
			reportId,
			col((m) => m.item),
			col((m) => m.goal),
			col((m) => m.activity),
			col((m) => m.budget.raw),
			col((m) => m.budget.amountMnt),
			col((m) => m.budget.source),
			col((m) => m.indicator),
			col((m) => m.baseline.raw),
			col((m) => m.baseline.value),
			col((m) => m.baseline.unit),
			col((m) => m.targetHalfYear.raw),
			col((m) => m.targetHalfYear.value),
			col((m) => m.targetHalfYear.unit),
			col((m) => m.targetFullYear.raw),
			col((m) => m.targetFullYear.value),
			col((m) => m.targetFullYear.unit),
			col((m) => m.achievement),
			col((m) => m.performancePct),
			col((m) => m.performanceRaw ?? null),
			col((m) => (m.notDue ? 1 : 0)),
			col((m) => m.itemRaw ?? null),
		],
	);
	// RETURNING's order is not promised: map the ids back by ord.
	const ids: number[] = [];
	for (const r of rows) ids[r.ord] = r.id;
	if (ids.length !== measures.length || ids.some((id) => id === undefined))
		throw new Error(
			"store: INSERT INTO measures returned fewer ids than measures",
		);
	const texts = measures.map(
		(m) => `${m.activity}\n${m.indicator}\n${m.achievement}`,
	);
	await client.query(
		`INSERT INTO measures_fts (rowid, activity, indicator, achievement)
		SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[])`,
		[
			ids,
			col((m) => m.activity),
			col((m) => m.indicator),
			col((m) => m.achievement),
		],
	);
	await client.query(
		`INSERT INTO measures_stems (rowid, words, stems)
		SELECT * FROM unnest($1::integer[], $2::text[], $3::text[])`,
		[ids, texts, texts.map(searchStems)],
	);
	const pieces = measures.flatMap((m, i) =>
		Object.entries(m.provenance ?? {}).flatMap(([field, list]) =>
			list.map((piece, pieceOrd) => ({
				id: ids[i] as number,
				field,
				pieceOrd,
				piece,
			})),
		),
	);
	if (pieces.length === 0) return;
	const column = (f: (p: (typeof pieces)[number]) => unknown) => pieces.map(f);
	await client.query(
		`INSERT INTO provenance (measure_id, field, ord, file, page, tbl, row, cell, start_offset, end_offset,
			bbox_json, confidence, text)
		SELECT * FROM unnest($1::integer[], $2::text[], $3::integer[], $4::text[], $5::integer[], $6::integer[],
			$7::integer[], $8::integer[], $9::integer[], $10::integer[], $11::text[], $12::double precision[], $13::text[])`,
		[
			column((p) => p.id),
			column((p) => p.field),
			column((p) => p.pieceOrd),
			column((p) => p.piece.file),
			column((p) => p.piece.page),
			column((p) => p.piece.table ?? null),
			column((p) => p.piece.row ?? null),
			column((p) => p.piece.cell ?? null),
			column((p) => p.piece.start ?? null),
			column((p) => p.piece.end ?? null),
			column((p) => jsonOrNull(p.piece.bbox)),
			column((p) => p.piece.confidence ?? null),
			column((p) => p.piece.text),
		],
	);
}

async function findDocumentBySha(
	db: Queryable,
	sha256: string,
): Promise<{ document_id: number; report_id: number | null } | undefined> {
	return await one(
		db,
		`SELECT d.id AS document_id, COALESCE(
			(SELECT MIN(r.id) FROM reports r WHERE r.document_id = d.id),
			(SELECT n.report_id FROM renditions n WHERE n.document_id = d.id)) AS report_id
		FROM documents d WHERE d.sha256 = $1`,
		[sha256],
	);
}

async function one<R extends pg.QueryResultRow>(
	db: Queryable,
	sql: string,
	params: unknown[],
): Promise<R | undefined> {
	const { rows } = await db.query<R>(sql, params);
	return rows[0];
}

async function must<R extends pg.QueryResultRow>(
	db: Queryable,
	sql: string,
	params: unknown[],
): Promise<R> {
	const row = await one<R>(db, sql, params);
	if (row === undefined)
		throw new Error("store: an INSERT … RETURNING returned no row");
	return row;
}

function jsonOrNull(value: unknown): string | null {
	return value === undefined || value === null ? null : JSON.stringify(value);
}

function checkId(call: string, id: number): number {
	if (!Number.isSafeInteger(id) || id < 1)
		throw new TypeError(
			`store.${call}: report id must be a positive integer, got ${String(id)}`,
		);
	return id;
}
