import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ingest, ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { onPostgres } from "../test/engine.ts";
import { cutInsideTable } from "../test/truncate.ts";
import { openStore } from "./index.ts";
import { openIndicators } from "./indicators.ts";
import { SEED_INPUT } from "./testing.ts";
import { viewOver, viewSelect } from "./view-sql.ts";

const SCHEMA_DOC = new URL("../docs/schema.md", import.meta.url);

/** The views named in the first column of docs/schema.md's "## Views" table. */
function documentedViews(): string[] {
	const text = readFileSync(SCHEMA_DOC, "utf8");
	const section = text.slice(
		text.indexOf("## Views"),
		text.indexOf("\n## ", text.indexOf("## Views") + 1),
	);
	return [...section.matchAll(/^\| `(v_\w+)`/gm)].map((m) => m[1] as string);
}

let dir: string;
let path: string;
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), "tailan-views-"));
	path = join(dir, "t.db");
	const store = openStore(path);
	// The seed fixture through the pipeline, and the year before it from the corpus generator.
	store.importResult(await ingest(fileURLToPath(SEED_INPUT)));
	const before = makeCorpus({ departments: 1, years: 2 }).reports.find(
		(r) => r.year === 2023,
	);
	if (!before) throw new Error("the corpus has no 2023 report");
	store.importResult(
		ingestMarkdown(corpusMarkdown(before), { file: before.file }),
	);
	// Another department's report cut short inside its table: stored, held (v_holds).
	const other = makeCorpus({ departments: 2, years: 1 }).reports.find(
		(r) => r.department === 1,
	);
	if (!other) throw new Error("the corpus has no second department");
	store.importResult(
		ingestMarkdown(cutInsideTable(corpusMarkdown(other), 0.5), {
			file: "cut.md",
		}),
	);
	const indicators = openIndicators(store);
	indicators.proposeLinks();
	indicators.close();
	store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("should document v_measures, v_indicator_history and v_department_year among the views", () => {
	expect(documentedViews()).toEqual(
		expect.arrayContaining([
			"v_measures",
			"v_indicator_history",
			"v_department_year",
		]),
	);
});

