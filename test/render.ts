/**
 * Test generator: renders a ReportRecord as OCR-style Markdown shaped like the seed
 * (fixtures/markdown/seed/input.md), with the defects of DESIGN.md §2 chosen by a RenderPlan:
 *
 *  (a) page breaks — the plan table restarts after a row as a new Markdown table whose header is
 *      the "| 1 | 2 | … | 9 |" numbering row;
 *  (b) row splits — the item row just before a page break is cut: part of its activity, budget,
 *      indicator or achievement (and/or its whole performance value) continues in a row with an
 *      empty № at the top of the next page; baseline and targets never move;
 *  (c) narrative pushes — the tail of item k's achievement is printed at the start of item k+1's
 *      achievement cell, as OCR-to-Markdown tools do.
 *
 * The generator only moves text across rows, so the record a correct pipeline returns is always
 * the input record itself (no `applyPlanToExpected` is needed).
 */
import fc from "fast-check";
import type { Goal, Measure, ReportRecord } from "../pipeline/records.ts";
import type { LayoutColumn } from "./layout.ts";

// ───────────────────────────── plan types ─────────────────────────────

/** A cut inside a cell's paragraphs: the moved part starts at word `word` (0-based) of paragraph
 * `paragraph`. `word` ≥ 1 is a cut inside the paragraph (at a whitespace run); `word` = 0 (pushes
 * only) is the paragraph boundary before `paragraph`. */
export interface WordCut {
	paragraph: number;
	word: number;
}

/** How the item row before a page break is cut. Word indices refer to the displayed cell, i.e.
 * after pushes (a giver's cell without its pushed tail, a receiver's cell with it). */
export interface RowSplit {
	/** The continuation gets the activity from this word on (null: not split). */
	activity: number | null;
	budget: number | null;
	indicator: number | null;
	/** The continuation gets the achievement from this cut on (null: not split). */
	achievement: WordCut | null;
	/** Column 9 is empty in the item row and printed only in the continuation row. */
	performanceInContinuation: boolean;
}

export interface PageBreak {
	/** Index into `tableRows(record)`: the page ends after this row (never after the last row). */
	afterRow: number;
	/** The row is an item row cut across the break; its rest opens the next page with an empty №. */
	split: RowSplit | null;
}

/** The tail of measure `from`'s achievement printed at the start of measure `from + 1`'s cell. */
export interface Push {
	/** index into record.measures of the giver; the receiver is `from + 1`. */
	from: number;
	fromItem: string;
	toItem: string;
	/** where the pushed tail starts in the giver's achievement paragraphs (word 0: a paragraph boundary). */
	at: WordCut;
	kind: "mid-sentence" | "paragraph";
	/** "paragraph": the tail keeps its own <p> in the receiver's cell; "inline": the tail's last
	 * paragraph is glued (with a space) to the receiver's first paragraph, as in the seed's 4.10. */
	join: "paragraph" | "inline";
	/** The pushed text, paragraphs joined by "\n" (bookkeeping; recomputed and checked on render). */
	text: string;
}

/** Goal-row forms: "| 1 | Зорилт 1. title |…", "| 2 | Зорилт 2.title |…", "| Зорилт-6: title |…". */
export type GoalStyle = "numbered" | "numbered-tight" | "dash";

export interface RenderPlan {
	/** sorted by afterRow, at most one per row */
	pageBreaks: PageBreak[];
	/** sorted by `from`; at most one per giver and never from two consecutive measures */
	pushes: Push[];
	/** aligned with record.goals (missing entries: "numbered") */
	goalStyles: GoalStyle[];
	/** what separates `</p>` and `<p>` inside a cell */
	paragraphSeparator: "" | " ";
	/** a one-paragraph cell is written `<p>text</p>` instead of plain text */
	wrapSingleParagraph: boolean;
}

export type TableRow =
	| { kind: "goal"; goal: Goal }
	| { kind: "measure"; index: number; measure: Measure };

export interface RenderPlanOptions {
	/** generate pushes (default true) */
	pushes?: boolean;
	/** generate row splits at page breaks (default true) */
	splits?: boolean;
	/** percent chance of a page break after a row (default 30) */
	breakPct?: number;
	/** percent chance that a measure pushes into the next one (default 15) */
	pushPct?: number;
	/** percent of pushes glued inline into the receiver's first paragraph (default 15; the seed has
	 * one such case, 4.9 → 4.10, among its eight pushes) */
	inlinePct?: number;
	/** percent of pushes cut at a paragraph boundary, which leaves no sentence cue (default 15; the
	 * seed has one, 3.5 → 3.4, found by topic alone, among its eight pushes; the others are cut
	 * mid-sentence) */
	paragraphPct?: number;
}

// ───────────────────────────── text helpers ─────────────────────────────

/** Collapse whitespace runs to one space and trim. */
export function collapseWs(s: string): string {
	return s.replace(/\s+/g, " ").trim();
}

/** Paragraphs of a narrative ("\n"-joined in the record); "" has none. */
export function paragraphsOf(text: string): string[] {
	return text === "" ? [] : text.split("\n");
}

/** Internal whitespace runs of a string: the places where it can be cut between words. */
function gaps(s: string): { start: number; end: number }[] {
	const out: { start: number; end: number }[] = [];
	for (const m of s.matchAll(/\s+/g)) {
		const start = m.index;
		const end = start + m[0].length;
		if (start > 0 && end < s.length) out.push({ start, end });
	}
	return out;
}

/** Number of words of a string (for cut indices). */
export function wordCount(s: string): number {
	return s.trim() === "" ? 0 : gaps(s.trim()).length + 1;
}

/** Cut `s` so that the second part starts at word `word` (1 ≤ word < wordCount). */
export function cutAtWord(s: string, word: number): [string, string] {
	const g = gaps(s)[word - 1];
	if (!g || word < 1)
		throw new Error(
			`cannot cut ${JSON.stringify(s.slice(0, 40))} at word ${word}`,
		);
	return [s.slice(0, g.start), s.slice(g.end)];
}

