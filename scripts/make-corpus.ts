/**
 * A multi-year, multi-department corpus built from the gold report, with the truth alongside
 * (issue 6): which measures are the same indicator, and every value, so that indicator links,
 * history and compare can be measured against it.
 *
 * Department 0 is the seed's department and its last year is the gold record itself. Every other
 * department starts from the gold with its own name, some items dropped and some indicators
 * reworded. Going back one year at a time from the last, each indicator is reworded the way
 * people do with some probability (a suffix variant тоо/тоогоор, хувь/хувиар; word order; an
 * abbreviation; a typo; case; a filler word; punctuation), an activity now and then gets a typo,
 * items appear (an item "added" later is missing earlier) and disappear (an item from a pool of
 * other indicators existed earlier and was dropped), items are renumbered within their goal, and
 * values change plausibly (counts shrink back in time, percents drop a few points, levels drawn
 * mostly at 100). Values are re-read with the pipeline's own normalizer (parseQuantity), so the
 * truth follows DESIGN.md's unit rule exactly.
 *
 * Markdown is rendered with test/render.ts in the OCR tool's style (one page, no pushes: the
 * plan table's own defects are the stitching tests' business). Use as a module (`makeCorpus`,
 * `corpusMarkdown`, `corpusTruth`) or as a script:
 *
 *   npx tsx scripts/make-corpus.ts --out /tmp/corpus [--departments 4] [--years 6] [--seed 1]
 *
 * which writes <out>/<department>/<year>.md and <out>/truth.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseQuantity } from "../normalizers/units.ts";
import type {
	Measure,
	Quantity,
	ReportRecord,
	Summary,
} from "../pipeline/records.ts";
import { seedRecord } from "../store/testing.ts";
import { emptyPlan, renderReportMarkdown } from "../test/render.ts";
import { prng } from "./prng.ts";

export interface CorpusOptions {
	/** Departments, the seed's first (default 4). */
	departments?: number;
	/** Years per department, ending with lastYear (default 6). */
	years?: number;
	/** The gold's year (default 2024). */
	lastYear?: number;
	/** PRNG seed (default 1). */
	seed?: number;
	/** Percent chance that an indicator is reworded from one year to the previous (default 30). */
	rewordPct?: number;
	/** Percent chance that an item is missing the year before (added later; default 3). */
	addPct?: number;
	/** Percent chance per report of an extra item that was dropped later (default 40). */
	dropPct?: number;
	/** Percent of the gold's items another department has too (default 85). */
	basePct?: number;
}

export interface CorpusReport {
	/** Relative path of its Markdown: "<department>/<year>.md". */
	file: string;
	department: number;
	year: number;
	record: ReportRecord;
	/** The true series of each measure, aligned with record.measures ("d3:g1.3", "d3:x5"). */
	series: string[];
}

export interface Corpus {
	reports: CorpusReport[];
}

/** What scripts write beside the Markdown: the same indicator is the same series. */
export interface CorpusTruth {
	reports: {
		file: string;
		organization: string | null;
		department: string | null;
		year: number;
		measures: { item: string; series: string; indicator: string }[];
	}[];
}

const ORGANIZATIONS = [
	"Аймгийн Засаг даргын Тамгын газар",
	"Баянхонгор сумын Засаг даргын Тамгын газар",
	"Галуут сумын Засаг даргын Тамгын газар",
	"Эрдэнэцогт сумын Засаг даргын Тамгын газар",
	"Бөмбөгөр сумын Засаг даргын Тамгын газар",
	"Жаргалант сумын Засаг даргын Тамгын газар",
	"Өлзийт сумын Засаг даргын Тамгын газар",
	"Бууцагаан сумын Засаг даргын Тамгын газар",
	"Заг сумын Засаг даргын Тамгын газар",
	"Гурванбулаг сумын Засаг даргын Тамгын газар",
	"Баян-Өндөр сумын Засаг даргын Тамгын газар",
	"Баянлиг сумын Засаг даргын Тамгын газар",
	"Богд сумын Засаг даргын Тамгын газар",
	"Баацагаан сумын Засаг даргын Тамгын газар",
	"Баянговь сумын Засаг даргын Тамгын газар",
	"Баянбулаг сумын Засаг даргын Тамгын газар",
	"Баянцагаан сумын Засаг даргын Тамгын газар",
	"Жинст сумын Засаг даргын Тамгын газар",
	"Шинэжинст сумын Засаг даргын Тамгын газар",
	"Хүрээмарал сумын Засаг даргын Тамгын газар",
];