it.skipIf(onPostgres)(
	"should have every documented view in the database, returning rows on the fixtures (SQLite's catalogue; on PostgreSQL store/dialect.test.ts compares the views)",
	() => {
		const db = new Database(path, { readonly: true });
		try {
			const views = new Set(
				db
					.prepare<[], { name: string }>(
						"SELECT name FROM sqlite_schema WHERE type = 'view'",
					)
					.all()
					.map((r) => r.name),
			);
			for (const view of documentedViews()) {
				expect(views.has(view), `${view} is documented but missing`).toBe(true);
				const { n } = db
					.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${view}`)
					.get() ?? { n: 0 };
				expect(n, `${view} returns no rows`).toBeGreaterThan(0);
			}
			// And every view in the database is documented.
			expect([...views].sort()).toEqual([...documentedViews()].sort());
		} finally {
			db.close();
		}
	},
);

it("should follow the seed's indicators back to the year before through the used links", () => {
	const db = new Database(path, { readonly: true });
	try {
		const row = db
			.prepare<[], { years: number }>(
				`SELECT COUNT(DISTINCT year) AS years FROM v_indicator_history
				WHERE series_id = (SELECT series_id FROM v_indicator_history WHERE year = 2024 AND item = '1.1')`,
			)
			.get();
		expect(row?.years).toBe(2);
		const seed = db
			.prepare<
				[],
				{ plan_completion_pct: number; level_100: number; level_70: number }
			>(
				"SELECT plan_completion_pct, level_100, level_70 FROM v_department_year WHERE year = 2024",
			)
			.get();
		expect(seed).toEqual({
			plan_completion_pct: 99.3,
			level_100: 43,
			level_70: 1,
		});
		// The held report is in v_measures (held = 1), not in the query views.
		const held = db
			.prepare<[], { report_id: number; n: number }>(
				"SELECT report_id, COUNT(*) AS n FROM v_measures WHERE held = 1 GROUP BY report_id",
			)
			.all();
		expect(held).toHaveLength(1);
		const id = held[0]?.report_id;
		for (const view of ["v_indicator_history"]) {
			const { n } = db
				.prepare<[number], { n: number }>(
					`SELECT COUNT(*) AS n FROM ${view} WHERE report_id = ?`,
				)
				.get(id ?? 0) ?? { n: -1 };
			expect(n).toBe(0);
		}
		const departments = db
			.prepare<[], { department: string }>(
				"SELECT DISTINCT department FROM v_department_year",
			)
			.all()
			.map((r) => r.department);
		expect(departments).toHaveLength(1);
		expect(
			db
				.prepare<[], { kind: string; state: string }>(
					"SELECT kind, state FROM v_holds",
				)
				.all(),
		).toEqual([{ kind: "table-cut", state: "held" }]);
	} finally {
		db.close();
	}
});

it("should take a view's SQL from its latest migration, the single source (view-sql.ts)", () => {
	// 007_holds.sql rebuilt v_department_year without held reports: that one is the view.
	const select = viewSelect("v_department_year");
	expect(select).toMatch(/^SELECT\b/);
	expect(select).toContain("WHERE vm.held = 0");
	expect(select).not.toContain(";");
	const narrowed = viewOver(
		"v_department_year",
		"FROM v_measures vm\nWHERE vm.held = 0\n",
		"FROM (SELECT * FROM v_measures WHERE held = 0 AND year = 2024) vm\n",
	);
	// The narrowed query gives the view's rows for that year, column for column.
	const db = new Database(path, { readonly: true });
	try {
		const order = " ORDER BY organization, department, period";
		expect(db.prepare(`${narrowed}${order}`).all()).toEqual(
			db
				.prepare(`SELECT * FROM v_department_year WHERE year = 2024${order}`)
				.all(),
		);
		expect(db.prepare(`${narrowed}${order}`).all().length).toBeGreaterThan(0);
	} finally {
		db.close();
	}
	expect(() => viewOver("v_department_year", "FROM nowhere", "x")).toThrow(
		/no longer reads/,
	);
	expect(() => viewSelect("v_no_such_view")).toThrow(/no migration/);
});

it("should name the level `level` (performance_pct kept, the same values) and sort items by item_sort", () => {
	const db = new Database(path, { readonly: true });
	try {
		for (const view of ["v_measures", "v_indicator_history"]) {
			const { differ } = db
				.prepare<[], { differ: number }>(
					`SELECT COUNT(*) AS differ FROM ${view} WHERE level IS DISTINCT FROM performance_pct`,
				)
				.get() ?? { differ: -1 };
			expect(differ, view).toBe(0);
		}
		const items = db
			.prepare<[], { item: string }>(
				`SELECT item FROM v_measures WHERE report_id = 1 AND item IN ('4.6', '4.16', '4.10', '4.9', '1.1')
				ORDER BY item_sort, ord`,
			)
			.all()
			.map((r) => r.item);
		expect(items).toEqual(["1.1", "4.6", "4.9", "4.10", "4.16"]);
		// Every item of a report in item_sort order is in the report's own order (ord).
		const rows = db
			.prepare<[], { report_id: number; ord: number; item_sort: number }>(
				"SELECT report_id, ord, item_sort FROM v_measures ORDER BY report_id, item_sort, ord",
			)
			.all();
		for (let i = 1; i < rows.length; i++) {
			const a = rows[i - 1];
			const b = rows[i];
			if (a && b && a.report_id === b.report_id)
				expect(b.ord, `report ${b.report_id}`).toBeGreaterThan(a.ord);
		}
	} finally {
		db.close();
	}
});

/**
 * Datasette's own rule for finding a table's FTS table (datasette/utils detect_fts_sql): a virtual
 * FTS table whose SQL names the table as its content=, or one whose tbl_name is the table.
 */
function datasetteDetectsFts(
	db: Database.Database,
	table: string,
): string | null {
	const row = db
		.prepare<[], { name: string }>(
			`SELECT name FROM sqlite_master WHERE rootpage = 0 AND (
				sql LIKE '%VIRTUAL TABLE%USING FTS%content="${table}"%'
				OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[${table}]%'
				OR (tbl_name = '${table}' AND sql LIKE '%VIRTUAL TABLE%USING FTS%'))`,
		)
		.get();
	return row?.name ?? null;
}

/** Datasette's escape_fts: every word in double quotes (the ?_search= default mode). */
function escapeFts(query: string): string {
	const text = query.split('"').length % 2 === 0 ? `${query}"` : query;
	return (text.match(/"[^"]*"|[^\s"]+/g) ?? [])
		.filter((b) => b !== '""')
		.map((b) => (b.startsWith('"') ? b : `"${b}"`))
		.join(" ");
}

it.skipIf(onPostgres)(
	"should let Datasette search the measures view through docs/datasette-metadata.json (Datasette reads SQLite files)",
	() => {
		const metadata = JSON.parse(
			readFileSync(
				new URL("../docs/datasette-metadata.json", import.meta.url),
				"utf8",
			),
		) as {
			databases: Record<
				string,
				{ tables: Record<string, { fts_table?: string; fts_pk?: string }> }
			>;
		};
		const tables = metadata.databases.tailan?.tables ?? {};
		const db = new Database(path, { readonly: true });
		try {
			// measures_fts holds the effective (corrected) text, not a copy of one table's columns, so
			// Datasette cannot detect it by itself: the metadata names it for the view and the table.
			expect(datasetteDetectsFts(db, "v_measures")).toBeNull();
			for (const [table, pk] of [
				["v_measures", "measure_id"],
				["v_indicator_history", "measure_id"],
				["measures", "id"],
			] as const) {
				const conf = tables[table];
				expect(conf, table).toEqual({
					...conf,
					fts_table: "measures_fts",
					fts_pk: pk,
				});
				const columns = db
					.prepare<[], { name: string }>(
						`SELECT name FROM pragma_table_info('${table}')`,
					)
					.all()
					.map((c) => c.name);
				expect(columns, table).toContain(pk);
				// The query Datasette runs for ?_search=өргөдөл with that configuration.
				const hits = db
					.prepare<{ search: string }, { id: number }>(
						`SELECT ${pk} AS id FROM ${table} WHERE ${pk} IN (
						SELECT rowid FROM ${conf?.fts_table} WHERE ${conf?.fts_table} MATCH @search)`,
					)
					.all({ search: escapeFts("өргөдөл") });
				expect(hits.length, table).toBeGreaterThan(0);
			}
		} finally {
			db.close();
		}
	},
);