/** Cut paragraphs at a WordCut: [head paragraphs, tail paragraphs]. */
export function cutParagraphs(
	paras: readonly string[],
	at: WordCut,
): [string[], string[]] {
	const p = paras[at.paragraph];
	if (p === undefined) throw new Error(`no paragraph ${at.paragraph}`);
	if (at.word === 0) {
		if (at.paragraph === 0)
			throw new Error("a cut before the first paragraph moves everything");
		return [paras.slice(0, at.paragraph), paras.slice(at.paragraph)];
	}
	const [head, tail] = cutAtWord(p, at.word);
	return [
		[...paras.slice(0, at.paragraph), head],
		[tail, ...paras.slice(at.paragraph + 1)],
	];
}

const SENTENCE_END = /[.!?…]["”»)]*$/;

/** True when a cut at `at` leaves the sentence unfinished (the word before does not end one). */
export function isMidSentence(paras: readonly string[], at: WordCut): boolean {
	if (at.word === 0) return false;
	const [head] = cutParagraphs(paras, at);
	const last = head[head.length - 1] ?? "";
	return !SENTENCE_END.test(last.trimEnd());
}

/** Every cut inside a paragraph (word ≥ 1) of `paras`. */
function wordCuts(paras: readonly string[]): WordCut[] {
	const out: WordCut[] = [];
	paras.forEach((p, paragraph) => {
		const n = wordCount(p);
		for (let word = 1; word < n; word++) out.push({ paragraph, word });
	});
	return out;
}

function pick<T>(xs: readonly T[], frac: number): T | undefined {
	return xs[Math.min(xs.length - 1, Math.floor(frac * xs.length))];
}

// ───────────────────────────── rows and cells ─────────────────────────────

/** The plan table's logical rows in reading order: a goal row before the first measure of each goal. */
export function tableRows(record: ReportRecord): TableRow[] {
	const rows: TableRow[] = [];
	const emitted = new Set<number>();
	record.measures.forEach((measure, index) => {
		const g = measure.goal;
		if (g !== null && !emitted.has(g)) {
			emitted.add(g);
			const goal = record.goals.find((x) => x.number === g);
			if (goal) rows.push({ kind: "goal", goal });
		}
		rows.push({ kind: "measure", index, measure });
	});
	return rows;
}

export const NOT_DUE_TEXT = "Хэрэгжилт тооцох хугацаа болоогүй";

/** Column 9 as printed. */
export function performanceText(m: Measure): string {
	if (m.performancePct !== null) return `${m.performancePct}%`;
	if (m.notDue) return NOT_DUE_TEXT;
	return m.performanceRaw ?? "";
}

/** Achievement paragraphs of every measure as printed in its cell, after the plan's pushes. */
export function displayedAchievements(
	record: ReportRecord,
	pushes: readonly Push[],
): string[][] {
	const cells = record.measures.map((m) => paragraphsOf(m.achievement));
	const givers = new Set<number>();
	for (const push of pushes) {
		if (push.from < 0 || push.from + 1 >= record.measures.length)
			throw new Error(`push from ${push.from}: no receiver`);
		if (
			givers.has(push.from) ||
			givers.has(push.from - 1) ||
			givers.has(push.from + 1)
		)
			throw new Error(
				`push from ${push.from}: pushes must not be on consecutive items`,
			);
		givers.add(push.from);
	}
	for (const push of [...pushes].sort((a, b) => a.from - b.from)) {
		const giver = paragraphsOf(
			(record.measures[push.from] as Measure).achievement,
		);
		const [head, tail] = cutParagraphs(giver, push.at);
		if (tail.join("\n") !== push.text)
			throw new Error(
				`push from ${push.fromItem}: text does not match the cut`,
			);
		cells[push.from] = head;
		const own = paragraphsOf(
			(record.measures[push.from + 1] as Measure).achievement,
		);
		if (push.join === "inline" && own.length > 0) {
			const last = tail[tail.length - 1] as string;
			cells[push.from + 1] = [
				...tail.slice(0, -1),
				`${last} ${own[0]}`,
				...own.slice(1),
			];
		} else {
			cells[push.from + 1] = [...tail, ...own];
		}
	}
	return cells;
}

// ───────────────────────────── plan arbitrary ─────────────────────────────

interface SplitSeed {
	activity: number | null;
	budget: number | null;
	indicator: number | null;
	achievement: number | null;
	performance: boolean;
}
interface PushSeed {
	paragraphBoundary: boolean;
	where: number;
	inline: boolean;
}
interface PlanSeed {
	breaks: (SplitSeed | "plain" | null)[];
	pushes: (PushSeed | null)[];
	goalStyles: GoalStyle[];
	paragraphSeparator: "" | " ";
	wrapSingleParagraph: boolean;
}

/** A uniform fraction in [0, 1) (no bias towards the ends: cut points should spread over the text). */
const frac = fc
	.noBias(fc.integer({ min: 0, max: 999_999 }))
	.map((n) => n / 1_000_000);

/** `arb` with probability pct%, else null (shrinks towards null). */
function maybe<T>(arb: fc.Arbitrary<T>, pct: number): fc.Arbitrary<T | null> {
	return fc.oneof(
		{ arbitrary: fc.constant(null), weight: 100 - pct },
		{ arbitrary: arb, weight: pct },
	);
}

/** Resolve a push of measure `from` (null when its achievement cannot be cut). */
export function makePush(
	record: ReportRecord,
	from: number,
	where: number,
	options: { paragraphBoundary?: boolean; join?: Push["join"] } = {},
): Push | null {
	const giver = record.measures[from];
	const receiver = record.measures[from + 1];
	if (!giver || !receiver) return null;
	const paras = paragraphsOf(giver.achievement);
	const paraCuts: WordCut[] = paras
		.slice(1)
		.map((_, i) => ({ paragraph: i + 1, word: 0 }));
	// The OCR tool spills the last lines of a cell into the next row, so a mid-sentence tail starts
	// in the giver's last paragraph (the seed's tails: 1.3 → 1.4, 3.1 → 3.2, 4.9 → 4.10).
	const midCuts = wordCuts(paras).filter(
		(c) => c.paragraph === paras.length - 1 && isMidSentence(paras, c),
	);
	const usePara = options.paragraphBoundary === true && paraCuts.length > 0;
	const at = pick(usePara ? paraCuts : midCuts, where) ?? pick(paraCuts, where);
	if (!at) return null;
	const [, tail] = cutParagraphs(paras, at);
	return {
		from,
		fromItem: giver.item,
		toItem: receiver.item,
		at,
		kind: at.word === 0 ? "paragraph" : "mid-sentence",
		join: options.join ?? "paragraph",
		text: tail.join("\n"),
	};
}

/** Resolve the row split of measure `m` from random fractions, against its displayed achievement cell. */
function makeSplit(
	m: Measure,
	achievement: readonly string[],
	seed: SplitSeed,
): RowSplit | null {
	const wordAt = (text: string, f: number | null): number | null => {
		const n = wordCount(text);
		return f === null || n < 2 || text !== text.trim()
			? null
			: 1 + Math.floor(f * (n - 1));
	};
	const cuts = wordCuts(achievement);
	const split: RowSplit = {
		activity: wordAt(m.activity, seed.activity),
		budget: wordAt(m.budget.raw, seed.budget),
		indicator: wordAt(m.indicator, seed.indicator),
		achievement:
			seed.achievement === null ? null : (pick(cuts, seed.achievement) ?? null),
		performanceInContinuation: seed.performance && performanceText(m) !== "",
	};
	const any =
		split.activity !== null ||
		split.budget !== null ||
		split.indicator !== null ||
		split.achievement !== null ||
		split.performanceInContinuation;
	if (any) return split;
	// nothing drawn was splittable: fall back on the achievement, then on column 9
	const fallback = pick(cuts, seed.achievement ?? 0.5);
	if (fallback) return { ...split, achievement: fallback };
	if (performanceText(m) !== "")
		return { ...split, performanceInContinuation: true };
	return null;
}

/** Turn random seeds into a valid plan for `record`. */
function resolvePlan(record: ReportRecord, seed: PlanSeed): RenderPlan {
	const pushes: Push[] = [];
	seed.pushes.forEach((s, from) => {
		if (s === null) return;
		if (pushes.some((p) => p.from === from - 1)) return; // never on consecutive items
		const push = makePush(record, from, s.where, {
			paragraphBoundary: s.paragraphBoundary,
			join: s.inline ? "inline" : "paragraph",
		});
		if (push) pushes.push(push);
	});
	const cells = displayedAchievements(record, pushes);
	const rows = tableRows(record);
	const pageBreaks: PageBreak[] = [];
	seed.breaks.forEach((s, afterRow) => {
		if (s === null || afterRow >= rows.length - 1) return;
		const row = rows[afterRow] as TableRow;
		let split: RowSplit | null = null;
		if (s !== "plain" && row.kind === "measure")
			split = makeSplit(row.measure, cells[row.index] ?? [], s);
		pageBreaks.push({ afterRow, split });
	});
	return {
		pageBreaks,
		pushes,
		goalStyles: seed.goalStyles,
		paragraphSeparator: seed.paragraphSeparator,
		wrapSingleParagraph: seed.wrapSingleParagraph,
	};
}

/** A random RenderPlan for `record` (deterministic given fast-check's seed; shrinks towards no defects). */
export function renderPlanArb(
	record: ReportRecord,
	options: RenderPlanOptions = {},
): fc.Arbitrary<RenderPlan> {
	const rows = tableRows(record);
	const splits = options.splits ?? true;
	const withPushes = options.pushes ?? true;
	const splitSeed: fc.Arbitrary<SplitSeed> = fc.record({
		activity: maybe(frac, 30),
		budget: maybe(frac, 30),
		indicator: maybe(frac, 30),
		achievement: maybe(frac, 70),
		performance: fc.oneof(
			{ arbitrary: fc.constant(false), weight: 3 },
			{ arbitrary: fc.constant(true), weight: 1 },
		),
	});
	const breakSeed: fc.Arbitrary<SplitSeed | "plain"> = splits
		? fc.oneof(
				{ arbitrary: fc.constant("plain" as const), weight: 1 },
				{ arbitrary: splitSeed, weight: 2 },
			)
		: fc.constant("plain" as const);
	const pushSeed: fc.Arbitrary<PushSeed> = fc.record({
		paragraphBoundary: maybe(fc.constant(true), options.paragraphPct ?? 15).map(
			(x) => x === true,
		),
		where: frac,
		inline: maybe(fc.constant(true), options.inlinePct ?? 15).map(
			(x) => x === true,
		),
	});
	const nBreaks = Math.max(0, rows.length - 1);
	const nPushes = Math.max(0, record.measures.length - 1);
	const seed: fc.Arbitrary<PlanSeed> = fc.record({
		breaks: fc.array(maybe(breakSeed, options.breakPct ?? 30), {
			minLength: nBreaks,
			maxLength: nBreaks,
		}),
		pushes: withPushes
			? fc.array(maybe(pushSeed, options.pushPct ?? 15), {
					minLength: nPushes,
					maxLength: nPushes,
				})
			: fc.constant([]),
		goalStyles: fc.array(
			fc.oneof(
				{ arbitrary: fc.constant<GoalStyle>("numbered"), weight: 4 },
				{ arbitrary: fc.constant<GoalStyle>("numbered-tight"), weight: 1 },
				{ arbitrary: fc.constant<GoalStyle>("dash"), weight: 1 },
			),
			{ minLength: record.goals.length, maxLength: record.goals.length },
		),
		paragraphSeparator: fc.constantFrom<"" | " ">(" ", ""),
		wrapSingleParagraph: fc.boolean(),
	});
	return seed.map((s) => resolvePlan(record, s));
}

/** The plan with no defects: one page, no pushes. */
export function emptyPlan(record: ReportRecord): RenderPlan {
	return {
		pageBreaks: [],
		pushes: [],
		goalStyles: record.goals.map(() => "numbered"),
		paragraphSeparator: " ",
		wrapSingleParagraph: false,
	};
}

/** What the plan does to each measure (by index into record.measures). */
export interface MeasureInvolvement {
	item: string;
	/** the push this measure gives (its tail printed in the next item's cell) */
	gives: Push | null;
	/** the push this measure receives (the previous item's tail printed in its cell) */
	receives: Push | null;
	/** the item row is cut at a page break */
	split: RowSplit | null;
	/** its achievement cell is cut at a page break; midSentence: the cut leaves a sentence open */
	achievementCut: { at: WordCut; midSentence: boolean } | null;
}

export function planInvolvement(
	record: ReportRecord,
	plan: RenderPlan,
): MeasureInvolvement[] {
	const rows = tableRows(record);
	const cells = displayedAchievements(record, plan.pushes);
	const out: MeasureInvolvement[] = record.measures.map((m) => ({
		item: m.item,
		gives: null,
		receives: null,
		split: null,
		achievementCut: null,
	}));
	for (const push of plan.pushes) {
		(out[push.from] as MeasureInvolvement).gives = push;
		(out[push.from + 1] as MeasureInvolvement).receives = push;
	}
	for (const br of plan.pageBreaks) {
		const row = rows[br.afterRow];
		if (!br.split || row?.kind !== "measure") continue;
		const inv = out[row.index] as MeasureInvolvement;
		inv.split = br.split;
		const at = br.split.achievement;
		if (at)
			inv.achievementCut = {
				at,
				midSentence: isMidSentence(cells[row.index] ?? [], at),
			};
	}
	return out;
}

// ───────────────────────────── Markdown rendering ─────────────────────────────

const HEADER = [
	"№",
	"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
	"Төсөв",
	"Шалгуур үзүүлэлт",
	"Суурь түвшин",
	"Зорилтот түвшин",
	"",
	"Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/",
	"Гүйцэтгэлийн хувь",
];
const SUB_HEADER = ["", "", "", "", "", "Хагас жил", "Бүтэн жил", "", ""];
const NUMBERING = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** A cell's text made safe for one GFM table cell. */
function cellSafe(s: string): string {
	return s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function mdRow(cells: readonly string[]): string {
	return `|${cells.map((c) => (c === "" ? " " : ` ${cellSafe(c)} `)).join("|")}|`;
}

function delimiter(n: number): string {
	return `|${"---|".repeat(n)}`;
}

function paragraphsCell(paras: readonly string[], plan: RenderPlan): string {
	if (paras.length === 0) return "";
	if (paras.length === 1 && !plan.wrapSingleParagraph)
		return paras[0] as string;
	return paras.map((p) => `<p>${p}</p>`).join(plan.paragraphSeparator);
}

function goalRow(goal: Goal, style: GoalStyle): string[] {
	const n = goal.number;
	if (style === "dash")
		return [`Зорилт-${n}: ${goal.title}`, "", "", "", "", "", "", "", ""];
	const sep = style === "numbered-tight" ? "" : " ";
	return [
		String(n),
		`Зорилт ${n}.${sep}${goal.title}`,
		"",
		"",
		"",
		"",
		"",
		"",
		"",
	];
}

function splitText(text: string, at: number | null): [string, string] {
	return at === null ? [text, ""] : cutAtWord(text, at);
}

/** Render a report as OCR-style Markdown following `plan`. */
export function renderReportMarkdown(
	record: ReportRecord,
	plan: RenderPlan,
): string {
	const rows = tableRows(record);
	const cells = displayedAchievements(record, plan.pushes);
	const breaks = new Map<number, PageBreak>();
	let last = -1;
	for (const br of plan.pageBreaks) {
		if (br.afterRow <= last || br.afterRow >= rows.length - 1)
			throw new Error(`bad page break after row ${br.afterRow}`);
		if (br.split && rows[br.afterRow]?.kind !== "measure")
			throw new Error(`row ${br.afterRow} is not an item row`);
		breaks.set(br.afterRow, br);
		last = br.afterRow;
	}

	const out: string[] = ["", "", ...titleLines(record.report.title), ""];
	out.push(mdRow(HEADER), delimiter(9), mdRow(SUB_HEADER), mdRow(NUMBERING));
	let pending: string[] | null = null; // continuation row opening the next page
	rows.forEach((row, r) => {
		if (row.kind === "goal") {
			const gi = record.goals.indexOf(row.goal);
			out.push(mdRow(goalRow(row.goal, plan.goalStyles[gi] ?? "numbered")));
		} else {
			const m = row.measure;
			const split = breaks.get(r)?.split ?? null;
			const ach = cells[row.index] ?? [];
			const [act1, act2] = splitText(m.activity, split?.activity ?? null);
			const [bud1, bud2] = splitText(m.budget.raw, split?.budget ?? null);
			const [ind1, ind2] = splitText(m.indicator, split?.indicator ?? null);
			const [ach1, ach2] = split?.achievement
				? cutParagraphs(ach, split.achievement)
				: [ach, []];
			const perf = performanceText(m);
			const movePerf = split?.performanceInContinuation === true;
			out.push(
				mdRow([
					m.item,
					act1,
					bud1,
					ind1,
					m.baseline.raw,
					m.targetHalfYear.raw,
					m.targetFullYear.raw,
					paragraphsCell(ach1, plan),
					movePerf ? "" : perf,
				]),
			);
			if (split) {
				pending = [
					"",
					act2,
					bud2,
					ind2,
					"",
					"",
					"",
					paragraphsCell(ach2, plan),
					movePerf ? perf : "",
				];
			}
		}
		if (breaks.has(r)) {
			out.push("", mdRow(NUMBERING), delimiter(9));
			if (pending) out.push(mdRow(pending));
			pending = null;
		}
	});
	out.push("", ...backMatter(record, plan.pageBreaks.length + 2));
	return `${out.join("\n")}\n`;
}

// ───────────────────────────── text after the table ─────────────────────────────

/** The bold title split over two lines like the seed (after "… ОНЫ" when present). */
function titleLines(title: string, suffix: string[] = []): string[] {
	const words = title.split(/\s+/).filter(Boolean);
	let at = words.findIndex((w) => /^ОНЫ$/i.test(w)) + 1;
	if (at <= 0 || at >= words.length) at = Math.ceil(words.length / 2);
	const lines = [
		words.slice(0, at).join(" "),
		words.slice(at).join(" "),
		...suffix,
	].filter((l) => l !== "");
	const first = lines[0] ?? "";
	const rest = lines.slice(1);
	if (rest.length === 0) return [`**${first}**`];
	return [`**${first}`, ...rest.slice(0, -1), `${rest[rest.length - 1]}**`];
}

const up = (s: string | null | undefined): string =>
	(s ?? "").toLocaleUpperCase("mn");

/** Genitive of the last word of an organisation name ("… газар" → "… газрын", "… хэлтэс" → "… хэлтсийн"). */
function orgGenitive(name: string): string {
	const forms: [RegExp, string][] = [
		[/газар$/i, "газрын"],
		[/хэлтэс$/i, "хэлтсийн"],
		[/алба$/i, "албаны"],
		[/агентлаг$/i, "агентлагийн"],
		[/төв$/i, "төвийн"],
	];
	for (const [re, rep] of forms)
		if (re.test(name)) return name.replace(re, rep);
	return name;
}

/** Genitive of a personal name (vowel harmony, simplified): Отгонбаяр → Отгонбаярын. */
function nameGenitive(name: string): string {
	const back = /[аоуыя][^аэиоуөүыяеёю]*$/i.test(name);
	if (/н$/i.test(name)) return name + (back ? "ы" : "ий");
	return name + (back ? "ын" : "ийн");
}

/** "П.Отгонбаяр" → "П. Отгонбаяр" (the handwritten signature form of the seed). */
const signatureForm = (name: string): string =>
	name.replace(/^(\S+?)\.\s*/, "$1. ");

/** 99.3 → "99,3" (decimal comma). */
function num(n: number | null | undefined): string {
	return n === null || n === undefined ? "" : String(n).replace(".", ",");
}

function levelCount(n: number | null): string {
	if (n === null) return "";
	return n === 0 ? "-" : String(n);
}

/** "2024-12-18" → "2024.12.18". */
function dotDate(iso: string | null | undefined): string {
	return iso ? iso.replace(/-/g, ".") : "";
}

/** "2024-12-05" → "2024 оны 12 дугаар сарын 05" (дүгээр after 1, 4, 9, 11). */
function longDate(iso: string | null | undefined): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
	if (!m) return "";
	const month = Number(m[2]);
	const ordinal = [1, 4, 9, 11].includes(month) ? "дүгээр" : "дугаар";
	return `${m[1]} оны ${m[2]} ${ordinal} сарын ${m[3]}`;
}

function backMatter(record: ReportRecord, pageNumber: number): string[] {
	const rep = record.report;
	const ev = record.evaluation;
	const sum = record.summary;
	const orgShort = (rep.organization ?? ev?.organization ?? "").replace(
		/^Аймгийн\s+/i,
		"",
	);
	const orgGen = orgGenitive(orgShort);
	const deptGen = orgGenitive(rep.department ?? ev?.unit ?? "");
	const reviewed = rep.reviewedBy ?? ev?.evaluator ?? "";
	const prepared = rep.preparedBy ?? "";
	const signDate = dotDate(ev?.date ?? sum?.date);
	const out: string[] = [
		"ХЯНАСАН",
		up(orgGen),
		`ДАРГА ${up(reviewed)}`.trimEnd(),
		"",
		"ТАЙЛАН ГАРГАСАН",
		up(deptGen),
		prepared ? `ДАРГА *${signatureForm(prepared)}* - ${up(prepared)}` : "ДАРГА",
		"",
		String(pageNumber),
		"",
	];

	if (ev) {
		const position = ev.position ?? "";
		const employeeWords = (ev.employee ?? "").split(/\s+/).filter(Boolean);
		const employeeGen = employeeWords
			.map((w, i) => (i === employeeWords.length - 1 ? nameGenitive(w) : w))
			.join(" ");
		const year = rep.year ?? "";
		const skills = num(ev.skillsScore);
		const attitude = num(ev.attitudeScore);
		const posWords = position.split(/\s+/).filter(Boolean);
		const posLast = posWords.pop() ?? "";
		const posTitle =
			posLast.charAt(0).toLocaleUpperCase("mn") + posLast.slice(1);
		out.push(
			`**${up(position)}`,
			`${up(employeeGen)} ${year} ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛ, ҮР ДҮН,`,
			"МЭРГЭШЛИЙН ТҮВШИНГ ҮНЭЛЭХ ҮНЭЛГЭЭНИЙ ХУУДАС**",
			"",
			`Байгууллагын нэр: ${ev.organization ?? ""}`,
			"",
			`Нэгжийн нэр: ${ev.unit ?? ""}`,
			"",
			"1. Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт",
			"",
			`| Д/д | Гүйцэтгэлийн зорилт, арга хэмжээ | Гүйцэтгэлийн түвшин | Нийт (${num(ev.planScoreMax)} оноо) |`,
			"|-----|--|---------------------|-------------------|",
			"| 1 | 2 | 3 | 4 |",
			`| 1. | Нэгжийн гүйцэтгэлийн төлөвлөгөөний биелэлт | ${num(ev.planCompletionPct)}% | ${num(ev.planScore)} |`,
			"",
			"2. Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний биелэлт",
			"",
			`| Д/д | Зорилтыг хэрэгжүүлэх арга хэмжээ | Арга хэмжээний биелэлтийн хувь | Төсвийн шууд захирагчийн өгсөн үнэлгээ (${num(ev.skillsScoreMax)} хүртэл оноогоор) |`,
			"|--|---|--------------------------------|--|",
			`| 1. | ISO Чанарын менежментийн тогтолцооны дотоод аудитор бэлтгэх сургалтад хамрагдах | 100% | ${skills} |`,
			`| 2. | Өвөрхангай аймгийн Нийгмийн даатгалын хэлтэс, Нийслэлийн Иргэдийн Төлөөлөгчдийн хурал, Сонгинохайрхан дүүргийн Засаг даргын Тамгын газарт туршлага судлах | 100% | ${skills} |`,
			`| 3. | Төрийн албаны зөвлөлөөс 7 хоног бүр зохион байгуулдаг 7:4:10 сургалтад хамрагдах | 100% | ${skills} |`,
			"| Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний дундаж оноо | | | |",
			"",
			"3. Хандлага, ёс зүй, ур чадварын үнэлгээ",
			"",
			" ",
			`| Д/д | Үзүүлэлт | Төсвийн шууд захирагчийн өгсөн үнэлгээ (${num(ev.attitudeScoreMax)} хүртэл оноогоор) |`,
			"|---|--------------------------|--|",
			`| 1. | Хандлага, ёс зүй | ${attitude} |`,
			`| 2. | Удирдан зохион байгуулах | ${attitude} |`,
			`| 3. | Асуудал шийдвэрлэх | ${attitude} |`,
			`| 4. | Манлайлах | ${attitude} |`,
			`| 5. | Багаар ажиллах | ${attitude} |`,
			`| 6. | Харилцаа | ${attitude} |`,
			"| Ур чадварын үзүүлэлт (ажлын онцлогоос хамаарсан) | | |",
			"| 7. | Мэргэжлийн ур чадвар 1. | |",
			"| 8. | Мэргэжлийн ур чадвар 2. | |",
			"| 9. | Мэргэжлийн ур чадвар 3. | |",
			`| Хандлага, ёс зүй, ур чадварын дундаж оноо | | ${attitude} |`,
			"",
			"4. Гүйцэтгэлийн үнэлгээ",
			"",
			"| Д/д | Үнэлгээний үзүүлэлт | Үзүүлэлт тус бүрийн оноо |",
			"|--|---|--------------------------|",
			`| 1. | Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт (Нэгжийн гүйцэтгэлийн төлөвлөгөөний биелэлт) | ${num(ev.planScoreMax)} хүртэлх оноо ${num(ev.planScore)} |`,
			`| 2. | Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний биелэлт (Төсвийн шууд захирагчийн үнэлгээ) | ${num(ev.skillsScoreMax)} хүртэлх оноо ${skills} |`,
			`| 3. | Хандлага, ёс зүй, ур чадварын үнэлгээ (Төсвийн шууд захирагчийн үнэлгээ) | ${num(ev.attitudeScoreMax)} хүртэлх оноо ${attitude} |`,
			"| 4. | Үнэлгээний оноонд орсон өөрчлөлт (Аргачлалын 6 дугаар хэсэгт заасан холбогдох заалтыг бичих) | оноо |",
			`| Нийт оноо = (Гүйцэтгэлийн зорилт, арга хэмжээний оноо + Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний оноо + Хандлага, ёс зүй, ур чадварын оноо) - Аргачлалын 6 дугаар хэсгийн холбогдох заалтын дагуу хассан оноо | | ${num(ev.total)} |`,
			"",
			"Үнэлгээ өгсөн:",
			"",
			orgGen,
			"Дарга",
			"(албан тушаал)",
			"нэр)",
			"",
			"",
			"",
			"(гарын үсэг)",
			"",
			`/${ev.evaluator ?? reviewed}/`,
			"(албан хаагчийн",
			"",
			dotDate(ev.date),
			"",
			"(огноо)",
			"",
			"**Үнэлгээтэй танилцаж,",
			"зөвшөөрсөн:**",
			"",
			posWords.join(" "),
			posTitle,
			"(албан тушаал)",
			"",
			"Нэгжийн дарга:",
			"",
			"(гарын үсэг)",
			"",
			`/${prepared} /`,
			"(албан хаагчийн нэр)",
			"",
			dotDate(ev.date),
			"",
			" ",
			"(огноо)",
			"",
		);
	}

	if (sum) {
		const lv = sum.levels;
		out.push(
			...titleLines(rep.title.replace(/ТАЙЛАН$/i, "ТАЙЛАНГИЙН"), [
				"БИЕЛЭЛТИЙН ТОВЧОО",
			]),
			"",
			longDate(sum.date),
			"",
			"Номгон",
			"",
			`| Хяналтад авсан зүйл, заалтын тоо: ${sum.itemsMonitored ?? ""} | | Номгон |`,
			"|--------------------------------------|------|-------------------------|",
			`| Бүрэн хэрэгжсэн | 100% | ${levelCount(lv["100"])} |`,
			`| Тодорхой үр дүнд хүрсэн | 90% | ${levelCount(lv["90"])} |`,
			`| Тодорхой үр дүнд хүрсэн | 80% | ${levelCount(lv["80"])} |`,
			`| Хэрэгжих шатанд | 70% | ${levelCount(lv["70"])} |`,
			`| Хэрэгжилт хангалтгүй | 30% | ${levelCount(lv["30"])} |`,
			`| Хэрэгжээгүй | 0% | ${levelCount(lv["0"])} |`,
			`| Хэрэгжилт тооцох хугацаа болоогүй | | ${levelCount(lv.notDue)} |`,
			`| Хэлтсийн төлөвлөгөөний биелэлт | | Хэрэгжилтийн хувь ${num(sum.planCompletionPct)}% |`,
			"",
			"",
			"",
			"ХЯНАСАН",
			up(orgGen),
			`ДАРГА ${up(reviewed)}`.trimEnd(),
			signDate,
			"",
			"ХЭРЭГЖИЛТ ГАРГАСАН",
			up(deptGen),
			`ДАРГА ${up(prepared)}`.trimEnd(),
		);
	}
	return out;
}

// ───────────────────────────── other layouts ─────────────────────────────

/** A column of a rendered layout (the layout generator's: test/layout.ts). */
export type { LayoutColumn };

/** Goal-row forms of other templates. */
export type GoalForm = "numbered" | "ordinal" | "upper" | "dash-dot" | "roman";
/** How column 9's levels are written. */
export type LevelForm = "pct" | "plain" | "huvi" | "pct-label" | "words";
/** How item numbers are written: "1.1", "1.1.", "1.1)". */
export type ItemForm = "plain" | "dot" | "paren";

/** A table layout other than the seed's: column order and subset, wording, header rows, forms. */
export interface Layout {
	/** The columns in physical order. */
	columns: LayoutColumn[];
	/** Header wording per column (a role missing here gets its first wording). */
	headers: Partial<Record<LayoutColumn, string>>;
	/** 0: the header row is blank; 2: "Зорилтот түвшин" over "Хагас жил | Бүтэн жил". */
	headerRows: 0 | 1 | 2;
	/** A "1 | 2 | … | N" numbering row under the header and after page breaks. */
	numbering: boolean;
	/** Without a numbering row: the header is repeated after a page break (else an empty one). */
	repeatHeader: boolean;
	goalForm: GoalForm;
	levelForm: LevelForm;
	itemForm: ItemForm;
}

/** Header wordings per column, the first being the seed's (docs/layouts.md lists them). */
export const HEADER_WORDINGS: Record<LayoutColumn, readonly string[]> = {
	item: ["№", "Д/д", "д/д", "Дэс дугаар"],
	activity: [
		"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
		"Арга хэмжээ",
		"Хэрэгжүүлэх арга хэмжээ",
		"Зорилт, арга хэмжээ",
		"Үйл ажиллагаа",
		"Арга хэмжээ (2024)",
	],
	budget: [
		"Төсөв",
		"Төсөв (сая ₮)",
		"Санхүүжилт",
		"Санхүүжилтийн эх үүсвэр",
		"Төсөв, эх үүсвэр",
	],
	indicator: [
		"Шалгуур үзүүлэлт",
		"Шалгуур",
		"Шалг. үзүүлэлт",
		"ШАЛГУУР ҮЗҮҮЛЭЛТ",
		"Шалгуур узуулэлт",
	],
	baseline: [
		"Суурь түвшин",
		"Суурь түвшин (2023)",
		"Суурь",
		"Суурь түв.",
		"Суурь үзүүлэлт",
		"Өмнөх оны түвшин",
	],
	targetHalfYear: [
		"Хагас жил",
		"Хагас жилийн зорилт",
		"Зорилтот түвшин /Хагас жил/",
		"Хагас жилийн зорилтот түвшин",
	],
	targetFullYear: [
		"Бүтэн жил",
		"Жилийн эцэс",
		"Жилийн эцсийн зорилт",
		"Зорилтот түвшин /Бүтэн жил/",
		"Бүтэн жилийн зорилтот түвшин",
	],
	achievement: [
		"Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/",
		"Хүрсэн түвшин",
		"Хэрэгжилт",
		"Хэрэгжилтийн явц",
		"Хүрсэн үр дүн",
		"Биелэлт",
	],
	performance: [
		"Гүйцэтгэлийн хувь",
		"Хэрэгжилтийн хувь",
		"Биелэлтийн хувь",
		"Гүйцэтгэл (%)",
		"Үнэлгээ",
		"Гуйцэтгэлийн хувь",
	],
	responsible: ["Хариуцах нэгж", "Хариуцах эзэн", "Хариуцагч"],
	deadline: ["Хугацаа", "Хэрэгжүүлэх хугацаа"],
	notes: ["Тайлбар", "Тэмдэглэл"],
};

/** The seed's own layout (9 columns, two header rows, numbering row). */
export const SEED_LAYOUT: Layout = {
	columns: [
		"item",
		"activity",
		"budget",
		"indicator",
		"baseline",
		"targetHalfYear",
		"targetFullYear",
		"achievement",
		"performance",
	],
	headers: {},
	headerRows: 2,
	numbering: true,
	repeatHeader: false,
	goalForm: "numbered",
	levelForm: "pct",
	itemForm: "plain",
};

const ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];

