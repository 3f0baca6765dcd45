/**
 * The trail of flag decisions (issue 16, migration 011): every accept, reject and reopen of a
 * flag records who, when and why, append-only, in the same transaction as the status change. A
 * decision as the clerk made it — a question's flags, a bulk accept, one sheet import — is one
 * `unit`; `undoLastDecision` takes back a clerk's last unit with new rows (nothing is edited or
 * deleted) and puts every flag of it back to the status it had before.
 */
import { randomUUID } from "node:crypto";
import { databaseOf, type Handle } from "./connection.ts";
import { holdOfFlag } from "./holds.ts";
import { queriesOf } from "./queries.ts";
import { reviewStore } from "./review.ts";
import { FLAG_STATUSES, type FlagStatus } from "./rows.ts";
import type { Store } from "./store.ts";

/** What a person did to a flag: the status they set, or the undo of an earlier unit. */
export type DecisionKind = "accept" | "reject" | "reopen" | "undo";

/** One row of the trail: one flag's status changed by one person. */
export interface FlagDecision {
	id: number;
	flagId: number;
	reportId: number;
	decision: DecisionKind;
	statusBefore: FlagStatus;
	statusAfter: FlagStatus;
	who: string;
	reason: string;
	/** The decision as the clerk made it (one undo takes back the whole unit). */
	unit: string;
	/** For an undo: the unit it takes back. */
	undoes: string | null;
	decidedAt: string;
}

/** Who decides and why (the reason may be empty; a held report's acceptance needs one). */
export interface DecisionBy {
	who: string;
	reason: string;
}

/**
 * The last who/when/why of a flag: its last decision, or the correction that closed it, or the
 * acceptance of the hold it raised.
 */
export interface FlagTrail {
	who: string;
	when: string;
	why: string;
	/**
	 * "decision" (accept/reject/reopen/undo; also one carried over to an identical flag by a
	 * re-import), "correction" (an edit or a move) or "hold" (the report's acceptance).
	 */
	source: "decision" | "correction" | "hold";
	decision: DecisionKind | "correct";
}

interface DecisionRow {
	id: number;
	flag_id: number;
	report_id: number;
	kind: string;
	item: string | null;
	field: string | null;
	message: string;
	decision: string;
	status_before: string;
	status_after: string;
	who: string;
	reason: string;
	unit: string;
	undoes: string | null;
	decided_at: string;
}

const COLUMNS =
	"id, flag_id, report_id, kind, item, field, message, decision, status_before, status_after, who, reason, unit, undoes, decided_at";

