/**
 * Every statement the store runs is valid on PostgreSQL, written once (issue 15). The store's
 * operations run on SQLite — the CLI over samples/ (import, export, reports, flags, the M&E
 * commands, clerks, corrections) and the public functions (review: correct, move, undo, decide,
 * bulk, questions; clerks; holds; new versions and renditions; the batch log; M&E history,
 * compare, search, links, levels) — with better-sqlite3's `prepare` recorded, so every distinct
 * statement text is captured. Then, on a real PostgreSQL with the schema of the migrations,
 * each one is translated (store/dialect.ts toPostgresStatement, numberParameters) and PREPAREd:
 * PostgreSQL checks its syntax, names and types without running it. A new statement PostgreSQL
 * refuses fails here (CI sets TAILAN_TEST_PG=1, so it cannot pass by skipping).
 *
 * Beyond syntax, the statements whose meaning could differ (question keys built from JSON,
 * ordering with NULLs, division and rounding, json_each lists, the full-text search) run on both
 * engines over the same reports and must give the same rows.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../cli/main.ts";
import { queryTerms, searchWords } from "../normalizers/stem.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	postgresUnavailable,
	startPostgres,
	type TestPostgres,
} from "../test/postgres.ts";
import { dropLastRows } from "../test/truncate.ts";
import { openBatchLog } from "./batch.ts";
import { databaseOf } from "./connection.ts";
import { numberParameters, toPostgresStatement } from "./dialect.ts";
import {
	addClerk,
	clerkActive,
	clerkProgress,
	decideAsSeen,
	decideFlags,
	decideQuestion,
	decisionsOfFlag,
	disableClerk,
	flagDecidedBy,
	flagTrails,
	hasClerks,
	lastDecisionOf,
	levelsByYear,
	linkImported,
	listClerks,
	listRenditions,
	meFacets,
	openIndicators,
	openStore,
	pageImage,
	pageImageSizes,
	pendingLinks,
	questionCounts,
	questionKeys,
	questionOf,
	questionQueue,
	reviewStore,
	seriesInYear,
	signInClerk,
	undoLastDecision,
} from "./index.ts";
import { createPool, migratePg, storeMigrations } from "./pg/connect.ts";
import { queriesOf } from "./queries.ts";
import {
	fts5ToTsquery,
	SEARCH_SQL,
	termsToFts5,
	termsToTsquery,
} from "./search.ts";
import { seedIngestResult } from "./testing.ts";

const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));
const SEED_MD = fileURLToPath(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
);
const skip = postgresUnavailable();
/**
 * The suite's PostgreSQL pass (TAILAN_TEST_ENGINE=postgres) opens every store on PostgreSQL: this
 * file records SQLite's statements itself, so it runs in the SQLite pass (with its own cluster).
 */
const postgresPass = process.env.TAILAN_TEST_ENGINE === "postgres";

/** Statements that are the connection's business, not the store's SQL (pg-core's handle). */
const CONNECTION = /^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
/** The SQLite search statements: store/search.ts gives PostgreSQL its own. */
const SQLITE_ONLY = new Set<string>(Object.values(SEARCH_SQL.sqlite));

async function run(...argv: string[]) {
	let stdout = "";
	let stderr = "";
	const code = await main(argv, {
		stdout: (t) => {
			stdout += t;
		},
		stderr: (t) => {
			stderr += t;
		},
	});
	return { code, stdout, stderr };
}

