/**
 * Cross-checks: the summary and the evaluation sheet restate what the table says (DESIGN.md §1).
 * Each failed check is a flag; nothing is changed.
 */
import type { Evaluation, Flag, Measure, Summary } from "./records.ts";

const round1 = (x: number) => Math.round(x * 10) / 10;

function check(
	flags: Flag[],
	kind: string,
	ok: boolean,
	message: string,
	evidence: Record<string, unknown>,
) {
	if (!ok)
		flags.push({
			kind,
			severity: "warning",
			item: null,
			field: null,
			message,
			evidence,
			prov: null,
		});
}

/** Plan completion: the mean level over items that are due, in percent. */
export function planCompletion(measures: Measure[]): number | null {
	const due = measures.filter((m) => !m.notDue && m.performancePct !== null);
	if (due.length === 0) return null;
	return due.reduce((s, m) => s + (m.performancePct ?? 0), 0) / due.length;
}

/** Run every cross-check; returns one flag per failed check. */
export function crossCheck(
	measures: Measure[],
	summary: Summary | null,
	evaluation: Evaluation | null,
): Flag[] {
	const flags: Flag[] = [];
	const completion = planCompletion(measures);
	if (!summary) {
		check(
			flags,
			"summary-missing",
			false,
			"The report has no summary (БИЕЛЭЛТИЙН ТОВЧОО).",
			{},
		);
	} else {
		check(
			flags,
			"summary-item-count",
			summary.itemsMonitored === measures.length,
			`The summary monitors ${summary.itemsMonitored} items; the table has ${measures.length}.`,
			{ stated: summary.itemsMonitored, counted: measures.length },
		);
		for (const level of ["100", "90", "80", "70", "30", "0"] as const) {
			const counted = measures.filter(
				(m) => m.performancePct === Number(level),
			).length;
			const stated = summary.levels[level];
			check(
				flags,
				"summary-level-count",
				stated === counted,
				`The summary counts ${stated} items at ${level}%; the table has ${counted}.`,
				{ level, stated, counted },
			);
		}
		const notDue = measures.filter((m) => m.notDue).length;
		check(
			flags,
			"summary-level-count",
			(summary.levels.notDue ?? 0) === notDue,
			`The summary counts ${summary.levels.notDue} items not yet due; the table has ${notDue}.`,
			{ level: "notDue", stated: summary.levels.notDue, counted: notDue },
		);
		check(
			flags,
			"summary-completion",
			completion !== null &&
				summary.planCompletionPct !== null &&
				round1(completion) === summary.planCompletionPct,
			`The summary states ${summary.planCompletionPct}% plan completion; the table gives ${completion === null ? "none" : round1(completion)}%.`,
			{ stated: summary.planCompletionPct, computed: completion },
		);
	}
	if (!evaluation) {
		check(
			flags,
			"evaluation-missing",
			false,
			"The report has no evaluation sheet.",
			{},
		);
	} else {
		const e = evaluation;
		if (summary?.planCompletionPct != null)
			check(
				flags,
				"evaluation-completion",
				e.planCompletionPct === summary.planCompletionPct,
				`The evaluation sheet states ${e.planCompletionPct}% completion; the summary ${summary.planCompletionPct}%.`,
				{ evaluation: e.planCompletionPct, summary: summary.planCompletionPct },
			);
		if (e.planCompletionPct !== null && e.planScoreMax !== null)
			check(
				flags,
				"evaluation-plan-score",
				e.planScore !== null &&
					Math.abs(
						round1((e.planCompletionPct * e.planScoreMax) / 100) - e.planScore,
					) < 0.051,
				`${e.planCompletionPct}% × ${e.planScoreMax} gives ${round1((e.planCompletionPct * e.planScoreMax) / 100)}, the sheet says ${e.planScore}.`,
				{
					completion: e.planCompletionPct,
					max: e.planScoreMax,
					stated: e.planScore,
				},
			);
		const parts = [e.planScore, e.skillsScore, e.attitudeScore];
		if (parts.every((p) => p !== null))
			check(
				flags,
				"evaluation-total",
				e.total !== null &&
					Math.abs(
						round1(parts.reduce((s: number, p) => s + (p ?? 0), 0)) - e.total,
					) < 0.051,
				`The parts add up to ${round1(parts.reduce((s: number, p) => s + (p ?? 0), 0))}; the sheet's total is ${e.total}.`,
				{ parts, total: e.total },
			);
	}
	return flags;
}
