/**
 * One question, one flag (issue 16). Flags that ask a clerk the same thing — both sides of one
 * narrative move, the same look-alike token in two fields — are one question: the queue shows
 * it once, and a decision on it closes exactly its flags and nothing else. The question of a
 * flag is computed from its kind and evidence (`QUESTION_SQL`, in SQL), never stored: flags stay one row
 * per item and field as the pipeline raised them (the CLI and the flags sheet list them so).
 */

import { databaseOf } from "./connection.ts";
import { type DecisionBy, decideFlags } from "./decisions.ts";
import type { Handle } from "./handle.ts";
import { QUESTION_SQL } from "./question-key.ts";
import {
	countFacets,
	type QueueCounts,
	type QueueRow,
	reportLabel,
	reviewStore,
} from "./review.ts";
import {
	ALL_ROWS,
	FLAG_STATUSES,
	type FlagStatus,
	type StoredFlag,
} from "./rows.ts";
import type { Store } from "./store.ts";

export { QUESTION_SQL, questionKeys } from "./question-key.ts";

/** A queue line for one question: its first flag in queue order, and the other flags it holds. */
export interface QuestionRow extends QueueRow {
	/** The flag's evidence (the review app renders its message from kind and evidence). */
	evidence: Record<string, unknown>;
	/** Every flag of the question with this status, this one first. */
	flagIds: number[];
	/** The other flags of the question (with this status): where else it was raised. */
	others: { id: number; item: string | null; field: string | null }[];
}

export interface QuestionFilter {
	reportId?: number;
	kind?: string;
	status?: FlagStatus | "all";
	limit?: number;
	offset?: number;
}

/** The filtered flags with their question key and queue position (a CTE named k). */
const FILTERED = `k AS (
	SELECT f.id, f.report_id, f.kind, f.severity, f.item, f.field, f.message, f.status,
		f.evidence_json, m.ord,
		CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS sev,
		${QUESTION_SQL} AS q
	FROM flags f
	LEFT JOIN measures m ON m.report_id = f.report_id AND m.item = f.item
	WHERE (CAST(@report_id AS INTEGER) IS NULL OR f.report_id = @report_id)
		AND (CAST(@kind AS TEXT) IS NULL OR f.kind = @kind)
		AND (CAST(@status AS TEXT) IS NULL OR f.status = @status)
)`;

interface LineRow {
	id: number;
	report_id: number;
	kind: string;
	severity: string;
	item: string | null;
	field: string | null;
	message: string;
	status: string;
	evidence_json: string;
	ord: number | null;
	q: string;
}

type Filter = {
	report_id: number | null;
	kind: string | null;
	status: string | null;
};

