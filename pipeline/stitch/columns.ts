/**
 * Column mapping of the plan table: physical cell index → column role, for every format (the
 * Markdown, Word, PDF and scan parsers all hand their tables to this one mapping).
 *
 * Two witnesses decide a column's role, never its position:
 * 1. the header: one or two rows at the top of a fragment whose cells name roles
 *    (normalizers/columns.ts: synonyms, abbreviations, OCR garble, extra columns), in any order
 *    and any subset; "Зорилтот түвшин" over "Хагас жил | Бүтэн жил" is read as two columns;
 * 2. the content: what the cells under a column hold (item numbers, levels, short numbers with
 *    units, long narratives, funding words). A header role the content contradicts is a finding.
 * OCR-to-Markdown tools sometimes shift header cells against the data (an empty cell inserted):
 * the header's roles are then tried both at their physical positions and packed in reading order
 * onto the data columns, and the content (and a "1 | 2 | … | N" numbering row) picks the one that
 * fits. Without a readable header, roles are inferred from the content alone and the mapping is
 * unconfirmed: the report is held until a person confirms it (see docs/layouts.md).
 */
import {
	type ColumnRole,
	EXTRA_ROLES,
	roleForHeader,
} from "../../normalizers/columns.ts";
import { parseLevel } from "../../normalizers/levels.ts";
import { collapseWhitespace, lowerMn } from "../../normalizers/text.ts";
import { cellText, type Row } from "../document.ts";

/** Roles of the record's fields. */
export type Role = Exclude<
	ColumnRole,
	"target" | "responsible" | "deadline" | "notes"
>;
/** Roles of columns kept as evidence only. */
export type ExtraRole = "responsible" | "deadline" | "notes";
/** A role a column can be mapped to. */
export type MappedRole = Role | ExtraRole;

/** Physical cell index → role (undefined: not a column of the table). */
export type ColumnMap = (MappedRole | undefined)[];

/** Item numbers: "1.1", "1.1.", "1.1)", "1,1". */
export const ITEM_RE = /^(\d{1,2})\s*[.,]\s*(\d{1,2})\s*[.)]?$/;

/** Header roles read with less than this score are doubtful without the content's support. */
export const SURE_HEADER_SCORE = 0.8;

/** When the row is a numbering row ("1 | 2 | … | N" from the first cell on), returns N. */
export function numberingRowLength(row: Row): number | undefined {
	const texts = row.cells.map((c) => cellText(c).trim());
	let n = 0;
	while (n < texts.length && texts[n] === String(n + 1)) n++;
	if (n < 4) return undefined;
	// Everything after the numbering must be empty.
	if (texts.slice(n).some((t) => t !== "")) return undefined;
	return n;
}

const VALUE_RE = /^[-–—]?\s*\d+(?:[.,]\d+)*\s*(?:%|хувь)?$/iu;
// A column number alone ("1".."20") is the numbering row's, not a value.
const isLevelText = (t: string) =>
	t !== "" && !/^\d{1,2}$/.test(t) && parseLevel(t).level !== null;

/** A header cell read: its role and score (null: no role named). */
export interface HeaderMatch {
	role: ColumnRole;
	score: number;
}

/**
 * Header rows name columns: at least three distinct roles (or two with the "Хагас жил / Бүтэн
 * жил" sub-header), most filled cells naming one, no item number and no long cell. Any order.
 * `weak`: a garbled header (≥ 3 short labels, one read as a column with a score from 0.5) — only
 * for the very first row of a table.
 * Returns the match per cell, undefined for rows that are not a header.
 */
