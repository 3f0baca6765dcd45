import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { openStore } from "../store/index.ts";
import { ingestMarkdown } from "./ingest.ts";
import type { Measure } from "./records.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const plain = (measures: Measure[]) =>
	measures.map(({ provenance: _p, ...m }) => m);

/** The seed with the table row of `item` given again right after it (edited by `edit`). */
function withRepeat(item: string, edit = (row: string) => row): string {
	const lines = SEED.split("\n");
	const i = lines.findIndex((l) =>
		new RegExp(`^\\|\\s*${item.replace(".", "\\.")}\\s*\\|`).test(l),
	);
	if (i < 0) throw new Error(`no row for ${item}`);
	lines.splice(i + 1, 0, edit(lines[i] as string));
	return lines.join("\n");
}

it("should drop a row repeated word for word, with a decision and a warning, and store the report", () => {
	const original = ingestMarkdown(SEED, { file: "a.md" });
	const result = ingestMarkdown(withRepeat("2.1"), { file: "b.md" });
	expect(plain(result.record.measures)).toEqual(
		plain(original.record.measures),
	);
	const flags = result.flags.filter((f) => f.kind === "repeated-item");
	expect(flags.map((f) => [f.item, f.severity])).toEqual([["2.1", "warning"]]);
	expect(
		result.decisions.filter((d) => d.kind === "drop-row" && d.item === "2.1"),
	).toHaveLength(1);
	const store = openStore(":memory:");
	expect(store.importResult(result).status).toBe("imported");
	store.close();
});

it("should keep the first of two different rows with one number and hold the other in the flag", () => {
	const result = ingestMarkdown(
		withRepeat("3.2", (row) =>
			row.replace(/^\|\s*3\.2\s*\|[^|]*/, "| 3.2 | Өөр ажил"),
		),
		{ file: "c.md" },
	);
	const items = result.record.measures.map((m) => m.item);
	expect(new Set(items).size).toBe(items.length);
	const flag = result.flags.find((f) => f.kind === "repeated-item");
	expect(flag).toMatchObject({ item: "3.2", severity: "error" });
	const dropped = flag?.evidence.dropped as Measure;
	expect(dropped.activity).toContain("Өөр ажил");
	expect(
		result.record.measures.find((m) => m.item === "3.2")?.activity,
	).not.toContain("Өөр ажил");
	const store = openStore(":memory:");
	expect(store.importResult(result).status).toBe("imported");
	expect(
		store.listFlags({ reportId: 1 }).filter((f) => f.kind === "repeated-item"),
	).toHaveLength(1);
	store.close();
});
