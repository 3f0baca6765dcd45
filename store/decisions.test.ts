/**
 * The decision trail (migration 011): every accept, reject and reopen records who, when and why,
 * append-only; an undo takes back a clerk's last unit with new rows; a bulk accept is one unit.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { dropLastRows } from "../test/truncate.ts";
import { databaseOf } from "./connection.ts";
import {
	clerkProgress,
	decideFlags,
	decideQuestion,
	decisionsOfFlag,
	flagDecidedBy,
	flagTrails,
	lastDecisionOf,
	openStore,
	questionQueue,
	reviewStore,
	type Store,
	UndoRefusedError,
	undoLastDecision,
} from "./index.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);

function seeded(): Store {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return store;
}

const statuses = (store: Store) =>
	new Map(store.listFlags().map((f) => [f.id, f.status]));

/** A question of several flags (both sides of a move, one token in several fields). */
const multiQuestion = (store: Store) => {
	const row = questionQueue(store).find((r) => r.flagIds.length > 1);
	if (!row) throw new Error("the seed has a question of several flags");
	return row;
};

it("should record who, when and why for every flag of a decided question, one unit", () => {
	const store = seeded();
	const q = multiQuestion(store);
	const decided = decideQuestion(store, q.id, "rejected", {
		who: "Батаа",
		reason: "not an error: the source says so",
	});
	expect(decided.sort()).toEqual([...q.flagIds].sort());
	const rows = q.flagIds.flatMap((id) => decisionsOfFlag(store, id));
	expect(rows).toHaveLength(q.flagIds.length);
	expect(new Set(rows.map((r) => r.unit)).size).toBe(1);
	for (const r of rows) {
		expect(r).toMatchObject({
			decision: "reject",
			statusBefore: "open",
			statusAfter: "rejected",
			who: "Батаа",
			reason: "not an error: the source says so",
			undoes: null,
		});
		expect(Number.isNaN(Date.parse(r.decidedAt))).toBe(false);
	}
	// The trail names them, and the flags have the status.
	const trails = flagTrails(store, store.listFlags());
	for (const id of q.flagIds)
		expect(trails.get(id)).toMatchObject({
			who: "Батаа",
			why: "not an error: the source says so",
			source: "decision",
		});
	store.close();
});

it("should refuse to update or delete a decision (append-only)", () => {
	const store = seeded();
	const q = multiQuestion(store);
	decideQuestion(store, q.id, "accepted", { who: "a", reason: "ok" });
	const db = databaseOf(store);
	expect(() => db.prepare("UPDATE flag_decisions SET who = 'b'").run()).toThrow(
		/append-only/,
	);
	expect(() => db.prepare("DELETE FROM flag_decisions").run()).toThrow(
		/append-only/,
	);
	expect(
		(
			db.prepare("SELECT COUNT(*) AS n FROM flag_decisions").get() as {
				n: number;
			}
		).n,
	).toBe(q.flagIds.length);
	// A decision needs a person.
	expect(() =>
		decideQuestion(store, q.id, "open", { who: "  ", reason: "" }),
	).toThrow(/who/);
	store.close();
});

it("should undo the clerk's last unit with new rows, restoring every status, and go back one unit at a time", () => {
	const store = seeded();
	const start = statuses(store);
	const rows = questionQueue(store);
	const [a, b] = rows;
	if (!a || !b) throw new Error("the seed has two questions");
	decideQuestion(store, a.id, "accepted", { who: "anu", reason: "first" });
	decideQuestion(store, b.id, "rejected", { who: "anu", reason: "second" });
	// Another clerk's decision is not anu's to undo.
	const other = rows[2];
	if (!other) throw new Error("the seed has three questions");
	decideQuestion(store, other.id, "accepted", { who: "bold", reason: "" });
	expect(lastDecisionOf(store, "anu").map((d) => d.flagId)).toEqual(
		[...b.flagIds].sort((x, y) => x - y),
	);

	const undone = undoLastDecision(store, { who: "anu", reason: "" });
	expect(undone.map((d) => d.flagId).sort()).toEqual([...b.flagIds].sort());
	expect(
		undone.every((d) => d.decision === "undo" && d.statusAfter === "open"),
	).toBe(true);
	for (const id of b.flagIds) expect(statuses(store).get(id)).toBe("open");
	for (const id of a.flagIds) expect(statuses(store).get(id)).toBe("accepted");

	undoLastDecision(store, { who: "anu", reason: "" });
	for (const id of a.flagIds) expect(statuses(store).get(id)).toBe("open");
	expect(undoLastDecision(store, { who: "anu", reason: "" })).toEqual([]);
	// bold's decision stands; everything else is as it was.
	for (const [id, status] of statuses(store))
		expect(status).toBe(
			other.flagIds.includes(id) ? "accepted" : start.get(id),
		);
	// Nothing was edited: two decisions and two undos per flag of a and b.
	for (const id of [...a.flagIds, ...b.flagIds])
		expect(decisionsOfFlag(store, id).map((d) => d.decision)).toEqual(
			a.flagIds.includes(id) ? ["accept", "undo"] : ["reject", "undo"],
		);
	store.close();
});

it("should refuse an undo, changing nothing, when a flag of the unit changed since", () => {
	const store = seeded();
	const q = multiQuestion(store);
	decideQuestion(store, q.id, "accepted", { who: "anu", reason: "" });
	// Another clerk reopens one of its flags meanwhile.
	decideFlags(store, [q.flagIds[0] ?? 0], "open", { who: "bold", reason: "" });
	const before = statuses(store);
	expect(() => undoLastDecision(store, { who: "anu", reason: "" })).toThrow(
		/nothing was undone/,
	);
	expect(statuses(store)).toEqual(before);
	store.close();
});