const DEPARTMENTS = [
	"Төрийн захиргааны удирдлагын хэлтэс",
	"Хөгжлийн бодлого, төлөвлөлтийн хэлтэс",
	"Санхүү, төрийн сангийн хэлтэс",
	"Хууль, эрх зүйн хэлтэс",
	"Хөдөлмөр, халамжийн үйлчилгээний хэлтэс",
	"Хяналт шинжилгээ, үнэлгээний хэлтэс",
	"Дотоод аудитын хэлтэс",
	"Нийгмийн бодлогын хэлтэс",
	"Эдийн засаг, хөрөнгө оруулалтын хэлтэс",
	"Иргэний бүртгэлийн хэлтэс",
];

const NAMES = [
	"П.Отгонбаяр",
	"Б.Батболд",
	"Д.Сарантуяа",
	"Г.Мөнхзул",
	"Ц.Энхбаяр",
	"Ж.Оюунчимэг",
	"С.Ганбат",
	"Н.Үүрийнтуяа",
];

/** Items that existed in some years and were dropped later (department-independent wording). */
const EXTRAS: {
	goal: number;
	activity: string;
	indicator: string;
	baseline: string;
	half: string;
	full: string;
	achievement: string;
}[] = [
	{
		goal: 2,
		activity:
			"Төрийн албан хаагчдын ёс зүйн дүрмийн хэрэгжилтийг хангуулах, сургалт зохион байгуулах",
		indicator: "Сургалтад хамрагдсан албан хаагчдын тоо",
		baseline: "40",
		half: "60",
		full: "120",
		achievement:
			"Албан хаагчдад ёс зүйн дүрмийн талаар 3 удаагийн сургалт зохион байгуулж, нийт 118 албан хаагчийг хамруулсан.",
	},
	{
		goal: 4,
		activity:
			"Иргэдээс ирүүлсэн өргөдөл, гомдлыг хуулийн хугацаанд шийдвэрлэж, хариу өгөх",
		indicator: "Хугацаандаа шийдвэрлэсэн өргөдлийн хувь",
		baseline: "85%",
		half: "90%",
		full: "95%",
		achievement:
			"Нийт 312 өргөдөл, гомдол хүлээн авч, 298-ыг хуулийн хугацаанд шийдвэрлэсэн нь 95,5 хувьтай байна.",
	},
	{
		goal: 6,
		activity:
			"Байгууллагын архивын баримтыг цэгцэлж, цахим хэлбэрт шилжүүлэх ажлыг зохион байгуулах",
		indicator: "Цахим хэлбэрт шилжүүлсэн хадгаламжийн нэгжийн тоо",
		baseline: "0",
		half: "300",
		full: "800",
		achievement:
			"Архивын 812 хадгаламжийн нэгжийг цахим хэлбэрт шилжүүлж, бүртгэлийн санд оруулсан.",
	},
	{
		goal: 3,
		activity:
			"Орон нутгийн хөгжлийн сангийн хөрөнгөөр хэрэгжих төслийн сонгон шалгаруулалтыг ил тод зохион байгуулах",
		indicator: "Иргэдийн саналаар сонгогдсон төслийн тоо",
		baseline: "12",
		half: "12",
		full: "15",
		achievement:
			"Иргэдийн саналаар 15 төслийг сонгон, аймгийн Иргэдийн Төлөөлөгчдийн Хурлаар батлуулсан.",
	},
	{
		goal: 1,
		activity:
			"Засаг даргын захирамжийн төслийг хууль тогтоомжид нийцүүлэн боловсруулах, бүртгэлжүүлэх",
		indicator: "Бүртгэлжүүлсэн захирамжийн тоо",
		baseline: "250",
		half: "150",
		full: "300",
		achievement:
			"Засаг даргын 286 захирамжийг бүртгэлжүүлж, хууль зүйн хяналт хийсэн.",
	},
	{
		goal: 5,
		activity:
			"Гадаадын хөрөнгө оруулагчидтай хамтын ажиллагааны санамж бичиг байгуулах",
		indicator: "Байгуулсан санамж бичгийн тоо",
		baseline: "1",
		half: "1",
		full: "2",
		achievement:
			"Бүгд Найрамдах Солонгос Улсын хоёр хоттой хамтын ажиллагааны санамж бичиг байгуулсан.",
	},
	{
		goal: 4,
		activity:
			"Төрийн үйлчилгээний нэг цэгийн үйлчилгээний төвийн үйл ажиллагааг сайжруулах",
		indicator: "Үйлчилгээнд сэтгэл ханамжтай иргэдийн хувь",
		baseline: "78%",
		half: "80%",
		full: "85%",
		achievement:
			"Сэтгэл ханамжийн судалгаанд 640 иргэн оролцож, 86,2 хувь нь сэтгэл ханамжтай гэж үнэлсэн.",
	},
	{
		goal: 6,
		activity:
			"Албан хаагчдын нийгмийн баталгааг хангах, эрүүл мэндийн үзлэгт хамруулах",
		indicator: "Эрүүл мэндийн үзлэгт хамрагдсан албан хаагчдын хувь",
		baseline: "70%",
		half: "50%",
		full: "100%",
		achievement:
			"Нийт албан хаагчдыг урьдчилан сэргийлэх эрүүл мэндийн үзлэгт бүрэн хамруулсан.",
	},
	{
		goal: 2,
		activity:
			"Сумдын Засаг даргын Тамгын газрын үйл ажиллагаанд мэргэжил арга зүйн дэмжлэг үзүүлэх",
		indicator: "Арга зүйн дэмжлэг үзүүлсэн сумын тоо",
		baseline: "10",
		half: "10",
		full: "20",
		achievement:
			"Аймгийн 20 сумын Засаг даргын Тамгын газарт ажиллаж, мэргэжил арга зүйн зөвлөгөө өгсөн.",
	},
	{
		goal: 3,
		activity:
			"Засаг даргын үйл ажиллагааны хөтөлбөрийн биелэлтийг улирал бүр нэгтгэн тайлагнах",
		indicator: "Хөтөлбөрийн биелэлтийн тайлангийн тоо",
		baseline: "4",
		half: "2",
		full: "4",
		achievement:
			"Хөтөлбөрийн биелэлтийг улирал бүр нэгтгэж, аймгийн ИТХ-д 4 удаа тайлагнасан.",
	},
];

