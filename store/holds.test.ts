/**
 * Held reports in the store: a report cut short inside its table is stored whole, held out of
 * compare, history, search and the default export; accepting it is recorded (append-only) and
 * survives a re-import whose evidence is unchanged; other evidence holds the report again.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { dropLastRows } from "../test/truncate.ts";
import { databaseOf } from "./connection.ts";
import { openStore, reviewStore } from "./index.ts";
import { openIndicators } from "./indicators.ts";
import { SEED_INPUT } from "./testing.ts";

const SEED = readFileSync(SEED_INPUT, "utf8");

/** The seed without its last `rows` item rows and all that follows; `edit` changes it further. */
function cutSeed(rows: number, edit = (text: string) => text) {
	return ingestMarkdown(edit(dropLastRows(SEED, rows)), {
		file: `cut-${rows}.md`,
	});
}

it("should store a cut report whole but hold it out of compare, history, search and export", () => {
	const result = cutSeed(21);
	expect(result.record.measures).toHaveLength(23);
	expect(result.holds.map((h) => h.kind)).toEqual(["table-cut"]);
	const store = openStore(":memory:");
	const { reportId } = store.importResult(result);
	expect(store.counts().measures).toBe(23);
	expect(store.listReports()[0]).toMatchObject({
		held: true,
		holds: 1,
		measures: 23,
	});
	// The hold is one error flag, the first of the review queue.
	const queue = reviewStore(store).queue({ reportId });
	expect(queue[0]).toMatchObject({ kind: "table-cut", severity: "error" });
	expect(
		store.listFlags({ reportId }).filter((f) => f.kind === "table-cut"),
	).toHaveLength(1);
	expect(store.exportRecords()).toEqual([]);
	expect(store.exportRecords(undefined, { includeHeld: true })).toHaveLength(1);
	expect(store.exportRecords(reportId)[0]?.measures).toHaveLength(23);
	expect(store.search("хөрөнгө")).toEqual([]);
	expect(store.search("хөрөнгө", { reportId }).length).toBeGreaterThan(0);
	const indicators = openIndicators(store);
	indicators.refreshKeys();
	expect(indicators.proposeLinks().reports).toBe(0);
	expect(indicators.compare({ year: 2024 })).toEqual([]);
	const indicator = result.record.measures[0]?.indicator ?? "";
	expect(indicators.history(indicator).rows).toEqual([]);
	expect(indicators.search("хөрөнгө")).toEqual([]);
	indicators.close();
	store.close();
});

it("should record who accepted a hold, when and why, append-only, and count the report again", () => {
	const store = openStore(":memory:", { now: () => "2026-01-02T03:04:05Z" });
	const result = cutSeed(21);
	const { reportId } = store.importResult(result);
	const [flag] = store.listFlags({ reportId });
	expect(() => store.setFlagStatus(flag?.id ?? 0, "rejected")).toThrow(
		/accept the report/,
	);
	expect(() => store.acceptHolds(reportId, { who: " ", reason: "x" })).toThrow(
		/who/,
	);
	expect(() => store.acceptHolds(reportId, { who: "a", reason: "" })).toThrow(
		/reason/,
	);
	const accepted = store.acceptHolds(reportId, {
		who: "Б.Сараа",
		reason: "the department reported only the first 23 items this year",
	});
	expect(accepted).toMatchObject([
		{
			kind: "table-cut",
			state: "accepted",
			acceptedBy: "Б.Сараа",
			acceptedAt: "2026-01-02T03:04:05Z",
		},
	]);
	expect(() =>
		store.acceptHolds(reportId, { who: "a", reason: "again" }),
	).toThrow(/is not held/);
	expect(store.listReports()[0]?.held).toBe(false);
	expect(store.listFlags({ reportId })[0]?.status).toBe("accepted");
	expect(store.exportRecords()).toHaveLength(1);
	const indicators = openIndicators(store);
	expect(indicators.compare({ year: 2024 })[0]?.items).toBe(23);
	indicators.refreshKeys();
	const indicator = result.record.measures[0]?.indicator ?? "";
	expect(indicators.history(indicator).rows.map((r) => r.item)).toContain(
		"1.1",
	);
	indicators.close();
	store.close();
});

it("should keep an acceptance through a re-import with the same evidence, and hold again on other evidence", () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(cutSeed(21));
	store.acceptHolds(reportId, { who: "Б.Сараа", reason: "as sent" });
	// A new version cut at the same row (one word changed earlier): still accepted.
	const same = cutSeed(21, (t) =>
		t.replace("Төсөл хөтөлбөрүүдийг", "Төслүүдийг"),
	);
	const again = store.importResult(same);
	expect(again).toMatchObject({ status: "imported", reportId });
	expect(again.replaced).toBeDefined();
	expect(store.listHolds(reportId)).toMatchObject([
		{ kind: "table-cut", state: "accepted", acceptedBy: "Б.Сараа" },
	]);
	expect(store.listReports()[0]?.held).toBe(false);
	// Cut elsewhere: other evidence, held again; the acceptance stays on record.
	store.importResult(cutSeed(30));
	expect(store.listHolds(reportId)).toMatchObject([
		{ kind: "table-cut", state: "held" },
	]);
	expect(store.listReports()[0]).toMatchObject({ held: true, measures: 14 });
	expect(store.listFlags({ reportId })[0]).toMatchObject({
		kind: "table-cut",
		status: "open",
	});
	// The whole report names its organization (on its evaluation sheet), which the cut
	// versions lost: another report, not held; the cut one stays held for a person to see.
	const whole = store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	expect(whole.reportId).not.toBe(reportId);
	expect(store.listHolds(whole.reportId)).toEqual([]);
	expect(store.listReports().map((r) => [r.measures, r.held])).toEqual([
		[14, true],
		[44, false],
	]);
	// Earlier versions keep their holds in their snapshots.
	const snapshots = databaseOf(store)
		.prepare<[], { snapshot_json: string }>(
			"SELECT snapshot_json FROM report_versions ORDER BY version",
		)
		.all()
		.map((r) => JSON.parse(r.snapshot_json) as { holds: { kind: string }[] });
	expect(snapshots.map((s) => s.holds.map((h) => h.kind))).toEqual([
		["table-cut"],
		["table-cut"],
	]);
	store.close();
});

it("should refuse to change or delete an acceptance", () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(cutSeed(21));
	store.acceptHolds(reportId, { who: "a", reason: "b" });
	const db = databaseOf(store);
	expect(() =>
		db.prepare("UPDATE hold_acceptances SET who = 'x'").run(),
	).toThrow(/append-only/);
	expect(() => db.prepare("DELETE FROM hold_acceptances").run()).toThrow(
		/append-only/,
	);
	store.close();
});

it("should accept a hold through the review store's flag decision only with who and why", () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(cutSeed(21));
	const review = reviewStore(store);
	const flagId = store.listHolds(reportId)[0]?.flagId ?? 0;
	expect(() => review.setFlagStatus(flagId, "accepted")).toThrow(
		/accept the report with who and why/,
	);
	review.transaction(() =>
		review.setFlagStatus(flagId, "accepted", {
			who: "Б.Сараа",
			reason: "sheet row 3",
		}),
	);
	expect(store.listHolds(reportId)[0]).toMatchObject({
		state: "accepted",
		acceptedBy: "Б.Сараа",
		reason: "sheet row 3",
	});
	expect(() => review.setFlagStatus(flagId, "open")).toThrow(/accepted/);
	store.close();
});