function prepare(db: Handle) {
	return {
		// The flag's kind, item, field and message go with the row (the flag may be replaced).
		insert: db.prepare<
			Omit<DecisionRow, "id" | "kind" | "item" | "field" | "message">,
			{ id: number }
		>(
			`INSERT INTO flag_decisions (flag_id, report_id, kind, item, field, message, decision,
				status_before, status_after, who, reason, unit, undoes, decided_at)
			SELECT f.id, @report_id, f.kind, f.item, f.field, f.message, @decision,
				@status_before, @status_after, @who, @reason, @unit, @undoes, @decided_at
			FROM flags f WHERE f.id = @flag_id
			RETURNING id`,
		),
		flagState: db.prepare<
			{ id: number },
			{
				report_id: number;
				status: string;
				kind: string;
				item: string | null;
				field: string | null;
				message: string;
			}
		>(
			"SELECT report_id, status, kind, item, field, message FROM flags WHERE id = @id",
		),
		statusesOfReport: db.prepare<
			{ report_id: number },
			{ id: number; status: string }
		>("SELECT id, status FROM flags WHERE report_id = @report_id ORDER BY id"),
		// A person's last unit that is not an undo and that no undo took back yet.
		lastUnit: db.prepare<{ who: string }, { unit: string }>(
			`SELECT d.unit FROM flag_decisions d
			WHERE d.who = @who AND d.decision <> 'undo'
				AND NOT EXISTS (SELECT 1 FROM flag_decisions u WHERE u.undoes = d.unit)
			ORDER BY d.id DESC LIMIT 1`,
		),
		ofUnit: db.prepare<{ unit: string }, DecisionRow>(
			`SELECT ${COLUMNS} FROM flag_decisions WHERE unit = @unit ORDER BY id`,
		),
		ofFlag: db.prepare<{ flag_id: number }, DecisionRow>(
			`SELECT ${COLUMNS} FROM flag_decisions WHERE flag_id = @flag_id ORDER BY id`,
		),
		// The last decision of every flag (of one report, or all).
		lastPerFlag: db.prepare<{ report_id: number | null }, DecisionRow>(
			`SELECT ${COLUMNS} FROM flag_decisions d
			WHERE (CAST(@report_id AS INTEGER) IS NULL OR d.report_id = @report_id)
				AND d.id = (SELECT MAX(e.id) FROM flag_decisions e WHERE e.flag_id = d.flag_id)`,
		),
		// A flag a re-import carried over (accepted/rejected): the last decision on an identical
		// flag of the report (same kind, item, field and message) that left it so.
		carried: db.prepare<
			{
				report_id: number;
				kind: string;
				item: string | null;
				field: string | null;
				message: string;
				status: string;
			},
			DecisionRow
		>(
			`SELECT ${COLUMNS} FROM flag_decisions
			WHERE report_id = @report_id AND kind = @kind AND item IS NOT DISTINCT FROM @item AND field IS NOT DISTINCT FROM @field
				AND message = @message AND status_after = @status
			ORDER BY id DESC LIMIT 1`,
		),
		// A hold's flag accepted with the report (`tailan reports accept`, or in the app): the
		// acceptance of its hold says who, when and why.
		holdAcceptance: db.prepare<
			{ flag_id: number },
			{ who: string; accepted_at: string; reason: string }
		>(
			`SELECT a.who, a.accepted_at, a.reason FROM holds h
			JOIN hold_acceptances a ON a.report_id = h.report_id AND a.kind = h.kind
				AND a.evidence_json = h.evidence_json
			WHERE h.flag_id = @flag_id ORDER BY a.id DESC LIMIT 1`,
		),
		// The last correction under the report's current document on a flag's field (or a
		// sub-field of it: budget.planned for budget).
		lastCorrection: db.prepare<
			{ report_id: number; item: string; field: string },
			{ who: string; created_at: string; reason: string }
		>(
			`SELECT c.who, c.created_at, c.reason FROM corrections c
			JOIN reports r ON r.id = c.report_id JOIN documents d ON d.id = r.document_id
			WHERE c.report_id = @report_id AND c.item = @item AND c.document_sha256 = d.sha256
				AND (c.field = @field OR substr(c.field, 1, length(@field) + 1) = @field || '.')
			ORDER BY c.id DESC LIMIT 1`,
		),
	};
}

/** The id RETURNING gave for a decision row (its flag exists: the caller just read it). */
function insertedId(row: { id: number } | undefined, flagId: number): number {
	if (row === undefined)
		throw new Error(`decision not recorded: flag ${flagId} is gone`);
	return row.id;
}

const statements = new WeakMap<Handle, ReturnType<typeof prepare>>();
function q(store: Store) {
	const db = databaseOf(store);
	let made = statements.get(db);
	if (!made) {
		made = prepare(db);
		statements.set(db, made);
	}
	return made;
}

function toDecision(
	r: Omit<DecisionRow, "kind" | "item" | "field" | "message">,
): FlagDecision {
	return {
		id: r.id,
		flagId: r.flag_id,
		reportId: r.report_id,
		decision: r.decision as DecisionKind,
		statusBefore: r.status_before as FlagStatus,
		statusAfter: r.status_after as FlagStatus,
		who: r.who,
		reason: r.reason,
		unit: r.unit,
		undoes: r.undoes,
		decidedAt: r.decided_at,
	};
}

/**
 * A decision row is about this flag: same id and the same question (a re-import replaces a
 * report's flags, and SQLite may give a new flag the id of a deleted one).
 */
function sameFlag(
	r: DecisionRow,
	f: {
		kind: string;
		item: string | null;
		field: string | null;
		message: string;
	},
): boolean {
	return (
		r.kind === f.kind &&
		r.item === f.item &&
		r.field === f.field &&
		r.message === f.message
	);
}

