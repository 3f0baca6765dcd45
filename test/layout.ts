/**
 * Layout generator: one seeded `Layout` describes how a report is typed — which columns the plan
 * table has and in which order, how its header, goal rows, item numbers and levels are written,
 * how the title, approval block, signatures, summary and evaluation sheet are arranged — and
 * `layoutRecord` varies the gold record it is filled with (a subset of the seed's items, another
 * year, period, department, organisation, people and levels; summary and evaluation recomputed so
 * they agree with the table). `layoutBlocks` turns both into one neutral block list, which the
 * writers in test/layout-render.ts print as Markdown, Word and PDF, so the three formats carry the
 * same text. The record a correct import returns is `expectedRecord(record, layout)`.
 */
import type {
	Evaluation,
	Goal,
	Measure,
	ReportRecord,
	Summary,
} from "../pipeline/records.ts";
import { prng } from "../scripts/prng.ts";
import { NOT_DUE_TEXT, paragraphsOf, tableRows } from "./render.ts";

// ───────────────────────────── the layout ─────────────────────────────

/** What a column of the plan table holds; the last three are kept as evidence only. */
export type LayoutColumn =
	| "item"
	| "activity"
	| "budget"
	| "indicator"
	| "baseline"
	| "targetHalfYear"
	| "targetFullYear"
	| "achievement"
	| "performance"
	| "responsible"
	| "deadline"
	| "notes";

export type GoalForm =
	| "Зорилт 1."
	| "1 дүгээр зорилт:"
	| "ЗОРИЛТ 1:"
	| "Зорилт-1."
	| "I.";
/** Where a goal row's text stands: one cell over the row, the number in № and the text beside it,
 * or all of it in the first cell. */
export type GoalPlace = "span" | "number-and-text" | "first-cell";
export type LevelForm = "100" | "100%" | "100 хувь" | "100% words" | "words";
export type ItemForm = "1.1" | "1.1." | "1.1)";
export type TitleForm = "one-line" | "two-lines" | "paragraphs";
export type OrgPlace = "title" | "header" | "sheet" | "signatures";
export type SignatureForm =
	| "lines"
	| "paragraph"
	| "paragraphs"
	| "tabs"
	| "table";
export type SummaryForm = "table" | "table-alt" | "text" | "none";
export type EvaluationForm = "tables" | "text" | "none";
/** What opens a page after the first: the header rows (and numbering row), the numbering row, or
 * nothing (the rows just go on). */
export type HeaderRepeat = "header" | "numbering" | "none";

export interface Layout {
	seed: number;
	columns: LayoutColumn[];
	/** The header text of each column (index-aligned with `columns`). With two header rows the two
	 * targets stand under one "group" cell and their own texts go in the second row. */
	headers: string[];
	headerRows: 1 | 2;
	/** The group header over the two targets (two header rows only). */
	targetGroup: string;
	numberingRow: boolean;
	repeat: HeaderRepeat;
	/** Filled header band (Word shading, a grey band in PDFs). */
	shaded: boolean;
	/** The header text is blanked out (the cells are there, empty). */
	blankHeader: boolean;
	goalForm: GoalForm;
	goalPlace: GoalPlace;
	levelForm: LevelForm;
	itemForm: ItemForm;
	/** Markdown and per-page Word: table rows per page. */
	rowsPerPage: number;
	/** Word: one table, or one table per page. */
	docxTables: "one" | "per-page";
	titleForm: TitleForm;
	approval: boolean;
	orgPlace: OrgPlace;
	signatures: SignatureForm;
	summary: SummaryForm;
	evaluation: EvaluationForm;
	/** The evaluation sheet names the employee in its title (the seed) or on labelled lines. */
	employeeLine: "title" | "labelled";
	/** The summary comes before the evaluation sheet. */
	summaryFirst: boolean;
	dateForm: "long" | "dots";
}

// ───────────────────────────── vocabulary ─────────────────────────────

