/**
 * The review step's store functions (issue 5): the review queue, one item with its evidence,
 * corrections that re-run the cross-checks, narrative moves, and the re-import of a new version
 * of a report (corrections re-applied by report identity, item and field). SQL stays in store/.
 */
import type Database from "better-sqlite3";
import type { Provenance } from "../pipeline/document.ts";
import {
	EvaluationSchema,
	type Flag,
	type Measure,
	type ReportRecord,
	SummarySchema,
} from "../pipeline/records.ts";
import { crossCheck } from "../pipeline/validate.ts";
import {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	type FieldValue,
	fieldOfMeasure,
	fieldValueToText,
	isCorrectableField,
} from "./fields.ts";
import { holdOfFlag } from "./holds.ts";
import { type FlagRow, type MeasureRow, rowToFlag } from "./queries.ts";
import { openFlagIds, settleMoveFlags } from "./question-key.ts";
import { reindexReport } from "./search.ts";
import {
	type CorrectionInput,
	databaseOf,
	FLAG_STATUSES,
	type FlagStatus,
	rowToMeasure,
	type Store,
	type StoredCorrection,
	type StoredFlag,
} from "./store.ts";

/** Flag kinds raised by pipeline/validate.ts crossCheck: re-run after every correction. */
export const CROSS_CHECK_KINDS = [
	"summary-missing",
	"summary-item-count",
	"summary-level-count",
	"summary-completion",
	"evaluation-missing",
	"evaluation-completion",
	"evaluation-plan-score",
	"evaluation-total",
] as const;

/** Severity order of the queue: most severe first. */
export const SEVERITY_ORDER = ["error", "warning", "info"] as const;

/** One line of the review queue: a flag with its report and the position of its item. */
export interface QueueRow {
	id: number;
	reportId: number;
	kind: string;
	severity: "info" | "warning" | "error";
	item: string | null;
	field: string | null;
	message: string;
	status: FlagStatus;
	year: number | null;
	department: string | null;
	organization: string | null;
	period: string | null;
	documentName: string;
	/** The item's position in its table; null for report-level flags (cross-checks). */
	ord: number | null;
}

export interface QueueFilter {
	reportId?: number;
	kind?: string;
	/** A flag status, or "all" (default "open"). */
	status?: FlagStatus | "all";
	/** At most this many rows (default: all). */
	limit?: number;
	/** Rows skipped before the first returned (default 0). */
	offset?: number;
}

/** Counts of flags per report, kind and status (each facet ignores its own filter). */
export interface QueueCounts {
	total: number;
	byReport: { reportId: number; label: string; n: number }[];
	byKind: { kind: string; n: number }[];
	byStatus: { status: FlagStatus; n: number }[];
}

/** A source piece of a measure field (provenance row). */
export interface SourcePiece extends Provenance {
	field: string;
	text: string;
}

/** Everything the item view shows about one measure. */
export interface ItemDetail {
	reportId: number;
	measureId: number;
	sha256: string;
	documentName: string;
	reportTitle: string;
	ord: number;
	/** Effective values (latest correction over the extracted value). */
	effective: Measure;
	/** As extracted. */
	extracted: Measure;
	performanceRaw: string | null;
	pieces: SourcePiece[];
	flags: StoredFlag[];
	/** Corrections of this item under the report's current document, oldest first. */
	corrections: StoredCorrection[];
	previous: { item: string; achievement: string } | null;
	next: { item: string; achievement: string } | null;
}

export interface MoveInput {
	reportId: number;
	/** The item whose narrative holds the fragment. */
	from: string;
	/** "previous": the fragment opens `from`'s narrative; "next": it closes it. */
	direction: "previous" | "next";
	fragment: string;
	who: string;
	reason?: string;
}

export interface RecheckOutcome {
	raised: number;
	resolved: number;
}

/** What importing a new version of a known report did (see replaceReport in importResult). */
export interface ReplacementOutcome {
	/** The document of the version replaced (kept in `documents`). */
	oldDocumentId: number;
	oldSha256: string;
	/** Corrections re-applied under the new document. */
	reapplied: number;
	/** Re-applied corrections whose extracted value changed to something other than the correction: each raised a flag. */
	changed: number;
	/** Corrections whose item the new version no longer has: each raised a flag. */
	orphaned: number;
}

/** A re-import: a new version of the report's document replaced the old one. */
export interface Reimport {
	oldDocumentId: number;
	newDocumentId: number;
	reimportedAt: string;
	reapplied: number;
	changed: number;
	orphaned: number;
}

