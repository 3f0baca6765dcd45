/**
 * pipeline/stitch: plan-table fragments (one per page) → one logical table of items.
 * - drops header, numbering and empty rows;
 * - merges continuation rows (empty №) into their item, cell by cell, in any column;
 * - a continuation row right after a goal heading belongs to the next item;
 * - re-aligns narratives (column 8) shifted by the OCR tool (see ./align.ts).
 * Every merge and move is returned as a Decision; doubtful ones also as Flags.
 */
import { distance } from "fastest-levenshtein";
import {
	percentForDigit,
	percentSignAsDigit,
} from "../../normalizers/ocr-repair.ts";
import { collapseWhitespace, startsLowercase } from "../../normalizers/text.ts";
import { indicatorUnit } from "../../normalizers/units.ts";
import type {
	Provenance,
	Row,
	TableFragment,
	TailanDocument,
} from "../document.ts";
import { cellText, DocumentLoadError, repairedPiece } from "../document.ts";
import type { Decision, Flag, Goal, Hold } from "../records.ts";
import { repairUnitWord } from "../unit-word.ts";
import { alignNarratives, type NarrativeFragment } from "./align.ts";
import {
	assignedMapping,
	type ColumnAssignment,
	type ColumnMap,
	ColumnRolesError,
	type ExtraRole,
	type HeaderMatch,
	headerMatches,
	ITEM_RE,
	isHeaderRow,
	type MappedRole,
	mapColumns,
	mappingEvidence,
	numberingRowLength,
	type Role,
	type TableMapping,
} from "./columns.ts";
import { goalHeading } from "./goals.ts";

/** A piece of cell text with where it came from. */
export interface Piece {
	text: string;
	prov: Provenance;
}

/** One item (row "g.n") after stitching: every column's pieces in reading order. */
export interface StitchedItem {
	item: string;
	goal: number | null;
	fields: Record<Exclude<Role, "achievement">, Piece[]>;
	/** Narrative paragraphs assigned to this item by the alignment. */
	achievement: Piece[];
	/** Cells of the columns kept as evidence only (responsible unit, deadline, notes). */
	extras: Partial<Record<ExtraRole, Piece[]>>;
}

export interface StitchedTable {
	goals: Goal[];
	items: StitchedItem[];
	decisions: Decision[];
	flags: Flag[];
	/** Plan-table fragment indices (so section extraction can skip them). */
	fragments: number[];
	/** The column mapping of each header met (the first one when no header was found). */
	mappings: TableMapping[];
	/** "columns-unconfirmed" when a mapping is not confident: the report waits for a person. */
	holds: Hold[];
}

export interface StitchOptions {
	/** Weights of the narrative alignment (see align.ts); defaults there. */
	align?: Parameters<typeof alignNarratives>[2];
	/** A person's column roles for the whole table, replacing the inferred mapping (no
	 * columns-unconfirmed hold; content contradictions are still flagged). docs/layouts.md. */
	columns?: ColumnAssignment;
}

type RowKind = "item" | "goal" | "continuation";

interface LogicalRow {
	kind: RowKind;
	item?: string;
	goal?: number;
	goalTitle?: string;
	cells: Partial<Record<MappedRole, Piece[]>>;
	/** Fragment (page) index and row index within it. */
	fragment: number;
	rowIndex: number;
	prov: Provenance;
	/** Text found in cells beyond the mapped columns. */
	extra: Piece[];
	/** A continuation row's № when it held something that is not an item number. */
	unreadable?: string;
}

/**
 * Is this table a fragment of the plan table: ≥ 5 filled columns with item numbers (in any
 * column) or a header naming ≥ 4 columns, or a numbering row of ≥ 5 columns?
 */
function isPlanFragment(t: TableFragment): boolean {
	const width = Math.max(
		0,
		...t.rows.map(
			(r) => r.cells.filter((c) => cellText(c).trim() !== "").length,
		),
	);
	if (t.rows.some((r) => (numberingRowLength(r) ?? 0) >= 5)) return true;
	if (width < 5) return false;
	if (t.rows.some((r) => r.cells.some((c) => ITEM_RE.test(cellText(c).trim()))))
		return true;
	// Only the top rows can be a header.
	return t.rows.slice(0, 3).some((r) => isHeaderRow(r));
}

/**
 * The header rows at the top of a fragment (before its first data row; numbering rows skipped).
 * On later pages a row at the top that reads like a header may be a continuation row of the item
 * cut by the page break ("Байгууллагын | төсөв | … хувь"): a repeated header there counts only
 * when it names the № column (a continuation row's № is empty by definition), and a sub-header
 * only right under such a header.
 */
function topHeaderRows(
	t: TableFragment,
	later: boolean,
	first: readonly Row[] = [],
): Row[] {
	const out: Row[] = [];
	for (const row of t.rows) {
		const texts = row.cells.map((c) => cellText(c).trim());
		if (texts.every((x) => x === "") || numberingRowLength(row) !== undefined)
			continue;
		// The table's very first row may be a header too garbled to read surely: taken as a
		// header (its weak roles make the mapping unconfirmed) rather than as an item's text.
		const m =
			headerMatches(row) ??
			(!later && out.length === 0 && row === firstFilled(t)
				? headerMatches(row, true)
				: undefined);
		if (!m) {
			// The first page's sub-header printed again under a repeated header, a word of it
			// misread ("Бүтэн жал"): still a header row, not a continuation of the item above.
			if (later && out.length > 0 && repeatsSubHeader(row, first)) {
				out.push(row);
				continue;
			}
			break;
		}
		if (
			later &&
			out.length === 0 &&
			!m.some((x) => x?.role === "item") &&
			!first.some((h) => repeatsHeader(row, h) || sameRoles(m, h))
		)
			break;
		out.push(row);
	}
	return out;
}

/**
 * The first page's header row printed again (its № misread: "ме" for "№"): at least four of its
 * cells, other than the first, read as that header's (within a tenth of their letters). A
 * continuation row cut by the page break does not repeat the header's words column by column.
 */
function repeatsHeader(row: Row, header: Row): boolean {
	const norm = (s: string) => collapseWhitespace(s).toLowerCase();
	let same = 0;
	row.cells.forEach((cell, i) => {
		const a = norm(cellText(cell));
		const h = header.cells[i];
		if (i === 0 || a.length < 4 || !h) return;
		const b = norm(cellText(h));
		if (distance(a, b) <= 0.1 * Math.max(a.length, b.length)) same++;
	});
	return same >= 4;
}

