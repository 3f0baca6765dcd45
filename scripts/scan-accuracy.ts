/**
 * Accuracy of the scanned-report reader against the gold (issue 4's acceptance): the gold report
 * printed as a PDF (fixtures/pdf/gold/input.pdf) is rendered to page images at 300 and 200 dpi
 * with a small rotation and noise (scripts/make-scan-fixtures.ts), read by parsers/image and the
 * pipeline, and compared with fixtures/pdf/gold/expected.json field by field.
 *
 *   npx tsx scripts/scan-accuracy.ts [--profile clean|copier|fax|phone] [--dpi 300|200|150]
 *                                    [--pages 1,2] [--variant N] [--maker own|other]
 *                                    [--items 1.1,1.2] [--json]
 *                                    [--squeeze S] [--sweep 85,90,95] [--text-dpi D]
 *                                    [--why] [--doc FILE]
 *
 * A profile other than clean is an archive's copy of the same pages (scripts/scan-profiles.ts:
 * worn copier, bilevel fax, phone photo), one file per page. With --pages only those pages are
 * read (the items of the others count as missing, unless --items names those to score). --variant N reads another rendering of the
 * profile (other seeds: angles, fading, stamps), one the reader was not tuned on. --maker other
 * reads the same profile made another way (scripts/make-other-scans.ts: rasterised by poppler,
 * damaged by ImageMagick, at its own resolution unless --dpi is given).
 *
 * Prints: item numbers and levels % correct; baseline/target values and budgets % exact;
 * activity, indicator and narrative character error rate (whitespace collapsed); flag recall (of
 * the fields that end up wrong, the share carrying a flag) and the share of fields flagged;
 * report/summary/evaluation fields equal; the cross-checks raised; seconds per page.
 *
 * --squeeze S reads the narrative column at S of its width (parsers/image NARRATIVE_SQUEEZE;
 * 1: full width). --sweep T1,T2,… calibrates the squeezed reading's word threshold: the scan is
 * read once with every squeezed word listed, then its low-confidence flags are raised again at
 * each threshold (pipeline/ocr-flags.ts minSqueezedWordConfidence) and the flags scored again.
 * --text-dpi D reads the text cells of a page finer than D at D (parsers/image TEXT_DPI; 0: at
 * the page's own).
 * --why lists every flagged field: those the gold holds as read (right but flagged) with their
 * flags' kinds and evidence, how many each kind flags, then the wrong ones flagged.
 * --doc FILE keeps the document read in FILE and reads it from there when it exists (the OCR
 * skipped: the flags and checks after parsing measured again on the same reading).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { distance } from "fastest-levenshtein";
import { collapseWhitespace } from "../normalizers/text.ts";
import { pagesToDocument } from "../parsers/image/index.ts";
import { createOcrPool } from "../parsers/image/ocr.ts";
import { imagePages } from "../parsers/image/raster.ts";
import type { OcrEngine } from "../parsers/image/types.ts";
import { documentToRecord } from "../pipeline/ingest.ts";
import { ocrFlags } from "../pipeline/ocr-flags.ts";
import type { Flag, Measure, ReportRecord } from "../pipeline/records.ts";
import { TABLE_FIELDS } from "../pipeline/scan-checks.ts";
import { OTHER_DPI, otherScans } from "./make-other-scans.ts";
import { profileScans } from "./make-scan-fixtures.ts";
import { PROFILES, type Profile } from "./scan-profiles.ts";

/** The fields of a measure scored, as the flags name them: the table fields a clerk checks. */
export const SCORED_FIELDS = TABLE_FIELDS;
export type ScoredField = (typeof SCORED_FIELDS)[number];

const TEXT_FIELDS = new Set<ScoredField>([
	"activity",
	"indicator",
	"achievement",
]);

/** A text field counts as wrong above this character error rate (a tolerant reading). */
export const TEXT_WRONG_CER = 0.01;

// Latin letters drawn exactly like a Cyrillic one: the gold (typed from an earlier OCR) mixes
// them inside words ("еoffice…mп"), which no reader of the printed page can see.
const TWINS: Readonly<Record<string, string>> = {
	a: "а",
	c: "с",
	e: "е",
	o: "о",
	p: "р",
	x: "х",
	y: "у",
	n: "п",
	A: "А",
	B: "В",
	C: "С",
	E: "Е",
	H: "Н",
	K: "К",
	M: "М",
	O: "О",
	P: "Р",
	T: "Т",
	X: "Х",
	Y: "У",
};