// ───────────────────────────── rewording ─────────────────────────────

const SUFFIX_SWAPS: [RegExp, string[]][] = [
	[/(?<![\p{L}])тоо(?![\p{L}])/u, ["тоогоор", "тоог"]],
	[/(?<![\p{L}])тоогоор(?![\p{L}])/u, ["тоо"]],
	[/(?<![\p{L}])тоог(?![\p{L}])/u, ["тоо"]],
	[/(?<![\p{L}])хувь(?![\p{L}])/u, ["хувиар", "хувийн"]],
	[/(?<![\p{L}])хувиар(?![\p{L}])/u, ["хувь"]],
	[/(?<![\p{L}])хувийн(?![\p{L}])/u, ["хувь"]],
];

const LATIN_TWINS: Record<string, string> = {
	а: "a",
	е: "e",
	о: "o",
	р: "p",
	с: "c",
	х: "x",
	у: "y",
};

function pickOf<T>(r: () => number, xs: readonly T[]): T {
	return xs[Math.floor(r() * xs.length)] as T;
}

function capitalize(s: string): string {
	return s.charAt(0).toLocaleUpperCase("mn") + s.slice(1);
}

/** A typo in one word of 5+ letters: two letters swapped, one dropped or doubled, or a Latin twin. */
function typo(text: string, r: () => number): string {
	const spots = [...text.matchAll(/\p{L}{5,}/gu)];
	if (spots.length === 0) return text;
	const m = pickOf(r, spots);
	const word = m[0];
	// Not the first two letters: people (and OCR) garble the middle of a word more than its start.
	const i = 2 + Math.floor(r() * (word.length - 3));
	const kind = Math.floor(r() * 4);
	let next = word;
	if (kind === 0)
		next =
			word.slice(0, i) +
			(word[i + 1] ?? "") +
			(word[i] ?? "") +
			word.slice(i + 2);
	else if (kind === 1) next = word.slice(0, i) + word.slice(i + 1);
	else if (kind === 2)
		next = word.slice(0, i) + (word[i] ?? "") + word.slice(i);
	else {
		const twin = [...word].findIndex((ch, k) => k >= 1 && LATIN_TWINS[ch]);
		next =
			twin < 0
				? word.slice(0, i) + word.slice(i + 1)
				: word.slice(0, twin) +
					LATIN_TWINS[word[twin] as string] +
					word.slice(twin + 1);
	}
	return text.slice(0, m.index) + next + text.slice(m.index + word.length);
}