/**
 * A row repeating a sub-header row of the first page's header ("Хагас жил | Бүтэн жил"): at
 * least two cells filled, every filled cell at a place where that row has text and reading as it
 * (or, both, as the sub-header's words) within a third of their letters ("Бүтэн жал", "Хагас
 * mun"). A continuation row has no such words in both target columns.
 */
function repeatsSubHeader(row: Row, first: readonly Row[]): boolean {
	const norm = (s: string) => collapseWhitespace(s).toLowerCase();
	const near = (a: string, b: string) => distance(a, b) <= b.length / 3;
	const texts = row.cells.map((c) => norm(cellText(c)));
	const filled = texts.filter((t) => t !== "").length;
	if (filled < 2) return false;
	return first.slice(1).some((h) =>
		texts.every((a, i) => {
			if (a === "") return true;
			const cell = h.cells[i];
			const b = cell ? norm(cellText(cell)) : "";
			// the first page's own words there, or the sub-header's as printed (the first
			// page's misread too: "Хасас жил")
			return (
				b.length >= 4 &&
				(near(a, b) ||
					(SUB_HEADER.some((w) => near(b, w)) &&
						SUB_HEADER.some((w) => near(a, w))))
			);
		}),
	);
}

/** The sub-header's words under "Зорилтот түвшин". */
const SUB_HEADER = ["хагас жил", "бүтэн жил"];

/**
 * A later page's top row naming at least five of the first header's columns, each at the same
 * place (its words misread past `repeatsHeader`: "Mr" for "№", "Үөсөв" for "Төсөв"): the header
 * printed again. A data row names no column (a value or a long text is no label).
 */
function sameRoles(m: readonly (HeaderMatch | null)[], header: Row): boolean {
	const h = headerMatches(header);
	if (!h) return false;
	let same = 0;
	m.forEach((x, i) => {
		if (x && h[i] && x.role === h[i]?.role) same++;
	});
	return same >= 5;
}

/**
 * A numbering row ("1 | 2 | … | 9") some of whose digits are misread ("1 | 2 | 3 | 4 | ? | 6 |
 * 2 | ? | ?"): every cell a sign or two, the first "1", at least half the cells their own
 * number. Right under a header (`underHeader`), four cells their own number are enough, its
 * first cell misread or lost too ("3 | 2 | 3 | 4 | 95 | ё | 1 | ? | 9", " | 2 | 3 | 4 | 5 | ? |
 * ? | ? | 8"): a continuation row there holds its item's words, not a sign or two in every
 * cell. Without it, a later page's misread numbering row was joined to the item before as
 * values.
 */
function misreadNumbering(row: Row, underHeader = false): boolean {
	const texts = row.cells.map((c) => cellText(c).trim());
	if (texts.length < 5) return false;
	if (texts.some((t) => t.length > 2 || /\p{L}{2}/u.test(t))) return false;
	const own = texts.filter((t, i) => t === String(i + 1)).length;
	if (texts[0] === "1" && own >= Math.ceil(texts.length / 2)) return true;
	return underHeader && own >= 4;
}

const firstFilled = (t: TableFragment) =>
	t.rows.find(
		(r) =>
			numberingRowLength(r) === undefined &&
			r.cells.some((c) => cellText(c).trim() !== ""),
	);

/** The data rows of a fragment: not empty, not a numbering row, not a header row at its top. */
function dataRowsOf(t: TableFragment, headerRows: readonly Row[]): Row[] {
	const headers = new Set(headerRows);
	return t.rows.filter(
		(r) =>
			!headers.has(r) &&
			numberingRowLength(r) === undefined &&
			r.cells.some((c) => cellText(c).trim() !== ""),
	);
}

