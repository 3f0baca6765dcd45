/**
 * Tests of the generator itself (test/render.ts): what it prints must be the record, only moved
 * across rows and pages as the plan says. A small reference reader below re-assembles the rows
 * (merging continuation rows, undoing the plan's pushes) and must get the record back exactly.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { Root, Table } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import {
	type Measure,
	type ReportRecord,
	ReportRecordSchema,
} from "../pipeline/records.ts";
import {
	collapseWs,
	displayedAchievements,
	emptyPlan,
	isMidSentence,
	makePush,
	paragraphsOf,
	performanceText,
	planInvolvement,
	type RenderPlan,
	renderPlanArb,
	renderReportMarkdown,
	tableRows,
} from "./render.ts";

const SEED_DIR = new URL("../fixtures/markdown/seed/", import.meta.url);

function loadRecord(): ReportRecord {
	const raw = JSON.parse(
		readFileSync(new URL("expected.json", SEED_DIR), "utf8"),
	) as {
		measures: Record<string, unknown>[];
	};
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
}

const record = loadRecord();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

// ───────────────────────────── a tiny reference reader ─────────────────────────────

const NUMBERING = "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |";

/** Maximal runs of lines starting with "|". */
function markdownTables(md: string): string[][] {
	const out: string[][] = [];
	let cur: string[] | null = null;
	for (const line of md.split("\n")) {
		if (line.startsWith("|")) {
			if (!cur) {
				cur = [];
				out.push(cur);
			}
			cur.push(line);
		} else cur = null;
	}
	return out;
}

function cellsOf(line: string): string[] {
	return line
		.trim()
		.replace(/^\|/, "")
		.replace(/\|$/, "")
		.split(/(?<!\\)\|/)
		.map((c) => c.trim().replace(/\\\|/g, "|"));
}

const isDelimiter = (line: string): boolean =>
	/^\|(\s*:?-+:?\s*\|)+\s*$/.test(line);

/** The plan-table fragments: 9-column tables holding the numbering row. */
function planFragments(md: string): string[][] {
	return markdownTables(md).filter((t) => t.includes(NUMBERING));
}

/** Body rows (cells) of the plan table in reading order: every row after a fragment's numbering row. */
function bodyRows(md: string): string[][] {
	return planFragments(md).flatMap((t) =>
		t
			.slice(t.indexOf(NUMBERING) + 1)
			.filter((l) => !isDelimiter(l))
			.map(cellsOf),
	);
}

function cellParagraphs(cell: string): string[] {
	if (cell.includes("<p>"))
		return [...cell.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1] as string);
	return cell === "" ? [] : [cell];
}

type RowKind = "item" | "goal" | "continuation";
function rowKind(cells: string[]): RowKind {
	if (/^\d+\.\d+$/.test(cells[0] ?? "")) return "item";
	if (
		/^Зорилт/.test(cells[0] ?? "") ||
		(/^\d+$/.test(cells[0] ?? "") && /^Зорилт/.test(cells[1] ?? ""))
	)
		return "goal";
	if (cells[0] === "") return "continuation";
	throw new Error(`unexpected row ${cells.join(" | ").slice(0, 80)}`);
}

interface ReadMeasure {
	item: string;
	activity: string;
	budget: string;
	indicator: string;
	baseline: string;
	half: string;
	full: string;
	achievement: string;
	performance: string;
	goal: number | null;
}

