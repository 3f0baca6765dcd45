/**
 * npx tsx scripts/corpus-docx.ts [--corpus DIR] [--verbose]: scores the DOCX parser on the peers'
 * DOCX cases of ../shared/corpora/MANIFEST.json (docling, mammoth.js), as its README says:
 * take table `tableIndex` (0-based, document order) of the parsed document, normalise every cell
 * (whitespace runs → one space, trimmed), then report row count, column count (longest row) and
 * cell-exact separately; a case passes only when all three are exact. Cell accuracy is matching
 * cells / expected cells, short rows padded with "". Nothing of the corpus is copied into the
 * repository: it is read at run time.
 *
 * Tables are the document model's table fragments. The cases run twice: as tailan imports reports
 * (a table nested in a cell is text of that cell, so the later tables of a file with nested
 * tables are numbered differently from docling's), and with the parser's `nestedTables:
 * "fragments"` option, which numbers nested tables as tables of their own as docling does.
 * No case is special-cased.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type DocxOptions, docxToDocument } from "../parsers/docx/index.ts";
import { cellText, type TableFragment } from "../pipeline/document.ts";

/** The default corpus folder: ../shared/corpora beside the repository. */
export const DEFAULT_CORPUS = resolve(
	dirname(fileURLToPath(import.meta.url)),
	"../../shared/corpora",
);

interface ManifestCase {
	id: string;
	peer: string;
	file: string;
	mode: string;
	tableIndex: number;
	expected: string;
	peerAssertion?: string;
	peerTableCount?: number;
}