const OPS = [
	"suffix",
	"order",
	"abbreviation",
	"typo",
	"case",
	"filler",
	"punctuation",
] as const;

/** Reword an indicator the way people do, by one of OPS (an op that does not apply does nothing). */
export function reword(text: string, r: () => number): string {
	const op = pickOf(r, OPS);
	switch (op) {
		case "suffix": {
			const swaps = SUFFIX_SWAPS.filter(([re]) => re.test(text));
			if (swaps.length === 0) return typo(text, r);
			const [re, options] = pickOf(r, swaps);
			return text.replace(re, pickOf(r, options));
		}
		case "order": {
			const words = text.replace(/[.,]$/u, "").split(/\s+/);
			if (words.length < 3) return `${text},`;
			const first = (words.shift() as string).toLowerCase();
			return `${capitalize(words.join(" "))}, ${first}`;
		}
		case "abbreviation": {
			if (/засаг даргын тамгын газар/iu.test(text))
				return text.replace(/засаг даргын тамгын газар/iu, "ЗДТГ");
			if (/арга хэмжээ/iu.test(text))
				return text.replace(/арга хэмжээ/iu, "а/х");
			const long = [...text.matchAll(/\p{L}{9,}/gu)];
			if (long.length === 0) return typo(text, r);
			const m = pickOf(r, long);
			const cut = 5 + Math.floor(r() * 2);
			return `${text.slice(0, m.index)}${m[0].slice(0, cut)}.${text.slice(m.index + m[0].length)}`;
		}
		case "typo":
			return typo(text, r);
		case "case":
			return r() < 0.5
				? text.toLocaleUpperCase("mn")
				: text.charAt(0).toLocaleLowerCase("mn") + text.slice(1);
		case "filler":
			return r() < 0.5
				? `Нийт ${text.charAt(0).toLocaleLowerCase("mn")}${text.slice(1)}`
				: `${text} /жилээр/`;
		case "punctuation":
			return r() < 0.5 ? `${text}.` : text.replace(/ /u, "  ");
	}
}

/** An activity rewritten a little: a typo, a trailing clause dropped, or a clause added. */
function rewordActivity(text: string, r: () => number): string {
	const x = r();
	if (x < 0.4) return typo(text, r);
	if (x < 0.7) {
		const cut = text.lastIndexOf(",");
		return cut > text.length / 2 ? text.slice(0, cut) : typo(text, r);
	}
	return `${text}, хэрэгжилтийг тайлагнах`;
}

// ───────────────────────────── values ─────────────────────────────

function formatDecimal(n: number): string {
	return Number.isInteger(n) ? String(n) : String(n).replace(".", ",");
}

/** A raw cell `k` years before, in the raw's own style ("45%", "17,7%", "300", "-", ""). */
function shiftRaw(raw: string, k: number, r: () => number): string {
	const m = /^(\d+(?:[.,]\d+)?)(\s*%)?$/u.exec(raw.trim());
	if (!m || k === 0) return raw;
	const value = Number((m[1] as string).replace(",", "."));
	const decimals = /[.,]/.test(m[1] as string);
	if (m[2] !== undefined || value <= 100) {
		const shifted = Math.max(0, value - k * (1 + r() * 3));
		const v = decimals
			? Math.round(shifted * 10) / 10
			: Math.round(Math.min(100, shifted));
		return `${formatDecimal(v)}${m[2] ?? ""}`;
	}
	return String(
		Math.max(0, Math.round(value * (1 - 0.05 * k) * (0.95 + r() * 0.1))),
	);
}

function quantity(raw: string, indicator: string): Quantity {
	return parseQuantity(raw, indicator).quantity;
}

const LEVEL_DRAW: [number, Measure["performancePct"]][] = [
	[0.8, 100],
	[0.86, 90],
	[0.91, 80],
	[0.96, 70],
	[0.98, 30],
	[1, 0],
];

function drawLevel(r: () => number): Measure["performancePct"] {
	const x = r();
	return (LEVEL_DRAW.find(([p]) => x < p)?.[1] ??
		100) as Measure["performancePct"];
}

// ───────────────────────────── corpus ─────────────────────────────

interface Lineage {
	series: string;
	goal: number;
	activity: string;
	indicator: string;
	baseline: string;
	half: string;
	full: string;
	achievement: string;
	budget: Measure["budget"];
	/** The gold measure, for department 0's last year. */
	gold?: Measure;
}