/**
 * An undo that cannot be done, nothing changed: a flag of the unit changed since ("changed": another
 * decision, a correction, a re-import), or the unit accepted a held report ("held": an acceptance
 * is kept, docs/holds.md).
 */
export class UndoRefusedError extends TypeError {
	readonly why: "changed" | "held";
	constructor(why: "changed" | "held", message: string) {
		super(message);
		this.name = "UndoRefusedError";
		this.why = why;
	}
}

/** A new decision unit (one undo takes back all the rows that share it). */
export function newDecisionUnit(): string {
	return randomUUID();
}

function kindOf(status: FlagStatus): DecisionKind {
	if (status === "accepted") return "accept";
	if (status === "rejected") return "reject";
	if (status === "open") return "reopen";
	throw new TypeError(
		`review.decide: a person accepts, rejects or reopens a flag, not "${status}"`,
	);
}

function checkWho(who: string): string {
	const name = who.trim();
	if (name === "")
		throw new TypeError("review.decide: `who` must name the person deciding");
	return name;
}

/**
 * Set the status of the given flags (accept, reject or reopen them), one unit of the trail, in
 * one write transaction: each flag whose status changed gets a row with who, when and why (a
 * held report's flag accepts the report's holds, as `ReviewStore.setFlagStatus` does: each flag
 * that acceptance changed is recorded too). A flag that already has the status is left alone.
 * @returns the decisions recorded, in flag order
 */
export function decideFlags(
	store: Store,
	flagIds: readonly number[],
	status: FlagStatus,
	by: DecisionBy,
	unit: string = newDecisionUnit(),
): FlagDecision[] {
	const decision = kindOf(status);
	const who = checkWho(by.who);
	const reason = by.reason.trim();
	const s = q(store);
	const review = reviewStore(store);
	return review.transaction(() => {
		const before = new Map<number, { reportId: number; status: string }>();
		for (const id of flagIds) {
			const flag = s.flagState.get({ id });
			if (!flag) throw new TypeError(`review.decide: there is no flag ${id}`);
			if (before.has(id)) continue;
			// Every flag of the report: accepting a hold changes the hold's other flags too.
			for (const f of s.statusesOfReport.all({ report_id: flag.report_id }))
				before.set(f.id, { reportId: flag.report_id, status: f.status });
		}
		for (const id of flagIds) {
			if (s.flagState.get({ id })?.status === status) continue;
			review.setFlagStatus(id, status, { who, reason });
		}
		const decidedAt = new Date().toISOString();
		const recorded: FlagDecision[] = [];
		for (const [flagId, was] of before) {
			const now = s.flagState.get({ id: flagId })?.status;
			if (now === undefined || now === was.status) continue;
			const row = {
				flag_id: flagId,
				report_id: was.reportId,
				decision,
				status_before: was.status,
				status_after: now,
				who,
				reason,
				unit,
				undoes: null,
				decided_at: decidedAt,
			};
			const id = insertedId(s.insert.get(row), flagId);
			// The flag says who set its status last (progress per clerk, the conflict page).
			queriesOf(databaseOf(store)).stampFlagStatus.run({
				id: flagId,
				who,
				at: decidedAt,
			});
			recorded.push(toDecision({ id, ...row }));
		}
		return recorded;
	});
}

/**
 * Take back `who`'s last decision unit that is not taken back yet: every flag of it returns to
 * the status it had before, recorded as new `undo` rows (the trail keeps both). Refused, with
 * nothing changed, when a flag of the unit changed since (another decision, a correction, a
 * re-import) or is a hold's flag whose acceptance is kept.
 * @returns the undo rows; empty when `who` has nothing to undo
 */