/** The review functions over an open store. */
export interface ReviewStore {
	readonly store: Store;
	/** Flags in queue order: by report, severity (error first), item position, id. */
	queue(filter?: QueueFilter): QueueRow[];
	/** Facet counts for the queue's filters. */
	queueCounts(filter?: QueueFilter): QueueCounts;
	/** One flag, any status. */
	flag(flagId: number): StoredFlag | undefined;
	/** One measure with its evidence; undefined when the report has no such item. */
	item(reportId: number, item: string): ItemDetail | undefined;
	/** The full source text of the report's current document, when it is textual. */
	sourceText(reportId: number): string | undefined;
	/** Add a correction and re-run the report's cross-checks, in one transaction. */
	correct(input: CorrectionInput): StoredCorrection;
	/** Move a narrative fragment to the previous or next item: two corrections, one transaction. */
	move(input: MoveInput): [StoredCorrection, StoredCorrection];
	/** Undo a correction: a new correction back to the value it replaced. */
	undo(correctionId: number, who: string): StoredCorrection;
	/**
	 * Set a flag's status (accept, reject, reopen). Accepting a held report's flag (docs/holds.md)
	 * accepts its hold, which needs `by`: who accepts it and why (without it, it is refused).
	 */
	setFlagStatus(
		flagId: number,
		status: FlagStatus,
		by?: { who: string; reason: string },
	): void;
	/** Re-run the cross-checks over the effective values; update their flags. */
	recheck(reportId: number): RecheckOutcome;
	/**
	 * Run `fn` in one write transaction: all of its changes or none. The write lock is taken
	 * first (BEGIN IMMEDIATE), waiting within the busy timeout while an import stores a report.
	 */
	transaction<T>(fn: () => T): T;
	/** The new versions this report was re-imported from, oldest first. */
	reimports(reportId: number): Reimport[];
	/**
	 * Every version of a report, oldest first: the earlier ones with their kept extraction
	 * (report_versions.snapshot_json), the last one current (the report row itself).
	 */
	versions(reportId: number): ReportVersion[];
}

/** One version of a report. */
export interface ReportVersion {
	version: number;
	documentId: number;
	current: boolean;
	/** When a newer version replaced it (null for the current one). */
	supersededAt: string | null;
	/** The extraction it had (null for the current one, which is in the tables themselves). */
	snapshot: Record<string, unknown> | null;
}

const cache = new WeakMap<Store, ReviewStore>();

/**
 * The review functions of an open store (one instance per store).
 * @param store a store from openStore
 */
export function reviewStore(store: Store): ReviewStore {
	const known = cache.get(store);
	if (known) return known;
	const made = makeReviewStore(store, databaseOf(store));
	cache.set(store, made);
	return made;
}

function prepare(db: Database.Database) {
	const s = <P extends unknown[] | object = [], R = unknown>(sql: string) =>
		db.prepare<P, R>(sql);
	return {
		queue: s<
			{
				report_id: number | null;
				kind: string | null;
				status: string | null;
				limit: number;
				offset: number;
			},
			{
				id: number;
				report_id: number;
				kind: string;
				severity: string;
				item: string | null;
				field: string | null;
				message: string;
				status: string;
				ord: number | null;
			}
		>(
			`SELECT f.id, f.report_id, f.kind, f.severity, f.item, f.field, f.message, f.status, m.ord
			FROM flags f
			LEFT JOIN measures m ON m.report_id = f.report_id AND m.item = f.item
			WHERE (@report_id IS NULL OR f.report_id = @report_id)
				AND (@kind IS NULL OR f.kind = @kind)
				AND (@status IS NULL OR f.status = @status)
			ORDER BY f.report_id,
				CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
				COALESCE(m.ord, -1), f.id
			LIMIT @limit OFFSET @offset`,
		),
		reportLabels: s<
			[],
			{
				id: number;
				year: number | null;
				department: string | null;
				organization: string | null;
				period: string | null;
				document_name: string;
			}
		>(
			`SELECT r.id, r.year, r.department, r.organization, r.period, d.name AS document_name
			FROM reports r JOIN documents d ON d.id = r.document_id`,
		),
		facetCounts: s<
			[],
			{
				report_id: number;
				kind: string;
				status: string;
				n: number;
				year: number | null;
				department: string | null;
			}
		>(
			`SELECT f.report_id, f.kind, f.status, COUNT(*) AS n, r.year, r.department
			FROM flags f JOIN reports r ON r.id = f.report_id
			GROUP BY f.report_id, f.kind, f.status, r.year, r.department`,
		),
		flagById: s<{ id: number }, FlagRow>(
			`SELECT id, report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at
			FROM flags WHERE id = @id`,
		),
		flagsOfItem: s<{ report_id: number; item: string }, { id: number }>(
			"SELECT id FROM flags WHERE report_id = @report_id AND item = @item ORDER BY id",
		),
		reportDocument: s<
			{ id: number },
			{
				document_id: number;
				sha256: string;
				name: string;
				title: string;
				summary_json: string | null;
				evaluation_json: string | null;
			}
		>(
			`SELECT d.id AS document_id, d.sha256, d.name, r.title, r.summary_json, r.evaluation_json
			FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = @id`,
		),
		reopenFlagsOfField: s<{ report_id: number; item: string; field: string }>(
			`UPDATE flags SET status = 'open'
			WHERE report_id = @report_id AND item = @item AND field = @field AND status = 'corrected'`,
		),
		effectiveMeasure: s<{ report_id: number; item: string }, MeasureRow>(
			"SELECT * FROM v_measures WHERE report_id = @report_id AND item = @item",
		),
		effectiveMeasures: s<{ report_id: number }, MeasureRow>(
			"SELECT * FROM v_measures WHERE report_id = @report_id ORDER BY ord",
		),
		extractedMeasure: s<
			{ report_id: number; item: string },
			MeasureRow & { id: number }
		>(
			"SELECT *, 0 AS corrected_fields FROM measures WHERE report_id = @report_id AND item = @item",
		),
		neighbour: s<
			{ report_id: number; ord: number },
			{ item: string; achievement: string }
		>(
			"SELECT item, achievement FROM v_measures WHERE report_id = @report_id AND ord = @ord",
		),
		provenanceOfMeasure: s<
			{ measure_id: number },
			{
				field: string;
				file: string;
				page: number;
				tbl: number | null;
				row: number | null;
				cell: number | null;
				start_offset: number | null;
				end_offset: number | null;
				bbox_json: string | null;
				confidence: number | null;
				text: string;
			}
		>(
			`SELECT field, file, page, tbl, row, cell, start_offset, end_offset, bbox_json, confidence, text
			FROM provenance WHERE measure_id = @measure_id ORDER BY field, ord`,
		),
		correctionById: s<
			{ id: number },
			{
				id: number;
				document_sha256: string;
				report_id: number;
				item: string;
				field: string;
				old_value: string | null;
			}
		>(
			"SELECT id, document_sha256, report_id, item, field, old_value FROM corrections WHERE id = @id",
		),
		correctionIdsOfItem: s<{ sha256: string; item: string }, { id: number }>(
			"SELECT id FROM corrections WHERE document_sha256 = @sha256 AND item = @item ORDER BY id",
		),
		sourceOfReport: s<{ id: number }, { text: string }>(
			`SELECT s.text FROM reports r JOIN sources s ON s.document_id = r.document_id WHERE r.id = @id`,
		),
		versions: s<
			{ report_id: number },
			{
				version: number;
				document_id: number;
				superseded_at: string | null;
				snapshot_json: string | null;
			}
		>(
			`SELECT version, document_id, superseded_at, snapshot_json FROM report_versions
				WHERE report_id = @report_id
			UNION ALL
			SELECT version, document_id, NULL, NULL FROM reports WHERE id = @report_id
			ORDER BY version`,
		),
		reimports: s<
			{ report_id: number },
			{
				old_document_id: number;
				new_document_id: number;
				reimported_at: string;
				corrections_reapplied: number;
				corrections_changed: number;
				corrections_orphaned: number;
			}
		>(
			`SELECT old_document_id, new_document_id, reimported_at, corrections_reapplied, corrections_changed,
				corrections_orphaned
			FROM reimports WHERE report_id = @report_id ORDER BY id`,
		),
	};
}