export function headerMatches(
	row: Row,
	weak = false,
): (HeaderMatch | null)[] | undefined {
	const texts = row.cells.map((c) => collapseWhitespace(cellText(c)));
	if (texts.some((t) => ITEM_RE.test(t))) return undefined;
	// A number, a percent or a level ("100%", "3", "100 хувь") is a value, not a label.
	if (
		texts.some(
			(t) => (VALUE_RE.test(t) && !/^\d{1,2}$/.test(t)) || isLevelText(t),
		)
	)
		return undefined;
	// Header cells are short labels; a long cell is data.
	if (texts.some((t) => t.length > 160)) return undefined;
	const found = texts.map((t) => (t === "" ? null : roleForHeader(t)));
	const sure = found.filter(
		(m): m is HeaderMatch =>
			m !== null && m.score >= (weak ? 0.5 : SURE_HEADER_SCORE),
	);
	const distinct = new Set(sure.map((m) => m.role));
	const subHeader =
		distinct.has("targetHalfYear") && distinct.has("targetFullYear");
	const filled = texts.filter((t) => t !== "" && !/^\d{1,2}$/.test(t)).length;
	const named = found.filter((m) => m !== null).length;
	const mostlyNamed = named >= Math.ceil(filled * 0.6);
	// Weak: short labels with no value in them, at least one read as a column.
	if (weak) return distinct.size >= 1 && filled >= 3 ? found : undefined;
	return (distinct.size >= 3 || subHeader) && mostlyNamed ? found : undefined;
}

/** Is the row a header row of the plan table? */
export function isHeaderRow(row: Row): boolean {
	return headerMatches(row) !== undefined;
}

// ───────────────────────────── content ─────────────────────────────

/** What the cells of one physical column hold, over the table's data rows. */
export interface ContentProfile {
	/** non-empty cells ("-" counts as empty) */
	filled: number;
	/** cells that are only a dash */
	dashes: number;
	items: number;
	levels: number;
	/** short cells with a digit (numbers with units) */
	numbers: number;
	/** cells of 80 characters or more */
	long: number;
	/** cells naming money or a funding source */
	funding: number;
	/** cells naming a count or a percent ("тоо", "хувь") */
	measureWords: number;
	meanLength: number;
}

const FUNDING_RE =
	/сая|мянга|тэрбум|төгрөг|₮|онхс|төсөв|төсв|сан\b|хөрөнгө|санхүүж/u;
const MEASURE_RE = /тоо|хувь|хувиар|хэмжээ/u;

/** Profile the columns 0..width−1 over data rows (header, numbering and goal rows excluded). */
export function profileColumns(
	rows: readonly Row[],
	width: number,
): ContentProfile[] {
	const out: ContentProfile[] = Array.from({ length: width }, () => ({
		filled: 0,
		dashes: 0,
		items: 0,
		levels: 0,
		numbers: 0,
		long: 0,
		funding: 0,
		measureWords: 0,
		meanLength: 0,
	}));
	const lengths: number[] = Array.from({ length: width }, () => 0);
	for (const row of rows) {
		const texts = row.cells.map((c) => collapseWhitespace(cellText(c)));
		const nonEmpty = texts.filter((t) => t !== "" && t !== "-").length;
		// A goal heading ("| 1 | Зорилт 1. … |", its title under any header) or a nearly empty
		// row says little about the columns.
		if (nonEmpty < 2 || (nonEmpty === 2 && !texts.some((t) => ITEM_RE.test(t))))
			continue;
		texts.slice(0, width).forEach((t, i) => {
			const p = out[i] as ContentProfile;
			if (t === "") return;
			if (/^[-–—]$/u.test(t)) {
				p.dashes++;
				return;
			}
			p.filled++;
			lengths[i] = (lengths[i] ?? 0) + t.length;
			const lower = lowerMn(t);
			if (ITEM_RE.test(t)) p.items++;
			else if (t.length <= 50 && /\d/.test(t)) p.numbers++;
			if (t.length <= 60) {
				const level = parseLevel(t);
				if (level.level !== null || level.notDue) p.levels++;
			}
			if (t.length >= 80) p.long++;
			if (FUNDING_RE.test(lower)) p.funding++;
			if (MEASURE_RE.test(lower)) p.measureWords++;
		});
	}
	out.forEach((p, i) => {
		p.meanLength = p.filled ? (lengths[i] ?? 0) / p.filled : 0;
	});
	return out;
}