/** The text as drawn: Latin letters with a Cyrillic twin of the same shape become that twin. */
export const asDrawn = (s: string) =>
	s.replace(/[A-Za-z]/g, (c) => TWINS[c] ?? c);

export interface CerSum {
	errors: number;
	chars: number;
}

/** A flagged field as `--why` lists it. */
export interface FlaggedField {
	item: string;
	field: string;
	/** Differs from the gold as drawn (Latin/Cyrillic twins equal). */
	wrong: boolean;
	got: string;
	gold: string;
	flags: { kind: string; evidence: unknown }[];
}

export interface Accuracy {
	items: { gold: number; found: number; matched: number };
	levels: { correct: number; total: number };
	/** Baseline and target values: exact, all, and each wrong one ("1.3 baseline \"50\" ≠ \"60\""). */
	values: { exact: number; total: number; wrong: string[] };
	budgets: { exact: number; total: number };
	cer: Record<"activity" | "indicator" | "achievement", CerSum>;
	flags: {
		fields: number;
		flagged: number;
		/** Fields not exactly equal to the gold, and those of them flagged. */
		wrong: number;
		wrongFlagged: number;
		/** Fields that differ from the gold as drawn (look-alike twins equal), and those flagged. */
		wrongVisible: number;
		wrongVisibleFlagged: number;
		/** Text fields counted wrong only above TEXT_WRONG_CER. */
		wrongTolerant: number;
		wrongTolerantFlagged: number;
		/** The wrong fields without a flag: item, field, got, gold. */
		missed: { item: string; field: string; got: string; gold: string }[];
		/** Every flagged field: item, field, whether it differs from the gold as drawn, got, gold, its flags. */
		why: FlaggedField[];
	};
	sections: { equal: number; total: number; differ: string[] };
	crossChecks: string[];
}

const norm = (s: string | null | undefined) => collapseWhitespace(s ?? "");

const cer = (got: string, gold: string): CerSum => ({
	errors: distance(norm(got), norm(gold)),
	chars: norm(gold).length,
});

/** A field's value as text, for comparison and display. */
function show(m: Measure | undefined, field: ScoredField): string {
	if (!m) return "";
	switch (field) {
		case "item":
			return m.item;
		case "budget":
			return JSON.stringify([
				norm(m.budget.raw),
				m.budget.amountMnt,
				m.budget.source,
			]);
		case "baseline":
		case "targetHalfYear":
		case "targetFullYear": {
			const q = m[field];
			return JSON.stringify([norm(q.raw), q.value, q.unit]);
		}
		case "performancePct":
			return m.notDue ? "notDue" : String(m.performancePct);
		default:
			return norm(m[field]);
	}
}

/** Where two texts first differ: about 40 characters either side ("…" where cut). */
function around(got: string, gold: string): { got: string; gold: string } {
	let i = 0;
	while (i < got.length && i < gold.length && got[i] === gold[i]) i++;
	let j = 0;
	while (
		j < got.length - i &&
		j < gold.length - i &&
		got[got.length - 1 - j] === gold[gold.length - 1 - j]
	)
		j++;
	const cut = (s: string) => {
		const from = Math.max(0, i - 40);
		const to = Math.min(s.length, s.length - j + 40);
		return `${from > 0 ? "…" : ""}${s.slice(from, to)}${to < s.length ? "…" : ""}`;
	};
	return { got: cut(got), gold: cut(gold) };
}

