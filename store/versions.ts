/**
 * Report versions (migration 005): a new version of a stored report (same identity, other bytes)
 * takes that report over — store.importResult calls beginReplacement and finishReplacement in its
 * transaction — and the earlier versions are kept in report_versions. Depends on the rows, the
 * recheck and the search index, never on store.ts or review.ts (they call it, one way).
 */
import type { ReportRecord } from "../pipeline/records.ts";
import type { Handle } from "./connection.ts";
import {
	type CorrectableField,
	fieldOfMeasure,
	fieldValueToText,
	isCorrectableField,
} from "./fields.ts";
import { queriesOf } from "./queries.ts";
import { insertFlag, recheckReport } from "./recheck.ts";
import { rowToMeasure } from "./rows.ts";
import { reindexReport } from "./search.ts";

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

/** Every version of a report, oldest first (ReviewStore.versions). */
export function listVersions(db: Handle, reportId: number): ReportVersion[] {
	return db
		.prepare<
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
		)
		.all({ report_id: reportId })
		.map((v) => ({
			version: v.version,
			documentId: v.document_id,
			current: v.snapshot_json === null,
			supersededAt: v.superseded_at,
			snapshot: v.snapshot_json === null ? null : JSON.parse(v.snapshot_json),
		}));
}

/** The new versions a report was re-imported from, oldest first (ReviewStore.reimports). */
export function listReimports(db: Handle, reportId: number): Reimport[] {
	return db
		.prepare<
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
		)
		.all({ report_id: reportId })
		.map((v) => ({
			oldDocumentId: v.old_document_id,
			newDocumentId: v.new_document_id,
			reimportedAt: v.reimported_at,
			reapplied: v.corrections_reapplied,
			changed: v.corrections_changed,
			orphaned: v.corrections_orphaned,
		}));
}

/** Keep a textual document's source text, for the review app's highlighted spans. */
export function saveSourceText(
	db: Handle,
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
	db: Handle,
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
			WHERE r.organization IS NOT DISTINCT FROM @organization AND r.department IS NOT DISTINCT FROM @department
				AND r.year IS NOT DISTINCT FROM @year AND r.period IS NOT DISTINCT FROM @period
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
			"SELECT kind, item, field, message, status FROM flags WHERE report_id = @report_id AND status IN ('accepted', 'rejected') ORDER BY id",
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
function keepVersion(db: Handle, reportId: number, now: string): void {
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
	db: Handle,
	reportId: number,
	item: string,
	field: CorrectableField,
): string | null | undefined {
	const row = queriesOf(db).extractedMeasure.get({ report_id: reportId, item });
	return row === undefined
		? undefined
		: fieldValueToText(fieldOfMeasure(rowToMeasure(row), field));
}

/**
 * Called by store.importResult after the new version's extraction is stored: carry the flag
 * decisions over, re-apply the kept corrections under the new document's sha256 (a correction
 * whose extracted value changed raises `correction-base-changed`; one whose item is gone raises
 * `correction-orphaned`), refresh the search index and re-run the cross-checks.
 */
export function finishReplacement(
	db: Handle,
	replacement: Replacement,
	newDocument: { id: number; sha256: string },
	now: string,
): ReplacementOutcome {
	const { reportId } = replacement;
	const setStatus = queriesOf(db).setFlagStatus;
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
	const { insertCorrection } = queriesOf(db);
	const resolve = queriesOf(db).resolveFlagsOfField;
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
		insertCorrection.get({
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

function quote(text: string | null): string {
	if (text === null) return "nothing";
	const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
	return `"${short}"`;
}