interface Unit {
	name: string;
	genitive: string;
}
const DEPARTMENTS: readonly Unit[] = [
	{
		name: "Төрийн захиргааны удирдлагын хэлтэс",
		genitive: "Төрийн захиргааны удирдлагын хэлтсийн",
	},
	{
		name: "Хөгжлийн бодлого, төлөвлөлтийн хэлтэс",
		genitive: "Хөгжлийн бодлого, төлөвлөлтийн хэлтсийн",
	},
	{ name: "Хууль, эрх зүйн хэлтэс", genitive: "Хууль, эрх зүйн хэлтсийн" },
	{
		name: "Санхүү, төрийн сангийн хэлтэс",
		genitive: "Санхүү, төрийн сангийн хэлтсийн",
	},
	{ name: "Хөрөнгө оруулалтын алба", genitive: "Хөрөнгө оруулалтын албаны" },
	{ name: "Дотоод аудитын алба", genitive: "Дотоод аудитын албаны" },
	{
		name: "Нийгмийн бодлогын хэлтэс",
		genitive: "Нийгмийн бодлогын хэлтсийн",
	},
];
const ORGANIZATIONS: readonly (Unit & { head: string })[] = [
	{
		name: "Аймгийн Засаг даргын Тамгын газар",
		genitive: "Аймгийн Засаг даргын Тамгын газрын",
		head: "Тамгын газрын дарга",
	},
	{
		name: "Баянхонгор аймгийн Засаг даргын Тамгын газар",
		genitive: "Баянхонгор аймгийн Засаг даргын Тамгын газрын",
		head: "Тамгын газрын дарга",
	},
	{
		name: "Сумын Засаг даргын Тамгын газар",
		genitive: "Сумын Засаг даргын Тамгын газрын",
		head: "Тамгын газрын дарга",
	},
	{
		name: "Нийслэлийн Засаг даргын Тамгын газар",
		genitive: "Нийслэлийн Засаг даргын Тамгын газрын",
		head: "Тамгын газрын дарга",
	},
	{
		name: "Цахим хөгжил, харилцаа холбооны яам",
		genitive: "Цахим хөгжил, харилцаа холбооны яамны",
		head: "Төрийн нарийн бичгийн дарга",
	},
	{
		name: "Гэр бүл, хүүхэд, залуучуудын хөгжлийн газар",
		genitive: "Гэр бүл, хүүхэд, залуучуудын хөгжлийн газрын",
		head: "Газрын дарга",
	},
];
interface Person {
	father: string;
	fatherGenitive: string;
	given: string;
}
const PEOPLE: readonly Person[] = [
	{ father: "Пүрэв", fatherGenitive: "Пүрэвийн", given: "Отгонбаяр" },
	{ father: "Дорж", fatherGenitive: "Доржийн", given: "Энхжаргал" },
	{ father: "Батаа", fatherGenitive: "Батаагийн", given: "Мөнхзул" },
	{ father: "Ганбат", fatherGenitive: "Ганбатын", given: "Түвшинжаргал" },
	{ father: "Цэрэн", fatherGenitive: "Цэрэнгийн", given: "Батмөнх" },
	{ father: "Сүх", fatherGenitive: "Сүхийн", given: "Эрдэнэ-Очир" },
	{ father: "Очир", fatherGenitive: "Очирын", given: "Үүрцайх" },
	{ father: "Болд", fatherGenitive: "Болдын", given: "Сарангэрэл" },
	{ father: "Өлзий", fatherGenitive: "Өлзийн", given: "Ганчимэг" },
	{ father: "Лхагва", fatherGenitive: "Лхагвын", given: "Нямдорж" },
];
const signed = (p: Person): string => `${p.father.charAt(0)}.${p.given}`;

/** Header wordings per column: the seed's phrase, synonyms, abbreviations. `{y}` is the report's
 * year, `{b}` the year before. */
const HEADER_WORDS: Record<LayoutColumn, readonly string[]> = {
	item: ["№", "Д/д", "№ д/д", "Д/Д"],
	activity: [
		"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
		"Хэрэгжүүлэх арга хэмжээ",
		"Зорилт, арга хэмжээ",
		"Арга хэмжээ",
		"Гүйцэтгэлийн зорилт, арга хэмжээ",
	],
	budget: [
		"Төсөв",
		"Төсөв /сая төг/",
		"Санхүүжилт",
		"Төсөв, санхүүжилтийн эх үүсвэр",
	],
	indicator: [
		"Шалгуур үзүүлэлт",
		"Шалгуур үзүүлэлт /хэмжих нэгж/",
		"Шалг. үзүүлэлт",
		"Үр дүнгийн шалгуур үзүүлэлт",
	],
	baseline: [
		"Суурь түвшин",
		"Суурь түвшин ({b})",
		"Суурь түв.",
		"Суурь үзүүлэлт",
	],
	targetHalfYear: [
		"Хагас жил",
		"Зорилтот түвшин (хагас жил)",
		"Хагас жилийн зорилт",
		"Зорилтот түв. /хагас жил/",
	],
	targetFullYear: [
		"Бүтэн жил",
		"Зорилтот түвшин (бүтэн жил)",
		"Жилийн эцсийн зорилт",
		"Зорилтот түвшин ({y})",
	],
	achievement: [
		"Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/",
		"Хүрсэн түвшин",
		"Хэрэгжилт, хүрсэн үр дүн",
		"Хүрсэн түвшин буюу хэрэгжилт",
	],
	performance: [
		"Гүйцэтгэлийн хувь",
		"Хэрэгжилтийн хувь",
		"Гүйцэтгэл (%)",
		"Биелэлтийн хувь",
		"Гүйц. хувь",
	],
	responsible: ["Хариуцах нэгж", "Хариуцах эзэн", "Хариуцагч"],
	deadline: ["Хэрэгжих хугацаа", "Хугацаа"],
	notes: ["Тайлбар", "Тэмдэглэл"],
};
/** Sub-header words under a two-row target group. */
const SUB_TARGET: Record<"targetHalfYear" | "targetFullYear", string[]> = {
	targetHalfYear: ["Хагас жил", "Хагас жилд"],
	targetFullYear: ["Бүтэн жил", "Жилийн эцэст"],
};
const TARGET_GROUP = ["Зорилтот түвшин", "Зорилтот түвшин ({y})"];

/** Light OCR garble: a Latin look-alike inside one word (what OCR of a header does). */
const LOOKALIKE: Record<string, string> = {
	о: "o",
	а: "a",
	е: "e",
	р: "p",
	с: "c",
	х: "x",
};

const SEED_ORDER: readonly LayoutColumn[] = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performance",
];

// ───────────────────────────── random helpers ─────────────────────────────

export type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T =>
	xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number): boolean => r() < p;
function shuffle<T>(r: Rand, xs: readonly T[]): T[] {
	const out = [...xs];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(r() * (i + 1));
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}

function garble(r: Rand, text: string): string {
	const spots = [...text].flatMap((c, i) => (LOOKALIKE[c] ? [i] : []));
	if (spots.length === 0) return text;
	const at = pick(r, spots);
	const chars = [...text];
	chars[at] = LOOKALIKE[chars[at] as string] as string;
	return chars.join("");
}

// ───────────────────────────── random layouts ─────────────────────────────