/** Compare an extracted record (and its flags) with the gold. */
export function scoreRecord(
	got: ReportRecord,
	flags: readonly Flag[],
	gold: ReportRecord,
): Accuracy {
	const byItem = new Map(got.measures.map((m) => [m.item, m]));
	const flagged = new Set(
		flags
			.filter((f) => f.item !== null && f.field !== null)
			.map((f) => `${f.item}:${f.field}`),
	);
	const acc: Accuracy = {
		items: {
			gold: gold.measures.length,
			found: got.measures.length,
			matched: 0,
		},
		levels: { correct: 0, total: 0 },
		values: { exact: 0, total: 0, wrong: [] },
		budgets: { exact: 0, total: 0 },
		cer: {
			activity: { errors: 0, chars: 0 },
			indicator: { errors: 0, chars: 0 },
			achievement: { errors: 0, chars: 0 },
		},
		flags: {
			fields: 0,
			flagged: 0,
			wrong: 0,
			wrongFlagged: 0,
			wrongVisible: 0,
			wrongVisibleFlagged: 0,
			wrongTolerant: 0,
			wrongTolerantFlagged: 0,
			missed: [],
			why: [],
		},
		sections: { equal: 0, total: 0, differ: [] },
		crossChecks: flags
			.filter((f) => f.item === null && /^(summary|evaluation)-/.test(f.kind))
			.map((f) => `${f.kind}: ${f.message}`),
	};
	for (const g of gold.measures) {
		const m = byItem.get(g.item);
		if (m) acc.items.matched++;
		acc.levels.total++;
		if (show(m, "performancePct") === show(g, "performancePct") && m)
			acc.levels.correct++;
		for (const f of ["baseline", "targetHalfYear", "targetFullYear"] as const) {
			acc.values.total++;
			if (m && show(m, f) === show(g, f)) acc.values.exact++;
			else if (m)
				acc.values.wrong.push(
					`${g.item} ${f} ${JSON.stringify(show(m, f))} ≠ ${JSON.stringify(show(g, f))}`,
				);
		}
		acc.budgets.total++;
		if (m && show(m, "budget") === show(g, "budget")) acc.budgets.exact++;
		for (const f of ["activity", "indicator", "achievement"] as const) {
			const c = cer(m?.[f] ?? "", g[f]);
			acc.cer[f].errors += c.errors;
			acc.cer[f].chars += c.chars;
		}
		for (const f of SCORED_FIELDS) {
			acc.flags.fields++;
			const isFlagged = flagged.has(`${g.item}:${f}`);
			if (isFlagged) acc.flags.flagged++;
			const a = show(m, f);
			const b = show(g, f);
			if (isFlagged)
				acc.flags.why.push({
					item: g.item,
					field: f,
					wrong: asDrawn(a) !== asDrawn(b),
					...around(a, b),
					flags: flags
						.filter((x) => x.item === g.item && x.field === f)
						.map((x) => ({ kind: x.kind, evidence: x.evidence })),
				});
			if (a === b) continue;
			acc.flags.wrong++;
			if (isFlagged) acc.flags.wrongFlagged++;
			if (asDrawn(a) !== asDrawn(b)) {
				acc.flags.wrongVisible++;
				if (isFlagged) acc.flags.wrongVisibleFlagged++;
				// an item not read at all is listed once (its number), not field by field
				else if (m || f === "item")
					acc.flags.missed.push({ item: g.item, field: f, ...around(a, b) });
			}
			const tolerant =
				!TEXT_FIELDS.has(f) ||
				!m ||
				cer(asDrawn(a), asDrawn(b)).errors >
					TEXT_WRONG_CER * Math.max(1, b.length);
			if (tolerant) {
				acc.flags.wrongTolerant++;
				if (isFlagged) acc.flags.wrongTolerantFlagged++;
			}
		}
	}
	const sections: [string, unknown, unknown][] = [
		...Object.keys(gold.report).map((k): [string, unknown, unknown] => [
			`report.${k}`,
			(got.report as Record<string, unknown>)[k],
			(gold.report as Record<string, unknown>)[k],
		]),
		["goals", got.goals, gold.goals],
		["summary", got.summary, gold.summary],
		["evaluation", got.evaluation, gold.evaluation],
	];
	for (const [name, a, b] of sections) {
		acc.sections.total++;
		if (JSON.stringify(a) === JSON.stringify(b)) acc.sections.equal++;
		else acc.sections.differ.push(name);
	}
	return acc;
}

const pct = (a: number, b: number) =>
	b === 0 ? "—" : `${((100 * a) / b).toFixed(1)}%`;
const rate = (c: CerSum) =>
	c.chars === 0 ? "—" : `${((100 * c.errors) / c.chars).toFixed(2)}%`;