/** Re-assemble measures from the body rows: continuation rows are appended to the item above. */
function readMeasures(md: string): {
	measures: ReadMeasure[];
	goals: { number: number; title: string }[];
} {
	const measures: ReadMeasure[] = [];
	const goals: { number: number; title: string }[] = [];
	const join = (a: string, b: string) => (a && b ? `${a} ${b}` : a || b);
	for (const c of bodyRows(md)) {
		expect(c).toHaveLength(9);
		const kind = rowKind(c);
		if (kind === "goal") {
			const text = (c[0] as string).startsWith("Зорилт")
				? (c[0] as string)
				: (c[1] as string);
			const m = /^Зорилт[-\s]*(\d+)[.:]\s*(.*)$/.exec(text);
			if (!m) throw new Error(`bad goal row ${text}`);
			goals.push({ number: Number(m[1]), title: m[2] as string });
		} else if (kind === "item") {
			measures.push({
				item: c[0] as string,
				activity: c[1] as string,
				budget: c[2] as string,
				indicator: c[3] as string,
				baseline: c[4] as string,
				half: c[5] as string,
				full: c[6] as string,
				achievement: cellParagraphs(c[7] as string).join("\n"),
				performance: c[8] as string,
				goal: goals[goals.length - 1]?.number ?? null,
			});
		} else {
			const last = measures[measures.length - 1];
			if (!last) throw new Error("continuation row before any item");
			expect(c.slice(4, 7)).toEqual(["", "", ""]); // numbers never continue
			last.activity = join(last.activity, c[1] as string);
			last.budget = join(last.budget, c[2] as string);
			last.indicator = join(last.indicator, c[3] as string);
			last.achievement = join(
				last.achievement,
				cellParagraphs(c[7] as string).join("\n"),
			);
			expect(last.performance === "" || c[8] === "").toBe(true);
			last.performance = join(last.performance, c[8] as string);
		}
	}
	return { measures, goals };
}

/** Undo the plan's pushes on the re-assembled measures (the receiver's cell starts with the pushed text). */
function undoPushes(measures: ReadMeasure[], plan: RenderPlan): void {
	for (const push of plan.pushes) {
		const giver = measures[push.from] as ReadMeasure;
		const receiver = measures[push.from + 1] as ReadMeasure;
		const pushed = collapseWs(push.text);
		const got = collapseWs(receiver.achievement);
		expect(
			got.startsWith(pushed),
			`${push.toItem}'s cell starts with ${push.fromItem}'s tail`,
		).toBe(true);
		receiver.achievement = got.slice(pushed.length);
		giver.achievement = `${giver.achievement} ${pushed}`;
	}
}

function expectSameRecord(measures: ReadMeasure[], rec: ReportRecord): void {
	expect(measures.map((m) => m.item)).toEqual(rec.measures.map((m) => m.item));
	rec.measures.forEach((e: Measure, i) => {
		const g = measures[i] as ReadMeasure;
		const c = collapseWs;
		expect(
			{
				activity: c(g.activity),
				budget: c(g.budget),
				indicator: c(g.indicator),
				baseline: g.baseline,
				half: g.half,
				full: g.full,
				achievement: c(g.achievement),
				performance: g.performance,
				goal: g.goal,
			},
			e.item,
		).toEqual({
			activity: c(e.activity),
			budget: c(e.budget.raw),
			indicator: c(e.indicator),
			baseline: e.baseline.raw,
			half: e.targetHalfYear.raw,
			full: e.targetFullYear.raw,
			achievement: c(e.achievement),
			performance: performanceText(e),
			goal: e.goal,
		});
	});
}

const stripTags = (s: string) => s.replace(/<\/?p>/g, " ");

// ───────────────────────────── tests ─────────────────────────────

