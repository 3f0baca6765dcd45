/**
 * The tailan store: SQLite through better-sqlite3. The only module that talks SQL (through the
 * named statements of queries.ts); everything else calls the methods of `Store`. The connection,
 * its settings and locking are connection.ts's; see docs/store.md for the modules of store/.
 */
import { z } from "zod";
import type { Provenance } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import { type ReportRecord, ReportRecordSchema } from "../pipeline/records.ts";
import { type Handle, lendConnection, openConnection } from "./connection.ts";
import { throwingStoreErrors } from "./errors.ts";
import {
	CORRECTABLE_FIELDS,
	fieldValueToText,
	isCorrectableField,
	SEARCHABLE_FIELDS,
} from "./fields.ts";
import {
	type AcceptHoldsInput,
	acceptHolds,
	holdOfFlag,
	listHolds,
	refreshHeld,
	type StoredHold,
	saveHolds,
} from "./holds.ts";
import { savePageImages } from "./images.ts";
import { userVersion } from "./migrate.ts";
import { type Queries, queriesOf } from "./queries.ts";
import { type RenditionOutcome, recordRendition } from "./renditions.ts";
import {
	type CorrectionInput,
	FLAG_STATUSES,
	type FlagStatus,
	fieldOfRow,
	measureParams,
	rowToCorrection,
	rowToFlag,
	rowToMeasure,
	rowToRecord,
	type StoredCorrection,
	type StoredFlag,
} from "./rows.ts";
import { indexMeasureText, searchMeasures } from "./search.ts";
import {
	beginReplacement,
	finishReplacement,
	type ReplacementOutcome,
	saveSourceText,
} from "./versions.ts";

/** Defined in rows.ts; named here too, where the Store interface uses them. */
export {
	type CorrectionInput,
	FLAG_STATUSES,
	type FlagStatus,
	type StoredCorrection,
	type StoredFlag,
};

export interface ImportOutcome {
	/** "imported": stored now; "duplicate": these bytes (sha256) were already stored, nothing new;
	 * "rendition": the same report as a stored one in another file (same identity and content,
	 * pipeline/renditions.ts): its bytes are recorded against that report, which is unchanged. */
	status: "imported" | "duplicate" | "rendition";
	reportId: number;
	documentId: number;
	/** Set when the document is a new version of a stored report (same organization, department,
	 * year, period): that report kept its id, its extraction was replaced and its corrections
	 * re-applied (store/review.ts). */
	replaced?: ReplacementOutcome;
	/** Set for a rendition: the version it renders and the document it is the same as. */
	rendition?: RenditionOutcome;
}

/** One automatic decision of a stored report (`listDecisions`). */
export interface StoredDecision {
	kind: string;
	confidence: number;
	/** What was decided and why ("columns assigned by a person (who, when): 1=item, …"). */
	evidence: string;
}

/** One line of `listReports()`: a row of the v_report_summary view. */
export interface ReportListing {
	id: number;
	documentId: number;
	documentName: string;
	sha256: string;
	importedAt: string;
	source: string;
	title: string;
	organization: string | null;
	department: string | null;
	year: number | null;
	period: "annual" | "half-year" | null;
	status: "ok" | "partial";
	measures: number;
	measuresDue: number;
	measuresNotDue: number;
	/** Mean effective level over the due measures, to 0.1 — compare with summaryPlanCompletionPct. */
	computedPlanCompletionPct: number | null;
	summaryItemsMonitored: number | null;
	summaryPlanCompletionPct: number | null;
	evaluationTotal: number | null;
	openFlags: number;
	corrections: number;
	/** true while a hold is not accepted: the report is left out of the queries and exports. */
	held: boolean;
	/** Holds of the current version, accepted or not (see listHolds). */
	holds: number;
}

export interface SearchHit {
	measureId: number;
	reportId: number;
	item: string;
	/** The matching passage, matches in [brackets]. */
	snippet: string;
}

export interface StoreInfo {
	path: string;
	/** PRAGMA user_version: the number of migrations applied. */
	userVersion: number;
	journalMode: string;
	foreignKeys: boolean;
	busyTimeoutMs: number;
}

export interface StoreOptions {
	/** Refuse to create a new database file (default false: a missing file is created). */
	mustExist?: boolean;
	/** Clock for imported_at / created_at (default: the current time, ISO 8601). */
	now?: () => string;
	/** How long a write waits for another process's lock (default BUSY_TIMEOUT_MS, 5 s). */
	busyTimeoutMs?: number;
}