/** Stitch the plan table of a document. Returns undefined when the document has none. */
export function stitchPlanTable(
	doc: TailanDocument,
	options: StitchOptions = {},
): StitchedTable | undefined {
	const tables = doc.pages.flatMap((p) =>
		p.blocks.filter((b): b is TableFragment => b.kind === "table"),
	);
	// The plan table is the first run of consecutive plan fragments. A page holding only a
	// continuation row and a goal heading is too thin to tell by itself: it continues the table
	// when it has the same number of columns as the page before.
	const first = tables.findIndex(isPlanFragment);
	if (first < 0) return undefined;
	const fragments: TableFragment[] = [];
	const widthOf = (t: TableFragment) =>
		Math.max(0, ...t.rows.map((r) => r.cells.length));
	for (let i = first; i < tables.length; i++) {
		const t = tables[i];
		const before = fragments[fragments.length - 1];
		if (!t) break;
		const continues =
			before !== undefined &&
			widthOf(t) === widthOf(before) &&
			widthOf(t) >= 5 &&
			!t.rows.some(
				(r) =>
					isHeaderRow(r) && !headerMatches(r)?.some((m) => m?.role === "item"),
			);
		if (!isPlanFragment(t) && !continues) break;
		fragments.push(t);
	}
	const decisions: Decision[] = [];
	const flags: Flag[] = [];

	// 1. Column roles from each fragment's header (any order, any subset) checked against the
	// content; a fragment without a header keeps the mapping of the one before (or of the first
	// header found); with no header at all, roles are inferred from the content (unconfirmed).
	const firstHeader = fragments[0] ? topHeaderRows(fragments[0], false) : [];
	const headerOf: Row[][] = fragments.map((t, k) =>
		k === 0 ? firstHeader : topHeaderRows(t, true, firstHeader),
	);
	// A person's assignment replaces the inferred mapping; a list that does not fit the table is
	// refused naming the file.
	const tableWidth = Math.max(0, ...fragments.map(widthOf));
	const assigned = (header: readonly Row[], data: readonly Row[]) => {
		if (!options.columns) return undefined;
		try {
			return assignedMapping(options.columns, header, data, tableWidth);
		} catch (e) {
			if (!(e instanceof ColumnRolesError)) throw e;
			throw new DocumentLoadError(doc.file, e.reason, e.fix);
		}
	};
	const mappings: TableMapping[] = [];
	// A header repeated with its № misread is dropped, but maps nothing: the fragment keeps the
	// mapping before it.
	const ownHeader = (k: number): Row[] =>
		k === 0 ||
		(headerOf[k] as Row[]).some((r) =>
			headerMatches(r)?.some((x) => x?.role === "item"),
		)
			? (headerOf[k] as Row[])
			: [];
	// Each header's mapping, then a header's column it names nothing (a misread word) read
	// against the nearest confident header (before it, else after): the role at the same place
	// there, flagged.
	const inputs = fragments.map((t, k) => {
		const header = ownHeader(k);
		if (header.length === 0) return undefined;
		const numbering = t.rows
			.map(numberingRowLength)
			.find((n) => n !== undefined);
		// The data rows of this fragment and of the header-less fragments that follow it.
		const data: Row[] = [];
		for (let j = k; j < fragments.length; j++) {
			if (j > k && ownHeader(j).length > 0) break;
			data.push(
				...dataRowsOf(fragments[j] as TableFragment, headerOf[j] as Row[]),
			);
		}
		const m = assigned(header, data) ?? mapColumns(header, data, numbering);
		return { header, data, numbering, m };
	});
	const sure = inputs.flatMap((x, k) =>
		x?.m.confident && !x.m.assigned ? [k] : [],
	);
	const fragmentMaps: (TableMapping | undefined)[] = inputs.map((x, k) => {
		if (!x) return undefined;
		let m = x.m;
		const r = sure.filter((j) => j < k).pop() ?? sure.find((j) => j > k);
		if (!m.confident && !m.assigned && r !== undefined) {
			const again = mapColumns(x.header, x.data, x.numbering, inputs[r]?.m.map);
			if (again.inherited?.length) m = again;
		}
		const page = fragments[r ?? 0]?.prov.page;
		for (const c of m.inherited ?? [])
			flags.push({
				kind: "column-role-inherited",
				severity: "warning",
				item: null,
				field: c.role === "performance" ? "performancePct" : c.role,
				message: `Column ${c.index + 1} on this page has a header that names no column ("${c.header}"); it is read as "${c.role}", the column at the same place under another page's header (page ${page}) — check the column.`,
				evidence: {
					column: c.index + 1,
					role: c.role,
					header: c.header,
					from: page ?? null,
				},
				prov: (fragments[k] as TableFragment).prov,
			});
		mappings.push(m);
		return m;
	});
	if (mappings.length === 0 && options.columns) {
		const m = assigned(
			[],
			fragments.flatMap((t) => dataRowsOf(t, [])),
		) as TableMapping;
		mappings.push(m);
	} else if (mappings.length === 0) {
		const m = mapColumns(
			[],
			fragments.flatMap((t) => dataRowsOf(t, [])),
		);
		mappings.push(m);
		flags.push({
			kind: "header-unreadable",
			severity: "warning",
			item: null,
			field: null,
			message:
				"The plan table's header could not be read; the columns' roles were inferred from their content and wait for a person's confirmation.",
			evidence: mappingEvidence(m),
			prov: fragments[0]?.prov ?? null,
		});
	}
	const holds: Hold[] = [];
	mappings.forEach((m, k) => {
		// A header repeated on every page with the same mapping is recorded once.
		const before = mappings[k - 1];
		if (before && before.map.join() === m.map.join() && m.confident) return;
		const last = m.map.reduce((n, r, i) => (r === undefined ? n : i + 1), 0);
		const roles = m.map
			.slice(0, last)
			.map((r, i) => `${i + 1}=${r ?? "-"}`)
			.join(", ");
		if (m.assigned) {
			// A person's decision: recorded with who and when; what the content contradicts is
			// flagged, and nothing is held.
			const by = [m.assigned.who, m.assigned.at].filter(Boolean).join(", ");
			decisions.push({
				kind: "column-map",
				item: null,
				field: null,
				confidence: 1,
				evidence: `columns assigned by a person${by ? ` (${by})` : ""}: ${roles}`,
				prov: fragments[0]?.prov ?? null,
			});
			for (const doubt of m.doubts)
				flags.push({
					kind: "column-content-mismatch",
					severity: "warning",
					item: null,
					field: null,
					message: `Columns: ${doubt}.`,
					evidence: { doubt, mapping: k, assigned: true },
					prov: fragments[0]?.prov ?? null,
				});
			return;
		}
		decisions.push({
			kind: "column-map",
			item: null,
			field: null,
			confidence: m.confident ? 0.95 : 0.5,
			evidence: `columns by ${m.source === "header" ? "header text" : "content"}: ${roles}${[m.realigned, ...m.notes].map((n) => (n ? `; ${n}` : "")).join("")}`,
			prov: fragments[0]?.prov ?? null,
		});
		for (const note of m.notes)
			flags.push({
				kind: "column-note",
				severity: "info",
				item: null,
				field: null,
				message: `Columns: ${note}.`,
				evidence: { note },
				prov: fragments[0]?.prov ?? null,
			});
		if (m.confident) return;
		for (const doubt of m.doubts)
			if (m.source === "header")
				flags.push({
					kind: "column-content-mismatch",
					severity: "warning",
					item: null,
					field: null,
					message: `Columns: ${doubt}.`,
					evidence: { doubt, mapping: k },
					prov: fragments[0]?.prov ?? null,
				});
		if (holds.length === 0)
			holds.push({
				kind: "columns-unconfirmed",
				message: `The plan table's columns could not be mapped with confidence (${m.doubts.join("; ")}); confirm or reassign them before the report is counted.`,
				evidence: mappingEvidence(m),
			});
	});

	// 2. Rows of every fragment → logical rows.
	const rows: LogicalRow[] = [];
	let lastMap: ColumnMap = (mappings[0] as TableMapping).map;
	let lastMapped: TableFragment | undefined;
	fragments.forEach((t, k) => {
		const own = fragmentMaps[k];
		let map = own?.map ?? lastMap;
		// A page without a header of its own whose grid has another number of columns than the
		// page its roles come from (a ruling lost or found): its columns take the roles of the
		// columns at the same place, flagged (one question: are these its columns?).
		if (!own && lastMapped && widthOf(t) !== widthOf(lastMapped)) {
			const byPlace = rolesByPlace(lastMapped, map, t);
			if (byPlace) {
				map = byPlace;
				flags.push({
					kind: "column-role-inherited",
					severity: "warning",
					item: null,
					field: null,
					message: `This page's table has ${widthOf(t)} columns, the page before ${widthOf(lastMapped)}: its columns were given the roles of the columns at the same place on the page before — check the columns.`,
					evidence: {
						columns: widthOf(t),
						before: widthOf(lastMapped),
						roles: byPlace.map((r) => r ?? "-").join(", "),
						from: "position",
					},
					prov: t.prov,
				});
			}
		}
		lastMap = map;
		lastMapped = t;
		const header = new Set(headerOf[k]);
		t.rows.forEach((row, r) => {
			const texts = row.cells.map((c) => collapseWhitespace(cellText(c)));
			if (texts.every((x) => x === "") || numberingRowLength(row) !== undefined)
				return;
			const above = t.rows[r - 1];
			if (misreadNumbering(row, above !== undefined && header.has(above))) {
				decisions.push({
					kind: "drop-row",
					item: null,
					field: null,
					confidence: 0.8,
					evidence:
						"the table's numbering row (1, 2, … N), some of its digits misread",
					prov: row.prov,
					text: texts.join(" | "),
				});
				return;
			}
			if (header.has(row)) {
				decisions.push({
					kind: "drop-row",
					item: null,
					field: null,
					confidence: 0.9,
					evidence: "header row of the plan table",
					prov: row.prov,
					text: texts.filter(Boolean).join(" | "),
				});
				return;
			}
			const lr = classifyRow(row, map, t.index, r, flags, decisions);
			if (!lr) return;
			// A narrative "paragraph" with no letter or digit ("~—": a stamp's edge or a pen's
			// stroke read as signs) is no text of the report: kept as a decision, out of the
			// narrative (an item given nothing but it would seem to have its text).
			const said = lr.cells.achievement ?? [];
			const marks = said.filter((p) => !/[\p{L}\p{N}]/u.test(p.text));
			if (marks.length > 0) {
				lr.cells.achievement = said.filter((p) => !marks.includes(p));
				for (const p of marks)
					decisions.push({
						kind: "drop-row",
						item: null,
						field: "achievement",
						confidence: 0.9,
						evidence:
							"a mark with no letter or digit in the narrative column (a stamp's or a pen's trace read as signs)",
						prov: p.prov,
						text: p.text,
					});
			}
			rows.push(lr);
		});
	});

	// 3. Goals, items and continuation merges.
	const goals: Goal[] = [];
	const items: StitchedItem[] = [];
	const narrative: NarrativeFragment[] = [];
	let currentGoal: number | null = null;
	let previousKind: RowKind | undefined;
	/** Continuation rows waiting for the next item (they came right after a goal heading). */
	let pending: LogicalRow[] = [];
	const itemRowIndex = new Map<number, number>(); // logical row index → item index

	const emptyFields = (): StitchedItem["fields"] => ({
		item: [],
		activity: [],
		budget: [],
		indicator: [],
		baseline: [],
		targetHalfYear: [],
		targetFullYear: [],
		performance: [],
	});

	// A row with no item number joined to the item above: where its № held something that is
	// not a number, or it brings a value to a value field the item already has on the same page
	// (a baseline "0" then "125"; a cell cut by a page break goes on on the next page), the row
	// may be an item of its own whose number was lost — each such field is flagged (one
	// question each: is this value the item's?), never joined silently.
	const itemFragment = new Map<StitchedItem, number>();
	const joinedFlag = (
		target: StitchedItem,
		row: LogicalRow,
		role: MappedRole,
		pieces: Piece[],
	) => {
		const field = role === "performance" ? "performancePct" : role;
		const text = pieces.map((p) => p.text).join(" ");
		flags.push({
			kind: "row-joined",
			severity: "warning",
			item: target.item,
			field,
			message: `A row with no readable item number was joined to item ${target.item}: its value "${text}" was added to the value above — check whether the row is an item of its own.`,
			evidence: {
				text,
				...(row.unreadable ? { no: row.unreadable } : {}),
			},
			prov: pieces[0]?.prov ?? row.prov,
		});
	};
	const mergeInto = (target: StitchedItem, row: LogicalRow, why: string) => {
		for (const [role, all] of Object.entries(row.cells) as [
			MappedRole,
			Piece[],
		][]) {
			if (role === "achievement" || role === "item" || all.length === 0)
				continue;
			// A ruling's remnant read as marks ("|", "! |") or a dot read as a dash at confidence 0
			// on a row with no item number, joining a field the item above holds already: not the
			// item's (a page's first row under the header, where a rough fax's ruling ends).
			const holds =
				(target.fields as Partial<Record<MappedRole, Piece[]>>)[role] ?? [];
			const pieces =
				holds.length > 0
					? all.filter(
							(p) =>
								!rulingMarks(p.text) &&
								!(
									VALUE_ROLES.has(role) &&
									/^[-–—]$/u.test(p.text.trim()) &&
									p.prov.confidence === 0
								),
						)
					: all;
			if (pieces.length < all.length)
				decisions.push({
					kind: "drop-mark",
					item: target.item,
					field: role,
					confidence: 0.9,
					evidence:
						"a ruling's remnant or a dot read as marks on a row with no item number, beside the item's own value",
					prov: all[0]?.prov ?? row.prov,
					text: all
						.filter((p) => !pieces.includes(p))
						.map((p) => p.text)
						.join(" "),
				});
			if (pieces.length === 0) continue;
			const had = VALUE_ROLES.has(role)
				? target.fields[role as keyof StitchedItem["fields"]]
				: [];
			if (
				VALUE_ROLES.has(role) &&
				(row.unreadable !== undefined ||
					(had.length > 0 &&
						(itemFragment.get(target) === row.fragment ||
							secondValue(role, had, pieces))))
			)
				joinedFlag(target, row, role, pieces);
			addPieces(target, role, pieces);
			decisions.push({
				kind: "merge",
				item: target.item,
				field: role,
				confidence: 0.95,
				evidence: why,
				prov: pieces[0]?.prov ?? row.prov,
				text: pieces.map((p) => p.text).join(" "),
			});
		}
	};

	const printedItems = new Set<string>();
	const printedTwice = new Set<string>();
	for (const r of rows)
		if (r.kind === "item" && r.item) {
			if (printedItems.has(r.item)) printedTwice.add(r.item);
			printedItems.add(r.item);
		}
	rows.forEach((row, index) => {
		if (row.kind === "goal") {
			currentGoal = row.goal ?? null;
			if (row.goal !== undefined && !goals.some((g) => g.number === row.goal))
				goals.push({ number: row.goal, title: row.goalTitle ?? "" });
			previousKind = "goal";
			return;
		}
		if (row.kind === "continuation" && row.unreadable !== undefined) {
			const inferred = pointLost(
				row.unreadable,
				previousKind === "goal" ? undefined : items[items.length - 1]?.item,
				currentGoal,
				nextItem(rows, index),
			);
			if (inferred && !printedItems.has(inferred)) {
				const after =
					previousKind === "goal"
						? `Зорилт ${currentGoal}`
						: (items[items.length - 1]?.item ?? "");
				flags.push({
					kind: "item-number-inferred",
					severity: "warning",
					item: inferred,
					field: "item",
					message: `Item number inferred: the № cell reads "${row.unreadable}"; after ${after} it is taken as ${inferred} (its point not read) — check the number.`,
					evidence: {
						printed: row.unreadable,
						inferred,
						after,
					},
					prov: row.prov,
				});
				printedItems.add(inferred);
				row.kind = "item";
				row.item = inferred;
				delete row.unreadable;
			} else
				flags.push({
					kind: "item-number-unreadable",
					severity: "warning",
					item: null,
					field: "item",
					message: `The № cell "${row.unreadable}" is not an item number; the row is treated as a continuation.`,
					evidence: { text: row.unreadable },
					prov: row.prov,
				});
		}
		if (row.kind === "item") {
			const inferred = inSequence(
				row,
				previousKind === "goal" ? undefined : items[items.length - 1]?.item,
				currentGoal,
				nextItem(rows, index),
				printedTwice,
				printedItems,
			);
			if (inferred) {
				flags.push({
					kind: "item-number-inferred",
					severity: "warning",
					item: inferred.item,
					field: "item",
					message: `Item number inferred: the № cell reads "${inferred.printed}"; between ${inferred.before} and ${inferred.after} it is taken as ${inferred.item} — check the number.`,
					evidence: {
						printed: inferred.printed,
						inferred: inferred.item,
						before: inferred.before,
						next: inferred.after,
					},
					prov: row.prov,
				});
				printedItems.add(inferred.item);
				row.item = inferred.item;
			}
			const it: StitchedItem = {
				item: row.item ?? "",
				goal: currentGoal ?? goalFromItem(row.item),
				fields: emptyFields(),
				achievement: [],
				extras: {},
			};
			for (const [role, pieces] of Object.entries(row.cells) as [
				MappedRole,
				Piece[],
			][]) {
				if (role !== "achievement" && role !== "item")
					addPieces(it, role, pieces);
			}
			items.push(it);
			itemFragment.set(it, row.fragment);
			itemRowIndex.set(index, items.length - 1);
			for (const p of pending) {
				mergeInto(
					it,
					p,
					`continuation row printed before item ${it.item}, after a goal heading`,
				);
			}
			pending = [];
			previousKind = "item";
			return;
		}
		// continuation
		const lastItem = items[items.length - 1];
		if (!lastItem || previousKind === "goal" || pending.length > 0) {
			pending.push(row);
		} else {
			mergeInto(
				lastItem,
				row,
				`continuation row (empty №) on page ${row.prov.page} merged into item ${lastItem.item}`,
			);
		}
		previousKind = previousKind === "goal" ? "goal" : "continuation";
	});
	for (const p of pending) {
		flags.push({
			kind: "orphan-row",
			severity: "warning",
			item: null,
			field: null,
			message:
				"A continuation row has no item to belong to; its text is kept here.",
			evidence: {
				text: Object.values(p.cells)
					.flat()
					.map((x) => x?.text)
					.join(" | "),
			},
			prov: p.prov,
		});
	}

	// 4. Narrative fragments: each paragraph of column 8 with its home item.
	let itemCursor = -1;
	let afterGoal = true;
	rows.forEach((row, index) => {
		if (row.kind === "goal") {
			afterGoal = true;
			return;
		}
		const pieces = row.cells.achievement ?? [];
		let home: number;
		let layoutPushed = false;
		if (row.kind === "item") {
			itemCursor = itemRowIndex.get(index) ?? itemCursor;
			home = itemCursor;
			afterGoal = false;
			// An item row directly followed on the same page by a continuation row: the OCR tool
			// pushed this row's own text down, so what is printed here belongs to the item before.
			const next = rows[index + 1];
			layoutPushed =
				next !== undefined &&
				next.kind === "continuation" &&
				next.fragment === row.fragment &&
				(next.cells.achievement?.length ?? 0) > 0;
		} else {
			home = afterGoal || itemCursor < 0 ? itemCursor + 1 : itemCursor;
		}
		if (home < 0 || home >= items.length) return;
		const cellKey = `${row.fragment}:${row.rowIndex}`;
		// A one-paragraph cell that starts with a dangling tail: the tail may end the previous
		// item's text while the rest is this row's own, so its sentences are aligned one by one.
		// (In a cell of several paragraphs the paragraph break already marks where a tail ends.)
		const units =
			pieces.length === 1 && pieces[0] && startsLowercase(pieces[0].text)
				? splitSentences(pieces[0])
				: pieces;
		units.forEach((piece, k) => {
			narrative.push({
				text: piece.text,
				prov: piece.prov,
				home,
				rowKind: row.kind === "item" ? "item" : "continuation",
				layoutPushed,
				cellKey,
				firstInCell: k === 0,
				cellParagraphs: units.length,
				sameParagraphAsPrevious: k > 0 && units[k - 1]?.prov === piece.prov,
			});
		});
	});

	const aligned = alignNarratives(narrative, items, options.align);
	aligned.assignment.forEach((a, j) => {
		const frag = narrative[j];
		const target = items[a];
		if (!frag || !target) return;
		target.achievement.push({ text: frag.text, prov: frag.prov });
	});
	decisions.push(...aligned.decisions);
	flags.push(...aligned.flags);

	for (const it of items) {
		for (const role of Object.keys(
			it.fields,
		) as (keyof StitchedItem["fields"])[]) {
			it.fields[role] = it.fields[role].filter(
				(p) => collapseWhitespace(p.text) !== "",
			);
		}
		percentInPercentRow(it);
		repairUnitWord(it);
		// A value cell holding two values ("18" over "53"): the line between two rows lost, or a
		// mark read as a number — the number kept is the first, a guess unless flagged.
		for (const role of [
			"baseline",
			"targetHalfYear",
			"targetFullYear",
		] as const) {
			const field = it.fields[role];
			const values = twoValues(field.map((p) => p.text).join(" "));
			if (
				!values ||
				flags.some(
					(f) =>
						f.kind === "row-joined" && f.item === it.item && f.field === role,
				)
			)
				continue;
			const text = values.join(" ");
			flags.push({
				kind: "row-joined",
				severity: "warning",
				item: it.item,
				field: role,
				message: `Item ${it.item}'s cell holds two values, "${text}": the line between two rows may be lost, or a mark was read as a value — check which value is the item's.`,
				evidence: { text, values },
				prov: field[0]?.prov ?? null,
			});
		}
	}
	return {
		goals,
		items,
		decisions,
		flags,
		fragments: fragments.map((f) => f.index),
		mappings,
		holds,
	};
}