describe("renderReportMarkdown", () => {
	it("with an empty plan prints every measure's activity and achievement text in one fragment", () => {
		const md = renderReportMarkdown(record, emptyPlan(record));
		expect(planFragments(md)).toHaveLength(1);
		for (const m of record.measures) {
			expect(md).toContain(m.activity);
			expect(md).toContain(m.indicator);
			for (const p of paragraphsOf(m.achievement)) expect(md).toContain(p);
		}
		const read = readMeasures(md);
		expectSameRecord(read.measures, record);
		expect(read.goals).toEqual(record.goals);
	});

	it("looks like the seed: bold two-line title, header rows, numbering row", () => {
		const md = renderReportMarkdown(record, emptyPlan(record));
		const lines = md.split("\n");
		expect(lines.slice(0, 4)).toEqual([
			"",
			"",
			"**ТӨРИЙН ЗАХИРГААНЫ УДИРДЛАГЫН ХЭЛТСИЙН 2024 ОНЫ",
			"ЖИЛИЙН ЭЦСИЙН ГҮЙЦЭТГЭЛИЙН ТАЙЛАН**",
		]);
		const first = planFragments(md)[0] as string[];
		expect(cellsOf(first[0] as string)).toEqual([
			"№",
			"Стратеги төлөвлөгөө болон үндэслэж байгаа бусад бодлогын баримт бичиг, хууль тогтоомж",
			"Төсөв",
			"Шалгуур үзүүлэлт",
			"Суурь түвшин",
			"Зорилтот түвшин",
			"",
			"Хүрсэн түвшин буюу хэрэгжилт /хүрээгүй бол тайлбар/",
			"Гүйцэтгэлийн хувь",
		]);
		expect(cellsOf(first[2] as string)).toEqual([
			"",
			"",
			"",
			"",
			"",
			"Хагас жил",
			"Бүтэн жил",
			"",
			"",
		]);
		expect(first[3]).toBe(NUMBERING);
		expect(md).toContain("| 1.2 | Монгол Улсын гадаад бодлогод");
		expect(md).toContain("| 2.1 |");
		expect(md).toContain("| 70% |");
	});

	it("prints the text after the table exactly as the seed does (page number aside)", () => {
		const md = renderReportMarkdown(record, emptyPlan(record));
		const seed = readFileSync(new URL("input.md", SEED_DIR), "utf8");
		const tail = (s: string) =>
			s
				.slice(s.indexOf("\nХЯНАСАН\n"))
				.trimEnd()
				.split("\n")
				.filter((l) => !/^\d+$/.test(l));
		expect(tail(md)).toEqual(tail(seed));
	});

	it("writes the goal-row forms of the seed", () => {
		const plan: RenderPlan = {
			...emptyPlan(record),
			goalStyles: ["numbered", "numbered-tight", "dash"],
		};
		const md = renderReportMarkdown(record, plan);
		expect(md).toContain("| 1 | Зорилт 1. Төрийн болон нутгийн");
		expect(md).toContain("| 2 | Зорилт 2.Төрийн удирдлагын");
		expect(md).toContain("| Зорилт-3: Аймгийн Засаг даргын");
		expect(readMeasures(md).goals).toEqual(record.goals);
	});

	it("cuts an item row across a page break like the seed's 2.3", () => {
		const rows = tableRows(record);
		const afterRow = rows.findIndex(
			(r) => r.kind === "measure" && r.measure.item === "2.3",
		);
		const plan: RenderPlan = {
			...emptyPlan(record),
			pageBreaks: [
				{
					afterRow,
					split: {
						activity: 7,
						budget: 2,
						indicator: 1,
						achievement: { paragraph: 0, word: 13 },
						performanceInContinuation: true,
					},
				},
			],
		};
		const md = renderReportMarkdown(record, plan);
		expect(planFragments(md)).toHaveLength(2);
		expect(md).toContain(
			"| 2.3 | Төрийн албан хаагчдыг шаардлагатай тоног төхөөрөмжөөр хангах | 220 сая | Тоног | 0 | 50 | 60 | Тоног төхөөрөмж нийлүүлэх тендер шалгаруулалтад “Буянт хөрс наран” ХХК шалгарч, орон нутгийн хөгжлийн | |",
		);
		expect(md).toContain(
			`${NUMBERING}\n|---|---|---|---|---|---|---|---|---|\n| | /ЗДТГ, ИТХ, Санхүүгийн хяналт дотоод аудит/ | ОНХС | төхөөрөмжийн хангалтын хувь | | | | санхүүжилтээр аймгийн`,
		);
		expect(md).toContain(
			"126 ширхэг тоног төхөөрөмжийг нийлүүлсэн. | 100% |\n| 2.4 |",
		);
		expectSameRecord(readMeasures(md).measures, record);
	});

	it("pushes a tail into the next item's cell, as its own paragraph or glued inline", () => {
		const i = record.measures.findIndex((m) => m.item === "4.9");
		const asParagraph = makePush(record, i, 0.99, { join: "paragraph" });
		const inline = makePush(record, i, 0.99, { join: "inline" });
		expect(asParagraph?.toItem).toBe("4.10");
		expect(asParagraph?.kind).toBe("mid-sentence");
		const tail = asParagraph?.text as string;
		const own = record.measures[i + 1]?.achievement as string;
		const md1 = renderReportMarkdown(record, {
			...emptyPlan(record),
			pushes: [asParagraph as NonNullable<typeof asParagraph>],
		});
		expect(md1).toContain(`| <p>${tail}</p> <p>${own}</p> | 100% |`);
		const md2 = renderReportMarkdown(record, {
			...emptyPlan(record),
			pushes: [inline as NonNullable<typeof inline>],
		});
		expect(md2).toContain(`| ${tail} ${own} | 100% |`);
		const giver = readMeasures(md2).measures[i] as ReadMeasure;
		expect(giver.achievement).not.toMatch(/[.!?]$/); // left dangling mid-sentence
	});

	it("rejects invalid plans", () => {
		const rows = tableRows(record);
		const goalRow = rows.findIndex((r) => r.kind === "goal");
		const split = {
			activity: null,
			budget: null,
			indicator: null,
			achievement: null,
			performanceInContinuation: true,
		};
		expect(() =>
			renderReportMarkdown(record, {
				...emptyPlan(record),
				pageBreaks: [{ afterRow: goalRow, split }],
			}),
		).toThrow();
		expect(() =>
			renderReportMarkdown(record, {
				...emptyPlan(record),
				pageBreaks: [{ afterRow: rows.length - 1, split: null }],
			}),
		).toThrow();
		const a = makePush(record, 3, 0.5);
		const b = makePush(record, 4, 0.5);
		expect(() =>
			renderReportMarkdown(record, {
				...emptyPlan(record),
				pushes: [a, b].filter((p) => p !== null),
			}),
		).toThrow(/consecutive/);
	});
});