export interface LayoutOptions {
	/** Keep the seed's table: nine columns in the seed's order, the seed's header words, goal
	 * rows "Зорилт 1.", levels "100%", items "1.1" (only the text outside the table varies). */
	seedTable?: boolean;
}

/** A random layout from a seed (the same seed gives the same layout). */
export function randomLayout(
	seed: number,
	options: LayoutOptions = {},
): Layout {
	const r = prng(seed);
	let columns: LayoutColumn[];
	if (options.seedTable) columns = [...SEED_ORDER];
	else {
		const body: LayoutColumn[] = SEED_ORDER.filter(
			(c) => c !== "item" && c !== "targetHalfYear" && c !== "targetFullYear",
		);
		const noBudget = chance(r, 0.3);
		const oneTarget = chance(r, 0.3);
		const extras = (["responsible", "deadline", "notes"] as const).filter(() =>
			chance(r, 0.25),
		);
		// the two targets travel together (a group header stands over them)
		const units: LayoutColumn[][] = [
			...body.filter((c) => !(noBudget && c === "budget")).map((c) => [c]),
			oneTarget ? ["targetFullYear"] : ["targetHalfYear", "targetFullYear"],
			...extras.map((c) => [c]),
		];
		const ordered = chance(r, 0.35)
			? units.sort(
					(a, b) =>
						orderKey(a[0] as LayoutColumn) - orderKey(b[0] as LayoutColumn),
				)
			: shuffle(r, units);
		columns = ["item", ...ordered.flat()];
	}
	const headerRows: 1 | 2 =
		columns.includes("targetHalfYear") && chance(r, 0.6) ? 2 : 1;
	const headers = columns.map((c) => {
		if (options.seedTable)
			return c === "targetHalfYear" || c === "targetFullYear"
				? (SUB_TARGET[c][0] as string)
				: (HEADER_WORDS[c][0] as string);
		if (headerRows === 2 && (c === "targetHalfYear" || c === "targetFullYear"))
			return pick(r, SUB_TARGET[c]);
		if (c === "targetFullYear" && !columns.includes("targetHalfYear"))
			return pick(r, ["Зорилтот түвшин", "Зорилтот түвшин ({y})"]);
		let words = pick(r, HEADER_WORDS[c]);
		if (
			headerRows === 1 &&
			(words === "Хагас жил" || words === "Бүтэн жил") &&
			!options.seedTable
		)
			words = `Зорилтот түвшин /${words.toLowerCase()}/`;
		return words;
	});
	const garbled = options.seedTable
		? headers
		: headers.map((h) => (chance(r, 0.08) ? garble(r, h) : h));
	const numberingRow = chance(r, 0.6);
	const repeat: HeaderRepeat = pick(
		r,
		numberingRow ? ["header", "numbering", "none"] : ["header", "none"],
	);
	const evaluation: EvaluationForm = pick(r, [
		"tables",
		"tables",
		"text",
		"none",
	]);
	const orgPlace: OrgPlace = pick(
		r,
		evaluation === "none"
			? ["title", "header", "signatures"]
			: ["title", "header", "sheet", "signatures"],
	);
	return {
		seed,
		columns,
		headers: garbled,
		headerRows: options.seedTable ? 2 : headerRows,
		targetGroup: options.seedTable ? "Зорилтот түвшин" : pick(r, TARGET_GROUP),
		numberingRow: options.seedTable ? true : numberingRow,
		repeat,
		shaded: chance(r, 0.3),
		blankHeader: false,
		goalForm: pick(r, [
			"Зорилт 1.",
			"1 дүгээр зорилт:",
			"ЗОРИЛТ 1:",
			"Зорилт-1.",
			"I.",
		]),
		goalPlace: pick(r, ["span", "number-and-text", "first-cell"]),
		levelForm: pick(r, ["100", "100%", "100 хувь", "100% words", "words"]),
		itemForm: pick(r, ["1.1", "1.1.", "1.1)"]),
		...(options.seedTable
			? {
					goalForm: "Зорилт 1." as const,
					goalPlace: "number-and-text" as const,
					levelForm: "100%" as const,
					itemForm: "1.1" as const,
				}
			: {}),
		rowsPerPage: 3 + Math.floor(r() * 6),
		docxTables: pick(r, ["one", "per-page"]),
		titleForm: pick(r, ["one-line", "two-lines", "paragraphs"]),
		approval: chance(r, 0.4),
		orgPlace,
		signatures: pick(r, ["lines", "paragraph", "paragraphs", "tabs", "table"]),
		summary: pick(r, ["table", "table-alt", "text", "text", "none"]),
		evaluation,
		employeeLine: pick(r, ["title", "labelled"]),
		summaryFirst: chance(r, 0.4),
		dateForm: pick(r, ["long", "dots"]),
	};
}

function orderKey(c: LayoutColumn): number {
	const i = SEED_ORDER.indexOf(c);
	return i < 0 ? 100 + ["responsible", "deadline", "notes"].indexOf(c) : i;
}

/** The same layout with its header text blanked out (cells kept, empty). */
export function blankHeader(layout: Layout): Layout {
	return { ...layout, blankHeader: true };
}

// ───────────────────────────── the record ─────────────────────────────

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Mean level over the items that are due, as the summary prints it (one decimal). */
export function planCompletion(measures: readonly Measure[]): number | null {
	const due = measures.filter((m) => m.performancePct !== null);
	if (due.length === 0) return null;
	return round1(
		due.reduce((s, m) => s + (m.performancePct as number), 0) / due.length,
	);
}

/**
 * The record a layout is filled with: the gold's goals and items cut to a few goals of a few
 * items each, renumbered as a real report numbers them (goals 1…k, items g.1…g.n within each goal,
 * every goal with at least one item), with another year, period, department, organisation, people
 * and levels. The summary
 * and the evaluation are recomputed from the levels (a report whose sheets disagree with its
 * table is a different test).
 */
