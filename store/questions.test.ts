import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	decideQuestion,
	openStore,
	questionCounts,
	questionKeys,
	questionOf,
	questionQueue,
	reviewStore,
} from "./index.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
/** The paragraph printed in 3.3's row that belongs to 3.4 (a narrative-moved flag on both). */
const FRAGMENT = "Үнэлгээний нийт зөвлөмжийн хэрэгжилтийг сум байгууллага бүр";

function seeded() {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return { store, review: reviewStore(store) };
}

const openIds = (store: ReturnType<typeof seeded>["store"]) =>
	store
		.listFlags({ status: "open" })
		.map((f) => f.id)
		.sort((a, b) => a - b);

it("should hold at most one queue line per question, every open flag in exactly one", () => {
	const { store } = seeded();
	const flags = store.listFlags({ status: "open" });
	const rows = questionQueue(store);
	const key = questionKeys(store);
	expect(new Set(rows.map((r) => key.get(r.id))).size).toBe(rows.length);
	expect(rows.flatMap((r) => r.flagIds).sort((a, b) => a - b)).toEqual(
		flags.map((f) => f.id).sort((a, b) => a - b),
	);
	// Every flag of a line asks its question; none of another line does.
	for (const r of rows)
		expect(new Set(r.flagIds.map((id) => key.get(id)))).toEqual(
			new Set([key.get(r.id)]),
		);
	expect(new Set(flags.map((f) => key.get(f.id))).size).toBe(rows.length);
	expect(questionCounts(store).total).toBe(rows.length);
	// Both sides of every move are one question; two items with a stray "9" are two.
	const moved = rows.filter((r) => r.kind === "narrative-moved");
	expect(moved.every((r) => r.flagIds.length === 2)).toBe(true);
	expect(rows.filter((r) => r.kind === "level-not-on-scale")).toHaveLength(2);
	// The same URL typo read in 4.10's activity and narrative and in 4.11's is one question.
	const url = rows.find(
		(r) =>
			r.kind === "mixed-script" &&
			JSON.stringify(r.evidence).includes("бауанhongog"),
	);
	expect(url?.others.map((o) => `${o.item} ${o.field}`)).toEqual([
		"4.10 achievement",
		"4.11 achievement",
	]);
	// Pages count questions.
	expect(questionQueue(store, { limit: 5, offset: 5 })).toEqual(
		rows.slice(5, 10),
	);
	store.close();
});

it("should close exactly the flags of a question when it is decided", () => {
	const { store } = seeded();
	const before = openIds(store);
	const url = questionQueue(store).find(
		(r) =>
			r.kind === "mixed-script" &&
			JSON.stringify(r.evidence).includes("бауанhongog"),
	);
	const decided = decideQuestion(store, url?.id ?? 0, "accepted", {
		who: "clerk",
		reason: "",
	});
	expect(decided.sort((a, b) => a - b)).toEqual(
		[...(url?.flagIds ?? [])].sort((a, b) => a - b),
	);
	expect(openIds(store)).toEqual(before.filter((id) => !decided.includes(id)));
	// Reopening one of them reopens the question, nothing else.
	expect(
		decideQuestion(store, decided[1] ?? 0, "open", { who: "clerk", reason: "" })
			.length,
	).toBe(3);
	expect(openIds(store)).toEqual(before);
	expect(questionOf(store, 999_999)).toEqual([]);
	store.close();
});

it("should close with a move only the flags it answers, none about another paragraph", () => {
	const { store, review } = seeded();
	const before = store.listFlags({ status: "open" });
	const narrative = (item: string) =>
		before.filter((f) => f.item === item && f.field === "achievement");
	// 3.3 and 3.4 carry four narrative flags: 3.4→3.3 on both, 3.3→3.2 and 3.5→3.4.
	const answered = [...narrative("3.3"), ...narrative("3.4")].filter(
		(f) => f.evidence.from === "3.4" && f.evidence.to === "3.3",
	);
	const others = [...narrative("3.3"), ...narrative("3.4")].filter(
		(f) => !answered.includes(f),
	);
	expect(answered).toHaveLength(2);
	expect(others.map((f) => f.message).join("\n")).toMatch(/3\.3 to 3\.2/);
	expect(others.map((f) => f.message).join("\n")).toMatch(/3\.5 to 3\.4/);
	const text = review.item(1, "3.3")?.effective.achievement ?? "";
	const paragraph = text
		.split("\n")
		.map((p) => p.trim())
		.filter(Boolean)
		.at(-1);
	expect(paragraph?.startsWith(FRAGMENT)).toBe(true);
	review.move({
		reportId: 1,
		from: "3.3",
		direction: "next",
		fragment: paragraph ?? "",
		who: "test",
	});
	const after = new Map(store.listFlags().map((f) => [f.id, f.status]));
	for (const f of answered)
		expect(after.get(f.id), f.message).toBe("corrected");
	for (const f of others) expect(after.get(f.id), f.message).toBe("open");
	// Nothing else changed but the cross-checks the move made pass or fail.
	const changed = before.filter(
		(f) =>
			after.get(f.id) !== "open" && !answered.includes(f) && f.item !== null,
	);
	expect(changed).toEqual([]);
	store.close();
});
