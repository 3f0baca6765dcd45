/**
 * The report-level cross-checks after a change (pipeline/validate.ts crossCheck over the
 * effective values): re-run by review.ts after a correction and by versions.ts after a new
 * version of a report re-applied its corrections. Flags are raised and resolved here.
 */
import {
	EvaluationSchema,
	type Flag,
	SummarySchema,
} from "../pipeline/records.ts";
import { crossCheck } from "../pipeline/validate.ts";
import type { Handle } from "./connection.ts";
import { queriesOf } from "./queries.ts";
import { rowToMeasure } from "./rows.ts";

/** Flag kinds raised by pipeline/validate.ts crossCheck: re-run after every correction. */
export const CROSS_CHECK_KINDS = [
	"summary-missing",
	"summary-item-count",
	"summary-level-count",
	"summary-completion",
	"evaluation-missing",
	"evaluation-completion",
	"evaluation-plan-score",
	"evaluation-total",
] as const;

export interface RecheckOutcome {
	raised: number;
	resolved: number;
}

/** Re-run pipeline/validate.ts crossCheck over the report's effective values; sync its flags. */
export function recheckReport(
	db: Handle,
	reportId: number,
	now: string,
): RecheckOutcome {
	const doc = db
		.prepare<
			{ id: number },
			{ summary_json: string | null; evaluation_json: string | null }
		>("SELECT summary_json, evaluation_json FROM reports WHERE id = @id")
		.get({ id: reportId });
	if (!doc)
		throw new TypeError(`review.recheck: there is no report ${reportId}`);
	const measures = queriesOf(db)
		.measuresOfReport.all({ report_id: reportId })
		.map(rowToMeasure);
	const summary =
		doc.summary_json === null
			? null
			: SummarySchema.parse(JSON.parse(doc.summary_json));
	const evaluation =
		doc.evaluation_json === null
			? null
			: EvaluationSchema.parse(JSON.parse(doc.evaluation_json));
	return syncCrossCheckFlags(
		db,
		reportId,
		crossCheck(measures, summary, evaluation),
		now,
	);
}

/**
 * Make the report's open cross-check flags match `flags` (the checks that fail now): an open
 * flag whose check passes now becomes "corrected"; a failing check with no flag yet (open,
 * accepted or rejected, same kind and message) is raised.
 */
function syncCrossCheckFlags(
	db: Handle,
	reportId: number,
	flags: Flag[],
	now: string,
): RecheckOutcome {
	const existing = db
		.prepare<
			{ report_id: number },
			{ id: number; kind: string; message: string; status: string }
		>(
			`SELECT id, kind, message, status FROM flags
			WHERE report_id = @report_id AND item IS NULL AND kind IN (${CROSS_CHECK_KINDS.map((k) => `'${k}'`).join(", ")})`,
		)
		.all({ report_id: reportId });
	const key = (kind: string, message: string) => `${kind}\u0000${message}`;
	const failing = new Set(flags.map((f) => key(f.kind, f.message)));
	let resolved = 0;
	const resolve = db.prepare<{ id: number }>(
		"UPDATE flags SET status = 'corrected' WHERE id = @id",
	);
	for (const f of existing) {
		if (f.status === "open" && !failing.has(key(f.kind, f.message))) {
			resolve.run({ id: f.id });
			resolved++;
		}
	}
	const present = new Set(
		existing
			.filter((f) => f.status !== "corrected")
			.map((f) => key(f.kind, f.message)),
	);
	let raised = 0;
	for (const flag of flags) {
		if (present.has(key(flag.kind, flag.message))) continue;
		insertFlag(db, reportId, flag, now);
		present.add(key(flag.kind, flag.message));
		raised++;
	}
	return { raised, resolved };
}

export function insertFlag(
	db: Handle,
	reportId: number,
	flag: Flag,
	now: string,
): void {
	queriesOf(db).insertFlag.run({
		report_id: reportId,
		kind: flag.kind,
		severity: flag.severity,
		item: flag.item,
		field: flag.field,
		message: flag.message,
		evidence_json: JSON.stringify(flag.evidence ?? {}),
		prov_json: flag.prov ? JSON.stringify(flag.prov) : null,
		created_at: now,
	});
}