function makeReviewStore(store: Store, db: Database.Database): ReviewStore {
	const q = prepare(db);
	const nowIso = () => new Date().toISOString();

	const toFlag = (row: FlagRow | undefined): StoredFlag =>
		rowToFlag(row as FlagRow);

	function statusFilter(status: QueueFilter["status"]): string | null {
		const value = status ?? "open";
		if (value === "all") return null;
		if (!FLAG_STATUSES.includes(value))
			throw new TypeError(
				`review.queue: status must be one of ${FLAG_STATUSES.join(", ")} or all`,
			);
		return value;
	}

	const recheck = (reportId: number) => recheckReport(db, reportId, nowIso());

	/**
	 * A correction closed the flags on its field; when an undo brings the field (every field under
	 * the same head, e.g. all of budget.*) back to what was extracted, those flags are open again.
	 */
	const reopenRestored = (
		reportId: number,
		item: string,
		field: CorrectableField,
	): void => {
		const head = field.split(".")[0] ?? field;
		const eff = q.effectiveMeasure.get({ report_id: reportId, item });
		const ext = q.extractedMeasure.get({ report_id: reportId, item });
		if (!eff || !ext) return;
		const effective = rowToMeasure(eff);
		const extracted = rowToMeasure(ext);
		const restored = (name: CorrectableField) =>
			JSON.stringify(fieldOfMeasure(effective, name)) ===
			JSON.stringify(fieldOfMeasure(extracted, name));
		if (!restored(field)) return;
		q.reopenFlagsOfField.run({ report_id: reportId, item, field });
		const siblings = (
			Object.keys(CORRECTABLE_FIELDS) as CorrectableField[]
		).filter((f) => f === head || f.startsWith(`${head}.`));
		if (head !== field && siblings.every(restored))
			q.reopenFlagsOfField.run({ report_id: reportId, item, field: head });
	};
	const review: ReviewStore = {
		store,
		queue(filter = {}) {
			for (const key of ["limit", "offset"] as const) {
				const n = filter[key];
				if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0))
					throw new TypeError(
						`review.queue: ${key} must be a whole number ≥ 0, got ${n}`,
					);
			}
			const reports = new Map(q.reportLabels.all().map((r) => [r.id, r]));
			return q.queue
				.all({
					report_id: filter.reportId ?? null,
					kind: filter.kind ?? null,
					status: statusFilter(filter.status),
					limit: filter.limit ?? -1,
					offset: filter.offset ?? 0,
				})
				.map((r) => {
					const report = reports.get(r.report_id);
					return {
						id: r.id,
						reportId: r.report_id,
						kind: r.kind,
						severity: r.severity as QueueRow["severity"],
						item: r.item,
						field: r.field,
						message: r.message,
						status: r.status as FlagStatus,
						year: report?.year ?? null,
						department: report?.department ?? null,
						organization: report?.organization ?? null,
						period: report?.period ?? null,
						documentName: report?.document_name ?? "",
						ord: r.ord,
					};
				});
		},
		queueCounts(filter = {}) {
			const status = statusFilter(filter.status);
			const rows = q.facetCounts.all();
			const byReport = new Map<number, { label: string; n: number }>();
			const byKind = new Map<string, number>();
			const byStatus = new Map<FlagStatus, number>(
				FLAG_STATUSES.map((s) => [s, 0]),
			);
			let total = 0;
			for (const r of rows) {
				const reportOk =
					filter.reportId === undefined || r.report_id === filter.reportId;
				const kindOk = filter.kind === undefined || r.kind === filter.kind;
				const statusOk = status === null || r.status === status;
				const label =
					`${r.report_id} · ${r.year ?? "?"} ${r.department ?? ""}`.trim();
				const entry = byReport.get(r.report_id) ?? { label, n: 0 };
				if (kindOk && statusOk) entry.n += r.n;
				byReport.set(r.report_id, entry);
				if (reportOk && statusOk)
					byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + r.n);
				if (reportOk && kindOk) {
					const s = r.status as FlagStatus;
					byStatus.set(s, (byStatus.get(s) ?? 0) + r.n);
				}
				if (reportOk && kindOk && statusOk) total += r.n;
			}
			return {
				total,
				byReport: [...byReport].map(([reportId, v]) => ({ reportId, ...v })),
				byKind: [...byKind]
					.map(([kind, n]) => ({ kind, n }))
					.sort((a, b) => a.kind.localeCompare(b.kind)),
				byStatus: [...byStatus].map(([s, n]) => ({ status: s, n })),
			};
		},
		flag(flagId) {
			const row = q.flagById.get({ id: flagId });
			return row ? toFlag(row) : undefined;
		},
		item(reportId, item) {
			const doc = q.reportDocument.get({ id: reportId });
			const eff = q.effectiveMeasure.get({ report_id: reportId, item });
			const ext = q.extractedMeasure.get({ report_id: reportId, item });
			if (!doc || !eff || !ext) return undefined;
			const pieces = q.provenanceOfMeasure
				.all({ measure_id: eff.measure_id })
				.map((p) => {
					const piece: SourcePiece = {
						field: p.field,
						file: p.file,
						page: p.page,
						text: p.text,
					};
					if (p.tbl !== null) piece.table = p.tbl;
					if (p.row !== null) piece.row = p.row;
					if (p.cell !== null) piece.cell = p.cell;
					if (p.start_offset !== null) piece.start = p.start_offset;
					if (p.end_offset !== null) piece.end = p.end_offset;
					if (p.bbox_json !== null)
						piece.bbox = JSON.parse(p.bbox_json) as SourcePiece["bbox"];
					if (p.confidence !== null) piece.confidence = p.confidence;
					return piece;
				});
			const flags = q.flagsOfItem
				.all({ report_id: reportId, item })
				.map((f) => toFlag(q.flagById.get({ id: f.id })));
			const ids = new Set(
				q.correctionIdsOfItem
					.all({ sha256: doc.sha256, item })
					.map((c) => c.id),
			);
			const corrections = store
				.listCorrections(reportId)
				.filter((c) => ids.has(c.id));
			const prev = q.neighbour.get({ report_id: reportId, ord: eff.ord - 1 });
			const next = q.neighbour.get({ report_id: reportId, ord: eff.ord + 1 });
			return {
				reportId,
				measureId: eff.measure_id,
				sha256: doc.sha256,
				documentName: doc.name,
				reportTitle: doc.title,
				ord: eff.ord,
				effective: rowToMeasure(eff),
				extracted: rowToMeasure(ext),
				performanceRaw: ext.performance_raw,
				pieces,
				flags,
				corrections,
				previous: prev ?? null,
				next: next ?? null,
			};
		},
		sourceText(reportId) {
			return q.sourceOfReport.get({ id: reportId })?.text;
		},
		correct(input) {
			return db
				.transaction(() => {
					const stored = store.addCorrection(input);
					recheck(input.reportId);
					return stored;
				})
				.immediate();
		},
		move(input) {
			const { reportId, from, direction, who } = input;
			const fragment = input.fragment.trim();
			if (fragment === "")
				throw new TypeError("review.move: the fragment is empty");
			return db
				.transaction((): [StoredCorrection, StoredCorrection] => {
					const openBefore = openFlagIds(store, reportId);
					const source = q.effectiveMeasure.get({
						report_id: reportId,
						item: from,
					});
					if (!source)
						throw new TypeError(
							`review.move: report ${reportId} has no measure ${from}`,
						);
					const target = q.neighbour.get({
						report_id: reportId,
						ord: source.ord + (direction === "previous" ? -1 : 1),
					});
					if (!target)
						throw new TypeError(
							`review.move: ${from} has no ${direction} item to move the fragment to`,
						);
					const text = source.achievement.trim();
					const rest =
						direction === "previous"
							? text.startsWith(fragment)
								? text.slice(fragment.length).trimStart()
								: undefined
							: text.endsWith(fragment)
								? text.slice(0, text.length - fragment.length).trimEnd()
								: undefined;
					if (rest === undefined)
						throw new TypeError(
							direction === "previous"
								? `review.move: the fragment does not open ${from}'s narrative; only its first paragraphs can move to ${target.item} (fragments keep their reading order)`
								: `review.move: the fragment does not close ${from}'s narrative; only its last paragraphs can move to ${target.item} (fragments keep their reading order)`,
						);
					const other = target.achievement.trim();
					const joined =
						other === ""
							? fragment
							: direction === "previous"
								? `${other}\n${fragment}`
								: `${fragment}\n${other}`;
					const reason = [
						`moved a narrative fragment from ${from} to ${target.item}`,
						input.reason?.trim() ?? "",
					]
						.filter((part) => part !== "")
						.join(": ");
					const first = store.addCorrection({
						reportId,
						item: from,
						field: "achievement",
						newValue: rest,
						reason,
						who,
					});
					const second = store.addCorrection({
						reportId,
						item: target.item,
						field: "achievement",
						newValue: joined,
						reason,
						who,
					});
					recheck(reportId);
					// The two corrections closed every flag on both narratives: keep closed only
					// the flags this move answers (issue 16), the others open again.
					settleMoveFlags(
						store,
						reportId,
						[from, target.item],
						fragment,
						openBefore,
					);
					return [first, second];
				})
				.immediate();
		},
		undo(correctionId, who) {
			const row = q.correctionById.get({ id: correctionId });
			if (!row)
				throw new TypeError(
					`review.undo: there is no correction ${correctionId}`,
				);
			const field = row.field as CorrectableField;
			return db
				.transaction(() => {
					const stored = review.correct({
						reportId: row.report_id,
						item: row.item,
						field,
						newValue: textToValue(field, row.old_value),
						reason: `undo of correction #${correctionId}`,
						who,
					});
					reopenRestored(row.report_id, row.item, field);
					return stored;
				})
				.immediate();
		},
		setFlagStatus(flagId, status, by) {
			const hold =
				by && status === "accepted" ? holdOfFlag(db, flagId) : undefined;
			if (by && hold?.state === "held")
				store.acceptHolds(hold.reportId, { ...by, kind: hold.kind });
			else store.setFlagStatus(flagId, status);
		},
		recheck(reportId) {
			return db.transaction(() => recheck(reportId)).immediate();
		},
		transaction(fn) {
			return db.transaction(fn).immediate();
		},
		versions(reportId) {
			return q.versions.all({ report_id: reportId }).map((v) => ({
				version: v.version,
				documentId: v.document_id,
				current: v.snapshot_json === null,
				supersededAt: v.superseded_at,
				snapshot: v.snapshot_json === null ? null : JSON.parse(v.snapshot_json),
			}));
		},
		reimports(reportId) {
			return q.reimports.all({ report_id: reportId }).map((v) => ({
				oldDocumentId: v.old_document_id,
				newDocumentId: v.new_document_id,
				reimportedAt: v.reimported_at,
				reapplied: v.corrections_reapplied,
				changed: v.corrections_changed,
				orphaned: v.corrections_orphaned,
			}));
		},
	};
	return review;
}