/** The statements written as one string literal in store/*.ts (no `${…}` in them). */
function literalStatements(): string[] {
	const dir = new URL("./", import.meta.url);
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
		if (name === "testing.ts" || name === "dialect.ts") continue;
		const source = readFileSync(new URL(name, dir), "utf8");
		for (const m of source.matchAll(
			/(["`])((?:SELECT|INSERT|UPDATE|DELETE|WITH)\s[^"`]*?)\1/g,
		)) {
			const sql = m[2] ?? "";
			if (!sql.includes("${") && !sql.includes("\\")) out.push(sql);
		}
	}
	return out;
}

/** What a run of the operations prepared, and the LIMIT/OFFSET values PostgreSQL would refuse. */
interface Recorded {
	statements: Set<string>;
	/** `statement: @limit = -1`: a negative or NULL LIMIT/OFFSET (SQLite's "all rows" only). */
	badLimits: Set<string>;
}

/**
 * Record every statement text better-sqlite3 prepares while `fn` runs, and the values bound to
 * the LIMIT and OFFSET parameters of each statement run.
 */
async function recording(fn: () => Promise<void>): Promise<Recorded> {
	const recorded: Recorded = { statements: new Set(), badLimits: new Set() };
	const proto = Database.prototype as unknown as {
		prepare: (this: unknown, sql: string) => unknown;
	};
	const original = proto.prepare;
	const patched = new Map<object, Record<string, unknown>>();
	proto.prepare = function (this: unknown, sql: string) {
		recorded.statements.add(sql);
		const statement = original.call(this, sql) as object;
		const methods = Object.getPrototypeOf(statement) as Record<string, unknown>;
		if (!patched.has(methods)) {
			const kept: Record<string, unknown> = {};
			for (const name of ["all", "get", "run", "iterate"]) {
				const method = methods[name] as (...args: unknown[]) => unknown;
				kept[name] = method;
				methods[name] = function (
					this: { source: string },
					...args: unknown[]
				) {
					const params = args[0];
					for (const m of this.source.matchAll(/\b(LIMIT|OFFSET)\s+@(\w+)/gi)) {
						const value =
							params !== null && typeof params === "object"
								? (params as Record<string, unknown>)[m[2] ?? ""]
								: undefined;
						if (typeof value !== "number" || value < 0)
							recorded.badLimits.add(
								`${this.source.replace(/\s+/g, " ").slice(0, 80)}…: @${m[2]} = ${value}`,
							);
					}
					return method.apply(this, args);
				};
			}
			patched.set(methods, kept);
		}
		return statement;
	};
	try {
		await fn();
	} finally {
		proto.prepare = original;
		for (const [methods, kept] of patched) Object.assign(methods, kept);
	}
	return recorded;
}

/** The CLI over samples/ and the seed: import, exports, listings, the M&E commands. */
async function driveCli(file: string): Promise<void> {
	const ok = async (...argv: string[]) => {
		const r = await run(...argv, "--db", file);
		expect([argv.join(" "), r.code]).toEqual([argv.join(" "), 0]);
		return r.stdout;
	};
	await ok("import", SAMPLES, SEED_MD);
	await ok("export", "--format", "json");
	await ok("export", "--format", "csv", "--include-held");
	await ok("export", "--format", "json", "--report", "1");
	await ok("reports");
	await ok("flags");
	await ok("flags", "--report", "1", "--status", "open");
	await ok("links", "propose");
	await ok("links", "list");
	await ok("indicators");
	await ok("indicators", "--search", "сургалт");
	await ok("history", "Хэрэгжилтийн хувь");
	await ok("history", "сургалт", "--from", "2020", "--to", "2030");
	await ok("compare", "--year", "2023");
	await ok("compare", "--year", "2023", "--by", "organization");
	await ok("search", "сургалт");
	await ok("search", "төрийн албан", "--year", "2023");
	await ok("clerks", "add", "Болормаа");
	await ok("clerks", "list");
	await ok("corrections", "list");
}

/** The public functions of the store, over the imported file (review, clerks, holds, M&E). */
function driveApi(file: string): void {
	const store = openStore(file);
	try {
		const review = reviewStore(store);
		const seedId = store.findDocument(
			createHash("sha256").update(readFileSync(SEED_MD)).digest("hex"),
		)?.reportId;
		if (seedId === undefined) throw new Error("the seed was imported");
		review.queue();
		review.queue({ reportId: seedId, status: "open", limit: 5, offset: 1 });
		review.queueCounts({ reportId: seedId });
		const flag = store.listFlags({ reportId: seedId, status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		review.flag(flag.id);
		review.item(seedId, "1.1");
		review.sourceText(seedId);
		const corrected = review.correct({
			reportId: seedId,
			item: "1.1",
			field: "performancePct",
			newValue: 90,
			reason: "the scan reads 90",
			who: "anu",
		});
		review.undo(corrected.id, "anu");
		const text = review.item(seedId, "3.3")?.effective.achievement ?? "";
		const paragraph = text
			.split("\n")
			.map((p) => p.trim())
			.filter(Boolean)
			.at(-1);
		review.move({
			reportId: seedId,
			from: "3.3",
			direction: "next",
			fragment: paragraph ?? "",
			who: "anu",
		});
		review.setFlagStatus(flag.id, "rejected");
		review.recheck(seedId);
		review.reimports(seedId);
		review.versions(seedId);
		store.listCorrections();
		store.listCorrections(seedId);
		store.listDecisions(seedId);
		store.listDecisions(seedId, "move");
		store.search("сургалт");
		store.search('"төрийн" OR албан*', { reportId: 1, limit: 5 });
		store.counts();
		store.exportRecords(seedId);
		store.findDocument("0".repeat(64));
		// Decisions, questions and the trail.
		const questions = questionQueue(store);
		questionCounts(store);
		questionKeys(store, seedId);
		const question = questions.find((q) => q.flagIds.length > 1);
		if (question) {
			questionOf(store, question.id);
			decideQuestion(store, question.id, "accepted", {
				who: "anu",
				reason: "so written",
			});
		}
		const open = store.listFlags({ status: "open" }).slice(0, 3);
		decideFlags(
			store,
			open.map((f) => f.id),
			"rejected",
			{ who: "bold", reason: "bulk" },
		);
		lastDecisionOf(store, "bold");
		decisionsOfFlag(store, open[0]?.id ?? 0);
		undoLastDecision(store, { who: "bold", reason: "" });
		flagTrails(store, store.listFlags());
		// Clerks.
		const { token } = addClerk(store, "Дорж");
		signInClerk(store, "Дорж", token);
		hasClerks(store);
		clerkActive(store, "Дорж");
		listClerks(store);
		const next = store.listFlags({ status: "open" })[0];
		if (next) {
			decideAsSeen(store, next.id, "accepted", "open", {
				who: "Дорж",
				reason: "",
			});
			flagDecidedBy(store, next.id);
		}
		clerkProgress(store);
		disableClerk(store, "Дорж");
		// A new version cut short inside its table: held, then accepted.
		const seed = readFileSync(SEED_MD, "utf8");
		store.importResult(
			ingestMarkdown(dropLastRows(seed, 21), { file: "cut-21.md" }),
		);
		// Holds.
		for (const r of store.listReports())
			if (r.held) store.acceptHolds(r.id, { who: "bold", reason: "on paper" });
		store.listHolds();
		// A new version of the seed (flags carried over, corrections re-applied).
		store.importResult(
			ingestMarkdown(
				seed.replace("1.276.0 Байгууллагын", "1,276.0 Байгууллагын"),
				{ file: "input-v2.md" },
			),
		);
		review.versions(seedId);
		// The first version's bytes again: a duplicate of the kept version (report_versions).
		store.importResult(ingestMarkdown(seed, { file: "input.md" }));
		// M&E.
		const indicators = openIndicators(store);
		indicators.refreshKeys();
		indicators.proposeLinks();
		const links = indicators.listLinks();
		const [a, b] = links;
		if (a) indicators.confirmLink(a.id, "anu", "same indicator");
		if (b) indicators.rejectLink(b.id, "anu");
		indicators.listLinks({ status: "confirmed" });
		indicators.rebuildSeries();
		indicators.listIndicators();
		indicators.history("сургалт", { department: "а", from: 2000, to: 2100 });
		indicators.compare({ year: 2023 });
		indicators.compare({ year: 2023, by: "organization" });
		indicators.search("сургалт", { year: 2023, department: "а" });
		levelsByYear(store);
		levelsByYear(store, { by: "organization", years: [2023] });
		meFacets(store);
		pendingLinks(store);
		seriesInYear(store, 2023);
		linkImported(store, [seedId]);
		pageImageSizes(store, seedId);
		pageImage(store, seedId, 1);
		// The batch log, through the store and by path.
		const log = openBatchLog(store);
		const runId = log.startRun({ args: ["x"], jobs: 1 });
		log.failedFiles();
		log.failedBefore("0".repeat(64));
		log.attemptsOf(runId);
		log.finishRun(runId, "finished", {
			files: 1,
			imported: 0,
			renditions: 0,
			duplicates: 0,
			failed: 1,
			flags: 0,
		});
		log.listRuns();
		log.close();
		openBatchLog(file).close();
	} finally {
		store.close();
	}
	// Renditions: the same report in another format.
	const memory = openStore(":memory:");
	try {
		const scan = seedIngestResult();
		const image = {
			page: 1,
			sourceWidth: 100,
			sourceHeight: 140,
			sourceDpi: 300,
			width: 50,
			height: 70,
			mime: "image/png" as const,
			bytes: new Uint8Array([1, 2, 3]),
		};
		scan.document.pageImages = [image, { ...image, page: 2 }];
		const first = memory.importResult(scan);
		pageImage(memory, first.reportId, 2);
		reviewStore(memory).correct({
			reportId: first.reportId,
			item: "1.1",
			field: "performancePct",
			newValue: 90,
			reason: "the scan reads 90",
			who: "anu",
		});
		const pdf = seedIngestResult(Buffer.from("the seed printed to PDF"));
		pdf.document.file = "report.pdf";
		pdf.document.format = "pdf";
		memory.importResult(pdf);
		listRenditions(memory, first.reportId);
	} finally {
		memory.close();
	}
}

describe.skipIf(postgresPass)("the store's statements", () => {
	let dir: string;
	let statements: string[] = [];
	let namedStatements = 0;
	let recordedCount = 0;
	let badLimits: string[] = [];
	let server: TestPostgres | undefined;
	let pool: pg.Pool;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), "tailan-statements-"));
		const file = join(dir, "store.db");
		const recorded = await recording(async () => {
			await driveCli(file);
			driveApi(file);
		});
		const seen = recorded.statements;
		badLimits = [...recorded.badLimits];
		recordedCount = seen.size;
		// And every statement written whole in store/ (no interpolation), for paths the
		// operations above do not reach.
		for (const sql of literalStatements()) seen.add(sql);
		statements = [...seen].filter(
			(sql) => !CONNECTION.test(sql) && !SQLITE_ONLY.has(sql),
		);
		const store = openStore(":memory:");
		namedStatements = Object.keys(queriesOf(databaseOf(store))).length;
		store.close();
		if (skip === undefined) {
			server = await startPostgres();
			pool = createPool(server.url, 1);
			await migratePg(pool, "store", storeMigrations());
		}
	}, 300_000);
	afterAll(async () => {
		await pool?.end();
		server?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it("should record every statement of queriesOf and the inline ones", () => {
		expect(namedStatements).toBeGreaterThan(20);
		expect(recordedCount).toBeGreaterThanOrEqual(namedStatements);
		expect(recordedCount).toBeGreaterThan(120);
	});

	it("should bind every LIMIT and OFFSET to a number ≥ 0 (PostgreSQL refuses -1 and SQLite NULL)", () => {
		expect(badLimits).toEqual([]);
	});

	describe.skipIf(skip !== undefined)(`on PostgreSQL ${skip ?? ""}`, () => {
		it("should PREPARE every statement the store runs, translated", async () => {
			const all = [...statements, ...Object.values(SEARCH_SQL.postgres)];
			const refused: string[] = [];
			const client = await pool.connect();
			try {
				for (const [i, sql] of all.entries()) {
					try {
						const { text } = numberParameters(toPostgresStatement(sql));
						await client.query(`PREPARE s${i} AS ${text}`);
					} catch (error) {
						refused.push(
							`${(error as Error).message}\n  ${sql.replace(/\s+/g, " ").slice(0, 300)}`,
						);
					}
				}
				await client.query("DEALLOCATE ALL");
			} finally {
				client.release();
			}
			console.log(
				`${all.length} statements PREPAREd on PostgreSQL (${recordedCount} recorded from the operations, ${namedStatements} of queriesOf among them; the others written whole in store/, and PostgreSQL's search), ${refused.length} refused`,
			);
			expect(refused).toEqual([]);
		});

		it("should refuse a statement that PostgreSQL does not accept (the check can fail)", async () => {
			const client = await pool.connect();
			try {
				// Untranslated, SQLite's json_each over a list is not PostgreSQL's.
				await expect(
					client.query(
						`PREPARE bad AS ${numberParameters("SELECT id FROM reports WHERE id IN (SELECT value FROM json_each(@ids))").text}`,
					),
				).rejects.toThrow(/operator does not exist|json/);
			} finally {
				client.release();
			}
			expect(() =>
				toPostgresStatement("SELECT id FROM reports WHERE title GLOB 'a*'"),
			).toThrow(/GLOB/);
		});

		it("should give the same rows on both engines for the statements whose meaning could differ", async () => {
			const file = join(dir, "same.db");
			const url = await (server as TestPostgres).createDatabase("same_rows");
			expect((await run("import", SAMPLES, "--db", file)).code).toBe(0);
			const intoPg = await run("import", SAMPLES, "--db", url);
			expect([intoPg.code, intoPg.stderr]).toEqual([0, ""]);
			const lite = new Database(file);
			const post = createPool(url, 1);
			try {
				await sameRows(lite, post, statements);
			} finally {
				lite.close();
				await post.end();
			}
		});
	});
});

