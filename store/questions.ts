/**
 * One question, one flag (issue 16). Flags that ask a clerk the same thing — both sides of one
 * narrative move, the same look-alike token in two fields — are one question: the queue shows
 * it once, and a decision on it closes exactly its flags and nothing else. The question of a
 * flag is computed from its kind and evidence (`questionKey`), never stored: flags stay one row
 * per item and field as the pipeline raised them (the CLI and the flags sheet list them so).
 */
import { flagsOf, type QuestionSource, questionKey } from "./question-key.ts";
import { type QueueCounts, type QueueRow, reviewStore } from "./review.ts";
import {
	FLAG_STATUSES,
	type FlagStatus,
	type Store,
	type StoredFlag,
} from "./store.ts";

export { type QuestionSource, questionKey } from "./question-key.ts";

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

const groupKey = (f: QuestionSource & { status: string }) =>
	`${f.status}\u0000${questionKey(f)}`;

/**
 * The review queue with one line per question (and status), in queue order (report, severity,
 * item position): the line is the question's first flag; `limit`/`offset` count questions.
 */
export function questionQueue(
	store: Store,
	filter: QuestionFilter = {},
): QuestionRow[] {
	const status = filter.status ?? "open";
	const rows = reviewStore(store).queue({
		...(filter.reportId === undefined ? {} : { reportId: filter.reportId }),
		...(filter.kind === undefined ? {} : { kind: filter.kind }),
		status,
	});
	const flags = new Map(
		flagsOf(store, filter.reportId, status).map((f) => [f.id, f]),
	);
	const groups = new Map<string, QuestionRow>();
	for (const row of rows) {
		const flag = flags.get(row.id);
		const evidence = flag?.evidence ?? {};
		const key = groupKey({ ...row, evidence });
		const group = groups.get(key);
		if (group) {
			group.flagIds.push(row.id);
			group.others.push({ id: row.id, item: row.item, field: row.field });
			continue;
		}
		groups.set(key, { ...row, evidence, flagIds: [row.id], others: [] });
	}
	const all = [...groups.values()];
	const offset = filter.offset ?? 0;
	return filter.limit === undefined || filter.limit < 0
		? all.slice(offset)
		: all.slice(offset, offset + filter.limit);
}

/** Facet counts of the queue, counting questions (each facet ignores its own filter). */
export function questionCounts(
	store: Store,
	filter: Omit<QuestionFilter, "limit" | "offset"> = {},
): QueueCounts {
	const status = filter.status ?? "open";
	const seen = new Set<string>();
	const byReport = new Map<number, { label: string; n: number }>();
	const byKind = new Map<string, number>();
	const byStatus = new Map<FlagStatus, number>(
		FLAG_STATUSES.map((s) => [s, 0]),
	);
	for (const r of reviewStore(store).queueCounts({}).byReport)
		byReport.set(r.reportId, { label: r.label, n: 0 });
	let total = 0;
	for (const f of flagsOf(store, undefined, "all")) {
		const key = groupKey(f);
		if (seen.has(key)) continue;
		seen.add(key);
		const reportOk =
			filter.reportId === undefined || f.reportId === filter.reportId;
		const kindOk = filter.kind === undefined || f.kind === filter.kind;
		const statusOk = status === "all" || f.status === status;
		const entry = byReport.get(f.reportId) ?? {
			label: String(f.reportId),
			n: 0,
		};
		if (kindOk && statusOk) entry.n++;
		byReport.set(f.reportId, entry);
		if (reportOk && statusOk) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
		if (reportOk && kindOk)
			byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
		if (reportOk && kindOk && statusOk) total++;
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

/** The flags of a flag's question that have its status, this one first (none: no such flag). */
export function questionOf(store: Store, flagId: number): StoredFlag[] {
	const flag = reviewStore(store).flag(flagId);
	if (!flag) return [];
	const key = groupKey(flag);
	return [
		flag,
		...flagsOf(store, flag.reportId, flag.status).filter(
			(f) => f.id !== flag.id && groupKey(f) === key,
		),
	];
}

/**
 * Decide a question: set the status of every flag of `flagId`'s question that has its status
 * (accept, reject or reopen them together), in one transaction; a held report's flag is accepted
 * with who and why as `ReviewStore.setFlagStatus` does. Flags of other questions are untouched.
 * @returns the ids of the flags decided
 */
export function decideQuestion(
	store: Store,
	flagId: number,
	status: FlagStatus,
	by?: { who: string; reason: string },
): number[] {
	const review = reviewStore(store);
	return review.transaction(() => {
		const flags = questionOf(store, flagId);
		const first = flags[0];
		if (!first)
			throw new TypeError(`review.decide: there is no flag ${flagId}`);
		const decided: number[] = [];
		for (const f of flags) {
			// Accepting a hold accepts every flag of it: those are decided already.
			if (review.flag(f.id)?.status !== first.status) continue;
			review.setFlagStatus(f.id, status, by);
			decided.push(f.id);
		}
		return decided;
	});
}
