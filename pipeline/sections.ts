/**
 * Sections outside the plan table: the report's title block and signatures, the evaluation sheet
 * ("ҮНЭЛГЭЭНИЙ ХУУДАС") and the summary ("БИЕЛЭЛТИЙН ТОВЧОО"). Everything is found by wording,
 * never by position alone; a value that cannot be found is null (and the cross-checks flag it).
 */
import { parseMongolianDate } from "../normalizers/dates.ts";
import { parseNumber } from "../normalizers/numbers.ts";
import { collapseWhitespace, lowerMn } from "../normalizers/text.ts";
import type { TableFragment, TailanDocument, TextBlock } from "./document.ts";
import { cellText } from "./document.ts";
import type { Evaluation, ReportInfo, Summary } from "./records.ts";

type Block = TextBlock | TableFragment;

export interface Sections {
	report: ReportInfo;
	summary: Summary | null;
	evaluation: Evaluation | null;
}

const has = (text: string, re: RegExp) => re.test(lowerMn(text));

/** Title case for a name written in capitals: "Д.ЭНХЖАРГАЛ" → "Д.Энхжаргал". */
export function nameCase(name: string): string {
	return name
		.split(/([\s.-]+)/)
		.map((part) =>
			/\p{L}/u.test(part)
				? part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()
				: part,
		)
		.join("");
}

/** Sentence case: "ТӨРИЙН ЗАХИРГААНЫ … ДАРГА" → "Төрийн захиргааны … дарга". */
function sentenceCase(s: string): string {
	const t = s.toLowerCase();
	return t.charAt(0).toUpperCase() + t.slice(1);
}

// A person as written in signatures: initial(s) + name ("Д.Энхжаргал", "П. Отгонбаяр").
const PERSON = /(\p{Lu})\s*\.\s*(\p{Lu}[\p{L}-]{2,})/u;

/** Genitive → nominative for the few nouns that name units in titles. */
function unitNominative(genitive: string): string {
	return genitive
		.replace(/хэлтсийн$/u, "хэлтэс")
		.replace(/газрын$/u, "газар")
		.replace(/агентлагийн$/u, "агентлаг")
		.replace(/албаны$/u, "алба")
		.replace(/төвийн$/u, "төв")
		.replace(/яамны$/u, "яам")
		.replace(/хорооны$/u, "хороо")
		.replace(/зөвлөлийн$/u, "зөвлөл");
}

/** A line of text outside the plan table in reading order: a text block's line, or a row of a
 * table that is not the plan table (its cells kept). Signatures, summaries and evaluation sheets
 * are typed either way. */
interface Line {
	text: string;
	cells: string[];
	strong: boolean;
	/** a table row (its cells as they are, empty ones kept) or a typed line (its parts) */
	table: boolean;
	/** index into the blocks */
	block: number;
}

/**
 * Text blocks standing side by side at the same height with as many lines each (a PDF's
 * tab-separated signature lines come out as one block per column): their lines zipped back
 * into tab-separated lines, in the first block's place.
 */
function zipColumns(blocks: readonly Block[]): Map<number, string> {
	const zipped = new Map<number, string>();
	for (let i = 0; i < blocks.length; i++) {
		const a = blocks[i] as Block;
		const box = a.kind === "text" ? a.prov.bbox : undefined;
		if (!box || zipped.has(i)) continue;
		const n = a.kind === "text" ? a.text.split("\n").length : 0;
		const group = [i];
		let right = box[2];
		for (let j = i + 1; j < blocks.length; j++) {
			const b = blocks[j] as Block;
			const bb = b.kind === "text" ? b.prov.bbox : undefined;
			if (
				!bb ||
				b.kind !== "text" ||
				b.prov.page !== a.prov.page ||
				Math.abs(bb[1] - box[1]) > 2 ||
				bb[0] <= right ||
				b.text.split("\n").length !== n
			)
				break;
			group.push(j);
			right = bb[2];
		}
		if (group.length < 2) continue;
		const cols = group.map((k) => (blocks[k] as TextBlock).text.split("\n"));
		zipped.set(
			i,
			Array.from({ length: n }, (_, r) =>
				cols.map((c) => c[r]).join("\t"),
			).join("\n"),
		);
		for (const k of group.slice(1)) zipped.set(k, "");
	}
	return zipped;
}

