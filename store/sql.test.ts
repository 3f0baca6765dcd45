/**
 * Every SQL statement exists once (issue 15): no two string literals of store/ (store/pg/ included) hold the same
 * statement (whitespace aside) — a statement two modules need is a named one of queries.ts
 * (queriesOf), a view's SQL is its migration's (view-sql.ts). And no SQL outside store/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { tsFiles } from "../test/cycles.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The SQL statements written as string literals in a source (quotes or backticks), whitespace
 * collapsed and a final RETURNING left out (an INSERT with and without it is one statement).
 */
function statementsOf(source: string): string[] {
	const out: string[] = [];
	for (const m of source.matchAll(
		/(["`])((?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER)\s[\s\S]*?)\1/g,
	))
		out.push(
			(m[2] ?? "")
				.replace(/\s+/g, " ")
				.trim()
				.replace(/ RETURNING [\w, ]+$/, ""),
		);
	return out;
}

it("should hold each statement of store/ once", () => {
	const seen = new Map<string, string[]>();
	// store/ and store/pg/ (the PostgreSQL connection and the queue): one store, one copy.
	const dir = new URL("./", import.meta.url);
	const names = [
		...readdirSync(dir),
		...readdirSync(new URL("pg/", dir)).map((name) => `pg/${name}`),
	];
	expect(names).toContain("pg/queue.ts");
	for (const name of names) {
		if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
		if (name === "testing.ts") continue;
		for (const sql of statementsOf(readFileSync(new URL(name, dir), "utf8")))
			seen.set(sql, [...(seen.get(sql) ?? []), name]);
	}
	expect(seen.size).toBeGreaterThan(80);
	const twice = [...seen].filter(([, files]) => files.length > 1);
	expect(twice.map(([sql, files]) => `${files.join(", ")}: ${sql}`)).toEqual(
		[],
	);
});

it("should find a statement written twice (the check can fail)", () => {
	const source =
		'const a = "SELECT id FROM reports WHERE id = @id";\nconst b = `SELECT id\n\tFROM reports WHERE id = @id`;';
	expect(statementsOf(source)).toEqual([
		"SELECT id FROM reports WHERE id = @id",
		"SELECT id FROM reports WHERE id = @id",
	]);
});

it("should have no SQL outside store/ (but tests, scripts and test helpers)", () => {
	const outside = tsFiles(ROOT).filter(
		(file) =>
			!file.startsWith("store/") &&
			!file.startsWith("test/") &&
			!file.startsWith("scripts/") &&
			!file.endsWith(".test.ts"),
	);
	expect(outside.length).toBeGreaterThan(50);
	const withSql = outside.filter(
		(file) =>
			statementsOf(readFileSync(`${ROOT}/${file}`, "utf8")).filter((sql) =>
				/\b(FROM|INTO|SET|TABLE|VIEW)\b/.test(sql),
			).length > 0,
	);
	expect(withSql).toEqual([]);
});