/** A goal row's cells by column, in one of the goal forms. */
function layoutGoalCells(
	goal: Goal,
	form: GoalForm,
): Partial<Record<LayoutColumn, string>> {
	const n = goal.number;
	switch (form) {
		case "numbered":
			return { item: String(n), activity: `Зорилт ${n}. ${goal.title}` };
		case "ordinal":
			return {
				activity: `${n} ${[1, 4, 9].includes(n % 10) ? "дүгээр" : "дугаар"} зорилт: ${goal.title}`,
			};
		case "upper":
			return { item: `ЗОРИЛТ ${n}:`, activity: goal.title };
		case "dash-dot":
			return { activity: `Зорилт-${n}. ${goal.title}` };
		case "roman":
			return { activity: `${ROMAN_NUMERALS[n - 1] ?? n}. ${goal.title}` };
	}
}

/** Column 9 as printed in a level form. */
export function levelText(m: Measure, form: LevelForm): string {
	const n = m.performancePct;
	if (n === null) return m.notDue ? NOT_DUE_TEXT : (m.performanceRaw ?? "");
	const label: Record<number, string> = {
		100: "Бүрэн хэрэгжсэн",
		90: "Тодорхой үр дүнд хүрсэн",
		80: "Тодорхой үр дүнд хүрсэн",
		70: "Хэрэгжих шатанд",
		30: "Хэрэгжилт хангалтгүй",
		0: "Хэрэгжээгүй",
	};
	switch (form) {
		case "pct":
			return `${n}%`;
		case "plain":
			return String(n);
		case "huvi":
			return `${n} хувь`;
		case "pct-label":
			return `${n}% ${label[n]}`;
		case "words":
			// The words alone name 100, 70, 30 and 0; 90 and 80 share theirs, so the number stays.
			return n === 90 || n === 80 ? `${n}% ${label[n]}` : (label[n] ?? "");
	}
}

