import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ingest, ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
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

it("should have every documented view in the database, returning rows on the fixtures", () => {
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
});

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