export function layoutRecord(gold: ReportRecord, seed: number): ReportRecord {
	const r = prng(seed ^ 0x5bd1e995);
	const goalCount = 2 + Math.floor(r() * 2);
	const goals = shuffle(r, gold.goals)
		.slice(0, goalCount)
		.sort((a, b) => a.number - b.number);
	const year = 2019 + Math.floor(r() * 8);
	const period = chance(r, 0.3) ? "half-year" : "annual";
	const measures: Measure[] = [];
	const kept: Goal[] = [];
	for (const g of goals) {
		const all = gold.measures.filter((m) => m.goal === g.number);
		const n = Math.min(all.length, 2 + Math.floor(r() * 3));
		const start = Math.floor(r() * (all.length - n + 1));
		const slice = all.slice(start, start + n);
		if (slice.length === 0) continue;
		// a real report numbers its goals 1, 2, 3… and each goal's items g.1, g.2…: the kept goals
		// and items are renumbered, so the numbering has no gap (pipeline/completeness.ts holds one)
		const goalNumber = kept.length + 1;
		kept.push({ ...g, number: goalNumber });
		for (const [i, m] of slice.entries()) {
			const roll = r();
			const level =
				roll < 0.55
					? 100
					: roll < 0.63
						? 90
						: roll < 0.7
							? 80
							: roll < 0.78
								? 70
								: roll < 0.84
									? 30
									: roll < 0.9
										? 0
										: null;
			const { notes: _notes, ...rest } = m as Measure & { notes?: string };
			const out: Measure = {
				...rest,
				achievement: wholeSentences(rest.achievement),
				item: `${goalNumber}.${i + 1}`,
				goal: goalNumber,
				performancePct: level,
			};
			delete out.notDue;
			delete out.performanceRaw;
			delete out.provenance;
			if (level === null) out.notDue = true;
			measures.push(out);
		}
	}
	if (measures.every((m) => m.notDue)) {
		const first = measures[0] as Measure;
		first.performancePct = 100;
		delete first.notDue;
	}
	const dept = pick(r, DEPARTMENTS);
	const org = pick(r, ORGANIZATIONS);
	const [preparer, reviewer] = shuffle(r, PEOPLE);
	const prep = preparer as Person;
	const rev = reviewer as Person;
	const month = period === "annual" ? 12 : 6;
	const day = 5 + Math.floor(r() * 20);
	const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
	const evalDate = `${year}-${String(month).padStart(2, "0")}-${String(day + 3).padStart(2, "0")}`;
	const pct = planCompletion(measures);
	const count = (lv: number | null) =>
		measures.filter((m) => m.performancePct === lv && (lv !== null || m.notDue))
			.length;
	const summary: Summary = {
		date,
		itemsMonitored: measures.length,
		levels: {
			"100": count(100),
			"90": count(90),
			"80": count(80),
			"70": count(70),
			"30": count(30),
			"0": count(0),
			notDue: count(null),
		},
		planCompletionPct: pct,
	};
	const skills = pick(r, [15, 14, 13, 12]);
	const attitude = pick(r, [15, 14, 13]);
	const planScore = pct === null ? null : round1((pct * 70) / 100);
	const evaluation: Evaluation = {
		employee: `${prep.fatherGenitive} ${prep.given}`,
		position: `${dept.genitive} дарга`,
		organization: org.name,
		unit: dept.name,
		planCompletionPct: pct,
		planScore,
		planScoreMax: 70,
		skillsScore: skills,
		skillsScoreMax: 15,
		attitudeScore: attitude,
		attitudeScoreMax: 15,
		total: planScore === null ? null : round1(planScore + skills + attitude),
		evaluator: signed(rev),
		date: evalDate,
	};
	const periodWords = period === "annual" ? "ЖИЛИЙН ЭЦСИЙН" : "ХАГАС ЖИЛИЙН";
	return {
		source: "input",
		report: {
			title: `${up(dept.genitive)} ${year} ОНЫ ${periodWords} ГҮЙЦЭТГЭЛИЙН ТАЙЛАН`,
			organization: org.name,
			department: dept.name,
			year,
			period,
			preparedBy: signed(prep),
			reviewedBy: signed(rev),
		},
		goals: kept,
		measures,
		summary,
		evaluation,
	};
}

/**
 * A narrative as a report typed afresh prints it: ending its last sentence. The seed lost the end
 * of one narrative in its source (4.16); a sentence cut at an item's end is the narrative
 * aligner's question (pipeline/stitch/align.ts, tested on the seed), where pulling the next
 * item's first paragraph back is a flagged decision — not a question of the layout.
 */