function linesOf(blocks: readonly Block[]): Line[] {
	const out: Line[] = [];
	const zipped = zipColumns(blocks);
	blocks.forEach((b, block) => {
		if (b.kind === "text") {
			const whole = zipped.get(block) ?? b.text;
			for (const raw of whole.split("\n")) {
				const text = collapseWhitespace(raw.replace(/\*/g, " "));
				if (text === "") continue;
				// a typed line's parts: tab stops, or a label and its value ("…тоо: 44")
				const cells = raw
					.split(/\t+|:\s+|:$/u)
					.map((c) => collapseWhitespace(c.replace(/\*/g, " ")))
					.filter((c) => c !== "");
				out.push({ text, cells, strong: b.strong, table: false, block });
			}
		} else {
			for (const cells of rowsOf(b)) {
				if (cells.every((c) => c === "")) continue;
				out.push({
					text: cells.filter((c) => c !== "").join("\t"),
					cells,
					strong: false,
					table: true,
					block,
				});
			}
		}
	});
	return out;
}

/** Genitive forms of the nouns that end a unit's name, and their nominatives. */
const UNIT_GENITIVE =
	/^(хэлтсийн|газрын|агентлагийн|албаны|төвийн|яамны|хорооны|зөвлөлийн|газар|хэлтэс)$/u;

/** "ХӨРӨНГӨ ОРУУЛАЛТЫН АЛБАНЫ" → "Хөрөнгө оруулалтын алба" (capitals: sentence case). */
function unitName(words: readonly string[]): string | null {
	if (words.length === 0) return null;
	const text = words.join(" ");
	const caps = text === text.toUpperCase();
	return unitNominative(caps ? sentenceCase(text) : text);
}

/** Organisation and department named before the year in a title: "<ORG>ЫН <DEPT>ИЙН 2024 ОНЫ …".
 * The last unit before the year is the department, a unit before it the organisation. */
function unitsInTitle(title: string): {
	organization: string | null;
	department: string | null;
} {
	const words = title.split(" ");
	const year = words.findIndex((w) => /^\d{4}$/.test(w));
	const head = year < 0 ? [] : words.slice(0, year);
	const ends = head.flatMap((w, i) =>
		UNIT_GENITIVE.test(lowerMn(w.replace(/[,.]$/, ""))) ? [i] : [],
	);
	const last = ends[ends.length - 1];
	if (last === undefined || last !== head.length - 1)
		return { organization: null, department: null };
	const prev = ends.length > 1 ? (ends[ends.length - 2] as number) : -1;
	return {
		department: unitName(head.slice(prev + 1, last + 1)),
		organization: prev >= 0 ? unitName(head.slice(0, prev + 1)) : null,
	};
}

/** A line that names an organisation on its own (a letterhead): its last word a unit noun. */
const ORG_LINE =
	/^(?:[\p{L}-]+,?\s+){1,8}(?:газар|яам|агентлаг|хороо|зөвлөл|алба|төв)$/iu;

/** What ends a signature's or a sheet's stretch of text. */
const SIGN_LABEL =
	/хянасан|(?:тайлан|хэрэгжилт)\s+гаргасан|боловсруулсан|батлав|үнэлгээ\s+өгсөн|танилцаж|товчоо|үнэлгээний\s+хуудас/u;

/**
 * A signature label as signatures write it: at the start of a line or a sentence, ending the line
 * or followed by a colon or a tab ("ХЯНАСАН", "Хянасан:", "… . Тайлан гаргасан: …"), or by the
 * line signed on, which a scan's OCR reads as a few marks without a word ("ТАЙЛАН ГАРГАСАН -",
 * "… ГАРГАСАН ї", "… ______"). The same words inside a sentence ("… шалгаж хянасан.") are not a
 * signature.
 */
function signLabel(words: string): RegExp {
	return new RegExp(
		`(?:^|[.;]\\s+)(?:${words})(?:\\s*(?::|$|\\t)|\\s+(?![^\\t]*\\p{L}{2})[^\\t\\p{N}]{1,8}$)`,
		"u",
	);
}