/** A corrections.new_value/old_value text back to the field's value. */
export function textToValue(
	field: CorrectableField,
	text: string | null,
): FieldValue {
	if (text === null) return null;
	if (field === "notDue") return text === "1";
	const asNumber = CORRECTABLE_FIELDS[field].safeParse(Number(text));
	if (text.trim() !== "" && asNumber.success) return asNumber.data;
	return text;
}

/** Re-run pipeline/validate.ts crossCheck over the report's effective values; sync its flags. */
function recheckReport(
	db: Database.Database,
	reportId: number,
	now: string,
): RecheckOutcome {
	const doc = db
		.prepare<
			{ id: number },
			{ summary_json: string | null; evaluation_json: string | null }
		>("SELECT summary_json, evaluation_json FROM reports WHERE id = @id")
		.get({ id: reportId });
	if (!doc)
		throw new TypeError(`review.recheck: there is no report ${reportId}`);
	const measures = db
		.prepare<{ report_id: number }, MeasureRow>(
			"SELECT * FROM v_measures WHERE report_id = @report_id ORDER BY ord",
		)
		.all({ report_id: reportId })
		.map(rowToMeasure);
	const summary =
		doc.summary_json === null
			? null
			: SummarySchema.parse(JSON.parse(doc.summary_json));
	const evaluation =
		doc.evaluation_json === null
			? null
			: EvaluationSchema.parse(JSON.parse(doc.evaluation_json));
	return syncCrossCheckFlags(
		db,
		reportId,
		crossCheck(measures, summary, evaluation),
		now,
	);
}