function wholeSentences(text: string): string {
	const t = text.trimEnd();
	return t === "" || /[.!?…»")]$/u.test(t) ? text : `${t}.`;
}

/** The record a correct import of `record` printed in `layout` returns. */
export function expectedRecord(
	record: ReportRecord,
	layout: Layout,
): ReportRecord {
	const blank = { raw: "", value: null, unit: null };
	const has = (c: LayoutColumn) => layout.columns.includes(c);
	return {
		...record,
		report: { ...record.report, title: printedTitle(record, layout) },
		measures: record.measures.map((m) => ({
			...m,
			budget: has("budget")
				? m.budget
				: { raw: "", amountMnt: null, source: null },
			targetHalfYear: has("targetHalfYear") ? m.targetHalfYear : blank,
		})),
		summary: layout.summary === "none" ? null : record.summary,
		evaluation: layout.evaluation === "none" ? null : record.evaluation,
	};
}

// ───────────────────────────── blocks ─────────────────────────────

/** One cell of a neutral table: its paragraphs and spans. */
export interface LCell {
	paras: string[];
	colSpan?: number;
	rowSpan?: number;
	bold?: boolean;
}
export interface LRow {
	cells: LCell[];
	/** a header row (repeated per page when the table says so) */
	header?: boolean;
	/** the plan table's numbering row */
	numbering?: boolean;
}
export interface LTable {
	kind: "table";
	rows: LRow[];
	/** relative column widths */
	widths: number[];
	/** what opens a new page inside this table */
	repeat: HeaderRepeat;
	shaded: boolean;
	/** the plan table (paged by rowsPerPage in Markdown and per-page Word) */
	plan: boolean;
}
export interface LPara {
	kind: "para";
	/** lines of the paragraph; a line may hold tabs */
	lines: string[];
	bold?: boolean;
	center?: boolean;
}
export interface LBreak {
	kind: "break";
}
export type LBlock = LTable | LPara | LBreak;

export const up = (s: string): string => s.toLocaleUpperCase("mn");
const para = (
	lines: string[],
	o: { bold?: boolean; center?: boolean } = {},
): LPara => ({
	kind: "para",
	lines,
	...o,
});

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
/** "дүгээр" after 1, 4, 9 (and 11, 14, 19), "дугаар" otherwise. */
export const ordinalSuffix = (n: number): string =>
	[1, 4, 9].includes(n % 10) ? "дүгээр" : "дугаар";

function goalText(goal: Goal, form: GoalForm): string {
	const n = goal.number;
	switch (form) {
		case "Зорилт 1.":
			return `Зорилт ${n}. ${goal.title}`;
		case "1 дүгээр зорилт:":
			return `${n} ${ordinalSuffix(n)} зорилт: ${goal.title}`;
		case "ЗОРИЛТ 1:":
			return `ЗОРИЛТ ${n}: ${goal.title}`;
		case "Зорилт-1.":
			return `Зорилт-${n}. ${goal.title}`;
		case "I.":
			return `${ROMAN[n - 1] ?? n}. ${goal.title}`;
	}
}

const LEVEL_WORDS: Record<number, string> = {
	100: "Бүрэн хэрэгжсэн",
	90: "Тодорхой үр дүнд хүрсэн",
	80: "Тодорхой үр дүнд хүрсэн",
	70: "Хэрэгжих шатанд",
	30: "Хэрэгжилт хангалтгүй",
	0: "Хэрэгжээгүй",
};

/** The performance cell as the layout writes it. "words" alone only for 100 (the words for 90 and
 * 80 are the same: they need their number). */
export function levelText(m: Measure, form: LevelForm): string {
	if (m.performancePct === null) return m.notDue ? NOT_DUE_TEXT : "";
	const n = m.performancePct;
	switch (form) {
		case "100":
			return String(n);
		case "100%":
			return `${n}%`;
		case "100 хувь":
			return `${n} хувь`;
		case "100% words":
			return `${n}% ${LEVEL_WORDS[n]}`;
		case "words":
			return n === 100 ? (LEVEL_WORDS[100] as string) : `${n}%`;
	}
}

function itemText(item: string, form: ItemForm): string {
	return form === "1.1" ? item : form === "1.1." ? `${item}.` : `${item})`;
}

const RESPONSIBLE = [
	"Хэлтсийн дарга",
	"Ахлах мэргэжилтэн",
	"Мэргэжилтэн",
	"Хэлтэс",
];
const DEADLINE = ["Жилдээ", "I-IV улирал", "Тухай бүр", "Жилийн эцэст"];
const NOTES = ["", "", "Хэрэгжсэн", "Тогтмол", "Хяналтад"];

const WIDTH: Record<LayoutColumn, number> = {
	item: 3.5,
	activity: 14,
	budget: 7,
	indicator: 10,
	baseline: 6,
	targetHalfYear: 6,
	targetFullYear: 6,
	achievement: 36,
	performance: 7,
	responsible: 7,
	deadline: 6,
	notes: 6,
};

const fill = (text: string, year: number): string =>
	text.replace("{y}", String(year)).replace("{b}", String(year - 1));

/** The plan table of `record` as `layout` writes it. */
function planTable(record: ReportRecord, layout: Layout): LTable {
	const year = record.report.year ?? 2024;
	const cols = layout.columns;
	const n = cols.length;
	const blank = (s: string) => (layout.blankHeader ? "" : s);
	const rows: LRow[] = [];
	const hc = (text: string, o: Partial<LCell> = {}): LCell => ({
		paras: text === "" ? [] : [text],
		bold: true,
		...o,
	});
	if (layout.headerRows === 2) {
		const top: LCell[] = [];
		const sub: LCell[] = [];
		cols.forEach((c, i) => {
			const text = blank(fill(layout.headers[i] as string, year));
			if (c === "targetHalfYear") {
				top.push(hc(blank(fill(layout.targetGroup, year)), { colSpan: 2 }));
				sub.push(hc(text));
			} else if (c === "targetFullYear" && cols[i - 1] === "targetHalfYear") {
				sub.push(hc(text));
			} else top.push(hc(text, { rowSpan: 2 }));
		});
		rows.push({ cells: top, header: true }, { cells: sub, header: true });
	} else {
		rows.push({
			cells: cols.map((_, i) =>
				hc(blank(fill(layout.headers[i] as string, year))),
			),
			header: true,
		});
	}
	if (layout.numberingRow)
		rows.push({
			cells: cols.map((_, i) => ({ paras: [String(i + 1)] })),
			header: true,
			numbering: true,
		});
	const r = prng(layout.seed ^ 0x27d4eb2d);
	for (const row of tableRows(record)) {
		if (row.kind === "goal") {
			const text = goalText(row.goal, layout.goalForm);
			if (layout.goalPlace === "span")
				rows.push({ cells: [{ paras: [text], colSpan: n }] });
			else if (layout.goalPlace === "first-cell")
				rows.push({
					cells: [
						{ paras: [text] },
						...cols.slice(1).map(() => ({ paras: [] })),
					],
				});
			else {
				// the number in №, the rest (without the number) beside it
				rows.push({
					cells: [
						{ paras: [String(row.goal.number)] },
						{ paras: [text], colSpan: n - 1 },
					],
				});
			}
			continue;
		}
		const m = row.measure;
		const cell = (c: LayoutColumn): LCell => {
			const one = (t: string): LCell => ({ paras: t === "" ? [] : [t] });
			switch (c) {
				case "item":
					return one(itemText(m.item, layout.itemForm));
				case "activity":
					return one(m.activity);
				case "budget":
					return one(m.budget.raw);
				case "indicator":
					return one(m.indicator);
				case "baseline":
					return one(m.baseline.raw);
				case "targetHalfYear":
					return one(m.targetHalfYear.raw);
				case "targetFullYear":
					return one(m.targetFullYear.raw);
				case "achievement":
					return { paras: paragraphsOf(m.achievement) };
				case "performance":
					return one(levelText(m, layout.levelForm));
				case "responsible":
					return one(pick(r, RESPONSIBLE));
				case "deadline":
					return one(pick(r, DEADLINE));
				case "notes":
					return one(pick(r, NOTES));
			}
		};
		rows.push({ cells: cols.map(cell) });
	}
	return {
		kind: "table",
		rows,
		widths: cols.map((c) => WIDTH[c]),
		repeat: layout.repeat,
		shaded: layout.shaded,
		plan: true,
	};
}

/** The title as printed, words joined by single spaces. */
export function printedTitle(record: ReportRecord, layout: Layout): string {
	const org = ORGANIZATIONS.find((o) => o.name === record.report.organization);
	const title = record.report.title;
	return layout.orgPlace === "title" && org
		? `${up(org.genitive)} ${title}`
		: title;
}

function titleBlocks(record: ReportRecord, layout: Layout): LPara[] {
	const words = printedTitle(record, layout).split(" ");
	const at = words.indexOf("ОНЫ") + 1;
	const head = words.slice(0, at);
	const tail = words.slice(at);
	const o = { bold: true, center: true };
	switch (layout.titleForm) {
		case "one-line":
			return [para([words.join(" ")], o)];
		case "two-lines":
			return [para([head.join(" "), tail.join(" ")], o)];
		case "paragraphs": {
			const mid = Math.ceil(head.length / 2);
			return [
				para([head.slice(0, mid).join(" ")], o),
				para([head.slice(mid).join(" ")], o),
				para([tail.join(" ")], o),
			];
		}
	}
}

const dotDate = (iso: string | null): string =>
	iso ? iso.replace(/-/g, ".") : "";
function longDate(iso: string | null): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
	if (!m) return "";
	return `${m[1]} оны ${m[2]} ${ordinalSuffix(Number(m[2]))} сарын ${m[3]}`;
}
const num = (n: number | null | undefined): string =>
	n === null || n === undefined ? "" : String(n).replace(".", ",");

