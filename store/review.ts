/**
 * The review step's store functions (issue 5): the review queue, one item with its evidence,
 * corrections that re-run the cross-checks, narrative moves, and the re-import of a new version
 * of a report (corrections re-applied by report identity, item and field). SQL stays in store/.
 */
import type { Provenance } from "../pipeline/document.ts";
import type { Measure } from "../pipeline/records.ts";
import { databaseOf, type Handle } from "./connection.ts";
import { throwingStoreErrors } from "./errors.ts";
import {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	fieldOfMeasure,
	textToFieldValue,
} from "./fields.ts";
import { holdOfFlag } from "./holds.ts";
import { queriesOf } from "./queries.ts";
import { openFlagIds, settleMoveFlags } from "./question-key.ts";
import { type RecheckOutcome, recheckReport } from "./recheck.ts";
import {
	ALL_ROWS,
	type CorrectionInput,
	FLAG_STATUSES,
	type FlagRow,
	type FlagStatus,
	rowToFlag,
	rowToMeasure,
	type StoredCorrection,
	type StoredFlag,
} from "./rows.ts";
import type { Store } from "./store.ts";
import {
	listReimports,
	listVersions,
	type Reimport,
	type ReportVersion,
} from "./versions.ts";

export { fieldOfMeasure as fieldOf } from "./fields.ts";
/** Moved to recheck.ts, fields.ts and versions.ts; named here too for the callers of review.ts. */
export { CROSS_CHECK_KINDS, type RecheckOutcome } from "./recheck.ts";
export type {
	Reimport,
	ReplacementOutcome,
	ReportVersion,
} from "./versions.ts";

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

/** How many flags (or questions) one report has of one kind and status. */
export interface FacetRow {
	report_id: number;
	kind: string;
	status: string;
	n: number;
}

/** A report as the queue's facets name it: "12 · 2024 Department". */
export function reportLabel(
	reportId: number,
	year: number | null | undefined,
	department: string | null | undefined,
): string {
	return `${reportId} · ${year ?? "?"} ${department ?? ""}`.trim();
}

/**
 * The queue's facet counts (of flags, or of questions) from facet rows: each facet ignores its
 * own filter (the reports are counted with the kind and status filters, the kinds with the
 * report and status filters, the statuses with the report and kind filters); `total` applies all.
 * @param status the status filter (null: all)
 * @param label a report's label, from its first row
 */
export function countFacets<R extends FacetRow>(
	rows: readonly R[],
	filter: { reportId?: number | undefined; kind?: string | undefined },
	status: string | null,
	label: (row: R) => string,
): QueueCounts {
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
		const entry = byReport.get(r.report_id) ?? { label: label(r), n: 0 };
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

const cache = new WeakMap<Store, ReviewStore>();

/**
 * The review functions of an open store (one instance per store).
 * @param store a store from openStore
 */
export function reviewStore(store: Store): ReviewStore {
	const known = cache.get(store);
	if (known) return known;
	const made = throwingStoreErrors(makeReviewStore(store, databaseOf(store)));
	cache.set(store, made);
	return made;
}

function prepare(db: Handle) {
	const s = <P extends unknown[] | object = [], R = unknown>(sql: string) =>
		db.prepare<P, R>(sql);
	const shared = queriesOf(db);
	return {
		effectiveMeasure: shared.measureByItem,
		effectiveMeasures: shared.measuresOfReport,
		extractedMeasure: shared.extractedMeasure,
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
			WHERE (CAST(@report_id AS INTEGER) IS NULL OR f.report_id = @report_id)
				AND (CAST(@kind AS TEXT) IS NULL OR f.kind = @kind)
				AND (CAST(@status AS TEXT) IS NULL OR f.status = @status)
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
			GROUP BY f.report_id, f.kind, f.status, r.year, r.department
			ORDER BY f.report_id, f.kind, f.status`,
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
	};
}

function makeReviewStore(store: Store, db: Handle): ReviewStore {
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
					limit: filter.limit ?? ALL_ROWS,
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
			return countFacets(
				q.facetCounts.all(),
				filter,
				statusFilter(filter.status),
				(r) => reportLabel(r.report_id, r.year, r.department),
			);
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
						newValue: textToFieldValue(field, row.old_value),
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
			return listVersions(db, reportId);
		},
		reimports(reportId) {
			return listReimports(db, reportId);
		},
	};
	return review;
}