describe("renderPlanArb", () => {
	it("a plan with k page breaks yields k+1 plan-table fragments, each opened by the numbering row", () => {
		fc.assert(
			fc.property(renderPlanArb(record), (plan) => {
				const md = renderReportMarkdown(record, plan);
				const fragments = planFragments(md);
				expect(fragments).toHaveLength(plan.pageBreaks.length + 1);
				for (const t of fragments.slice(1)) {
					expect(t[0]).toBe(NUMBERING);
					expect(isDelimiter(t[1] as string)).toBe(true);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it("pushed text never disappears: the achievement cells in reading order are the achievements in order", () => {
		fc.assert(
			fc.property(renderPlanArb(record), (plan) => {
				const md = renderReportMarkdown(record, plan);
				const cells = bodyRows(md).map((c) => stripTags(c[7] as string));
				expect(collapseWs(cells.join(" "))).toBe(
					collapseWs(record.measures.map((m) => m.achievement).join(" ")),
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it("only moves text: merging continuation rows and undoing the pushes gives the record back", () => {
		fc.assert(
			fc.property(renderPlanArb(record), (plan) => {
				const md = renderReportMarkdown(record, plan);
				const read = readMeasures(md);
				undoPushes(read.measures, plan);
				expectSameRecord(read.measures, record);
				expect(read.goals).toEqual(record.goals);
			}),
			{ numRuns: RUNS },
		);
	});

	it("makes valid plans: breaks in order, pushes mid-sentence or at a paragraph, never on consecutive items", () => {
		fc.assert(
			fc.property(renderPlanArb(record), (plan) => {
				const rows = tableRows(record);
				const after = plan.pageBreaks.map((b) => b.afterRow);
				expect(after).toEqual([...new Set(after)].sort((a, b) => a - b));
				for (const b of plan.pageBreaks) {
					expect(b.afterRow).toBeLessThan(rows.length - 1);
					if (b.split) expect(rows[b.afterRow]?.kind).toBe("measure");
				}
				const froms = plan.pushes.map((p) => p.from);
				for (let i = 1; i < froms.length; i++)
					expect(
						(froms[i] as number) - (froms[i - 1] as number),
					).toBeGreaterThan(1);
				for (const p of plan.pushes) {
					const paras = paragraphsOf(
						record.measures[p.from]?.achievement ?? "",
					);
					if (p.kind === "mid-sentence")
						expect(isMidSentence(paras, p.at)).toBe(true);
					else expect(p.at.word).toBe(0);
					expect(p.text.length).toBeGreaterThan(0);
				}
				// every item prints its performance exactly once, in its row or its continuation
				const md = renderReportMarkdown(record, plan);
				expect(readMeasures(md).measures.map((m) => m.performance)).toEqual(
					record.measures.map(performanceText),
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it("is valid GFM: remark-gfm reads the same fragments, every row with 9 cells", () => {
		const parser = unified().use(remarkParse).use(remarkGfm);
		fc.assert(
			fc.property(renderPlanArb(record), (plan) => {
				const md = renderReportMarkdown(record, plan);
				const tree = parser.parse(md) as Root;
				const tables = tree.children.filter(
					(n): n is Table => n.type === "table",
				);
				const nine = tables.filter(
					(t) => (t.children[0]?.children.length ?? 0) === 9,
				);
				expect(nine).toHaveLength(plan.pageBreaks.length + 1);
				for (const t of nine)
					for (const row of t.children) expect(row.children).toHaveLength(9);
				expect(nine.reduce((n, t) => n + t.children.length, 0)).toBe(
					planFragments(md).reduce(
						(n, t) => n + t.filter((l) => !isDelimiter(l)).length,
						0,
					),
				);
			}),
			{ numRuns: Math.min(RUNS, 30) },
		);
	});

	it("honours its options and spreads its defects", () => {
		const noPush = fc.sample(renderPlanArb(record, { pushes: false }), {
			numRuns: 50,
			seed: 1,
		});
		expect(noPush.every((p) => p.pushes.length === 0)).toBe(true);
		expect(
			noPush.some((p) => p.pageBreaks.some((b) => b.split?.achievement)),
		).toBe(true);
		const noSplit = fc.sample(renderPlanArb(record, { splits: false }), {
			numRuns: 50,
			seed: 2,
		});
		expect(
			noSplit.every((p) => p.pageBreaks.every((b) => b.split === null)),
		).toBe(true);
		const plans = fc.sample(renderPlanArb(record), { numRuns: 200, seed: 3 });
		const pushes = plans.flatMap((p) => p.pushes);
		expect(pushes.some((p) => p.kind === "paragraph")).toBe(true);
		expect(pushes.some((p) => p.join === "inline")).toBe(true);
		const splits = plans.flatMap((p) =>
			p.pageBreaks.flatMap((b) => (b.split ? [b.split] : [])),
		);
		for (const key of [
			"activity",
			"budget",
			"indicator",
			"achievement",
		] as const)
			expect(splits.some((s) => s[key] !== null)).toBe(true);
		expect(splits.some((s) => s.performanceInContinuation)).toBe(true);
		// cut points are spread over the text, not stuck at its first word
		const words = pushes
			.filter((p) => p.kind === "mid-sentence")
			.map((p) => p.at.word);
		expect(new Set(words).size).toBeGreaterThan(20);
		// a push across a goal boundary happens
		expect(
			pushes.some(
				(p) =>
					record.measures[p.from]?.goal !== record.measures[p.from + 1]?.goal,
			),
		).toBe(true);
	});

	it("planInvolvement marks givers, receivers and mid-sentence cuts", () => {
		const [plan] = fc.sample(renderPlanArb(record), { numRuns: 1, seed: 7 });
		const p = plan as RenderPlan;
		const inv = planInvolvement(record, p);
		const cells = displayedAchievements(record, p.pushes);
		for (const push of p.pushes) {
			expect(inv[push.from]?.gives).toBe(push);
			expect(inv[push.from + 1]?.receives).toBe(push);
		}
		for (const [i, x] of inv.entries())
			if (x.achievementCut)
				expect(x.achievementCut.midSentence).toBe(
					isMidSentence(cells[i] ?? [], x.achievementCut.at),
				);
	});
});