export interface Store {
	/** The path given to openStore. */
	readonly path: string;
	/** Store a report whole in one transaction, or return "duplicate" when its bytes are known. */
	importResult(result: IngestResult): ImportOutcome;
	/** The stored report of a document, by its sha256, if any. */
	findDocument(
		sha256: string,
	): { documentId: number; reportId: number } | undefined;
	/**
	 * DESIGN.md §4 records with effective values. Without reportId: every report that is not
	 * held (held ones too with includeHeld). With reportId: that report, held or not.
	 */
	exportRecords(
		reportId?: number,
		options?: { includeHeld?: boolean },
	): ReportRecord[];
	/** One listing per report, in import order. */
	listReports(): ReportListing[];
	/** Review flags, optionally of one report and/or one status. */
	listFlags(filter?: { reportId?: number; status?: FlagStatus }): StoredFlag[];
	/** Mark a flag accepted, corrected, rejected or open again (a hold's flag: see acceptHolds). */
	setFlagStatus(flagId: number, status: FlagStatus): void;
	/** The holds of the reports' current versions (one report, or all), with their state. */
	listHolds(reportId?: number): StoredHold[];
	/** The automatic decisions of a report's current version, optionally of one kind ("column-map"). */
	listDecisions(reportId: number, kind?: string): StoredDecision[];
	/**
	 * A person accepts a held report as it is: one append-only acceptance per hold (who, when,
	 * why), the holds' flags accepted, the report counted again. Throws when it is not held.
	 * @returns the holds accepted now
	 */
	acceptHolds(reportId: number, input: AcceptHoldsInput): StoredHold[];
	/** Append a correction; open flags on the same item and field become "corrected". */
	addCorrection(input: CorrectionInput): StoredCorrection;
	/** Corrections in the order they were made, optionally of one report. */
	listCorrections(reportId?: number): StoredCorrection[];
	/** Full-text search (FTS5 query syntax) over activity, indicator and achievement. */
	search(
		query: string,
		options?: { reportId?: number; limit?: number },
	): SearchHit[];
	/** Row counts per table, for tests and diagnostics. */
	counts(): Record<string, number>;
	/** Connection settings, for diagnostics: schema version, journal mode, foreign keys, busy timeout. */
	info(): StoreInfo;
	close(): void;
}

