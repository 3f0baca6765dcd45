/**
 * The question a flag asks (issue 16: one question, one flag), and what a narrative move answers.
 * Below store/review.ts and store/questions.ts: pure keys, and the flags a move settles.
 */
import type Database from "better-sqlite3";
import {
	databaseOf,
	type FlagStatus,
	type Store,
	type StoredFlag,
} from "./store.ts";

/** What a flag's question is computed from. */
export interface QuestionSource {
	reportId: number;
	kind: string;
	item: string | null;
	field: string | null;
	message: string;
	evidence: Record<string, unknown>;
}

const text = (value: unknown): string =>
	typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";

/**
 * The question a flag asks, as a key: flags with equal keys ask the same thing.
 * - narrative-moved: the paragraph and the move (from, to), on either side of it;
 * - narrative-uncertain: the paragraph (both items that may own it ask where it belongs);
 * - narrative-cut: the item whose narrative ends mid-sentence and its next item;
 * - mixed-script: the mixed tokens, wherever in the report they were read;
 * - anything else: the item, the field and the message (two items with the same stray "9" are
 *   two questions).
 */
export function questionKey(flag: QuestionSource): string {
	const e = flag.evidence;
	const parts: unknown[] = [flag.reportId, flag.kind];
	switch (flag.kind) {
		case "narrative-moved":
			if (text(e.text) !== "") {
				parts.push(e.from, e.to, text(e.text));
				break;
			}
			parts.push(flag.item, flag.field, flag.message);
			break;
		case "narrative-uncertain":
			if (text(e.text) !== "") {
				parts.push(text(e.text));
				break;
			}
			parts.push(flag.item, flag.field, flag.message);
			break;
		case "narrative-cut":
			parts.push(e.item ?? flag.item, e.next, text(e.text));
			break;
		case "mixed-script":
			if (Array.isArray(e.tokens) && e.tokens.length > 0) {
				parts.push(...e.tokens.map(String).sort());
				break;
			}
			parts.push(flag.item, flag.field, flag.message);
			break;
		default:
			parts.push(flag.item, flag.field, flag.message);
	}
	return JSON.stringify(parts);
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
	const db: Database.Database = databaseOf(store);
	const flags = flagsOf(store, reportId, "all").filter((f) =>
		openBefore.has(f.id),
	);
	const answered = new Set<string>();
	for (const f of flags)
		if (
			f.item !== null &&
			items.includes(f.item) &&
			answersFlag(f, items, fragment)
		)
			answered.add(questionKey(f));
	const setStatus = db.prepare<{ id: number; status: FlagStatus }>(
		"UPDATE flags SET status = @status WHERE id = @id",
	);
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