function departmentName(d: number): {
	organization: string;
	department: string;
} {
	return {
		organization: ORGANIZATIONS[
			Math.floor(d / DEPARTMENTS.length) % ORGANIZATIONS.length
		] as string,
		department: DEPARTMENTS[d % DEPARTMENTS.length] as string,
	};
}

function upperGenitive(department: string): string {
	return department
		.replace(/хэлтэс$/u, "хэлтсийн")
		.replace(/алба$/u, "албаны")
		.toLocaleUpperCase("mn");
}

/**
 * Build the corpus.
 * @param options see CorpusOptions
 */
export function makeCorpus(options: CorpusOptions = {}): Corpus {
	const departments = options.departments ?? 4;
	const years = options.years ?? 6;
	const lastYear = options.lastYear ?? 2024;
	const rewordPct = (options.rewordPct ?? 30) / 100;
	const addPct = (options.addPct ?? 3) / 100;
	const dropPct = (options.dropPct ?? 40) / 100;
	const basePct = (options.basePct ?? 85) / 100;
	const r = prng(options.seed ?? 1);
	const gold = seedRecord();
	const reports: CorpusReport[] = [];
	for (let d = 0; d < departments; d++) {
		const names = departmentName(d);
		// The department's items in its last year.
		let current: Lineage[] = gold.measures
			.filter(() => d === 0 || r() < basePct)
			.map((m) => ({
				series: `d${d}:g${m.item}`,
				goal: m.goal ?? 1,
				activity: m.activity,
				indicator: d === 0 || r() >= 0.3 ? m.indicator : reword(m.indicator, r),
				baseline: m.baseline.raw,
				half: m.targetHalfYear.raw,
				full: m.targetFullYear.raw,
				achievement: m.achievement,
				budget: m.budget,
				...(d === 0 ? { gold: m } : {}),
			}));
		const extras = EXTRAS.map((x, i) => ({ ...x, i })).sort(() => r() - 0.5);
		for (let k = 0; k < years; k++) {
			const year = lastYear - k;
			if (k > 0) {
				// One year back: items added later are missing, items dropped later are there, and
				// each indicator may be worded as it was before.
				current = current.filter(() => r() >= addPct);
				if (r() < dropPct && extras.length > 0) {
					const x = extras.pop() as (typeof extras)[number];
					current.push({
						series: `d${d}:x${x.i}`,
						goal: x.goal,
						activity: x.activity,
						indicator: x.indicator,
						baseline: x.baseline,
						half: x.half,
						full: x.full,
						achievement: x.achievement,
						budget: {
							raw: "Байгууллагын төсөв",
							amountMnt: null,
							source: "Байгууллагын төсөв",
						},
					});
				}
				current = current.map((l) => ({
					...l,
					indicator: r() < rewordPct ? reword(l.indicator, r) : l.indicator,
					activity: r() < 0.15 ? rewordActivity(l.activity, r) : l.activity,
					gold: undefined,
				}));
			}
			const ordered = [...current].sort((a, b) => a.goal - b.goal);
			const perGoal = new Map<number, number>();
			const measures: Measure[] = ordered.map((l) => {
				const n = (perGoal.get(l.goal) ?? 0) + 1;
				perGoal.set(l.goal, n);
				const item = `${l.goal}.${n}`;
				if (l.gold && k === 0 && d === 0) return { ...l.gold, item };
				const notDue = r() < 0.01;
				const shift = k + (d === 0 ? 0 : 0.5);
				const measure: Measure = {
					item,
					goal: l.goal,
					activity: l.activity,
					budget: l.budget,
					indicator: l.indicator,
					baseline: quantity(shiftRaw(l.baseline, shift + 1, r), l.indicator),
					targetHalfYear: quantity(shiftRaw(l.half, shift, r), l.indicator),
					targetFullYear: quantity(shiftRaw(l.full, shift, r), l.indicator),
					achievement: l.achievement.replaceAll(String(lastYear), String(year)),
					performancePct: notDue ? null : drawLevel(r),
				};
				if (notDue) measure.notDue = true;
				return measure;
			});
			const record = buildRecord(gold, measures, names, year, d);
			reports.push({
				file: `d${String(d).padStart(3, "0")}/${year}.md`,
				department: d,
				year,
				record,
				series: ordered.map((l) => l.series),
			});
		}
	}
	return { reports };
}