/** The first person named after the line that says `label`, before the next label. */
function signer(lines: readonly Line[], label: RegExp): string | null {
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] as Line;
		const lower = lowerMn(line.text);
		const m = label.exec(lower);
		if (!m) continue;
		// the rest of this line after the label, then the lines up to the next label
		const rest = line.text.slice(m.index + m[0].length);
		const restLabel = SIGN_LABEL.exec(lowerMn(rest));
		const own = restLabel ? rest.slice(0, restLabel.index) : rest;
		const found = personAt(own);
		if (found) return found;
		if (restLabel) continue;
		for (const next of lines.slice(i + 1, i + 8)) {
			const nl = SIGN_LABEL.exec(lowerMn(next.text));
			const part = nl ? next.text.slice(0, nl.index) : next.text;
			const p = personAt(part);
			if (p) return p;
			if (nl) break;
		}
	}
	return null;
}

/** The first person named in a text ("Д.Энхжаргал", "П. Отгонбаяр", "Д.ЭНХЖАРГАЛ"). */
function personAt(text: string): string | null {
	const m = PERSON.exec(text);
	return m ? nameCase(`${m[1]}.${m[2]}`) : null;
}

/** Extract report info, summary and evaluation from the blocks outside the plan table. */
export function extractSections(
	doc: TailanDocument,
	planFragments: number[],
): Sections {
	const plan = new Set(planFragments);
	const all = doc.pages.flatMap((p) => p.blocks);
	const firstPlan = all.findIndex(
		(b) => b.kind === "table" && plan.has(b.index),
	);
	const blocks: Block[] = all.filter(
		(b) => b.kind === "text" || !plan.has(b.index),
	);
	const frontCount =
		firstPlan < 0
			? blocks.length
			: all
					.slice(0, firstPlan)
					.filter((b) => b.kind === "text" || !plan.has(b.index)).length;
	const texts = blocks.filter((b): b is TextBlock => b.kind === "text");
	const front = blocks.slice(0, frontCount);
	const lines = linesOf(blocks);

	// Title: the first emphasised block that says "тайлан" (the front matter first), with the
	// emphasised blocks right above it (a title typed over several paragraphs); else the first
	// block saying "тайлан", else the first text block.
	const isTitle = (b: Block, strong: boolean): b is TextBlock =>
		b.kind === "text" && (!strong || b.strong) && has(b.text, /тайлан/u);
	let at = front.findIndex((b) => isTitle(b, true));
	let pool = front;
	if (at < 0) {
		pool = blocks;
		at = blocks.findIndex((b) => isTitle(b, true));
	}
	if (at < 0) at = blocks.findIndex((b) => isTitle(b, false));
	const titleBlocks: TextBlock[] = [];
	if (at >= 0) {
		titleBlocks.push(pool[at] as TextBlock);
		for (let i = at - 1; i >= 0; i--) {
			const b = pool[i] as Block;
			if (b.kind !== "text" || !b.strong || has(b.text, /^батлав/u)) break;
			titleBlocks.unshift(b);
		}
	} else if (texts[0]) titleBlocks.push(texts[0]);
	const title = collapseWhitespace(titleBlocks.map((b) => b.text).join(" "));
	const yearIn = (t: string) =>
		Number(/(\d{4})\s*(?:оны|он)(?![\p{L}])/iu.exec(t)?.[1] ?? Number.NaN);
	let year = yearIn(title);
	if (!Number.isFinite(year))
		year = yearIn(
			front.map((b) => (b.kind === "text" ? b.text : "")).join(" "),
		);
	const period = has(title, /хагас\s+жил/u)
		? "half-year"
		: has(title, /жилийн\s+эцс|жилийн\s+тайлан|бүтэн\s+жил/u)
			? "annual"
			: null;

	const labelled = (label: RegExp): string | null => {
		for (const line of lines) {
			const m = label.exec(line.text);
			if (m)
				return (
					collapseWhitespace(
						line.text.slice(m.index + m[0].length).replace(/^[\s:]+/, ""),
					) || null
				);
		}
		return null;
	};
	const inTitle = unitsInTitle(title);
	// Organisation: the sheet's "Байгууллагын нэр:", a letterhead line above the title, the
	// title's own words, else the reviewer's role in the signatures ("<ORG>ын дарга").
	const titleSet = new Set<Block>(titleBlocks);
	const letterhead = front
		.filter((b): b is TextBlock => b.kind === "text" && !titleSet.has(b))
		.flatMap((b) => b.text.split("\n"))
		.map(collapseWhitespace)
		.find((l) => ORG_LINE.test(l) && !/^батлав/iu.test(l));
	const organization =
		labelled(/Байгууллагын\s+нэр\s*:/iu) ??
		letterhead ??
		inTitle.organization ??
		reviewerOrganization(lines);
	const department = labelled(/Нэгжийн\s+нэр\s*:/iu) ?? inTitle.department;

	// Signatures: "ХЯНАСАН" (reviewed by) and "… ГАРГАСАН" (prepared by), in one paragraph,
	// separate paragraphs, tab-separated lines or a table: the first person after the label.
	const reviewedBy = signer(lines, signLabel("хянасан"));
	const preparedBy = signer(
		lines,
		signLabel("(?:тайлан|хэрэгжилт)\\s+гаргасан|боловсруулсан"),
	);

	const report: ReportInfo = {
		title,
		organization,
		department,
		year: Number.isFinite(year) ? year : null,
		period,
		preparedBy,
		reviewedBy,
	};
	return {
		report,
		summary: extractSummary(blocks, lines),
		evaluation: extractEvaluation(blocks, lines, {
			organization,
			department,
			preparedBy,
		}),
	};
}