/** The figures as printed lines. */
export function formatAccuracy(a: Accuracy): string[] {
	const all: CerSum = {
		errors:
			a.cer.activity.errors + a.cer.indicator.errors + a.cer.achievement.errors,
		chars:
			a.cer.activity.chars + a.cer.indicator.chars + a.cer.achievement.chars,
	};
	return [
		`item numbers        ${a.items.matched}/${a.items.gold} correct (${pct(a.items.matched, a.items.gold)}); ${a.items.found} items read`,
		`performance levels  ${a.levels.correct}/${a.levels.total} (${pct(a.levels.correct, a.levels.total)})`,
		`baseline/targets    ${a.values.exact}/${a.values.total} exact (${pct(a.values.exact, a.values.total)})`,
		...a.values.wrong.map((w) => `  wrong ${w}`),
		`budgets             ${a.budgets.exact}/${a.budgets.total} exact (${pct(a.budgets.exact, a.budgets.total)})`,
		`CER activity        ${rate(a.cer.activity)} (${a.cer.activity.errors}/${a.cer.activity.chars})`,
		`CER indicator       ${rate(a.cer.indicator)} (${a.cer.indicator.errors}/${a.cer.indicator.chars})`,
		`CER narrative       ${rate(a.cer.achievement)} (${a.cer.achievement.errors}/${a.cer.achievement.chars})`,
		`CER all text        ${rate(all)}`,
		`fields flagged      ${a.flags.flagged}/${a.flags.fields} (${pct(a.flags.flagged, a.flags.fields)})`,
		`flag recall strict  ${a.flags.wrongFlagged}/${a.flags.wrong} wrong fields flagged (${pct(a.flags.wrongFlagged, a.flags.wrong)}; any difference from the gold counts)`,
		`flag recall as drawn ${a.flags.wrongVisibleFlagged}/${a.flags.wrongVisible} (${pct(a.flags.wrongVisibleFlagged, a.flags.wrongVisible)}; Latin/Cyrillic twins of the same shape count as equal)`,
		`flag recall tolerant ${a.flags.wrongTolerantFlagged}/${a.flags.wrongTolerant} (${pct(a.flags.wrongTolerantFlagged, a.flags.wrongTolerant)}; text fields wrong only above ${TEXT_WRONG_CER * 100}% CER as drawn)`,
		...(a.items.matched < a.items.gold
			? [
					`  items not read: ${a.flags.missed
						.filter((m) => m.field === "item" && m.got === "")
						.map((m) => m.item)
						.join(", ")}`,
				]
			: []),
		...a.flags.missed
			.filter((m) => m.field !== "item" || m.got !== "")
			.map(
				(m) =>
					`  unflagged ${m.item} ${m.field}: ${JSON.stringify(m.got)} ≠ ${JSON.stringify(m.gold)}`,
			),
		`report/goals/summary/evaluation  ${a.sections.equal}/${a.sections.total} equal${a.sections.differ.length ? ` (differ: ${a.sections.differ.join(", ")})` : ""}`,
		`cross-checks raised ${a.crossChecks.length}${a.crossChecks.map((c) => `\n  ${c}`).join("")}`,
	];
}

/**
 * `--why`: the flagged fields the gold holds as read (right but flagged), each with its flags'
 * kinds and evidence, then how many such fields each kind flags, then the wrong fields flagged.
 */
export function formatWhy(a: Accuracy): string[] {
	// The evidence without word boxes, its long texts cut to their first 100 characters.
	const brief = (k: string, v: unknown) =>
		k === "boxes"
			? undefined
			: typeof v === "string" && v.length > 100
				? `${v.slice(0, 100)}…`
				: v;
	const line = (w: FlaggedField) =>
		`  ${w.item} ${w.field}: ${JSON.stringify(w.got)}${w.wrong ? ` ≠ ${JSON.stringify(w.gold)}` : ""}\n${w.flags.map((f) => `      ${f.kind} ${JSON.stringify(f.evidence, brief)}`).join("\n")}`;
	const right = a.flags.why.filter((w) => !w.wrong);
	const kinds = new Map<string, number>();
	for (const w of right)
		for (const k of new Set(w.flags.map((f) => f.kind)))
			kinds.set(k, (kinds.get(k) ?? 0) + 1);
	return [
		`right but flagged   ${right.length}`,
		...right.map(line),
		`  by kind: ${[...kinds]
			.sort((x, y) => y[1] - x[1])
			.map(([k, n]) => `${k} ${n}`)
			.join(", ")}`,
		`wrong and flagged   ${a.flags.why.length - right.length}`,
		...a.flags.why.filter((w) => w.wrong).map(line),
	];
}

