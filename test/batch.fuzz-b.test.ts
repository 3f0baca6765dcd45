/**
 * Fuzz, document model (batch.fuzz-a.test.ts mutates bytes): 7,500 parsed small reports with
 * rows dropped, duplicated and shuffled, cells dropped, texts cut or replaced, blocks (pages)
 * dropped or repeated — through documentToRecord, the storability check and (every tenth) a
 * store. Only records or DocumentLoadErrors, each within the time bound; repeated rows never
 * dropped unless word for word the same, stored reports held exactly when they have holds. FUZZ_RUNS overrides.
 */
import { expect, it } from "vitest";
import { runModelFuzz } from "./batch-fuzz.ts";
import { onPostgres } from "./engine.ts";

// On PostgreSQL every stored report is a few hundred round trips: the run takes longer there.
const FUZZ_TIMEOUT_MS = onPostgres ? 600_000 : 120_000;

it(
	"should turn each of 7,500 mutated documents into a record or a named error, never crash or hang",
	() => {
		const runs = Number(process.env.FUZZ_RUNS ?? 7_500);
		const totals = runModelFuzz(runs, 7_340_001);
		expect(totals.inputs).toBe(runs);
		expect(totals.stored + totals.loadErrors).toBe(runs);
		expect(totals.stored).toBeGreaterThan(runs / 10);
		console.log(
			`fuzz B: ${totals.inputs} documents, ${totals.stored} records (${totals.flags} flags), ${totals.loadErrors} named errors, ${totals.held} held (${[...totals.holds].map(([k, n]) => `${n}× ${k}`).join(", ")}), slowest ${totals.slowestMs.toFixed(0)} ms; reasons: ${[...totals.reasons].map(([r, n]) => `${n}× ${r}`).join("; ")}`,
		);
	},
	FUZZ_TIMEOUT_MS,
);
