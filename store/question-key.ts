/**
 * The question a flag asks (issue 16: one question, one flag), and what a narrative move answers.
 * Below store/review.ts and store/questions.ts: pure keys, and the flags a move settles.
 */

import { databaseOf } from "./connection.ts";
import type { Handle, Statement } from "./handle.ts";
import { queriesOf } from "./queries.ts";
import type { FlagStatus, StoredFlag } from "./rows.ts";
import type { Store } from "./store.ts";

const text = (value: unknown): string =>
	typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";

const ev = (path: string) => `json_extract(f.evidence_json, '$.${path}')`;

/**
 * The question a flag asks, as an SQL expression over `flags f` (one definition, used by every
 * query): flags with equal keys ask the same thing.
 * - narrative-moved: the paragraph and the move (from, to), on either side of it;
 * - narrative-uncertain: the paragraph (both items that may own it ask where it belongs);
 * - narrative-cut: the item whose narrative ends mid-sentence and its next item;
 * - mixed-script: the mixed tokens, wherever in the report they were read;
 * - anything else: the item, the field and the message (two items with the same stray "9" are
 *   two questions).
 * Every key starts with the report and the kind: flags of two reports or kinds never merge.
 */
export const QUESTION_SQL = `CASE
	WHEN f.kind = 'narrative-moved' AND ${ev("text")} IS NOT NULL
		THEN json_array(f.report_id, f.kind, ${ev("from")}, ${ev("to")}, trim(${ev("text")}))
	WHEN f.kind = 'narrative-uncertain' AND ${ev("text")} IS NOT NULL
		THEN json_array(f.report_id, f.kind, trim(${ev("text")}))
	WHEN f.kind = 'narrative-cut'
		THEN json_array(f.report_id, f.kind, COALESCE(${ev("item")}, f.item), ${ev("next")}, trim(${ev("text")}))
	WHEN f.kind = 'mixed-script' AND json_array_length(f.evidence_json, '$.tokens') > 0
		THEN json_array(f.report_id, f.kind, ${ev("tokens")})
	ELSE json_array(f.report_id, f.kind, f.item, f.field, f.message)
END`;

const keysOf = new WeakMap<
	Handle,
	Statement<{ report_id: number | null }, { id: number; q: string }>
>();

/** The question key of every flag (of one report, or all), by flag id. */
export function questionKeys(
	store: Store,
	reportId?: number,
): Map<number, string> {
	const db = databaseOf(store);
	let statement = keysOf.get(db);
	if (!statement) {
		statement = db.prepare(
			`SELECT f.id, ${QUESTION_SQL} AS q FROM flags f WHERE CAST(@report_id AS INTEGER) IS NULL OR f.report_id = @report_id`,
		);
		keysOf.set(db, statement);
	}
	return new Map(
		statement
			.all({ report_id: reportId ?? null })
			.map((r) => [r.id, r.q] as const),
	);
}

/** The flags of a report with a status, or all (one report, or every report). */
export function flagsOf(
	store: Store,
	reportId: number | undefined,
	status: FlagStatus | "all",
): StoredFlag[] {
	return store.listFlags({
		...(reportId === undefined ? {} : { reportId }),
		...(status === "all" ? {} : { status }),
	});
}

/** Does moving `fragment` between `items` answer this narrative flag? */
function answersFlag(
	flag: StoredFlag,
	items: readonly string[],
	fragment: string,
): boolean {
	if (!flag.kind.startsWith("narrative")) return false;
	const e = flag.evidence;
	if (flag.kind === "narrative-cut")
		return (
			typeof e.item === "string" &&
			typeof e.next === "string" &&
			items.includes(e.item) &&
			items.includes(e.next)
		);
	const own = text(e.text);
	const moved = text(fragment);
	if (own === "" || moved === "") return false;
	return own.includes(moved) || moved.includes(own);
}

/** The open flags of a report, by id (before a move, to settle its flags after). */
export function openFlagIds(store: Store, reportId: number): Set<number> {
	return new Set(flagsOf(store, reportId, "open").map((f) => f.id));
}

/**
 * After a move of `fragment` between two items (two corrections of `achievement`, which close
 * every open flag on both fields): the flags the move answers — the narrative flags about that
 * paragraph, and every flag of their questions — are corrected; the other flags it closed (about
 * other paragraphs) are open again. Runs inside the move's transaction.
 * @param openBefore the report's open flags before the move (openFlagIds)
 * @returns the ids of the flags the move answered
 */
export function settleMoveFlags(
	store: Store,
	reportId: number,
	items: readonly string[],
	fragment: string,
	openBefore: ReadonlySet<number>,
): number[] {
	const db: Handle = databaseOf(store);
	const flags = flagsOf(store, reportId, "all").filter((f) =>
		openBefore.has(f.id),
	);
	const keys = questionKeys(store, reportId);
	const questionKey = (f: StoredFlag) => keys.get(f.id) ?? String(f.id);
	const answered = new Set<string>();
	for (const f of flags)
		if (
			f.item !== null &&
			items.includes(f.item) &&
			answersFlag(f, items, fragment)
		)
			answered.add(questionKey(f));
	const setStatus = queriesOf(db).setFlagStatus;
	const closed: number[] = [];
	for (const f of flags) {
		if (answered.has(questionKey(f))) {
			if (f.status === "open") setStatus.run({ id: f.id, status: "corrected" });
			closed.push(f.id);
		} else if (
			f.status === "corrected" &&
			f.item !== null &&
			items.includes(f.item)
		)
			setStatus.run({ id: f.id, status: "open" });
	}
	return closed;
}
