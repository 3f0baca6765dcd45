/**
 * Fuzz, bytes (batch.fuzz-b.test.ts mutates the document model; two files so vitest runs them
 * in parallel): 2,500 mutated small Markdown reports — cut, duplicated, dropped and shuffled
 * rows, random and overwritten bytes, spliced cells, tables cut short, item rows printed with
 * the previous row's number — through the import's pipeline (parse and all) and a store. A
 * repeated row is never dropped unless word for word the same; a report is stored held exactly
 * when the pipeline gave it holds. Only stored reports (with flags) or DocumentLoadErrors, each input within the
 * time bound. FUZZ_RUNS overrides the count.
 */
import { expect, it } from "vitest";
import { runFuzz } from "./batch-fuzz.ts";
import { onPostgres } from "./engine.ts";

// On PostgreSQL every stored report is a few hundred round trips: the run takes longer there.
const FUZZ_TIMEOUT_MS = onPostgres ? 600_000 : 120_000;

it(
	"should store or refuse with a named error each of 2,500 mutated Markdown files, never crash or hang",
	() => {
		const runs = Number(process.env.FUZZ_RUNS ?? 2_500);
		const totals = runFuzz(runs, 20261127);
		expect(totals.inputs).toBe(runs);
		expect(totals.stored + totals.loadErrors).toBe(runs);
		// Both outcomes are exercised, or the mutations are too gentle or too harsh.
		expect(totals.stored).toBeGreaterThan(runs / 10);
		expect(totals.loadErrors).toBeGreaterThan(runs / 20);
		// Truncated tables and unresolved repeated numbers are exercised (and held).
		expect(totals.holds.get("table-cut") ?? 0).toBeGreaterThan(runs / 20);
		expect(totals.holds.get("item-identity") ?? 0).toBeGreaterThan(runs / 100);
		console.log(
			`fuzz A: ${totals.inputs} inputs, ${totals.stored} stored (${totals.flags} flags), ${totals.loadErrors} named errors, ${totals.held} held (${[...totals.holds].map(([k, n]) => `${n}× ${k}`).join(", ")}), slowest ${totals.slowestMs.toFixed(0)} ms; reasons: ${[...totals.reasons].map(([r, n]) => `${n}× ${r}`).join("; ")}`,
		);
	},
	FUZZ_TIMEOUT_MS,
);