function personFor(name: string | null): Person | undefined {
	return PEOPLE.find((p) => signed(p) === name);
}

/** The signature block (reviewed by, prepared by) in the layout's arrangement. */
function signatureBlocks(record: ReportRecord, layout: Layout): LBlock[] {
	const rep = record.report;
	const org = ORGANIZATIONS.find((o) => o.name === rep.organization);
	const dept = DEPARTMENTS.find((d) => d.name === rep.department);
	const orgWords =
		layout.orgPlace === "signatures" && org ? org.genitive : "Тамгын газрын";
	const revRole = `${orgWords} дарга`;
	const prepRole = `${dept?.genitive ?? ""} дарга`;
	const rev = rep.reviewedBy ?? "";
	const prep = rep.preparedBy ?? "";
	const spaced = (s: string) => s.replace(".", ". ");
	switch (layout.signatures) {
		case "lines":
			return [
				para(["ХЯНАСАН:", up(revRole), `${up(rev)}`]),
				para(["ТАЙЛАН ГАРГАСАН:", up(prepRole), `/${spaced(prep)}/`]),
			];
		case "paragraph":
			return [
				para([
					`Хянасан: ${revRole} ${rev}. Тайлан гаргасан: ${prepRole} ${prep}.`,
				]),
			];
		case "paragraphs":
			return [
				para(["ХЯНАСАН:"]),
				para([revRole]),
				para([rev]),
				para(["ТАЙЛАН ГАРГАСАН:"]),
				para([prepRole]),
				para([up(prep)]),
			];
		case "tabs":
			return [
				para([`ХЯНАСАН:\t${revRole}\t\t${rev}`]),
				para([`ТАЙЛАН ГАРГАСАН:\t${prepRole}\t\t${prep}`]),
			];
		case "table":
			return [
				{
					kind: "table",
					rows: [
						{
							cells: [
								{ paras: ["Хянасан:"] },
								{ paras: [revRole] },
								{ paras: [rev] },
							],
						},
						{
							cells: [
								{ paras: ["Тайлан гаргасан:"] },
								{ paras: [prepRole] },
								{ paras: [prep] },
							],
						},
					],
					widths: [20, 50, 30],
					repeat: "none",
					shaded: false,
					plan: false,
				},
			];
	}
}