/**
 * Make the report's open cross-check flags match `flags` (the checks that fail now): an open
 * flag whose check passes now becomes "corrected"; a failing check with no flag yet (open,
 * accepted or rejected, same kind and message) is raised.
 */
function syncCrossCheckFlags(
	db: Database.Database,
	reportId: number,
	flags: Flag[],
	now: string,
): RecheckOutcome {
	const existing = db
		.prepare<
			{ report_id: number },
			{ id: number; kind: string; message: string; status: string }
		>(
			`SELECT id, kind, message, status FROM flags
			WHERE report_id = @report_id AND item IS NULL AND kind IN (${CROSS_CHECK_KINDS.map((k) => `'${k}'`).join(", ")})`,
		)
		.all({ report_id: reportId });
	const key = (kind: string, message: string) => `${kind}\u0000${message}`;
	const failing = new Set(flags.map((f) => key(f.kind, f.message)));
	let resolved = 0;
	const resolve = db.prepare<{ id: number }>(
		"UPDATE flags SET status = 'corrected' WHERE id = @id",
	);
	for (const f of existing) {
		if (f.status === "open" && !failing.has(key(f.kind, f.message))) {
			resolve.run({ id: f.id });
			resolved++;
		}
	}
	const present = new Set(
		existing
			.filter((f) => f.status !== "corrected")
			.map((f) => key(f.kind, f.message)),
	);
	let raised = 0;
	for (const flag of flags) {
		if (present.has(key(flag.kind, flag.message))) continue;
		insertFlag(db, reportId, flag, now);
		present.add(key(flag.kind, flag.message));
		raised++;
	}
	return { raised, resolved };
}