const ITEM_SUFFIX: Record<ItemForm, string> = {
	plain: "",
	dot: ".",
	paren: ")",
};

/** Evidence-only columns' text for a measure (not in the record: the import must not use it). */
function extraText(col: LayoutColumn, m: Measure): string {
	if (col === "responsible") return `Төрийн захиргааны хэлтэс ${m.item}`;
	if (col === "deadline") return "2024 оны IV улирал";
	if (col === "notes")
		return Number(m.item.split(".")[1]) % 3 === 0 ? "Тайлбаргүй" : "";
	return "";
}

/**
 * Render a report as Markdown in another layout, with the plan's page breaks, row splits and
 * pushes (as {@link renderReportMarkdown}). Columns absent from the layout are not printed, so
 * the record read back has them empty; evidence-only columns hold text that is in no field.
 */
export function renderLayoutMarkdown(
	record: ReportRecord,
	plan: RenderPlan,
	layout: Layout,
): string {
	const cols = layout.columns;
	const n = cols.length;
	const rows = tableRows(record);
	const cells = displayedAchievements(record, plan.pushes);
	const breaks = new Map(plan.pageBreaks.map((b) => [b.afterRow, b]));
	const wording = (c: LayoutColumn) =>
		layout.headers[c] ?? (HEADER_WORDINGS[c][0] as string);
	const project = (byCol: Partial<Record<LayoutColumn, string>>) =>
		cols.map((c) => byCol[c] ?? "");
	const half = cols.indexOf("targetHalfYear");
	const full = cols.indexOf("targetFullYear");
	const twoRows = layout.headerRows === 2 && half >= 0 && full === half + 1;
	const headerLines: string[] = [];
	if (layout.headerRows === 0) {
		headerLines.push(mdRow(cols.map(() => "")), delimiter(n));
	} else if (twoRows) {
		const top = cols.map((c, i) =>
			i === half ? "Зорилтот түвшин" : i === full ? "" : wording(c),
		);
		const sub = cols.map((_, i) =>
			i === half ? "Хагас жил" : i === full ? "Бүтэн жил" : "",
		);
		headerLines.push(mdRow(top), delimiter(n), mdRow(sub));
	} else {
		headerLines.push(mdRow(cols.map(wording)), delimiter(n));
	}
	const numberingRow = mdRow(cols.map((_, i) => String(i + 1)));
	const out: string[] = ["", "", ...titleLines(record.report.title), ""];
	out.push(...headerLines);
	if (layout.numbering) out.push(numberingRow);
	let pending: string[] | null = null;
	rows.forEach((row, r) => {
		if (row.kind === "goal") {
			out.push(mdRow(project(layoutGoalCells(row.goal, layout.goalForm))));
		} else {
			const m = row.measure;
			const split = breaks.get(r)?.split ?? null;
			const ach = cells[row.index] ?? [];
			const [act1, act2] = splitText(m.activity, split?.activity ?? null);
			const [bud1, bud2] = splitText(m.budget.raw, split?.budget ?? null);
			const [ind1, ind2] = splitText(m.indicator, split?.indicator ?? null);
			const [ach1, ach2] = split?.achievement
				? cutParagraphs(ach, split.achievement)
				: [ach, []];
			const perf = levelText(m, layout.levelForm);
			const movePerf = split?.performanceInContinuation === true;
			out.push(
				mdRow(
					project({
						item: `${m.item}${ITEM_SUFFIX[layout.itemForm]}`,
						activity: act1,
						budget: bud1,
						indicator: ind1,
						baseline: m.baseline.raw,
						targetHalfYear: m.targetHalfYear.raw,
						targetFullYear: m.targetFullYear.raw,
						achievement: paragraphsCell(ach1, plan),
						performance: movePerf ? "" : perf,
						responsible: extraText("responsible", m),
						deadline: extraText("deadline", m),
						notes: extraText("notes", m),
					}),
				),
			);
			if (split)
				pending = project({
					activity: act2,
					budget: bud2,
					indicator: ind2,
					achievement: paragraphsCell(ach2, plan),
					performance: movePerf ? perf : "",
				});
		}
		if (breaks.has(r)) {
			out.push("");
			if (layout.numbering) out.push(numberingRow, delimiter(n));
			else if (layout.repeatHeader && layout.headerRows > 0)
				out.push(...headerLines);
			else out.push(mdRow(cols.map(() => "")), delimiter(n));
			if (pending) out.push(mdRow(pending));
			pending = null;
		}
	});
	out.push("", ...backMatter(record, plan.pageBreaks.length + 2));
	return `${out.join("\n")}\n`;
}

