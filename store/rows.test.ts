/**
 * rows.ts is the one list of the measures columns and the one mapper back (issue 15: adding a
 * field touches ≤ 5 files, docs/store.md): the list is the table's columns, and a measure
 * written through measureParams reads back through rowToMeasure unchanged.
 */
import { expect, it } from "vitest";
import { onPostgres } from "../test/engine.ts";
import { databaseOf } from "./connection.ts";
import { openStore } from "./index.ts";
import {
	MEASURE_COLUMNS,
	type MeasureRow,
	measureParams,
	rowToMeasure,
} from "./rows.ts";
import { seedIngestResult, seedRecord } from "./testing.ts";

it("should list exactly the measures table's columns (but its id)", () => {
	const store = openStore(":memory:");
	try {
		const columns = databaseOf(store)
			.prepare<[], { name: string }>(
				onPostgres
					? "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'measures'"
					: "SELECT name FROM pragma_table_info('measures')",
			)
			.all()
			.map((c) => c.name)
			.filter((name) => name !== "id");
		expect([...MEASURE_COLUMNS].sort()).toEqual(columns.sort());
	} finally {
		store.close();
	}
});

it("should read back every seed measure as it was written", () => {
	const store = openStore(":memory:");
	try {
		const { reportId } = store.importResult(seedIngestResult());
		const rows = databaseOf(store)
			.prepare<{ id: number }, MeasureRow>(
				"SELECT *, 0 AS corrected_fields FROM measures WHERE report_id = @id ORDER BY ord",
			)
			.all({ id: reportId });
		const measures = seedRecord().measures;
		expect(rows).toHaveLength(measures.length);
		expect(rows.length).toBeGreaterThan(10);
		rows.forEach((row, ord) => {
			const measure = measures[ord];
			if (measure === undefined) throw new Error(`no seed measure ${ord}`);
			// Written: the row holds measureParams' values, column for column.
			expect(row).toMatchObject(measureParams(reportId, ord, measure));
			// Read back: the §4 measure (performanceRaw is the raw text's column, not exported).
			const { performanceRaw: _raw, ...exported } = measure;
			expect(rowToMeasure(row)).toEqual(exported);
		});
	} finally {
		store.close();
	}
});