/** The gold record of the printed report. */
export function loadGold(): ReportRecord {
	return JSON.parse(
		readFileSync(
			new URL("../fixtures/pdf/gold/expected.json", import.meta.url),
			"utf8",
		),
	) as ReportRecord;
}

/** The gold, or only some of its items. */
function goldOf(items: readonly string[] | undefined): ReportRecord {
	const gold = loadGold();
	if (!items) return gold;
	const keep = new Set(items);
	return { ...gold, measures: gold.measures.filter((m) => keep.has(m.item)) };
}

/** One scan read and scored: the figures and the seconds per page. */
export interface ScanRun {
	profile: Profile;
	dpi: number;
	pages: number;
	secondsPerPage: number;
	accuracy: Accuracy;
	/** --sweep: the figures with the squeezed reading's threshold at each value. */
	sweep?: { threshold: number; accuracy: Accuracy }[];
}

export interface ScanAccuracyOptions {
	/** Default "clean". */
	profile?: Profile;
	/** Only these pages (1-based). */
	pages?: readonly number[];
	/** Another rendering of the profile (scripts/make-scan-fixtures.ts). */
	variant?: number;
	/** Score only these items of the gold (those the pages read hold). */
	items?: readonly string[];
	/**
	 * Who made the scan: "own" (scripts/make-scan-fixtures.ts, the default) or "other"
	 * (scripts/make-other-scans.ts: poppler and ImageMagick, damage and seeds of its own).
	 */
	maker?: "own" | "other";
	/** The narrative column read at this share of its width (default the reader's). */
	squeeze?: number;
	/** Text cells of a finer page read at this resolution (0: the page's own; default the reader's). */
	textDpi?: number;
	/** Thresholds of the squeezed reading's words to score the flags at (one reading). */
	sweep?: readonly number[];
	/**
	 * A file holding the document read (JSON): read from it when it exists (no OCR: the pipeline
	 * after parsing — stitch, flags, checks — runs again), written to it when not.
	 */
	docCache?: string;
}

/** A document as JSON (its byte arrays as base64) and back. */
const docJson = (doc: unknown) =>
	JSON.stringify(doc, (_k, v) =>
		v instanceof Uint8Array ? { u8: Buffer.from(v).toString("base64") } : v,
	);
const docParse = (json: string) =>
	JSON.parse(json, (_k, v) =>
		v && typeof v === "object" && typeof v.u8 === "string"
			? new Uint8Array(Buffer.from(v.u8, "base64"))
			: v,
	) as Awaited<ReturnType<typeof pagesToDocument>>;

/**
 * Read the scan of the gold at `dpi` as `profile` makes it (scripts/make-scan-fixtures.ts, made
 * if missing) through parsers/image and the pipeline, and score it.
 * @param dpi - 300, 200 or 150
 * @param ocr - the OCR engine (default: a pool made and closed here)
 */