/** "<ORGANISATION>ын дарга" after "ХЯНАСАН", when it names more than "Тамгын газрын". */
function reviewerOrganization(lines: readonly Line[]): string | null {
	const label = signLabel("хянасан");
	const i = lines.findIndex((l) => label.test(lowerMn(l.text)));
	if (i < 0) return null;
	const text = lines
		.slice(i, i + 4)
		.map((l) => l.text)
		.join(" ");
	const m =
		/хянасан:?\s+((?:[\p{L}-]+,?\s+){2,10}?(?:газрын|яамны|агентлагийн|хорооны|зөвлөлийн))\s+дарга/iu.exec(
			text,
		);
	if (!m?.[1]) return null;
	const words = m[1].split(/\s+/);
	if (words.length < 3) return null;
	return unitName(words);
}

function rowsOf(t: TableFragment): string[][] {
	return t.rows.map((r) => r.cells.map((c) => collapseWhitespace(cellText(c))));
}

function numberIn(text: string | undefined): number | null {
	if (!text) return null;
	return parseNumber(text).value;
}

/** A count cell: "-" or empty is 0 (the seed writes "-" for none). */
function countOf(text: string | undefined): number | null {
	const t = (text ?? "").trim();
	if (t === "" || /^[-–—]$/.test(t)) return 0;
	const v = numberIn(t);
	return v === null ? null : Math.round(v);
}

const SUMMARY_TITLE = /(?:биелэлтийн|хэрэгжилтийн|гүйцэтгэлийн)\s+товчоо/u;
const SHEET_TITLE = /үнэлгээний\s+хуудас/u;

/**
 * The summary ("БИЕЛЭЛТИЙН ТОВЧОО"): as a table (the seed's, or label | count rows) or as typed
 * lines ("Хяналтад авсан арга хэмжээний тоо: 44", "90% - Тодорхой үр дүнд хүрсэн: 2"). Rows are
 * known by their words and their level's percent, never by their position.
 */
