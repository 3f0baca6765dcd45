/**
 * The stems index for search (table measures_stems, migration 009): one row per measure with the
 * words and the Mongolian stems (normalizers/stem.ts) of its activity, indicator and achievement.
 * store.ts writes a row at import and on a correction, review.ts rewrites a report's rows on a
 * re-import; {@link migrateSearch} fills the rows of measures stored before the migration.
 *
 * It is also the one place where the engines differ in SQL: full-text search. SQLite has FTS5
 * (MATCH, bm25, snippet); PostgreSQL has the tables store/dialect.ts makes of them (a `tsv`
 * tsvector column, GIN-indexed) and tsquery. {@link searchMeasures} and {@link searchNarrative}
 * choose the engine's statement ({@link SEARCH_SQL}) and give the same rows on both.
 */
import {
	type QueryTerm,
	searchSnippet,
	searchStem,
	searchStems,
	searchWords,
} from "../normalizers/stem.ts";
import { engineOfHandle, type Handle, type Statement } from "./handle.ts";
import { migrate, userVersion } from "./migrate.ts";
import type { SearchRow } from "./rows.ts";

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

/**
 * The engine behind a connection: the PostgreSQL connection of store/pg says so
 * (`engine: "postgres"`, handle.ts); any other (better-sqlite3's) is SQLite.
 */
export function engineOf(db: object): "sqlite" | "postgres" {
	return engineOfHandle(db as Handle);
}

/**
 * The search statements of each engine. `measures`: Store.search (an FTS5 query over
 * measures_fts; on PostgreSQL the query is translated by {@link fts5ToTsquery}); `narrative`:
 * the M&E search (every term as a word start or by its stem, over measures_stems; on PostgreSQL
 * `@query` is {@link termsToTsquery}'s). Rank: bm25 on SQLite, ts_rank on PostgreSQL (the same
 * hits, not always in the same order); the snippet of `measures` is FTS5's on SQLite and
 * searchSnippet's on PostgreSQL.
 */
export const SEARCH_SQL = {
	sqlite: {
		measures: `SELECT m.id AS measure_id, m.report_id, m.item,
				snippet(measures_fts, -1, '[', ']', '…', 12) AS snippet
			FROM measures_fts JOIN measures m ON m.id = measures_fts.rowid
			JOIN reports r ON r.id = m.report_id
			WHERE measures_fts MATCH @query AND (CAST(@report_id AS INTEGER) IS NULL OR m.report_id = @report_id)
				AND (r.held = 0 OR @report_id IS NOT NULL)
			ORDER BY bm25(measures_fts), m.report_id, m.ord
			LIMIT @limit`,
		narrative: `SELECT m.id AS measure_id, m.report_id, r.organization, r.department, r.year, m.item, m.indicator
			FROM measures_stems
			JOIN measures m ON m.id = measures_stems.rowid
			JOIN reports r ON r.id = m.report_id
			WHERE measures_stems MATCH @query AND (CAST(@year AS INTEGER) IS NULL OR r.year = @year) AND r.held = 0
			ORDER BY measures_stems.rank LIMIT @limit`,
	},
	postgres: {
		measures: `SELECT m.id AS measure_id, m.report_id, m.item, f.activity, f.indicator, f.achievement
			FROM measures_fts f JOIN measures m ON m.id = f.rowid
			JOIN reports r ON r.id = m.report_id
			WHERE f.tsv @@ CAST(@query AS tsquery) AND (CAST(@report_id AS INTEGER) IS NULL OR m.report_id = @report_id)
				AND (r.held = 0 OR @report_id IS NOT NULL)
			ORDER BY ts_rank(f.tsv, CAST(@query AS tsquery)) DESC, m.report_id, m.ord
			LIMIT @limit`,
		narrative: `SELECT m.id AS measure_id, m.report_id, r.organization, r.department, r.year, m.item, m.indicator
			FROM measures_stems s
			JOIN measures m ON m.id = s.rowid
			JOIN reports r ON r.id = m.report_id
			WHERE s.tsv @@ CAST(@query AS tsquery) AND (CAST(@year AS INTEGER) IS NULL OR r.year = @year) AND r.held = 0
			ORDER BY ts_rank(s.tsv, CAST(@query AS tsquery)) DESC, m.report_id, m.ord LIMIT @limit`,
	},
} as const;

const searches = new WeakMap<
	Handle,
	{
		measures: Statement<MeasuresParams, SearchRow & MeasureTexts>;
		narrative: Statement<NarrativeParams, NarrativeRow>;
	}
>();
interface MeasuresParams {
	query: string;
	report_id: number | null;
	limit: number;
}
interface MeasureTexts {
	activity?: string;
	indicator?: string;
	achievement?: string;
}
interface NarrativeParams {
	query: string;
	year: number | null;
	limit: number;
}
/** A hit of the M&E search. */
export interface NarrativeRow {
	measure_id: number;
	report_id: number;
	organization: string | null;
	department: string | null;
	year: number | null;
	item: string;
	indicator: string;
}

function searchStatements(db: Handle) {
	let s = searches.get(db);
	if (s === undefined) {
		const sql = SEARCH_SQL[engineOf(db)];
		s = {
			measures: db.prepare(sql.measures),
			narrative: db.prepare(sql.narrative),
		};
		searches.set(db, s);
	}
	return s;
}

/**
 * Store.search: measures whose texts match an FTS5 query (held reports left out unless reportId
 * names one), best first, with a snippet.
 */
