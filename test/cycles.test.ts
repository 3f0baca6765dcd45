/**
 * No import cycles (issue 15): store/ has none at all — type-only imports included — so its
 * modules read bottom-up (docs/store.md); the rest of the repository has no cycle of value
 * imports (what runs). The graph is read from the sources themselves (test/cycles.ts).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, importsOf, tsFiles } from "./cycles.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("import cycles", () => {
	it("store/ has none, type-only imports included", () => {
		const graph = importGraph(ROOT);
		const store = cycles(graph).filter((c) =>
			c.some((f) => f.startsWith("store/")),
		);
		expect(store).toEqual([]);
		// The graph is real: store/ has its modules and they import each other.
		const storeFiles = [...graph.keys()].filter((f) => f.startsWith("store/"));
		expect(storeFiles.length).toBeGreaterThan(10);
		expect(graph.get("store/index.ts")?.length).toBeGreaterThan(5);
	});

	it("the repository has no cycle of value imports", () => {
		const graph = importGraph(ROOT, tsFiles(ROOT), { types: false });
		expect(graph.size).toBeGreaterThan(100);
		expect(cycles(graph)).toEqual([]);
	});

	it("finds a cycle when there is one (the checker can fail)", () => {
		const graph = new Map([
			["a.ts", ["b.ts"]],
			["b.ts", ["c.ts"]],
			["c.ts", ["a.ts"]],
			["d.ts", ["a.ts"]],
			["e.ts", ["e.ts"]],
		]);
		expect(cycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
		expect(
			cycles(
				new Map([
					["a.ts", ["b.ts"]],
					["b.ts", []],
				]),
			),
		).toEqual([]);
	});

	it("reads every kind of import, type-only marked, comments ignored", () => {
		const source = [
			'import a from "./a.ts";',
			'import type { B } from "./b.ts";',
			'import {\n\ttype C,\n\tc,\n} from "../c.ts";',
			'export { d } from "./d.ts";',
			'export type { E } from "./e.ts";',
			'export * from "./f.ts";',
			'import "./g.ts";',
			'const h = await import("./h.ts");',
			'import { z } from "zod";',
			'// import x from "./commented.ts";',
			'/* import y from "./block.ts"; */',
		].join("\n");
		expect(importsOf(source)).toEqual([
			{ spec: "./a.ts", typeOnly: false },
			{ spec: "./b.ts", typeOnly: true },
			{ spec: "../c.ts", typeOnly: false },
			{ spec: "./d.ts", typeOnly: false },
			{ spec: "./e.ts", typeOnly: true },
			{ spec: "./f.ts", typeOnly: false },
			{ spec: "./g.ts", typeOnly: false },
			{ spec: "./h.ts", typeOnly: false },
		]);
	});
});