function approvalBlock(record: ReportRecord): LPara {
	const org = ORGANIZATIONS.find((o) => o.name === record.report.organization);
	const approver = PEOPLE.find(
		(p) =>
			signed(p) !== record.report.reviewedBy &&
			signed(p) !== record.report.preparedBy,
	) as Person;
	return para(["БАТЛАВ", up(org?.head ?? "дарга"), signed(approver)]);
}

function summaryBlocks(record: ReportRecord, layout: Layout): LBlock[] {
	const sum = record.summary;
	if (!sum || layout.summary === "none") return [];
	const title = printedTitle(record, layout).replace(/ТАЙЛАН$/, "ТАЙЛАНГИЙН");
	const date =
		layout.dateForm === "long" ? longDate(sum.date) : dotDate(sum.date);
	const lv = sum.levels;
	const levels: [string, number, number | null][] = [
		["Бүрэн хэрэгжсэн", 100, lv["100"]],
		["Тодорхой үр дүнд хүрсэн", 90, lv["90"]],
		["Тодорхой үр дүнд хүрсэн", 80, lv["80"]],
		["Хэрэгжих шатанд", 70, lv["70"]],
		["Хэрэгжилт хангалтгүй", 30, lv["30"]],
		["Хэрэгжээгүй", 0, lv["0"]],
	];
	const cnt = (n: number | null) =>
		n === null ? "" : n === 0 ? "-" : String(n);
	const out: LBlock[] = [
		para([title, "БИЕЛЭЛТИЙН ТОВЧОО"], { bold: true, center: true }),
		para([date]),
	];
	const pct = `${num(sum.planCompletionPct)}%`;
	if (layout.summary === "table") {
		out.push({
			kind: "table",
			rows: [
				{
					cells: [
						{
							paras: [
								`Хяналтад авсан зүйл, заалтын тоо: ${sum.itemsMonitored}`,
							],
						},
						{ paras: [] },
						{ paras: [] },
					],
				},
				...levels.map(([w, p, c]) => ({
					cells: [{ paras: [w] }, { paras: [`${p}%`] }, { paras: [cnt(c)] }],
				})),
				{
					cells: [
						{ paras: ["Хэрэгжилт тооцох хугацаа болоогүй"] },
						{ paras: [] },
						{ paras: [cnt(lv.notDue)] },
					],
				},
				{
					cells: [
						{ paras: ["Хэлтсийн төлөвлөгөөний биелэлт"] },
						{ paras: [] },
						{ paras: [`Хэрэгжилтийн хувь ${pct}`] },
					],
				},
			],
			widths: [50, 15, 35],
			repeat: "none",
			shaded: false,
			plan: false,
		});
	} else if (layout.summary === "table-alt") {
		out.push({
			kind: "table",
			rows: [
				{
					cells: [{ paras: ["Үзүүлэлт"] }, { paras: ["Тоо"] }],
				},
				{
					cells: [
						{ paras: ["Хяналтад авсан арга хэмжээний тоо"] },
						{ paras: [String(sum.itemsMonitored)] },
					],
				},
				...levels.map(([w, p, c]) => ({
					cells: [{ paras: [`${w} (${p}%)`] }, { paras: [String(c ?? "")] }],
				})),
				{
					cells: [
						{ paras: ["Хэрэгжилт тооцох хугацаа болоогүй"] },
						{ paras: [String(lv.notDue ?? "")] },
					],
				},
				{
					cells: [
						{ paras: ["Төлөвлөгөөний биелэлтийн хувь"] },
						{ paras: [pct] },
					],
				},
			],
			widths: [70, 30],
			repeat: "none",
			shaded: false,
			plan: false,
		});
	} else {
		out.push(
			para([`Хяналтад авсан арга хэмжээний тоо: ${sum.itemsMonitored}`]),
			para(levels.map(([w, p, c]) => `${p}% - ${w}: ${c ?? ""}`)),
			para([`Хэрэгжилт тооцох хугацаа болоогүй: ${lv.notDue ?? ""}`]),
			para([`Төлөвлөгөөний биелэлт: ${pct}`]),
		);
	}
	return out;
}

