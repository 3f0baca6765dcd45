/**
 * npx tsx scripts/corpus-pdf.ts [--corpus DIR] [--verbose]: scores the PDF table extraction
 * (parsers/pdf) on the peers' PDF cases of ../shared/corpora/MANIFEST.json (tabula-java, camelot)
 * as its README says: run on `file` / `pages` with `mode` and `args`, take table `tableIndex`
 * (top to bottom), normalise every cell (whitespace runs → one space, trimmed), then report row
 * count, column count (longest row) and cell-exact separately; a case passes only when all three
 * are exact (shape-only cases: rows and columns). Nothing of the corpus is copied into the
 * repository: it is read at run time.
 *
 * Peer conventions are converted, never special-cased per file: tabula areas are
 * [top, left, bottom, right] from the top-left corner (or percentages of the page); camelot
 * areas and regions are x1,y1,x2,y2 from the bottom-left corner (a region is where to look, an
 * area is the table). Every case of a peer runs with that peer's conventions (extractTables'
 * `conventions`: how it reads text, finds and cuts tables; see docs/pipeline.md) and its
 * defaults: camelot drops lines shorter than the page / line_scale 15 and takes shaded areas for
 * rulings only with process_background; row_tol, edge_tol, flag_size and detect_vertical are
 * passed on. --verbose prints the first differing cells of each failing case; --only S
 * runs the cases whose id contains S. Cases whose expected table
 * depends on a peer-only option (camelot copy_text, shift_text, split_text, line_scale; tabula's
 * table guessing) are left out of the count, each with its reason printed; they are still run
 * (without the option) and the totals are printed with and without them.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Box } from "../parsers/pdf/geometry.ts";
import { extractTables } from "../parsers/pdf/index.ts";
import type { ExtractOptions } from "../parsers/pdf/tables.ts";

export const DEFAULT_CORPUS = resolve(
	dirname(fileURLToPath(import.meta.url)),
	"../../shared/corpora",
);

interface ManifestCase {
	id: string;
	peer: string;
	file: string;
	pages: number[];
	mode: string;
	args?: Record<string, unknown>;
	tableIndex: number;
	expected: string;
	peerAssertion?: string;
	peerTableCount?: number;
}

export interface PdfCaseScore {
	id: string;
	peer: string;
	mode: string;
	rowsOk: boolean;
	colsOk: boolean;
	cellsOk: boolean;
	cellAccuracy: number;
	shapeOnly: boolean;
	pass: boolean;
	note: string;
	/** The first differing cells: [row, col, expected, got]. */
	diffs: [number, number, string, string][];
}

