/** The JSON writer. */
import type { Table } from "./table.ts";

/** A list of rows, keys as in the columns, values as they are (numbers, text, null). */
export function toJson(table: Table): string {
	return `${JSON.stringify(
		table.rows.map((row) =>
			Object.fromEntries(table.columns.map((c) => [c.key, row[c.key] ?? null])),
		),
		null,
		2,
	)}\n`;
}
