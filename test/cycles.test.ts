/**
 * No import cycles (issue 15): store/ has none at all — type-only imports included — so its
 * modules read bottom-up (docs/store.md); the rest of the repository has no cycle of value
 * imports (what runs). And the layers hold: nothing below cli/ imports cli/ (the batch engine is
 * batch/, the review app review/), store/ imports no app. The graph is read from the sources
 * themselves (test/cycles.ts).
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

	it("keeps the layers: nothing below cli/ imports cli/, store/ imports no app", () => {
		const graph = importGraph(ROOT);
		const dir = (file: string) => file.split("/")[0] ?? "";
		const isTest = (file: string) => file.endsWith(".test.ts");
		const wrong: string[] = [];
		for (const [file, targets] of graph) {
			if (isTest(file) || ["cli", "test", "scripts", "bin"].includes(dir(file)))
				continue;
			for (const target of targets) {
				// The CLI is a shell: the review app, the batch engine and the store never call it.
				if (dir(target) === "cli") wrong.push(`${file} → ${target}`);
				// The store is the bottom layer of the apps: it knows no app above it.
				if (
					dir(file) === "store" &&
					["batch", "review", "output"].includes(dir(target))
				)
					wrong.push(`${file} → ${target}`);
			}
		}
		expect(wrong).toEqual([]);
		// The modules the check is about are in the graph.
		expect(graph.get("review/me.ts")?.length).toBeGreaterThan(0);
		expect(graph.get("batch/engine.ts")?.length).toBeGreaterThan(0);
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