/**
 * A value read two ways, kept as a number with one digit more ("589") where its other reading is
 * a percent ("58%": the "%" taken for a "9"), in a row whose other values are all percents: the
 * percent is kept — a recorded repair, both readings kept, so the field stays flagged. One digit
 * alone does not tell a "%" from a digit ("125" / "12%"); the row does. Read so by every reading
 * ("554" twice on a rough fax), a value of two digits and one the sign is read as
 * (`percentSignAsDigit`) is taken as that percent in a row of percents, some of its values
 * perhaps read so too ("554 | 58% | 605" is 55%, 58%, 60%; at least one a percent as read),
 * when it was read by OCR and its indicator names a percent and no count.
 */
export function percentInPercentRow(it: StitchedItem): void {
	const roles = ["baseline", "targetHalfYear", "targetFullYear"] as const;
	const isPercent = (t: string) => /^\d[\d.,]*%$/u.test(t);
	const texts = roles.map((r) =>
		it.fields[r]
			.map((x) => x.text)
			.join(" ")
			.trim(),
	);
	for (const [k, role] of roles.entries()) {
		const [p, ...more] = it.fields[role];
		if (!p || more.length > 0) continue;
		const others = texts
			.filter((_, j) => j !== k)
			.filter((t) => t !== "" && !/^[-–—]$/u.test(t));
		if (others.length === 0) continue;
		const read = p.prov.readings
			?.map((r) => percentForDigit(p.text, r))
			.find((x) => x !== undefined);
		const amongPercents =
			others.some(isPercent) &&
			others.every((t) => isPercent(t) || percentSignAsDigit(t) !== undefined);
		// Read so by every reading: only a value read by OCR, under an indicator naming a
		// percent and no count (the gold's 4.14, "162 | 50% | 85%", counts its baseline).
		const named = indicatorUnit(
			it.fields.indicator.map((x) => x.text).join(" "),
		);
		const pct =
			read !== undefined && (others.every(isPercent) || amongPercents)
				? read
				: amongPercents &&
						p.prov.confidence !== undefined &&
						named.percent &&
						!named.count
					? percentSignAsDigit(p.text)
					: undefined;
		if (pct === undefined) continue;
		const reason =
			read !== undefined
				? 'the cell read again gives a percent where one digit stood for its "%", and the row\'s other values are percents'
				: "the cell's last digit read where a \"%\" may stand (every reading gave it), and the row's other values are percents";
		it.fields[role] = [
			repairedPiece(p, pct, { from: p.text, to: pct, reason }),
		];
	}
}