export function undoLastDecision(store: Store, by: DecisionBy): FlagDecision[] {
	const who = checkWho(by.who);
	const s = q(store);
	return reviewStore(store).transaction(() => {
		const last = s.lastUnit.get({ who });
		if (!last) return [];
		const rows = s.ofUnit.all({ unit: last.unit });
		const unit = newDecisionUnit();
		const decidedAt = new Date().toISOString();
		const undone: FlagDecision[] = [];
		for (const r of [...rows].reverse()) {
			const flag = s.flagState.get({ id: r.flag_id });
			const now = flag && sameFlag(r, flag) ? flag.status : undefined;
			if (
				now !== undefined &&
				r.status_after === "accepted" &&
				holdOfFlag(databaseOf(store), r.flag_id)?.state === "accepted"
			)
				throw new UndoRefusedError(
					"held",
					`review.undo: flag ${r.flag_id} accepted a held report; an acceptance is kept (import a new version of the report to re-evaluate it); nothing was undone`,
				);
			if (now !== r.status_after)
				throw new UndoRefusedError(
					"changed",
					now === undefined
						? `review.undo: flag ${r.flag_id} is gone (its report was imported again); nothing was undone`
						: `review.undo: flag ${r.flag_id} is ${now} now, not ${r.status_after} as this decision left it; nothing was undone`,
				);
			const back = r.status_before as FlagStatus;
			if (!FLAG_STATUSES.includes(back))
				throw new TypeError(`review.undo: unknown status "${back}"`);
			store.setFlagStatus(r.flag_id, back);
			const row = {
				flag_id: r.flag_id,
				report_id: r.report_id,
				decision: "undo",
				status_before: r.status_after,
				status_after: back,
				who,
				reason: by.reason.trim(),
				unit,
				undoes: r.unit,
				decided_at: decidedAt,
			};
			const id = insertedId(s.insert.get(row), r.flag_id);
			undone.push(toDecision({ id, ...row }));
		}
		return undone;
	});
}

/** The unit `undoLastDecision` would take back for `who` (its rows), or none. */
export function lastDecisionOf(store: Store, who: string): FlagDecision[] {
	const s = q(store);
	const last = s.lastUnit.get({ who: who.trim() });
	return last ? s.ofUnit.all({ unit: last.unit }).map(toDecision) : [];
}

/** Every decision on one flag, oldest first. */
export function decisionsOfFlag(store: Store, flagId: number): FlagDecision[] {
	return q(store).ofFlag.all({ flag_id: flagId }).map(toDecision);
}

/**
 * The last who/when/why of each flag (of one report, or all): its last decision (for a flag a
 * re-import carried over, the decision on the identical flag it replaced); for a flag an edit or
 * a move closed (status corrected) without a later decision, the last correction of its field;
 * for a hold's flag accepted with its report, that acceptance. Flags nobody decided are absent.
 */
export function flagTrails(
	store: Store,
	flags: readonly {
		id: number;
		reportId: number;
		kind: string;
		item: string | null;
		field: string | null;
		message: string;
		status: FlagStatus;
	}[],
	reportId?: number,
): Map<number, FlagTrail> {
	const s = q(store);
	const last = new Map(
		s.lastPerFlag
			.all({ report_id: reportId ?? null })
			.map((r) => [r.flag_id, r]),
	);
	const trails = new Map<number, FlagTrail>();
	for (const f of flags) {
		const d = last.get(f.id);
		const decided =
			d && d.status_after === f.status && sameFlag(d, f)
				? d
				: f.status === "accepted" || f.status === "rejected"
					? s.carried.get({
							report_id: f.reportId,
							kind: f.kind,
							item: f.item,
							field: f.field,
							message: f.message,
							status: f.status,
						})
					: undefined;
		if (decided) {
			trails.set(f.id, {
				who: decided.who,
				when: decided.decided_at,
				why: decided.reason,
				source: "decision",
				decision: decided.decision as DecisionKind,
			});
			continue;
		}
		const hold =
			f.status === "accepted"
				? s.holdAcceptance.get({ flag_id: f.id })
				: undefined;
		if (hold) {
			trails.set(f.id, {
				who: hold.who,
				when: hold.accepted_at,
				why: hold.reason,
				source: "hold",
				decision: "accept",
			});
			continue;
		}
		if (f.status === "corrected" && f.item !== null && f.field !== null) {
			const c = s.lastCorrection.get({
				report_id: f.reportId,
				item: f.item,
				field: f.field,
			});
			if (c)
				trails.set(f.id, {
					who: c.who,
					when: c.created_at,
					why: c.reason,
					source: "correction",
					decision: "correct",
				});
		}
	}
	return trails;
}
