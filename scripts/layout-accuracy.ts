/**
 * Field and metadata accuracy of the import over generated layouts (test/layout.ts): each layout
 * seed gives a record cut from the gold (fixtures/markdown/seed/expected.json) and a way of
 * typing it; it is printed as Markdown, Word and PDF, imported, stored, exported and compared with
 * the record field by field.
 *
 *   npx tsx scripts/layout-accuracy.ts [--count 300] [--start 1] [--formats md,docx,pdf]
 *                                      [--seed-table] [--blank] [--worst 10] [--json FILE]
 *                                      [--scan N] [--assign]
 *
 * Each run is scored on the stored report read back by its id (what the review step shows, held
 * or not); the table also counts the runs refused, held (with the kinds of their holds) and
 * counted by compare. --seed-table keeps the seed's table (only the text outside it varies);
 * --blank blanks every layout's header out and reports how many were still exported as good data
 * (in the default export, which leaves held reports out, or counted by compare: should be 0) and
 * how many were stored without a "columns-unconfirmed" hold (should be 0); --assign imports each
 * layout with its own column list as a person's assignment (the `--columns` of `tailan import`;
 * with --blank: the reassignment of a blank header; held and compared then show it took);
 * --scan N also scans the PDFs of the first N layouts (300 dpi, seeded skew, blur and noise, as
 * scripts/make-scan-fixtures.ts does) and reads them by OCR (slow: tens of seconds a page).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ReportRecord, ReportRecordSchema } from "../pipeline/records.ts";
import { parseColumnRoles } from "../pipeline/stitch/columns.ts";
import { METADATA_FIELDS } from "../test/gold.ts";
import {
	blankHeader,
	describeLayout,
	expectedRecord,
	layoutRecord,
	randomLayout,
} from "../test/layout.ts";
import {
	importAndScore,
	LAYOUT_FORMATS,
	type LayoutFormat,
	type LayoutRun,
	renderLayout,
	runLayout,
} from "../test/layout-run.ts";
import { scanFixtures } from "./make-scan-fixtures.ts";

/** The layout's PDF scanned (image-only PDF at 300 dpi), imported by OCR and scored. */
async function runScan(
	gold: ReportRecord,
	layout: ReturnType<typeof randomLayout>,
): Promise<LayoutRun> {
	const record = layoutRecord(gold, layout.seed);
	const dir = mkdtempSync(join(tmpdir(), "tailan-layout-scan-"));
	try {
		const source = join(dir, "layout.pdf");
		writeFileSync(source, await renderLayout(record, layout, "pdf"));
		const scans = await scanFixtures({
			source,
			dir,
			dpis: [300],
			formats: ["pdf"],
		});
		if (!scans.pdf) throw new Error("no scan was made");
		const run = await importAndScore(
			new Uint8Array(readFileSync(scans.pdf)),
			"pdf",
			expectedRecord(record, layout),
		);
		return run;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const root = fileURLToPath(new URL("../", import.meta.url));

export function loadGold(): ReportRecord {
	const raw = JSON.parse(
		readFileSync(`${root}fixtures/markdown/seed/expected.json`, "utf8"),
	) as { measures: Record<string, unknown>[] };
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
}

interface Tally {
	layouts: number;
	refused: number;
	/** stored but held out of the queries, by hold kind */
	held: number;
	holdKinds: Map<string, number>;
	/** counted by compare */
	compared: number;
	fieldsOk: number;
	fields: number;
	/** layouts with ≥ 99% of their fields right */
	good: number;
	/** layouts with every metadata field right */
	metaAll: number;
	meta: Map<string, number>;
	/** blank-header runs in the default export or counted by compare */
	exportedBlank: number;
	/** blank-header runs stored (not refused) without a columns-unconfirmed hold */
	blankUnheld: number;
}

const pct = (a: number, b: number) =>
	b === 0 ? "—" : `${((100 * a) / b).toFixed(1)}%`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			count: { type: "string", default: "300" },
			start: { type: "string", default: "1" },
			formats: { type: "string", default: LAYOUT_FORMATS.join(",") },
			"seed-table": { type: "boolean", default: false },
			blank: { type: "boolean", default: false },
			worst: { type: "string", default: "10" },
			json: { type: "string" },
			scan: { type: "string", default: "0" },
			assign: { type: "boolean", default: false },
		},
	});
	const count = Number(values.count);
	const start = Number(values.start);
	const formats = (values.formats as string).split(",") as LayoutFormat[];
	for (const f of formats)
		if (!LAYOUT_FORMATS.includes(f))
			throw new Error(`--formats: unknown format ${f} (md, docx, pdf)`);
	const gold = loadGold();
	const tallies = new Map<LayoutFormat, Tally>(
		formats.map((f) => [
			f,
			{
				layouts: 0,
				refused: 0,
				held: 0,
				holdKinds: new Map(),
				compared: 0,
				fieldsOk: 0,
				fields: 0,
				good: 0,
				metaAll: 0,
				meta: new Map(),
				exportedBlank: 0,
				blankUnheld: 0,
			},
		]),
	);
	const runs: { seed: number; layout: string; run: LayoutRun }[] = [];
	const t0 = Date.now();
	for (let seed = start; seed < start + count; seed++) {
		let layout = randomLayout(seed, { seedTable: values["seed-table"] });
		if (values.blank) layout = blankHeader(layout);
		for (const format of formats) {
			const run = await runLayout(
				gold,
				layout,
				format,
				values.assign
					? { columns: { roles: parseColumnRoles(layout.columns) } }
					: {},
			);
			const t = tallies.get(format) as Tally;
			const s = run.score;
			t.layouts++;
			if (run.refused) t.refused++;
			if (run.holds.length > 0) t.held++;
			for (const k of new Set(run.holds))
				t.holdKinds.set(k, (t.holdKinds.get(k) ?? 0) + 1);
			if (run.compared) t.compared++;
			if (values.blank && (run.exported || run.compared)) t.exportedBlank++;
			if (
				values.blank &&
				!values.assign &&
				!run.refused &&
				!run.holds.includes("columns-unconfirmed")
			)
				t.blankUnheld++;
			t.fieldsOk += s.fieldsOk;
			t.fields += s.fields;
			if (s.fieldsOk >= 0.99 * s.fields) t.good++;
			if (s.wrongMeta.length === 0) t.metaAll++;
			for (const f of METADATA_FIELDS)
				if (!s.wrongMeta.includes(f)) t.meta.set(f, (t.meta.get(f) ?? 0) + 1);
			runs.push({ seed, layout: describeLayout(layout), run });
		}
		if ((seed - start + 1) % 50 === 0)
			process.stderr.write(
				`${seed - start + 1}/${count} layouts, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
			);
	}
	const scanCount = Number(values.scan);
	const scanRuns: { layout: string; run: LayoutRun }[] = [];
	for (let seed = start; seed < start + scanCount; seed++) {
		let layout = randomLayout(seed, { seedTable: values["seed-table"] });
		if (values.blank) layout = blankHeader(layout);
		scanRuns.push({
			layout: describeLayout(layout),
			run: await runScan(gold, layout),
		});
	}
	const lines: string[] = [
		`${count} layouts (seeds ${start}–${start + count - 1})${values["seed-table"] ? ", seed table" : ""}${values.blank ? ", headers blanked" : ""}${values.assign ? ", columns assigned" : ""}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
		"",
		"| format | fields right | layouts ≥ 99% | metadata all right | refused | held | compared | " +
			METADATA_FIELDS.map((f) => f.replace("report.", "")).join(" | ") +
			(values.blank
				? " | blank exported or compared | blank stored without columns-unconfirmed |"
				: " |"),
		`|---|---|---|---|---|---|---|${METADATA_FIELDS.map(() => "---|").join("")}${values.blank ? "---|---|" : ""}`,
	];
	for (const [f, t] of tallies)
		lines.push(
			`| ${f} | ${pct(t.fieldsOk, t.fields)} | ${pct(t.good, t.layouts)} | ${pct(t.metaAll, t.layouts)} | ${t.refused} | ${t.held} | ${t.compared} | ${METADATA_FIELDS.map((m) => pct(t.meta.get(m) ?? 0, t.layouts)).join(" | ")} |${values.blank ? ` ${t.exportedBlank} | ${t.blankUnheld} |` : ""}`,
		);
	const kinds = [...tallies].flatMap(([f, t]) =>
		[...t.holdKinds].map(([k, n]) => `${f} ${k}: ${n}`),
	);
	if (kinds.length > 0) lines.push("", `holds: ${kinds.join(", ")}`);
	for (const { layout, run } of scanRuns) {
		const s = run.score;
		lines.push(
			`| scan ${layout} | ${pct(s.fieldsOk, s.fields)} | | metadata wrong: ${s.wrongMeta.join(", ") || "none"} | ${run.refused ? 1 : 0} |`,
		);
	}
	const worst = runs
		.filter(
			(r) =>
				r.run.score.wrongMeta.length > 0 ||
				r.run.score.fieldsOk < r.run.score.fields,
		)
		.sort(
			(a, b) =>
				a.run.score.fieldsOk / a.run.score.fields -
					b.run.score.fieldsOk / b.run.score.fields ||
				b.run.score.wrongMeta.length - a.run.score.wrongMeta.length,
		)
		.slice(0, Number(values.worst));
	if (worst.length > 0) lines.push("", "worst:");
	for (const w of worst) {
		const s = w.run.score;
		lines.push(
			`  ${w.run.format} ${w.layout}: fields ${s.fieldsOk}/${s.fields}${w.run.refused ? ` REFUSED (${w.run.refused.slice(0, 80)})` : ""}${w.run.holds.length > 0 ? ` HELD (${w.run.holds.join(", ")})` : ""}; metadata wrong: ${s.wrongMeta.join(", ") || "none"}; e.g. ${s.wrongFields.slice(0, 4).join("; ")}`,
		);
	}
	console.log(lines.join("\n"));
	if (values.json)
		writeFileSync(
			values.json,
			JSON.stringify(
				runs.map((r) => ({
					seed: r.seed,
					format: r.run.format,
					layout: r.layout,
					refused: r.run.refused ?? null,
					holds: r.run.holds,
					compared: r.run.compared,
					fieldsOk: r.run.score.fieldsOk,
					fields: r.run.score.fields,
					wrongMeta: r.run.score.wrongMeta,
					wrongFields: r.run.score.wrongFields,
				})),
				null,
				1,
			),
		);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