/** Why a case is left out of the count, or undefined. */
export function exclusion(c: ManifestCase): string | undefined {
	const a = c.args ?? {};
	if (a.copyText !== undefined)
		return "camelot copy_text (spanning text copied into every spanned cell)";
	if (a.shiftText !== undefined)
		return "camelot shift_text (where spanning text is placed)";
	if (a.splitText !== undefined)
		return "camelot split_text (text crossing a ruling split between cells)";
	if (a.lineScale !== undefined)
		return "camelot line_scale (length threshold of detected lines)";
	if (a.guess === true)
		return "tabula guessing (automatic table-area detection)";
	return undefined;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** The options of our extractor for a case (peer coordinates converted to page space). */
function optionsFor(
	c: ManifestCase,
	pageHeight: (n: number) => Promise<number>,
): Promise<ExtractOptions> {
	const a = c.args ?? {};
	const mode = c.mode === "lattice" ? "lattice" : "stream";
	return (async () => {
		const o: ExtractOptions = { mode, pages: c.pages };
		if (Array.isArray(a.area)) {
			const [top, left, bottom, right] = a.area as number[];
			o.area = [
				left as number,
				top as number,
				right as number,
				bottom as number,
			];
		} else if (Array.isArray(a.areaPercent)) {
			const [top, left, bottom, right] = (a.areaPercent as number[]).map(
				(v) => v / 100,
			);
			o.areaFraction = [
				left as number,
				top as number,
				right as number,
				bottom as number,
			];
		}
		// camelot boxes: x1,y1,x2,y2 from the bottom-left corner, (x1, y1) the left-top corner.
		const camelotBox = async (b: number[]): Promise<Box> => {
			const h = await pageHeight(c.pages[0] ?? 1);
			const [x1, y1, x2, y2] = b as [number, number, number, number];
			return [x1, h - y1, x2, h - y2];
		};
		const areas = a.tableAreas as number[][] | undefined;
		if (areas?.[0]) o.area = await camelotBox(areas[0]);
		const regions = a.tableRegions as number[][] | undefined;
		if (regions)
			if (mode === "stream")
				o.regions = await Promise.all(regions.map(camelotBox));
			else if (regions[0]) o.area = await camelotBox(regions[0]);
		if (Array.isArray(a.columns)) o.columns = a.columns as number[];
		if (a.useVerticalRulingsAsColumns === true)
			o.verticalRulingsAsColumns = true;
		if (typeof a.password === "string") o.password = a.password;
		if (typeof a.rowTol === "number") o.rowTol = a.rowTol;
		// tabula-java's conventions (lattice: area sides as its rulings, -c columns the page's
		// height, cells listed row by row; stream: word chunks, columns from their extents; NFKC).
		if (c.peer === "tabula-java") o.conventions = "tabula";
		if (c.peer === "camelot") {
			// camelot's own conventions (its defaults, not per-file choices): its lattice drops
			// lines shorter than the page's size / line_scale (15 unless given), and its text
			// layer (pdfminer) gives right-to-left text in drawing order.
			if (mode === "lattice") {
				o.lineScale = typeof a.lineScale === "number" ? a.lineScale : 15;
				// camelot finds lines in the rendered page: a shaded area is background, its
				// edges are lines only with process_background.
				o.shadedEdges = a.processBackground === true;
			}
			o.textOrder = "visual";
			// camelot's conventions: a given area cuts a lattice table at its sides; its stream
			// flavor reads pdfminer text lines and finds tables by text edges.
			o.conventions = "camelot";
			if (mode === "stream") {
				if (typeof a.edgeTol === "number") o.edgeTol = a.edgeTol;
				const layout = a.pdfminerLayout as
					| { detect_vertical?: boolean }
					| undefined;
				if (typeof layout?.detect_vertical === "boolean")
					o.detectVertical = layout.detect_vertical;
				if (a.flagSize === true) o.flagSize = true;
			}
		}
		return o;
	})();
}

/** Cell text as the peer's options leave it (camelot strip_text, flag_size tags). */
function peerText(c: ManifestCase, s: string): string {
	const a = c.args ?? {};
	let t = s;
	if (a.flagSize === true) t = t.replace(/<\/?s>/g, "");
	if (typeof a.stripText === "string") {
		const chars = [...(a.stripText as string)];
		t = [...t].filter((ch) => !chars.includes(ch)).join("");
	}
	return norm(t);
}

export async function scoreCase(
	corpus: string,
	c: ManifestCase,
): Promise<PdfCaseScore> {
	const expected = (
		JSON.parse(readFileSync(join(corpus, c.expected), "utf8")) as string[][]
	).map((r) => r.map((x) => peerText(c, String(x ?? ""))));
	const bytes = new Uint8Array(readFileSync(join(corpus, c.file)));
	const { openPdf } = await import("../parsers/pdf/load.ts");
	const pageHeight = async (n: number) => {
		const pdf = await openPdf(bytes, c.file, {
			password:
				typeof c.args?.password === "string"
					? (c.args.password as string)
					: undefined,
		});
		try {
			return (await pdf.page(n)).height;
		} finally {
			await pdf.close();
		}
	};
	const options = await optionsFor(c, pageHeight);
	let tables: string[][][] = [];
	let note = "";
	try {
		tables = (await extractTables(bytes, options, c.file)).map((t) => t.rows);
	} catch (e) {
		note = `error: ${(e as Error).message}`;
	}
	const got = (tables[c.tableIndex] ?? []).map((r) =>
		r.map((x) => peerText(c, x)),
	);
	// An empty table is no rows (tabula drops a table with nothing in it).
	const ours = got.some((r) => r.some((x) => x !== "")) ? got : [];
	const cols = (t: string[][]) => Math.max(0, ...t.map((r) => r.length));
	const rowsOk = ours.length === expected.length;
	const colsOk = cols(ours) === cols(expected);
	let match = 0;
	let all = 0;
	const diffs: PdfCaseScore["diffs"] = [];
	expected.forEach((row, i) => {
		const width = cols(expected);
		for (let j = 0; j < width; j++) {
			all++;
			const g = ours[i]?.[j] ?? "";
			const e = row[j] ?? "";
			if (g === e) match++;
			else diffs.push([i, j, e, g]);
		}
	});
	const cellsOk = rowsOk && colsOk && match === all;
	const shapeOnly = c.peerAssertion === "shape-only";
	if (
		!note &&
		c.peerTableCount !== undefined &&
		tables.length !== c.peerTableCount
	)
		note = `${tables.length} tables found, peer finds ${c.peerTableCount}`;
	return {
		id: c.id,
		peer: c.peer,
		mode: c.mode,
		rowsOk,
		colsOk,
		cellsOk,
		cellAccuracy: all === 0 ? (ours.length === 0 ? 1 : 0) : match / all,
		shapeOnly,
		pass: shapeOnly ? rowsOk && colsOk : cellsOk,
		diffs,
		note:
			note ||
			`rows ${ours.length}/${expected.length}, cols ${cols(ours)}/${cols(expected)}`,
	};
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			corpus: { type: "string" },
			verbose: { type: "boolean" },
			only: { type: "string" },
		},
		allowPositionals: true,
		strict: false,
	});
	const corpus = resolve(
		typeof values.corpus === "string" ? values.corpus : DEFAULT_CORPUS,
	);
	const manifestPath = join(corpus, "MANIFEST.json");
	if (!existsSync(manifestPath)) {
		console.error(
			`corpus-pdf: the peer corpus is missing: ${manifestPath} not found — pass --corpus DIR (the folder of shared/corpora)`,
		);
		process.exitCode = 1;
		return;
	}
	const cases = (
		JSON.parse(readFileSync(manifestPath, "utf8")) as ManifestCase[]
	).filter(
		(c) =>
			c.file.toLowerCase().endsWith(".pdf") &&
			(c.mode === "lattice" || c.mode === "stream") &&
			(typeof values.only !== "string" || c.id.includes(values.only)),
	);
	console.log(`PDF cases (${corpus}): ${cases.length}`);
	const scores: PdfCaseScore[] = [];
	const excluded = new Map<string, string>();
	for (const c of cases) {
		const why = exclusion(c);
		if (why) excluded.set(c.id, why);
		const s = await scoreCase(corpus, c);
		scores.push(s);
		const mark = s.pass ? "pass" : "FAIL";
		console.log(
			`${mark}  ${s.id.padEnd(58)} rows ${s.rowsOk ? "ok" : "✗"}  cols ${s.colsOk ? "ok" : "✗"}  cells ${(s.cellAccuracy * 100).toFixed(1).padStart(5)}%${s.shapeOnly ? " (shape-only)" : ""}  ${s.note}${why ? "  [excluded]" : ""}`,
		);
		// --verbose: the first differing cells, expected vs got.
		if (values.verbose && !s.pass)
			for (const [r, k, e, g] of s.diffs.slice(0, 6))
				console.log(
					`        [${r},${k}] expected ${JSON.stringify(e)}  got ${JSON.stringify(g)}`,
				);
	}
	console.log(
		"\nexcluded from the count (the expected table depends on a peer-only option; run above without it):",
	);
	for (const [id, reason] of excluded) console.log(`  ${id}: ${reason}`);
	const totals = (title: string, list: readonly PdfCaseScore[]) => {
		console.log(`\n${title}`);
		for (const mode of ["lattice", "stream"]) {
			const inMode = list.filter((s) => s.mode === mode);
			for (const peer of [...new Set(inMode.map((s) => s.peer))]) {
				const some = inMode.filter((s) => s.peer === peer);
				const pass = some.filter((s) => s.pass).length;
				console.log(
					`  ${`${peer} ${mode}`.padEnd(22)} ${pass}/${some.length} (${((100 * pass) / some.length).toFixed(1)}%)`,
				);
			}
			const pass = inMode.filter((s) => s.pass).length;
			const target = mode === "lattice" ? 85 : 60;
			console.log(
				`  all ${mode.padEnd(18)} ${pass}/${inMode.length} (${((100 * pass) / Math.max(1, inMode.length)).toFixed(1)}%, target ≥ ${target}%)`,
			);
		}
	};
	totals(
		"totals without the excluded cases (passed / counted; cell-exact = all cells equal):",
		scores.filter((s) => !excluded.has(s.id)),
	);
	totals("totals with the excluded cases:", scores);
}

if (
	process.argv[1] &&
	fileURLToPath(import.meta.url) === resolve(process.argv[1])
)
	await main();