function extractSummary(
	blocks: Block[],
	lines: readonly Line[],
): Summary | null {
	const start = lines.findIndex(
		(l) =>
			l.block >= 0 &&
			blocks[l.block]?.kind === "text" &&
			has(l.text, SUMMARY_TITLE),
	);
	if (start < 0) return null;
	const rest = lines.slice(start + 1);
	const stop = rest.findIndex((l) => has(l.text, SHEET_TITLE));
	const section = stop < 0 ? rest : rest.slice(0, stop);
	const summary: Summary = {
		date: null,
		itemsMonitored: null,
		levels: {
			"100": null,
			"90": null,
			"80": null,
			"70": null,
			"30": null,
			"0": null,
			notDue: null,
		},
		planCompletionPct: null,
	};
	let rowsSeen = false;
	for (const line of section) {
		const cells = line.cells;
		const joined = cells.filter((c) => c !== "").join(" | ");
		// A count: the last filled cell after `from`; an empty count cell of a table is 0 (as
		// "-" is), a typed line without one has none.
		const countAfter = (from: number): number | null => {
			const filled = cells.slice(from + 1).filter((c) => c !== "");
			if (filled.length > 0) return countOf(filled[filled.length - 1]);
			return line.table && cells.length > from + 1 ? 0 : null;
		};
		const monitored =
			/(?:заалтын|арга\s+хэмжээний|зүйлийн)\s+тоо\s*:?\s*(\d+)/iu.exec(
				joined,
			) ??
			(has(joined, /хяналтад\s+авсан/u) ? /(\d+)\s*$/u.exec(joined) : null);
		if (has(joined, /хяналтад\s+авсан/u) && monitored) {
			summary.itemsMonitored = Number(monitored[1]);
			rowsSeen = true;
			continue;
		}
		const notDue = cells.findIndex((c) => has(c, /хугацаа\s+болоогүй/u));
		if (notDue >= 0) {
			summary.levels.notDue = countAfter(notDue);
			rowsSeen = true;
			continue;
		}
		if (
			has(
				joined,
				/төлөвлөгөөний\s+биелэлт|биелэлтийн\s+хувь|хэрэгжилтийн\s+(?:дундаж\s+)?хувь/u,
			)
		) {
			const pct = /(\d+(?:[.,]\d+)?)\s*%/.exec(joined);
			if (pct) {
				summary.planCompletionPct = numberIn(pct[1]);
				rowsSeen = true;
				continue;
			}
		}
		const levels = cells.map(
			(c) =>
				/^(100|90|80|70|30|0)\s*%$/.exec(c)?.[1] ??
				/\((100|90|80|70|30|0)\s*%\)/.exec(c)?.[1] ??
				/^(100|90|80|70|30|0)\s*%\s*[-–—]/.exec(c)?.[1],
		);
		const at = levels.findIndex(Boolean);
		if (at >= 0) {
			const count = countAfter(at);
			if (count !== null || line.table) {
				summary.levels[levels[at] as "100"] = count;
				rowsSeen = true;
				continue;
			}
		}
		if (!rowsSeen) summary.date ??= parseMongolianDate(line.text);
	}
	return summary;
}