/** The record a layout can give back: absent columns empty, everything else as is. */
export function recordInLayout(
	record: ReportRecord,
	layout: Layout,
): ReportRecord {
	const has = (c: LayoutColumn) => layout.columns.includes(c);
	const empty = { raw: "", value: null, unit: null };
	return {
		...record,
		measures: record.measures.map((m) => ({
			...m,
			budget: has("budget")
				? m.budget
				: { raw: "", amountMnt: null, source: null },
			baseline: has("baseline") ? m.baseline : empty,
			targetHalfYear: has("targetHalfYear") ? m.targetHalfYear : empty,
			targetFullYear: has("targetFullYear") ? m.targetFullYear : empty,
		})),
	};
}

/** A random layout: order and subset of the columns, wordings, header rows and written forms. */
export function layoutArb(
	options: { blankHeader?: boolean } = {},
): fc.Arbitrary<Layout> {
	const core: LayoutColumn[] = [
		"item",
		"activity",
		"indicator",
		"targetFullYear",
		"achievement",
		"performance",
	];
	const optional: LayoutColumn[] = [
		"budget",
		"baseline",
		"targetHalfYear",
		"responsible",
		"deadline",
		"notes",
	];
	return fc
		.record({
			optional: fc.subarray(optional),
			order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
			keepTargetsTogether: fc.boolean(),
			wordings: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
			headerRows: options.blankHeader
				? fc.constant<0>(0)
				: fc.constantFrom<1 | 2>(1, 2),
			numbering: fc.boolean(),
			repeatHeader: fc.boolean(),
			goalForm: fc.constantFrom<GoalForm>(
				"numbered",
				"ordinal",
				"upper",
				"dash-dot",
				"roman",
			),
			levelForm: fc.constantFrom<LevelForm>(
				"pct",
				"plain",
				"huvi",
				"pct-label",
				"words",
			),
			itemForm: fc.constantFrom<ItemForm>("plain", "dot", "paren"),
		})
		.map((s) => {
			const chosen = [...core, ...s.optional];
			// A random permutation by sort keys.
			let columns = chosen
				.map((c, i) => ({ c, k: s.order[i] ?? 0 }))
				.sort((a, b) => a.k - b.k)
				.map((x) => x.c);
			if (s.keepTargetsTogether && columns.includes("targetHalfYear")) {
				columns = columns.filter((c) => c !== "targetHalfYear");
				columns.splice(columns.indexOf("targetFullYear"), 0, "targetHalfYear");
			}
			const headers: Partial<Record<LayoutColumn, string>> = {};
			(Object.keys(HEADER_WORDINGS) as LayoutColumn[]).forEach((c, i) => {
				const list = HEADER_WORDINGS[c];
				headers[c] = list[(s.wordings[i] ?? 0) % list.length];
			});
			// With one target column the wording must say which ("Бүтэн жил"), not just "Зорилтот".
			return {
				columns,
				headers,
				headerRows: s.headerRows,
				numbering: s.numbering,
				repeatHeader: s.repeatHeader,
				goalForm: s.goalForm,
				levelForm: s.levelForm,
				itemForm: s.itemForm,
			};
		});
}
