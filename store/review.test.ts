import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore, reviewStore } from "./index.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const XSS = readFileSync(
	new URL("../fixtures/markdown/xss/input.md", import.meta.url),
	"utf8",
);

function seeded() {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return { store, review: reviewStore(store) };
}

it("should keep the source text of a Markdown document for highlighting", () => {
	const { store, review } = seeded();
	const detail = review.item(1, "6.5");
	const piece = detail?.pieces.find((p) => p.field === "budget");
	expect(review.sourceText(1)?.slice(piece?.start, piece?.end)).toBe(
		"1.276.0 Байгууллагын төсөв",
	);
	store.close();
});

it("should order the queue by report, severity, then position", () => {
	const { store, review } = seeded();
	store.importResult(ingestMarkdown(XSS, { file: "xss.md" }));
	const rows = review.queue();
	const rank = { error: 0, warning: 1, info: 2 };
	for (let i = 1; i < rows.length; i++) {
		const a = rows[i - 1];
		const b = rows[i];
		if (!a || !b || a.reportId !== b.reportId) continue;
		expect(rank[a.severity] * 1e6 + (a.ord ?? -1)).toBeLessThanOrEqual(
			rank[b.severity] * 1e6 + (b.ord ?? -1),
		);
	}
	expect(review.queueCounts().total).toBe(rows.length);
	store.close();
});

it("should re-apply corrections and flag decisions to a new version, flagging what changed", () => {
	const { store, review } = seeded();
	review.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.amountMnt",
		newValue: 1276000,
		reason: "x",
		who: "a",
	});
	review.correct({
		reportId: 1,
		item: "4.6",
		field: "performancePct",
		newValue: 90,
		reason: "y",
		who: "b",
	});
	const accepted = store
		.listFlags({ status: "open" })
		.find((f) => f.kind === "mixed-script");
	review.setFlagStatus(accepted?.id ?? 0, "accepted");
	const v2 = SEED.replace(
		"1.276.0 Байгууллагын",
		"1,276.0 Байгууллагын",
	).replace(/\| 6\.5 \|/, "| 6.5 |");
	const outcome = store.importResult(
		ingestMarkdown(v2, { file: "input-v2.md" }),
	);
	expect(outcome).toMatchObject({
		status: "imported",
		reportId: 1,
		replaced: { reapplied: 2, changed: 1, orphaned: 0 },
	});
	expect(store.listReports()).toHaveLength(1);
	const measures = store.exportRecords(1)[0]?.measures ?? [];
	expect(measures.find((m) => m.item === "6.5")?.budget.amountMnt).toBe(
		1276000,
	);
	expect(measures.find((m) => m.item === "4.6")?.performancePct).toBe(90);
	const open = store.listFlags({ status: "open" });
	expect(
		open
			.filter((f) => f.kind === "correction-base-changed")
			.map((f) => [f.item, f.field]),
	).toEqual([["6.5", "budget.amountMnt"]]);
	expect(open.filter((f) => f.kind.startsWith("summary-")).length).toBe(3);
	expect(store.listFlags({ status: "accepted" }).map((f) => f.message)).toEqual(
		[accepted?.message],
	);
	expect(review.reimports(1)).toMatchObject([
		{ oldDocumentId: 1, newDocumentId: 2, reapplied: 2, changed: 1 },
	]);
	// The first version is kept whole, never overwritten: its 6.5 budget as first extracted.
	const versions = review.versions(1);
	expect(versions.map((v) => [v.version, v.documentId, v.current])).toEqual([
		[1, 1, false],
		[2, 2, true],
	]);
	const kept = versions[0]?.snapshot as {
		measures: { item: string; budget_raw: string }[];
		flags: unknown[];
	};
	expect(kept.measures).toHaveLength(44);
	expect(kept.measures.find((m) => m.item === "6.5")?.budget_raw).toBe(
		"1.276.0 Байгууллагын төсөв",
	);
	expect(kept.flags.length).toBeGreaterThan(0);
	// The same bytes again: a duplicate, nothing changes.
	expect(
		store.importResult(ingestMarkdown(v2, { file: "again.md" })).status,
	).toBe("duplicate");
	// The old version again: its bytes are stored (kept as version 1), so it is a duplicate too —
	// a re-run of a folder holding both versions must not make the old one current again.
	const back = store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	expect(back).toMatchObject({
		status: "duplicate",
		reportId: 1,
		documentId: 1,
	});
	expect(review.versions(1).map((v) => [v.version, v.current])).toEqual([
		[1, false],
		[2, true],
	]);
	expect(
		store.exportRecords(1)[0]?.measures.find((m) => m.item === "6.5")?.budget
			.amountMnt,
	).toBe(1276000);
	store.close();
});