/** How the content of a column bears on a role: 1 supports, 0 says nothing, −1 contradicts. */
export function contentAgreement(
	role: MappedRole | undefined,
	p: ContentProfile,
): -1 | 0 | 1 {
	if (role === undefined || EXTRA_ROLES.has(role)) return 0;
	const n = p.filled;
	const share = (k: number) => (n === 0 ? 0 : k / n);
	if (n === 0) return role === "budget" && p.dashes > 0 ? 1 : 0;
	switch (role) {
		case "item":
			if (share(p.items) >= 0.5) return 1;
			return n >= 3 && share(p.items) < 0.1 ? -1 : 0;
		case "performance":
			if (share(p.levels) >= 0.6) return 1;
			return n >= 3 && share(p.levels) < 0.2 ? -1 : 0;
		case "achievement":
			if (p.meanLength >= 40 || share(p.long) >= 0.3) return 1;
			return n >= 3 && p.meanLength < 12 ? -1 : 0;
		case "activity":
		case "indicator":
			if (
				share(p.items) >= 0.5 ||
				(share(p.levels) >= 0.8 && p.meanLength < 12) ||
				(share(p.numbers) >= 0.8 && p.meanLength < 12)
			)
				return n >= 3 ? -1 : 0;
			return p.meanLength >= 12 ? 1 : 0;
		case "budget":
			if (share(p.items) >= 0.5 || (n >= 3 && share(p.long) >= 0.5)) return -1;
			return share(p.funding) + share(p.dashes) >= 0.3 ? 1 : 0;
		case "baseline":
		case "targetHalfYear":
		case "targetFullYear":
			if (share(p.items) >= 0.5 || (n >= 3 && share(p.long) >= 0.3)) return -1;
			return share(p.numbers) >= 0.5 ? 1 : 0;
	}
	return 0;
}

// ───────────────────────────── the mapping ─────────────────────────────

/** One physical column: what its header says, the role given, and what its content says. */
export interface ColumnEvidence {
	index: number;
	/** The header text over the column (header rows joined by " / "), "" when none. */
	header: string;
	role: MappedRole | null;
	/** How well the header named the role, 0..1 (0 when the role came from the content). */
	score: number;
	/** Where the role came from: the header, the content, a person ("person": an assignment). */
	source: "header" | "content" | "person" | "none";
	/** 1: the content supports the role; −1: it contradicts it; 0: no evidence either way. */
	content: -1 | 0 | 1;
}

/** A table's column mapping with its evidence. */
export interface TableMapping {
	map: ColumnMap;
	columns: ColumnEvidence[];
	/** "header": roles read from the header; "content": inferred from the cells alone; "person":
	 * assigned by a person (ColumnAssignment). */
	source: "header" | "content" | "person";
	/** Confident: every column with data has a sure role, content agrees, nothing missing. */
	confident: boolean;
	/** Why the mapping is not confident (empty when it is); for a person's assignment, what the
	 * content contradicts (flagged, but the assignment stands). */
	doubts: string[];
	/** Notes on choices the clerk may dispute but that do not make the mapping unsure. */
	notes: string[];
	/** Set when the header's roles were packed onto the data columns (a shifted header). */
	realigned?: string;
	/** Set when a person assigned the roles (ColumnAssignment): the mapping is their decision. */
	assigned?: { who: string | null; at: string | null };
	/** Columns holding data that this header names nothing, given the role the reference mapping
	 * (another page's header, mapped with confidence) has at the same position: the stitching
	 * flags each. */
	inherited?: { index: number; role: MappedRole; header: string }[];
}

interface HeaderColumn {
	text: string;
	role: ColumnRole | null;
	score: number;
}

/** Per physical column: the header rows' texts and the role they name. */
function headerColumns(headerRows: readonly Row[], width: number) {
	const cols: HeaderColumn[] = Array.from({ length: width }, () => ({
		text: "",
		role: null,
		score: 0,
	}));
	const texts: string[][] = Array.from({ length: width }, () => []);
	// Spans: a header cell covers its colSpan columns (Word, PDF); covered cells are empty.
	const spans: number[] = Array.from({ length: width }, () => 1);
	headerRows.forEach((row, r) => {
		row.cells.forEach((cell, i) => {
			if (i >= width) return;
			const t = collapseWhitespace(cellText(cell));
			if (t === "" || /^\d{1,2}$/.test(t)) return;
			(texts[i] as string[]).push(t);
			const m = roleForHeader(t);
			if (!m) return;
			const col = cols[i] as HeaderColumn;
			const specific =
				m.role === "targetHalfYear" || m.role === "targetFullYear";
			// A lower row names a part of the column above ("Хагас жил" under "Зорилтот түвшин").
			if (col.role === null || specific || (r > 0 && col.role === "target")) {
				col.role = m.role;
				col.score = m.score;
			}
			if (r === 0) spans[i] = Math.max(1, cell.colSpan ?? 1);
		});
	});
	cols.forEach((c, i) => {
		c.text = (texts[i] as string[]).join(" / ");
	});
	return { cols, spans };
}

