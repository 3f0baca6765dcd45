/**
 * Generated report folders for the batch tests and scripts/bench-batch.ts: distinct reports
 * (each its own department and year, so none is a new version of another) rendered from the
 * seed's gold record as OCR-style Markdown by test/render.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { ReportRecord } from "../pipeline/records.ts";
import { seedRecord } from "../store/testing.ts";
import {
	emptyPlan,
	type RenderPlan,
	renderPlanArb,
	renderReportMarkdown,
} from "./render.ts";

export interface GenerateOptions {
	/** Measures per report (default: all 44 of the seed; fewer make small, fast files). */
	measures?: number;
	/** Render with random page breaks, splits and pushes (default true) or as one clean page. */
	defects?: boolean;
	/** fast-check seed of the defects (default 7). */
	seed?: number;
}

export interface GeneratedReport {
	/** File name, e.g. "report-0007.md". */
	name: string;
	text: string;
	record: ReportRecord;
}

/** The seed's record as report number `i`: its own department and year, maybe fewer measures. */
export function variantRecord(
	base: ReportRecord,
	i: number,
	measures?: number,
): ReportRecord {
	const department = `${base.report.department ?? "хэлтэс"} ${i + 1}`;
	const kept = base.measures.slice(0, measures ?? base.measures.length);
	const goals = base.goals.filter((g) => kept.some((m) => m.goal === g.number));
	return {
		...base,
		report: { ...base.report, department, year: 2000 + (i % 25) },
		goals,
		measures: kept,
		// The summary counts the items kept: a report with fewer items than its summary states
		// is held as incomplete (docs/holds.md), which these test reports are not meant to be.
		summary: base.summary && { ...base.summary, itemsMonitored: kept.length },
		evaluation: base.evaluation && { ...base.evaluation, unit: department },
	};
}

/** `count` distinct reports. */
export function generateReports(
	count: number,
	options: GenerateOptions = {},
): GeneratedReport[] {
	const base = seedRecord();
	const records = Array.from({ length: count }, (_, i) =>
		variantRecord(base, i, options.measures),
	);
	const defects = options.defects ?? true;
	return records.map((record, i) => {
		const plan: RenderPlan = defects
			? (fc.sample(renderPlanArb(record), {
					seed: (options.seed ?? 7) + i,
					numRuns: 1,
				})[0] ?? emptyPlan(record))
			: emptyPlan(record);
		return {
			name: `report-${String(i).padStart(4, "0")}.md`,
			text: renderReportMarkdown(record, plan),
			record,
		};
	});
}

/** Write `reports` into `dir` (created), one file each; returns the paths. */
export function writeReports(
	dir: string,
	reports: readonly GeneratedReport[],
): string[] {
	mkdirSync(dir, { recursive: true });
	return reports.map((r) => {
		const path = join(dir, r.name);
		writeFileSync(path, r.text);
		return path;
	});
}