function insertFlag(
	db: Database.Database,
	reportId: number,
	flag: Flag,
	now: string,
): void {
	db.prepare(
		`INSERT INTO flags (report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at)
		VALUES (@report_id, @kind, @severity, @item, @field, @message, @evidence_json, @prov_json, 'open', @created_at)`,
	).run({
		report_id: reportId,
		kind: flag.kind,
		severity: flag.severity,
		item: flag.item,
		field: flag.field,
		message: flag.message,
		evidence_json: JSON.stringify(flag.evidence ?? {}),
		prov_json: flag.prov ? JSON.stringify(flag.prov) : null,
		created_at: now,
	});
}

/* ---------- hooks called by store.importResult (inside its transaction) ---------- */

/** Keep a textual document's source text, for the review app's highlighted spans. */
export function saveSourceText(
	db: Database.Database,
	documentId: number,
	text: string | undefined,
): void {
	if (text === undefined) return;
	db.prepare("DELETE FROM sources WHERE document_id = @document_id").run({
		document_id: documentId,
	});
	db.prepare(
		"INSERT INTO sources (document_id, text) VALUES (@document_id, @text)",
	).run({ document_id: documentId, text });
}

/**
 * Report identity, as batch import's report_versions keys it: a known year and a known
 * organization or department, with the period; unknown parts compare equal (IS).
 */
export function isKeyed(report: ReportRecord["report"]): boolean {
	return (
		report.year !== null &&
		(report.organization !== null || report.department !== null)
	);
}

const flagKey = (f: {
	kind: string;
	item: string | null;
	field: string | null;
	message: string;
}) => [f.kind, f.item ?? "", f.field ?? "", f.message].join("\u0000");

/** What beginReplacement kept of the report a new version replaces. */
export interface Replacement {
	reportId: number;
	oldDocumentId: number;
	oldSha256: string;
	/** The latest correction of each (item, field), with the value extracted under it. */
	corrections: {
		id: number;
		item: string;
		field: CorrectableField;
		newValue: string | null;
		extracted: string | null;
		reason: string;
		who: string;
	}[];
	/** Accepted and rejected flags, by kind, item, field and message. */
	statuses: Map<string, string>;
}

/**
 * Called by store.importResult, in its transaction, before it stores a report. When the report
 * is a new version of a stored one (same identity, other bytes: a better scan, a corrected
 * file), that report is taken over: its latest corrections and flag decisions are kept aside,
 * its old extraction (goals, measures, provenance, decisions, flags) is deleted, and its row is
 * pointed at the new document with `params` (the reports columns). The old document stays in
 * `documents`. Returns undefined for a first version. With `reportId` (the same bytes re-derived
 * with a person's column roles) that report is replaced, whatever its identity.
 */