/** "target" columns: a spanning or double column → half and full year; a single one → full year. */
function expandTargets(
	cols: HeaderColumn[],
	spans: number[],
	notes: string[],
): (MappedRole | undefined)[] {
	const roles: (MappedRole | undefined)[] = cols.map((c) =>
		c.role === null || c.role === "target" ? undefined : (c.role as MappedRole),
	);
	cols.forEach((c, i) => {
		if (c.role !== "target") return;
		const span = spans[i] ?? 1;
		const next = cols[i + 1];
		const halves = ["targetHalfYear", "targetFullYear"] as const;
		if (span >= 2 || (next && next.text === "")) {
			roles[i] = roles.includes("targetHalfYear")
				? "targetFullYear"
				: halves[0];
			if (roles[i + 1] === undefined)
				roles[i + 1] = roles.includes("targetFullYear")
					? "targetHalfYear"
					: halves[1];
			return;
		}
		if (!roles.includes("targetFullYear")) {
			roles[i] = "targetFullYear";
			notes.push(
				`"${c.text}" names one target column with no period: read as the full-year target`,
			);
		} else if (!roles.includes("targetHalfYear")) roles[i] = "targetHalfYear";
	});
	return roles;
}

const agreementOf = (
	map: readonly (MappedRole | undefined)[],
	profiles: readonly ContentProfile[],
) =>
	map.map((role, i) =>
		contentAgreement(role, profiles[i] as ContentProfile),
	) as (-1 | 0 | 1)[];

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Map a table's columns from its header rows (may be none) and its data rows.
 * @param headerRows - the header rows at the top of the fragment (0, 1 or 2 rows)
 * @param dataRows - the rows below them (every fragment that shares the mapping)
 * @param numbering - the length of a "1 | 2 | … | N" numbering row, when there is one
 * @param reference - the mapping of another page's header, mapped with confidence: a
 *   column this header names nothing (a misread word: "Үесөв" for "Төсөв") takes the role the
 *   reference gives the same column, when the two agree on every column both name (the same
 *   layout), the role is not named elsewhere, and the column's content does not contradict it
 */
