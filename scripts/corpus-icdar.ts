/**
 * npx tsx scripts/corpus-icdar.ts [--corpus DIR] [--verbose] [--only S]: the ICDAR 2013 cases
 * (../shared/corpora/MANIFEST.icdar2013.json, evaluation only: the files are never copied into
 * the repository). Each case is found by page + regionBBox (PDF points, origin bottom-left); we
 * read it in lattice mode (the importer's rulings, shaded areas included) inside that box, and
 * in stream mode when no ruled table is found there. Reported per case: rows, columns and cells
 * as corpus-pdf.ts scores them, and whether the page has shading (a filled area thicker than a
 * line) inside the box. The totals give the shaded cases and how many of them read with more
 * columns than the annotation (a shaded band split into extra columns).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Box, PageContent } from "../parsers/pdf/geometry.ts";
import { openPdf } from "../parsers/pdf/load.ts";
import { pageTablesFor } from "../parsers/pdf/tables.ts";
import { DEFAULT_CORPUS } from "./corpus-pdf.ts";

interface IcdarCase {
	id: string;
	file: string;
	pages: number[];
	args: {
		regionBBox: [number, number, number, number] | null;
		tableBBox?: [number, number, number, number];
	};
	expected: string;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();
const cols = (t: string[][]) => Math.max(0, ...t.map((r) => r.length));

/** Whether the page has a shaded (filled) area overlapping the box. */
function shadedIn(page: PageContent, box: Box): boolean {
	return [...page.horizontals, ...page.verticals].some(
		(s) =>
			s.shade === true &&
			Math.min(s.x1, box[2]) - Math.max(s.x0, box[0]) > 0 &&
			Math.min(s.y1, box[3]) - Math.max(s.y0, box[1]) >= 0,
	);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			corpus: { type: "string" },
			verbose: { type: "boolean" },
			only: { type: "string" },
		},
		strict: false,
	});
	const corpus = resolve(
		typeof values.corpus === "string" ? values.corpus : DEFAULT_CORPUS,
	);
	const manifest = join(corpus, "MANIFEST.icdar2013.json");
	if (!existsSync(manifest)) {
		console.error(
			`corpus-icdar: the ICDAR 2013 cases are missing: ${manifest} not found — pass --corpus DIR (the folder of shared/corpora)`,
		);
		process.exitCode = 1;
		return;
	}
	const cases = (
		JSON.parse(readFileSync(manifest, "utf8")) as IcdarCase[]
	).filter(
		(c) => typeof values.only !== "string" || c.id.includes(values.only),
	);
	let pass = 0;
	let colsOk = 0;
	let rowsOk = 0;
	let shaded = 0;
	let shadedWider = 0;
	let shadedColsOk = 0;
	let wider = 0;
	for (const c of cases) {
		const expected = (
			JSON.parse(readFileSync(join(corpus, c.expected), "utf8")) as string[][]
		).map((r) => r.map((x) => norm(String(x ?? ""))));
		const bytes = new Uint8Array(readFileSync(join(corpus, c.file)));
		const pdf = await openPdf(bytes, c.file);
		let got: string[][] = [];
		let shade = false;
		let mode = "lattice";
		try {
			const page = await pdf.page(c.pages[0] ?? 1);
			const [x1, y1, x2, y2] = c.args.regionBBox ??
				c.args.tableBBox ?? [0, 0, page.width, page.height];
			// A little margin: the annotated box hugs the text, the rulings lie just outside.
			const m = 4;
			const area: Box = [
				x1 - m,
				page.height - y2 - m,
				x2 + m,
				page.height - y1 + m,
			];
			shade = shadedIn(page, area);
			let tables = pageTablesFor(page, { mode: "lattice", area });
			if (tables.length === 0) {
				mode = "stream";
				tables = pageTablesFor(page, { mode: "stream", area });
			}
			// The largest table found in the box.
			const best = tables.sort(
				(a, b) => b.rows.length * cols(b.rows) - a.rows.length * cols(a.rows),
			)[0];
			got = (best?.rows ?? []).map((r) => r.map(norm));
		} finally {
			await pdf.close();
		}
		const r = got.length === expected.length;
		const k = cols(got) === cols(expected);
		const cells =
			r &&
			k &&
			expected.every((row, i) =>
				row.every((e, j) => (got[i]?.[j] ?? "") === e),
			);
		if (r) rowsOk++;
		if (k) colsOk++;
		if (cells) pass++;
		if (cols(got) > cols(expected)) wider++;
		if (shade) {
			shaded++;
			if (cols(got) > cols(expected)) shadedWider++;
			if (k) shadedColsOk++;
		}
		console.log(
			`${cells ? "pass" : "FAIL"}  ${c.id.padEnd(40)} ${mode.padEnd(7)} rows ${got.length}/${expected.length}  cols ${cols(got)}/${cols(expected)}${shade ? "  shaded" : ""}${shade && cols(got) > cols(expected) ? "  EXTRA-COLUMNS" : ""}`,
		);
	}
	console.log(
		`\nicdar2013: ${cases.length} cases; cell-exact ${pass}, rows right ${rowsOk}, columns right ${colsOk}, more columns than annotated ${wider}`,
	);
	console.log(
		`shaded cases: ${shaded}; split into extra columns ${shadedWider}; columns right ${shadedColsOk}`,
	);
}

if (
	process.argv[1] &&
	fileURLToPath(import.meta.url) === resolve(process.argv[1])
)
	await main();
