/**
 * npm run bench [-- --runs N]: the median time of an end-to-end import of the sample report
 * (ingest + store.importResult into a fresh ":memory:" store), next to the median time of the
 * Markdown parse alone (remark + GFM), which is the floor any Markdown import pays.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { ingest } from "../pipeline/ingest.ts";
import { openStore } from "../store/index.ts";

const SEED = fileURLToPath(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
);

const { values } = parseArgs({
	options: {
		runs: { type: "string", default: "20" },
		file: { type: "string", default: SEED },
	},
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
	process.stderr.write(
		`error: --runs must be a positive integer, got "${values.runs}" — e.g. npm run bench -- --runs 50\n`,
	);
	process.exit(2);
}
const file = values.file;
const text = readFileSync(file, "utf8");

function median(samples: number[]): number {
	const sorted = [...samples].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? (sorted[mid] ?? 0)
		: ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function importOnce(): Promise<number> {
	// Opening the store (and running the migrations) is setup, not import: outside the timing.
	const store = openStore(":memory:");
	try {
		const start = performance.now();
		const result = await ingest(file);
		const outcome = store.importResult(result);
		const elapsed = performance.now() - start;
		if (outcome.status !== "imported")
			throw new Error(`expected a fresh import, got ${outcome.status}`);
		return elapsed;
	} finally {
		store.close();
	}
}

function parseOnce(): number {
	const start = performance.now();
	unified().use(remarkParse).use(remarkGfm).parse(text);
	return performance.now() - start;
}

// One warm-up of each, so module loading and JIT compilation do not count.
await importOnce();
parseOnce();

const imports: number[] = [];
const parses: number[] = [];
for (let i = 0; i < runs; i++) {
	imports.push(await importOnce());
	parses.push(parseOnce());
}

const importMs = median(imports);
const parseMs = median(parses);
const kib = (Buffer.byteLength(text) / 1024).toFixed(0);
process.stdout.write(
	[
		`file     ${relative(process.cwd(), file) || file} (${kib} KiB), ${runs} runs, medians`,
		`import   ${importMs.toFixed(2)} ms  (ingest + store.importResult into a fresh :memory: store)`,
		`parse    ${parseMs.toFixed(2)} ms  (remark-parse + remark-gfm alone: the floor)`,
		`ratio    ${(importMs / parseMs).toFixed(1)}× the parse`,
		"",
	].join("\n"),
);