/** A field's pieces into the item (a column kept as evidence into its extras). */
function addPieces(
	item: StitchedItem,
	role: Exclude<MappedRole, "achievement" | "item">,
	pieces: Piece[],
) {
	if (role === "responsible" || role === "deadline" || role === "notes") {
		const kept = item.extras[role] ?? [];
		kept.push(...pieces);
		item.extras[role] = kept;
	} else item.fields[role].push(...pieces);
}

/**
 * The roles of a table's columns taken from another table's by place: each column's middle, as a
 * share of the table's width (the cells' boxes), falls in a column of the other table, whose role
 * it takes (a role claimed twice goes to the column overlapping it most). Undefined when the
 * cells carry no boxes (a text format: its columns are its cells' order).
 */
export function rolesByPlace(
	from: TableFragment,
	map: ColumnMap,
	to: TableFragment,
): ColumnMap | undefined {
	const spans = (t: TableFragment) => {
		const xs: [number[], number[]][] = [];
		for (const r of t.rows)
			r.cells.forEach((c, i) => {
				const b = c.prov.bbox;
				if (!b || (c.colSpan ?? 1) !== 1) return;
				const at = xs[i] ?? [[], []];
				xs[i] = at;
				at[0].push(b[0]);
				at[1].push(b[2]);
			});
		const median = (v: number[]) =>
			[...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
		const cols = xs.map((x) =>
			x && x[0].length > 0 ? [median(x[0]), median(x[1])] : undefined,
		);
		const known = cols.filter((c): c is number[] => c !== undefined);
		if (known.length < 4) return undefined;
		const left = Math.min(...known.map((c) => c[0] as number));
		const right = Math.max(...known.map((c) => c[1] as number));
		if (right <= left) return undefined;
		return cols.map((c) =>
			c
				? [
						((c[0] as number) - left) / (right - left),
						((c[1] as number) - left) / (right - left),
					]
				: undefined,
		);
	};
	const a = spans(from);
	const b = spans(to);
	if (!a || !b) return undefined;
	const out: ColumnMap = b.map(() => undefined);
	const best = new Map<MappedRole, { j: number; overlap: number }>();
	b.forEach((col, j) => {
		if (!col) return;
		const mid = ((col[0] as number) + (col[1] as number)) / 2;
		const i = a.findIndex(
			(c) => c && mid >= (c[0] as number) && mid < (c[1] as number),
		);
		const role = map[i];
		if (i < 0 || role === undefined) return;
		const c = a[i] as number[];
		const overlap =
			Math.min(c[1] as number, col[1] as number) -
			Math.max(c[0] as number, col[0] as number);
		const had = best.get(role);
		if (had && had.overlap >= overlap) return;
		if (had) out[had.j] = undefined;
		best.set(role, { j, overlap });
		out[j] = role;
	});
	return out;
}

const SENTENCE_END = /[.!?…](?=\s+["«“„]?[\p{Lu}\d-])/u;

/** Split a paragraph into sentences; the pieces share the paragraph's provenance object. */
export function splitSentences(piece: Piece): Piece[] {
	const out: Piece[] = [];
	let rest = piece.text;
	for (;;) {
		const m = SENTENCE_END.exec(rest);
		if (!m) break;
		const cut = m.index + 1;
		out.push({ text: rest.slice(0, cut).trim(), prov: piece.prov });
		rest = rest.slice(cut).trim();
	}
	if (out.length === 0) return [piece];
	if (rest) out.push({ text: rest, prov: piece.prov });
	return out;
}

/** Value columns: a second value joined to one is a doubt (see joinedFlag). */
const VALUE_ROLES: ReadonlySet<MappedRole> = new Set([
	"budget",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"performance",
]);

/**
 * A mark a thin upright stroke is read as, standing alone (a ruling's fragment, a speck): no
 * word of the report's languages ("I", a Roman one, is not among them).
 */
const UPRIGHT_MARK = /^[|!¦:;ІЇil]$/u;

/**
 * A piece read from a ruling's remnant alone: every word one upright mark ("|", "!", ":", "i",
 * "Ї": "| Ї", "| ! |", ": ! i", "i i"). A rough fax's rulings, straightened with the page but not
 * exactly, run into the cells they bound by a few pixels down a tall cell, and their broken
 * pieces read so (the other maker's fax: 2.2's indicator "… 100 ! |" and "| Ї", the next page's
 * first row "|" and "-" joined to 1.2's, 3.2's and 4.4's values).
 */
export function rulingMarks(text: string): boolean {
	return text
		.trim()
		.split(/\s+/u)
		.every((w) => UPRIGHT_MARK.test(w));
}

/**
 * A text ending in a ruling's remnant ("… иргэдийн 100 ! |", "… хувиар | |", "… тса i i i"): the
 * text without it, or undefined. Only upright marks standing alone are cut, and words must
 * remain.
 */
export function withoutRulingTail(text: string): string | undefined {
	const words = text.trim().split(/\s+/u);
	let k = words.length;
	while (k > 0 && UPRIGHT_MARK.test(words[k - 1] as string)) k--;
	if (k === 0 || k === words.length) return undefined;
	if (!/[\p{L}\p{N}]/u.test(words.slice(0, k).join(""))) return undefined;
	return words.slice(0, k).join(" ");
}

/** Columns of text whose pieces may end in a ruling's remnant. */
const TEXT_ROLES: ReadonlySet<MappedRole> = new Set([
	"activity",
	"indicator",
	"budget",
	"achievement",
]);

/**
 * A cell's pieces without a ruling's remnants: a piece of marks alone (`rulingMarks`) beside
 * another is left out, and a text piece's trailing remnant (`withoutRulingTail`) cut as a
 * recorded repair (its raw text and the repair kept, so the field is flagged). A piece of marks
 * alone in a cell of nothing else stays (it may be a value misread: "1" read "|").
 */
function withoutRulingRemnants(role: MappedRole, pieces: Piece[]): Piece[] {
	const kept =
		pieces.length > 1 && pieces.some((p) => !rulingMarks(p.text))
			? pieces.filter((p) => !rulingMarks(p.text))
			: pieces;
	if (!TEXT_ROLES.has(role)) return kept;
	return kept.map((p) => {
		const to = withoutRulingTail(p.text);
		if (to === undefined) return p;
		return repairedPiece(p, to, {
			from: p.text,
			to,
			reason: "a ruling's remnant read as marks after the text; left out",
		});
	});
}

/**
 * The item number a № cell read without its point stands for: "25" right after item 2.4 is
 * 2.5, "21" right after goal 2's heading is 2.1 (the next number in the sequence, its digits
 * exactly the cell's); "534" right after 5.3 is 5.4 (the point read as a digit between the
 * number's two parts); and, when the next item row reads the number after it (`after`), a
 * reading of as many digits as the number without its point, one of them misread, that is not
 * the item before's or after's digits: "111" between 4.10 and 4.12 is 4.11 ("26" between 2.4
 * and 2.6 is 2.6 printed again). Undefined otherwise.
 */
export function pointLost(
	no: string,
	previous: string | undefined,
	goal: number | null,
	after?: string,
): string | undefined {
	const digits = /^(\d{2,4})\.?$/.exec(no.trim())?.[1];
	if (!digits) return undefined;
	const m = previous ? ITEM_RE.exec(previous) : null;
	const g = m ? Number(m[1]) : previous === undefined ? goal : null;
	if (g === null) return undefined;
	const k = m ? Number(m[2]) + 1 : 1;
	const next = `${g}.${k}`;
	const bare = `${g}${k}`;
	if (digits === bare) return next;
	if (
		digits.length === bare.length + 1 &&
		digits.startsWith(String(g)) &&
		digits.endsWith(String(k)) &&
		digits.length === String(g).length + 1 + String(k).length
	)
		return next;
	const a = after ? ITEM_RE.exec(after) : null;
	const sandwiched = a !== null && Number(a[1]) === g && Number(a[2]) === k + 1;
	// Not the item before's or after's digits: a number printed there (its row repeated).
	if (
		!sandwiched ||
		digits.length !== bare.length ||
		digits === `${a[1]}${a[2]}` ||
		(m !== null && digits === `${m[1]}${m[2]}`)
	)
		return undefined;
	let differ = 0;
	for (let i = 0; i < digits.length; i++) if (digits[i] !== bare[i]) differ++;
	return differ === 1 ? next : undefined;
}

/**
 * A continuation row on a later page brings a second value to a value field: both the value
 * already there and the new one hold a number (or are a dash) — "18" then "53", "-" then "-". A
 * cell cut by the page break goes on in words ("220 сая" then "ОНХС"); two values are two rows.
 */
function secondValue(
	role: MappedRole,
	had: readonly Piece[],
	pieces: readonly Piece[],
): boolean {
	// A level is a percent ("100%"): a lone digit under it is a numbering row's remnant.
	const value = role === "performance" ? /\d\s*%|^[-–—]$/u : /\d|^[-–—]$/u;
	const isValue = (ps: readonly Piece[]) =>
		ps.some((p) => value.test(p.text.trim()));
	return isValue(had) && isValue(pieces);
}

/**
 * The values of a value cell that holds more than one ("18 53", "50% 60%", "- 12"): undefined
 * for one value, a value with words ("2 удаа") or a number grouped in thousands ("1 000").
 */
function twoValues(text: string): string[] | undefined {
	const t = collapseWhitespace(text);
	if (/^[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?%?$/u.test(t)) return undefined;
	const tokens = t.split(" ").filter(Boolean);
	if (tokens.length < 2) return undefined;
	const value = /^(?:\d+(?:[.,]\d+)*%?|[-–—])$/u;
	return tokens.every((x) => value.test(x)) ? tokens : undefined;
}

/** The item number of the next item row before any goal row (undefined when none). */
function nextItem(
	rows: readonly LogicalRow[],
	index: number,
): string | undefined {
	for (let j = index + 1; j < rows.length; j++) {
		const r = rows[j] as LogicalRow;
		if (r.kind === "goal") return undefined;
		if (r.kind === "item") return r.item;
	}
	return undefined;
}

/**
 * An item row whose printed number breaks a sequence that shows its number: the item before is
 * g.(n-1) (or the row follows goal g's heading, n = 1), the next item row is g.(n+1), and g.n is
 * printed nowhere ("4.13, 4.34, 4.15": the № misread, 4.34 is 4.14). A number printed twice is
 * left to the repeats step (a page scanned twice). Undefined when the row fits or nothing fits.
 */
function inSequence(
	row: { item?: string },
	previous: string | undefined,
	goal: number | null,
	next: string | undefined,
	printedTwice: ReadonlySet<string>,
	printed: ReadonlySet<string>,
):
	| { item: string; printed: string; before: string; after: string }
	| undefined {
	const no = row.item;
	const n = next ? ITEM_RE.exec(next) : null;
	if (!no || !n || printedTwice.has(no)) return undefined;
	const p = previous ? ITEM_RE.exec(previous) : null;
	const g = Number(n[1]);
	const k = Number(n[2]) - 1;
	if (k < 1) return undefined;
	const fits = p
		? Number(p[1]) === g && Number(p[2]) === k - 1
		: previous === undefined && goal === g && k === 1;
	const item = `${g}.${k}`;
	if (!fits || no === item || printed.has(item)) return undefined;
	return {
		item,
		printed: no,
		before: previous ?? `Зорилт ${g}`,
		after: `${g}.${k + 1}`,
	};
}

function goalFromItem(item: string | undefined): number | null {
	const m = item ? ITEM_RE.exec(item) : null;
	return m ? Number(m[1]) : null;
}

function classifyRow(
	row: Row,
	map: ColumnMap,
	fragment: number,
	rowIndex: number,
	flags: Flag[],
	decisions: Decision[],
): LogicalRow | undefined {
	const cells: Partial<Record<MappedRole, Piece[]>> = {};
	const extra: Piece[] = [];
	row.cells.forEach((cell, i) => {
		const role = map[i];
		const pieces = cell.paragraphs
			.map((p) => ({ text: collapseWhitespace(p.text), prov: p.prov }))
			.filter((p) => p.text !== "");
		if (pieces.length === 0) return;
		if (role === undefined) extra.push(...pieces);
		else {
			const all = [...(cells[role] ?? []), ...pieces];
			const kept = withoutRulingRemnants(role, all);
			// A remnant left out is kept as a decision: no text read leaves the document untraced.
			const dropped =
				kept.length < all.length ? all.filter((p) => rulingMarks(p.text)) : [];
			for (const p of dropped)
				decisions.push({
					kind: "drop-mark",
					item: null,
					field: role,
					confidence: 0.9,
					evidence:
						"a ruling's remnant read as marks beside the cell's own text or value",
					prov: p.prov,
					text: p.text,
				});
			cells[role] = kept;
		}
	});
	const base = { cells, fragment, rowIndex, prov: row.prov, extra };
	const join = (role: MappedRole) =>
		(cells[role] ?? [])
			.map((p) => p.text)
			.join(" ")
			.trim();
	const no = join("item");
	const isDash = (t: string) => /^[-–—\s]*$/u.test(t);
	// The filled cells other than №, in physical order (mapped or not).
	const filled: { role: MappedRole | undefined; text: string }[] = [];
	row.cells.forEach((cell, i) => {
		const text = collapseWhitespace(cellText(cell));
		if (!isDash(text) && map[i] !== "item") filled.push({ role: map[i], text });
	});
	if (!ITEM_RE.test(no)) {
		// "Зорилт 1." / "ЗОРИЛТ 1:" in the № cell (or one cell across the row), the title after it
		// or in the next cells.
		const inNo = goalHeading(no, filled.length === 0);
		if (inNo) {
			const title = collapseWhitespace(
				[inNo.title, ...filled.map((f) => f.text)].join(" "),
			);
			return { ...base, kind: "goal", goal: inNo.number, goalTitle: title };
		}
		// "| 2 | Зорилт 2. … | … | …ажиллагааг … |": the goal's row cut into cells (a letter's
		// stroke in line with a column's ruling can carry the ruling across the row). The heading
		// in words in the first filled cell and its number in №: a goal, its title every cell's.
		const first = filled[0];
		const cut =
			filled.length > 1 && first ? goalHeading(first.text) : undefined;
		if (
			cut &&
			/^\d{1,2}\.?$/.test(no) &&
			Number.parseInt(no, 10) === cut.number
		)
			return {
				...base,
				kind: "goal",
				goal: cut.number,
				goalTitle: collapseWhitespace(
					[cut.title, ...filled.slice(1).map((f) => f.text)].join(" "),
				),
			};
		// "| 1 | Зорилт 1. … |", "| | 1 дүгээр зорилт: … |", "| | I. … |": one filled cell (any
		// column: templates put the heading where the activity or the second column is).
		const only = filled.length === 1 ? filled[0] : undefined;
		if (only && (no === "" || /^\d{1,2}\.?$/.test(no))) {
			// A narrative's continuation (empty №) may start "I. …" too: with a number in № the row
			// is a heading whatever column its title sits in.
			const numbered = no !== "";
			const heading = goalHeading(
				only.text,
				numbered || only.role !== "achievement",
			);
			if (heading)
				return {
					...base,
					kind: "goal",
					goal: heading.number,
					goalTitle: heading.title,
				};
			// "| 1 | Title of the goal | | … |": a bare number with a title and nothing else.
			const bare = /^(\d{1,2})\.?$/.exec(no);
			if (bare && only.text.length >= 10)
				return {
					...base,
					kind: "goal",
					goal: Number(bare[1]),
					goalTitle: only.text,
				};
		}
	}
	if (extra.length > 0) {
		flags.push({
			kind: "unmapped-cell",
			severity: "warning",
			item: null,
			field: null,
			message:
				"Text in a cell outside the table's columns; kept in the evidence.",
			evidence: { text: extra.map((p) => p.text).join(" | ") },
			prov: row.prov,
		});
	}
	const m = ITEM_RE.exec(no);
	if (m)
		return { ...base, kind: "item", item: `${Number(m[1])}.${Number(m[2])}` };
	// Not an item number: flagged where the row goes (step 3), or read as one there when the
	// sequence shows it lost its point.
	return {
		...base,
		kind: "continuation",
		...(no !== "" ? { unreadable: no } : {}),
	};
}