export function beginReplacement(
	db: Database.Database,
	report: ReportRecord["report"],
	params: Record<string, unknown>,
	now: string = new Date().toISOString(),
	/** The report to replace whatever its identity (a re-derivation of its own bytes). */
	reportId?: number,
): Replacement | undefined {
	if (reportId === undefined && !isKeyed(report)) return undefined;
	const previous =
		reportId !== undefined
			? db
					.prepare<
						{ id: number },
						{ id: number; document_id: number; sha256: string }
					>(
						"SELECT r.id, r.document_id, d.sha256 FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = @id",
					)
					.get({ id: reportId })
			: db
					.prepare<
						{
							organization: string | null;
							department: string | null;
							year: number | null;
							period: string | null;
						},
						{ id: number; document_id: number; sha256: string }
					>(
						`SELECT r.id, r.document_id, d.sha256 FROM reports r JOIN documents d ON d.id = r.document_id
			WHERE r.organization IS @organization AND r.department IS @department
				AND r.year IS @year AND r.period IS @period
			ORDER BY r.id DESC LIMIT 1`,
					)
					.get({
						organization: report.organization,
						department: report.department,
						year: report.year,
						period: report.period,
					});
	if (!previous) return undefined;
	const latest = db
		.prepare<
			{ sha256: string },
			{
				id: number;
				item: string;
				field: string;
				new_value: string | null;
				reason: string;
				who: string;
			}
		>(
			`SELECT c.id, c.item, c.field, c.new_value, c.reason, c.who FROM corrections c
			WHERE c.document_sha256 = @sha256 AND c.id = (SELECT MAX(c2.id) FROM corrections c2
				WHERE c2.document_sha256 = c.document_sha256 AND c2.item = c.item AND c2.field = c.field)
			ORDER BY c.id`,
		)
		.all({ sha256: previous.sha256 });
	const corrections: Replacement["corrections"] = [];
	for (const c of latest) {
		if (!isCorrectableField(c.field)) continue;
		corrections.push({
			id: c.id,
			item: c.item,
			field: c.field,
			newValue: c.new_value,
			extracted: extractedText(db, previous.id, c.item, c.field) ?? null,
			reason: c.reason,
			who: c.who,
		});
	}
	const statuses = new Map<string, string>();
	for (const f of db
		.prepare<
			{ report_id: number },
			{
				kind: string;
				item: string | null;
				field: string | null;
				message: string;
				status: string;
			}
		>(
			"SELECT kind, item, field, message, status FROM flags WHERE report_id = @report_id AND status IN ('accepted', 'rejected')",
		)
		.all({ report_id: previous.id }))
		statuses.set(flagKey(f), f.status);
	const id = { report_id: previous.id };
	keepVersion(db, previous.id, now);
	db.prepare(
		"DELETE FROM provenance WHERE measure_id IN (SELECT id FROM measures WHERE report_id = @report_id)",
	).run(id);
	// measures_fts rows go with their measures (trigger measures_fts_delete).
	db.prepare("DELETE FROM measures WHERE report_id = @report_id").run(id);
	db.prepare("DELETE FROM goals WHERE report_id = @report_id").run(id);
	db.prepare("DELETE FROM decisions WHERE report_id = @report_id").run(id);
	// A hold points at its flag: the holds go first (re-evaluated by the import, 007_holds.sql).
	db.prepare("DELETE FROM holds WHERE report_id = @report_id").run(id);
	db.prepare("DELETE FROM flags WHERE report_id = @report_id").run(id);
	db.prepare(
		`UPDATE reports SET document_id = @document_id, source = @source, title = @title,
			organization = @organization, department = @department, year = @year, period = @period,
			prepared_by = @prepared_by, reviewed_by = @reviewed_by, status = @status,
			summary_json = @summary_json, evaluation_json = @evaluation_json, issues_json = @issues_json,
			summary_date = @summary_date, summary_items_monitored = @summary_items_monitored,
			summary_plan_completion_pct = @summary_plan_completion_pct,
			evaluation_plan_score = @evaluation_plan_score, evaluation_total = @evaluation_total,
			version = version + 1
		WHERE id = @report_id`,
	).run({ ...params, report_id: previous.id });
	return {
		reportId: previous.id,
		oldDocumentId: previous.document_id,
		oldSha256: previous.sha256,
		corrections,
		statuses,
	};
}

/**
 * Keep the report's current extraction (its row, goals, measures with provenance, decisions and
 * flags) in report_versions before a new version replaces it.
 */
function keepVersion(
	db: Database.Database,
	reportId: number,
	now: string,
): void {
	const id = { report_id: reportId };
	const all = (sql: string) => db.prepare(sql).all(id);
	const report = db
		.prepare<{ report_id: number }, { version: number; document_id: number }>(
			"SELECT * FROM reports WHERE id = @report_id",
		)
		.get(id);
	if (!report) return;
	const snapshot = {
		report,
		goals: all("SELECT * FROM goals WHERE report_id = @report_id ORDER BY ord"),
		measures: all(
			"SELECT * FROM measures WHERE report_id = @report_id ORDER BY ord",
		),
		provenance: all(
			"SELECT p.* FROM provenance p JOIN measures m ON m.id = p.measure_id WHERE m.report_id = @report_id ORDER BY p.measure_id, p.field, p.ord",
		),
		decisions: all(
			"SELECT * FROM decisions WHERE report_id = @report_id ORDER BY id",
		),
		flags: all("SELECT * FROM flags WHERE report_id = @report_id ORDER BY id"),
		holds: all("SELECT * FROM holds WHERE report_id = @report_id ORDER BY id"),
	};
	db.prepare(
		`INSERT INTO report_versions (report_id, version, document_id, superseded_at, snapshot_json)
		VALUES (@report_id, @version, @document_id, @superseded_at, @snapshot_json)`,
	).run({
		report_id: reportId,
		version: report.version,
		document_id: report.document_id,
		superseded_at: now,
		snapshot_json: JSON.stringify(snapshot),
	});
}

function extractedText(
	db: Database.Database,
	reportId: number,
	item: string,
	field: CorrectableField,
): string | null | undefined {
	const row = db
		.prepare<{ report_id: number; item: string }, MeasureRow>(
			"SELECT *, 0 AS corrected_fields FROM measures WHERE report_id = @report_id AND item = @item",
		)
		.get({ report_id: reportId, item });
	return row === undefined
		? undefined
		: fieldValueToText(fieldOf(rowToMeasure(row), field));
}