/**
 * Open (or create) a tailan database and bring its schema up to date.
 * @param path a file path, or ":memory:" for a private in-memory database
 * @param options see StoreOptions
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
	if (typeof path !== "string" || path === "") {
		throw new TypeError(
			"openStore(path): path must be a file path or ':memory:'",
		);
	}
	const db = openConnection(path, {
		fileMustExist: options.mustExist ?? false,
		...(options.busyTimeoutMs === undefined
			? {}
			: { busyTimeoutMs: options.busyTimeoutMs }),
	});
	return throwingStoreErrors(
		new SqliteStore(db, path, options.now ?? (() => new Date().toISOString())),
	);
}

class SqliteStore implements Store {
	readonly #db: Handle;
	readonly #q: Queries;
	readonly #now: () => string;

	constructor(
		db: Handle,
		readonly path: string,
		now: () => string,
	) {
		this.#db = db;
		this.#q = queriesOf(db);
		this.#now = now;
		lendConnection(this, db);
	}

	importResult(result: IngestResult): ImportOutcome {
		const parsed = ReportRecordSchema.safeParse(result?.record);
		if (!parsed.success) {
			throw new TypeError(
				`store.importResult: result.record is not a ReportRecord: ${z.prettifyError(parsed.error)}`,
			);
		}
		const record = parsed.data;
		const { document } = result;
		const importedAt = this.#now();
		const q = this.#q;
		// IMMEDIATE takes the write lock first, so two processes importing the same file cannot
		// both see "not there yet".
		return this.#db
			.transaction((): ImportOutcome => {
				const known = q.findDocumentBySha.get({ sha256: document.sha256 });
				// Re-derived with a person's column roles: the same bytes are no duplicate; the report
				// stored from them becomes a new version of itself (docs/holds.md).
				const rederived =
					result.columns !== undefined && known && known.report_id !== null
						? known
						: undefined;
				if (known && known.report_id !== null && !rederived) {
					return {
						status: "duplicate",
						documentId: known.document_id,
						reportId: known.report_id,
					};
				}
				// The bytes of an earlier version, kept in report_versions: a duplicate too — a
				// re-run must not make an old version current again.
				const kept =
					known &&
					this.#db
						.prepare<{ id: number }, { report_id: number }>(
							"SELECT report_id FROM report_versions WHERE document_id = @id ORDER BY version DESC LIMIT 1",
						)
						.get({ id: known.document_id });
				if (known && kept && !result.columns)
					return {
						status: "duplicate",
						documentId: known.document_id,
						reportId: kept.report_id,
					};
				// A document whose report a newer version replaced is known without a report.
				const documentId =
					known?.document_id ??
					must(
						q.insertDocument.get({
							sha256: document.sha256,
							name: document.file,
							format: document.format,
							bytes: document.bytes,
							imported_at: importedAt,
						}),
					).id;
				// The same report in another format: recorded against it, nothing else changes.
				const rendition = rederived
					? undefined
					: recordRendition(this.#db, record, documentId, importedAt);
				if (rendition) {
					const { reportId, ...rest } = rendition;
					return { status: "rendition", documentId, reportId, rendition: rest };
				}
				saveSourceText(this.#db, documentId, document.sourceText);
				savePageImages(this.#db, documentId, document.pageImages);
				const params = reportParams(documentId, record, result);
				// A new version of a stored report takes that report over (store/review.ts).
				const replacing = beginReplacement(
					this.#db,
					record.report,
					params,
					importedAt,
					rederived?.report_id ?? undefined,
				);
				const reportId =
					replacing?.reportId ?? must(q.insertReport.get(params)).id;
				record.goals.forEach((goal, ord) => {
					q.insertGoal.run({
						report_id: reportId,
						ord,
						number: goal.number,
						title: goal.title,
					});
				});
				record.measures.forEach((measure, ord) => {
					const measureId = must(
						q.insertMeasure.get(measureParams(reportId, ord, measure)),
					).id;
					const text = {
						id: measureId,
						activity: measure.activity,
						indicator: measure.indicator,
						achievement: measure.achievement,
					};
					q.insertMeasureText.run(text);
					indexMeasureText(this.#db, text, true);
					for (const [field, pieces] of Object.entries(
						measure.provenance ?? {},
					)) {
						pieces.forEach((piece, pieceOrd) => {
							q.insertProvenance.run({
								measure_id: measureId,
								field,
								ord: pieceOrd,
								...provenanceParams(piece),
								text: piece.text,
							});
						});
					}
				});
				// The holds first: their flags open the report's review queue.
				saveHolds(this.#db, reportId, result.holds ?? [], importedAt);
				for (const decision of result.decisions) {
					q.insertDecision.run({
						report_id: reportId,
						kind: decision.kind,
						item: decision.item,
						field: decision.field,
						confidence: decision.confidence,
						evidence: decision.evidence,
						text: decision.text ?? null,
						from_item: decision.from ?? null,
						to_item: decision.to ?? null,
						prov_json: jsonOrNull(decision.prov),
					});
				}
				for (const flag of result.flags) {
					q.insertFlag.run({
						report_id: reportId,
						kind: flag.kind,
						severity: flag.severity,
						item: flag.item,
						field: flag.field,
						message: flag.message,
						evidence_json: JSON.stringify(flag.evidence ?? {}),
						prov_json: jsonOrNull(flag.prov),
						created_at: importedAt,
					});
				}
				if (replacing) {
					const replaced = finishReplacement(
						this.#db,
						replacing,
						{ id: documentId, sha256: document.sha256 },
						importedAt,
					);
					// Holds are re-evaluated: one whose evidence an acceptance covers stays accepted.
					refreshHeld(this.#db, reportId);
					return { status: "imported", documentId, reportId, replaced };
				}
				return { status: "imported", documentId, reportId };
			})
			.immediate();
	}

	findDocument(
		sha256: string,
	): { documentId: number; reportId: number } | undefined {
		const row = this.#q.findDocumentBySha.get({ sha256 });
		if (!row || row.report_id === null) return undefined;
		return { documentId: row.document_id, reportId: row.report_id };
	}

	exportRecords(
		reportId?: number,
		options: { includeHeld?: boolean } = {},
	): ReportRecord[] {
		const ids =
			reportId === undefined
				? this.#q.reportIds
						.all({ include_held: options.includeHeld ? 1 : 0 })
						.map((row) => row.id)
				: [checkId("exportRecords", reportId)];
		// One read transaction, so a concurrent import or correction cannot tear the export.
		return this.#db.transaction(() =>
			ids.flatMap((id) => this.#exportRecord(id) ?? []),
		)();
	}

	#exportRecord(reportId: number): ReportRecord | undefined {
		const report = this.#q.reportById.get({ id: reportId });
		if (!report) return undefined;
		return rowToRecord(
			report,
			this.#q.goalsOfReport
				.all({ report_id: reportId })
				.map((g) => ({ number: g.number, title: g.title })),
			this.#q.measuresOfReport.all({ report_id: reportId }).map(rowToMeasure),
		);
	}

	listReports(): ReportListing[] {
		return this.#q.reportSummaries.all().map((r) => ({
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

	listFlags(
		filter: { reportId?: number; status?: FlagStatus } = {},
	): StoredFlag[] {
		if (filter.status !== undefined && !FLAG_STATUSES.includes(filter.status)) {
			throw new TypeError(
				`store.listFlags: status must be one of ${FLAG_STATUSES.join(", ")}`,
			);
		}
		const rows = this.#q.flags.all({
			report_id:
				filter.reportId === undefined
					? null
					: checkId("listFlags", filter.reportId),
			status: filter.status ?? null,
		});
		return rows.map(rowToFlag);
	}

	setFlagStatus(flagId: number, status: FlagStatus): void {
		if (!FLAG_STATUSES.includes(status)) {
			throw new TypeError(
				`store.setFlagStatus: status must be one of ${FLAG_STATUSES.join(", ")}`,
			);
		}
		// A hold's flag follows its hold: open while held, accepted once a person accepted it
		// (with a name and a reason, append-only — see acceptHolds).
		const hold = holdOfFlag(this.#db, checkId("setFlagStatus", flagId));
		if (hold && status !== (hold.state === "held" ? "open" : "accepted")) {
			throw new TypeError(
				hold.state === "held"
					? `store.setFlagStatus: flag ${flagId} holds report ${hold.reportId} out of the queries (${hold.kind}); accept the report with who and why (accept this flag with a reason, or \`tailan reports accept ${hold.reportId} --reason …\`)`
					: `store.setFlagStatus: flag ${flagId} is a hold of report ${hold.reportId} that ${hold.acceptedBy ?? "a person"} accepted; an acceptance is kept (import a new version of the report to re-evaluate it)`,
			);
		}
		const { changes } = this.#q.setFlagStatus.run({
			id: checkId("setFlagStatus", flagId),
			status,
		});
		if (changes === 0)
			throw new TypeError(`store.setFlagStatus: there is no flag ${flagId}`);
	}

	listDecisions(reportId: number, kind?: string): StoredDecision[] {
		return this.#db
			.prepare<
				{ report_id: number; kind: string | null },
				{ kind: string; confidence: number; evidence: string }
			>(
				`SELECT kind, confidence, evidence FROM decisions
				WHERE report_id = @report_id AND (CAST(@kind AS TEXT) IS NULL OR kind = @kind) ORDER BY id`,
			)
			.all({
				report_id: checkId("listDecisions", reportId),
				kind: kind ?? null,
			});
	}

	listHolds(reportId?: number): StoredHold[] {
		return listHolds(
			this.#db,
			reportId === undefined ? undefined : checkId("listHolds", reportId),
		);
	}

	acceptHolds(reportId: number, input: AcceptHoldsInput): StoredHold[] {
		checkId("acceptHolds", reportId);
		if (typeof input?.who !== "string" || input.who.trim() === "")
			throw new TypeError(
				"store.acceptHolds: `who` must name the person accepting the report",
			);
		if (typeof input.reason !== "string" || input.reason.trim() === "")
			throw new TypeError(
				"store.acceptHolds: `reason` must say why the report may be counted as it is",
			);
		return this.#db
			.transaction(() => {
				try {
					return acceptHolds(this.#db, reportId, input, this.#now());
				} catch (error) {
					if (error instanceof TypeError)
						throw new TypeError(`store.acceptHolds: ${error.message}`);
					throw error;
				}
			})
			.immediate();
	}

	addCorrection(input: CorrectionInput): StoredCorrection {
		const { reportId, item, field, newValue, reason, who } = input;
		checkId("addCorrection", reportId);
		if (!isCorrectableField(field)) {
			throw new TypeError(
				`store.addCorrection: field "${field}" cannot be corrected; use one of ${Object.keys(CORRECTABLE_FIELDS).join(", ")}`,
			);
		}
		const checked = CORRECTABLE_FIELDS[field].safeParse(newValue);
		if (!checked.success) {
			throw new TypeError(
				`store.addCorrection: ${JSON.stringify(newValue)} is not a valid ${field}: ${z.prettifyError(checked.error)}`,
			);
		}
		if (typeof who !== "string" || who.trim() === "") {
			throw new TypeError(
				"store.addCorrection: `who` must name the person making the correction",
			);
		}
		if (typeof reason !== "string")
			throw new TypeError("store.addCorrection: `reason` must be a string");
		const q = this.#q;
		return this.#db
			.transaction((): StoredCorrection => {
				const before = q.measureByItem.get({ report_id: reportId, item });
				if (!before) {
					throw new TypeError(
						`store.addCorrection: report ${reportId} has no measure ${item}`,
					);
				}
				const createdAt = this.#now();
				const row = {
					document_sha256: before.document_sha256,
					report_id: reportId,
					item,
					field,
					old_value: fieldValueToText(fieldOfRow(before, field)),
					new_value: fieldValueToText(checked.data),
					reason,
					who,
					created_at: createdAt,
				};
				const id = must(q.insertCorrection.get(row)).id;
				q.resolveFlagsOfField.run({
					report_id: reportId,
					item,
					field,
					parent: field.split(".")[0] ?? field,
				});
				if ((SEARCHABLE_FIELDS as readonly string[]).includes(field)) {
					const after = must(
						q.measureByItem.get({ report_id: reportId, item }),
					);
					const text = {
						id: after.measure_id,
						activity: after.activity,
						indicator: after.indicator,
						achievement: after.achievement,
					};
					q.updateMeasureText.run(text);
					indexMeasureText(this.#db, text);
				}
				return {
					id,
					reportId,
					sha256: before.document_sha256,
					item,
					field,
					oldValue: fieldOfRow(before, field),
					newValue: checked.data,
					reason,
					who,
					createdAt,
				};
			})
			.immediate();
	}

	listCorrections(reportId?: number): StoredCorrection[] {
		const rows = this.#q.corrections.all({
			report_id:
				reportId === undefined ? null : checkId("listCorrections", reportId),
		});
		return rows.map(rowToCorrection);
	}

	search(
		query: string,
		options: { reportId?: number; limit?: number } = {},
	): SearchHit[] {
		if (typeof query !== "string" || query.trim() === "") {
			throw new TypeError("store.search: query must be a non-empty FTS5 query");
		}
		return searchMeasures(
			this.#db,
			query,
			options.reportId === undefined
				? null
				: checkId("search", options.reportId),
			options.limit ?? 50,
		).map((r) => ({
			measureId: r.measure_id,
			reportId: r.report_id,
			item: r.item,
			snippet: r.snippet,
		}));
	}

	counts(): Record<string, number> {
		return Object.fromEntries(
			this.#q.countRows.all().map((r) => [r.table_name, r.n]),
		);
	}

	info(): StoreInfo {
		return {
			path: this.path,
			userVersion: userVersion(this.#db),
			journalMode: String(this.#db.pragma("journal_mode", { simple: true })),
			foreignKeys: this.#db.pragma("foreign_keys", { simple: true }) === 1,
			busyTimeoutMs: Number(this.#db.pragma("busy_timeout", { simple: true })),
		};
	}

	close(): void {
		this.#db.close();
	}
}

function must<T>(value: T | undefined): T {
	if (value === undefined)
		throw new Error("store: an INSERT … RETURNING returned no row");
	return value;
}

function checkId(call: string, id: number): number {
	if (!Number.isSafeInteger(id) || id < 1) {
		throw new TypeError(
			`store.${call}: report id must be a positive integer, got ${String(id)}`,
		);
	}
	return id;
}

function jsonOrNull(value: unknown): string | null {
	return value === undefined || value === null ? null : JSON.stringify(value);
}

function reportParams(
	documentId: number,
	record: ReportRecord,
	result: IngestResult,
) {
	const { report, summary, evaluation } = record;
	return {
		document_id: documentId,
		source: record.source,
		title: report.title,
		organization: report.organization,
		department: report.department,
		year: report.year,
		period: report.period,
		prepared_by: report.preparedBy,
		reviewed_by: report.reviewedBy,
		status: result.status,
		summary_json: jsonOrNull(summary),
		evaluation_json: jsonOrNull(evaluation),
		issues_json: JSON.stringify(result.issues ?? []),
		summary_date: summary?.date ?? null,
		summary_items_monitored: summary?.itemsMonitored ?? null,
		summary_plan_completion_pct: summary?.planCompletionPct ?? null,
		evaluation_plan_score: evaluation?.planScore ?? null,
		evaluation_total: evaluation?.total ?? null,
	};
}

function provenanceParams(p: Provenance) {
	return {
		file: p.file,
		page: p.page,
		tbl: p.table ?? null,
		row: p.row ?? null,
		cell: p.cell ?? null,
		start_offset: p.start ?? null,
		end_offset: p.end ?? null,
		bbox_json: jsonOrNull(p.bbox),
		confidence: p.confidence ?? null,
	};
}