function extractEvaluation(
	blocks: Block[],
	lines: readonly Line[],
	known: {
		organization: string | null;
		department: string | null;
		preparedBy: string | null;
	},
): Evaluation | null {
	const start = blocks.findIndex(
		(b) => b.kind === "text" && has(b.text, /үнэлгээний\s+хуудас/u),
	);
	if (start < 0) return null;
	const titleText = collapseWhitespace((blocks[start] as TextBlock).text);
	const after = blocks.slice(start + 1);
	const end = after.findIndex(
		(b) => b.kind === "text" && has(b.text, SUMMARY_TITLE),
	);
	const section = end < 0 ? after : after.slice(0, end);
	const sheetLines = lines.filter(
		(l) => l.block > start && (end < 0 || l.block < start + 1 + end),
	);

	// "<POSITION> <PATRONYMIC> <NAME>ЫН 2024 ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛ …"
	let employee: string | null = null;
	let position: string | null = null;
	const m =
		/^(.*?)\s+(\p{Lu}[\p{Lu}-]*)\s+(\p{Lu}[\p{Lu}-]*)\s+\d{4}\s+оны/iu.exec(
			titleText,
		);
	if (m) {
		position = sentenceCase(m[1] ?? "");
		const patronymic = nameCase(m[2] ?? "");
		let given = nameCase(m[3] ?? "");
		const signed = known.preparedBy?.split(".").pop();
		if (signed && lowerMn(given).startsWith(lowerMn(signed))) given = signed;
		else given = given.replace(/(ийн|ын|ийг|ыг|гийн|ы|ий)$/u, "");
		employee = `${patronymic} ${given}`;
	}
	// …or on labelled lines: "Албан хаагчийн овог, нэр: …", "Албан тушаал: …"
	for (const l of sheetLines) {
		const name = /^албан\s+хаагчийн\s+(?:овог,?\s+)?нэр\s*:\s*(.+)$/iu.exec(
			l.text,
		);
		if (name?.[1]) employee ??= collapseWhitespace(name[1]);
		const pos = /^албан\s+тушаал\s*:\s*(.+)$/iu.exec(l.text);
		if (pos?.[1]) position ??= collapseWhitespace(pos[1]);
	}

	const evaluation: Evaluation = {
		employee,
		position,
		organization: known.organization,
		unit: known.department,
		planCompletionPct: null,
		planScore: null,
		planScoreMax: null,
		skillsScore: null,
		skillsScoreMax: null,
		attitudeScore: null,
		attitudeScoreMax: null,
		total: null,
		evaluator: null,
		date: null,
	};
	const tables = section.filter((b): b is TableFragment => b.kind === "table");
	for (const t of tables) {
		const rows = rowsOf(t);
		const header = rows[0]?.join(" ") ?? "";
		// Part 1: plan completion and its score ("Нийт (70 оноо)").
		if (has(header, /гүйцэтгэлийн\s+түвшин/u)) {
			const max = /\((\d+)\s*оноо\)/iu.exec(header);
			if (max) evaluation.planScoreMax = Number(max[1]);
			for (const r of rows.slice(1)) {
				const pct = r.find((c) => /^\d+(?:[.,]\d+)?\s*%$/.test(c));
				if (pct) {
					evaluation.planCompletionPct = numberIn(pct);
					evaluation.planScore = numberIn(r[r.length - 1]);
				}
			}
		}
		// Part 4: the score of each part ("70 хүртэлх оноо 69,5") and the total.
		if (has(header, /үнэлгээний\s+үзүүлэлт/u)) {
			for (const r of rows.slice(1)) {
				const label = lowerMn(r.slice(0, 2).join(" "));
				const scoreCell = r[r.length - 1] ?? "";
				const sm = /(\d+)\s*хүртэлх\s+оноо\s*(\d+(?:[.,]\d+)?)?/iu.exec(
					scoreCell,
				);
				const max = sm ? Number(sm[1]) : null;
				const score = sm?.[2] ? numberIn(sm[2]) : null;
				if (/нийт\s+оноо/u.test(label)) {
					evaluation.total = numberIn(r.filter((c) => c !== "").pop());
				} else if (/гүйцэтгэлийн\s+зорилт/u.test(label)) {
					evaluation.planScoreMax ??= max;
					evaluation.planScore ??= score;
				} else if (/мэдлэг,?\s+ур\s+чадвар/u.test(label)) {
					evaluation.skillsScoreMax = max;
					evaluation.skillsScore = score;
				} else if (/хандлага/u.test(label)) {
					evaluation.attitudeScoreMax = max;
					evaluation.attitudeScore = score;
				}
			}
		}
	}
	// The same scores typed as lines: "1. Гүйцэтгэлийн зорилт…: 99,3%, 69,5 оноо (70 хүртэлх
	// оноо)", "2. Мэдлэг, ур чадвар…: 15 оноо (15 хүртэлх оноо)", "Нийт оноо: 99,5".
	for (const l of sheetLines) {
		if (blocks[l.block]?.kind !== "text") continue;
		const label = lowerMn(l.cells[0] ?? l.text);
		const value = l.cells.slice(1).join(" ");
		if (value === "") continue;
		const max = /(\d+)\s*хүртэл\S*\s+оноо/iu.exec(value);
		const score = /(\d+(?:[.,]\d+)?)\s*оноо(?!\S)/iu.exec(
			value.replace(/\(.*?\)/g, ""),
		);
		const pct = /(\d+(?:[.,]\d+)?)\s*%/.exec(value);
		const maxN = max ? Number(max[1]) : null;
		const scoreN = score ? numberIn(score[1]) : null;
		if (/нийт\s+оноо/u.test(label)) {
			evaluation.total ??= numberIn(value.match(/\d+(?:[.,]\d+)?/g)?.pop());
		} else if (/гүйцэтгэлийн\s+зорилт/u.test(label)) {
			if (pct) evaluation.planCompletionPct ??= numberIn(pct[1]);
			evaluation.planScore ??= scoreN;
			evaluation.planScoreMax ??= maxN;
		} else if (/мэдлэг,?\s+ур\s+чадвар/u.test(label)) {
			evaluation.skillsScore ??= scoreN;
			evaluation.skillsScoreMax ??= maxN;
		} else if (/хандлага/u.test(label)) {
			evaluation.attitudeScore ??= scoreN;
			evaluation.attitudeScoreMax ??= maxN;
		}
	}
	// "Үнэлгээ өгсөн:" — the evaluator's name and the date that follow it (on its own line or
	// the label's).
	const given = sheetLines.findIndex((l) => has(l.text, /үнэлгээ\s+өгсөн/u));
	if (given >= 0) {
		evaluation.evaluator = signer(sheetLines.slice(given), /үнэлгээ\s+өгсөн/u);
		for (const l of sheetLines.slice(given)) {
			if (has(l.text, /танилцаж|зөвшөөрсөн/u)) break;
			evaluation.date ??= parseMongolianDate(l.text);
		}
	}
	return evaluation;
}