/**
 * Called by store.importResult after the new version's extraction is stored: carry the flag
 * decisions over, re-apply the kept corrections under the new document's sha256 (a correction
 * whose extracted value changed raises `correction-base-changed`, unless the new value equals the
 * correction; one whose item is gone raises
 * `correction-orphaned`), refresh the search index and re-run the cross-checks.
 */
export function finishReplacement(
	db: Database.Database,
	replacement: Replacement,
	newDocument: { id: number; sha256: string },
	now: string,
): ReplacementOutcome {
	const { reportId } = replacement;
	const setStatus = db.prepare<{ id: number; status: string }>(
		"UPDATE flags SET status = @status WHERE id = @id",
	);
	for (const f of db
		.prepare<
			{ report_id: number },
			{
				id: number;
				kind: string;
				item: string | null;
				field: string | null;
				message: string;
			}
		>(
			"SELECT id, kind, item, field, message FROM flags WHERE report_id = @report_id AND status = 'open'",
		)
		.all({ report_id: reportId })) {
		const status = replacement.statuses.get(flagKey(f));
		if (status) setStatus.run({ id: f.id, status });
	}
	const insertCorrection = db.prepare(
		`INSERT INTO corrections (document_sha256, report_id, item, field, old_value, new_value, reason, who, created_at)
		VALUES (@document_sha256, @report_id, @item, @field, @old_value, @new_value, @reason, @who, @created_at)`,
	);
	const resolve = db.prepare(
		`UPDATE flags SET status = 'corrected'
		WHERE report_id = @report_id AND item = @item AND field IN (@field, @parent) AND status = 'open'`,
	);
	let reapplied = 0;
	let changed = 0;
	let orphaned = 0;
	const short = replacement.oldSha256.slice(0, 12);
	for (const c of replacement.corrections) {
		const { field } = c;
		const extracted = extractedText(db, reportId, c.item, field);
		if (extracted === undefined) {
			orphaned++;
			insertFlag(
				db,
				reportId,
				{
					kind: "correction-orphaned",
					severity: "warning",
					item: c.item,
					field,
					message: `The new version of this report has no item ${c.item}; the correction of ${field} to ${quote(c.newValue)} (#${c.id}) was not re-applied.`,
					evidence: {
						correctionId: c.id,
						newValue: c.newValue,
						oldDocument: replacement.oldSha256,
					},
					prov: null,
				},
				now,
			);
			continue;
		}
		insertCorrection.run({
			document_sha256: newDocument.sha256,
			report_id: reportId,
			item: c.item,
			field,
			old_value: extracted,
			new_value: c.newValue,
			reason: `re-applied from document ${short}… (correction #${c.id}): ${c.reason}`,
			who: c.who,
			created_at: now,
		});
		reapplied++;
		resolve.run({
			report_id: reportId,
			item: c.item,
			field,
			parent: field.split(".")[0] ?? field,
		});
		// The new version reads what the clerk wrote: nothing to check (issue 16).
		if (extracted !== c.extracted && extracted !== c.newValue) {
			changed++;
			insertFlag(
				db,
				reportId,
				{
					kind: "correction-base-changed",
					severity: "warning",
					item: c.item,
					field,
					message: `The new version reads ${field} of ${c.item} as ${quote(extracted)} where the corrected version read ${quote(c.extracted)}; the correction to ${quote(c.newValue)} was re-applied — check it.`,
					evidence: {
						correctionId: c.id,
						oldExtracted: c.extracted,
						newExtracted: extracted,
						correction: c.newValue,
						oldDocument: replacement.oldSha256,
					},
					prov: null,
				},
				now,
			);
		}
	}
	db.prepare(
		`UPDATE measures_fts SET
			activity = (SELECT v.activity FROM v_measures v WHERE v.measure_id = measures_fts.rowid),
			indicator = (SELECT v.indicator FROM v_measures v WHERE v.measure_id = measures_fts.rowid),
			achievement = (SELECT v.achievement FROM v_measures v WHERE v.measure_id = measures_fts.rowid)
		WHERE rowid IN (SELECT id FROM measures WHERE report_id = @report_id)`,
	).run({ report_id: reportId });
	reindexReport(db, reportId);
	db.prepare(
		`INSERT INTO reimports (report_id, old_document_id, new_document_id, reimported_at,
			corrections_reapplied, corrections_changed, corrections_orphaned)
		VALUES (@report_id, @old, @new, @now, @reapplied, @changed, @orphaned)`,
	).run({
		report_id: reportId,
		old: replacement.oldDocumentId,
		new: newDocument.id,
		now,
		reapplied,
		changed,
		orphaned,
	});
	recheckReport(db, reportId, now);
	return {
		oldDocumentId: replacement.oldDocumentId,
		oldSha256: replacement.oldSha256,
		reapplied,
		changed,
		orphaned,
	};
}

/** The value of an export field of a measure. */
export function fieldOf(measure: Measure, field: CorrectableField): FieldValue {
	if (field === "notDue") return measure.notDue === true;
	const [head, tail] = field.split(".") as [keyof Measure, string | undefined];
	const value = measure[head];
	if (tail === undefined) return (value ?? null) as FieldValue;
	return ((value as unknown as Record<string, FieldValue>)[tail] ??
		null) as FieldValue;
}

function quote(text: string | null): string {
	if (text === null) return "nothing";
	const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
	return `"${short}"`;
}
