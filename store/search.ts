/**
 * The stems index for search (table measures_stems, migration 009): one row per measure with the
 * words and the Mongolian stems (normalizers/stem.ts) of its activity, indicator and achievement.
 * store.ts writes a row at import and on a correction, review.ts rewrites a report's rows on a
 * re-import; {@link migrateSearch} fills the rows of measures stored before the migration.
 */

import { searchStems } from "../normalizers/stem.ts";
import type { Handle, Statement } from "./handle.ts";
import { migrate, userVersion } from "./migrate.ts";

/** The migration that creates measures_stems. */
export const SEARCH_STEMS_VERSION = 9;

/** The searched texts of one measure. */
export interface MeasureText {
	id: number;
	activity: string;
	indicator: string;
	achievement: string;
}

const statements = new WeakMap<
	Handle,
	{
		remove: Statement<{ id: number }>;
		insert: Statement<{ id: number; words: string; stems: string }>;
	}
>();

function prepared(db: Handle) {
	let s = statements.get(db);
	if (s === undefined) {
		s = {
			remove: db.prepare<{ id: number }>(
				"DELETE FROM measures_stems WHERE rowid = @id",
			),
			insert: db.prepare<{ id: number; words: string; stems: string }>(
				"INSERT INTO measures_stems (rowid, words, stems) VALUES (@id, @words, @stems)",
			),
		};
		statements.set(db, s);
	}
	return s;
}

/**
 * Write (or rewrite) the stems row of one measure. Call inside the caller's write transaction.
 * @param db - the store's connection
 * @param m - the measure's id and effective texts
 * @param fresh - the measure was just inserted: no row to delete first (a delete that finds
 *   nothing costs about as much as the insert in a contentless_delete table)
 */
export function indexMeasureText(
	db: Handle,
	m: MeasureText,
	fresh = false,
): void {
	const s = prepared(db);
	const text = `${m.activity}\n${m.indicator}\n${m.achievement}`;
	if (!fresh) s.remove.run({ id: m.id });
	s.insert.run({ id: m.id, words: text, stems: searchStems(text) });
}

/**
 * Rewrite the stems rows of a report's measures from their effective texts (after a re-import
 * re-applied corrections). Call inside the caller's write transaction.
 */
export function reindexReport(db: Handle, reportId: number): void {
	const rows = db
		.prepare<{ report_id: number }, MeasureText>(
			`SELECT measure_id AS id, activity, indicator, achievement FROM v_measures
			WHERE report_id = @report_id`,
		)
		.all({ report_id: reportId });
	for (const m of rows) indexMeasureText(db, m);
}

/**
 * migrate(db), then, when measures_stems was just created, index the measures already stored
 * (one write transaction).
 * @returns the user_version after migrating
 */
export function migrateSearch(db: Handle): number {
	const before = userVersion(db);
	const after = migrate(db);
	if (before < SEARCH_STEMS_VERSION && after >= SEARCH_STEMS_VERSION) {
		db.transaction(() => {
			const rows = db
				.prepare<[], MeasureText>(
					`SELECT measure_id AS id, activity, indicator, achievement FROM v_measures
					WHERE measure_id NOT IN (SELECT rowid FROM measures_stems)`,
				)
				.all();
			for (const m of rows) indexMeasureText(db, m, true);
		}).immediate();
	}
	return after;
}