function evaluationBlocks(record: ReportRecord, layout: Layout): LBlock[] {
	const ev = record.evaluation;
	if (!ev || layout.evaluation === "none") return [];
	const rep = record.report;
	const prep = personFor(rep.preparedBy);
	const rev = rep.reviewedBy ?? "";
	const year = rep.year ?? "";
	const position = ev.position ?? "";
	const out: LBlock[] = [];
	const employeeGen = prep
		? `${prep.fatherGenitive} ${nameGenitive(prep.given)}`
		: "";
	if (layout.employeeLine === "title")
		out.push(
			para(
				[
					up(position),
					`${up(employeeGen)} ${year} ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛ, ҮР ДҮН,`,
					"МЭРГЭШЛИЙН ТҮВШИНГ ҮНЭЛЭХ ҮНЭЛГЭЭНИЙ ХУУДАС",
				],
				{ bold: true, center: true },
			),
		);
	else
		out.push(
			para([`${year} ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛИЙГ ҮНЭЛЭХ ҮНЭЛГЭЭНИЙ ХУУДАС`], {
				bold: true,
				center: true,
			}),
			para([`Албан хаагчийн овог, нэр: ${ev.employee ?? ""}`]),
			para([`Албан тушаал: ${position}`]),
		);
	if (layout.orgPlace === "sheet")
		out.push(para([`Байгууллагын нэр: ${ev.organization ?? ""}`]));
	out.push(para([`Нэгжийн нэр: ${ev.unit ?? ""}`]));
	const evDate =
		layout.dateForm === "long" ? longDate(ev.date) : dotDate(ev.date);
	if (layout.evaluation === "tables") {
		const t = (rows: string[][], widths: number[]): LTable => ({
			kind: "table",
			rows: rows.map((cells) => ({
				cells: cells.map((c) => ({ paras: c ? [c] : [] })),
			})),
			widths,
			repeat: "none",
			shaded: false,
			plan: false,
		});
		out.push(
			para(["1. Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт"]),
			t(
				[
					[
						"Д/д",
						"Гүйцэтгэлийн зорилт, арга хэмжээ",
						"Гүйцэтгэлийн түвшин",
						`Нийт (${num(ev.planScoreMax)} оноо)`,
					],
					[
						"1.",
						"Нэгжийн гүйцэтгэлийн төлөвлөгөөний биелэлт",
						`${num(ev.planCompletionPct)}%`,
						num(ev.planScore),
					],
				],
				[8, 52, 20, 20],
			),
			para(["4. Гүйцэтгэлийн үнэлгээ"]),
			t(
				[
					["Д/д", "Үнэлгээний үзүүлэлт", "Үзүүлэлт тус бүрийн оноо"],
					[
						"1.",
						"Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт (Нэгжийн гүйцэтгэлийн төлөвлөгөөний биелэлт)",
						`${num(ev.planScoreMax)} хүртэлх оноо ${num(ev.planScore)}`,
					],
					[
						"2.",
						"Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний биелэлт (Төсвийн шууд захирагчийн үнэлгээ)",
						`${num(ev.skillsScoreMax)} хүртэлх оноо ${num(ev.skillsScore)}`,
					],
					[
						"3.",
						"Хандлага, ёс зүй, ур чадварын үнэлгээ (Төсвийн шууд захирагчийн үнэлгээ)",
						`${num(ev.attitudeScoreMax)} хүртэлх оноо ${num(ev.attitudeScore)}`,
					],
					[
						"Нийт оноо = (Гүйцэтгэлийн зорилт, арга хэмжээний оноо + Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний оноо + Хандлага, ёс зүй, ур чадварын оноо)",
						"",
						num(ev.total),
					],
				],
				[8, 62, 30],
			),
		);
	} else {
		out.push(
			para([
				`1. Гүйцэтгэлийн зорилт, арга хэмжээний биелэлт: ${num(ev.planCompletionPct)}%, ${num(ev.planScore)} оноо (${num(ev.planScoreMax)} хүртэлх оноо)`,
			]),
			para([
				`2. Мэдлэг, ур чадвараа дээшлүүлэх зорилт, арга хэмжээний биелэлт: ${num(ev.skillsScore)} оноо (${num(ev.skillsScoreMax)} хүртэлх оноо)`,
			]),
			para([
				`3. Хандлага, ёс зүй, ур чадварын үнэлгээ: ${num(ev.attitudeScore)} оноо (${num(ev.attitudeScoreMax)} хүртэлх оноо)`,
			]),
			para([`Нийт оноо: ${num(ev.total)}`]),
		);
	}
	out.push(
		para(["Үнэлгээ өгсөн:"]),
		para([`Тамгын газрын дарга /${rev}/`, evDate]),
		para(["Үнэлгээтэй танилцаж, зөвшөөрсөн:"]),
		para([`${position} /${rep.preparedBy ?? ""}/`, evDate]),
	);
	return out;
}

/** Genitive of a given name (vowel harmony, simplified). */
function nameGenitive(name: string): string {
	const back = /[аоуыя][^аэиоуөүыяеёю]*$/i.test(name);
	if (/н$/i.test(name)) return name + (back ? "ы" : "ий");
	return name + (back ? "ын" : "ийн");
}

/** The whole report as neutral blocks: front matter, plan table, signatures and sheets. */
export function layoutBlocks(record: ReportRecord, layout: Layout): LBlock[] {
	const org = ORGANIZATIONS.find((o) => o.name === record.report.organization);
	const out: LBlock[] = [];
	if (layout.orgPlace === "header" && org) out.push(para([org.name]));
	if (layout.approval) out.push(approvalBlock(record));
	out.push(...titleBlocks(record, layout));
	out.push(planTable(record, layout));
	out.push(...signatureBlocks(record, layout));
	const sheets = [
		evaluationBlocks(record, layout),
		summaryBlocks(record, layout),
	];
	if (layout.summaryFirst) sheets.reverse();
	for (const s of sheets) if (s.length > 0) out.push({ kind: "break" }, ...s);
	return out;
}

/** A short human name of a layout (for test titles and the accuracy script's log). */
export function describeLayout(layout: Layout): string {
	const short: Record<LayoutColumn, string> = {
		item: "№",
		activity: "act",
		budget: "bud",
		indicator: "ind",
		baseline: "base",
		targetHalfYear: "half",
		targetFullYear: "full",
		achievement: "ach",
		performance: "perf",
		responsible: "resp",
		deadline: "dl",
		notes: "notes",
	};
	return [
		`#${layout.seed}`,
		layout.columns.map((c) => short[c]).join(","),
		`${layout.headerRows}h${layout.numberingRow ? "+n" : ""}`,
		`rep:${layout.repeat}`,
		layout.shaded ? "shaded" : "",
		layout.blankHeader ? "BLANK" : "",
		`goal:${layout.goalForm}/${layout.goalPlace}`,
		`lvl:${layout.levelForm}`,
		`item:${layout.itemForm}`,
		`title:${layout.titleForm}`,
		layout.approval ? "БАТЛАВ" : "",
		`org:${layout.orgPlace}`,
		`sig:${layout.signatures}`,
		`sum:${layout.summary}`,
		`eval:${layout.evaluation}`,
	]
		.filter(Boolean)
		.join(" ");
}
