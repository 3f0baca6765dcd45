/**
 * npm run bench (or tsx scripts/bench-review.ts [--flags N] [--runs N]): the review queue page
 * with N open flags (default 5,000) on the sample report, rendered in-process (hono
 * app.request, no network): median server time, against the 300 ms budget of issue 5.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Flag } from "../pipeline/records.ts";
import { createReviewApp } from "../review/app.ts";
import { openStore } from "../store/index.ts";
import { seedIngestResult } from "../store/testing.ts";

export const QUEUE_BUDGET_MS = 300;

const KINDS = [
	"narrative-moved",
	"narrative-uncertain",
	"mixed-script",
	"level-not-on-scale",
	"ambiguous-number",
];
const SEVERITIES = ["info", "warning", "error"] as const;

/** Median milliseconds to render the queue page with `flags` open flags. */
export async function benchQueue(
	flags = 5_000,
	runs = 15,
): Promise<{ medianMs: number; bytes: number; rows: number }> {
	const result = seedIngestResult();
	const items = result.record.measures.map((m) => m.item);
	const many: Flag[] = Array.from({ length: flags }, (_, i) => ({
		kind: KINDS[i % KINDS.length] as string,
		severity: SEVERITIES[i % 3] as Flag["severity"],
		item: items[i % items.length] ?? null,
		field: "achievement",
		message: `Synthetic flag ${i}: "Аймгийн Засаг даргын Тамгын газрын <b>${i}</b> …"`,
		evidence: { i },
		prov: null,
	}));
	const store = openStore(":memory:");
	try {
		store.importResult({ ...result, flags: many });
		const app = createReviewApp({ store, csrfToken: "bench" });
		const once = async () => {
			const start = performance.now();
			const res = await app.request("/");
			const body = await res.text();
			return { ms: performance.now() - start, body };
		};
		const warm = await once();
		const samples: number[] = [];
		for (let i = 0; i < runs; i++) samples.push((await once()).ms);
		samples.sort((a, b) => a - b);
		return {
			medianMs: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
			bytes: Buffer.byteLength(warm.body),
			rows: warm.body.match(/<tr class="flag /g)?.length ?? 0,
		};
	} finally {
		store.close();
	}
}

/** One line for the bench output. */
export async function benchQueueLine(): Promise<string> {
	const r = await benchQueue();
	return `review   ${r.medianMs.toFixed(1)} ms  (queue page with ${r.rows} open flags, ${(r.bytes / 1024).toFixed(0)} KiB; budget ${QUEUE_BUDGET_MS} ms: ${r.medianMs <= QUEUE_BUDGET_MS ? "ok" : "OVER"})`;
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	const { values } = parseArgs({
		options: {
			flags: { type: "string", default: "5000" },
			runs: { type: "string", default: "15" },
		},
	});
	const r = await benchQueue(Number(values.flags), Number(values.runs));
	process.stdout.write(
		`queue page, ${r.rows} open flags: median ${r.medianMs.toFixed(1)} ms, ${(r.bytes / 1024).toFixed(0)} KiB (budget ${QUEUE_BUDGET_MS} ms)\n`,
	);
	process.exitCode = r.medianMs <= QUEUE_BUDGET_MS ? 0 : 1;
}