export function mapColumns(
	headerRows: readonly Row[],
	dataRows: readonly Row[],
	numbering?: number,
	reference?: ColumnMap,
): TableMapping {
	const width = Math.max(
		0,
		...headerRows.map((r) => r.cells.length),
		...dataRows.map((r) => r.cells.length),
	);
	const profiles = profileColumns(dataRows, width);
	if (headerRows.length === 0) return fromContent(profiles, width);
	const notes: string[] = [];
	const { cols, spans } = headerColumns(headerRows, width);
	const physical = expandTargets(cols, spans, notes);
	// Packed: the named columns in reading order onto the columns that hold data.
	const named = physical
		.map((role, i) => ({ role, i }))
		.filter((x) => x.role !== undefined);
	const dataCols = profiles
		.map((p, i) => ({ p, i }))
		.filter((x) => x.p.filled + x.p.dashes > 0)
		.map((x) => x.i);
	const candidates: { map: ColumnMap; from: number[]; packed: boolean }[] = [
		{ map: physical, from: physical.map((_, i) => i), packed: false },
	];
	const packSlots =
		numbering !== undefined && numbering === named.length
			? Array.from({ length: numbering }, (_, i) => i)
			: dataCols.length === named.length
				? dataCols
				: undefined;
	if (packSlots) {
		const map: ColumnMap = Array.from({ length: width }, () => undefined);
		const from: number[] = Array.from({ length: width }, () => -1);
		packSlots.forEach((slot, k) => {
			map[slot] = named[k]?.role;
			from[slot] = named[k]?.i ?? -1;
		});
		if (map.some((r, i) => r !== physical[i]))
			candidates.push({ map, from, packed: true });
	}
	// The candidate whose columns the content supports best (contradictions weigh double); the
	// numbering row breaks ties in favour of the packed one.
	const fitOf = (c: (typeof candidates)[number]) => {
		const a = agreementOf(c.map, profiles);
		return (
			sum(a.map((x) => (x < 0 ? 2 * x : x))) +
			(c.packed && numbering === named.length ? 0.5 : 0) -
			// Data left in an unnamed column counts against a candidate.
			c.map.filter((r, i) => r === undefined && (profiles[i]?.filled ?? 0) > 0)
				.length
		);
	};
	const best = candidates.reduce((a, b) => (fitOf(b) > fitOf(a) ? b : a));
	// A header read only weakly (garbled beyond most words): the content may know better.
	const scores = cols.filter((c) => c.role !== null).map((c) => c.score);
	const labels = cols.filter((c) => c.text !== "").length;
	const weakHeader =
		scores.length === 0 ||
		sum(scores) / scores.length < SURE_HEADER_SCORE ||
		scores.length < 0.6 * labels;
	if (weakHeader) {
		const inferred = fromContent(profiles, width);
		const c = { map: inferred.map, from: [], packed: false };
		if (fitOf(c) > fitOf(best))
			return {
				...inferred,
				doubts: [
					"the table's header is too garbled to read: the columns' roles were inferred from what they hold",
				],
				columns: inferred.columns.map((col) => ({
					...col,
					header: cols[col.index]?.text ?? "",
				})),
			};
	}
	// (Recorded in the column-map decision; the content confirms it, so it is no flag.)
	const realigned = best.packed
		? "the header cells are shifted against the data columns: header roles taken in reading order"
		: undefined;
	const map = best.map.slice();
	const agreement = agreementOf(map, profiles);
	const columns: ColumnEvidence[] = map.map((role, i) => {
		const h = cols[best.from[i] ?? i] ?? cols[i];
		return {
			index: i,
			header: h?.text ?? "",
			role: role ?? null,
			score: role === undefined ? 0 : (h?.score ?? 0),
			source: role === undefined ? "none" : "header",
			content: agreement[i] ?? 0,
		};
	});
	const doubts: string[] = [];
	// Duplicate roles: the column with the best header match (and content) keeps it; the others
	// are doubtful and kept as evidence.
	const worth = (c: ColumnEvidence) => c.score + 0.2 * c.content;
	const seen = new Map<MappedRole, ColumnEvidence>();
	const duplicates: { doubt: string; columns: number[] }[] = [];
	for (const c of columns) {
		if (c.role === null || EXTRA_ROLES.has(c.role)) continue;
		const other = seen.get(c.role);
		if (other === undefined) {
			seen.set(c.role, c);
			continue;
		}
		duplicates.push({
			doubt: `columns ${other.index + 1} and ${c.index + 1} both read as "${c.role}"`,
			columns: [other.index, c.index],
		});
		const loser = worth(c) > worth(other) ? other : c;
		if (loser === other) seen.set(c.role, c);
		map[loser.index] = undefined;
		loser.role = null;
		loser.source = "none";
		loser.content = 0;
	}
	// An item column named by no header ("№" left blank) is unmistakable by its content.
	if (!map.includes("item")) {
		const k = profiles.findIndex(
			(p, i) =>
				map[i] === undefined && p.filled >= 2 && p.items / p.filled >= 0.8,
		);
		if (k >= 0) {
			map[k] = "item";
			Object.assign(columns[k] as ColumnEvidence, {
				role: "item",
				source: "content",
				score: 0,
				content: 1,
			});
			notes.push(
				`column ${k + 1} has no "№" header but holds the item numbers`,
			);
		}
	}
	const inherited = reference
		? inheritRoles(map, columns, profiles, reference)
		: [];
	// A duplicate the reference settles (the loser given its role there) is no doubt.
	for (const d of duplicates)
		if (!d.columns.some((i) => inherited.some((x) => x.index === i)))
			doubts.push(d.doubt);
	for (const c of columns) {
		const p = profiles[c.index] as ContentProfile;
		if (c.content < 0)
			doubts.push(
				`column ${c.index + 1} ("${c.header}") is read as "${c.role}" but its cells do not hold that`,
			);
		else if (
			c.role !== null &&
			c.source === "header" &&
			c.score < SURE_HEADER_SCORE &&
			c.content <= 0 &&
			!inherited.some((x) => x.index === c.index)
		)
			doubts.push(
				`column ${c.index + 1}'s header "${c.header}" is only a weak match for "${c.role}" (score ${c.score})`,
			);
		if (c.role === null && p.filled >= Math.max(2, dataRows.length * 0.2))
			doubts.push(
				`column ${c.index + 1} ("${c.header}") holds text but its header names no column`,
			);
	}
	for (const need of ["item", "activity", "performance"] as const)
		if (!map.includes(need))
			doubts.push(`no column of the table reads as "${need}"`);
	return {
		map,
		columns,
		source: "header",
		confident: doubts.length === 0,
		doubts,
		notes,
		...(realigned ? { realigned } : {}),
		...(inherited.length ? { inherited } : {}),
	};
}