it("should accept a filtered group as one unit that one undo takes back", () => {
	const store = seeded();
	const start = statuses(store);
	const group = questionQueue(store, { kind: "mixed-script" });
	const ids = group.flatMap((r) => r.flagIds);
	expect(ids.length).toBeGreaterThan(2);
	const decided = decideFlags(store, ids, "accepted", {
		who: "anu",
		reason: "look-alike letters checked against the scan",
	});
	expect(decided.map((d) => d.flagId).sort()).toEqual([...ids].sort());
	expect(new Set(decided.map((d) => d.unit)).size).toBe(1);
	// Each flag says who set its status (progress per clerk, the conflict page).
	for (const id of ids) expect(flagDecidedBy(store, id)?.by).toBe("anu");
	expect(clerkProgress(store).byClerk).toContainEqual(
		expect.objectContaining({ who: "anu", accepted: ids.length }),
	);
	expect(
		store
			.listFlags({ status: "open" })
			.filter((f) => f.kind === "mixed-script"),
	).toEqual([]);
	expect(undoLastDecision(store, { who: "anu", reason: "" })).toHaveLength(
		ids.length,
	);
	expect(statuses(store)).toEqual(start);
	store.close();
});

it("should show the correction that closed a flag as its trail", () => {
	const store = seeded();
	const review = reviewStore(store);
	const flag = store
		.listFlags({ status: "open" })
		.find((f) => f.item !== null && f.field === "achievement");
	if (!flag?.item) throw new Error("the seed has a narrative flag");
	const item = review.item(flag.reportId, flag.item);
	review.correct({
		reportId: flag.reportId,
		item: flag.item,
		field: "achievement",
		newValue: `${item?.effective.achievement ?? ""} (checked)`,
		reason: "the scan reads so",
		who: "anu",
	});
	const now = store.listFlags().find((f) => f.id === flag.id);
	expect(now?.status).toBe("corrected");
	expect(flagTrails(store, store.listFlags()).get(flag.id)).toMatchObject({
		who: "anu",
		why: "the scan reads so",
		source: "correction",
	});
	store.close();
});

it("should keep the trail of a decision a re-import carried over to the new version's flag", () => {
	const store = seeded();
	const flag = store
		.listFlags({ status: "open" })
		.find((f) => f.kind === "mixed-script");
	if (!flag) throw new Error("the seed has a mixed-script flag");
	decideFlags(store, [flag.id], "accepted", {
		who: "anu",
		reason: "the URL is written so",
	});
	const v2 = SEED.replace("1.276.0 Байгууллагын", "1,276.0 Байгууллагын");
	expect(
		store.importResult(ingestMarkdown(v2, { file: "input-v2.md" })),
	).toMatchObject({ reportId: 1 });
	const carried = store
		.listFlags({ status: "accepted" })
		.find((f) => f.message === flag.message && f.item === flag.item);
	expect(carried).toBeDefined();
	const trails = flagTrails(store, store.listFlags());
	expect(trails.get(carried?.id ?? 0)).toMatchObject({
		who: "anu",
		why: "the URL is written so",
	});
	// Only that flag: a new flag that took an old flag's id is not given its trail.
	expect(
		[...trails].filter(([, t]) => t.who === "anu").map(([id]) => id),
	).toEqual([carried?.id]);
	// The old flag's rows stay, saying what was decided.
	const row = databaseOf(store)
		.prepare(
			"SELECT kind, item, field, message FROM flag_decisions WHERE flag_id = ?",
		)
		.get(flag.id);
	expect(row).toEqual({
		kind: flag.kind,
		item: flag.item,
		field: flag.field,
		message: flag.message,
	});
	store.close();
});

it("should give a hold's flag accepted with its report the acceptance's who, when and why", () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(
		ingestMarkdown(dropLastRows(SEED, 21), { file: "cut.md" }),
	);
	store.acceptHolds(reportId, { who: "bold", reason: "the rest is on paper" });
	const hold = store.listHolds(reportId)[0];
	expect(hold?.flagId).not.toBeNull();
	expect(
		flagTrails(store, store.listFlags()).get(hold?.flagId ?? 0),
	).toMatchObject({
		who: "bold",
		why: "the rest is on paper",
		source: "hold",
	});
	store.close();
});

it("should refuse to undo the acceptance of a held report, and say why", () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(
		ingestMarkdown(dropLastRows(SEED, 21), { file: "cut.md" }),
	);
	const flagId = store.listHolds(reportId)[0]?.flagId ?? 0;
	const decided = decideFlags(store, [flagId], "accepted", {
		who: "anu",
		reason: "the rest is on paper",
	});
	expect(decided.map((d) => d.flagId)).toContain(flagId);
	expect(store.listReports()[0]?.held).toBe(false);
	const before = statuses(store);
	let refused: unknown;
	try {
		undoLastDecision(store, { who: "anu", reason: "" });
	} catch (error) {
		refused = error;
	}
	expect(refused).toBeInstanceOf(UndoRefusedError);
	expect((refused as UndoRefusedError).why).toBe("held");
	expect(statuses(store)).toEqual(before);
	expect(store.listReports()[0]?.held).toBe(false);
	store.close();
});