function prepare(db: Handle) {
	return {
		// The first flag of each question (and status), in queue order, one page of them.
		lines: db.prepare<Filter & { limit: number; offset: number }, LineRow>(
			`WITH ${FILTERED},
			g AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY status, q ORDER BY sev, COALESCE(ord, -1), id) AS rn FROM k)
			SELECT id, report_id, kind, severity, item, field, message, status, evidence_json, ord, q
			FROM g WHERE rn = 1
			ORDER BY report_id, sev, COALESCE(ord, -1), id
			LIMIT @limit OFFSET @offset`,
		),
		// Every flag of the given questions (the page's), in queue order.
		members: db.prepare<
			Filter & { keys: string },
			{
				id: number;
				item: string | null;
				field: string | null;
				status: string;
				q: string;
			}
		>(
			`WITH ${FILTERED}
			SELECT id, item, field, status, q FROM k
			WHERE q IN (SELECT CAST(value AS TEXT) FROM json_each(@keys))
			ORDER BY sev, COALESCE(ord, -1), id`,
		),
		// Questions per report, kind and status (a key holds its report and kind).
		facets: db.prepare<
			[],
			{ report_id: number; kind: string; status: string; n: number }
		>(
			`SELECT report_id, kind, status, COUNT(DISTINCT q) AS n
			FROM (SELECT f.report_id, f.kind, f.status, ${QUESTION_SQL} AS q FROM flags f) questions
			GROUP BY report_id, kind, status ORDER BY report_id, kind, status`,
		),
		// The flags of one flag's question that have its status.
		question: db.prepare<{ id: number }, { id: number }>(
			`WITH me AS (SELECT f.report_id, f.status, ${QUESTION_SQL} AS q FROM flags f WHERE f.id = @id)
			SELECT f.id FROM flags f, me
			WHERE f.report_id = me.report_id AND f.status = me.status AND ${QUESTION_SQL} = me.q
			ORDER BY f.id = @id DESC, f.id`,
		),
		reports: db.prepare<
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
			FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY r.id`,
		),
	};
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

function filterOf(filter: QuestionFilter): Filter {
	const status = filter.status ?? "open";
	if (status !== "all" && !FLAG_STATUSES.includes(status))
		throw new TypeError(
			`review.queue: status must be one of ${FLAG_STATUSES.join(", ")} or all`,
		);
	return {
		report_id: filter.reportId ?? null,
		kind: filter.kind ?? null,
		status: status === "all" ? null : status,
	};
}

/**
 * The review queue with one line per question (and status), in queue order (report, severity,
 * item position): the line is the question's first flag; `limit`/`offset` count questions.
 */
export function questionQueue(
	store: Store,
	filter: QuestionFilter = {},
): QuestionRow[] {
	for (const key of ["limit", "offset"] as const) {
		const n = filter[key];
		if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0))
			throw new TypeError(
				`review.queue: ${key} must be a whole number ≥ 0, got ${n}`,
			);
	}
	const s = q(store);
	const where = filterOf(filter);
	const lines = s.lines.all({
		...where,
		limit: filter.limit ?? ALL_ROWS,
		offset: filter.offset ?? 0,
	});
	const members = new Map<
		string,
		{ id: number; item: string | null; field: string | null }[]
	>();
	if (lines.length > 0)
		for (const m of s.members.all({
			...where,
			keys: JSON.stringify(lines.map((l) => l.q)),
		})) {
			const key = `${m.status}\u0000${m.q}`;
			const list = members.get(key) ?? [];
			list.push({ id: m.id, item: m.item, field: m.field });
			members.set(key, list);
		}
	const reports = new Map(s.reports.all().map((r) => [r.id, r]));
	return lines.map((h) => {
		const report = reports.get(h.report_id);
		const others = (members.get(`${h.status}\u0000${h.q}`) ?? []).filter(
			(m) => m.id !== h.id,
		);
		return {
			id: h.id,
			reportId: h.report_id,
			kind: h.kind,
			severity: h.severity as QueueRow["severity"],
			item: h.item,
			field: h.field,
			message: h.message,
			status: h.status as FlagStatus,
			year: report?.year ?? null,
			department: report?.department ?? null,
			organization: report?.organization ?? null,
			period: report?.period ?? null,
			documentName: report?.document_name ?? "",
			ord: h.ord,
			evidence: JSON.parse(h.evidence_json) as Record<string, unknown>,
			flagIds: [h.id, ...others.map((o) => o.id)],
			others,
		};
	});
}

/** Facet counts of the queue, counting questions (each facet ignores its own filter). */
export function questionCounts(
	store: Store,
	filter: Omit<QuestionFilter, "limit" | "offset"> = {},
): QueueCounts {
	const s = q(store);
	const labels = new Map(
		s.reports.all().map((r) => [r.id, reportLabel(r.id, r.year, r.department)]),
	);
	return countFacets(
		s.facets.all(),
		filter,
		filterOf(filter).status,
		(r) => labels.get(r.report_id) ?? String(r.report_id),
	);
}

/** The flags of a flag's question that have its status, this one first (none: no such flag). */
export function questionOf(store: Store, flagId: number): StoredFlag[] {
	const review = reviewStore(store);
	return q(store)
		.question.all({ id: flagId })
		.flatMap((r) => {
			const flag = review.flag(r.id);
			return flag ? [flag] : [];
		});
}

/**
 * Decide a question: set the status of every flag of `flagId`'s question that has its status
 * (accept, reject or reopen them together), in one transaction, as one unit of the decision
 * trail (store/decisions.ts: who, when and why per flag; one undo takes it back); a held report's
 * flag is accepted with who and why as `ReviewStore.setFlagStatus` does. Flags of other
 * questions are untouched.
 * @returns the ids of the question's flags decided
 */
export function decideQuestion(
	store: Store,
	flagId: number,
	status: FlagStatus,
	by: DecisionBy,
): number[] {
	return reviewStore(store).transaction(() => {
		const flags = questionOf(store, flagId);
		if (flags.length === 0)
			throw new TypeError(`review.decide: there is no flag ${flagId}`);
		const ids = flags.map((f) => f.id);
		const changed = new Set(
			decideFlags(store, ids, status, by).map((d) => d.flagId),
		);
		return ids.filter((id) => changed.has(id));
	});
}