export function searchMeasures(
	db: Handle,
	query: string,
	reportId: number | null,
	limit: number,
): SearchRow[] {
	const postgres = engineOf(db) === "postgres";
	const rows = searchStatements(db).measures.all({
		query: postgres ? fts5ToTsquery(query) : query,
		report_id: reportId,
		limit,
	});
	if (!postgres) return rows;
	const terms = fts5Words(query).map((word) => ({
		word,
		stem: searchStem(word),
	}));
	return rows.map((r) => ({
		measure_id: r.measure_id,
		report_id: r.report_id,
		item: r.item,
		snippet: searchSnippet(
			[r.activity ?? "", r.indicator ?? "", r.achievement ?? ""],
			terms,
		),
	}));
}

/**
 * The M&E search: measures with every term, as a word start or by its stem (held reports left
 * out), best first.
 */
export function searchNarrative(
	db: Handle,
	terms: readonly QueryTerm[],
	year: number | null,
	limit: number,
): NarrativeRow[] {
	const query =
		engineOf(db) === "postgres" ? termsToTsquery(terms) : termsToFts5(terms);
	return searchStatements(db).narrative.all({ query, year, limit });
}

/**
 * The M&E query in FTS5 on measures_stems: every term is required, found either as the start of
 * a word ("өргөдөл"* finds "өргөдөлд", "өргөдөлтэй") or by its stem (normalizers/stem.ts:
 * "өргөдөл" and "өргөдлийг" are both "өргөдл"). Terms are words (letters and digits): no FTS5
 * operator can come from them.
 */
export function termsToFts5(terms: readonly QueryTerm[]): string {
	return terms
		.map((t) => `({words}: "${t.word}"* OR {stems}: "${t.stem}")`)
		.join(" AND ");
}

/** A lexeme of a tsquery: quoted, lower-cased as the tsv column (store/dialect.ts) has it. */
const lexeme = (word: string) =>
	`'${word.toLowerCase().replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/** The M&E query as a tsquery: each term's word as a prefix or its stem whole, all terms. */
export function termsToTsquery(terms: readonly QueryTerm[]): string {
	return terms
		.map((t) => `(${lexeme(t.word)}:* | ${lexeme(t.stem)})`)
		.join(" & ");
}

/** The words an FTS5 query looks for (strings and barewords, operators and columns left out). */
function fts5Words(query: string): string[] {
	return fts5Tokens(query).flatMap((t) => (t.kind === "phrase" ? t.words : []));
}

type Fts5Token =
	| { kind: "phrase"; words: string[]; prefix: boolean }
	| { kind: "op"; op: "&" | "|" | "& !" }
	| { kind: "paren"; text: "(" | ")" };

/** Tokens of the FTS5 query syntax tailan uses (strings, barewords, *, AND/OR/NOT, parentheses). */
function fts5Tokens(query: string): Fts5Token[] {
	const tokens: Fts5Token[] = [];
	const unsupported = (what: string) =>
		new TypeError(
			`store.search: ${what} in an FTS5 query has no PostgreSQL form (use words, "phrases", prefix*, AND, OR, NOT and parentheses)`,
		);
	let i = 0;
	while (i < query.length) {
		const c = query[i] as string;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === "(" || c === ")") {
			tokens.push({ kind: "paren", text: c });
			i++;
			continue;
		}
		let text: string;
		if (c === '"') {
			let end = i + 1;
			text = "";
			for (; end < query.length; end++) {
				if (query[end] === '"') {
					if (query[end + 1] === '"') {
						text += '"';
						end++;
					} else break;
				} else text += query[end];
			}
			if (end >= query.length) throw unsupported("an unclosed string");
			i = end + 1;
		} else {
			const m = /^[^\s"()*:^{}+-]+/.exec(query.slice(i));
			if (!m) throw unsupported(`"${c}"`);
			text = m[0];
			i += text.length;
			if (query[i] === ":") throw unsupported("a column filter");
			if (text === "AND" || text === "OR" || text === "NOT") {
				tokens.push({
					kind: "op",
					op: text === "AND" ? "&" : text === "OR" ? "|" : "& !",
				});
				continue;
			}
			if (text === "NEAR" && query[i] === "(") throw unsupported("NEAR");
		}
		const prefix = query[i] === "*";
		if (prefix) i++;
		tokens.push({ kind: "phrase", words: searchWords(text), prefix });
	}
	return tokens;
}

/**
 * An FTS5 query (strings, barewords, prefix *, AND, OR, NOT, parentheses; adjacent terms are all
 * wanted) as PostgreSQL's tsquery over the tsv columns: a string of several words is a phrase
 * (`<->`), words are lower-cased as the index has them.
 * @throws TypeError for FTS5 syntax without a PostgreSQL form (column filters, NEAR, ^) or no word
 */
export function fts5ToTsquery(query: string): string {
	let out = "";
	let wantsOperand = true;
	for (const t of fts5Tokens(query)) {
		if (t.kind === "op") {
			out += ` ${t.op} `;
			wantsOperand = true;
			continue;
		}
		if (t.kind === "paren" && t.text === ")") {
			out += ")";
			wantsOperand = false;
			continue;
		}
		if (!wantsOperand) out += " & ";
		if (t.kind === "paren") {
			out += "(";
			wantsOperand = true;
			continue;
		}
		if (t.words.length === 0)
			throw new TypeError(
				`store.search: the FTS5 query "${query}" has a term without a word`,
			);
		out += `(${t.words
			.map((w, k) =>
				k === t.words.length - 1 && t.prefix ? `${lexeme(w)}:*` : lexeme(w),
			)
			.join(" <-> ")})`;
		wantsOperand = false;
	}
	if (out.trim() === "")
		throw new TypeError(`store.search: the FTS5 query "${query}" has no word`);
	return out;
}
