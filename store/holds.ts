/**
 * Held reports (007_holds.sql, docs/holds.md): a report whose ingest gave holds is stored whole
 * but kept out of the queries (reports.held = 1) until a person accepts its holds. Each hold is
 * one review flag (severity error, raised before the report's other flags so the queue shows it
 * first). An acceptance names who, when and why, is append-only, and covers the holds of the same
 * report, kind and evidence — so a re-import whose hold has the same evidence stays accepted.
 * SQL stays here, in store/.
 */

import type { Hold } from "../pipeline/records.ts";
import type { Handle } from "./handle.ts";

export interface StoredHold extends Hold {
	id: number;
	reportId: number;
	/** The review flag raised for this hold. */
	flagId: number | null;
	createdAt: string;
	/** "held" until an acceptance covers it. */
	state: "held" | "accepted";
	acceptedBy: string | null;
	acceptedAt: string | null;
	reason: string | null;
}

export interface AcceptHoldsInput {
	/** The person accepting (required, not blank). */
	who: string;
	/** Why the report may be counted as it is (required, not blank). */
	reason: string;
	/** Only the holds of this kind (default: all the report's holds). */
	kind?: string;
}

/** JSON with object keys sorted, so the same evidence is always the same text. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value !== null && typeof value === "object") {
		const obj = value as Record<string, unknown>;
		return Object.fromEntries(
			Object.keys(obj)
				.sort()
				.filter((k) => obj[k] !== undefined)
				.map((k) => [k, sortKeys(obj[k])]),
		);
	}
	return value;
}

/**
 * Store the holds of a report's current extraction, each with its review flag, then set
 * reports.held (call inside the import's transaction, before the report's other flags).
 */
export function saveHolds(
	db: Handle,
	reportId: number,
	holds: readonly Hold[],
	now: string,
): void {
	const insertFlag = db.prepare<Record<string, unknown>, { id: number }>(
		`INSERT INTO flags (report_id, kind, severity, item, field, message, evidence_json, prov_json, status, created_at)
		VALUES (@report_id, @kind, 'error', NULL, NULL, @message, @evidence_json, NULL, 'open', @created_at)
		RETURNING id`,
	);
	const insertHold = db.prepare(
		`INSERT INTO holds (report_id, kind, message, evidence_json, flag_id, created_at)
		VALUES (@report_id, @kind, @message, @evidence_json, @flag_id, @created_at)`,
	);
	for (const hold of holds) {
		const evidence = canonicalJson(hold.evidence ?? {});
		const flag = insertFlag.get({
			report_id: reportId,
			kind: hold.kind,
			message: hold.message,
			evidence_json: JSON.stringify({ ...hold.evidence, hold: true }),
			created_at: now,
		});
		insertHold.run({
			report_id: reportId,
			kind: hold.kind,
			message: hold.message,
			evidence_json: evidence,
			flag_id: flag?.id ?? null,
			created_at: now,
		});
	}
	refreshHeld(db, reportId);
}

/**
 * Re-derive a report's held state from its holds and the acceptances: a covered hold's flag is
 * 'accepted', an uncovered one's is 'open'; reports.held = 1 while any hold is uncovered.
 */
export function refreshHeld(db: Handle, reportId: number): boolean {
	const id = { report_id: reportId };
	db.prepare(
		`UPDATE flags SET status = CASE WHEN EXISTS (SELECT 1 FROM v_holds v
				WHERE v.flag_id = flags.id AND v.state = 'accepted') THEN 'accepted' ELSE 'open' END
		WHERE report_id = @report_id AND id IN (SELECT flag_id FROM holds WHERE report_id = @report_id)`,
	).run(id);
	db.prepare(
		`UPDATE reports SET held = CASE WHEN EXISTS (SELECT 1 FROM v_holds v
			WHERE v.report_id = reports.id AND v.state = 'held') THEN 1 ELSE 0 END
		WHERE id = @report_id`,
	).run(id);
	const row = db
		.prepare<{ report_id: number }, { held: number }>(
			"SELECT held FROM reports WHERE id = @report_id",
		)
		.get(id);
	return row?.held === 1;
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

function rowToHold(r: HoldRow): StoredHold {
	return {
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
	};
}

/** The holds of the reports' current versions (one report, or all), with their state. */
export function listHolds(db: Handle, reportId?: number): StoredHold[] {
	return db
		.prepare<{ report_id: number | null }, HoldRow>(
			`SELECT * FROM v_holds WHERE (CAST(@report_id AS INTEGER) IS NULL OR report_id = @report_id)
			ORDER BY report_id, hold_id`,
		)
		.all({ report_id: reportId ?? null })
		.map(rowToHold);
}

/** The hold whose review flag this is, if any. */
export function holdOfFlag(db: Handle, flagId: number): StoredHold | undefined {
	const row = db
		.prepare<{ flag_id: number }, HoldRow>(
			"SELECT * FROM v_holds WHERE flag_id = @flag_id",
		)
		.get({ flag_id: flagId });
	return row && rowToHold(row);
}

/**
 * Accept a report's uncovered holds (or those of one kind): one append-only acceptance each,
 * their flags 'accepted', reports.held re-derived. Call inside a write transaction.
 * @returns the holds accepted now
 */
export function acceptHolds(
	db: Handle,
	reportId: number,
	input: AcceptHoldsInput,
	now: string,
): StoredHold[] {
	const open = listHolds(db, reportId).filter(
		(h) =>
			h.state === "held" && (input.kind === undefined || h.kind === input.kind),
	);
	const report = db
		.prepare<{ id: number }, { sha256: string }>(
			"SELECT d.sha256 FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = @id",
		)
		.get({ id: reportId });
	if (!report) throw new TypeError(`there is no report ${reportId}`);
	if (open.length === 0) {
		throw new TypeError(
			input.kind === undefined
				? `report ${reportId} is not held`
				: `report ${reportId} has no unaccepted hold of kind "${input.kind}"`,
		);
	}
	const insert = db.prepare(
		`INSERT INTO hold_acceptances (report_id, kind, evidence_json, document_sha256, message, reason, who, accepted_at)
		VALUES (@report_id, @kind, @evidence_json, @document_sha256, @message, @reason, @who, @accepted_at)`,
	);
	for (const hold of open) {
		insert.run({
			report_id: reportId,
			kind: hold.kind,
			evidence_json: canonicalJson(hold.evidence),
			document_sha256: report.sha256,
			message: hold.message,
			reason: input.reason,
			who: input.who,
			accepted_at: now,
		});
	}
	refreshHeld(db, reportId);
	const accepted = new Set(open.map((h) => h.id));
	return listHolds(db, reportId).filter((h) => accepted.has(h.id));
}