/**
 * A page's header that names nothing over a column holding data, where another page's header
 * (the reference) named it (a misread word: "Үесөв" for "Төсөв"): when both headers agree on every
 * column both name — at least four, the same layout — the column takes the reference's role,
 * unless the role is named elsewhere on this page or the column's content contradicts it.
 * Changes `map` and `columns` in place; returns the columns given a role so.
 */
function inheritRoles(
	map: ColumnMap,
	columns: ColumnEvidence[],
	profiles: readonly ContentProfile[],
	reference: ColumnMap,
): NonNullable<TableMapping["inherited"]> {
	let same = 0;
	for (let i = 0; i < map.length; i++) {
		const a = map[i];
		const b = reference[i];
		if (a === undefined || b === undefined) continue;
		if (a !== b) return [];
		same++;
	}
	if (same < 4) return [];
	const out: NonNullable<TableMapping["inherited"]> = [];
	map.forEach((role, i) => {
		const ref = reference[i];
		const p = profiles[i];
		if (role !== undefined || ref === undefined || !p) return;
		if (p.filled + p.dashes === 0 || map.includes(ref)) return;
		if (contentAgreement(ref, p) < 0) return;
		map[i] = ref;
		const c = columns[i] as ColumnEvidence;
		Object.assign(c, {
			role: ref,
			source: "header",
			score: 0,
			content: contentAgreement(ref, p),
		});
		out.push({ index: i, role: ref, header: c.header });
	});
	return out;
}

/** Roles from the content alone (no header): never confident. */
function fromContent(profiles: ContentProfile[], width: number): TableMapping {
	const map: ColumnMap = Array.from({ length: width }, () => undefined);
	const free = (i: number) => map[i] === undefined;
	const share = (p: ContentProfile, k: number) =>
		p.filled === 0 ? 0 : k / p.filled;
	const pick = (
		role: MappedRole,
		score: (p: ContentProfile) => number,
		min: number,
	) => {
		let best = -1;
		let bestScore = min;
		profiles.forEach((p, i) => {
			if (!free(i) || p.filled === 0) return;
			const s = score(p);
			if (s >= bestScore) {
				if (s > bestScore || best < 0) best = i;
				bestScore = s;
			}
		});
		if (best >= 0) map[best] = role;
	};
	pick("item", (p) => share(p, p.items), 0.5);
	// Levels: the level-like column with the shortest cells (targets can hold "100%" too).
	pick(
		"performance",
		(p) => share(p, p.levels) - (p.meanLength > 40 ? 1 : 0),
		0.6,
	);
	pick("achievement", (p) => p.meanLength, 40);
	pick("budget", (p) => share(p, p.funding + p.dashes), 0.3);
	// Numbers: baseline, half-year and full-year targets read left to right (a guess, held).
	const numeric = profiles
		.map((p, i) => ({ p, i }))
		.filter(
			(x) => free(x.i) && x.p.filled > 0 && share(x.p, x.p.numbers) >= 0.5,
		)
		.map((x) => x.i);
	const numberRoles: MappedRole[] =
		numeric.length >= 3
			? ["baseline", "targetHalfYear", "targetFullYear"]
			: numeric.length === 2
				? ["baseline", "targetFullYear"]
				: ["targetFullYear"];
	numeric.slice(0, 3).forEach((i, k) => {
		map[i] = numberRoles[k];
	});
	// Text columns: the one naming counts and percents is the indicator.
	const text = profiles
		.map((p, i) => ({ p, i }))
		.filter((x) => free(x.i) && x.p.filled > 0 && x.p.meanLength >= 8);
	const indicator = [...text].sort(
		(a, b) =>
			share(b.p, b.p.measureWords) - share(a.p, a.p.measureWords) ||
			a.p.meanLength - b.p.meanLength,
	)[0];
	const rest = text.filter((x) => x !== indicator);
	const activity = rest.sort((a, b) => b.p.meanLength - a.p.meanLength)[0];
	if (activity) map[activity.i] = "activity";
	if (indicator && (activity || text.length === 1))
		map[indicator.i] = text.length === 1 ? "activity" : "indicator";
	const agreement = agreementOf(map, profiles);
	const columns: ColumnEvidence[] = map.map((role, i) => ({
		index: i,
		header: "",
		role: role ?? null,
		score: 0,
		source: role === undefined ? "none" : "content",
		content: agreement[i] ?? 0,
	}));
	return {
		map,
		columns,
		source: "content",
		confident: false,
		doubts: [
			"the table has no readable header: the columns' roles were inferred from what they hold",
		],
		notes: [],
	};
}

