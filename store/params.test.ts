/** numberParameters: SQLite's parameters become PostgreSQL's $k, and nothing else changes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberParameters } from "./dialect.ts";

describe("numberParameters", () => {
	it("numbers named and positional parameters, one number per name", () => {
		expect(
			numberParameters(
				"SELECT * FROM m WHERE a = @a AND b = :b AND c = @a AND d = ? AND e = $e AND f = ?",
			),
		).toEqual({
			text: "SELECT * FROM m WHERE a = $1 AND b = $2 AND c = $1 AND d = $3 AND e = $4 AND f = $5",
			order: ["a", "b", 0, "e", 1],
		});
	});

	it("leaves strings, quoted names, comments and casts alone", () => {
		const sql = `SELECT '@a ? it''s', "x?y", x::text -- @c ?
		/* @d ? */ FROM t WHERE y = @y`;
		const { text, order } = numberParameters(sql);
		expect(order).toEqual(["y"]);
		expect(text).toBe(sql.replace("@y", "$1"));
	});

	it("refuses ?NNN", () => {
		expect(() => numberParameters("SELECT ?1")).toThrow(/not supported/);
	});

	it("maps any mix of parameters in order (property)", () => {
		const param = fc.oneof(
			fc.constant("?"),
			fc.constantFrom("a", "b", "report_id", "Item2").map((n) => `@${n}`),
		);
		const literal = fc
			.string({ maxLength: 6 })
			.map((s) => `'${s.replaceAll("'", "''")}'`);
		fc.assert(
			fc.property(
				fc.array(fc.oneof(param, literal), { maxLength: 12 }),
				(pieces) => {
					const { text, order } = numberParameters(
						`SELECT ${pieces.join(", ")}`,
					);
					let positional = 0;
					const seen: string[] = [];
					const expected = pieces.map((p) => {
						if (p === "?") {
							seen.push(String(positional++));
							return `$${seen.length}`;
						}
						if (p.startsWith("@")) {
							const name = p.slice(1);
							const k = seen.indexOf(name);
							if (k >= 0) return `$${k + 1}`;
							seen.push(name);
							return `$${seen.length}`;
						}
						return p;
					});
					expect(text).toBe(`SELECT ${expected.join(", ")}`);
					expect(order.map(String)).toEqual(seen);
				},
			),
			{ seed: 7 },
		);
	});
});
