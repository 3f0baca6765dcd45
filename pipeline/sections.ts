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

function personIn(text: string): string | null {
	// Prefer the last person named in the block (the signature line).
	const all = [...text.matchAll(new RegExp(PERSON.source, "gu"))];
	const m = all[all.length - 1];
	return m ? nameCase(`${m[1]}.${m[2]}`) : null;
}

/** Genitive → nominative for the few nouns that name units in titles. */
function unitNominative(genitive: string): string {
	return genitive
		.replace(/хэлтсийн$/u, "хэлтэс")
		.replace(/газрын$/u, "газар")
		.replace(/агентлагийн$/u, "агентлаг")
		.replace(/албаны$/u, "алба")
		.replace(/төвийн$/u, "төв");
}

/** Extract report info, summary and evaluation from the blocks outside the plan table. */
export function extractSections(
	doc: TailanDocument,
	planFragments: number[],
): Sections {
	const plan = new Set(planFragments);
	const blocks: Block[] = doc.pages
		.flatMap((p) => p.blocks)
		.filter((b) => b.kind === "text" || !plan.has(b.index));
	const texts = blocks.filter((b): b is TextBlock => b.kind === "text");

	// Title: the first emphasised block that says "тайлан" (else the first text block).
	const titleBlock =
		texts.find((b) => b.strong && has(b.text, /тайлан/u)) ??
		texts.find((b) => has(b.text, /тайлан/u)) ??
		texts[0];
	const title = collapseWhitespace(titleBlock?.text ?? "");
	const year = Number(/(\d{4})\s*(?:оны|он)/iu.exec(title)?.[1] ?? Number.NaN);
	const period = has(title, /хагас\s+жил/u)
		? "half-year"
		: has(title, /жилийн\s+эцс|жилийн\s+тайлан|бүтэн\s+жил/u)
			? "annual"
			: null;

	const labelled = (label: RegExp): string | null => {
		for (const b of texts) {
			for (const line of b.text.split("\n")) {
				const m = label.exec(line);
				if (m)
					return collapseWhitespace(line.slice(m.index + m[0].length)) || null;
			}
		}
		return null;
	};
	const organization = labelled(/Байгууллагын\s+нэр\s*:/iu);
	let department = labelled(/Нэгжийн\s+нэр\s*:/iu);
	if (!department) {
		const m =
			/^(.*?(?:хэлтсийн|газрын|агентлагийн|албаны|төвийн))\s+\d{4}/iu.exec(
				title,
			);
		if (m?.[1]) department = unitNominative(sentenceCase(m[1]));
	}

	// Signatures: "ХЯНАСАН" (reviewed by) and "… ГАРГАСАН" (prepared by) blocks.
	const reviewedBlock = texts.find((b) => has(b.text, /^хянасан/u));
	const preparedBlock = texts.find((b) =>
		has(b.text, /^(тайлан|хэрэгжилт)\s+гаргасан/u),
	);
	const reviewedBy = reviewedBlock ? personIn(reviewedBlock.text) : null;
	const preparedBy = preparedBlock ? personIn(preparedBlock.text) : null;

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
		summary: extractSummary(blocks),
		evaluation: extractEvaluation(blocks, {
			organization,
			department,
			preparedBy,
		}),
	};
}

function rowsOf(t: TableFragment): string[][] {
	return t.rows.map((r) => r.cells.map((c) => collapseWhitespace(cellText(c))));
}

function numberIn(text: string | undefined): number | null {
	if (!text) return null;
	return parseNumber(text).value;
}

function extractSummary(blocks: Block[]): Summary | null {
	const start = blocks.findIndex(
		(b) => b.kind === "text" && has(b.text, /биелэлтийн\s+товчоо/u),
	);
	if (start < 0) return null;
	const after = blocks.slice(start + 1);
	const table = after.find((b): b is TableFragment => b.kind === "table");
	let date: string | null = null;
	for (const b of after) {
		if (b === table) break;
		if (b.kind === "text") date ??= parseMongolianDate(b.text);
	}
	const summary: Summary = {
		date,
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
	if (!table) return summary;
	for (const row of rowsOf(table)) {
		const joined = row.join(" | ");
		const count = (text: string | undefined) => {
			const t = (text ?? "").trim();
			if (t === "" || /^[-–—]$/.test(t)) return 0;
			const v = numberIn(t);
			return v === null ? null : Math.round(v);
		};
		const monitored = /заалтын\s+тоо\s*:?\s*(\d+)/iu.exec(joined);
		if (monitored) {
			summary.itemsMonitored = Number(monitored[1]);
			continue;
		}
		if (has(joined, /хугацаа\s+болоогүй/u)) {
			summary.levels.notDue = count(row[row.length - 1]);
			continue;
		}
		if (has(joined, /төлөвлөгөөний\s+биелэлт/u)) {
			const pct = /(\d+(?:[.,]\d+)?)\s*%/.exec(joined);
			summary.planCompletionPct = pct ? numberIn(pct[1]) : null;
			continue;
		}
		const level = row
			.map((c) => /^(100|90|80|70|30|0)\s*%$/.exec(c)?.[1])
			.find(Boolean);
		if (level) {
			summary.levels[level as "100"] = count(row[row.length - 1]);
		}
	}
	return summary;
}

function extractEvaluation(
	blocks: Block[],
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
		(b) => b.kind === "text" && has(b.text, /биелэлтийн\s+товчоо/u),
	);
	const section = end < 0 ? after : after.slice(0, end);

	// "<POSITION> <PATRONYMIC> <NAME>ЫН 2024 ОНЫ АЖЛЫН ГҮЙЦЭТГЭЛ …"
	let employee: string | null = null;
	let position: string | null = null;
	const m = /^(.*?)\s+(\p{Lu}+)\s+(\p{Lu}+)\s+\d{4}\s+оны/iu.exec(titleText);
	if (m) {
		position = sentenceCase(m[1] ?? "");
		const patronymic = nameCase(m[2] ?? "");
		let given = nameCase(m[3] ?? "");
		const signed = known.preparedBy?.split(".").pop();
		if (signed && lowerMn(given).startsWith(lowerMn(signed))) given = signed;
		else given = given.replace(/(ийн|ын|ийг|ыг|гийн|ы|ий)$/u, "");
		employee = `${patronymic} ${given}`;
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
	// "Үнэлгээ өгсөн:" — the evaluator's name and the date that follow it.
	const given = section.findIndex(
		(b) => b.kind === "text" && has(b.text, /үнэлгээ\s+өгсөн/u),
	);
	if (given >= 0) {
		for (const b of section.slice(given + 1)) {
			if (b.kind !== "text") continue;
			if (has(b.text, /танилцаж|зөвшөөрсөн/u)) break;
			evaluation.evaluator ??= personIn(b.text);
			evaluation.date ??= parseMongolianDate(b.text);
		}
	}
	return evaluation;
}