it("should raise no correction-base-changed flag when the new version reads what the correction says", () => {
	const { store, review } = seeded();
	// 6.5's "1.276.0" is ambiguous; the clerk writes 1276; the new version prints "1,276.0",
	// read as 1276: the new extraction differs from the old one but equals the correction.
	review.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.amountMnt",
		newValue: 1276,
		reason: "thousands per the finance office",
		who: "a",
	});
	const v2 = SEED.replace("1.276.0 Байгууллагын", "1,276.0 Байгууллагын");
	const outcome = store.importResult(
		ingestMarkdown(v2, { file: "input-v2.md" }),
	);
	expect(outcome).toMatchObject({
		replaced: { reapplied: 1, changed: 0, orphaned: 0 },
	});
	expect(
		store.listFlags().filter((f) => f.kind === "correction-base-changed"),
	).toEqual([]);
	expect(
		store.exportRecords(1)[0]?.measures.find((m) => m.item === "6.5")?.budget
			.amountMnt,
	).toBe(1276);
	// A correction the new version does not read (1276000 vs 1276) is still flagged.
	const { store: other, review: otherReview } = seeded();
	otherReview.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.amountMnt",
		newValue: 1276000,
		reason: "x",
		who: "a",
	});
	other.importResult(ingestMarkdown(v2, { file: "input-v2.md" }));
	expect(
		other
			.listFlags({ status: "open" })
			.filter((f) => f.kind === "correction-base-changed")
			.map((f) => f.item),
	).toEqual(["6.5"]);
	store.close();
	other.close();
});

it("should flag a correction whose item the new version lacks", () => {
	const { store, review } = seeded();
	review.correct({
		reportId: 1,
		item: "6.5",
		field: "achievement",
		newValue: "x",
		reason: "",
		who: "a",
	});
	const v2 = SEED.replace(/\n\| 6\.5 \|[^\n]*/, "");
	const outcome = store.importResult(ingestMarkdown(v2, { file: "v2.md" }));
	expect(outcome.replaced?.orphaned).toBe(1);
	expect(
		store
			.listFlags({ status: "open" })
			.some((f) => f.kind === "correction-orphaned" && f.item === "6.5"),
	).toBe(true);
	store.close();
});

it("should reopen the flags a correction closed when an undo restores the extracted value", () => {
	const { store, review } = seeded();
	const flagsOf = (item: string) =>
		store
			.listFlags({ reportId: 1 })
			.filter((f) => f.item === item && f.kind !== "narrative-moved")
			.map((f) => [f.kind, f.field, f.status]);
	const before = flagsOf("6.5");
	expect(before.length).toBeGreaterThan(0);
	expect(before.every(([, , status]) => status === "open")).toBe(true);
	const amount = review.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.amountMnt",
		newValue: 1276000,
		reason: "x",
		who: "a",
	});
	const source = review.correct({
		reportId: 1,
		item: "6.5",
		field: "budget.source",
		newValue: "Орон нутгийн төсөв",
		reason: "x",
		who: "a",
	});
	const budgetFlags = () =>
		flagsOf("6.5").filter(([, field]) => String(field).startsWith("budget"));
	expect(budgetFlags().length).toBeGreaterThan(0);
	expect(budgetFlags().every(([, , status]) => status === "corrected")).toBe(
		true,
	);
	// One of two budget corrections undone: the budget is still corrected, its flags stay closed.
	review.undo(amount.id, "a");
	expect(review.item(1, "6.5")?.effective.budget.amountMnt).toBe(
		review.item(1, "6.5")?.extracted.budget.amountMnt,
	);
	const stillClosed = budgetFlags().filter(([, field]) => field === "budget");
	expect(stillClosed.every(([, , status]) => status === "corrected")).toBe(
		true,
	);
	// Both undone: the budget is as extracted again, and so are its flags.
	review.undo(source.id, "a");
	expect(flagsOf("6.5")).toEqual(before);
	store.close();
});