export async function scanAccuracy(
	dpi: number,
	ocr?: OcrEngine,
	options: ScanAccuracyOptions = {},
): Promise<ScanRun> {
	const profile = options.profile ?? "clean";
	const which = {
		profile,
		dpi,
		...(options.pages ? { pages: options.pages } : {}),
		...(options.variant ? { variant: options.variant } : {}),
	};
	const set =
		options.maker === "other"
			? await otherScans(which)
			: await profileScans(which);
	const engine = ocr ?? (await createOcrPool());
	try {
		async function* pages() {
			for (const file of set.files)
				for await (const p of imagePages(
					new Uint8Array(readFileSync(file)),
					file,
				))
					yield p.image;
		}
		const t0 = performance.now();
		const { sweep, docCache } = options;
		const cached =
			docCache && existsSync(docCache)
				? docParse(readFileSync(docCache, "utf8"))
				: undefined;
		const doc =
			cached ??
			(await pagesToDocument(pages(), {
				file: "input.pdf",
				ocr: engine,
				sha256: "",
				bytes: 0,
				textReading: {
					...(options.squeeze !== undefined
						? { narrativeSqueeze: options.squeeze }
						: {}),
					...(options.textDpi !== undefined
						? { textDpi: options.textDpi }
						: {}),
					...(sweep ? { keepWordsBelow: 101 } : {}),
				},
			}));
		const seconds = (performance.now() - t0) / 1000;
		if (docCache && !cached) writeFileSync(docCache, docJson(doc));
		const result = documentToRecord(doc);
		const gold = goldOf(options.items);
		return {
			profile,
			dpi,
			pages: set.files.length,
			secondsPerPage: seconds / set.files.length,
			accuracy: scoreRecord(result.record, result.flags, gold),
			...(sweep
				? {
						sweep: sweep.map((threshold) => {
							const others = result.flags.filter(
								(f) => f.kind !== "ocr-low-confidence",
							);
							const low = ocrFlags(result.record.measures, {
								minSqueezedWordConfidence: threshold,
							}).filter((f) => f.kind === "ocr-low-confidence");
							return {
								threshold,
								accuracy: scoreRecord(result.record, [...others, ...low], gold),
							};
						}),
					}
				: {}),
		};
	} finally {
		if (!ocr) await engine.close();
	}
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
	const args = process.argv.slice(2);
	const arg = (name: string) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const profile = (arg("--profile") ?? "clean") as Profile;
	if (!PROFILES.includes(profile))
		throw new Error(`--profile: one of ${PROFILES.join(", ")}`);
	const maker = arg("--maker") === "other" ? "other" : "own";
	const dpis = arg("--dpi")
		? [Number(arg("--dpi"))]
		: maker === "other"
			? [OTHER_DPI[profile]]
			: profile === "clean"
				? [300, 200]
				: [200];
	const pages = arg("--pages")?.split(",").map(Number);
	const items = arg("--items")?.split(",");
	const variant = Number(arg("--variant") ?? 0);
	const squeeze = arg("--squeeze") ? Number(arg("--squeeze")) : undefined;
	const sweep = arg("--sweep")?.split(",").map(Number);
	const textDpi = arg("--text-dpi") ? Number(arg("--text-dpi")) : undefined;
	const docCache = arg("--doc");
	const engine = await createOcrPool();
	try {
		for (const dpi of dpis) {
			const run = await scanAccuracy(dpi, engine, {
				profile,
				...(pages ? { pages } : {}),
				...(items ? { items } : {}),
				...(variant ? { variant } : {}),
				...(squeeze !== undefined ? { squeeze } : {}),
				...(sweep ? { sweep } : {}),
				...(textDpi !== undefined ? { textDpi } : {}),
				...(docCache ? { docCache } : {}),
				maker,
			});
			if (args.includes("--json")) console.log(JSON.stringify(run));
			else {
				console.log(
					`── ${profile}${variant ? ` (variant ${variant})` : ""}${maker === "other" ? " (made the other way: poppler + ImageMagick)" : ""} scan of the gold at ${dpi} dpi (${run.pages} pages)`,
				);
				for (const line of formatAccuracy(run.accuracy)) console.log(line);
				if (args.includes("--why"))
					for (const line of formatWhy(run.accuracy)) console.log(line);
				console.log(`time per page       ${run.secondsPerPage.toFixed(2)} s`);
				for (const { threshold, accuracy: a } of run.sweep ?? [])
					console.log(
						`squeezed words under ${threshold}: flagged ${a.flags.flagged}/${a.flags.fields} (${pct(a.flags.flagged, a.flags.fields)}), recall strict ${a.flags.wrongFlagged}/${a.flags.wrong}, as drawn ${a.flags.wrongVisibleFlagged}/${a.flags.wrongVisible}, tolerant ${a.flags.wrongTolerantFlagged}/${a.flags.wrongTolerant}${a.flags.missed.length ? `; unflagged ${a.flags.missed.map((m) => `${m.item} ${m.field}`).join(", ")}` : ""}`,
					);
			}
		}
	} finally {
		await engine.close();
	}
}
