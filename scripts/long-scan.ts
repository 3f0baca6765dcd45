/**
 * A scan longer than the gold report, for the queue benchmark (scripts/bench-pg.ts): the gold
 * record with a seventh goal of `extra` more items (the first gold items again, numbered 7.1,
 * 7.2, …; the summary and evaluation sheet counting them), printed to PDF as the gold was
 * (scripts/make-pdf-fixtures.ts, headless Chromium) and scanned at 300 dpi as the gold's pages
 * are (scripts/make-scan-fixtures.ts: turned, blurred, noisy) into an image-only PDF. The gold's
 * 44 items fill 17 pages; 24 pages take 22 more items.
 *
 * Made on demand into fixtures/scan/.cache/ (git-ignored) and reused while up to date.
 *
 *   npx tsx scripts/long-scan.ts [--extra 22]     prints the PDF's path and its page count
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openPdf } from "../parsers/pdf/load.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import { planCompletion } from "../pipeline/validate.ts";
import { loadGold, printPdf, reportHtml } from "./make-pdf-fixtures.ts";
import { SCAN_CACHE, scanFixtures } from "./make-scan-fixtures.ts";

/** Items added to the gold's 44 for a 24-page report. */
export const EXTRA_FOR_24_PAGES = 22;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The gold record with a goal 7 of `extra` items (copies of the first gold items, renumbered). */
export function longRecord(extra: number = EXTRA_FOR_24_PAGES): ReportRecord {
	const gold = loadGold();
	const added = Array.from({ length: extra }, (_, i) => {
		const from = gold.measures[i % gold.measures.length];
		if (!from) throw new Error("the gold record has no items");
		return { ...from, item: `7.${i + 1}`, goal: 7 };
	});
	const measures = [...gold.measures, ...added];
	const completion = planCompletion(measures);
	const pct = completion === null ? null : round1(completion);
	const levels = { ...(gold.summary?.levels ?? {}) } as Record<string, number>;
	for (const m of added)
		if (m.performancePct !== null && String(m.performancePct) in levels)
			levels[String(m.performancePct)] =
				(levels[String(m.performancePct)] ?? 0) + 1;
	const evaluation = gold.evaluation && { ...gold.evaluation };
	if (evaluation && pct !== null) {
		evaluation.planCompletionPct = pct;
		if (evaluation.planScoreMax !== null) {
			evaluation.planScore = round1((pct * evaluation.planScoreMax) / 100);
			if (evaluation.skillsScore !== null && evaluation.attitudeScore !== null)
				evaluation.total = round1(
					evaluation.planScore +
						evaluation.skillsScore +
						evaluation.attitudeScore,
				);
		}
	}
	return {
		...gold,
		goals: [
			...gold.goals,
			{
				number: 7,
				title: "Бусад чиг үүргийн хүрээнд хэрэгжүүлсэн ажлын талаар:",
			},
		],
		measures,
		summary: gold.summary && {
			...gold.summary,
			itemsMonitored: measures.length,
			levels: levels as typeof gold.summary.levels,
			planCompletionPct: pct,
		},
		evaluation,
	};
}

export interface LongScan {
	/** The image-only PDF (300 dpi pages). */
	pdf: string;
	pages: number;
	/** What a perfect reading gives. */
	record: ReportRecord;
}

/** The long report printed and scanned (made if missing or out of date). */
export async function longScan(
	options: { extra?: number; dir?: string; log?: (line: string) => void } = {},
): Promise<LongScan> {
	const record = longRecord(options.extra);
	const dir = options.dir ?? SCAN_CACHE;
	const html = reportHtml(record);
	const key = createHash("sha256").update(html).digest("hex").slice(0, 12);
	mkdirSync(dir, { recursive: true });
	const printed = join(dir, `long-${key}.pdf`);
	if (!existsSync(printed)) {
		options.log?.(`printing ${printed}`);
		printPdf(html, printed);
	}
	const scans = await scanFixtures({
		dpis: [300],
		formats: ["pdf"],
		source: printed,
		dir,
		...(options.log ? { log: options.log } : {}),
	});
	if (!scans.pdf) throw new Error("scanFixtures wrote no PDF");
	const file = await openPdf(readFileSync(scans.pdf), scans.pdf);
	const pages = file.numPages;
	await file.close();
	return { pdf: scans.pdf, pages, record };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const { values } = parseArgs({
		options: {
			extra: { type: "string", default: String(EXTRA_FOR_24_PAGES) },
		},
	});
	const scan = await longScan({
		extra: Number(values.extra),
		log: (l) => console.log(l),
	});
	console.log(
		`${scan.pdf}: ${scan.pages} pages, ${scan.record.measures.length} items`,
	);
}
