/** The terminal table writer. */
import { type Cell, excerpt, type Table } from "./table.ts";

/**
 * A plain text table: columns padded to their widest cell, numeric columns (every cell a number)
 * right-aligned, null as "-", booleans as yes/no. The last column is not padded, so long
 * messages do not leave trailing spaces. A column with `excerpt` shows its text cut to that
 * many characters, on one line (the machine formats keep it whole).
 */
export function toText(table: Table): string {
	const { columns, rows } = table;
	const cells = rows.map((row) => columns.map((c) => row[c.key] ?? null));
	const text = cells.map((row) =>
		row.map((cell, i) => {
			const max = columns[i]?.excerpt;
			return max !== undefined && typeof cell === "string"
				? excerpt(cell, max)
				: showCell(cell);
		}),
	);
	const numeric = columns.map(
		(_, i) =>
			cells.length > 0 && cells.every((row) => typeof row[i] === "number"),
	);
	const widths = columns.map((c, i) =>
		Math.max(c.header.length, ...text.map((row) => (row[i] ?? "").length)),
	);
	const line = (parts: string[]) =>
		parts
			.map((c, i) => {
				if (i === parts.length - 1 && !numeric[i]) return c;
				return numeric[i]
					? c.padStart(widths[i] ?? 0)
					: c.padEnd(widths[i] ?? 0);
			})
			.join("  ")
			.trimEnd();
	return `${[line(columns.map((c) => c.header)), ...text.map(line)].join("\n")}\n`;
}

function showCell(value: Cell): string {
	if (value === null) return "-";
	if (typeof value === "boolean") return value ? "yes" : "no";
	return String(value);
}

/**
 * A message as one terminal line: line breaks (and the spaces around them) become "; ", so a
 * cell's text quoted in an error never starts a line of its own.
 */
export function oneLine(text: string): string {
	return text
		.split(/\s*[\r\n\u2028\u2029]+\s*/)
		.filter((part) => part !== "")
		.join("; ");
}