// ───────────────────────────── a person's assignment ─────────────────────────────

/** A role a person may give a column: a mapped role, or "ignore" (the column is left out). */
export type AssignedRole = MappedRole | "ignore";

/** Every role a person may assign, in the seed's column order. */
export const ASSIGNABLE_ROLES: readonly AssignedRole[] = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performance",
	"responsible",
	"deadline",
	"notes",
	"ignore",
];

/** Roles a plan table cannot do without (the same as a confirmed inferred mapping's). */
export const REQUIRED_ROLES = ["item", "activity", "performance"] as const;

/**
 * A person's column roles for the whole report, one per physical column (column 1 first, as
 * `tailan reports columns ID` lists them), replacing the inferred mapping. Trailing columns that
 * hold nothing may be left out of the list.
 */
export interface ColumnAssignment {
	roles: readonly AssignedRole[];
	/** Who assigned them, and when (ISO time): recorded in the column-map decision. */
	who?: string;
	at?: string;
}

/** A list of column roles that cannot be used: the reason and the fix, for the person. */
export class ColumnRolesError extends Error {
	override name = "ColumnRolesError";
	constructor(
		readonly reason: string,
		readonly fix: string,
	) {
		super(`${reason} — ${fix}`);
	}
}

/**
 * Check a person's list of column roles ("item,activity,budget,…"): every role known, none
 * twice (except "ignore"), the required ones present. Throws ColumnRolesError naming the fault.
 */
export function parseColumnRoles(
	list: string | readonly string[],
): AssignedRole[] {
	const names = (typeof list === "string" ? list.split(",") : [...list]).map(
		(x) => x.trim(),
	);
	const known = `known roles: ${ASSIGNABLE_ROLES.join(", ")}`;
	if (names.length === 0 || names.every((x) => x === ""))
		throw new ColumnRolesError("the list of column roles is empty", known);
	const roles: AssignedRole[] = [];
	names.forEach((name, i) => {
		const role = ASSIGNABLE_ROLES.find(
			(r) => r.toLowerCase() === name.toLowerCase(),
		);
		if (role === undefined)
			throw new ColumnRolesError(
				name === ""
					? `column ${i + 1} has no role`
					: `column ${i + 1}: "${name}" is not a column role`,
				`${known} (a column to leave out: ignore)`,
			);
		if (role !== "ignore" && roles.includes(role))
			throw new ColumnRolesError(
				`"${role}" is given to columns ${roles.indexOf(role) + 1} and ${i + 1}`,
				"give each role to one column (ignore may repeat)",
			);
		roles.push(role);
	});
	const missing = REQUIRED_ROLES.filter((r) => !roles.includes(r));
	if (missing.length > 0)
		throw new ColumnRolesError(
			`no column is given the role${missing.length > 1 ? "s" : ""} ${missing.map((r) => `"${r}"`).join(", ")}`,
			"a plan table needs its item (№), activity and performance (level) columns",
		);
	return roles;
}

/**
 * The mapping a person assigned: their roles per physical column, the header text and the content
 * profile kept as evidence. Content contradictions are listed in `doubts` (flagged), but the
 * mapping is confident: it is a person's decision, not a guess.
 * Throws ColumnRolesError when the list does not fit the table (a column with data left without
 * a role, or more roles than columns).
 */
