/**
 * Column mapping of the plan table: physical cell index → column role.
 * Header text decides the roles and their order; the "| 1 | 2 | … | 9 |" numbering row, when a
 * fragment has one, decides which physical cell holds which numbered column (OCR tools often
 * misalign header cells, but keep the numbering row aligned with the data).
 */
import { type ColumnRole, roleForHeader } from "../../normalizers/columns.ts";
import { cellText, type Row } from "../document.ts";

export type Role = Exclude<ColumnRole, "target">;

/** The template's column order (DESIGN.md §1), used when a header cannot be read. */
export const CANONICAL_ROLES: readonly Role[] = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performance",
];

const HEADER_ORDER: readonly ColumnRole[] = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"target",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performance",
];

/** Physical cell index → role (undefined: not a column of the table). */
export type ColumnMap = (Role | undefined)[];

/** When the row is a numbering row ("1 | 2 | … | N" from the first cell on), returns N. */
export function numberingRowLength(row: Row): number | undefined {
	const texts = row.cells.map((c) => cellText(c).trim());
	let n = 0;
	while (n < texts.length && texts[n] === String(n + 1)) n++;
	if (n < 5) return undefined;
	// Everything after the numbering must be empty.
	if (texts.slice(n).some((t) => t !== "")) return undefined;
	return n;
}

/**
 * Header rows name columns: at least three distinct roles read with confidence, or the
 * "Хагас жил / Бүтэн жил" sub-header. Returns the role found per cell, undefined for data rows.
 */
export function headerRoles(row: Row): (ColumnRole | undefined)[] | undefined {
	const texts = row.cells.map((c) => cellText(c).trim());
	if (/^\d+(\.\d+)+\.?$/.test(texts[0] ?? "")) return undefined;
	// Header cells are short labels; a long cell is data.
	if (texts.some((t) => t.length > 160)) return undefined;
	const found = texts.map((t) => {
		const r = roleForHeader(t);
		return r && r.score >= 0.8 ? r.role : undefined;
	});
	const named = found.filter((r) => r !== undefined);
	const distinct = new Set(named);
	const subHeader =
		distinct.has("targetHalfYear") && distinct.has("targetFullYear");
	// Most filled cells of a header name a column, and the names come in the template's order
	// (a data row whose words happen to match role keywords does not).
	const filled = texts.filter((t) => t !== "").length;
	const ordered = named.every(
		(r, i) =>
			i === 0 ||
			HEADER_ORDER.indexOf(r) >=
				HEADER_ORDER.indexOf(named[i - 1] as ColumnRole),
	);
	const mostlyNamed = named.length >= Math.ceil(filled * 0.6);
	return (distinct.size >= 3 || subHeader) && ordered && mostlyNamed
		? found
		: undefined;
}

/**
 * The ordered list of roles named by a table's header rows (top row, with "Зорилтот түвшин"
 * expanded by its "Хагас жил / Бүтэн жил" sub-header). Undefined when fewer than 5 roles are found.
 */
export function roleOrderFromHeader(
	headerRows: (ColumnRole | undefined)[][],
): Role[] | undefined {
	const top = headerRows[0];
	if (!top) return undefined;
	const sub = headerRows.slice(1).flat();
	const order: Role[] = [];
	for (const role of top) {
		if (role === undefined) continue;
		if (role === "target") {
			const expanded = sub.filter(
				(r): r is Role => r === "targetHalfYear" || r === "targetFullYear",
			);
			for (const r of expanded.length
				? expanded
				: (["targetHalfYear", "targetFullYear"] as Role[]))
				if (!order.includes(r)) order.push(r);
		} else if (!order.includes(role)) order.push(role);
	}
	return order.length >= 5 ? order : undefined;
}
