/** The JSON writer. */
import { printedCell, type Table } from "./table.ts";

/** A list of rows, keys as in the columns, values as they are (text whole, null; numbers rounded as printed). */
export function toJson(table: Table): string {
	return `${JSON.stringify(
		table.rows.map((row) =>
			Object.fromEntries(
				table.columns.map((c) => [c.key, printedCell(row[c.key] ?? null)]),
			),
		),
		null,
		2,
	)}\n`;
}