function buildRecord(
	gold: ReportRecord,
	measures: Measure[],
	names: { organization: string; department: string },
	year: number,
	d: number,
): ReportRecord {
	// Department 0's last year is the gold itself.
	if (d === 0 && year === gold.report.year) return gold;
	const due = measures.filter((m) => !m.notDue && m.performancePct !== null);
	const pct =
		due.length === 0
			? null
			: Math.round(
					(due.reduce((s, m) => s + (m.performancePct ?? 0), 0) / due.length) *
						10,
				) / 10;
	const count = (level: number) =>
		measures.filter((m) => m.performancePct === level).length;
	const summary: Summary = {
		date: `${year}-12-05`,
		itemsMonitored: measures.length,
		levels: {
			"100": count(100),
			"90": count(90),
			"80": count(80),
			"70": count(70),
			"30": count(30),
			"0": count(0),
			notDue: measures.filter((m) => m.notDue).length,
		},
		planCompletionPct: pct,
	};
	const head = NAMES[d % NAMES.length] as string;
	const planScore = pct === null ? null : Math.round(pct * 0.7 * 10) / 10;
	const evaluation = gold.evaluation && {
		...gold.evaluation,
		organization: names.organization,
		unit: names.department,
		position: `${names.department.replace(/хэлтэс$/u, "хэлтсийн")} дарга`,
		planCompletionPct: pct,
		planScore,
		total: planScore === null ? null : Math.round((planScore + 30) * 10) / 10,
		date: `${year}-12-18`,
	};
	return {
		source: `${year}.md`,
		report: {
			...gold.report,
			title: `${upperGenitive(names.department)} ${year} ОНЫ ЖИЛИЙН ЭЦСИЙН ГҮЙЦЭТГЭЛИЙН ТАЙЛАН`,
			organization: names.organization,
			department: names.department,
			year,
			preparedBy: head,
		},
		goals: gold.goals.filter((g) => measures.some((m) => m.goal === g.number)),
		measures,
		summary,
		evaluation,
	};
}

/** A report as OCR-style Markdown (test/render.ts, one page, no pushes). */
export function corpusMarkdown(report: CorpusReport): string {
	return renderReportMarkdown(report.record, emptyPlan(report.record));
}

/** The truth, JSON-serialisable. */
export function corpusTruth(corpus: Corpus): CorpusTruth {
	return {
		reports: corpus.reports.map((r) => ({
			file: r.file,
			organization: r.record.report.organization,
			department: r.record.report.department,
			year: r.year,
			measures: r.record.measures.map((m, i) => ({
				item: m.item,
				series: r.series[i] as string,
				indicator: m.indicator,
			})),
		})),
	};
}

/** True links: consecutive appearances of a series (the pairs a perfect matcher proposes). */
export function trueLinks(corpus: Corpus): Set<string> {
	const bySeries = new Map<
		string,
		{ year: number; file: string; item: string }[]
	>();
	for (const r of corpus.reports) {
		r.record.measures.forEach((m, i) => {
			const s = r.series[i] as string;
			const list = bySeries.get(s) ?? [];
			list.push({ year: r.year, file: r.file, item: m.item });
			bySeries.set(s, list);
		});
	}
	const out = new Set<string>();
	for (const list of bySeries.values()) {
		list.sort((a, b) => a.year - b.year);
		for (let i = 1; i < list.length; i++) {
			const a = list[i - 1] as (typeof list)[number];
			const b = list[i] as (typeof list)[number];
			out.add(`${a.file}#${a.item}>${b.file}#${b.item}`);
		}
	}
	return out;
}

async function cli(): Promise<void> {
	const { values } = parseArgs({
		options: {
			out: { type: "string" },
			departments: { type: "string", default: "4" },
			years: { type: "string", default: "6" },
			seed: { type: "string", default: "1" },
		},
	});
	if (values.out === undefined) {
		process.stderr.write(
			"error: --out is required — e.g. npx tsx scripts/make-corpus.ts --out /tmp/corpus\n",
		);
		process.exit(2);
	}
	const corpus = makeCorpus({
		departments: Number(values.departments),
		years: Number(values.years),
		seed: Number(values.seed),
	});
	for (const report of corpus.reports) {
		const path = join(values.out, report.file);
		mkdirSync(join(path, ".."), { recursive: true });
		writeFileSync(path, corpusMarkdown(report));
	}
	writeFileSync(
		join(values.out, "truth.json"),
		`${JSON.stringify(corpusTruth(corpus), null, 2)}\n`,
	);
	process.stdout.write(
		`wrote ${corpus.reports.length} reports and truth.json to ${values.out}\n`,
	);
}

if (
	process.argv[1] &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	await cli();
}