type Row = Record<string, unknown>;

/** Rows as comparable values: keys lower-cased (PostgreSQL folds them), booleans as 1/0. */
const plain = (rows: Row[]): Row[] =>
	rows.map((r) =>
		Object.fromEntries(
			Object.entries(r).map(([k, v]) => [
				k.toLowerCase(),
				typeof v === "boolean" ? (v ? 1 : 0) : v,
			]),
		),
	);

/**
 * The risky statements run over the same reports on both engines. The samples have no NULL
 * organization or department, so two reports lose theirs on both (ordering with NULLs); the
 * indicator keys, links and series SQLite computed at import are copied to PostgreSQL (same
 * measure ids), so history, links and series read the same data.
 */
async function sameRows(
	lite: Database.Database,
	post: pg.Pool,
	statements: readonly string[],
): Promise<void> {
	const onPg = async (sql: string, params: Row = {}) => {
		const { text, order } = numberParameters(toPostgresStatement(sql));
		const values = order.map((k) => params[k as string] ?? null);
		return plain((await post.query(text, values)).rows as Row[]);
	};
	const onLite = (sql: string, params: Row = {}) =>
		plain(lite.prepare(sql).all(params) as Row[]);
	const both = async (sql: string, params: Row = {}) => ({
		a: onLite(sql, params),
		b: await onPg(sql, params),
	});
	const find = (fragment: string) => {
		const sql = statements.find((s) =>
			s.replace(/\s+/g, " ").includes(fragment),
		);
		if (sql === undefined) throw new Error(`no statement with "${fragment}"`);
		return sql;
	};
	// The same measures under the same ids, then the same edits and indicator tables.
	const measures = "SELECT id, report_id, item FROM measures ORDER BY id";
	const ids = await both(measures);
	expect(ids.b).toEqual(ids.a);
	expect(ids.a.length).toBeGreaterThan(150);
	for (const edit of [
		"UPDATE reports SET department = NULL WHERE id = 4",
		"UPDATE reports SET organization = NULL WHERE id = 5",
	]) {
		lite.prepare(edit).run();
		await post.query(edit);
	}
	const linkTables = ["indicator_keys", "indicator_links", "indicator_series"];
	// The import on PostgreSQL links the reports itself (the same import as SQLite's): start both
	// from SQLite's rows, so the statements below read the same links.
	for (const table of [...linkTables].reverse())
		await post.query(`DELETE FROM ${table}`);
	for (const table of linkTables) {
		const rows = lite.prepare(`SELECT * FROM ${table}`).all() as Row[];
		expect(rows.length, table).toBeGreaterThan(0);
		for (const row of rows) {
			const columns = Object.keys(row);
			await post.query(
				`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
				Object.values(row),
			);
		}
	}

	// Question keys (JSON built by SQL): the same flags ask the same question, the same counts.
	const keys = find("AS q FROM flags f WHERE");
	const groups = (rows: Row[]) => {
		const byKey = new Map<unknown, number[]>();
		for (const r of rows)
			byKey.set(r.q, [...(byKey.get(r.q) ?? []), r.id as number]);
		return [...byKey.values()]
			.map((g) => g.sort((x, y) => x - y).join(","))
			.sort();
	};
	const k = await both(keys, { report_id: null });
	expect(groups(k.b)).toEqual(groups(k.a));
	expect(groups(k.a).length).toBeLessThan(k.a.length);
	const facets = await both(find("COUNT(DISTINCT q)"));
	const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
	// Counts in a stated order (the review's report chips follow it).
	expect(facets.b).toEqual(facets.a);
	const counts = await both(
		find("GROUP BY f.report_id, f.kind, f.status, r.year, r.department"),
	);
	expect(counts.b).toEqual(counts.a);
	expect(counts.a.length).toBeGreaterThan(5);
	const distinctKeys = await both(find("WHERE r.held = 0 ORDER BY k.key"));
	expect(distinctKeys.b).toEqual(distinctKeys.a);
	const page = find("PARTITION BY status, q");
	const lines = await both(page, {
		report_id: null,
		kind: null,
		status: "open",
		limit: 1000,
		offset: 0,
	});
	const noKey = (rows: Row[]) => rows.map(({ q: _q, ...r }) => r);
	expect(noKey(lines.b)).toEqual(noKey(lines.a));
	// Every flag of the page's questions, the keys given back as each engine made them.
	const membersSql = find("FROM k WHERE q IN (SELECT CAST(value AS TEXT)");
	const filter = { report_id: null, kind: null, status: null };
	const membersA = onLite(membersSql, {
		...filter,
		keys: JSON.stringify(lines.a.map((r) => r.q)),
	});
	const membersB = await onPg(membersSql, {
		...filter,
		keys: JSON.stringify(lines.b.map((r) => r.q)),
	});
	expect(noKey(membersB)).toEqual(noKey(membersA));
	expect(membersA.length).toBeGreaterThan(lines.a.length);
	// One flag's question (the key compared in SQL; the flag itself first: a boolean order).
	const question = find("WITH me AS (SELECT f.report_id, f.status");
	for (const id of [1, 2, 5, 20, 40, 60]) {
		const r = await both(question, { id });
		expect(r.b, `question of flag ${id}`).toEqual(r.a);
		expect(r.a[0]?.id).toBe(id);
	}

	// Compare (division, rounding, NULLs in the order), the measures below 100 and the levels.
	for (const year of [2022, 2023, 2024]) {
		for (const fragment of [
			"NULL AS department, year, period",
			"ORDER BY plan_completion_pct DESC NULLS LAST, organization NULLS FIRST, department NULLS FIRST",
			"performance_pct < 100",
		]) {
			const r = await both(find(fragment), { year, period: "annual" });
			expect(r.b, `${fragment} ${year}`).toEqual(r.a);
			expect(r.a.length).toBeGreaterThan(0);
		}
	}
	const levels = await both(
		find(
			"WHERE report_id IN (SELECT CAST(value AS INTEGER) FROM json_each(@ids))",
		),
		{
			ids: "[1, 2, 4]",
		},
	);
	expect(sorted(levels.b)).toEqual(sorted(levels.a));
	expect(levels.a).toHaveLength(3);

	// Links and series: ordered with NULL organizations and departments; history by json lists.
	const links = await both(
		find("FROM v_indicator_links WHERE (CAST(@status AS TEXT) IS NULL"),
		{
			status: null,
			pending: 0,
		},
	);
	expect(links.b).toEqual(links.a);
	expect(
		links.a.some((l) => l.organization === null || l.department === null),
	).toBe(true);
	const overview = await both(
		find("FROM v_indicator_history ORDER BY series_id"),
	);
	expect(overview.b).toEqual(overview.a);
	const series = [...new Set(overview.a.map((r) => r.series_id))];
	// History with and without a list of reports (two statements).
	const historyOf = statements.filter((s) =>
		s.includes("WITH ids (measure_id) AS"),
	);
	expect(historyOf).toHaveLength(2);
	for (const sql of historyOf) {
		const listed = sql.includes("@reports");
		const history = await both(sql, {
			ids: JSON.stringify(series),
			...(listed ? { reports: "[1, 3, 5]" } : {}),
		});
		expect(history.b).toEqual(history.a);
		expect(history.a.length).toBeGreaterThan(0);
		if (listed)
			expect(
				history.a.filter((r) => ![1, 3, 5].includes(r.report_id as number)),
			).toEqual([]);
	}
	const key = lite.prepare("SELECT key FROM indicator_keys LIMIT 1").get() as {
		key: string;
	};
	const seriesOfKey = statements.filter((s) =>
		s.includes("SELECT DISTINCT COALESCE(s.series_id, k.measure_id)"),
	);
	expect(seriesOfKey).toHaveLength(2);
	for (const sql of seriesOfKey) {
		const ofKey = await both(sql, {
			key: key.key,
			...(sql.includes("@reports") ? { reports: "[1, 2, 3, 4, 5]" } : {}),
		});
		expect(sorted(ofKey.b)).toEqual(sorted(ofKey.a));
		expect(ofKey.a.length).toBeGreaterThan(0);
	}

	// Search: the same hits (each engine ranks its own way: compared as sets).
	const hits = (rows: Row[]) =>
		rows.map((r) => r.measure_id as number).sort((x, y) => x - y);
	for (const text of [
		"сургалт",
		"төрийн албан",
		"ӨРГӨДӨЛ гомдол",
		"хууль",
		"ажлын байр",
		"2023",
	]) {
		const terms = queryTerms(text);
		const a = onLite(SEARCH_SQL.sqlite.narrative, {
			query: termsToFts5(terms),
			year: null,
			limit: 100_000,
		});
		const b = await onPg(SEARCH_SQL.postgres.narrative, {
			query: termsToTsquery(terms),
			year: null,
			limit: 100_000,
		});
		expect(hits(b), text).toEqual(hits(a));
		expect(a.length, text).toBeGreaterThan(0);
	}
	// Any words of the reports' own texts (seeded): the same hits on both engines, as typed for
	// the M&E search and as FTS5 words for Store.search.
	const vocabulary = [
		...new Set(
			(
				lite
					.prepare("SELECT activity, indicator, achievement FROM measures")
					.all() as Row[]
			).flatMap((r) =>
				searchWords(`${r.activity} ${r.indicator} ${r.achievement}`),
			),
		),
	].sort();
	expect(vocabulary.length).toBeGreaterThan(500);
	await fc.assert(
		fc.asyncProperty(
			fc.uniqueArray(fc.constantFrom(...vocabulary), {
				minLength: 1,
				maxLength: 3,
			}),
			fc.boolean(),
			async (words, prefix) => {
				const terms = queryTerms(words.join(" "));
				const a = onLite(SEARCH_SQL.sqlite.narrative, {
					query: termsToFts5(terms),
					year: null,
					limit: 100_000,
				});
				const b = await onPg(SEARCH_SQL.postgres.narrative, {
					query: termsToTsquery(terms),
					year: null,
					limit: 100_000,
				});
				expect(hits(b), words.join(" ")).toEqual(hits(a));
				const fts5 = words.map((w) => `"${w}"${prefix ? "*" : ""}`).join(" ");
				const params = { report_id: null, limit: 100_000 };
				const c = onLite(SEARCH_SQL.sqlite.measures, {
					...params,
					query: fts5,
				});
				const d = await onPg(SEARCH_SQL.postgres.measures, {
					...params,
					query: fts5ToTsquery(fts5),
				});
				expect(hits(d), fts5).toEqual(hits(c));
				if (words.length === 1) expect(c.length, fts5).toBeGreaterThan(0);
			},
		),
		{ numRuns: 150, seed: 15 },
	);
	for (const query of [
		"сургалт",
		'"төрийн албан"',
		"төр*",
		"сургалт OR хууль",
		"төрийн NOT албан",
		"(ажил OR хууль) AND төр*",
		'"Төрийн" "албан"',
	]) {
		const params = { report_id: null, limit: 100_000 };
		const a = onLite(SEARCH_SQL.sqlite.measures, { ...params, query });
		const b = await onPg(SEARCH_SQL.postgres.measures, {
			...params,
			query: fts5ToTsquery(query),
		});
		expect(hits(b), query).toEqual(hits(a));
		expect(a.length, query).toBeGreaterThan(0);
	}
}
