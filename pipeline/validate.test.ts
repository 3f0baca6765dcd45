import { describe, expect, it } from "vitest";
import type { Evaluation, Measure, Summary } from "./records.ts";
import { crossCheck, planCompletion } from "./validate.ts";

const q = { raw: "", value: null, unit: null };
const measure = (
	item: string,
	level: Measure["performancePct"],
	notDue = false,
): Measure => ({
	item,
	goal: 1,
	activity: "a",
	budget: { raw: "", amountMnt: null, source: null },
	indicator: "i",
	baseline: q,
	targetHalfYear: q,
	targetFullYear: q,
	achievement: "",
	performancePct: level,
	...(notDue ? { notDue: true as const } : {}),
});
const levels = {
	"100": 2,
	"90": 0,
	"80": 0,
	"70": 1,
	"30": 0,
	"0": 0,
	notDue: 1,
};
const summary: Summary = {
	date: null,
	itemsMonitored: 4,
	levels,
	planCompletionPct: 90,
};
const evaluation: Evaluation = {
	employee: null,
	position: null,
	organization: null,
	unit: null,
	planCompletionPct: 90,
	planScore: 63,
	planScoreMax: 70,
	skillsScore: 15,
	skillsScoreMax: 15,
	attitudeScore: 15,
	attitudeScoreMax: 15,
	total: 93,
	evaluator: null,
	date: null,
};
const measures = [
	measure("1.1", 100),
	measure("1.2", 100),
	measure("1.3", 70),
	measure("1.4", null, true),
];

describe("crossCheck", () => {
	it("should exclude items not yet due from plan completion", () => {
		expect(planCompletion(measures)).toBe(90);
	});

	it("should raise no flag when summary and evaluation agree with the table", () => {
		expect(crossCheck(measures, summary, evaluation)).toEqual([]);
	});

	it("should flag each disagreement", () => {
		const kinds = crossCheck(
			measures.slice(0, 3),
			{ ...summary, levels: { ...levels, "70": 2 } },
			{ ...evaluation, planScore: 60, total: 99 },
		).map((f) => f.kind);
		expect(kinds).toEqual([
			"summary-item-count",
			"summary-level-count",
			"summary-level-count",
			"evaluation-plan-score",
			"evaluation-total",
		]);
	});

	it("should flag a report with neither summary nor evaluation", () => {
		expect(crossCheck(measures, null, null).map((f) => f.kind)).toEqual([
			"summary-missing",
			"evaluation-missing",
		]);
	});
});
