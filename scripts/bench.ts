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
/** The per-page Word rendition of the seed (scripts/make-docx-fixtures.ts). */
const DOCX = fileURLToPath(
	new URL("../fixtures/docx/per-page/input.docx", import.meta.url),
);

const { values } = parseArgs({
	options: {
		runs: { type: "string", default: "20" },
		file: { type: "string", default: SEED },
		// Reports in the batch benchmark (scripts/bench-batch.ts); 0 skips it.
		batch: { type: "string", default: "1000" },
		// Pages of the scanned-import benchmark (scripts/bench-scan.ts): default the whole gold
		// report (17); fewer for a quicker run, 0 skips it. --scan is kept as "all 17".
		"scan-pages": { type: "string", default: "17" },
		scan: { type: "boolean", default: false },
		// The bad-input suite's peak RSS (scripts/bench-bad-inputs.ts); 0 skips it.
		bad: { type: "string", default: "1" },
		// Size in MB of the corrections sheet of the memory benchmark (scripts/bench-sheets.ts); 0 skips it.
		"sheet-mb": { type: "string", default: "170" },
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

async function importOnce(path: string = file): Promise<number> {
	// Opening the store (and running the migrations) is setup, not import: outside the timing.
	const store = openStore(":memory:");
	try {
		const start = performance.now();
		const result = await ingest(path);
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

// DOCX: the same end-to-end import of the seed's per-page Word rendition (zip check, mammoth,
// hast → model, then the same pipeline and store).
await importOnce(DOCX);
const docxImports: number[] = [];
for (let i = 0; i < runs; i++) docxImports.push(await importOnce(DOCX));
const docxMs = median(docxImports);
process.stdout.write(
	[
		`docx     ${relative(process.cwd(), DOCX) || DOCX} (${(readFileSync(DOCX).length / 1024).toFixed(0)} KiB), ${runs} runs, median`,
		`import   ${docxMs.toFixed(2)} ms per report  (ingest + store.importResult into a fresh :memory: store)`,
		"",
	].join("\n"),
);

// PDF: the import of the gold report printed to PDF (scripts/make-pdf-fixtures.ts), per page,
// next to `pdftotext -layout` (poppler) on the same file: text out, no tables, the floor.
const PDF = fileURLToPath(
	new URL("../fixtures/pdf/gold/input.pdf", import.meta.url),
);
{
	const { execFileSync, spawnSync } = await import("node:child_process");
	const { pdfToDocument } = await import("../parsers/pdf/index.ts");
	const has = () =>
		spawnSync("pdftotext", ["-v"], { stdio: "ignore" }).error === undefined;
	if (!has()) {
		process.stdout.write(
			"pdftotext missing: apt-get install -y poppler-utils\n",
		);
		spawnSync("apt-get", ["install", "-y", "poppler-utils"], {
			stdio: "ignore",
		});
	}
	const bytes = readFileSync(PDF);
	const pages = (await pdfToDocument(bytes, { file: "input.pdf", sha256: "" }))
		.pages.length;
	await importOnce(PDF);
	// The two alternate run by run, so that a busy machine slows both alike.
	const pdfImports: number[] = [];
	const poppler: number[] = [];
	const withPoppler = has();
	for (let i = 0; i < runs; i++) {
		pdfImports.push(await importOnce(PDF));
		if (!withPoppler) continue;
		const start = performance.now();
		execFileSync("pdftotext", ["-layout", PDF, "-"], { stdio: "ignore" });
		poppler.push(performance.now() - start);
	}
	const pdfMs = median(pdfImports) / pages;
	const lines = [
		`pdf      ${relative(process.cwd(), PDF) || PDF} (${(bytes.length / 1024).toFixed(0)} KiB, ${pages} pages), ${runs} runs, medians`,
		`import   ${pdfMs.toFixed(2)} ms per page  (ingest + store.importResult into a fresh :memory: store)`,
	];
	if (withPoppler) {
		const popplerMs = median(poppler) / pages;
		lines.push(
			`pdftotext ${popplerMs.toFixed(2)} ms per page  (pdftotext -layout, a process per run)`,
			`ratio    ${(pdfMs / popplerMs).toFixed(1)}× pdftotext -layout (target ≤ 4×)`,
		);
	} else lines.push("pdftotext unavailable: no comparison");
	process.stdout.write(`${lines.join("\n")}\n`);
}

// Scans (issue 4): the scanned import against native tesseract on the same pages: scripts/bench-scan.ts.
{
	const pages = values.scan ? 17 : Number(values["scan-pages"]);
	if (pages > 0) {
		const { benchScan } = await import("./bench-scan.ts");
		process.stdout.write(`${(await benchScan({ pages })).join("\n")}\n`);
	}
}

// M&E queries (issue 6) on 200 departments × 10 years (≈ 90k measures): scripts/bench-me.ts.
const { benchMe } = await import("./bench-me.ts");
process.stdout.write(`${(await benchMe()).join("\n")}\n`);

// Review queue (issue 5): the queue page with 5,000 open flags, budget 300 ms: scripts/bench-review.ts.
const { benchQueueLine } = await import("./bench-review.ts");
process.stdout.write(`${await benchQueueLine()}\n`);

// Clerks at once (issue 15): 8 signed-in sessions deciding through `tailan review` over HTTP,
// median and p95 per decision, on SQLite and PostgreSQL (budget 250 ms): scripts/bench-clerks.ts.
{
	const { benchClerks } = await import("./bench-clerks.ts");
	process.stdout.write(`${(await benchClerks()).join("\n")}\n`);
}

// Corrections sheets (issue 13): peak RSS of `corrections import` of a ~170 MB CSV and an XLSX,
// budget 1.5 GiB: scripts/bench-sheets.ts.
if (values["sheet-mb"] !== "0") {
	const { benchSheets } = await import("./bench-sheets.ts");
	const sheets = await benchSheets({ mb: Number(values["sheet-mb"]) });
	process.stdout.write(`${sheets.lines.join("\n")}\n`);
	if (sheets.code !== 0) process.exitCode = sheets.code;
}

// Batch import (issue 7): N generated reports with --jobs 1 and 2: scripts/bench-batch.ts.
if (values.batch !== "0") {
	const { runBatchBench } = await import("./bench-batch.ts");
	const batchCode = runBatchBench({ count: Number(values.batch) });
	if (batchCode !== 0) process.exitCode = batchCode;
}

// Bad input (issue 13): the whole full-scale bad-input suite's peak RSS against 1.5 GiB.
if (values.bad !== "0") {
	const { runBadInputBench } = await import("./bench-bad-inputs.ts");
	process.exitCode = runBadInputBench() || process.exitCode;
}