/** The score of one case. */
export interface CaseScore {
	id: string;
	peer: string;
	rowsOk: boolean;
	colsOk: boolean;
	cellsOk: boolean;
	/** matching cells / expected cells */
	cellAccuracy: number;
	shapeOnly: boolean;
	pass: boolean;
	tablesFound: number;
	peerTableCount?: number;
	detail: string;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** Score one extracted grid against the expected one (README "Scoring a case"). */
export function scoreGrid(
	got: string[][] | undefined,
	expected: string[][],
): Pick<CaseScore, "rowsOk" | "colsOk" | "cellsOk" | "cellAccuracy"> & {
	firstDiff: string;
} {
	const g = (got ?? []).map((r) => r.map(norm));
	const e = expected.map((r) => r.map(norm));
	const width = (t: string[][]) => Math.max(0, ...t.map((r) => r.length));
	let match = 0;
	let total = 0;
	let firstDiff = "";
	e.forEach((row, r) => {
		const w = width(e);
		for (let c = 0; c < w; c++) {
			total++;
			const want = row[c] ?? "";
			const have = g[r]?.[c] ?? "";
			if (want === have) match++;
			else if (!firstDiff)
				firstDiff = `[${r},${c}] expected ${JSON.stringify(want.slice(0, 60))}, got ${JSON.stringify(have.slice(0, 60))}`;
		}
	});
	const rowsOk = g.length === e.length;
	const colsOk = width(g) === width(e);
	return {
		rowsOk,
		colsOk,
		cellsOk: rowsOk && colsOk && match === total,
		cellAccuracy: total === 0 ? 1 : match / total,
		firstDiff,
	};
}

/** Run every DOCX case of the manifest; throws an Error naming the folder when it is missing. */
export async function runDocxCorpus(
	corpus: string = DEFAULT_CORPUS,
	options: Pick<DocxOptions, "nestedTables"> = {},
): Promise<CaseScore[]> {
	const manifestPath = join(corpus, "MANIFEST.json");
	if (!existsSync(manifestPath))
		throw new Error(
			`the peer corpus is missing: ${manifestPath} not found — pass --corpus DIR (the folder of shared/corpora)`,
		);
	const cases = (
		JSON.parse(readFileSync(manifestPath, "utf8")) as ManifestCase[]
	).filter((c) => c.mode === "docx");
	const scores: CaseScore[] = [];
	const documents = new Map<string, Promise<TableFragment[]>>();
	for (const c of cases) {
		const expected = JSON.parse(
			readFileSync(join(corpus, c.expected), "utf8"),
		) as string[][];
		let tables: TableFragment[] = [];
		let error = "";
		try {
			let parsed = documents.get(c.file);
			if (!parsed) {
				const bytes = readFileSync(join(corpus, c.file));
				parsed = docxToDocument(bytes, {
					file: c.file,
					sha256: "",
					...options,
				}).then((doc) =>
					doc.pages.flatMap((p) =>
						p.blocks.filter((b): b is TableFragment => b.kind === "table"),
					),
				);
				documents.set(c.file, parsed);
			}
			tables = await parsed;
		} catch (e) {
			error = e instanceof Error ? e.message : String(e);
		}
		const table = tables[c.tableIndex];
		const grid = table?.rows.map((r) => r.cells.map((cell) => cellText(cell)));
		const s = scoreGrid(grid, expected);
		const shapeOnly = c.peerAssertion === "shape-only";
		const pass = shapeOnly ? s.rowsOk && s.colsOk : s.cellsOk;
		const got = grid
			? `${grid.length}×${Math.max(0, ...grid.map((r) => r.length))}`
			: "none";
		const want = `${expected.length}×${Math.max(0, ...expected.map((r) => r.length))}`;
		scores.push({
			id: c.id,
			peer: c.peer,
			rowsOk: s.rowsOk,
			colsOk: s.colsOk,
			cellsOk: s.cellsOk,
			cellAccuracy: s.cellAccuracy,
			shapeOnly,
			pass,
			tablesFound: tables.length,
			peerTableCount: c.peerTableCount,
			detail: error
				? `error: ${error}`
				: `${got} (expected ${want})${s.firstDiff ? `; first difference ${s.firstDiff}` : ""}`,
		});
	}
	return scores;
}

const mark = (ok: boolean) => (ok ? "ok" : "NO");
const pct = (n: number, d: number) =>
	d === 0 ? "–" : `${((100 * n) / d).toFixed(0)}%`;

/** Per-case lines and totals by peer, as printed by `npm run corpus`. */
export function formatDocxScores(
	scores: CaseScore[],
	options: { verbose?: boolean; title?: string; mode?: string } = {},
): string {
	const verbose = options.verbose ?? false;
	const lines = [options.title ?? "DOCX cases", ""];
	const idWidth = Math.max(...scores.map((s) => s.id.length), 4);
	lines.push(
		`${"case".padEnd(idWidth)}  rows  cols  cells  cell-acc  tables  result`,
	);
	for (const s of scores) {
		const tables =
			s.peerTableCount === undefined
				? String(s.tablesFound)
				: `${s.tablesFound}/${s.peerTableCount}`;
		lines.push(
			`${s.id.padEnd(idWidth)}  ${mark(s.rowsOk).padEnd(4)}  ${mark(s.colsOk).padEnd(4)}  ${mark(s.cellsOk).padEnd(5)}  ${(100 * s.cellAccuracy).toFixed(1).padStart(7)}%  ${tables.padStart(6)}  ${s.pass ? "pass" : "FAIL"}${s.pass && !verbose ? "" : `  ${s.detail}`}`,
		);
	}
	lines.push("");
	const peers = [...new Set(scores.map((s) => s.peer))];
	for (const peer of [...peers, "all"]) {
		const group =
			peer === "all" ? scores : scores.filter((s) => s.peer === peer);
		const n = group.length;
		const count = (f: (s: CaseScore) => boolean) => group.filter(f).length;
		const acc = group.reduce((a, s) => a + s.cellAccuracy, 0) / (n || 1);
		lines.push(
			`${`total ${peer} (docx${options.mode ? `, ${options.mode}` : ""})`.padEnd(idWidth)}  rows ${count((s) => s.rowsOk)}/${n}, cols ${count((s) => s.colsOk)}/${n}, cell-exact ${count((s) => s.cellsOk)}/${n} (${pct(
				count((s) => s.cellsOk),
				n,
			)}), mean cell accuracy ${(100 * acc).toFixed(1)}%`,
		);
	}
	return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			corpus: { type: "string", default: DEFAULT_CORPUS },
			verbose: { type: "boolean", default: false },
		},
	});
	try {
		for (const nestedTables of ["cell-text", "fragments"] as const) {
			const scores = await runDocxCorpus(values.corpus, { nestedTables });
			process.stdout.write(
				formatDocxScores(scores, {
					verbose: values.verbose,
					title:
						nestedTables === "cell-text"
							? 'DOCX cases, as tailan imports reports (nestedTables: "cell-text": a nested table is text of its cell)'
							: 'DOCX cases, nested tables numbered as docling does (nestedTables: "fragments")',
					mode: nestedTables,
				}),
			);
			process.stdout.write("\n");
		}
	} catch (e) {
		process.stderr.write(
			`error: ${e instanceof Error ? e.message : String(e)}\n`,
		);
		process.exitCode = 1;
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