export function assignedMapping(
	assignment: ColumnAssignment,
	headerRows: readonly Row[],
	dataRows: readonly Row[],
	/** The widest row of the whole table (a page's fragment may be narrower). */
	tableWidth = 0,
): TableMapping {
	const width = Math.max(
		tableWidth,
		...headerRows.map((r) => r.cells.length),
		...dataRows.map((r) => r.cells.length),
	);
	const profiles = profileColumns(dataRows, width);
	const used = profiles.reduce(
		(n, p, i) => (p.filled + p.dashes > 0 ? i + 1 : n),
		0,
	);
	const { roles } = assignment;
	const fix = `give one role per column, in the order \`tailan reports columns ID\` lists them (ignore for a column to leave out)`;
	if (roles.length > width)
		throw new ColumnRolesError(
			`the plan table has ${width} columns but ${roles.length} roles were given`,
			fix,
		);
	if (roles.length < used)
		throw new ColumnRolesError(
			`the plan table has ${used} columns with data but ${roles.length} roles were given`,
			fix,
		);
	const { cols } = headerColumns(headerRows, width);
	const map: ColumnMap = Array.from({ length: width }, (_, i) => {
		const r = roles[i];
		return r === undefined || r === "ignore" ? undefined : r;
	});
	const agreement = agreementOf(map, profiles);
	const columns: ColumnEvidence[] = map.map((role, i) => {
		const header = cols[i]?.text ?? "";
		const m = header === "" ? null : roleForHeader(header);
		return {
			index: i,
			header,
			role: role ?? null,
			score: m && role !== undefined && m.role === role ? m.score : 0,
			source: role === undefined ? "none" : "person",
			content: agreement[i] ?? 0,
		};
	});
	const doubts = columns
		.filter((c) => c.content < 0)
		.map(
			(c) =>
				`column ${c.index + 1} ("${c.header}") was assigned "${c.role}" but its cells do not hold that`,
		);
	return {
		map,
		columns,
		source: "person",
		confident: true,
		doubts,
		notes: [],
		assigned: { who: assignment.who ?? null, at: assignment.at ?? null },
	};
}

/** The mapping's evidence for a hold or a flag: header cells and the role per column. */
export function mappingEvidence(m: TableMapping): Record<string, unknown> {
	return {
		source: m.source,
		columns: m.columns.map((c) => ({
			column: c.index + 1,
			header: c.header,
			role: c.role,
			score: c.score,
			from: c.source,
			content:
				c.content > 0 ? "supports" : c.content < 0 ? "contradicts" : "neutral",
		})),
		doubts: m.doubts,
		notes: m.notes,
	};
}

/** One column of a columns-unconfirmed hold's evidence (`mappingEvidence`), as stored. */
export interface EvidenceColumn {
	column: number;
	header: string;
	role: string | null;
	score: number;
	from: string;
	content: string;
}

/** The columns listed in a hold's evidence (nothing when it lists none). */
export function evidenceColumns(
	evidence: Record<string, unknown>,
): EvidenceColumn[] {
	const list = evidence.columns;
	if (!Array.isArray(list)) return [];
	return list.flatMap((c): EvidenceColumn[] => {
		if (typeof c !== "object" || c === null) return [];
		const o = c as Record<string, unknown>;
		if (typeof o.column !== "number") return [];
		return [
			{
				column: o.column,
				header: typeof o.header === "string" ? o.header : "",
				role: typeof o.role === "string" ? o.role : null,
				score: typeof o.score === "number" ? o.score : 0,
				from: typeof o.from === "string" ? o.from : "",
				content: typeof o.content === "string" ? o.content : "",
			},
		];
	});
}

/**
 * The proposed roles as a `--columns` list ("item,activity,…"): a column without a role is
 * "ignore"; trailing columns without a role are left out.
 */
export function proposedColumnList(columns: readonly EvidenceColumn[]): string {
	const roles = [...columns]
		.sort((a, b) => a.column - b.column)
		.map((c) =>
			c.role !== null &&
			(ASSIGNABLE_ROLES as readonly string[]).includes(c.role)
				? c.role
				: "ignore",
		);
	while (roles.length > 0 && roles[roles.length - 1] === "ignore") roles.pop();
	return roles.join(",");
}
